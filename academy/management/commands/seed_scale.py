"""``manage.py seed_scale --learners 100000``: the scale data set for benchmarks (academy.scale).

About 20 completions per learner (2,000,000 for 100,000 learners), one quiz attempt per learner
(100,000), 10,000 bank projects, 50 cooperatives of 40 members and one of 2,000 (each with a
manager ``scalemgr…`` and every demo course assigned). Run ``load_demo`` first, on a fresh
database. PostgreSQL COPY; prints the time of each step. Refuses to run with DEBUG on or twice
on the same database."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from academy.scale import Seeder


class Command(BaseCommand):
    help = "Generate a large data set (learners, progress, attempts, bank projects) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=100_000)
        parser.add_argument("--items-per-learner", type=int, default=20)
        parser.add_argument("--attempts", type=int, default=None, help="default: one per learner")
        parser.add_argument("--projects", type=int, default=10_000)
        parser.add_argument("--cooperatives", type=int, default=50)
        parser.add_argument("--members", type=int, default=40, help="per cooperative")
        parser.add_argument(
            "--large-cooperative", type=int, default=2000, help="members of the big one (0: none)"
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(
        self,
        *args,
        learners,
        items_per_learner,
        attempts,
        projects,
        cooperatives,
        members,
        large_cooperative,
        seed,
        **options,
    ):
        if settings.DEBUG:
            raise CommandError("DEBUG is on: every query would be kept in memory")
        if learners < 1 or items_per_learner < 1 or projects < 0:
            raise CommandError("--learners and --items-per-learner must be at least 1")
        if cooperatives < 0 or members < 1 or large_cooperative < 0:
            raise CommandError(
                "--cooperatives and --large-cooperative cannot be negative, --members at least 1"
            )
        seeder = Seeder(
            learners=learners,
            items_per_learner=items_per_learner,
            attempts=learners if attempts is None else attempts,
            projects=projects,
            cooperatives=cooperatives,
            members=members,
            large_cooperative=large_cooperative,
            seed=seed,
            out=self.stdout.write,
        )
        started = time.perf_counter()
        try:
            seeder.run()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"seed_scale: done in {time.perf_counter() - started:.1f} s")
