"""The rendered paper, opened as a reader would (pypdf)."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from papers.models import PositionPaper
from papers.services import paper_html, paper_render_bytes
from tests.papers.conftest import SECTIONS, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(make_board_review, approve, media_root):
    proposal = approve(make_board_review(languages=("en",), consult=True))
    return proposal.papers.get()


def test_approval_renders_a_ready_paper_with_its_figures(paper):
    reader = pdf_reader(paper)
    with paper.file.open("rb") as handle:
        content = handle.read()

    assert paper.status == PositionPaper.Status.READY
    assert paper.version.reason == "adopted"
    assert paper.pages == len(reader.pages) >= 4
    assert paper.size == len(content)
    assert paper.sha256 == hashlib.sha256(content).hexdigest()
    assert content.startswith(b"%PDF-1.7")


def test_paper_text_has_title_reference_every_heading_and_page_numbers(paper):
    reader = pdf_reader(paper)
    text = pdf_text(reader)
    n = len(reader.pages)

    assert paper.proposal.title in text.replace("\n", " ")
    assert paper.proposal.reference in text
    for heading, _body in SECTIONS:
        assert heading in text
    assert f"page 1 of {n}" in text
    assert f"page {n} of {n}" in reader.pages[-1].extract_text()
    # the table of contents: every section with the page it starts on
    contents = reader.pages[1].extract_text()
    assert "Contents" in contents and "Why reserved contracts matter" in contents


def test_paper_numbers_sections_and_paragraphs(paper):
    text = pdf_text(pdf_reader(paper))

    assert "1 Why reserved contracts matter" in text or "1Why reserved contracts matter" in text
    for number in ("1.1", "1.2", "1.3", "2.1", "2.2", "3.1"):
        assert number in text


def test_paper_metadata_title_author_language(paper, settings):
    reader = pdf_reader(paper)

    assert reader.metadata.title == paper.proposal.title
    assert reader.metadata.author == settings.PLENUM_NETWORK_NAME
    assert reader.trailer["/Root"]["/Lang"] == "en"
    # dates come from the adoption, not the clock
    adopted = paper.version.created_at.strftime("%Y%m%d%H%M%S")
    assert reader.metadata["/CreationDate"].startswith(f"D:{adopted}")
    assert reader.metadata["/ModDate"] == reader.metadata["/CreationDate"]


def test_paper_is_tagged_pdf_ua(paper):
    reader = pdf_reader(paper)
    root = reader.trailer["/Root"]

    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp


def _fonts(reader: PdfReader) -> dict[str, dict]:
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def test_paper_embeds_the_shipped_fonts(paper):
    fonts = _fonts(pdf_reader(paper))

    assert fonts
    for name, font in fonts.items():
        assert "Plenum-" in name  # our @font-face families, no system font
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


def test_two_renders_give_the_same_bytes(paper):
    first = paper_render_bytes(paper)
    second = paper_render_bytes(PositionPaper.objects.get(pk=paper.pk))

    assert first.sha256 == second.sha256 == paper.sha256
    assert first.content == second.content


def test_vote_box_and_open_ballot_annex(paper):
    text = pdf_text(pdf_reader(paper))
    organisations = [b.organisation.name for b in paper.proposal.voting_rounds.get().ballots.all()]

    assert "Vote result" in text
    assert "66.7 %" in text and "33.3 %" in text
    assert "How the member organisations voted" in text
    for name in organisations:
        assert name in text


def test_vote_totals_read_in_favour_against_abstentions(paper):
    text = " ".join(pdf_text(pdf_reader(paper)).split())

    assert "In favour 2 (by weight)" in text
    assert "Against 1 (by weight)" in text
    assert "Abstentions 0 (by weight)" in text
    assert "Yes · No · Abstain" not in text


def test_consultation_report_annex(paper):
    text = " ".join(pdf_text(pdf_reader(paper)).split())

    assert "Consultation report" in text
    assert "Amendment 1 — What we ask of the Commission, ¶ 2.1" in text
    assert "¶ 2.1 · ACCEPTED WITH CHANGES" in text  # the amendment's own decision (capitals)
    # the counts, each headed by what it counts
    assert "Amendments accepted 0" in text
    assert "Amendments accepted with changes 1" in text
    assert "Amendments rejected 0" in text
    assert "Amendments not decided" not in text  # all were decided
    assert "within nine months" in text
    assert "Nine months: the Commission needs time to consult." in text


def test_secret_ballot_paper_shows_totals_but_no_organisation(
    make_board_review, approve, media_root
):
    proposal = approve(make_board_review(secret=True))
    paper = proposal.papers.get()
    text = pdf_text(pdf_reader(paper))
    organisations = [b.organisation.name for b in proposal.voting_rounds.get().ballots.all()]

    assert "66.7 %" in text
    assert "only the totals are published" in text
    assert "How the member organisations voted" not in text
    for name in organisations:
        assert name not in text


def test_french_paper_has_french_labels(make_board_review, approve, media_root):
    proposal = approve(make_board_review(languages=("en", "fr")))
    paper = proposal.papers.get(language="fr")
    reader = pdf_reader(paper)
    text = pdf_text(reader)

    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert f"page 1 sur {len(reader.pages)}" in text
    assert "Sommaire" in text
    assert "Résultat du vote" in text
    assert "66,7 %" in text  # French number format
    # ...but SVG lengths stay numbers: the bars are drawn
    html = paper_html(paper)
    assert 'width="146.74"' in html and 'width="73.26"' in html


def test_greek_and_bulgarian_papers_use_the_shipped_fonts(make_board_review, approve, media_root):
    sections = [
        ("Κοινωνικές επιχειρήσεις", "Οι κοινωνικές επιχειρήσεις ένταξης απασχολούν άτομα."),
        ("Социални предприятия", "Социалните предприятия за интеграция наемат хора."),
        ("Čeština, Latviešu, Malti", "Příliš žluťoučký kůň; ģērbšanās; ċaħda ħażina; Ærø; ő ű."),
    ]
    proposal = approve(make_board_review(languages=("el", "bg"), sections=sections))

    for paper in proposal.papers.all():
        reader = pdf_reader(paper)
        text = pdf_text(reader)
        assert reader.trailer["/Root"]["/Lang"] == paper.language
        for heading, body in sections:
            assert heading in text
            assert body.split(";")[0] in " ".join(text.split())
        assert all("Plenum-" in name for name in _fonts(reader))


def test_a_paper_renders_from_its_version_not_the_working_text(paper):
    section = paper.proposal.sections.order_by("position").first()
    # the proposal is approved: nothing edits it any more, but the paper must not care
    type(section).objects.filter(pk=section.pk).update(heading="Changed afterwards")

    rendered = paper_render_bytes(PositionPaper.objects.get(pk=paper.pk))

    assert rendered.sha256 == paper.sha256
    assert "Changed afterwards" not in pdf_text(PdfReader(io.BytesIO(rendered.content)))


@pytest.mark.parametrize(
    "pasted",
    ["\x0b", "\x0c", "\u2028", "\x07", "\x1b", "\ufffe", "\x85"],
    ids=["soft-break", "form-feed", "line-separator", "bell", "escape", "nonchar", "nel"],
)
def test_a_control_character_pasted_into_the_text_still_gives_a_ready_paper(
    make_board_review, approve, media_root, pasted
):
    """Word's soft line break (U+000B) pasted into a title failed the official paper after
    every retry: the PDF's tags and metadata are XML, which refuses it."""
    sections = [(f"Why{pasted}it matters", f"First line{pasted}second line.\n\nAnother one.")]
    proposal = approve(
        make_board_review(sections=sections, title=f"Reserved{pasted}contracts for WISEs")
    )
    paper = proposal.papers.get()

    assert paper.status == PositionPaper.Status.READY, paper.error
    reader = pdf_reader(paper)
    text = " ".join(pdf_text(reader).split())
    assert "contracts for WISEs" in text and "second line." in text
    assert "contracts for WISEs" in reader.metadata.title
    proposal.refresh_from_db()
    assert pasted in proposal.title  # the stored text is what was typed


