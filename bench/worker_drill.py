"""Failure drill for task workers on the loopback cluster (deploy/local-cluster.sh up): a task is
running when its worker is SIGKILLed; ``check_tasks`` reports it stuck, ``--requeue`` puts it
back, the other worker runs it, and its effect happens once. Prints what happened.

    .venv/bin/python bench/worker_drill.py
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


def main() -> None:
    cluster_env()
    from django.core.cache import cache
    from django.core.management import CommandError, call_command
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from academy.tasks import drill

    key = uuid.uuid4().hex[:8]
    result = drill.enqueue(key, 8)
    started = time.monotonic()
    row = DBTaskResult.objects.get(pk=result.id)
    while row.status != "RUNNING":
        time.sleep(0.2)
        row.refresh_from_db()
    worker = row.worker_ids[-1].split("-")[0]
    print(f"task {row.pk} RUNNING on {worker} after {time.monotonic() - started:.1f} s")
    time.sleep(1)
    subprocess.run([str(ROOT / "deploy/local-cluster.sh"), "kill", worker], check=True)
    time.sleep(1)
    row.refresh_from_db()
    print(
        f"after SIGKILL of {worker}: status {row.status}, starts {cache.get(f'drill:{key}:starts')}"
    )

    def check(*args):
        out = io.StringIO()
        with override_settings(TASKS_STUCK_AFTER_SECONDS=2):
            try:
                call_command("check_tasks", *args, stdout=out)
                code = 0
            except CommandError as exc:
                code = exc.returncode
        return code, out.getvalue().strip()

    print("check_tasks:", *check())
    print("check_tasks --requeue:", *check("--requeue"))
    while row.status not in ("SUCCESSFUL", "FAILED"):
        time.sleep(0.5)
        row.refresh_from_db()
    print(
        f"task {row.status} by {row.worker_ids} after {time.monotonic() - started:.1f} s; "
        f"starts {cache.get(f'drill:{key}:starts')}, completions "
        f"{cache.get(f'drill:{key}:completions')}, effect set once: "
        f"{cache.get(f'drill:{key}:effect') is not None}"
    )
    subprocess.run([str(ROOT / "deploy/local-cluster.sh"), "start", worker], check=True)


if __name__ == "__main__":
    main()
