from django.core.management.base import BaseCommand

from workflow.sweep import close_due


class Command(BaseCommand):
    help = "Close consultations and votes whose deadline has passed (for cron)."

    def handle(self, *args, **options):
        done = close_due()
        for line in done:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"{len(done)} deadline(s) closed."))
