"""Recount every closed round from its ballots and compare with the stored result.

The recount is ``voting.services.tally``: a split ballot adds its parts, a ballot
cast by proxy counts for the mandating organisation (one ballot row each, the
last cast: a proxy's cast that its mandator overrode is in the history only)."""

from django.core.management.base import BaseCommand
from django.db.models import Count, Q

from voting.models import SPLIT, VotingRound
from voting.services import tally


class Command(BaseCommand):
    help = "Recount every closed vote from its ballots; exit 1 if any stored result differs."

    def handle(self, *args, **options):
        differences = 0
        rounds = (
            VotingRound.objects.closed()
            .select_related("proposal", "version")
            .annotate(
                splits=Count("ballots", filter=Q(ballots__choice=SPLIT)),
                proxies=Count("ballots", filter=Q(ballots__by_proxy__isnull=False)),
            )
        )
        for voting_round in rounds.order_by("closed_at"):
            result = tally(voting_round=voting_round)
            stored = (
                voting_round.yes,
                voting_round.no,
                voting_round.abstain,
                voting_round.turnout_percent,
                voting_round.quorum_met,
                voting_round.passed,
            )
            recount = (
                result.yes,
                result.no,
                result.abstain,
                result.turnout_percent,
                result.quorum_met,
                result.passed,
            )
            label = f"{voting_round.proposal.reference} v{voting_round.version.number}"
            if stored == recount:
                self.stdout.write(
                    f"ok   {label}: yes {result.yes} no {result.no} "
                    f"abstain {result.abstain} passed {result.passed} "
                    f"({voting_round.splits} split, {voting_round.proxies} by proxy)"
                )
            else:
                differences += 1
                self.stdout.write(
                    self.style.ERROR(f"DIFF {label}: stored {stored} recount {recount}")
                )
        self.stdout.write(f"{rounds.count()} closed round(s), {differences} difference(s).")
        if differences:
            raise SystemExit(1)
