"""Pages of the proposals app: list, create, edit, sections, versions and diffs.

Views stay thin: they read through ``proposals.selectors``, write through
``proposals.services`` and turn the services' refusals (``Conflict``,
``PermissionDenied``, ``ValidationError``) into messages in the user's
language. The proposal page itself, which gathers the work of every app
(actions, consultation, vote, papers), lives in ``workflow.views``.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.conflict import Conflict
from config.drafts import draft_take, signin_keeps_text
from config.once import acts_once
from members.models import WorkingGroup
from members.rules import rules_enforce
from proposals.filters import ProposalFilter
from proposals.forms import (
    ProposalCreateForm,
    ProposalEditForm,
    SectionCreateForm,
    SectionForm,
)
from proposals.models import Proposal, Section
from proposals.selectors import proposal_get, proposal_list, version_get, version_list
from proposals.services import (
    proposal_create,
    proposal_update,
    section_create,
    section_delete,
    section_update,
)
from proposals.templatetags.plenum import when
from proposals.text import diff_sections, diff_words, render_markdown, render_section

PAGE_SIZE = 25

# --- shared by every app's pages ------------------------------------------------


def error_text(exc: Exception) -> str:
    """A service's refusal as one sentence for a message (already in the user's language)."""
    if isinstance(exc, Conflict):
        return str(exc.detail)
    if isinstance(exc, PermissionDenied):
        return str(exc.args[0]) if exc.args else _("You are not allowed to do this.")
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form's fields (or the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def visible_proposal_or_404(request, pk: int) -> Proposal:
    """The proposal if the user may see it; hidden drafts are a 404, as in the API."""
    proposal = proposal_get(user=request.user, pk=pk)
    if proposal is None:
        raise Http404
    return proposal


def section_dicts(proposal: Proposal) -> list[dict]:
    """The working text in the shape of a version's ``sections``."""
    return [{"id": s.pk, "heading": s.heading, "body": s.body} for s in proposal.sections.all()]


def _groups_of(user):
    return WorkingGroup.objects.filter(Q(chair=user) | Q(members=user)).distinct().order_by("name")


def _refuse(request, proposal: Proposal, exc: Exception):
    messages.error(request, error_text(exc))
    return redirect(proposal)


# --- list and create ------------------------------------------------------------


