"""Read models of the pages that gather every app: the proposal page, the
dashboard and the board page. Each builds the template's context from
selectors, QuerySet methods and the permissions; the views stay thin.

The page lists of the dashboard and the board cost a fixed number of
queries, whatever the number of proposals (tests/web/test_query_counts.py).
"""

from datetime import timedelta

import rules
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from consultations.models import Amendment, AmendmentStatus
from consultations.presenters import consultation_panel
from eu.presenters import eu_panel, paper_download_url
from members.models import WorkingGroup
from members.rules import is_board_member, is_secretariat, is_wg_chair, is_wg_member
from papers.models import PositionPaper
from papers.selectors import paper_list
from proposals.forms import BoardDecisionForm
from proposals.guards import FIX_URLS, PROCEDURAL, STATE_GUARD, refusal_text
from proposals.models import BoardDecision, Proposal, ProposalState, Version
from proposals.selectors import (
    proposal_list,
    proposal_planning,
    version_list,
    version_text,
    with_planning,
)
from proposals.text import render_markdown, render_section, split_paragraphs
from proposals.transitions import transition_get
from translations.rules import TranslationTarget
from translations.selectors import translation_summaries
from voting.models import Ballot, Eligibility, Mandate, VotingRound
from voting.selectors import ballot_of, results_public, round_latest
from workflow.selectors import history_list
from workflow.transitions import check, check_all

S = ProposalState


# --- the proposal page ---------------------------------------------------------------


def proposal_actions(proposal: Proposal, user) -> list[dict]:
    """The transitions this user's role may run in this state: allowed ones as buttons,
    the rest with what stands in the way. Words come from each transition's declaration."""
    actions = []
    for availability in check_all(proposal, user):
        spec = availability.spec
        if not (availability.permitted and availability.in_state) or spec.by_board_decision:
            continue
        if PROCEDURAL & set(availability.failed_guards):
            continue
        actions.append(
            {
                "name": spec.name,
                "label": spec.label,
                "help": spec.help,
                "confirm": spec.confirm,
                "allowed": availability.allowed,
                "requires_note": spec.requires_note,
                "reasons": [
                    {"text": refusal_text(guard, proposal), "fix": FIX_URLS.get(guard)}
                    for guard in availability.failed_guards
                    if guard != STATE_GUARD
                ],
                "danger": spec.danger,
            }
        )
    return actions


def proxy_votes(org, *, now) -> dict:
    """The open votes ``org`` casts a mandator's ballot in ("you also vote for X"),
    as ``{"to_vote": [mandate …], "voted": [mandate …]}``."""
    mandates = list(
        Mandate.objects.active()
        .filter(
            proxy=org,
            proposal__voting_rounds__in=VotingRound.objects.open(now=now).filter(
                proxies_allowed=True
            ),
        )
        .select_related("mandator", "proposal")
        .order_by("proposal__reference", "mandator__name")
    )
    cast = set(
        Ballot.objects.filter(
            round__closed_at__isnull=True,
            round__proposal__in=[m.proposal_id for m in mandates],
            by_proxy=org,
        ).values_list("round__proposal_id", "organisation_id")
    )
    votes = {"to_vote": [], "voted": []}
    for m in mandates:
        votes["voted" if (m.proposal_id, m.mandator_id) in cast else "to_vote"].append(m)
    return votes


def vote_panel(proposal: Proposal, user) -> dict | None:
    """The latest round of the proposal page: results (public part) and, for a
    representative, whether the organisation may vote and its ballot."""
    voting_round = round_latest(proposal_id=proposal.pk, organisation=user.organisation_id)
    if voting_round is None:
        return None
    panel = {"round": voting_round, "results": results_public(voting_round=voting_round)}
    if user.organisation_id:
        panel["eligible"] = voting_round.weight is not None
        panel["ballot"] = ballot_of(voting_round=voting_round, organisation=user.organisation)
    return panel


def with_download_links(papers) -> list:
    """Each paper with its link: the permanent public one once published, else the API's."""
    papers = list(papers)
    for paper in papers:
        paper.download_url = paper_download_url(paper)
    return papers


