"""Writes of translations: a save from the page or the API, an XLIFF import.

Each write locks the proposal row (as every text edit does), checks the rule,
then the whole input, and saves all of it or nothing.
"""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from config.conflict import Conflict
from config.limits import HEADING_MAX, SECTION_BODY_MAX, SUMMARY_MAX, TITLE_MAX
from members.models import User
from members.rules import rules_enforce
from proposals.models import Proposal
from proposals.services import proposal_lock
from translations.models import Translation
from translations.rules import TranslationTarget
from translations.selectors import (
    translation_detail,
    translation_language_check,
    translation_source,
)
from translations.signals import translation_saved
from translations.status import Unit

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _limit_of(unit_id: str) -> int:
    """A unit's limit: the source field's (SPEC §14), whichever way the text comes in."""
    if unit_id == "title":
        return TITLE_MAX
    if unit_id == "summary":
        return SUMMARY_MAX
    if unit_id.endswith(".heading"):
        return HEADING_MAX
    return SECTION_BODY_MAX


def _check_text(unit_id: str, text: str, errors: dict) -> None:
    # A translated paragraph is one paragraph: a blank line would make it two
    # and shift every number after it.
    if _BLANK_LINE.search(text.strip()):
        errors[unit_id] = [_("A translated paragraph cannot contain a blank line.")]
    if "\x00" in text:
        errors[unit_id] = [_("The text contains a NUL character.")]
    try:
        MaxLengthValidator(_limit_of(unit_id))(text.strip("\n"))
    except DjangoValidationError as exc:
        errors[unit_id] = exc.messages


def _save(
    *, proposal: Proposal, language: str, actor: User, changes: dict[Unit, str]
) -> Translation:
    translation, _created = Translation.objects.select_for_update().get_or_create(
        proposal=proposal, language=language
    )
    units = dict(translation.units)
    for unit, text in changes.items():
        if text.strip():
            units[unit.key] = {"text": text.strip("\n"), "source": unit.source}
        else:
            units.pop(unit.key, None)
    translation.units = units
    translation.revision += 0 if _created else 1
    translation.updated_by = actor
    translation.save()
    transaction.on_commit(
        lambda: translation_saved.send(Translation, proposal_id=proposal.pk, language=language),
        robust=True,
    )
    return translation


def _locked(proposal: Proposal, language: str, actor: User) -> Proposal:
    locked = proposal_lock(pk=proposal.pk)
    translation_language_check(locked, language)
    rules_enforce("translations.translate", actor, TranslationTarget(locked, language))
    return locked


@transaction.atomic
def translation_update(
    *,
    proposal: Proposal,
    language: str,
    actor: User,
    revision: int,
    title: str | None = None,
    summary: str | None = None,
    sections: list[dict] | None = None,
) -> Translation:
    """Save some units of ``language`` edited from ``revision`` (API.md PATCH).

    ``sections``: ``[{"section": n, "heading"?: str, "paragraphs"?: [{"paragraph": m,
    "text": str}]}]`` by the source's numbers. An empty text clears the unit. A
    section or paragraph the source does not have is a 400 naming it; a stale
    ``revision`` a 409 carrying the current translation.
    """
    proposal = _locked(proposal, language, actor)
    current = Translation.objects.filter(proposal=proposal, language=language).first()
    current_revision = current.revision if current else 0
    if revision != current_revision:
        raise Conflict(
            _("Someone else saved this translation since you opened it. Their text is below."),
            "edit_conflict",
            extra={"current": translation_detail(proposal=proposal, language=language)},
        )
    source = translation_source(proposal)
    by_id = {u.id: u for u in source.units}
    wanted: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    if title is not None:
        wanted["title"] = title
    if summary is not None:
        if "summary" not in by_id and summary.strip():
            errors["summary"] = [_("The source has no summary to translate.")]
        wanted["summary"] = summary
    for index, section in enumerate(sections or []):
        number = section["section"]
        if not 1 <= number <= len(source.text.get("sections", [])):
            errors[f"sections[{index}].section"] = [
                _("The source has no section %(n)s.") % {"n": number}
            ]
            continue
        if "heading" in section:
            wanted[f"s{number}.heading"] = section["heading"]
        for paragraph in section.get("paragraphs", []):
            unit_id = f"s{number}.p{paragraph['paragraph']}"
            if unit_id not in by_id:
                errors[unit_id] = [
                    _("The source has no paragraph %(n)s.")
                    % {"n": f"{number}.{paragraph['paragraph']}"}
                ]
                continue
            wanted[unit_id] = paragraph["text"]
    for unit_id, text in wanted.items():
        if unit_id not in by_id and text.strip():
            errors.setdefault(unit_id, [_("The source has nothing to translate here.")])
        _check_text(unit_id, text, errors)
    if errors:
        raise ValidationError(errors)
    changes = {by_id[k]: v for k, v in wanted.items() if k in by_id}
    return _save(proposal=proposal, language=language, actor=actor, changes=changes)


@transaction.atomic
def translation_import(
    *, proposal: Proposal, language: str, actor: User, units: dict[str, tuple[str, str]]
) -> Translation:
    """Import ``{unit id: (source, target)}`` read from an XLIFF file: all of them or
    none. Refused with a 400 naming them: units the text does not have (unknown),
    units of the text the file lacks (missing), units whose source is not today's
    (mismatched: translated from another text)."""
    proposal = _locked(proposal, language, actor)
    by_id = {u.id: u for u in translation_source(proposal).units}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(units) - set(by_id))
    missing = [u for u in by_id if u not in units]
    mismatched = [
        k for k, (source, _t) in units.items() if k in by_id and by_id[k].source != source
    ]
    if unknown:
        errors["unknown_units"] = unknown
    if missing:
        errors["missing_units"] = missing
    if mismatched:
        errors["mismatched_units"] = mismatched
    for unit_id, (_source, target) in units.items():
        _check_text(unit_id, target, errors)
    if errors:
        raise ValidationError(errors)
    changes = {by_id[k]: target for k, (_s, target) in units.items()}
    return _save(proposal=proposal, language=language, actor=actor, changes=changes)
