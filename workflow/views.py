"""Pages that gather the work of every app or start transitions.

- the dashboard, "what needs me now", per role;
- the proposal page (text, actions, history, versions, consultation, vote,
  papers), which needs every app and so lives here, at the top of the import
  graph;
- the action that runs a transition, always through
  ``workflow.services.transition_run``.

Which actions a user sees comes from ``workflow.transitions.check_all``; the
server enforces the same checks again when the action is posted.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.api import Conflict
from consultations.presenters import consultation_panel
from members.models import WorkingGroup
from members.rules import is_board_member, is_secretariat, is_wg_chair, is_wg_member
from members.selectors import user_roles
from papers.selectors import may_request_preview, paper_is_public, paper_list
from papers.services import paper_preview_request
from proposals.forms import BoardDecisionForm, NoteForm
from proposals.guards import vote_closable
from proposals.models import BoardDecision, Proposal, ProposalState, Version
from proposals.selectors import proposal_list, version_list
from proposals.text import render_markdown, render_section, split_paragraphs
from proposals.views import add_errors, error_text, visible_proposal_or_404
from voting.models import Ballot, Eligibility, VotingRound
from voting.selectors import ballot_of, results_public, round_latest
from workflow.board import board_decision_record
from workflow.selectors import history_list
from workflow.services import transition_run
from workflow.transitions import STATE_GUARD, check_all

S = ProposalState

# --- words for the state machine ----------------------------------------------

#: Button label of each transition a person may run.
TRANSITION_LABELS = {
    "submit_for_consultation": gettext_lazy("Submit for consultation"),
    "close_consultation": gettext_lazy("Close the consultation now"),
    "reopen_consultation": gettext_lazy("Reopen the consultation"),
    "open_vote": gettext_lazy("Open the vote"),
    "close_vote": gettext_lazy("Close the vote and count"),
    "approve": gettext_lazy("Approve"),
    "return_for_revision": gettext_lazy("Return for revision"),
    "reject": gettext_lazy("Reject"),
    "revise": gettext_lazy("Revise the text again"),
    "publish": gettext_lazy("Publish the position paper"),
    "withdraw": gettext_lazy("Withdraw the proposal"),
}

#: What each action does, in one sentence, shown beside its button.
TRANSITION_HELP = {
    "submit_for_consultation": gettext_lazy(
        "Freezes the text as a version and opens it to every member organisation "
        "for comments and amendments until the deadline."
    ),
    "close_consultation": gettext_lazy(
        "Ends the consultation before its deadline; the working group then decides each amendment."
    ),
    "reopen_consultation": gettext_lazy("Opens a new round of consultation on the revised text."),
    "open_vote": gettext_lazy(
        "Freezes the text as the version voted on and lets every eligible organisation vote."
    ),
    "close_vote": gettext_lazy(
        "Counts the ballots now: every eligible organisation has voted or the deadline passed."
    ),
    "revise": gettext_lazy("Takes the rejected text back into revision."),
    "publish": gettext_lazy("Makes the position paper public with a permanent link."),
    "withdraw": gettext_lazy("Stops the proposal for good. Say why in the note."),
}

#: Success message after each transition.
TRANSITION_DONE = {
    "submit_for_consultation": gettext_lazy("The consultation is open."),
    "close_consultation": gettext_lazy("The consultation is closed; the text is in revision."),
    "reopen_consultation": gettext_lazy("The consultation is open again."),
    "open_vote": gettext_lazy("The vote is open."),
    "close_vote": gettext_lazy("The vote is closed and counted."),
    "revise": gettext_lazy("The proposal is back in revision."),
    "publish": gettext_lazy("The position paper is published."),
    "withdraw": gettext_lazy("The proposal was withdrawn."),
    "return_for_revision": gettext_lazy("The proposal was returned for revision."),
    "reject": gettext_lazy("The proposal was rejected."),
}

#: The guards of SPEC §3 as what a person has to do about them.
GUARD_SENTENCES = {
    STATE_GUARD: gettext_lazy("Not possible in the proposal's current state."),
    "procedure_requires_consultation": gettext_lazy(
        "This procedure has no consultation: open the vote directly."
    ),
    "procedure_skips_consultation": gettext_lazy(
        "This procedure needs a consultation before the vote."
    ),
    "has_title": gettext_lazy("Add a title."),
    "has_summary": gettext_lazy("Add a summary."),
    "has_text": gettext_lazy("Write at least one section with text."),
    "consultation_deadline_far_enough": gettext_lazy(
        "Set a consultation deadline at least %(days)s days from now."
    ),
    "every_amendment_decided": gettext_lazy("Decide every amendment first."),
    "vote_closable": gettext_lazy(
        "Wait until the deadline, or until every eligible organisation has voted."
    ),
    "board_approvals_reached": gettext_lazy("Wait for %(n)s board approvals."),
    "every_paper_ready": gettext_lazy(
        "Wait until the position paper is ready in every language of the procedure."
    ),
    "text_editable": gettext_lazy("The text can only be edited in draft or revision."),
    "vote_open": gettext_lazy("The vote is closed."),
}

#: Guards with a page where the person can fix them.
GUARD_FIX_URLS = {
    "has_title": "proposal-edit",
    "has_summary": "proposal-edit",
    "consultation_deadline_far_enough": "proposal-edit",
    "has_text": "section-add",
}

#: What each transition did, for the history timeline.
TRANSITION_PAST = {
    "submit_for_consultation": gettext_lazy("Submitted for consultation"),
    "close_consultation": gettext_lazy("Consultation closed"),
    "reopen_consultation": gettext_lazy("Consultation reopened"),
    "open_vote": gettext_lazy("Vote opened"),
    "close_vote": gettext_lazy("Vote closed and counted"),
    "approve": gettext_lazy("Approved by the board"),
    "return_for_revision": gettext_lazy("Returned for revision by the board"),
    "reject": gettext_lazy("Rejected by the board"),
    "revise": gettext_lazy("Taken back into revision"),
    "publish": gettext_lazy("Published"),
    "withdraw": gettext_lazy("Withdrawn"),
}

#: Guards that say the transition belongs to another procedure: not worth showing.
PROCEDURE_GUARDS = {"procedure_requires_consultation", "procedure_skips_consultation"}

#: Transitions a board member makes through a board decision, never directly.
BOARD_TRANSITIONS = {"return_for_revision", "reject"}
DANGEROUS = {"withdraw", "reject"}


def guard_sentence(name: str, proposal: Proposal) -> str:
    text = GUARD_SENTENCES.get(name)
    if text is None:
        return name.replace("_", " ").capitalize() + "."
    return str(text) % {
        "days": proposal.procedure.min_consultation_days,
        "n": proposal.procedure.board_approvals_required,
    }


def transition_error(exc: Exception, proposal: Proposal) -> str:
    """A refused transition as the person's to-do list rather than guard names."""
    if isinstance(exc, Conflict) and exc.failed_guards:
        guards = [g for g in exc.failed_guards if g != STATE_GUARD]
        if not guards:
            return _("This is not possible while the proposal is %(state)s.") % {
                "state": proposal.get_state_display()
            }
        return _("Not yet: %(todo)s") % {
            "todo": " ".join(guard_sentence(g, proposal) for g in guards)
        }
    return error_text(exc)


