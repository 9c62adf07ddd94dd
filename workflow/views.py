"""Pages that gather the work of every app or start transitions: the proposal
page, the action that runs a transition, the preview request, the dashboard
and the board page. Their read models live in ``workflow.presenters``; every
write goes through a service (``transition_run``, ``board_decision_record``,
``paper_preview_request``), which enforces the same rules again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from config.conflict import Conflict
from config.drafts import draft_take, posts_only, signin_keeps_text
from config.once import acts_once
from consultations.presenters import section_amendments, section_threads
from members.rules import rules_enforce
from members.selectors import user_roles
from papers.services import paper_preview_request
from proposals.forms import BoardDecisionForm, NoteForm
from proposals.guards import STATE_GUARD, refusal_text
from proposals.models import Proposal
from proposals.transitions import transition_get
from proposals.views import add_errors, error_text, visible_proposal_or_404
from workflow import presenters
from workflow.board import board_decision_record
from workflow.services import transition_run


def transition_error(exc: Exception, proposal: Proposal) -> str:
    """A refused transition as the person's to-do list rather than guard names."""
    if isinstance(exc, Conflict) and exc.failed_guards:
        guards = [g for g in exc.failed_guards if g != STATE_GUARD]
        if not guards:
            return _("This is not possible while the proposal is %(state)s.") % {
                "state": proposal.get_state_display()
            }
        return _("Not yet: %(todo)s") % {
            "todo": " ".join(refusal_text(g, proposal) for g in guards)
        }
    return error_text(exc)


def _refusal_status(exc: Exception) -> int:
    """How a refused transition answers, as in the API."""
    if isinstance(exc, PermissionDenied):
        return 403
    return 400 if isinstance(exc, ValidationError) else 409


def _render_proposal(request, proposal: Proposal, *, notes=None, status=200):
    context = presenters.proposal_page(proposal, request.user, notes=notes)
    return render(request, "workflow/proposal_detail.html", context, status=status)


@login_required
def proposal_detail(request, pk: int):
    return _render_proposal(request, visible_proposal_or_404(request, pk))


def _section_or_404(proposal: Proposal, sid: int | None):
    if sid is None:
        return None
    section = proposal.sections.filter(pk=sid).first()
    if section is None:
        raise Http404
    return section


def _list_response(request, proposal: Proposal, partial: str, page: str, context: dict):
    """The list alone when htmx asks (into the proposal page), else inside the layout
    with the proposal's breadcrumbs: the same address serves both."""
    embedded = request.headers.get("HX-Request") == "true"
    context = {
        **context,
        "proposal": proposal,
        "embedded": embedded,
        "back_url": proposal.get_absolute_url(),
        # the paragraph links (#p-…) lead to the text on the proposal page
        "text_url": "" if embedded else proposal.get_absolute_url(),
    }
    response = render(request, partial if embedded else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def comments_page(request, pk: int, sid: int | None = None):
    """The threads of one section (or, without ``sid``, on the whole proposal), a page
    at a time: what the proposal page loads on demand, and its link without JavaScript.
    Seen by whoever sees the proposal page (a hidden draft is a 404)."""
    proposal = visible_proposal_or_404(request, pk)
    section = _section_or_404(proposal, sid)
    panel = section_threads(
        proposal=proposal, user=request.user, section_id=sid, page_number=request.GET.get("page")
    )
    if section is None:
        title = _("Comments on the whole proposal")
        list_url = reverse("general-comments", args=[pk])
    else:
        title = _("Comments on “%(heading)s”") % {"heading": section.heading}
        list_url = reverse("section-comments", args=[pk, sid])
    context = {
        "c": panel,
        "threads": panel["threads"],
        "page": panel["page"],
        "title": title,
        "list_url": list_url,
    }
    return _list_response(
        request, proposal, "consultations/_threads.html", "consultations/threads.html", context
    )


@login_required
@require_GET
def amendments_page(request, pk: int, sid: int | None = None):
    """The amendments of one section (or, without ``sid``, of sections deleted since):
    what the proposal page loads on demand, and its link without JavaScript."""
    proposal = visible_proposal_or_404(request, pk)
    section = _section_or_404(proposal, sid)
    panel = section_amendments(proposal=proposal, user=request.user, section_id=sid)
    if section is None:
        title = _("Amendments to sections deleted since")
    else:
        title = _("Amendments to “%(heading)s”") % {"heading": section.heading}
    context = {"c": panel, "amendments": panel["amendments"], "title": title}
    return _list_response(
        request,
        proposal,
        "consultations/_amendments.html",
        "consultations/amendments.html",
        context,
    )


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def proposal_transition(request, pk: int, name: str):
    """Run one transition from the proposal page. A refusal shows the page again with
    the note, answering as the API does: 403 for the role, 400 for the note, 409 for
    the state or a guard. A GET (back after signing in again) shows the page with
    the note kept when the post could not be made."""
    proposal = visible_proposal_or_404(request, pk)
    spec = transition_get(name)
    if spec is None:
        raise Http404
    if request.method == "GET":
        draft = draft_take(request)
        if draft is None:
            return redirect(proposal)
        return _render_proposal(request, proposal, notes={name: draft.get("note", "")})
    form = NoteForm(request.POST)
    note = form.data.get("note", "")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["note"])
        transition_run(proposal=proposal, name=name, actor=request.user, note=note)
    except (Conflict, PermissionDenied, ValidationError) as exc:
        messages.error(request, transition_error(exc, proposal))
        proposal = visible_proposal_or_404(request, pk)
        return _render_proposal(request, proposal, notes={name: note}, status=_refusal_status(exc))
    messages.success(request, str(spec.done) if spec.done else _("Done."))
    return redirect(proposal)


