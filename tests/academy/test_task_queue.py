"""Background work on the database backend (the one production runs): retries of a failing task,
a stuck task (its worker killed) detected by /readyz and `check_tasks`, requeued and run once."""

import datetime as dt
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

from accounts.retry import retrying

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("database_backend"),
]


@pytest.fixture
def database_backend():
    with override_settings(TASKS=DATABASE_BACKEND):
        yield


@task()
@retrying(attempts=3, backoff=dt.timedelta(0))
def flaky(key: str, failures: int) -> int:
    """Fails ``failures`` times, then has its effect (idempotent: a cache key set once)."""
    tries = (cache.get(f"{key}:tries") or 0) + 1
    cache.set(f"{key}:tries", tries)
    if tries <= failures:
        raise ConnectionError(f"remote service down (try {tries})")
    cache.add(f"{key}:effect", tries)
    return tries


@task()
def idempotent_effect(key: str) -> str:
    cache.add(f"{key}:effect", "done")
    cache.set(f"{key}:runs", (cache.get(f"{key}:runs") or 0) + 1)
    return "done"


def run_worker():
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--interval", "0", "-v0", stdout=io.StringIO()
    )


def statuses():
    from django_tasks_db.models import DBTaskResult

    return sorted(DBTaskResult.objects.values_list("status", flat=True))


def check_tasks(*args) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("check_tasks", *args, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


def test_a_failing_task_is_retried_until_it_succeeds_and_its_effect_happens_once():
    flaky.enqueue("a", 2)
    run_worker()
    assert statuses() == ["FAILED", "FAILED", "SUCCESSFUL"]
    assert cache.get("a:effect") == 3


def test_retries_stop_after_the_last_attempt_and_the_failure_stays_visible():
    flaky.enqueue("b", 10)
    run_worker()
    assert statuses() == ["FAILED", "FAILED", "FAILED"]
    assert cache.get("b:effect") is None


def test_a_task_whose_worker_died_is_reported_requeued_and_runs_once(client):
    from django_tasks_db.models import DBTaskResult

    result = idempotent_effect.enqueue("c")
    # A worker claimed it and was SIGKILLed an hour ago: the row stays RUNNING.
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    code, report = check_tasks()
    assert code == 1
    assert report["stuck"] == 1
    ready = client.get("/readyz")
    assert ready.status_code == 200  # the node can still serve pages
    assert ready.json()["tasks"]["stuck"] == 1
    assert ready.json()["tasks"]["ok"] is False

    code, report = check_tasks("--requeue")
    assert (code, report["requeued"], report["stuck"]) == (0, 1, 0)
    run_worker()
    assert statuses() == ["SUCCESSFUL"]
    assert cache.get("c:runs") == 1


def test_queue_lag_is_the_age_of_the_oldest_due_task():
    from django_tasks_db.models import DBTaskResult

    code, report = check_tasks()
    assert (code, report["lag_seconds"], report["ready"]) == (0, 0.0, 0)
    old = idempotent_effect.enqueue("d")
    DBTaskResult.objects.filter(pk=old.id).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=20)
    )
    # Deferred to the future: not due, so not lag.
    idempotent_effect.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue("e")
    code, report = check_tasks()
    assert code == 1
    assert report["ready"] == 1
    assert 1190 <= report["lag_seconds"] <= 1300
    run_worker()
    assert check_tasks()[0] == 0