# --- the proposal page ------------------------------------------------------------


def proposal_actions(proposal: Proposal, user) -> list[dict]:
    """The transitions this user's role may run in this state: allowed ones as buttons,
    the rest with what stands in the way."""
    actions = []
    for check in check_all(proposal, user):
        if not (check.permitted and check.available) or check.name in BOARD_TRANSITIONS:
            continue
        if PROCEDURE_GUARDS & set(check.failed_guards):
            continue
        reasons = []
        for guard in check.failed_guards:
            url_name = GUARD_FIX_URLS.get(guard)
            reasons.append({"text": guard_sentence(guard, proposal), "fix": url_name})
        actions.append(
            {
                "name": check.name,
                "label": TRANSITION_LABELS.get(check.name, check.name),
                "help": TRANSITION_HELP.get(check.name, ""),
                "allowed": check.allowed,
                "requires_note": check.requires_note,
                "reasons": reasons,
                "danger": check.name in DANGEROUS,
            }
        )
    return actions


def _vote_box(proposal: Proposal, user) -> dict | None:
    voting_round = round_latest(proposal_id=proposal.pk)
    if voting_round is None:
        return None
    box = {"round": voting_round, "results": results_public(voting_round=voting_round)}
    organisation = user.organisation if user.organisation_id else None
    if organisation is not None:
        box["eligible"] = voting_round.eligibilities.filter(organisation=organisation).exists()
        box["ballot"] = ballot_of(voting_round=voting_round, organisation=organisation)
    return box


def _papers(proposal: Proposal, user) -> list:
    """The proposal's position papers this user may see (previews: working group, board,
    secretariat), each with its download link."""
    papers = list(paper_list(user=user, proposal=proposal))
    for paper in papers:
        paper.download_url = (
            reverse("paper-public", args=[proposal.reference, paper.language])
            if paper_is_public(paper)
            else reverse("api-paper-download", args=[paper.pk])
        )
    return papers


def _history(proposal: Proposal) -> list:
    entries = list(history_list(proposal=proposal))
    for entry in entries:
        entry.label = TRANSITION_PAST.get(entry.transition, entry.transition)
    return entries


