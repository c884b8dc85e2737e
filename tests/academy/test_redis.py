"""The production cache against a real Redis (127.0.0.1:6379, database 15): django-redis for the
cache and the sessions when REDIS_URL is set, the tree version shared between processes, and a
dead Redis degrading to cache misses rather than errors.

Skipped on a laptop without Redis; under CI=true a missing Redis fails the test."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from academy.settings.base import redis_caches
from tests.conftest import CI
from tests.factories.accounts import UserFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

# Run with the real settings module and REDIS_URL set: no database needed (the tree version and
# the cache live in Redis only).
SHARED_VERSION = """
import json, sys, django
django.setup()
from django.conf import settings
from content import tree_cache
if sys.argv[1] == "bump":
    tree_cache.bump_tree_version()
print(json.dumps({
    "backend": settings.CACHES["default"]["BACKEND"],
    "sessions": [settings.SESSION_ENGINE, settings.SESSION_CACHE_ALIAS],
    "version": tree_cache.tree_version(),
}))
"""


@pytest.fixture
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        if CI:
            pytest.fail(f"Redis must run in CI ({REDIS_URL}): {exc}")
        pytest.skip(f"Redis is not running at {REDIS_URL}")
    client.flushdb()
    yield client
    client.flushdb()


def in_process(argument):
    env = {**os.environ, "REDIS_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "academy.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", SHARED_VERSION, argument],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_redis_url_switches_cache_and_sessions_and_app_servers_share_the_tree_version(
    redis_client,
):
    first = in_process("read")
    assert first["backend"] == "django_redis.cache.RedisCache"
    assert first["sessions"] == ["django.contrib.sessions.backends.cached_db", "sessions"]
    # A second "app server" reads the same version; a publish on one is seen by the other.
    assert in_process("read")["version"] == first["version"]
    bumped = in_process("bump")["version"]
    assert bumped != first["version"]
    assert in_process("read")["version"] == bumped


@pytest.mark.django_db
def test_a_logged_in_learner_keeps_a_session_held_in_redis(client, redis_client):
    learner = UserFactory()
    with override_settings(
        CACHES=redis_caches(REDIS_URL),
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        SESSION_CACHE_ALIAS="sessions",
    ):
        client.force_login(learner)
        session_keys = [k.decode() for k in redis_client.keys("academy-session:*")]
        assert len(session_keys) == 1
        assert client.get(reverse("progress:my_learning")).status_code == 200
        caches["default"].set("fragment", "<p>same for everyone</p>", 30)
        assert caches["default"].get("fragment") == "<p>same for everyone</p>"
        assert redis_client.exists("academy:1:fragment")
        ttl = redis_client.ttl(session_keys[0])
        assert 0 < ttl <= 60 * 60 * 24 * 14


@pytest.mark.django_db
def test_a_dead_redis_makes_cache_misses_and_an_unready_node_never_a_500(client):
    dead = redis_caches("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with override_settings(CACHES=dead):
        cache = caches["default"]
        cache.set("x", 1)
        assert cache.get("x") is None
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["cache"].startswith("error")
