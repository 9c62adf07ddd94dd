"""Consultation pages: post comments and replies, propose, support and decide amendments,
hide a comment, read the consultation report.

Every write goes through ``consultations.services``; a refusal comes back as a
message in the user's language, and whatever the person typed is shown again.
The comments and amendments themselves are listed on the proposal page and,
when long, on their own lists (``workflow.views``); after a post the user is
sent where the comment or amendment shows (``presenters.comment_url``,
``amendment_url``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.conflict import Conflict
from config.drafts import draft_take, posts_only, signin_keeps_text
from config.once import acts_once
from consultations import merge, services
from consultations.forms import AmendmentDecisionForm, AmendmentForm, CommentForm, HideForm
from consultations.models import AmendmentKind, Comment
from consultations.presenters import (
    amendment_diff,
    amendment_key,
    amendment_url,
    comment_url,
    competitors,
    report_amendments,
)
from consultations.selectors import (
    amendment_get,
    amendment_list,
    comment_get,
    consultation_report,
)
from members.rules import rules_enforce
from proposals.models import Section
from proposals.selectors import proposal_get
from proposals.text import render_markdown, render_section, split_paragraphs
from proposals.views import add_errors, error_text, visible_proposal_or_404

REFUSALS = (Conflict, PermissionDenied, ValidationError)


def _status(exc: Exception) -> int:
    if isinstance(exc, Conflict):
        return 409
    if isinstance(exc, PermissionDenied):
        return 403
    return 400


def _section_of(proposal, section_id):
    if section_id is None:
        return None
    section = Section.objects.filter(pk=section_id, proposal=proposal).first()
    if section is None:
        raise ValidationError({"section": [_("That section is not in this proposal.")]})
    return section


def _parent_of(proposal, parent_id):
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id, proposal=proposal).first()
    if parent is None:
        raise ValidationError({"parent": [_("That comment is not in this proposal.")]})
    return parent


# --- comments -----------------------------------------------------------------------


def _comment_kept(request, proposal):
    """The retry page with the comment kept when it could not be posted (signed out)."""
    draft = draft_take(request)
    if draft is None:
        return redirect(proposal)
    form = CommentForm(draft, paragraphs=1000)
    form.is_valid()
    section = parent = None
    try:
        section = _section_of(proposal, form.cleaned_data.get("section"))
        parent = _parent_of(proposal, form.cleaned_data.get("parent"))
    except ValidationError:
        pass
    paragraphs = len(split_paragraphs(section.body)) if section else 0
    return render(
        request,
        "consultations/comment_retry.html",
        {
            "proposal": proposal,
            "form": CommentForm(draft, paragraphs=paragraphs),
            "section": section,
            "parent": parent,
        },
    )


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def comment_post(request, pk: int):
    """Post a comment or a reply; a refusal shows the typed text again with the reason.

    A GET is the way back after signing in again: the text kept when the post
    could not be made, on the retry page; with nothing kept, the proposal."""
    proposal = visible_proposal_or_404(request, pk)
    if request.method == "GET":
        return _comment_kept(request, proposal)
    form = CommentForm(request.POST, paragraphs=1000)
    section = parent = None
    try:
        if not form.is_valid():
            raise ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        data = form.cleaned_data
        section = _section_of(proposal, data["section"])
        parent = _parent_of(proposal, data["parent"])
        comment = services.comment_create(
            proposal=proposal,
            author=request.user,
            body=data["body"],
            section=section,
            paragraph=data["paragraph"],
            parent=parent,
        )
    except REFUSALS as exc:
        messages.error(request, error_text(exc))
        paragraphs = len(split_paragraphs(section.body)) if section else 0
        retry = CommentForm(request.POST, paragraphs=paragraphs)
        if isinstance(exc, ValidationError):
            retry.is_valid()
            add_errors(retry, exc)
        return render(
            request,
            "consultations/comment_retry.html",
            {"proposal": proposal, "form": retry, "section": section, "parent": parent},
            status=_status(exc),
        )
    messages.success(request, _("Your comment is posted."))
    return redirect(comment_url(comment))


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def comment_hide_page(request, cid: int):
    comment = comment_get(pk=cid)
    if comment is None:
        raise Http404
    proposal = visible_proposal_or_404(request, comment.proposal_id)
    try:
        rules_enforce("consultations.hide_comment", request.user, comment)
    except Conflict as exc:  # already hidden; a refused role is a 403 page
        messages.error(request, error_text(exc))
        return redirect(comment_url(comment))
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_hide(
                comment=comment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except REFUSALS as exc:
            messages.error(request, error_text(exc))
            return redirect(comment_url(comment))
        else:
            messages.success(
                request, _("The comment is hidden. Its text stays in the audit trail.")
            )
            return redirect(comment_url(comment))
    return render(
        request,
        "consultations/comment_hide.html",
        {
            "proposal": proposal,
            "comment": comment,
            "html": render_markdown(comment.body),
            "form": form,
            "back_url": comment_url(comment),
        },
    )


# --- amendments ---------------------------------------------------------------------


def _amendment_initial(request, paragraphs: list[str]) -> dict:
    """The form's start: replace paragraph 1 with its text, or what the link asks for
    (``?paragraph=N&kind=replace|insert_after|delete``); replacing starts from the
    paragraph's own text, so one edits it rather than retypes it."""
    kind = request.GET.get("kind", "")
    if kind not in AmendmentKind.values:
        kind = AmendmentKind.REPLACE
    number = request.GET.get("paragraph", "")
    number = int(number) if number.isdigit() else 1
    if not 0 <= number <= len(paragraphs):
        number = 1
    initial = {"kind": kind, "paragraph": number}
    if kind == AmendmentKind.REPLACE and 1 <= number <= len(paragraphs):
        initial["text"] = paragraphs[number - 1]
    return initial


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def amendment_new(request, pk: int, sid: int):
    """Propose a change to one paragraph of a section, seeing the numbered paragraphs."""
    proposal = visible_proposal_or_404(request, pk)
    section = Section.objects.filter(pk=sid, proposal=proposal).first()
    if section is None:
        raise Http404
    try:
        rules_enforce("consultations.propose_amendment", request.user, proposal)
    except Conflict as exc:  # the consultation is not open; a refused role is a 403 page
        messages.error(request, error_text(exc))
        return redirect(proposal)
    paragraphs = split_paragraphs(section.body)
    form = AmendmentForm(
        request.POST or draft_take(request),
        paragraphs=paragraphs,
        initial=_amendment_initial(request, paragraphs),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            amendment = services.amendment_create(
                proposal=proposal,
                author=request.user,
                section=section,
                kind=data["kind"],
                paragraph=data["paragraph"],
                text=data["text"],
                justification=data["justification"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
            status = 400
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
            status = _status(exc)
        else:
            messages.success(
                request,
                _("Your amendment is proposed on behalf of %(org)s.")
                % {"org": request.user.organisation.name},
            )
            return redirect(amendment_url(amendment))
    return render(
        request,
        "consultations/amendment_new.html",
        {
            "proposal": proposal,
            "section": section,
            "html": render_section(section.body, anchor=f"p-{section.pk}"),
            "form": form,
            # Each paragraph's text, for the "start from the text" links and plenum.js.
            "paragraphs": list(enumerate(paragraphs, start=1)),
            "paragraph_texts": paragraphs,
        },
        status=status,
    )


def _amendment_page(request, aid: int) -> str:
    """Where the support button is; nowhere that tells a hidden proposal exists."""
    amendment = amendment_get(pk=aid)
    if amendment is None or proposal_get(user=request.user, pk=amendment.proposal_id) is None:
        return reverse("dashboard")
    return amendment_url(amendment)


@login_required
@posts_only(_amendment_page)
@acts_once
def amendment_support_post(request, aid: int):
    amendment = amendment_get(pk=aid)
    if amendment is None:
        raise Http404
    visible_proposal_or_404(request, amendment.proposal_id)  # a hidden draft: 404
    try:
        services.amendment_support(amendment=amendment, user=request.user)
    except REFUSALS as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("%(org)s now supports this amendment.") % {"org": request.user.organisation.name},
        )
    return redirect(amendment_url(amendment))


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def amendment_decide_page(request, aid: int):
    """The chair decides one amendment, seeing the paragraph then and now."""
    amendment = amendment_get(pk=aid)
    if amendment is None:
        raise Http404
    proposal = visible_proposal_or_404(request, amendment.proposal_id)
    form = AmendmentDecisionForm(
        request.POST or draft_take(request), initial={"text": amendment.text}
    )
    conflict = None
    status = 200
    try:  # the page asks what the post would: the chair, in revision, still undecided
        rules_enforce("consultations.decide_amendment", request.user, amendment)
        refused = ""
    except (Conflict, PermissionDenied) as exc:
        refused = error_text(exc)
        if request.method == "POST":
            messages.error(request, refused)
            status = _status(exc)
    if request.method == "POST" and not refused and form.is_valid():
        data = form.cleaned_data
        text = data["text"] if data["decision"] == "accepted_with_changes" else ""
        try:
            services.amendment_decide(
                amendment=amendment,
                actor=request.user,
                decision=data["decision"],
                response=data["response"],
                text=text,
            )
        except ValidationError as exc:
            add_errors(form, exc)
            status = 400
        except Conflict as exc:
            messages.error(request, error_text(exc))
            conflict = exc.extra.get("current") if exc.extra else None
            status = 409
        except PermissionDenied as exc:
            messages.error(request, error_text(exc))
            status = 403
        else:
            messages.success(request, _("The amendment is decided."))
            return redirect(amendment_url(amendment))
    paragraphs = split_paragraphs(amendment.section.body) if amendment.section else []
    current = merge.paragraph_at(paragraphs, amendment.paragraph)
    # The same paragraph amended by others: the chair decides one knowing the rest.
    listed = [amendment if a.pk == amendment.pk else a for a in amendment_list(proposal=proposal)]
    back_url = amendment_url(amendment)
    return render(
        request,
        "consultations/amendment_decide.html",
        {
            "proposal": proposal,
            "amendment": amendment,
            "current": current,
            # Accepting as proposed would conflict: the paragraph it was made
            # against is no longer in the text (moved paragraphs are found).
            "changed": not refused and merge.locate(merge.Change.of(amendment), paragraphs) is None,
            "diff": amendment_diff(amendment),
            "competitors": competitors(listed, amendment_key)[id(amendment)],
            # where the amendment shows; its competitors (same section) show beside it
            "back_url": back_url,
            "list_url": back_url.partition("#")[0],
            "form": form,
            "conflict": conflict,
            "refused": refused,
        },
        status=status,
    )


# --- the report ---------------------------------------------------------------------


@login_required
def report_page(request, pk: int):
    proposal = visible_proposal_or_404(request, pk)
    report = consultation_report(proposal=proposal)
    report_amendments(report, dict(proposal.versions.values_list("number", "sections")))
    return render(request, "consultations/report.html", {"proposal": proposal, "report": report})
