"""Health endpoints for load balancers and operators. They reveal no personal data.

``/healthz``: the process answers. ``/readyz``: the database and the cache answer (503 with the
failing component otherwise), so a load balancer stops sending traffic to a node that cannot serve.
It also reports the task queue (academy.task_queue: lag of the oldest due task, tasks stuck
RUNNING) for operators and monitoring; a lagging queue is not the app server's fault, so it does
not take the node out of the load balancer.
"""

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from academy.task_queue import cached_queue_health


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    checks = {}
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 — reported as not ready, never raised
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "error: read back failed"
    except Exception as exc:  # noqa: BLE001
        checks["cache"] = f"error: {exc.__class__.__name__}"
    ready = all(value == "ok" for value in checks.values())
    try:
        tasks = cached_queue_health() if checks["database"] == "ok" else {"error": "database"}
    except Exception as exc:  # noqa: BLE001
        tasks = {"error": exc.__class__.__name__}
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": checks,
        "tasks": tasks,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if ready else 503)
