"""Proposals with translations; the papers' fixtures (board review, approve, publish)."""

import pytest

from tests.papers.conftest import approve, make_board_review, media_root, publish  # noqa: F401


@pytest.fixture
def translated(proposal_factory, procedure_factory, section_factory):
    """A draft in English translated into French and German (nothing translated yet)."""
    procedure = procedure_factory(languages=["en", "fr", "de"])
    proposal = proposal_factory(procedure=procedure, title="Reserved contracts")
    section_factory(
        proposal=proposal,
        heading="Why it matters",
        body="First paragraph.\n\nSecond paragraph.\n\nThird paragraph.",
    )
    section_factory(proposal=proposal, heading="What we ask", body="Publish guidance.")
    return proposal


def fill(proposal, language, actor, words=None):
    """Translate every unit of ``language``: ``words(source) -> text`` (default
    ``"[fr] " + source``). Returns the saved translation."""
    from translations.selectors import translation_detail
    from translations.services import translation_update

    words = words or (lambda source: f"[{language}] {source}")
    detail = translation_detail(proposal=proposal, language=language)
    return translation_update(
        proposal=proposal,
        language=language,
        actor=actor,
        revision=detail["revision"],
        title=words(detail["title_unit"]["source"]),
        summary=words(detail["summary_unit"]["source"])
        if detail["summary_unit"]["source"]
        else None,
        sections=[
            {
                "section": s["section"],
                **({"heading": words(s["source_heading"])} if s["source_heading"] else {}),
                "paragraphs": [
                    {"paragraph": p["paragraph"], "text": words(p["source"])}
                    for p in s["paragraphs"]
                ],
            }
            for s in detail["sections"]
        ],
    )


@pytest.fixture
def translate():
    return fill
