"""``manage.py import_bank FILE.csv|xlsx``: all rows or none, errors reported by row."""

from django.core.management.base import BaseCommand, CommandError

from projectbank.imports import ImportFileError, import_bank


class Command(BaseCommand):
    help = (
        "Import bank projects from a CSV or XLSX file (all rows or none; matched on external_id)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            report = import_bank(path)
        except (ImportFileError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            lines = [f"  {error}" for error in report.errors]
            raise CommandError(
                f"{len(report.errors)} error(s) in {report.rows} rows; nothing was imported:\n"
                + "\n".join(lines)
            )
        self.stdout.write(
            f"{report.rows} rows imported: {report.created} created, {report.updated} updated."
        )
