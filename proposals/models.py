"""What: procedures, proposals (with their state machine), sections and versions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin

from config.limits import HEADING_MAX, SECTION_BODY_MAX, SUMMARY_MAX, TITLE_MAX, max_length
from proposals.states import EDITABLE_STATES, ProposalState
from proposals.transitions import TRANSITION_NAMES, fsm_methods
from proposals.validators import validate_paper_languages

__all__ = ["EDITABLE_STATES", "TRANSITION_NAMES", "ProposalState"]


def default_languages() -> list[str]:
    return ["en"]


#: The rules a procedure sets (SPEC §2), as the admin list and the API show them.
PROCEDURE_RULES = [
    "consultation_required",
    "min_consultation_days",
    "voting_days",
    "quorum_percent",
    "majority",
    "secret_ballot",
    "board_approvals_required",
    "proxies_allowed",
    "max_mandates_per_proxy",
    "split_ballots_allowed",
]


class Procedure(models.Model):
    """A named set of rules chosen when a proposal is created (SPEC §2).

    The secretariat manages procedures. A proposal keeps the procedure it was
    created with; a vote freezes the voting rules when it opens, so editing a
    procedure never changes a vote already under way.
    """

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("Simple: more yes than no")
        ABSOLUTE = "absolute", _("Absolute: yes above half of all cast, abstentions included")
        TWO_THIRDS = "two_thirds", _("Two thirds: yes at least 2/3 of yes and no")

    #: Shown wherever the procedure is chosen, e.g. "Position paper".
    name = models.CharField(_("name"), max_length=120, unique=True)
    #: What the procedure is for, in a sentence or two.
    description = models.TextField(_("description"), blank=True)
    #: Whether a proposal must be consulted on before the vote. When false,
    #: ``open_vote`` may run straight from ``draft``.
    consultation_required = models.BooleanField(
        _("consultation required"),
        default=True,
        help_text=_("When off, the chair may open the vote straight from the draft."),
    )
    #: The shortest consultation allowed: ``consultation_closes_at`` must be at
    #: least this many days after the consultation opens.
    min_consultation_days = models.PositiveSmallIntegerField(
        _("minimum consultation days"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The consultation deadline must be at least this many days away."),
    )
    #: How long a vote stays open; the closing time is set when it opens.
    voting_days = models.PositiveSmallIntegerField(
        _("voting days"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("How many days a vote stays open."),
    )
    #: Share of the eligible weight that must take part (yes, no and
    #: abstentions all count) for the result to be valid.
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Percent of the eligible weight that must vote, abstentions counted."),
    )
    #: Which majority passes: ``simple`` (yes > no), ``absolute`` (yes > half
    #: of all weight cast, abstentions included), ``two_thirds`` (yes ≥ 2/3 of
    #: yes + no).
    majority = models.CharField(
        _("majority"), max_length=16, choices=Majority.choices, default=Majority.SIMPLE
    )
    #: When true, no one but the organisation itself ever sees its choice; only
    #: totals and the receipt list are published.
    secret_ballot = models.BooleanField(
        _("secret ballot"),
        default=False,
        help_text=_("Publish only totals and receipts, never an organisation's choice."),
    )
    #: How many board members must record "approve" before the proposal is
    #: approved (automatically, as soon as that many have).
    board_approvals_required = models.PositiveSmallIntegerField(
        _("board approvals required"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    #: Whether an organisation may mandate another eligible one to cast its
    #: ballot (SPEC §6, proxies). Frozen into the round when the vote opens.
    proxies_allowed = models.BooleanField(
        _("proxies allowed"),
        default=False,
        help_text=_("An organisation may mandate another one to vote for it."),
    )
    #: How many organisations one proxy may vote for, besides itself.
    max_mandates_per_proxy = models.PositiveSmallIntegerField(
        _("maximum mandates per proxy"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many other organisations one organisation may vote for."),
    )
    #: Whether an organisation may divide its weight across yes, no and
    #: abstain. Never with a secret ballot: a published split reveals the weight.
    split_ballots_allowed = models.BooleanField(
        _("split ballots allowed"),
        default=False,
        help_text=_("An organisation may divide its weight across yes, no and abstain."),
    )
    #: Days the board needs to decide, planned before an EU deadline (SPEC §12).
    board_review_days = models.PositiveSmallIntegerField(
        _("board review days"),
        default=7,
        validators=[MaxValueValidator(90)],
        help_text=_("Days planned for the board's review before an EU deadline."),
    )
    #: Days the translations need after approval, planned before an EU deadline.
    translation_days = models.PositiveSmallIntegerField(
        _("translation days"),
        default=5,
        validators=[MaxValueValidator(90)],
        help_text=_("Days planned for translations before an EU deadline."),
    )
    #: Language codes the position paper is rendered in, e.g. ``["en", "fr"]``.
    languages = models.JSONField(
        _("paper languages"),
        default=default_languages,
        validators=[validate_paper_languages],
        help_text=_('EU language codes, e.g. ["en", "fr"].'),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_percent__lte=100), name="procedure_quorum_lte_100"
            ),
            models.CheckConstraint(
                condition=models.Q(board_approvals_required__gte=1),
                name="procedure_board_approvals_gte_1",
            ),
            models.CheckConstraint(
                condition=models.Q(max_mandates_per_proxy__gte=1),
                name="procedure_max_mandates_gte_1",
            ),
            models.CheckConstraint(
                condition=~models.Q(split_ballots_allowed=True, secret_ballot=True),
                name="procedure_no_split_secret_ballot",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        procedure_rules_check(
            split_ballots_allowed=self.split_ballots_allowed, secret_ballot=self.secret_ballot
        )


SPLIT_WITH_SECRET = _(
    "Split ballots cannot be combined with a secret ballot: a published split would "
    "reveal the organisation's weight, and so the organisation."
)


def procedure_rules_check(*, split_ballots_allowed: bool, secret_ballot: bool) -> None:
    """The rule between procedure flags (SPEC §6): no split ballots in a secret ballot."""
    if split_ballots_allowed and secret_ballot:
        raise ValidationError(
            {"split_ballots_allowed": ValidationError(SPLIT_WITH_SECRET, code="split_secret")}
        )


S = ProposalState
ProposalTransitions = fsm_methods()


class Proposal(FSMModelMixin, ProposalTransitions, models.Model):
    """A policy proposition on its way from draft to published position paper.

    ``state`` changes only through the transitions declared in
    ``proposals.transitions`` (one django-fsm-2 method each, inherited from
    ``ProposalTransitions``), and those run only through
    ``workflow.services.transition_run``.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.TextField(_("summary"), blank=True, validators=max_length(SUMMARY_MAX))
    working_group = models.ForeignKey(
        "members.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="proposals"
    )
    #: The language the working group writes in; the procedure's other languages
    #: are translations of it (SPEC §11).
    source_language = models.CharField(
        _("source language"), max_length=8, choices=settings.PAPER_LANGUAGES, default="en"
    )
    state = FSMField(_("state"), default=S.DRAFT, choices=S.choices, protected=True, db_index=True)
    consultation_closes_at = models.DateTimeField(
        _("consultation closes at"), null=True, blank=True
    )
    #: The deadline the chair asks for the next vote. When the vote opens, its round
    #: takes it (``VotingRound.closes_at``, the one store while voting) and this is
    #: cleared; reads go through ``proposal_list``'s ``voting_deadline``.
    voting_closes_at = models.DateTimeField(_("voting closes at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "members.User",
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("proposal-detail", args=[self.pk])

    def translation_languages(self) -> list[str]:
        """The procedure's languages other than the source: the ones translated."""
        return [code for code in self.procedure.languages if code != self.source_language]


class Section(models.Model):
    """An ordered part of a proposal's working text: a heading and a Markdown body.

    ``revision`` counts saves; an edit must name the revision it was based on
    so two editors never silently overwrite each other.
    """

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=HEADING_MAX)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Markdown."), validators=max_length(SECTION_BODY_MAX)
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading


class VersionQuerySet(models.QuerySet):
    """Versions of one proposal, usually through ``proposal.versions``."""

    def newest_first(self) -> "VersionQuerySet":
        return self.order_by("-number")

    def newest(self) -> "Version | None":
        """The latest version (the highest number), or ``None``.

        ``proposal.versions.newest()`` is the proposal's latest snapshot (in board
        review: the text voted on); ``proposal.versions.adopted().newest()`` its
        adopted text."""
        return self.newest_first().first()

    def adopted(self) -> "VersionQuerySet":
        """The adopted-text snapshots, taken on approval."""
        return self.filter(reason=Version.Reason.ADOPTED)


class Version(models.Model):
    """An immutable, numbered snapshot of a proposal's text.

    Taken when consultation opens, when a vote opens (the text voted on) and on
    approval (the adopted text). ``sections`` is a list of
    ``{"id", "heading", "body"}`` in order.
    """

    class Reason(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation opened")
        VOTE = "vote", _("Vote opened")
        ADOPTED = "adopted", _("Adopted text")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.TextField(_("summary"), blank=True)
    sections = models.JSONField(_("sections"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Versions are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Versions are immutable.")


class ReferenceCounter(models.Model):
    """The last reference number handed out per year (``PP-2026-007``)."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class BoardDecisionQuerySet(models.QuerySet):
    def of_review(self, version: Version | None) -> "BoardDecisionQuerySet":
        """The decisions of one board review: the one on ``version``, the version voted
        on (a proposal voted again comes back with a new version: a new review)."""
        return self.filter(version=version)

    def approvals(self) -> "BoardDecisionQuerySet":
        return self.filter(decision=BoardDecision.Decision.APPROVE)


class BoardDecision(models.Model):
    """One board member's decision in one board review (SPEC §7)."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        RETURN = "return", _("Return for revision")
        REJECT = "reject", _("Reject")

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="board_decisions",
    )
    #: The text under review (the version voted on). A proposal returned for
    #: revision and voted again comes back with a new version: a new review.
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.User", verbose_name=_("board member"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    note = models.TextField(_("note"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    objects = BoardDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("board decision")
        verbose_name_plural = _("board decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "member"], name="board_decision_once_per_review"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.decision} {self.proposal.reference}"


class EuInitiative(models.Model):
    """The EU initiative a proposal answers (SPEC §12), set by the WG chair.

    ``closes_at`` is the end of the closing day in Brussels: 24:00
    Europe/Brussels, i.e. 00:00 local of the next day (``eu_closes_at``).
    """

    class Kind(models.TextChoices):
        CALL_FOR_EVIDENCE = "call_for_evidence", _("Call for evidence")
        PUBLIC_CONSULTATION = "public_consultation", _("Public consultation")
        DRAFT_ACT = "draft_act", _("Draft act")
        OTHER = "other", _("Other")

    proposal = models.OneToOneField(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="eu_initiative",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    url = models.URLField(_("link"), max_length=500)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    closes_at = models.DateTimeField(_("closes at"))
    reference = models.CharField(_("Commission reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("EU initiative")
        verbose_name_plural = _("EU initiatives")

    def __str__(self) -> str:
        return self.title
