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

Proxies (SPEC §6): ``voting.give_mandate`` (object: the proposal),
``voting.revoke_mandate`` and ``voting.cast_as_proxy`` (object: the mandate).
What a mandate may name (not oneself, an eligible organisation, no chain, the
maximum per proxy) is input, checked by ``voting.services.mandate_give`` (400).
"""

from datetime import datetime

import rules
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.conflict import Conflict
from members.rules import action_add, is_active_representative, is_representative
from proposals.states import ProposalState
from voting.models import Mandate, VotingRound
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


# --- proxies --------------------------------------------------------------------

MANDATE_STATES = (ProposalState.REVISION, ProposalState.VOTING)
NOT_ACTIVE_REPRESENTATIVE = gettext_lazy(
    "Only representatives of active member organisations give mandates."
)
NOT_THE_MANDATOR = gettext_lazy("Only the mandating organisation's representatives revoke it.")
NOT_THE_PROXY = gettext_lazy("Only the proxy's representatives cast a ballot under a mandate.")


def no_mandate(organisation_name: str) -> PermissionDenied:
    """403: the user's organisation holds no mandate from ``organisation_name`` now."""
    return PermissionDenied(
        _("Your organisation holds no mandate from %(org)s in this vote.")
        % {"org": organisation_name}
    )


def proxy_rules(proposal) -> tuple[bool, int]:
    """``(proxies_allowed, max_mandates_per_proxy)`` for ``proposal`` now: the open
    round's frozen rules while voting, else the procedure's (the next round's)."""
    if proposal.state == ProposalState.VOTING:
        frozen = (
            VotingRound.objects.unclosed()
            .filter(proposal=proposal)
            .values_list("proxies_allowed", "max_mandates_per_proxy")
            .first()
        )
        if frozen is not None:
            return frozen
    return proposal.procedure.proxies_allowed, proposal.procedure.max_mandates_per_proxy


@rules.predicate
def mandates_open(user, proposal) -> bool:
    """The proposal is in revision or voting and its (next or open) round allows proxies."""
    return proposal is not None and proposal.state in MANDATE_STATES and proxy_rules(proposal)[0]


def _mandates_refused(user, proposal) -> Exception:
    if proposal.state not in MANDATE_STATES:
        return Conflict(
            _("Mandates are given while the proposal is in revision or voting."),
            "mandates_closed",
            failed_guards=["revision_or_voting"],
        )
    return Conflict(
        _("This proposal's procedure does not allow proxies."),
        "proxies_not_allowed",
        failed_guards=["proxies_allowed"],
    )


#: Mandate another eligible organisation to vote on the proposal (object: the proposal).
action_add(
    "voting.give_mandate",
    who=is_active_representative,
    who_says=NOT_ACTIVE_REPRESENTATIVE,
    when=mandates_open,
    when_says=_mandates_refused,
)


@rules.predicate
def represents_mandator(user, mandate: Mandate) -> bool:
    return bool(is_representative(user) and user.organisation_id == mandate.mandator_id)


@rules.predicate
def represents_proxy(user, mandate: Mandate) -> bool:
    return bool(is_representative(user) and user.organisation_id == mandate.proxy_id)


@rules.predicate
def is_revocable(user, mandate: Mandate) -> bool:
    """Not revoked yet, and the proxy has not cast with it."""
    return mandate.revoked_at is None and mandate.used_at is None


def _revoke_refused(user, mandate: Mandate) -> Exception:
    if mandate.revoked_at is not None:
        return Conflict(_("This mandate is already revoked."), "mandate_revoked")
    return Conflict(
        _("The proxy has already voted with this mandate; it can no longer be revoked."),
        "mandate_used",
        failed_guards=["mandate_unused"],
    )


#: Revoke a mandate until the proxy has used it (object: the mandate).
action_add(
    "voting.revoke_mandate",
    who=represents_mandator,
    who_says=NOT_THE_MANDATOR,
    when=is_revocable,
    when_says=_revoke_refused,
)


@rules.predicate
def is_usable(user, mandate: Mandate) -> bool:
    """The mandate is active and the proposal's round, allowing proxies, accepts the
    mandator's ballot now."""
    return (
        mandate.revoked_at is None
        and VotingRound.objects.filter(proposal_id=mandate.proposal_id, proxies_allowed=True)
        .open_for(mandate.mandator_id)
        .exists()
    )


def _proxy_refused(user, mandate: Mandate) -> Exception:
    if mandate.revoked_at is not None:
        return no_mandate(mandate.mandator.name)
    return _refused(user, mandate.proposal)


#: Cast the mandator's ballot as its proxy (object: the mandate). The ballot
#: service checks the same in its statement (``_CAST_PG``) and raises ``no_mandate``.
action_add(
    "voting.cast_as_proxy",
    who=represents_proxy,
    who_says=NOT_THE_PROXY,
    when=is_usable,
    when_says=_proxy_refused,
)
