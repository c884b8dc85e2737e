"""Failure drill for task workers on the loopback cluster (deploy/local-cluster.sh up): a task is
running when its worker is SIGKILLed; ``check_tasks`` reports it stuck, ``--requeue`` puts it
back, the other worker runs it, and its effect happens once. Prints what happened.

    .venv/bin/python bench/worker_drill.py

The load test runs the same drill in the middle of its run (``KILL_DURING=worker``,
bench/locustfile.py), through ``kill_running_worker``.
"""

import io
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster_drill import cluster_env  # noqa: E402


def kill_running_worker(*, seconds: float = 8, out=print, start_again: bool = True) -> dict:
    """Enqueue the drill task (``academy.tasks.drill``), SIGKILL the worker that runs it, requeue
    it the way operators do (``check_tasks --requeue``), wait for another worker to finish it.
    Needs Django set up with the cluster's settings. Returns the figures it printed."""
    from django.core.cache import cache
    from django.core.management import CommandError, call_command
    from django.test import override_settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from academy.tasks import drill

    key = uuid.uuid4().hex[:8]
    result = drill.enqueue(key, seconds)
    started = time.monotonic()
    row = DBTaskResult.objects.get(pk=result.id)
    while row.status != "RUNNING":
        time.sleep(0.2)
        row.refresh_from_db()
    worker = row.worker_ids[-1].split("-")[0]
    out(f"worker drill: task {row.pk} RUNNING on {worker} after {time.monotonic() - started:.1f} s")
    time.sleep(1)
    subprocess.run([str(ROOT / "deploy/local-cluster.sh"), "kill", worker], check=True)
    time.sleep(1)
    row.refresh_from_db()
    out(
        f"worker drill: after SIGKILL of {worker}: status {row.status}, "
        f"starts {cache.get(f'drill:{key}:starts')}"
    )

    def check(*args):
        # "Stuck" from the moment the drill task started (minus a margin), instead of the
        # production 15 minutes: only a task running since then (the killed one) is requeued.
        since = (timezone.now() - row.started_at).total_seconds() - 0.5
        output = io.StringIO()
        with override_settings(TASKS_STUCK_AFTER_SECONDS=max(since, 1)):
            try:
                call_command("check_tasks", *args, stdout=output)
                code = 0
            except CommandError as exc:
                code = exc.returncode
        return code, output.getvalue().strip()

    out(f"worker drill: check_tasks: {check()}")
    out(f"worker drill: check_tasks --requeue: {check('--requeue')}")
    while row.status not in ("SUCCESSFUL", "FAILED"):
        time.sleep(0.5)
        row.refresh_from_db()
    figures = {
        "worker": worker,
        "status": row.status,
        "workers": row.worker_ids,
        "seconds": round(time.monotonic() - started, 1),
        "starts": cache.get(f"drill:{key}:starts"),
        "completions": cache.get(f"drill:{key}:completions"),
        "effect_once": cache.get(f"drill:{key}:effect") is not None,
    }
    out(
        f"worker drill: task {figures['status']} by {figures['workers']} after "
        f"{figures['seconds']} s; starts {figures['starts']}, completions "
        f"{figures['completions']}, effect set once: {figures['effect_once']}"
    )
    if start_again:
        subprocess.run([str(ROOT / "deploy/local-cluster.sh"), "start", worker], check=True)
    return figures


def main() -> None:
    cluster_env()
    kill_running_worker()


if __name__ == "__main__":
    main()
