"""The paper in a translated language prints the translation (SPEC §11)."""

import subprocess

import pikepdf
import pytest

from tests.translations.helpers import fill

pytestmark = pytest.mark.django_db

FRENCH = {
    "Reserved contracts for social enterprises": "Marchés réservés aux entreprises sociales",
    "Member states should reserve a share of public contracts.": (
        "Les États membres devraient réserver une part des marchés publics."
    ),
    "Why reserved contracts matter": "Pourquoi les marchés réservés comptent",
    "What we ask of the Commission": "Ce que nous demandons à la Commission",
    "What we ask of member states": "Ce que nous demandons aux États membres",
}


def french(source: str) -> str:
    return FRENCH.get(source, "Traduction française : " + source.split()[0].strip("*-"))


def pdf_text(paper) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", paper.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_french_paper_prints_the_french_translation_under_lang_fr(
    make_board_review, approve, media_root, django_capture_on_commit_callbacks
):
    proposal = make_board_review(
        languages=("en", "fr"), title="Reserved contracts for social enterprises"
    )
    proposal = approve(proposal, translate=False)
    with django_capture_on_commit_callbacks(execute=True):
        fill(proposal, "fr", proposal.working_group.chair, french)
    paper = proposal.papers.get(language="fr", preview=False)
    assert paper.status == "ready"
    text = " ".join(pdf_text(paper).split())
    assert "Marchés réservés aux entreprises sociales" in text
    assert "Les États membres devraient réserver une part des marchés publics." in text
    assert "Ce que nous demandons à la Commission" in text
    assert "Why reserved contracts matter" not in text
    assert "What we ask of member states" not in text
    with pikepdf.open(paper.file.path) as pdf:
        assert str(pdf.Root.Lang) == "fr"
    english = " ".join(pdf_text(proposal.papers.get(language="en", preview=False)).split())
    assert "What we ask of the Commission" in english


def test_a_paper_rendered_before_its_translation_is_finished_says_so(
    make_board_review, approve, media_root, django_capture_on_commit_callbacks
):
    """At approval the French text is not there yet: the French paper prints the
    English and says so on its cover; once the translation is complete it is
    rendered again without the notice. The English paper never has it."""
    proposal = make_board_review(
        languages=("en", "fr"), title="Reserved contracts for social enterprises"
    )
    proposal = approve(proposal, translate=False)
    notice = "Texte de la version 3. La traduction n’est pas"  # the rest may be hyphenated
    before = " ".join(pdf_text(proposal.papers.get(language="fr", preview=False)).split())
    assert notice in before
    assert "Why reserved contracts matter" in before

    with django_capture_on_commit_callbacks(execute=True):
        fill(proposal, "fr", proposal.working_group.chair, french)

    after = " ".join(pdf_text(proposal.papers.get(language="fr", preview=False)).split())
    assert notice not in after
    assert "Marchés réservés aux entreprises sociales" in after
    english = " ".join(pdf_text(proposal.papers.get(language="en", preview=False)).split())
    assert "translation is not finished" not in english


def test_the_proposal_page_marks_a_paper_whose_translation_is_not_finished(
    client, make_board_review, approve, media_root, django_capture_on_commit_callbacks
):
    proposal = make_board_review(
        languages=("en", "fr"), title="Reserved contracts for social enterprises"
    )
    proposal = approve(proposal, translate=False)
    client.force_login(proposal.working_group.chair)

    page = client.get(proposal.get_absolute_url()).content.decode()
    papers = page[page.index('id="papers-h"') :]
    assert papers.count("translation not finished") == 1  # French, not English

    with django_capture_on_commit_callbacks(execute=True):
        fill(proposal, "fr", proposal.working_group.chair, french)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "translation not finished" not in page
