"""Who may vote, and when (SPEC §6).

``voting.cast_ballot`` (object: the proposal) is declared with
``members.rules.action_add``: the role is "represents a member organisation",
the state "the proposal's round is open and the organisation eligible in it"
(``VotingRound.objects.open_for``). The voting page asks it. The ballot service
keeps its single-statement check (the hot path of a vote, see
``voting.services.ballot_cast``) and raises the same refusals, built here.

The role is any representative, not only one of an active organisation:
eligibility is frozen when the vote opens, so an organisation deactivated
during the vote still votes (and one activated during it does not).
"""

from datetime import datetime

import rules
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.api import Conflict
from members.rules import action_add, is_representative
from voting.models import VotingRound
from voting.selectors import round_latest

NOT_A_REPRESENTATIVE = gettext_lazy("Only representatives of member organisations vote.")


def no_vote() -> Conflict:
    return Conflict(_("No vote has been opened on this proposal."), "no_vote")


def vote_closed(at: datetime) -> Conflict:
    """409: the round closed (or reached its closing time) ``at``."""
    return Conflict(
        _("The vote closed at %(time)s; ballots are no longer accepted.")
        % {"time": timezone.localtime(at).strftime("%Y-%m-%d %H:%M %Z")},
        "vote_closed",
        failed_guards=["vote_open"],
    )


def not_eligible(organisation) -> PermissionDenied:
    """403: the organisation is not on the round's frozen list."""
    return PermissionDenied(_("%(org)s is not eligible in this vote.") % {"org": organisation.name})


@rules.predicate
def is_open_to_organisation(user, proposal) -> bool:
    """The proposal's round accepts a ballot of the user's organisation now."""
    if proposal is None or not user.organisation_id:
        return False
    return VotingRound.objects.filter(proposal=proposal).open_for(user.organisation_id).exists()


def _refused(user, proposal) -> Exception:
    voting_round = round_latest(proposal_id=proposal.pk)
    if voting_round is None:
        return no_vote()
    if not voting_round.is_open:
        return vote_closed(voting_round.closed_at or voting_round.closes_at)
    return not_eligible(user.organisation)


#: Cast or change the organisation's ballot (object: the proposal).
action_add(
    "voting.cast_ballot",
    who=is_representative,
    who_says=NOT_A_REPRESENTATIVE,
    when=is_open_to_organisation,
    when_says=_refused,
)