def _render_proposal(request, proposal: Proposal, *, notes=None, status=200):
    user = request.user
    consultation = consultation_panel(proposal=proposal, user=user)
    sections = [
        {
            "section": s,
            "html": render_section(s.body, anchor=f"p-{s.pk}"),
            "paragraph_numbers": range(1, len(split_paragraphs(s.body)) + 1),
            "threads": consultation["threads"].get(s.pk, []),
            "amendments": consultation["amendments"].get(s.pk, []),
        }
        for s in proposal.sections.all()
    ]
    current_ids = {s.pk for s in proposal.sections.all()}
    consultation["general"] = [
        c
        for key, thread in consultation["threads"].items()
        if key is None or key not in current_ids
        for c in thread
    ]
    consultation["orphan_amendments"] = [
        a
        for key, items in consultation["amendments"].items()
        if key is None or key not in current_ids
        for a in items
    ]
    versions = list(version_list(proposal=proposal))
    context = {
        "proposal": proposal,
        "sections": sections,
        "summary_html": render_markdown(proposal.summary) if proposal.summary else "",
        "is_member": is_wg_member(user, proposal),
        "is_chair": is_wg_chair(user, proposal),
        "can_edit": is_wg_member(user, proposal) and proposal.is_editable,
        "can_edit_deadline": is_wg_member(user, proposal)
        and proposal.state in (S.DRAFT, S.REVISION, S.CONSULTATION),
        "actions": proposal_actions(proposal, user),
        "notes": notes or {},
        "history": _history(proposal),
        "versions": versions,
        "latest_version": versions[-1] if versions else None,
        "vote": _vote_box(proposal, user),
        "papers": _papers(proposal, user),
        "may_preview": may_request_preview(user, proposal),
        "preview_languages": proposal.procedure.languages,
        "board_decisions": list(
            proposal.board_decisions.select_related("member", "version").order_by("decided_at")
        ),
        "is_board": is_board_member(user),
        "c": consultation,
    }
    return render(request, "workflow/proposal_detail.html", context, status=status)


@login_required
def proposal_detail(request, pk: int):
    return _render_proposal(request, visible_proposal_or_404(request, pk))


