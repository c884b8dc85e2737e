"""Operators' drill task (bench/worker_drill.py): proves that a task whose worker is killed
mid-run is requeued and has its effect once. It touches only its own Redis/cache keys."""

import time

from django.core.cache import cache
from django_tasks import task


@task()
def drill(key: str, seconds: float) -> int:
    cache.add(f"drill:{key}:starts", 0, 3600)
    cache.incr(f"drill:{key}:starts")
    time.sleep(seconds)
    # The effect, idempotent: set once whatever the number of runs.
    cache.add(f"drill:{key}:effect", time.time(), 3600)
    cache.add(f"drill:{key}:completions", 0, 3600)
    return cache.incr(f"drill:{key}:completions")