def papers_split(papers: list) -> tuple[list, list]:
    """``(papers, earlier drafts)``: once the adopted version's papers exist, the draft
    previews made before them are earlier drafts (the page folds them away)."""
    official = [p for p in papers if not p.preview and p.version_id]
    if not official:
        return papers, []
    latest = max(p.version.number for p in official)
    since = min(p.created_at for p in official if p.version.number == latest)
    earlier = [p for p in papers if p.preview and p.created_at < since]
    return [p for p in papers if p not in earlier], earlier


def papers_untranslated(proposal: Proposal, papers: list) -> set[int]:
    """The official papers of the newest version that printed some source text: their
    language's translation is not complete yet (the paper says so on its cover and is
    rendered again once it is). One query, none without such papers."""
    official = [
        p
        for p in papers
        if not p.preview and p.version_id and p.language != proposal.source_language
    ]
    if not official:
        return set()
    version = max((p.version for p in official), key=lambda v: v.number)
    newest = [p for p in official if p.version_id == version.pk]
    statuses = proposal.translations.statuses(
        version_text(version), sorted({p.language for p in newest})
    )
    return {p.pk for p in newest if statuses[p.language] != "complete"}


def papers_panel(proposal: Proposal, user, *, papers=None, where: str = "proposal") -> dict:
    """The papers of a proposal as the proposal page and the board show them, and as
    their live region (``views.proposal_papers``) refreshes them every two seconds
    while one is pending or rendering. ``papers``: already fetched (the board's
    prefetch), else ``paper_list``. The working group and the board (those who may
    ask for a preview) see why a render failed; others only that it failed."""
    if papers is None:
        papers = paper_list(user=user, proposal=proposal)
    papers, earlier = papers_split(with_download_links(papers))
    untranslated = papers_untranslated(proposal, papers)
    for paper in papers:
        paper.translation_unfinished = paper.pk in untranslated
    live_url = reverse("proposal-papers", args=[proposal.pk])
    if where == "board":
        live_url += "?where=board"
        refresh_url = f"{reverse('board')}#proposal-{proposal.pk}"
    else:
        refresh_url = f"{proposal.get_absolute_url()}#papers-h"
    return {
        "proposal": proposal,
        "papers": papers,
        "earlier_drafts": earlier,
        "papers_unfinished": any(p.is_unfinished for p in [*papers, *earlier]),
        "show_paper_errors": rules.has_perm("papers.request_preview", user, proposal),
        "live_url": live_url,
        "refresh_url": refresh_url,
    }


def _approvals_before(approvals: list, at) -> list:
    """The approvals that made the board's ``approve`` at ``at``: those of the last review
    (the highest version decided on) recorded by then."""
    recorded = [d for d in approvals if d.decided_at <= at]
    if not recorded:
        return []
    review = max(d.version.number for d in recorded)
    return [d for d in recorded if d.version.number == review]


def history_entries(proposal: Proposal) -> list:
    """The transition log with each line's words; the system's ``approve`` names the board
    members whose approvals made it (``entry.approvers``)."""
    entries = list(history_list(proposal=proposal))
    approvals = None
    for entry in entries:
        spec = transition_get(entry.transition)
        entry.label = spec.past if spec else entry.transition
        entry.approvers = []
        if entry.transition == "approve" and entry.actor_id is None:
            if approvals is None:
                approvals = list(
                    proposal.board_decisions.approvals()
                    .select_related("member", "version")
                    .order_by("decided_at", "pk")
                )
            entry.approvers = [
                d.member.display_name for d in _approvals_before(approvals, entry.at)
            ]
    return entries


def consultation_fact(proposal: Proposal, history: list) -> dict | None:
    """The consultation's deadline as the page states it: planned (draft), open (with
    the time left), or closed: when, and whether the chair closed it early."""
    deadline = proposal.consultation_closes_at
    if proposal.state in (S.DRAFT, S.CONSULTATION):
        if deadline is None:
            return None
        return {"state": proposal.state, "deadline": deadline}
    closing = next((e for e in reversed(history) if e.transition == "close_consultation"), None)
    if closing is None:
        return {"state": "ended", "deadline": deadline} if deadline else None
    return {
        "state": "closed",
        "deadline": deadline,
        "closed_at": closing.at,
        "early": closing.actor_id is not None,
        "closed_by": closing.actor,
    }


