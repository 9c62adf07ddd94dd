"""Who gets which email (SPEC §8).

- ``submit_for_consultation``, ``reopen_consultation``: consultation opened,
  to every active representative;
- ``close_consultation``: consultation closed (early by the chair, or at its
  deadline by the sweep), to every active representative;
- ``open_vote``: vote opened, to the representatives of the round's eligible
  organisations;
- ``close_vote``: vote result, to every active representative; and when it
  lands in ``board_review``, board review requested, to the board;
- ``publish``: paper published (with the public links), to every active
  representative;
- a reminder: to the representatives of the one organisation reminded
  (``notifications.reminders``).

"Active representative": an active user linked to an active organisation.
"""

from django.db.models import QuerySet

from members.models import User
from notifications.models import NotificationKind
from proposals.models import ProposalState
from proposals.transitions import transition_get
from translations.selectors import translators_of
from voting.models import VotingRound

Kind = NotificationKind

#: Kinds whose email names a voting round: the one the transition opened or closed.
ROUND_KINDS = (Kind.VOTE_OPENED, Kind.VOTE_RESULT, Kind.BOARD_REVIEW)


def kinds_for_transition(name: str) -> tuple[str, ...]:
    """The emails transition ``name`` sends: its declaration's ``emails``
    (``proposals.transitions``); none for most transitions.

    ``close_vote`` sends the board's email only when it lands in
    ``board_review`` (``recipients_for`` finds nobody otherwise).
    """
    spec = transition_get(name)
    return spec.emails if spec else ()


def active_representatives() -> QuerySet[User]:
    """Every active user who represents an active organisation."""
    return User.objects.active_representatives().order_by("pk")


def representatives_of(organisation_ids) -> QuerySet[User]:
    """The active representatives of these organisations."""
    return User.objects.filter(is_active=True, organisation_id__in=organisation_ids).order_by("pk")


def board_members() -> QuerySet[User]:
    return User.objects.filter(is_active=True, board_membership__isnull=False).order_by("pk")


def recipients_for(
    kind: str, *, target: str, voting_round: VotingRound | None, proposal=None
) -> QuerySet[User]:
    """Who gets ``kind`` for a transition that landed in state ``target`` (empty when it
    does not apply)."""
    if kind in (
        Kind.CONSULTATION_OPENED,
        Kind.CONSULTATION_CLOSED,
        Kind.VOTE_RESULT,
        Kind.PAPER_PUBLISHED,
    ):
        return active_representatives()
    if kind == Kind.VOTE_OPENED:
        if voting_round is None:
            return User.objects.none()
        return representatives_of(voting_round.eligibilities.values("organisation_id"))
    if kind == Kind.BOARD_REVIEW:
        if target != ProposalState.BOARD_REVIEW:
            return User.objects.none()
        return board_members()
    if kind == Kind.TRANSLATION_NEEDED:
        if target != ProposalState.APPROVED or proposal is None:
            return User.objects.none()
        return translators_of(proposal)
    raise ValueError(f"{kind} is not an event email")


def address_of(user: User) -> str:
    """Where ``user``'s email goes (empty: nowhere, the email is skipped)."""
    return (user.email or "").strip()