@login_required
@require_POST
def proposal_transition(request, pk: int, name: str):
    """Run one transition from the proposal page; a refusal re-shows the page with the note."""
    proposal = visible_proposal_or_404(request, pk)
    form = NoteForm(request.POST)
    note = form.data.get("note", "")[:5000]
    try:
        transition_run(proposal=proposal, name=name, actor=request.user, note=note)
    except (Conflict, PermissionDenied, ValidationError) as exc:
        messages.error(request, transition_error(exc, proposal))
        proposal = visible_proposal_or_404(request, pk)
        return _render_proposal(request, proposal, notes={name: note}, status=409)
    done = TRANSITION_DONE.get(name)
    messages.success(request, str(done) if done else _("Done."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_preview(request, pk: int):
    """Ask for a watermarked draft of the paper (working group, board); rendered after commit."""
    proposal = visible_proposal_or_404(request, pk)
    language = request.POST.get("language") or None
    try:
        paper_preview_request(proposal=proposal, user=request.user, language=language)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("A draft preview is being rendered; it appears under “Position papers” when ready."),
        )
    return redirect(f"{proposal.get_absolute_url()}#papers-h")


# --- the dashboard ------------------------------------------------------------------


def _with_undecided(queryset):
    """Annotate ``undecided``: amendments still waiting for the working group's decision."""
    return queryset.annotate(undecided=Count("amendments", filter=Q(amendments__status="proposed")))


def _in_groups(groups) -> Q:
    return Q(working_group__in=groups)


def dashboard_items(user) -> dict:
    """What needs this user now, per role. Each list holds proposals (or rounds)."""
    now = timezone.now()
    visible = proposal_list(user=user)
    chaired = WorkingGroup.objects.filter(chair=user)
    member_of = WorkingGroup.objects.filter(Q(chair=user) | Q(members=user)).distinct()
    items: dict = {}

    if chaired.exists():
        mine = visible.filter(_in_groups(chaired))
        items["chair"] = {
            "drafts": list(mine.filter(state=S.DRAFT)),
            "consultations": list(
                mine.filter(state=S.CONSULTATION).order_by("consultation_closes_at")
            ),
            "revisions": list(_with_undecided(mine.filter(state=S.REVISION))),
            "votes": list(mine.filter(state=S.VOTING).order_by("voting_closes_at")),
            "rejected": list(mine.filter(state=S.REJECTED)[:5]),
        }
        for proposal in items["chair"]["votes"]:
            proposal.closable = vote_closable(proposal)
    if member_of.exists():
        items["drafting"] = list(
            visible.filter(_in_groups(member_of), state__in=[S.DRAFT, S.REVISION]).order_by(
                "-updated_at"
            )
        )
    if user.organisation_id:
        org = user.organisation
        open_rounds = (
            VotingRound.objects.filter(closed_at__isnull=True, closes_at__gt=now)
            .filter(Exists(Eligibility.objects.filter(round=OuterRef("pk"), organisation=org)))
            .select_related("proposal")
            .order_by("closes_at")
        )
        to_vote, voted = [], []
        ballots = {
            b.round_id: b for b in Ballot.objects.filter(organisation=org, round__in=open_rounds)
        }
        weights = dict(
            Eligibility.objects.filter(organisation=org, round__in=open_rounds).values_list(
                "round_id", "weight"
            )
        )
        for voting_round in open_rounds:
            voting_round.weight = weights.get(voting_round.pk)
            voting_round.ballot = ballots.get(voting_round.pk)
            (voted if voting_round.ballot else to_vote).append(voting_round)
        items["representative"] = {
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
        latest = Version.objects.filter(proposal=OuterRef("pk")).order_by("-number")
        decided = BoardDecision.objects.filter(
            proposal=OuterRef("pk"), member=user, version=Subquery(latest.values("pk")[:1])
        )
        items["board"] = list(
            visible.filter(state=S.BOARD_REVIEW).exclude(Exists(decided)).order_by("updated_at")
        )
    if is_secretariat(user):
        in_flight = [S.CONSULTATION, S.REVISION, S.VOTING, S.BOARD_REVIEW, S.APPROVED]
        by_state = {state: [] for state in in_flight}
        for proposal in visible.filter(state__in=in_flight).order_by("updated_at"):
            by_state[proposal.state].append(proposal)
        items["secretariat"] = [
            {"state": state, "label": S(state).label, "proposals": by_state[state]}
            for state in in_flight
        ]
    return items


def _has_work(items: dict) -> bool:
    def count(value) -> int:
        if isinstance(value, dict):
            return sum(count(v) for k, v in value.items() if k not in ("organisation", "voted"))
        if isinstance(value, list):
            return sum(count(v) if isinstance(v, dict) else 1 for v in value)
        return 0

    return count({k: v for k, v in items.items() if k != "results"}) > 0


@login_required
def dashboard(request):
    items = dashboard_items(request.user)
    return render(
        request,
        "workflow/dashboard.html",
        {"roles": user_roles(user=request.user), "items": items, "has_work": _has_work(items)},
    )


# --- the board page ------------------------------------------------------------------


def _board_entry(proposal: Proposal, user, form=None) -> dict:
    version = proposal.versions.order_by("-number").first()
    decisions = list(
        proposal.board_decisions.filter(version=version)
        .select_related("member")
        .order_by("decided_at")
    )
    voting_round = round_latest(proposal_id=proposal.pk)
    return {
        "proposal": proposal,
        "version": version,
        "decisions": decisions,
        "mine": next((d for d in decisions if d.member_id == user.pk), None),
        "approvals": sum(1 for d in decisions if d.decision == "approve"),
        "required": proposal.procedure.board_approvals_required,
        "round": voting_round,
        "results": results_public(voting_round=voting_round) if voting_round else None,
        "papers": _papers(proposal, user),
        "form": form or BoardDecisionForm(auto_id=f"id_%s_{proposal.pk}"),
    }


def _render_board(request, *, failed=None, status=200):
    """``failed``: (proposal id, bound form) to show again with its errors and note."""
    user = request.user
    visible = proposal_list(user=user)
    entries = []
    for proposal in visible.filter(state=S.BOARD_REVIEW).order_by("updated_at"):
        form = failed[1] if failed and failed[0] == proposal.pk else None
        entries.append(_board_entry(proposal, user, form))
    return render(
        request,
        "workflow/board.html",
        {
            "entries": entries,
            "approved": list(visible.filter(state=S.APPROVED).order_by("-updated_at")[:20]),
        },
        status=status,
    )


@login_required
def board(request):
    if not is_board_member(request.user):
        raise PermissionDenied(_("The board page is for board members."))
    return _render_board(request)


@login_required
@require_POST
def board_decide(request, pk: int):
    """Record the signed-in board member's decision through ``workflow.board``."""
    if not is_board_member(request.user):
        raise PermissionDenied(_("Only board members record board decisions."))
    proposal = visible_proposal_or_404(request, pk)
    form = BoardDecisionForm(request.POST, auto_id=f"id_%s_{proposal.pk}")
    if form.is_valid():
        try:
            board_decision_record(
                proposal=proposal,
                member=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
            return _render_board(request, failed=(proposal.pk, form), status=409)
        else:
            proposal.refresh_from_db()
            messages.success(
                request,
                _("Your decision on %(reference)s is recorded. The proposal is now %(state)s.")
                % {"reference": proposal.reference, "state": proposal.get_state_display()},
            )
            return redirect("board")
    messages.error(request, _("Your decision was not recorded: see the form below."))
    return _render_board(request, failed=(proposal.pk, form), status=400)
