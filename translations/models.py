"""Translations of a proposal's text, paragraph by paragraph (SPEC §11)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from translations.status import language_status, source_units, unit_status


class TranslationQuerySet(models.QuerySet):
    def of(self, language: str) -> "TranslationQuerySet":
        return self.filter(language=language)

    def statuses(self, text: dict, languages: list[str]) -> dict[str, str]:
        """Each language's status (``translations.status``) against ``text``; a
        language with no row is ``missing``."""
        units = source_units(text)
        stored = dict(self.filter(language__in=languages).values_list("language", "units"))
        return {
            language: language_status([unit_status(u, stored.get(language, {})) for u in units])
            for language in languages
        }

    def complete_in(self, text: dict, languages: list[str]) -> bool:
        """Every one of ``languages`` complete against ``text`` (the publish guard)."""
        return all(s == "complete" for s in self.statuses(text, languages).values())


class Translation(models.Model):
    """One language of a proposal's text.

    ``units`` maps a unit's storage key (``title``, ``summary``, ``<section id>.h``
    for a heading, ``<section id>.<n>`` for paragraph n) to ``{"text", "source"}``:
    the translated text and the source text it was translated from. A unit whose
    ``source`` differs from today's source text is *outdated*; the status of a
    unit and of the language is computed in ``translations.status``, nowhere else.

    One row per proposal and language follows the text from version to version:
    a unit whose source is unchanged stays done in the next version, a changed
    one becomes outdated and keeps its old source to show beside the new one.
    ``revision`` counts saves, for the same stale-edit protection as sections.
    """

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.PAPER_LANGUAGES)
    units = models.JSONField(_("units"), default=dict, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_by = models.ForeignKey(
        "members.User",
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TranslationQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "language"], name="translation_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.language}"


class Translator(models.Model):
    """A user the secretariat names to translate into one language (any proposal)."""

    user = models.ForeignKey(
        "members.User",
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="translator_languages",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.PAPER_LANGUAGES)

    class Meta:
        ordering = ["language", "user"]
        verbose_name = _("translator")
        verbose_name_plural = _("translators")
        constraints = [
            models.UniqueConstraint(fields=["user", "language"], name="translator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"
