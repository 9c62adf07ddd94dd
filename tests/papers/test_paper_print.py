"""The printed paper as a reader and a checker see it: PDF/UA-1 + PDF/A-2a, typography, emoji.

The validator tests (``-m validators``) run in ``make test`` too: a few seconds.
"""

import io
import zlib

import pikepdf
import pytest
from pypdf import PdfReader

from papers.conformance import validate_pdf
from papers.hard_sample import hard_render
from papers.pdf_fix import _no_stream_ends_with_cr
from papers.services import paper_render_bytes
from papers.typography import smart_html, smart_text
from tests.papers.conftest import SECTIONS, pdf_reader, pdf_text


@pytest.fixture
def paper(make_board_review, approve, media_root):
    proposal = approve(make_board_review(languages=("en",), consult=True))
    return proposal.papers.get()


def _content(paper) -> bytes:
    with paper.file.open("rb") as handle:
        return handle.read()


@pytest.mark.validators
@pytest.mark.django_db
def test_paper_passes_page_ua1_and_pdfa_2a_and_outloud(paper):
    verdict = validate_pdf(_content(paper), "paper.pdf")

    for profile in ("ua1", "2a"):
        passed, total, failed = verdict.page[profile]
        assert failed == [], profile
        assert passed == total > 100
    assert verdict.outloud_unreadable is None
    assert verdict.outloud_errors == 0, verdict.outloud_findings
    assert verdict.outloud_warnings == 0, verdict.outloud_findings
    assert verdict.ok


@pytest.fixture(scope="module")
def hard():
    """The hard paper, short (3 sections, about 13 pages): long tables, nested
    lists, Greek, Bulgarian, emoji, long headings, straight quotes."""
    return hard_render(sections=3)


@pytest.mark.validators
def test_hard_sample_passes_both_validators_and_prints_every_script(hard):
    verdict = validate_pdf(hard.content, "hard.pdf")
    text = pdf_text(PdfReader(io.BytesIO(hard.content)))

    assert verdict.ok, verdict.summary_lines()
    assert "Ελληνικά" in text and "Български" in text
    assert "Żż" in text and "Őő" in text and "Ďď" in text
    assert "✅" in text  # the emoji is a glyph with its Unicode value, not an empty box


_BLOCKS = {"/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/L", "/Table", "/Figure"}