def _preview_message(paper, *, fresh: bool) -> str:
    """What the preview request did, by the paper's real status."""
    if paper.status == paper.Status.READY:
        return _("A draft preview of this text is ready under “Position papers”.")
    if not fresh:
        return _(
            "A draft preview in this language is already being rendered; it appears "
            "under “Position papers” when ready."
        )
    return _("A draft preview is being rendered; it appears under “Position papers” when ready.")


@login_required
@posts_only(lambda request, pk: reverse("proposal-detail", args=[pk]) + "#papers-h")
def proposal_preview(request, pk: int):
    """Ask for a watermarked draft of the paper (working group, board); rendered after
    commit, or the unfinished / unchanged preview of that language returned."""
    proposal = visible_proposal_or_404(request, pk)
    language = request.POST.get("language") or None
    asked_at = timezone.now()
    try:
        paper = paper_preview_request(proposal=proposal, user=request.user, language=language)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        paper.refresh_from_db(fields=["status"])
        messages.success(request, _preview_message(paper, fresh=paper.created_at >= asked_at))
    return redirect(f"{proposal.get_absolute_url()}#papers-h")


@login_required
@require_GET
def proposal_papers(request, pk: int):
    """The papers list alone: what the proposal and board pages poll (htmx) while a
    paper is pending or rendering."""
    proposal = visible_proposal_or_404(request, pk)
    where = "board" if request.GET.get("where") == "board" else "proposal"
    panel = presenters.papers_panel(proposal, request.user, where=where)
    response = render(request, "workflow/_papers_live.html", {"panel": panel})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def dashboard(request):
    items = presenters.dashboard_items(request.user)
    return render(
        request,
        "workflow/dashboard.html",
        {
            "roles": user_roles(user=request.user),
            "items": items,
            "has_work": presenters.has_work(items),
        },
    )


def _render_board(request, *, failed=None, status=200):
    context = presenters.board_page(request.user, failed=failed)
    return render(request, "workflow/board.html", context, status=status)


@login_required
def board(request):
    rules_enforce("workflow.view_board", request.user)
    return _render_board(request)


def _papers_message(proposal: Proposal) -> str:
    """After an approval: where the papers are, by their real status."""
    papers = list(proposal.papers.official().of_latest_adoption().values_list("status", flat=True))
    if not papers:
        return ""
    if all(status == "ready" for status in papers):
        return _("Its papers are ready.")
    if "failed" in papers:
        return _("A paper could not be rendered: see the papers below.")
    return _("Its papers are being rendered; they appear below when ready.")


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def board_decide(request, pk: int):
    """Record the signed-in board member's decision through ``workflow.board``. A GET
    (back after signing in again) shows the board with the decision kept unsent."""
    rules_enforce("workflow.view_board", request.user)
    proposal = visible_proposal_or_404(request, pk)
    if request.method == "GET":
        draft = draft_take(request)
        if draft is None:
            return redirect("board")
        kept = BoardDecisionForm(draft, auto_id=f"id_%s_{proposal.pk}")
        return _render_board(request, failed=(proposal.pk, kept))
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
            recorded = _(
                "Your decision on %(reference)s is recorded. The proposal is now %(state)s."
            )
            done = recorded % {
                "reference": proposal.reference,
                "state": proposal.get_state_display(),
            }
            papers = _papers_message(proposal)
            messages.success(request, f"{done} {papers}" if papers else done)
            return redirect("board")
    messages.error(request, _("Your decision was not recorded: see the form below."))
    return _render_board(request, failed=(proposal.pk, form), status=400)
