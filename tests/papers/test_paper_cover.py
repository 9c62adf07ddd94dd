"""The cover as the board and the Commission read it: what the paper is, and its status."""

import pytest

from tests.papers.conftest import pdf_reader

pytestmark = pytest.mark.django_db


def _cover(paper) -> str:
    return " ".join(pdf_reader(paper).pages[0].extract_text().split())


def test_the_cover_says_when_the_translation_is_not_finished(
    make_board_review, approve, media_root
):
    # English is the source; nobody has translated the text into French yet
    proposal = approve(make_board_review(languages=("en", "fr")), translate=False)
    papers = {paper.language: paper for paper in proposal.papers.all()}

    french, english = _cover(papers["fr"]), _cover(papers["en"])

    assert "STATUT Traduction non terminée" in french
    assert "Status" not in english and "not finished" not in english


def test_a_finished_translation_has_no_status_on_its_cover(make_board_review, approve, media_root):
    proposal = approve(make_board_review(languages=("en", "fr")))

    french = _cover(proposal.papers.get(language="fr"))

    assert "Statut" not in french and "STATUT" not in french and "non terminée" not in french
    assert "ADOPTÉE LE" in french
