"""When: the append-only log of every transition."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TransitionLog(models.Model):
    """One row per transition that ran: who, when, from, to, note.

    Append-only: the model refuses updates and deletes, and on PostgreSQL a
    trigger makes the database refuse them too (migration 0002).
    """

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="transition_log",
    )
    transition = models.CharField(_("transition"), max_length=40)
    source = models.CharField(_("from"), max_length=20)
    target = models.CharField(_("to"), max_length=20)
    #: Empty when the system ran it (deadline sweep, automatic approval).
    actor = models.ForeignKey(
        "members.User",
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("transition log entry")
        verbose_name_plural = _("transition log")

    def __str__(self) -> str:
        return f"{self.transition}: {self.source} → {self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The transition log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The transition log is append-only.")