def test_french_and_german_papers_head_their_counts_and_totals_in_their_language(
    make_board_review, approve, media_root
):
    proposal = approve(make_board_review(languages=("fr", "de"), consult=True))
    papers = {paper.language: paper for paper in proposal.papers.all()}
    french = " ".join(pdf_text(pdf_reader(papers["fr"])).split())
    german = " ".join(pdf_text(pdf_reader(papers["de"])).split())

    assert "Pour 2 (voix pondérées)" in french
    assert "Contre 1 (voix pondérées)" in french
    assert "Abstentions 0 (voix pondérées)" in french
    assert "Amendements acceptés avec modifications 1" in french
    assert "Amendements rejetés 0" in french
    assert "Accepté 1" not in french  # no adjective agreeing (or not) with a number
    assert "Dafür 2 (nach Gewicht)" in german
    assert "Dagegen 1 (nach Gewicht)" in german
    assert "Enthaltungen 0 (nach Gewicht)" in german
    assert "Mit Änderungen angenommene Änderungsanträge 1" in german
    assert "Abgelehnte Änderungsanträge 0" in german


def test_a_preview_during_consultation_counts_the_amendments_not_decided(
    proposal, section_factory, representative_factory, run, media_root
):
    from consultations.services import amendment_create
    from papers.services import paper_preview_request

    section = section_factory(proposal=proposal, heading="Our ask", body="Reserve contracts.")
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    amendment_create(
        proposal=proposal,
        author=representative_factory(),
        section=section,
        kind="replace",
        paragraph=1,
        text="Reserve more contracts.",
        justification="More is better.",
    )
    preview = paper_preview_request(proposal=proposal, user=chair, language="en")
    reader = PdfReader(io.BytesIO(paper_render_bytes(preview).content))
    text = " ".join(pdf_text(reader).split())

    assert "Amendments not decided 1" in text
    assert "Amendments accepted 0" in text