def translations_panel(proposal: Proposal) -> list[dict]:
    """Each translated language: its status, done and total units, its page."""
    if proposal.state in (ProposalState.WITHDRAWN, ProposalState.REJECTED):
        return []  # no paper will be made: nothing to translate
    if not proposal.translation_languages():
        return []
    names = dict(settings.PAPER_LANGUAGES)
    return [
        {**row, "name": names.get(row["language"], row["language"])}
        for row in translation_summaries(proposal=proposal)
    ]


def translations_waiting(user, visible) -> list[dict]:
    """Translations this user may make that stand between an approved text and its
    publication (not complete), one line per proposal and language."""
    waiting = []
    for proposal in visible.filter(state=S.APPROVED).select_related("procedure"):
        for row in translations_panel(proposal):
            target = TranslationTarget(proposal, row["language"])
            if row["status"] != "complete" and rules.has_perm(
                "translations.translate", user, target
            ):
                waiting.append({**row, "proposal": proposal})
    return waiting


def proposal_page(proposal: Proposal, user, *, notes: dict | None = None) -> dict:
    """The proposal page's context: text, actions, history, versions, consultation,
    vote, papers, board decisions."""
    consultation = consultation_panel(proposal=proposal, user=user)
    nothing = {"comments": 0, "threads": 0, "thread_list": [], "amendments": None}
    sections = [
        {
            "section": s,
            "html": render_section(s.body, anchor=f"p-{s.pk}"),
            "paragraph_numbers": range(1, len(split_paragraphs(s.body)) + 1),
            "c": consultation["sections"].get(s.pk, nothing),
        }
        for s in proposal.sections.all()
    ]
    consultation["orphans"] = consultation["sections"].get(None, nothing)
    versions = list(version_list(proposal=proposal))
    if not any(v.reason == Version.Reason.CONSULTATION for v in versions) and not (
        consultation["comment_count"] or consultation["amendment_count"]
    ):
        # Put to the vote without a consultation (where the procedure allows it):
        # "No general comment yet" and a consultation report would speak of none.
        consultation["shown"] = False
    member = is_wg_member(user, proposal)
    actions = proposal_actions(proposal, user)
    history = history_entries(proposal)
    panel = papers_panel(proposal, user)
    return {
        "proposal": proposal,
        "eu": eu_panel(proposal=proposal, user=user),
        "sections": sections,
        "summary_html": render_markdown(proposal.summary) if proposal.summary else "",
        "is_member": member,
        "is_chair": is_wg_chair(user, proposal),
        "can_edit": rules.has_perm("proposals.edit_text", user, proposal),
        "can_edit_deadline": rules.has_perm("proposals.edit_proposal", user, proposal),
        "actions": actions,
        # the open_vote guard, whoever looks: amendments stand between revision and the vote
        "vote_waits_for_decisions": "every_amendment_decided"
        in check(transition_get("open_vote"), proposal, user).failed_guards,
        "may_decide_as_board": rules.has_perm("workflow.record_board_decision", user, proposal),
        "notes": notes or {},
        "history": history,
        "consultation_fact": consultation_fact(proposal, history),
        "versions": versions,
        "latest_version": versions[-1] if versions else None,
        "vote": vote_panel(proposal, user),
        "translations": translations_panel(proposal),
        "papers": panel["papers"],
        "earlier_drafts": panel["earlier_drafts"],
        "papers_live": panel,
        "may_preview": rules.has_perm("papers.request_preview", user, proposal),
        "preview_languages": proposal.procedure.languages,
        "board_decisions": list(
            proposal.board_decisions.select_related("member", "version").order_by("decided_at")
        ),
        "c": consultation,
    }


# --- the dashboard ----------------------------------------------------------------------


def _count(queryset, by: str) -> Coalesce:
    """How many rows ``queryset`` (filtered on ``by`` = an ``OuterRef``) has: a subquery,
    so counting two relations never multiplies their rows."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def _undecided() -> Subquery:
    """Amendments still waiting for the working group's decision."""
    return _count(
        Amendment.objects.filter(proposal=OuterRef("pk"), status=AmendmentStatus.PROPOSED),
        "proposal",
    )


