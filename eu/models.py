"""The submission pack of an approved proposal answering an EU initiative (SPEC §12)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """The feedback text as it will go to the portal, and the record of its sending.

    Created on the first edit; until then the pack shows a draft made from the
    adopted summary and section headings (``eu.selectors.feedback_draft``).
    """

    proposal = models.OneToOneField(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="eu_submission",
    )
    feedback_text = models.TextField(_("feedback text"), blank=True)
    #: The paper's language sent as the attachment.
    language = models.CharField(_("language"), max_length=8, default="en")
    submitted_at = models.DateField(_("submitted on"), null=True, blank=True)
    portal_reference = models.CharField(_("portal reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        "members.User",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("EU submission")
        verbose_name_plural = _("EU submissions")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.portal_reference}"
