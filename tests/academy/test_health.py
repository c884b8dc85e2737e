import pytest


@pytest.mark.django_db
def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "cache": "ok"}
    assert ready.json()["tasks"]["ok"] is True


@pytest.mark.django_db
def test_not_ready_when_the_cache_is_down(client, monkeypatch):
    from academy import health

    class DownCache:
        def set(self, *args, **kwargs):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(health, "cache", DownCache())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error: ConnectionError"}
