"""Reads of the proposals app. Every list costs a fixed number of queries."""

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from members.models import WorkingGroup
from members.rules import is_board_member, is_secretariat
from proposals.models import Procedure, Proposal, Section, Version
from proposals.planning import Plan, plan
from proposals.states import ProposalState


def procedure_list() -> QuerySet[Procedure]:
    return Procedure.objects.order_by("name")


def _sees_every_proposal(user) -> bool:
    return is_secretariat(user) or is_board_member(user)


def _visible_to(user) -> Q:
    """The board and the secretariat see every proposal; the working group its own;
    everyone else a proposal once it has a version (it left draft)."""
    if _sees_every_proposal(user):
        return Q()
    in_group = WorkingGroup.members.through.objects.filter(
        workinggroup_id=OuterRef("working_group_id"), user_id=user.pk
    )
    has_version = Version.objects.filter(proposal_id=OuterRef("pk"))
    return Q(working_group__chair_id=user.pk) | Q(Exists(in_group)) | Q(Exists(has_version))


def proposal_states_visible(*, user) -> list[str]:
    """The states a proposal ``user`` can see may be in, by ``_visible_to``: a draft
    has no version yet (the first is frozen when it leaves draft), so outside the board,
    the secretariat and the working groups no draft is ever visible. The list page
    offers only these in its state filter."""
    in_a_group = WorkingGroup.objects.filter(Q(chair_id=user.pk) | Q(members=user.pk)).exists()
    if _sees_every_proposal(user) or in_a_group:
        return list(ProposalState.values)
    return [state for state in ProposalState.values if state != ProposalState.DRAFT]


def proposal_list(*, user) -> QuerySet[Proposal]:
    """The proposals ``user`` may see, newest first, with their group, procedure and
        ``current_version_number``, and ``voting_deadline``: the deadline the chair set for
        the next vote, else the newest round's (the open one's while voting). Subqueries, not
    joins: a list costs one row per proposal. Lists filter it
        with ``proposals.filters.ProposalFilter``."""
    newest_version = Version.objects.filter(proposal=OuterRef("pk")).newest_first()
    # The voting app's model by name: proposals imports no voting code.
    newest_round = (
        apps.get_model("voting", "VotingRound")
        .objects.filter(proposal=OuterRef("pk"))
        .order_by("-opened_at", "-id")
    )
    return (
        Proposal.objects.filter(_visible_to(user))
        .select_related("working_group", "procedure")
        .annotate(
            current_version_number=Subquery(newest_version.values("number")[:1]),
            voting_deadline=Coalesce(
                "voting_closes_at", Subquery(newest_round.values("closes_at")[:1])
            ),
        )
        .order_by("-created_at", "-id")
    )


def proposal_get(*, user, pk: int) -> Proposal | None:
    """The proposal with its sections, or None if it does not exist or is hidden."""
    return (
        proposal_list(user=user)
        .select_related("eu_initiative")
        .prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("position", "id")))
        .filter(pk=pk)
        .first()
    )


def version_list(*, proposal: Proposal) -> QuerySet[Version]:
    return proposal.versions.order_by("number")


def version_get(*, proposal: Proposal, number: int) -> Version | None:
    return proposal.versions.filter(number=number).first()


def working_text(proposal: Proposal) -> dict:
    """The working text as a version stores it: ``{"title", "summary", "sections":
    [{"id", "heading", "body"}]}`` (papers' previews, translations)."""
    return {
        "title": proposal.title,
        "summary": proposal.summary,
        "sections": [
            {"id": s.pk, "heading": s.heading, "body": s.body}
            for s in proposal.sections.order_by("position", "id")
        ],
    }


def version_text(version: Version) -> dict:
    """A version's text in the same shape as ``working_text``."""
    return {"title": version.title, "summary": version.summary, "sections": version.sections}


def with_planning(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """``proposals`` with what ``proposal_planning`` reads of each: the initiative, the
    procedure and the open round (a fixed number of queries for a list)."""
    unclosed = apps.get_model("voting", "VotingRound").objects.unclosed()
    return proposals.select_related("eu_initiative", "procedure").prefetch_related(
        Prefetch("voting_rounds", queryset=unclosed, to_attr="open_rounds")
    )


def proposal_planning(*, proposal: Proposal, now=None) -> Plan | None:
    """The plan backwards from the proposal's EU initiative (``proposals.planning.plan``),
    or ``None`` when it answers none. The vote's end: the open round's deadline, else the
    one the chair set. The open round is read here unless ``with_planning`` has."""
    from django.core.exceptions import ObjectDoesNotExist
    from django.utils import timezone

    try:
        initiative = proposal.eu_initiative
    except ObjectDoesNotExist:
        return None
    procedure = proposal.procedure
    vote_ends = proposal.voting_closes_at
    if proposal.state == ProposalState.VOTING:
        rounds = getattr(proposal, "open_rounds", None)
        if rounds is None:
            rounds = proposal.voting_rounds.unclosed()[:1]
        open_round = next(iter(rounds), None)
        vote_ends = open_round.closes_at if open_round else vote_ends
    return plan(
        eu_closes=initiative.closes_at,
        days={
            "min_consultation_days": procedure.min_consultation_days
            if procedure.consultation_required or proposal.state == ProposalState.CONSULTATION
            else 0,
            "voting_days": procedure.voting_days,
            "board_review_days": procedure.board_review_days,
            "translation_days": procedure.translation_days,
        },
        state=proposal.state,
        now=now or timezone.now(),
        consultation_ends=proposal.consultation_closes_at,
        vote_ends=vote_ends,
    )
