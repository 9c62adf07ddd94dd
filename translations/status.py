"""The one place that says how far a translation is (SPEC §11). Pure: no queries.

A *unit* is one translatable piece of a text: the title, the summary, a section's
heading, a paragraph (numbered as ``proposals.text.split_paragraphs`` numbers
them, the numbers the page and the paper print: 2.3 is section 2, paragraph 3).
"""

from dataclasses import dataclass

from proposals.text import split_paragraphs

MISSING, DONE, OUTDATED = "missing", "done", "outdated"
IN_PROGRESS, COMPLETE = "in_progress", "complete"
UNIT_STATUSES = [MISSING, DONE, OUTDATED]
LANGUAGE_STATUSES = [MISSING, IN_PROGRESS, COMPLETE, OUTDATED]


@dataclass(frozen=True)
class Unit:
    #: The id a person and an XLIFF file use: ``title``, ``summary``, ``s2.heading``, ``s2.p3``.
    id: str
    #: Where the translation is stored: ``title``, ``summary``, ``<section id>.h``,
    #: ``<section id>.<n>`` (by section id, so a moved section keeps its translation).
    key: str
    #: Section number (from 1) and paragraph number (from 1; ``None`` for a heading,
    #: the title and the summary).
    section: int | None
    paragraph: int | None
    source: str


def source_units(text: dict) -> list[Unit]:
    """The units of a text ``{"title", "summary", "sections": [{"id", "heading", "body"}]}``,
    in reading order. An empty summary or heading has nothing to translate."""
    units = [Unit("title", "title", None, None, text.get("title", ""))]
    if text.get("summary", "").strip():
        units.append(Unit("summary", "summary", None, None, text["summary"]))
    for number, section in enumerate(text.get("sections", []), start=1):
        if section.get("heading", "").strip():
            units.append(
                Unit(f"s{number}.heading", f"{section['id']}.h", number, None, section["heading"])
            )
        for index, paragraph in enumerate(split_paragraphs(section.get("body", "")), start=1):
            units.append(
                Unit(f"s{number}.p{index}", f"{section['id']}.{index}", number, index, paragraph)
            )
    return units


def unit_status(unit: Unit, stored: dict) -> str:
    """``missing``, ``done`` or ``outdated`` (translated from another source text)."""
    entry = stored.get(unit.key)
    if not entry or not entry.get("text", "").strip():
        return MISSING
    return DONE if entry.get("source") == unit.source else OUTDATED


def language_status(statuses: list[str]) -> str:
    """``outdated`` if any unit is; ``complete`` if all are done; ``missing`` if none
    is translated; else ``in_progress``."""
    if OUTDATED in statuses:
        return OUTDATED
    if statuses and all(s == DONE for s in statuses):
        return COMPLETE
    if all(s == MISSING for s in statuses):
        return MISSING
    return IN_PROGRESS