def _open_rounds_with_turnout() -> Prefetch:
    """Each proposal's open round with how many may vote and how many have, so the
    ``vote_closable`` guard needs no query of its own."""
    return Prefetch(
        "voting_rounds",
        queryset=VotingRound.objects.unclosed().annotate(
            eligible_count=_count(Eligibility.objects.filter(round=OuterRef("pk")), "round"),
            voted_count=_count(Ballot.objects.filter(round=OuterRef("pk")), "round"),
        ),
        to_attr="open_rounds",
    )


def _ready_to_publish(visible, user) -> list:
    """Approved proposals this user may publish now: the ``publish`` transition's own
    availability, its guard reading the prefetched papers (no query per proposal)."""
    publish = transition_get("publish")
    approved = visible.filter(state=S.APPROVED).prefetch_related(
        Prefetch(
            "papers",
            queryset=PositionPaper.objects.official_ready().of_latest_adoption(),
            to_attr="latest_ready_papers",
        )
    )
    return [p for p in approved.order_by("updated_at") if check(publish, p, user).allowed]


def dashboard_items(user) -> dict:
    """What needs this user now, per role. Each list holds proposals (or rounds)."""
    from proposals.guards import vote_closable

    now = timezone.now()
    visible = proposal_list(user=user)
    groups = list(
        WorkingGroup.objects.filter(Q(chair=user) | Q(members=user))
        .distinct()
        .values_list("pk", "chair_id")
    )
    chaired = [pk for pk, chair_id in groups if chair_id == user.pk]
    items: dict = {}

    if chaired:
        mine = visible.filter(working_group__in=chaired)
        items["chair"] = {
            "drafts": list(mine.filter(state=S.DRAFT)),
            "consultations": list(
                mine.filter(state=S.CONSULTATION).order_by("consultation_closes_at")
            ),
            "revisions": list(mine.filter(state=S.REVISION).annotate(undecided=_undecided())),
            "votes": list(
                mine.filter(state=S.VOTING)
                .prefetch_related(_open_rounds_with_turnout())
                .order_by("voting_deadline")
            ),
            "rejected": list(mine.filter(state=S.REJECTED)[:5]),
        }
        for proposal in items["chair"]["votes"]:
            proposal.closable = vote_closable(proposal)
    if groups:
        items["drafting"] = list(
            visible.filter(
                working_group__in=[pk for pk, _chair in groups], state__in=[S.DRAFT, S.REVISION]
            ).order_by("-updated_at")
        )
    if user.organisation_id:
        org = user.organisation
        open_rounds = list(
            VotingRound.objects.open_for(org, now=now)
            .select_related("proposal")
            .order_by("closes_at")
        )
        ballots = {
            b.round_id: b
            for b in Ballot.objects.filter(organisation=org, round__in=[r.pk for r in open_rounds])
        }
        to_vote, voted = [], []
        for voting_round in open_rounds:
            voting_round.ballot = ballots.get(voting_round.pk)
            (voted if voting_round.ballot else to_vote).append(voting_round)
        items["representative"] = {
            "proxy_votes": proxy_votes(org, now=now),
            "organisation": org,
            "consultations": list(
                visible.filter(state=S.CONSULTATION).order_by("consultation_closes_at")
            ),
            "to_vote": to_vote,
            "voted": voted,
        }
    if user.organisation_id or is_board_member(user) or is_secretariat(user):
        items["results"] = list(
            VotingRound.objects.filter(closed_at__gte=now - timedelta(days=30))
            .select_related("proposal")
            .order_by("-closed_at")[:10]
        )
    if is_board_member(user):
        latest = Version.objects.filter(proposal=OuterRef("pk")).newest_first()
        decided = BoardDecision.objects.filter(
            proposal=OuterRef("pk"), member=user, version=Subquery(latest.values("pk")[:1])
        )
        items["board"] = list(
            visible.filter(state=S.BOARD_REVIEW).exclude(Exists(decided)).order_by("updated_at")
        )
    to_translate = translations_waiting(user, visible)
    if to_translate:
        items["to_translate"] = to_translate
    if is_secretariat(user) or is_board_member(user):
        items["to_publish"] = _ready_to_publish(visible, user)
    if is_secretariat(user):
        in_flight = [S.CONSULTATION, S.REVISION, S.VOTING, S.BOARD_REVIEW, S.APPROVED]
        by_state = {state: [] for state in in_flight}
        for proposal in visible.filter(state__in=in_flight).order_by("updated_at"):
            by_state[proposal.state].append(proposal)
        items["secretariat"] = [
            {"state": state, "label": S(state).label, "proposals": by_state[state]}
            for state in in_flight
        ]
    if chaired or is_secretariat(user):
        mine = visible if is_secretariat(user) else visible.filter(working_group__in=chaired)
        items["eu_at_risk"] = eu_at_risk(mine)
    return items


