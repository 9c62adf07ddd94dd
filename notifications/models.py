"""Emails to members (SPEC §8): one row per email, recorded before it is sent, and
one row per reminder claimed.

The tables began in the workflow app (``workflow/0003``); ``0001`` here took the
models over without touching them and ``0002`` renamed the tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    CONSULTATION_OPENED = "consultation_opened", _("Consultation opened")
    CONSULTATION_CLOSED = "consultation_closed", _("Consultation closed")
    VOTE_OPENED = "vote_opened", _("Vote opened")
    CONSULTATION_REMINDER = "consultation_reminder", _("Consultation closes soon")
    VOTE_REMINDER = "vote_reminder", _("Vote closes soon")
    VOTE_RESULT = "vote_result", _("Vote result")
    BOARD_REVIEW = "board_review", _("Board review requested")
    PAPER_PUBLISHED = "paper_published", _("Position paper published")
    TRANSLATION_NEEDED = "translation_needed", _("Translation needed")


class Reminder(models.Model):
    """One organisation reminded of one deadline: the claim, written before any email.

    Unique per (kind, proposal, organisation, deadline): two reminder runs at
    once, or a run retried after a crash, cannot both claim it, so an
    organisation is reminded at most once per deadline. A deadline moved later
    is another deadline, and gets its own reminder.
    """

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        VOTE = "vote", _("Vote")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    deadline = models.DateTimeField(_("deadline"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "proposal", "organisation", "deadline"],
                name="reminder_once_per_organisation_and_deadline",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.proposal_id} {self.organisation_id} {self.deadline:%Y-%m-%d %H:%M}"
        )


class Notification(models.Model):
    """One email to one person, recorded before it is sent.

    The row is the once-only guard: it is unique per (kind, transition,
    recipient) for the emails of an event and per (reminder, recipient) for a
    reminder, and a send first moves it from ``pending`` to ``sending`` with a
    conditional update, so a task that runs twice sends nothing the second
    time. A failed send goes back to ``pending`` with the error and is retried;
    after the last retry it ends ``failed``, error kept. A recipient without an
    address is ``skipped``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    Kind = NotificationKind

    kind = models.CharField(_("kind"), max_length=24, choices=NotificationKind.choices)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    #: The transition that caused an event email (empty for reminders).
    transition = models.ForeignKey(
        "workflow.TransitionLog",
        verbose_name=_("transition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    #: The reminder this email belongs to (empty for event emails).
    reminder = models.ForeignKey(
        Reminder,
        verbose_name=_("reminder"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    #: The voting round an email about a vote names (vote opened, reminder, result).
    voting_round = models.ForeignKey(
        "voting.VotingRound",
        verbose_name=_("voting round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient = models.ForeignKey(
        "members.User",
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    #: The address it went to (the recipient's address when it was recorded).
    address = models.EmailField(_("address"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    #: The last error (kept when a retry then succeeds).
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    #: When the last send started (``sending``) or the row was last touched.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "transition", "recipient"],
                condition=models.Q(transition__isnull=False),
                name="notification_once_per_event_and_recipient",
            ),
            models.UniqueConstraint(
                fields=["reminder", "recipient"],
                condition=models.Q(reminder__isnull=False),
                name="notification_once_per_reminder_and_recipient",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(transition__isnull=False, reminder__isnull=True)
                    | models.Q(transition__isnull=True, reminder__isnull=False)
                ),
                name="notification_event_or_reminder",
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="notification_status_age")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.address or self.recipient_id} ({self.status})"
