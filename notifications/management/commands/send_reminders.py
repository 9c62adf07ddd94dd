from django.core.management.base import BaseCommand

from notifications.reminders import reminders_send
from notifications.services import notifications_requeue


class Command(BaseCommand):
    help = (
        "Email the 48-hour reminders of consultations and votes (each organisation once per "
        "deadline), and queue again emails left unsent (for cron; beat runs the same tasks)."
    )

    def handle(self, *args, **options):
        done = reminders_send()
        for line in done:
            self.stdout.write(line)
        requeued = notifications_requeue()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(done)} reminder(s) sent; {requeued['requeued']} email(s) queued again, "
                f"{requeued['interrupted']} interrupted send(s) marked failed."
            )
        )