def eu_at_risk(proposals) -> list:
    """Proposals answering an EU initiative whose plan no longer fits (SPEC §12), each
    with its ``plan``."""
    at_risk = []
    active = [S.DRAFT, S.CONSULTATION, S.REVISION, S.VOTING, S.BOARD_REVIEW, S.APPROVED]
    for proposal in with_planning(proposals.filter(eu_initiative__isnull=False, state__in=active)):
        proposal.plan = proposal_planning(proposal=proposal)
        if not proposal.plan.fits:
            at_risk.append(proposal)
    return at_risk


def has_work(items: dict) -> bool:
    """Whether anything on the dashboard asks the user to act (results and ballots
    already cast do not)."""

    def count(value) -> int:
        if isinstance(value, dict):
            return sum(count(v) for k, v in value.items() if k not in ("organisation", "voted"))
        if isinstance(value, list):
            return sum(count(v) if isinstance(v, dict) else 1 for v in value)
        return 0

    return count({k: v for k, v in items.items() if k != "results"}) > 0


# --- the board page -------------------------------------------------------------------


def board_page(user, *, failed: tuple | None = None) -> dict:
    """Every proposal in board review with its vote result, the text under review,
    the papers and the board's decisions on it; ``failed``: (proposal id, bound form)
    to show again with its errors and note."""
    visible = proposal_list(user=user)
    latest = Version.objects.filter(proposal=OuterRef("proposal_id")).newest_first()
    proposals = list(
        visible.filter(state=S.BOARD_REVIEW)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=Version.objects.filter(pk=Subquery(latest.values("pk")[:1])),
                to_attr="review_versions",
            ),
            Prefetch(
                "voting_rounds",
                queryset=VotingRound.objects.closed().order_by("-closed_at", "-id"),
                to_attr="closed_rounds",
            ),
            Prefetch(
                "board_decisions",
                queryset=BoardDecision.objects.select_related("member").order_by("decided_at"),
                to_attr="all_decisions",
            ),
            Prefetch(
                "papers",
                queryset=PositionPaper.objects.select_related("version", "proposal").order_by(
                    "preview", "-version__number", "language", "-id"
                ),
                to_attr="all_papers",
            ),
        )
        .order_by("updated_at")
    )
    entries = []
    for proposal in proposals:
        version = proposal.review_versions[0] if proposal.review_versions else None
        decisions = [d for d in proposal.all_decisions if d.version_id == getattr(version, "pk", 0)]
        form = failed[1] if failed and failed[0] == proposal.pk else None
        entries.append(
            {
                "proposal": proposal,
                "version": version,
                "decisions": decisions,
                "mine": next((d for d in decisions if d.member_id == user.pk), None),
                "approvals": sum(d.decision == BoardDecision.Decision.APPROVE for d in decisions),
                "required": proposal.procedure.board_approvals_required,
                "round": proposal.closed_rounds[0] if proposal.closed_rounds else None,
                "papers": proposal.all_papers,
                "papers_live": papers_panel(
                    proposal, user, papers=proposal.all_papers, where="board"
                ),
                "form": form or BoardDecisionForm(auto_id=f"id_%s_{proposal.pk}"),
            }
        )
    approved = list(
        visible.filter(state=S.APPROVED)
        .select_related("procedure", "working_group")
        .prefetch_related(
            Prefetch(
                "papers",
                queryset=PositionPaper.objects.official()
                .select_related("version", "proposal")
                .order_by("-version__number", "language", "-id"),
                to_attr="official_papers",
            )
        )
        .order_by("-updated_at")[:20]
    )
    for proposal in approved:
        proposal.papers_live = papers_panel(
            proposal, user, papers=proposal.official_papers, where="board"
        )
    return {"entries": entries, "approved": approved}
