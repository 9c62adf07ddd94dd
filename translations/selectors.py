"""Reads of translations: what a language's translation stands on and how far it is."""

from dataclasses import dataclass

from django.http import Http404

from proposals.models import Proposal, ProposalState, Version
from proposals.selectors import version_text, working_text
from proposals.text import join_paragraphs, split_paragraphs
from translations.models import Translation
from translations.status import (
    DONE,
    OUTDATED,
    Unit,
    language_status,
    source_units,
    unit_status,
)

S = ProposalState


@dataclass
class Source:
    """The text translated now: the adopted version once approved, else the working
    text (``version``: the latest snapshot, what the working text was last frozen as)."""

    text: dict
    version: Version | None
    units: list[Unit]


def translation_source(proposal: Proposal) -> Source:
    version = None
    if proposal.state in (S.APPROVED, S.PUBLISHED):
        version = proposal.versions.adopted().newest()
    if version is not None:
        text = version_text(version)
    else:
        text, version = working_text(proposal), proposal.versions.newest()
    return Source(text=text, version=version, units=source_units(text))


def translation_language_check(proposal: Proposal, language: str) -> None:
    """404 unless ``language`` is one the procedure translates into."""
    if language not in proposal.translation_languages():
        raise Http404(f"No translation into {language!r} in this procedure.")


def _stored(proposal: Proposal, language: str) -> tuple[dict, int]:
    row = Translation.objects.filter(proposal=proposal, language=language).first()
    return (row.units, row.revision) if row else ({}, 0)


def _unit_view(unit: Unit, stored: dict) -> dict:
    entry = stored.get(unit.key) or {}
    status = unit_status(unit, stored)
    return {
        "unit": unit.id,
        "section": unit.section,
        "paragraph": unit.paragraph,
        "source": unit.source,
        "text": entry.get("text", ""),
        "status": status,
        # what it was translated from, when that is no longer the source
        "old_source": entry.get("source", "") if status == OUTDATED else "",
    }


def translation_summaries(*, proposal: Proposal) -> list[dict]:
    """One line per translated language (API.md "Translations", the list)."""
    source = translation_source(proposal)
    languages = proposal.translation_languages()
    rows = dict(
        Translation.objects.filter(proposal=proposal, language__in=languages).values_list(
            "language", "units"
        )
    )
    result = []
    for language in languages:
        stored = rows.get(language, {})
        statuses = [unit_status(u, stored) for u in source.units]
        result.append(
            {
                "language": language,
                "status": language_status(statuses),
                "version": source.version.number if source.version else None,
                "done_paragraphs": statuses.count(DONE),
                "total_paragraphs": len(statuses),
                "outdated": [
                    {"unit": u.id, "section": u.section, "paragraph": u.paragraph}
                    for u, s in zip(source.units, statuses, strict=True)
                    if s == OUTDATED
                ],
            }
        )
    return result


def translation_detail(*, proposal: Proposal, language: str) -> dict:
    """The language side by side with the source, unit by unit (API.md, the detail)."""
    translation_language_check(proposal, language)
    source = translation_source(proposal)
    stored, revision = _stored(proposal, language)
    views = [_unit_view(u, stored) for u in source.units]
    by_id = {v["unit"]: v for v in views}
    sections = []
    for number, section in enumerate(source.text.get("sections", []), start=1):
        heading = by_id.get(f"s{number}.heading")
        sections.append(
            {
                "section": number,
                "source_heading": section.get("heading", ""),
                "heading": heading["text"] if heading else "",
                "heading_status": heading["status"] if heading else DONE,
                "paragraphs": [
                    {k: v[k] for k in ("paragraph", "source", "text", "status", "old_source")}
                    for v in views
                    if v["section"] == number and v["paragraph"] is not None
                ],
            }
        )
    empty = {"text": "", "status": DONE, "source": "", "old_source": ""}
    return {
        "language": language,
        "status": language_status([v["status"] for v in views]),
        "version": source.version.number if source.version else None,
        "revision": revision,
        "title": by_id["title"]["text"],
        "title_unit": by_id["title"],
        "summary": by_id.get("summary", empty)["text"],
        "summary_unit": by_id.get("summary", empty),
        "sections": sections,
        "outdated": [v for v in views if v["status"] == OUTDATED],
        # every unit in reading order (``unit``, ``section``, ``paragraph``, ``source``,
        # ``text``, ``status``, ``old_source``): the XLIFF file's
        "units": views,
    }


def translated_text(*, proposal: Proposal, language: str, text: dict) -> dict:
    """``text`` (a version's or a snapshot's) in ``language``: each unit's translation
    where it was made from exactly this source, else the source itself (a preview of
    an unfinished translation). The publish guard makes an official paper's complete."""
    if language == proposal.source_language:
        return text
    stored, _revision = _stored(proposal, language)
    translated = {
        u.id: stored[u.key]["text"] for u in source_units(text) if unit_status(u, stored) == DONE
    }
    sections = []
    for number, section in enumerate(text.get("sections", []), start=1):
        paragraphs = [
            translated.get(f"s{number}.p{index}", paragraph)
            for index, paragraph in enumerate(split_paragraphs(section.get("body", "")), start=1)
        ]
        sections.append(
            {
                **section,
                "heading": translated.get(f"s{number}.heading", section.get("heading", "")),
                "body": join_paragraphs(paragraphs),
            }
        )
    return {
        **text,
        "title": translated.get("title", text.get("title", "")),
        "summary": translated.get("summary", text.get("summary", "")),
        "sections": sections,
    }


def translators_of(proposal: Proposal):
    """Who translates ``proposal`` (the people ``translations.translate`` lets in, as one
    query for emails): its working group and the translators named for one of its
    languages. The secretariat may translate too, but is not emailed for it."""
    from django.db.models import Q

    from members.models import User

    languages = proposal.translation_languages()
    if not languages:
        return User.objects.none()
    group = proposal.working_group
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk=group.chair_id)
            | Q(pk__in=group.members.values("pk"))
            | Q(translator_languages__language__in=languages)
        )
        .distinct()
        .order_by("pk")
    )