def _last_block_of_each_page(pdf: pikepdf.Pdf) -> dict[int, str]:
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    last, stack = {}, [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.get("/S") in _BLOCKS and "/Pg" in node:
            last[pages[node.Pg.objgen]] = str(node.S)
            continue
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        stack.extend(reversed([k for k in kids if isinstance(k, pikepdf.Dictionary)]))
    return last


def test_no_page_ends_with_a_heading_and_table_headers_repeat(hard):
    reader = PdfReader(io.BytesIO(hard.content))
    with pikepdf.open(io.BytesIO(hard.content)) as pdf:
        last = _last_block_of_each_page(pdf)

    assert len(last) == hard.pages > 10
    assert not [page for page, kind in last.items() if kind.startswith("/H")]
    # section 1's table (38 rows, "… (Brussels)") runs over a page break: its
    # header row is printed again on the next page
    table_pages = [page.extract_text() for page in reader.pages]
    table_pages = [text for text in table_pages if "(Brussels)" in text]
    assert len(table_pages) >= 2
    assert all("Member state" in text for text in table_pages)


def test_hard_sample_is_deterministic():
    first, second = hard_render(sections=1), hard_render(sections=1)

    assert first.sha256 == second.sha256


@pytest.mark.django_db
def test_paper_declares_pdfa_2a_and_pdfua_1(paper):
    with pikepdf.open(io.BytesIO(_content(paper))) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
        assert "/Filter" not in pdf.Root.Metadata.stream_dict
        assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="A"' in xmp
        assert b'pdfuaid:part="1"' in xmp
        assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        links = 0
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                assert int(annotation.F) & 4  # printed
                assert parents[int(annotation.StructParent)].S == "/Link"
                links += 1
        assert links == 6  # the contents: 3 sections, the vote, 2 annexes
        # running header and footer are pagination artifacts, not content
        artifacts = [
            i
            for i in pikepdf.parse_content_stream(pdf.pages[1])
            if str(i.operator) == "BDC"
            and i.operands[0] == "/Artifact"
            and isinstance(i.operands[1], pikepdf.Dictionary)
            and i.operands[1].get("/Type") == "/Pagination"
        ]
        assert len(artifacts) >= 4
        scopes = {
            str(obj.A.Scope)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH"
        }
        assert scopes == {"/Row", "/Column"}


@pytest.mark.django_db
def test_rerender_gives_the_same_bytes(paper):
    assert paper_render_bytes(paper).sha256 == paper.sha256


@pytest.mark.django_db
def test_bookmarks_read_number_space_heading(paper):
    def titles(items):
        for item in items:
            yield item.title
            yield from titles(item.children)

    with pikepdf.open(io.BytesIO(_content(paper))) as pdf, pdf.open_outline() as outline:
        titles = list(titles(outline.root))

    for number, (heading, _body) in enumerate(SECTIONS, start=1):
        assert f"{number} {heading}" in titles
    assert not any(t.startswith("1Why") for t in titles)


@pytest.mark.django_db
def test_vote_box_comes_after_the_text_and_before_the_annex(paper):
    reader = pdf_reader(paper)
    text = " ".join(pdf_text(reader).split())
    outcome = text.index("The member organisations adopted this text on")
    last_paragraph = text.index("Reserve at least 5 % of public contracts")
    annex = text.index("A Consultation report", outcome)

    assert last_paragraph < outcome < annex
    # the text starts on the contents page: page 2 is not left empty
    second = " ".join(reader.pages[1].extract_text().split())
    assert "Contents" in second and "Work-integration social enterprises employ" in second


@pytest.mark.django_db
def test_vote_chart_alt_text_reads_as_words(paper):
    with pikepdf.open(io.BytesIO(_content(paper))) as pdf:
        alts = [
            str(obj.Alt)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure" and "/Alt" in obj
        ]

    assert alts == [
        "Votes cast, by weight: 66.7 per cent voted yes, 33.3 per cent voted no and "
        "0.0 per cent abstained."
    ]


@pytest.mark.django_db
def test_straight_quotes_print_curly_and_emoji_are_embedded(make_board_review, approve, media_root):
    sections = [("The members' view", 'They said "yes" to the Commission\'s plan 🌍.')]
    proposal = approve(make_board_review(title="Reserved contracts ✅ for all", sections=sections))
    paper = proposal.papers.get()
    reader = pdf_reader(paper)
    text = pdf_text(reader)

    assert "The members’ view" in text
    assert "They said “yes” to the Commission’s plan" in text
    assert "members'" not in text and '"yes"' not in text
    assert "🌍" in text and "✅" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Emoji" in name for name in fonts), fonts


def test_smart_text_english_french_german():
    assert smart_text('The "network\'s" view', "en") == "The “network’s” view"
    assert smart_text("'quoted' and members' share", "en") == "‘quoted’ and members’ share"
    assert smart_text('Il a dit "oui" à l\'Europe', "fr") == "Il a dit «\u202foui\u202f» à l’Europe"
    assert smart_text('Sie sagte "ja"', "de") == "Sie sagte „ja“"
    assert smart_text('a " b', "en") == 'a " b'  # a lone quote stays as typed


def test_smart_html_leaves_tags_and_code_alone():
    html = (
        '<p>They said "yes" <a href="https://x.eu/a\'b">here</a></p>'
        '<pre><code>print("as typed")</code></pre><p>&quot;Entities&quot; too</p>'
    )

    assert smart_html(html, "en") == (
        '<p>They said “yes” <a href="https://x.eu/a\'b">here</a></p>'
        '<pre><code>print("as typed")</code></pre><p>“Entities” too</p>'
    )


def _ending_with_cr(prefix: bytes) -> bytes:
    """Data whose Flate form ends with a carriage return (its Adler-32 does)."""
    n = 0
    while zlib.compress(prefix + str(n).encode())[-1:] != b"\r":
        n += 1
    return prefix + str(n).encode()


def test_no_stream_ends_with_a_carriage_return():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    content = _ending_with_cr(b"q 1 0 0 1 0 0 cm Q %")
    pdf.pages[0].obj.Contents = pdf.make_stream(zlib.compress(content))
    pdf.pages[0].obj.Contents.Filter = pikepdf.Name.FlateDecode
    other = _ending_with_cr(b"some font bytes ")
    font = pdf.make_stream(zlib.compress(other))
    font.Filter = pikepdf.Name.FlateDecode
    pdf.Root.Extra = font
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)

    fixed = _no_stream_ends_with_cr(out.getvalue())

    with pikepdf.open(io.BytesIO(fixed)) as result:
        streams = [o for o in result.objects if isinstance(o, pikepdf.Stream)]
        assert not any(s.read_raw_bytes().endswith(b"\r") for s in streams)
        assert result.pages[0].obj.Contents.read_bytes() == content + b"\n"
        assert result.Root.Extra.read_bytes() == other
    assert _no_stream_ends_with_cr(fixed) == fixed
