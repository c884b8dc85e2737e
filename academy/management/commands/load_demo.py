from django.core.management.base import BaseCommand

from academy.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo academy (home, catalogue, courses C1 and C2 in ar/fr, demo accounts)."

    def handle(self, *args, **options):
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write("Demo accounts (log in at /ar/accounts/login/ or /fr/accounts/login/):")
        for account in accounts:
            self.stdout.write(f"  {account.role:<26} {account.login:<30} {account.password}")
