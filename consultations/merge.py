"""How a decided amendment changes a section's paragraphs. Pure: no database.

An amendment names its paragraph by number and records the text the
paragraph had when it was proposed (``base_text``). By the time the chair
decides, earlier decisions may have inserted or deleted paragraphs above it,
or the working group may have rewritten the paragraph itself. ``locate``
finds where the paragraph is now; ``apply`` returns the paragraphs after the
decision, or raises ``MergeConflict`` when the paragraph it was made against
is gone, with the paragraph now standing at that number.
"""

from dataclasses import dataclass

from consultations.models import AmendmentKind


@dataclass(frozen=True)
class Change:
    """An amendment as the merge sees it."""

    #: An ``AmendmentKind`` value: replace, insert_after or delete.
    kind: str
    #: From 1; 0 only for insert_after (before the first paragraph).
    paragraph: int
    #: The paragraph when the amendment was proposed ("" for insert_after 0).
    base_text: str

    @classmethod
    def of(cls, amendment) -> "Change":
        """The change an ``Amendment`` (or anything with these three fields) makes."""
        return cls(
            kind=amendment.kind, paragraph=amendment.paragraph, base_text=amendment.base_text
        )


class MergeConflict(Exception):
    """The paragraph the amendment was made against is no longer in the text."""

    def __init__(self, current: str | None) -> None:
        super().__init__(current)
        #: The paragraph now at the amendment's number (None: there is none).
        self.current = current


def paragraph_at(paragraphs: list[str], number: int) -> str | None:
    """Paragraph ``number`` (from 1), or None if there is no such paragraph."""
    return paragraphs[number - 1] if 1 <= number <= len(paragraphs) else None


def locate(change: Change, paragraphs: list[str]) -> int | None:
    """Where the amended paragraph is now (from 1; 0 = before the first), or None.

    At its recorded number if the text there is still the one the amendment
    was made against; else wherever that exact text now stands, if it stands
    in exactly one place (earlier decisions inserted or deleted paragraphs
    above it); else nowhere: the paragraph itself has changed.
    """
    number = change.paragraph
    if change.kind == AmendmentKind.INSERT_AFTER and number == 0:
        return 0
    if paragraph_at(paragraphs, number) == change.base_text:
        return number
    found = [n for n, text in enumerate(paragraphs, start=1) if text == change.base_text]
    return found[0] if len(found) == 1 else None


def apply(change: Change, paragraphs: list[str], *, text: str, as_proposed: bool) -> list[str]:
    """The paragraphs after the decision (a new list; ``paragraphs`` is left alone).

    ``as_proposed`` (accepted) applies ``text``, the amendment's own, at the
    paragraph it was made against, and raises ``MergeConflict`` if that
    paragraph cannot be found. With changes, ``text`` is the chair's merged
    text and goes where the paragraph is now, or, if it has changed, at the
    amendment's number (the conflict showed the chair that paragraph); a
    conflict only if there is no paragraph at that number. A deletion
    accepted with changes shortens the paragraph instead of removing it.
    """
    position = locate(change, paragraphs)
    if position is None:
        current = paragraph_at(paragraphs, change.paragraph)
        if as_proposed or current is None:
            raise MergeConflict(current)
        position = change.paragraph
    merged = list(paragraphs)
    if change.kind == AmendmentKind.INSERT_AFTER:
        merged.insert(position, text)
    elif change.kind == AmendmentKind.DELETE and as_proposed:
        del merged[position - 1]
    else:  # replace; or a deletion accepted with changes
        merged[position - 1] = text
    return merged
