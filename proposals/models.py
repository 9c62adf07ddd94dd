"""What: procedures, proposals (with their state machine), sections and versions."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from proposals.validators import validate_paper_languages


def default_languages() -> list[str]:
    return ["en"]


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
        ]

    def __str__(self) -> str:
        return self.name
