"""Enqueue the gentle reminders of every cooperative whose managers turned them on.

Run it daily (cron, a systemd timer or the platform's scheduler); the task worker sends the
messages. Each member gets at most one message per ``COOPERATIVES_STALLED_DAYS`` days. It also
deletes invitations that expired unused (they hold contacts typed by managers).
"""

from django.core.management.base import BaseCommand

from cooperatives.models import Cooperative
from cooperatives.services import purge_expired_invitations
from cooperatives.tasks import send_reminders


class Command(BaseCommand):
    help = "Enqueue gentle reminders for members who stalled (cooperatives that opted in)."

    def handle(self, *args, **options):
        ids = list(Cooperative.objects.filter(reminders_enabled=True).values_list("pk", flat=True))
        for pk in ids:
            send_reminders.enqueue(pk)
        purged = purge_expired_invitations()
        self.stdout.write(
            f"Reminders enqueued for {len(ids)} cooperative(s); {purged} expired invitation(s) "
            "deleted."
        )
