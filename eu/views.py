"""Pages: linking an EU initiative, the submission pack (SPEC §12)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.conflict import Conflict
from eu.forms import EuInitiativeForm, FeedbackForm, RecordForm
from eu.presenters import country_name, paper_download_url
from eu.rules import is_approved
from eu.selectors import CHECKLIST, language_name, submission_pack
from eu.services import submission_record, submission_update
from members.rules import rules_enforce
from papers.models import PositionPaper
from proposals.planning import closing_day, eu_closes_at
from proposals.services import eu_initiative_set
from proposals.views import _refuse, add_errors, visible_proposal_or_404


@login_required
@require_http_methods(["GET", "POST"])
def eu_initiative_page(request, pk: int):
    proposal = visible_proposal_or_404(request, pk)
    try:
        rules_enforce("proposals.link_eu_initiative", request.user, proposal)
    except (Conflict, PermissionDenied) as exc:
        return _refuse(request, proposal, exc)
    initiative = getattr(proposal, "eu_initiative", None)
    initial = {}
    if initiative:
        initial = {
            "title": initiative.title,
            "url": initiative.url,
            "kind": initiative.kind,
            "closing_day": closing_day(initiative.closes_at),
            "reference": initiative.reference,
        }
    form = EuInitiativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and "remove" in request.POST:
        eu_initiative_set(proposal=proposal, actor=request.user, data=None)
        messages.success(request, _("The EU initiative was unlinked."))
        return redirect(proposal)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["closes_at"] = eu_closes_at(data.pop("closing_day"))
        try:
            eu_initiative_set(proposal=proposal, actor=request.user, data=data)
        except ValidationError as exc:
            form.add_error("closing_day", exc.messages[0])
        else:
            messages.success(request, _("The EU initiative was linked."))
            return redirect(proposal)
    return render(request, "eu/initiative.html", {"proposal": proposal, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def submission_page(request, pk: int):
    proposal = visible_proposal_or_404(request, pk)
    if not is_approved(request.user, proposal):
        return _refuse(
            request,
            proposal,
            Conflict(_("The submission pack is ready once the proposal is approved.")),
        )
    pack = submission_pack(proposal=proposal)
    languages = pack["attachment"]["languages"]
    feedback = FeedbackForm(
        initial={
            "feedback_text": pack["feedback_text"],
            "language": pack["organisation"]["language"],
        },
        languages=languages,
    )
    # Once recorded, the form holds what was recorded: correcting it starts from there.
    record = RecordForm(
        initial={"submitted_at": pack["submitted_at"], "portal_reference": pack["portal_reference"]}
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "record":
                record = RecordForm(request.POST)
                if record.is_valid():
                    submission_record(proposal=proposal, actor=request.user, **record.cleaned_data)
                    messages.success(request, _("The submission was recorded."))
                    return redirect("eu-submission", pk=pk)
            else:
                feedback = FeedbackForm(request.POST, languages=languages)
                if feedback.is_valid():
                    submission_update(
                        proposal=proposal, actor=request.user, **feedback.cleaned_data
                    )
                    messages.success(request, _("The feedback text was saved."))
                    return redirect("eu-submission", pk=pk)
        except ValidationError as exc:
            add_errors(record if request.POST.get("action") == "record" else feedback, exc)
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, str(exc.detail if isinstance(exc, Conflict) else exc))
    checklist = [{"label": CHECKLIST[k], "ok": ok} for k, ok in pack["checklist"].items()]
    attachment = pack["attachment"]["paper"]
    if attachment is not None:  # the file to upload to the portal, one click away
        paper = PositionPaper.objects.select_related("proposal").get(pk=attachment)
        attachment = paper_download_url(paper)
    return render(
        request,
        "eu/submission.html",
        {
            "proposal": proposal,
            "pack": pack,
            "attachment_url": attachment,
            "checklist": checklist,
            "language_name": language_name(pack["organisation"]["language"]),
            "country_name": country_name(
                pack["organisation"]["country"], pack["organisation"]["language"]
            ),
            "feedback": feedback,
            "record": record,
            "may_edit": rules.has_perm("eu.edit_submission", request.user, proposal),
            "may_record": rules.has_perm("eu.record_submission", request.user, proposal),
        },
    )
