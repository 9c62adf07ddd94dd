"""Load the demo network. Idempotent; refuses to run with DEBUG off."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

# Each app's demo part, in dependency order: ``seed(context) -> dict`` gets what
# the earlier ones returned. A module may be absent until its app has something.
DEMO_MODULES = [
    "members.demo",
    "proposals.demo",
    "workflow.demo",  # proposals in every state, through transition_run
    "consultations.demo",  # comments and amendments on those in consultation/revision
    "voting.demo",
    "papers.demo",  # papers of approved/published proposals (catches up if any is missing)
    "eu.demo",  # an EU initiative at risk, an answer submitted
]


class Command(BaseCommand):
    help = "Load the demo network (organisations, people, groups, procedures, proposals)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a published password; it runs only with DEBUG on."
            )
        context: dict = {}
        # The demo's transitions would email every demo account: keep them quiet.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._seed(context)
        self.stdout.write(
            self.style.SUCCESS("Demo network ready. Password for every login: plenum-demo")
        )

    def _seed(self, context: dict) -> None:
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            context.update(module.seed(context) or {})
