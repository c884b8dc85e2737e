from django.core.management.base import BaseCommand

from progress.tasks import forward_due


class Command(BaseCommand):
    help = "Send every pending xAPI statement whose retry time has come to the LRS."

    def handle(self, *args, **options):
        counts = forward_due()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing")
