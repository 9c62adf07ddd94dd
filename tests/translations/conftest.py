"""Proposals with translations; the papers' fixtures (board review, approve, publish)."""

import pytest

from tests.papers.conftest import approve, make_board_review, media_root, publish  # noqa: F401
from tests.translations.helpers import fill


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


@pytest.fixture
def translate():
    return fill
