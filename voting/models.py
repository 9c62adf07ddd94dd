"""How members decide: voting rounds with frozen rules and eligibility, ballots, the tally."""

from datetime import datetime

from django.db import models
from django.db.models import ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


#: A ballot's ``choice`` when its weight is divided (``split_yes`` …, SPEC §6).
SPLIT = "split"
BALLOT_CHOICES = [*Choice.choices, (SPLIT, _("Split"))]


def _open(now: datetime) -> Q:
    """A round accepts ballots until it is closed or its closing time has come."""
    return Q(closed_at__isnull=True, closes_at__gt=now)


class VotingRoundQuerySet(models.QuerySet):
    """Where "the round is open and the organisation eligible" is written, once.

    The ballot's PostgreSQL statement (``voting.services._CAST_PG``) spells the
    same rule in SQL, so that a cast stays one statement; keep the two alike.
    Times are the server's clock unless ``now`` is given.
    """

    def open(self, *, now: datetime | None = None) -> "VotingRoundQuerySet":
        """Rounds that accept ballots now."""
        return self.filter(_open(now or timezone.now()))

    def unclosed(self) -> "VotingRoundQuerySet":
        """Rounds not counted yet, open or due (at most one a proposal): while its
        proposal is in voting, the round that holds the vote's deadline."""
        return self.filter(closed_at__isnull=True)

    def due(self, *, now: datetime | None = None) -> "VotingRoundQuerySet":
        """Rounds past their closing time and not closed yet: waiting to be counted."""
        return self.unclosed().filter(closes_at__lte=now or timezone.now())

    def closed(self) -> "VotingRoundQuerySet":
        """Rounds counted and closed: their result is stored and final."""
        return self.filter(closed_at__isnull=False)

    def with_ballot_state(
        self, organisation=None, *, now: datetime | None = None
    ) -> "VotingRoundQuerySet":
        """Each round with ``is_open`` (it accepts ballots now) and ``weight``
        (``organisation``'s frozen weight in it; ``None`` when the organisation is
        not eligible, or not given). A ballot is accepted when both hold."""
        weight = (
            Subquery(
                Eligibility.objects.filter(round=OuterRef("pk"), organisation=organisation).values(
                    "weight"
                )[:1]
            )
            if organisation is not None
            else Value(None, output_field=models.PositiveSmallIntegerField())
        )
        return self.annotate(
            is_open=ExpressionWrapper(
                _open(now or timezone.now()), output_field=models.BooleanField()
            ),
            weight=weight,
        )

    def open_for(self, organisation, *, now: datetime | None = None) -> "VotingRoundQuerySet":
        """Rounds that accept ``organisation``'s ballot now, each with its ``weight``."""
        now = now or timezone.now()
        return self.with_ballot_state(organisation, now=now).filter(
            _open(now), weight__isnull=False
        )