@login_required
def proposal_list_page(request):
    """The list with ``ProposalFilter``'s filters; a bad value only leaves its filter out."""
    filters = ProposalFilter(
        request.GET or None, queryset=proposal_list(user=request.user), user=request.user
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/list.html",
        {
            "form": filters.form,
            "page": page,
            "query": query.urlencode(),
            "filtered": filters.applied,
            "can_create": _groups_of(request.user).exists(),
        },
    )


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def proposal_create_page(request):
    groups = _groups_of(request.user)
    if not groups.exists():
        raise PermissionDenied(_("Only members of a working group may draft proposals."))
    form = ProposalCreateForm(
        request.POST or draft_take(request),
        groups=groups,
        timezone_name=request.user.timezone,
        may_set_deadline=groups.filter(chair=request.user).exists(),
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        deadline = fields.pop("consultation_closes_at", None)
        refused = "working_group"  # the field a refusal belongs to
        try:
            # one transaction: a deadline the edit form would refuse creates no draft
            with transaction.atomic():
                proposal = proposal_create(actor=request.user, **fields)
                if deadline is not None:
                    refused = "consultation_closes_at"
                    # the edit's service and rules: the chair's, the procedure's minimum away
                    proposal = proposal_update(
                        proposal=proposal, actor=request.user, consultation_closes_at=deadline
                    )
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(refused, error_text(exc))
        else:
            messages.success(
                request,
                _("Proposal %(reference)s created. Add its sections next.")
                % {"reference": proposal.reference},
            )
            return redirect(proposal)
    return render(request, "proposals/create.html", {"form": form})


# --- edit -----------------------------------------------------------------------


def _theirs_text(value) -> str:
    """A value someone else saved, as the conflict shows it: a deadline in the user's zone."""
    if isinstance(value, datetime):
        return when(value)
    if value is None:
        return _("no deadline set")  # the one field that may be empty and not a text
    return value


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def proposal_edit_page(request, pk: int):
    proposal = visible_proposal_or_404(request, pk)
    try:
        rules_enforce("proposals.edit_proposal", request.user, proposal)
    except Conflict as exc:
        return _refuse(request, proposal, exc)
    initial = {
        "title": proposal.title,
        "summary": proposal.summary,
        "consultation_closes_at": proposal.consultation_closes_at,
    }
    form = ProposalEditForm(
        request.POST or draft_take(request),
        initial=initial,
        proposal=proposal,
        user=request.user,
        timezone_name=request.user.timezone,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = form.changed_values()
        if not changes:
            messages.info(request, _("Nothing was changed."))
            return redirect(proposal)
        conflict = form.saved_meanwhile(changes)
        if conflict:
            # Two tabs: theirs is shown beside yours, nothing is written over.
            form.rebase()
            return render(
                request,
                "proposals/edit.html",
                {
                    "proposal": proposal,
                    "form": form,
                    "conflict": [
                        (form[name].label, _theirs_text(theirs))
                        for name, theirs in conflict.items()
                    ],
                },
                status=409,
            )
        try:
            proposal_update(proposal=proposal, actor=request.user, **changes)
        except ValidationError as exc:
            add_errors(form, exc)
        except (Conflict, PermissionDenied) as exc:
            return _refuse(request, proposal, exc)
        else:
            messages.success(request, _("The proposal was saved."))
            return redirect(proposal)
    return render(request, "proposals/edit.html", {"proposal": proposal, "form": form})


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def section_add_page(request, pk: int):
    proposal = visible_proposal_or_404(request, pk)
    try:
        rules_enforce("proposals.edit_text", request.user, proposal)
    except Conflict as exc:
        return _refuse(request, proposal, exc)
    sections = list(proposal.sections.all())
    form = SectionCreateForm(request.POST or draft_take(request), sections=sections)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            section = section_create(
                proposal=proposal,
                actor=request.user,
                heading=data["heading"],
                body=data["body"],
                position=data["position"] or None,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except (Conflict, PermissionDenied) as exc:
            return _refuse(request, proposal, exc)
        else:
            messages.success(
                request, _("Section “%(heading)s” added.") % {"heading": section.heading}
            )
            return redirect(f"{proposal.get_absolute_url()}#section-{section.pk}")
    return render(request, "proposals/section_add.html", {"proposal": proposal, "form": form})


@signin_keeps_text
@require_http_methods(["GET", "POST"])
@acts_once
def section_edit_page(request, pk: int, sid: int):
    """Edit one section; a stale revision shows both texts instead of losing either."""
    proposal = visible_proposal_or_404(request, pk)
    section = get_object_or_404(Section, pk=sid, proposal=proposal)
    try:
        rules_enforce("proposals.edit_text", request.user, proposal)
    except Conflict as exc:
        if request.method == "GET":
            return _refuse(request, proposal, exc)
        # a post goes on to the service, which answers the same under the lock
    conflict = None
    if request.method == "POST":
        form = SectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                section_update(
                    section=section,
                    actor=request.user,
                    revision=data["revision"],
                    heading=data["heading"],
                    body=data["body"],
                )
            except Conflict as exc:
                current = exc.extra.get("current")
                if current is None:
                    return _refuse(request, proposal, exc)
                conflict = {
                    "theirs": current,
                    "theirs_html": render_section(current["body"], anchor="theirs"),
                    "diff": diff_words(current["body"], data["body"]),
                }
                # The next save is made knowing their text: base it on their revision.
                form = SectionForm(
                    initial={
                        "heading": data["heading"],
                        "body": data["body"],
                        "revision": current["revision"],
                    }
                )
            except ValidationError as exc:
                add_errors(form, exc)
            except PermissionDenied as exc:
                return _refuse(request, proposal, exc)
            else:
                messages.success(
                    request, _("Section “%(heading)s” saved.") % {"heading": data["heading"]}
                )
                return redirect(f"{proposal.get_absolute_url()}#section-{section.pk}")
    elif (draft := draft_take(request)) is not None:
        form = SectionForm(draft)  # kept when it could not be saved; its revision too
    else:
        form = SectionForm(
            initial={"heading": section.heading, "body": section.body, "revision": section.revision}
        )
    return render(
        request,
        "proposals/section_edit.html",
        {"proposal": proposal, "section": section, "form": form, "conflict": conflict},
    )


@login_required
@require_http_methods(["GET", "POST"])
@acts_once
def section_delete_page(request, pk: int, sid: int):
    proposal = visible_proposal_or_404(request, pk)
    section = get_object_or_404(Section, pk=sid, proposal=proposal)
    try:
        rules_enforce("proposals.edit_text", request.user, proposal)
    except Conflict as exc:
        return _refuse(request, proposal, exc)
    if request.method == "POST":
        try:
            section_delete(section=section, actor=request.user)
        except (Conflict, PermissionDenied, ValidationError) as exc:
            return _refuse(request, proposal, exc)
        messages.success(
            request, _("Section “%(heading)s” deleted.") % {"heading": section.heading}
        )
        return redirect(proposal)
    return render(
        request,
        "proposals/section_delete.html",
        {
            "proposal": proposal,
            "section": section,
            "html": render_section(section.body, anchor="del"),
        },
    )


# --- versions -------------------------------------------------------------------


def _version_or_404(proposal: Proposal, number: int):
    version = version_get(proposal=proposal, number=number)
    if version is None:
        raise Http404
    return version


@login_required
def version_page(request, pk: int, number: int):
    proposal = visible_proposal_or_404(request, pk)
    version = _version_or_404(proposal, number)
    sections = [
        {
            **s,
            "html": render_section(s["body"], anchor=f"v{version.number}-{s['id']}"),
        }
        for s in version.sections
    ]
    return render(
        request,
        "proposals/version.html",
        {
            "proposal": proposal,
            "version": version,
            "sections": sections,
            "summary_html": render_markdown(version.summary) if version.summary else "",
            "versions": list(version_list(proposal=proposal)),
        },
    )


@login_required
def version_diff_page(request, pk: int, a: int, b: int | None = None):
    """Compare version ``a`` with version ``b``, or with the working text when ``b`` is None."""
    proposal = visible_proposal_or_404(request, pk)
    old = _version_or_404(proposal, a)
    if b is None:
        new_sections = section_dicts(proposal)
        new_label = _("the working text")
        new_title, new_summary = proposal.title, proposal.summary
    else:
        new = _version_or_404(proposal, b)
        new_sections = new.sections
        new_label = _("version %(number)s") % {"number": new.number}
        new_title, new_summary = new.title, new.summary
    changes = diff_sections(old.sections, new_sections)
    changed_count = sum(1 for c in changes if c["change"] != "same")
    title_diff = diff_words(old.title, new_title) if old.title != new_title else ""
    summary_diff = diff_words(old.summary, new_summary) if old.summary != new_summary else ""
    return render(
        request,
        "proposals/diff.html",
        {
            "proposal": proposal,
            "old": old,
            "b": b,
            "new_label": new_label,
            "title_diff": title_diff,
            "summary_diff": summary_diff,
            "changes": changes,
            "changed_count": changed_count,
            # Opening the vote on an unrevised text: say so, not "0 sections changed".
            "unchanged": not (changed_count or title_diff or summary_diff),
            "versions": list(version_list(proposal=proposal)),
        },
    )
