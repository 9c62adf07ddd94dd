"""The cover as the board and the Commission read it: what the paper is, and its status."""

import re

import pytest

from papers.layout import paper_context, print_html
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


def test_text_not_yet_translated_carries_the_source_language(
    make_board_review, approve, media_root
):
    """An English passage in the French paper is hyphenated, quoted and read out as
    English: its element says ``lang="en"``; the paper's own words stay French."""
    sections = [
        ("The members' view", 'They said "yes" to the Commission\'s plan.'),
        ("What we ask", "Publish guidance on reserved contracts within a year."),
    ]
    proposal = approve(
        make_board_review(languages=("en", "fr"), sections=sections, consult=True),
        translate=False,
    )
    html = print_html(paper_context(proposal.papers.get(language="fr")))

    assert '<html lang="fr">' in html
    assert re.search(r'<h1 lang="en">[^<]*</h1>', html)
    assert re.search(
        r'<h2><span class="no">1</span> <span lang="en">The members’ view</span>', html
    )
    assert '<div class="para" lang="en"><span class="para-no">1.1</span>' in html
    assert "They said “yes” to the Commission’s plan." in html  # English quotes, not « »
    assert "«" not in html
    assert "Sommaire" in html and "Traduction non terminée" in html
    # the consultation annex names the sections as the text does
    assert '<tr><td lang="en">What we ask</td>' in html
    assert 'Amendement 1 — <span lang="en">What we ask</span>, ¶ 2.1' in html


def test_a_translated_paper_has_no_passage_in_another_language(
    make_board_review, approve, media_root
):
    proposal = approve(make_board_review(languages=("en", "fr")))

    html = print_html(paper_context(proposal.papers.get(language="fr")))

    assert '<html lang="fr">' in html
    assert 'lang="en"' not in html


def test_the_pdf_subject_is_the_summary_as_printed_not_its_markdown(
    make_board_review, approve, media_root
):
    proposal = make_board_review()
    proposal.summary = 'Member states should **reserve** contracts & say "yes".'
    proposal.save()  # before the board approves: the adopted version takes it

    paper = approve(proposal).papers.get()
    reader = pdf_reader(paper)

    assert reader.metadata.subject == "Member states should reserve contracts & say “yes”."
    assert reader.metadata.title == paper.version.title
    assert reader.metadata.author == "European Network of Social Integration Enterprises"
