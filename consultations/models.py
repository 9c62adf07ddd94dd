"""What members say: comments, amendments (with supports and decisions).

Nothing here is edited after posting except what the workflow adds: a comment
is only ever hidden (its text stays, for the audit trail); an amendment is
only ever supported and then decided once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.limits import (
    AMENDMENT_TEXT_MAX,
    COMMENT_MAX,
    HEADING_MAX,
    HIDE_REASON_MAX,
    JUSTIFICATION_MAX,
    RESPONSE_MAX,
    max_length,
)


class Comment(models.Model):
    """A comment on a proposal, on one of its sections, or on a numbered paragraph.

    ``parent`` makes a reply; replies go one level deep and sit where their
    parent sits (same section and paragraph). The secretariat may hide a
    comment with a reason: the API then shows it to nobody, but ``body``
    stays in the database for the audit trail.
    """

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    #: ``None`` for a comment on the whole proposal (or on a section deleted since).
    section = models.ForeignKey(
        "proposals.Section",
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    #: Paragraph number in the section (from 1), as ``split_paragraphs`` counts them.
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        "members.User", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    #: The organisation the author represented when posting, if any.
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("text"), help_text=_("Markdown."), validators=max_length(COMMENT_MAX))
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        "members.User",
        verbose_name=_("hidden by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(
        _("reason for hiding"), blank=True, validators=max_length(HIDE_REASON_MAX)
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["proposal", "section"], name="comment_proposal_section")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paragraph__isnull=True) | models.Q(paragraph__gte=1),
                name="comment_paragraph_gte_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}#{self.pk} {self.author}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class AmendmentKind(models.TextChoices):
    REPLACE = "replace", _("Replace the paragraph")
    INSERT_AFTER = "insert_after", _("Insert after the paragraph")
    DELETE = "delete", _("Delete the paragraph")


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    ACCEPTED_WITH_CHANGES = "accepted_with_changes", _("Accepted with changes")
    REJECTED = "rejected", _("Rejected")


class AmendmentDecision(models.TextChoices):
    """The statuses a decision may set (every status but ``proposed``)."""

    ACCEPTED = AmendmentStatus.ACCEPTED.value, AmendmentStatus.ACCEPTED.label
    ACCEPTED_WITH_CHANGES = (
        AmendmentStatus.ACCEPTED_WITH_CHANGES.value,
        AmendmentStatus.ACCEPTED_WITH_CHANGES.label,
    )
    REJECTED = AmendmentStatus.REJECTED.value, AmendmentStatus.REJECTED.label


class Amendment(models.Model):
    """A member organisation's proposed change to one paragraph of a section.

    Recorded at posting: the version of the text it was made against and the
    paragraph's text then (``base_text``), so a decision can tell whether the
    paragraph has changed since. Decided once, in ``revision``, by the chair.
    """

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    #: ``None`` only if the section was deleted afterwards; ``section_heading`` keeps its name.
    section = models.ForeignKey(
        "proposals.Section",
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="amendments",
    )
    #: The section's heading when the amendment was posted.
    section_heading = models.CharField(_("section heading"), max_length=HEADING_MAX)
    kind = models.CharField(_("kind"), max_length=16, choices=AmendmentKind.choices)
    #: Paragraph number (from 1). ``insert_after`` also accepts 0: before the first paragraph.
    paragraph = models.PositiveIntegerField(_("paragraph"))
    #: The proposed text (Markdown): the new paragraph for ``replace`` and
    #: ``insert_after``; empty for ``delete``.
    text = models.TextField(
        _("proposed text"), blank=True, validators=max_length(AMENDMENT_TEXT_MAX)
    )
    justification = models.TextField(_("justification"), validators=max_length(JUSTIFICATION_MAX))
    #: The paragraph's text when the amendment was posted (empty for ``insert_after`` 0).
    base_text = models.TextField(_("paragraph text when proposed"), blank=True)
    #: The proposal's latest version when the amendment was posted.
    version = models.ForeignKey(
        "proposals.Version",
        verbose_name=_("made against version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    author = models.ForeignKey(
        "members.User", verbose_name=_("posted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=AmendmentStatus.choices,
        default=AmendmentStatus.PROPOSED,
        db_index=True,
    )
    #: The working group's answer; required with every decision.
    response = models.TextField(_("response"), blank=True, validators=max_length(RESPONSE_MAX))
    #: The text the working group merged (``accepted_with_changes`` only).
    merged_text = models.TextField(
        _("merged text"), blank=True, validators=max_length(AMENDMENT_TEXT_MAX)
    )
    decided_by = models.ForeignKey(
        "members.User",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AmendmentKind.values), name="amendment_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AmendmentStatus.values),
                name="amendment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(paragraph__gte=1) | models.Q(kind="insert_after"),
                name="amendment_paragraph_gte_1",
            ),
        ]

    def __str__(self) -> str:
        return _("Amendment %(id)s by %(org)s") % {"id": self.pk, "org": self.organisation}

    @property
    def is_decided(self) -> bool:
        return self.status != AmendmentStatus.PROPOSED


class AmendmentSupport(models.Model):
    """An organisation's support for another organisation's amendment: once each."""

    amendment = models.ForeignKey(
        Amendment, verbose_name=_("amendment"), on_delete=models.CASCADE, related_name="supports"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        "members.User", verbose_name=_("given by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("amendment support")
        verbose_name_plural = _("amendment supports")
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "organisation"], name="amendment_support_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.amendment_id}"
