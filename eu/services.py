"""Writes of the EU submission pack (SPEC §12): no transition, so plain services."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.conflict import Conflict
from eu.models import Submission
from eu.selectors import (
    CHECKLIST,
    feedback_draft,
    submission_language,
    submission_languages,
    submission_pack,
)
from members.models import User
from members.rules import rules_enforce
from proposals.models import Proposal
from proposals.services import proposal_lock


def _submission(proposal: Proposal) -> Submission:
    submission = Submission.objects.filter(proposal=proposal).first()
    if submission is None:
        submission = Submission(
            proposal=proposal,
            feedback_text=feedback_draft(proposal=proposal),
            language=submission_language(proposal=proposal, submission=None),
        )
    return submission


@transaction.atomic
def submission_update(
    *, proposal: Proposal, actor: User, feedback_text: str | None = None, language: str = ""
) -> Submission:
    """Save the feedback text and/or the pack's language (the attachment's, declared
    to the portal). Over the portal's limit the text is saved all the same: the pack
    then says it is not ready, and the submission cannot be recorded. A language
    without a ready paper is a 400 that names the ones there are."""
    proposal = proposal_lock(pk=proposal.pk)
    rules_enforce("eu.edit_submission", actor, proposal)
    submission = _submission(proposal)
    if language:
        languages = submission_languages(proposal=proposal)
        if language not in languages:
            raise ValidationError(
                {
                    "language": [
                        _("There is no ready paper in “%(language)s”; choose one of: %(ready)s.")
                        % {"language": language, "ready": ", ".join(languages) or "—"}
                    ]
                },
                code="no_paper",
            )
        submission.language = language
    if feedback_text is not None:
        # Browsers post line breaks as \r\n; the portal counts one per break.
        submission.feedback_text = feedback_text.replace("\r\n", "\n").replace("\r", "\n")
    submission.save()
    return submission


@transaction.atomic
def submission_record(
    *, proposal: Proposal, actor: User, submitted_at: date, portal_reference: str
) -> Submission:
    """The secretariat records the answer sent through the portal: refused (409) until
    the pack is ready (text within the limit, the paper within its size)."""
    proposal = proposal_lock(pk=proposal.pk)
    rules_enforce("eu.record_submission", actor, proposal)
    if submitted_at > timezone.localdate():
        raise ValidationError({"submitted_at": [_("The submission date cannot be in the future.")]})
    pack = submission_pack(proposal=proposal)
    if not pack["ready"]:
        missing = [str(CHECKLIST[name]) for name, ok in pack["checklist"].items() if not ok]
        raise Conflict(
            _("The submission pack is not ready: %(missing)s.") % {"missing": ", ".join(missing)},
            "pack_not_ready",
        )
    submission = _submission(proposal)
    submission.submitted_at = submitted_at
    submission.portal_reference = portal_reference
    submission.recorded_by = actor
    submission.save()
    return submission