class VotingRound(models.Model):
    """One vote on one version of a proposal.

    The rules (quorum, majority, secrecy) and each eligible organisation's
    weight are copied when the vote opens, so later changes to the procedure
    or the membership never change a vote under way. The result is computed
    once, when the vote closes, and stored here; it never changes afterwards.
    """

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="voting_rounds",
    )
    version = models.ForeignKey(
        "proposals.Version", verbose_name=_("version voted on"), on_delete=models.PROTECT
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closes_at = models.DateTimeField(_("closes at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Frozen rules.
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (%)"))
    majority = models.CharField(_("majority"), max_length=16)
    secret = models.BooleanField(_("secret ballot"))
    eligible_weight = models.PositiveIntegerField(_("eligible weight"))
    proxies_allowed = models.BooleanField(_("proxies allowed"), default=False)
    max_mandates_per_proxy = models.PositiveSmallIntegerField(
        _("maximum mandates per proxy"), default=1
    )
    split_allowed = models.BooleanField(_("split ballots allowed"), default=False)
    # Stored result (set once, at the close).
    yes = models.PositiveIntegerField(_("yes weight"), null=True, blank=True)
    no = models.PositiveIntegerField(_("no weight"), null=True, blank=True)
    abstain = models.PositiveIntegerField(_("abstain weight"), null=True, blank=True)
    turnout_percent = models.DecimalField(
        _("turnout (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    objects = VotingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["opened_at", "id"]
        verbose_name = _("voting round")
        verbose_name_plural = _("voting rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_round_per_proposal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference} v{self.version.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and VotingRound.objects.closed().filter(pk=self.pk).exists():
            raise ValueError("A closed round's result is final.")
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def everyone_voted(self) -> bool:
        """Every eligible organisation has a ballot (``eligible_count`` and
        ``voted_count``, when a list annotated them, spare the two counts)."""
        eligible = getattr(self, "eligible_count", None)
        if eligible is None:
            eligible = self.eligibilities.count()
        voted = getattr(self, "voted_count", None)
        if voted is None:
            voted = self.ballots.count()
        return eligible > 0 and voted >= eligible


class Eligibility(models.Model):
    """An organisation allowed to vote in a round, with its weight at the opening."""

    round = models.ForeignKey(
        VotingRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="eligibilities"
    )
    organisation = models.ForeignKey(
        "members.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    weight = models.PositiveSmallIntegerField(_("weight"))

    class Meta:
        verbose_name = _("eligibility")
        verbose_name_plural = _("eligibilities")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="eligibility_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.weight})"


class Ballot(models.Model):
    """An organisation's ballot in a round: one row, the last cast counts."""

    round = models.ForeignKey(
        VotingRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="ballots"
    )
    organisation = models.ForeignKey(
        "members.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    choice = models.CharField(_("choice"), max_length=8, choices=BALLOT_CHOICES)
    split_yes = models.PositiveSmallIntegerField(_("split: yes"), null=True, blank=True)
    split_no = models.PositiveSmallIntegerField(_("split: no"), null=True, blank=True)
    split_abstain = models.PositiveSmallIntegerField(_("split: abstain"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"))
    receipt = models.CharField(_("receipt"), max_length=14, unique=True)
    by_proxy = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("cast by proxy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cast_by = models.ForeignKey(
        "members.User", verbose_name=_("cast by"), on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="ballot_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(
                    choice=SPLIT,
                    weight=models.F("split_yes") + models.F("split_no") + models.F("split_abstain"),
                )
                | (
                    ~models.Q(choice=SPLIT)
                    & models.Q(
                        split_yes__isnull=True, split_no__isnull=True, split_abstain__isnull=True
                    )
                ),
                name="ballot_split_adds_up",
            ),
        ]

    def __str__(self) -> str:
        # Never the receipt: with the published receipt list it would reveal the choice.
        return f"#{self.pk}"

    @property
    def split(self) -> dict | None:
        """``{yes, no, abstain}`` for a split ballot, else ``None``."""
        if self.choice != SPLIT:
            return None
        return {"yes": self.split_yes, "no": self.split_no, "abstain": self.split_abstain}


class BallotCast(models.Model):
    """Every cast, kept: who cast what for which organisation, and its receipt."""

    round = models.ForeignKey(
        VotingRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="casts"
    )
    organisation = models.ForeignKey(
        "members.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    choice = models.CharField(_("choice"), max_length=8, choices=BALLOT_CHOICES)
    split_yes = models.PositiveSmallIntegerField(_("split: yes"), null=True, blank=True)
    split_no = models.PositiveSmallIntegerField(_("split: no"), null=True, blank=True)
    split_abstain = models.PositiveSmallIntegerField(_("split: abstain"), null=True, blank=True)
    receipt = models.CharField(_("receipt"), max_length=14)
    by_proxy = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("cast by proxy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cast_by = models.ForeignKey(
        "members.User", verbose_name=_("cast by"), on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        ordering = ["cast_at", "id"]
        verbose_name = _("ballot cast")
        verbose_name_plural = _("ballot history")

    def __str__(self) -> str:
        # Never the receipt: with the published receipt list it would reveal the choice.
        return f"#{self.pk}"

    @property
    def split(self) -> dict | None:
        """``{yes, no, abstain}`` for a split ballot, else ``None``."""
        if self.choice != SPLIT:
            return None
        return {"yes": self.split_yes, "no": self.split_no, "abstain": self.split_abstain}


class MandateQuerySet(models.QuerySet):
    def active(self) -> "MandateQuerySet":
        """Mandates not revoked: the proxy may cast for the mandator."""
        return self.filter(revoked_at__isnull=True)


class Mandate(models.Model):
    """An organisation mandates another to cast its ballot on one proposal (SPEC §6).

    Given while the proposal is in revision or voting; ``used_at`` is set by the
    proxy's first cast (from then on it cannot be revoked); the mandator's own
    cast revokes it (``revoked_by`` is then that representative).
    """

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    mandator = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("mandating organisation"),
        on_delete=models.PROTECT,
        related_name="mandates_given",
    )
    proxy = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("proxy"),
        on_delete=models.PROTECT,
        related_name="mandates_held",
    )
    given_by = models.ForeignKey(
        "members.User", verbose_name=_("given by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        "members.User",
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    used_at = models.DateTimeField(_("first used at"), null=True, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "mandator"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_mandate_per_mandator",
            ),
            models.CheckConstraint(
                condition=~models.Q(mandator=models.F("proxy")), name="mandate_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandator} → {self.proxy}"

    @property
    def used(self) -> bool:
        return self.used_at is not None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
