"""Health of the background-task queue (django-tasks database backend), for operators.

* **lag**: the age of the oldest task that is due (READY, its ``run_after`` passed) and not
  picked up by any worker: no worker running, or too few for the load.
* **stuck**: tasks RUNNING for longer than ``TASKS_STUCK_AFTER_SECONDS``: their worker was killed
  (SIGKILL, machine lost) or hangs. ``requeue_stuck`` puts them back to READY so another worker
  runs them again; tasks are idempotent by convention (accounts.retry), so the effect happens once.

Reported by ``/readyz`` (memoised in the shared cache for a few seconds so a fleet of probes
costs one query pair) and by ``manage.py check_tasks`` (exit status 1 when unhealthy).
Never reads a task's arguments or results: they may hold ids of people.
"""

import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus

CACHE_KEY = "academy:task-queue-health"


def stuck_after() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "TASKS_STUCK_AFTER_SECONDS", 900))


def max_lag() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "TASKS_MAX_LAG_SECONDS", 300))


@dataclass
class QueueHealth:
    lag_seconds: float  # age of the oldest due READY task, 0 when none
    ready: int | None  # due READY tasks (None when not counted)
    stuck: int  # RUNNING longer than the threshold
    ok: bool

    def as_dict(self) -> dict:
        return asdict(self)


def queue_health(*, now=None, count_ready: bool = False) -> QueueHealth:
    """Two small queries: the READY side uses django-tasks-db's partial index on READY rows."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    never = get_date_max()  # run_after of a task enqueued without a delay
    due = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=never) | Q(run_after__lte=now)
    )
    oldest = due.aggregate(
        enqueued=Min("enqueued_at", filter=Q(run_after=never)),
        deferred=Min("run_after", filter=~Q(run_after=never)),
    )
    since = [value for value in oldest.values() if value is not None]
    lag = max(((now - min(since)).total_seconds(), 0.0)) if since else 0.0
    stuck = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - stuck_after()
    ).count()
    ready = due.count() if count_ready else None
    return QueueHealth(
        lag_seconds=round(lag, 1),
        ready=ready,
        stuck=stuck,
        ok=stuck == 0 and lag <= max_lag().total_seconds(),
    )


def cached_queue_health(ttl: int = 10) -> dict:
    health = cache.get(CACHE_KEY)
    if health is None:
        health = queue_health().as_dict()
        cache.set(CACHE_KEY, health, ttl)
    return health


def requeue_stuck(*, now=None) -> int:
    """Put tasks RUNNING longer than the threshold back to READY; returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    # One UPDATE ... WHERE status = RUNNING: two operators running it at once requeue each row once.
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - stuck_after()
    ).update(status=TaskResultStatus.READY, started_at=None)
