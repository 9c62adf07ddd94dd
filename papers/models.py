"""What leaves the building: position papers rendered from an adopted version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from proposals.models import ProposalState, Version


def paper_upload_to(paper: "PositionPaper", filename: str) -> str:
    """``papers/PP-2026-007/PP-2026-007-v5-en.pdf``; previews under ``previews/``."""
    reference = paper.proposal.reference
    return f"papers/{reference}/{filename}"


class PaperQuerySet(models.QuerySet):
    """The rules that pick papers, each spelled once.

    ``PositionPaper.objects`` is this QuerySet's manager, and so is every
    reverse relation (``proposal.papers``, ``version.papers``). The same rules
    on one paper in hand are ``PositionPaper.is_ready``, ``is_official_ready``
    and ``is_public``; a test keeps the two spellings in step.
    """

    def official(self) -> "PaperQuerySet":
        """Not a preview."""
        return self.filter(preview=False)

    def ready(self) -> "PaperQuerySet":
        """Rendered: ready, with its file."""
        return self.filter(status=PositionPaper.Status.READY).exclude(file="")

    def adopted(self) -> "PaperQuerySet":
        """Of an adopted version (the text the members voted and the board approved)."""
        return self.filter(version__reason=Version.Reason.ADOPTED)

    def official_ready(self) -> "PaperQuerySet":
        """The official papers one can read: ready, not a preview, of an adopted version."""
        return self.official().adopted().ready()

    def of_latest_adoption(self) -> "PaperQuerySet":
        """Papers of their proposal's latest adopted version (none if it has none)."""
        latest = (
            Version.objects.filter(proposal_id=models.OuterRef("proposal_id"))
            .adopted()
            .newest_first()
            .values("pk")[:1]
        )
        return self.filter(version=models.Subquery(latest))

    def public(self) -> "PaperQuerySet":
        """Anyone may download them: official and ready, of a published proposal."""
        return self.official_ready().filter(proposal__state=ProposalState.PUBLISHED)


class PositionPaper(models.Model):
    """One rendered PDF of a proposal in one language.

    An *official* paper (``preview=False``) belongs to the adopted version and
    is created, pending, when the proposal is approved: one per language of
    the procedure (unique per version and language). Rendering it always gives
    the same bytes; ``sha256``, ``pages`` and ``size`` describe them.

    A *preview* (``preview=True``) renders the working text as it was when
    someone asked for it, watermarked as a draft. It has no ``version``: a
    version is an official, numbered snapshot of the text (consultation, vote,
    adoption), and a preview asked for at any moment must not add to that
    history. The text it renders is kept in ``snapshot`` instead. Previews are
    never shown publicly.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        #: A worker has started it (set when the render begins).
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="papers",
    )
    #: The adopted version this paper renders; empty for previews.
    version = models.ForeignKey(
        "proposals.Version",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="papers",
        null=True,
        blank=True,
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.PAPER_LANGUAGES, db_index=True
    )
    #: A watermarked draft of the working text, never published.
    preview = models.BooleanField(_("preview"), default=False)
    #: For previews: the working text when the preview was asked for
    #: (``{"title", "summary", "sections": [{"id", "heading", "body"}]}``).
    snapshot = models.JSONField(_("text snapshot"), null=True, blank=True)
    #: For previews: SHA-256 of the snapshot, so unchanged text is served from the
    #: earlier render (``papers.services.paper_preview_request``).
    snapshot_sha256 = models.CharField(_("text snapshot SHA-256"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        "members.User",
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("file"), upload_to=paper_upload_to, blank=True, max_length=255)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    #: Size of the PDF in bytes.
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    #: The last render error (kept when a retry then succeeds, cleared on success).
    error = models.TextField(_("error"), blank=True)
    #: How many renders have started (a worker lost mid-render counts too).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("last render started at"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "preview", "language", "id"]
        verbose_name = _("position paper")
        verbose_name_plural = _("position papers")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"],
                condition=models.Q(preview=False),
                name="paper_once_per_version_language",
            ),
            models.CheckConstraint(
                condition=models.Q(preview=True) | models.Q(version__isnull=False),
                name="paper_official_has_version",
            ),
            # SPEC §7: at most one preview waiting or rendering per proposal and language.
            models.UniqueConstraint(
                fields=["proposal", "language"],
                condition=models.Q(preview=True, status__in=["pending", "rendering"]),
                name="paper_one_unfinished_preview",
            ),
        ]
        indexes = [
            models.Index(
                fields=["proposal", "language", "snapshot_sha256"],
                condition=models.Q(preview=True),
                name="paper_preview_snapshot",
            )
        ]

    def __str__(self) -> str:
        version = f"v{self.version.number}" if self.version else ""
        kind = gettext("preview") if self.preview else version
        return f"{self.proposal.reference} {kind} {self.language}".strip()

    @property
    def is_unfinished(self) -> bool:
        """Still to be rendered, or being rendered: its status may change any moment."""
        return self.status in (self.Status.PENDING, self.Status.RENDERING)

    @property
    def error_summary(self) -> str:
        """The failure in one line (the last line of the recorded traceback)."""
        lines = [line.strip() for line in self.error.splitlines() if line.strip()]
        return lines[-1] if lines else ""

    @property
    def is_ready(self) -> bool:
        """``PaperQuerySet.ready`` on this paper."""
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_official_ready(self) -> bool:
        """``PaperQuerySet.official_ready`` on this paper."""
        return (
            not self.preview
            and self.is_ready
            and self.version is not None
            and self.version.reason == Version.Reason.ADOPTED
        )

    @property
    def is_public(self) -> bool:
        """``PaperQuerySet.public`` on this paper."""
        return self.is_official_ready and self.proposal.state == ProposalState.PUBLISHED

    def file_name(self) -> str:
        """The PDF's file name: deterministic for official papers."""
        reference = self.proposal.reference
        if self.preview:
            return f"previews/{reference}-preview-{self.pk}-{self.language}.pdf"
        return f"{reference}-v{self.version.number}-{self.language}.pdf"
