"""``manage.py check_tasks [--requeue]``: is the task queue healthy? For cron, systemd timers and
monitoring: prints one JSON line and exits 1 when a task is stuck RUNNING or the oldest due task
waited longer than TASKS_MAX_LAG_SECONDS (academy.task_queue).

``--requeue`` first puts tasks stuck RUNNING (their worker died) back to READY, so a live
worker runs them again; safe because tasks are idempotent (accounts.retry)."""

import json

from django.core.management.base import BaseCommand, CommandError

from academy.task_queue import max_lag, queue_health, requeue_stuck, stuck_after


class Command(BaseCommand):
    help = "Report task-queue lag and stuck tasks; exit 1 when unhealthy."

    def add_arguments(self, parser):
        parser.add_argument(
            "--requeue",
            action="store_true",
            help="Put tasks stuck RUNNING back to READY before checking.",
        )

    def handle(self, *args, requeue=False, **options):
        requeued = requeue_stuck() if requeue else 0
        health = queue_health(count_ready=True)
        report = {
            **health.as_dict(),
            "requeued": requeued,
            "max_lag_seconds": max_lag().total_seconds(),
            "stuck_after_seconds": stuck_after().total_seconds(),
        }
        self.stdout.write(json.dumps(report))
        if not health.ok:
            raise CommandError(
                f"task queue unhealthy: {health.stuck} stuck, oldest due task waited "
                f"{health.lag_seconds:.0f}s",
                returncode=1,
            )
