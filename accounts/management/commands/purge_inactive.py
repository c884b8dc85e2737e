"""Erase accounts unused for ``--days`` days, after a warning sent ``--warn-days`` before.

Dry run by default (prints what would happen, as counts and account numbers — never names or
contacts); ``--apply`` sends the warnings and erases. Run it daily (cron or a scheduled task).
"""

from django.core.management.base import BaseCommand, CommandError

from accounts import retention


class Command(BaseCommand):
    help = "Warn, then erase, accounts inactive for --days days (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3 * 365)
        parser.add_argument("--warn-days", type=int, default=30)
        parser.add_argument("--apply", action="store_true", help="really warn and erase")

    def handle(self, *args, days, warn_days, apply, **options):
        if days < 30 or warn_days < 1 or warn_days >= days:
            raise CommandError("--days must be at least 30 and --warn-days between 1 and --days.")
        if apply:
            done = retention.apply(days=days, warn_days=warn_days)
            verb = ("warned", "erased")
        else:
            done = retention.plan(days=days, warn_days=warn_days)
            verb = ("would warn", "would erase")
        self.stdout.write(f"{verb[0]} {len(done.warn)} account(s): {sorted(done.warn)}")
        self.stdout.write(f"{verb[1]} {len(done.erase)} account(s): {sorted(done.erase)}")
        if not apply:
            self.stdout.write("dry run: nothing was sent or erased (add --apply)")
