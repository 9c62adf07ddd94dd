"""The printed paper's page layout as a reader sees it: what sits at the foot of a
page, and where the contents put their page numbers.

Rendered from the hard paper's print model (``papers.hard_sample.hard_context``)
with sections of our own, so no database is needed.
"""

import io
import re

import pikepdf
import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from papers.hard_sample import MOMENT, hard_context
from papers.layout import _sections, print_html
from papers.render import pdf_identifier, pdf_render
from tests.papers.test_paper_print import _last_block_of_each_page

#: The foot of the text area: A4 is 842 pt high, its bottom margin 22 mm (62 pt);
#: lower down is the running footer.
TEXT_BOTTOM = 62
PARA_NUMBER = re.compile(r"^\d+\.\d+$")


def _render(raw_sections: list[dict]) -> bytes:
    context = hard_context(sections=1)
    context["sections"] = _sections(raw_sections, "en")
    html = print_html(context)
    return pdf_render(html, moment=MOMENT, identifier=pdf_identifier("layout-test")).content


def _fragments(page) -> list[tuple[float, float, str]]:
    """``(x, y, text)`` of every piece of text of ``page``, in points."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def _priorities(number: int) -> str:
    """A section whose first paragraph is a list of items two lines long each."""
    item = (
        "Make socially responsible public procurement a priority of the coming "
        "revision of the procurement directives, with targets for every member state"
    )
    return "\n".join(f"{n}. {item} ({number}.{n})." for n in range(1, 4))


@pytest.fixture(scope="module")
def lists_after_headings() -> bytes:
    """Sections of one paragraph of growing length, each followed by a section that
    opens with a list: somewhere a list's heading falls at the foot of a page."""
    filler = "The network welcomes the review of the Social Economy Action Plan. "
    raw = []
    for n in range(1, 13):
        raw.append({"id": f"a{n}", "heading": f"Our answer {n}", "body": filler * (3 + 4 * n)})
        raw.append({"id": f"b{n}", "heading": f"Priorities {n}", "body": _priorities(n)})
    return _render(raw)


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(lists_after_headings):
    with pikepdf.open(io.BytesIO(lists_after_headings)) as pdf:
        last = _last_block_of_each_page(pdf)

    assert len(last) > 8
    assert [page for page, kind in last.items() if kind.startswith("/H")] == []


def test_a_paragraph_number_goes_to_the_page_of_its_paragraph(lists_after_headings):
    reader = PdfReader(io.BytesIO(lists_after_headings))
    alone = []
    for number, page in enumerate(reader.pages, start=1):
        body = [f for f in _fragments(page) if f[1] > TEXT_BOTTOM]
        lowest = min(body, key=lambda f: f[1])
        if PARA_NUMBER.match(lowest[2]):
            alone.append((number, lowest[2]))

    assert alone == []


def test_every_page_number_of_the_contents_ends_at_the_right_margin():
    raw = [
        {"id": "s1", "heading": "Our answer in brief", "body": "One paragraph."},
        {"id": "s2", "heading": "What has worked, and what has not", "body": "Another."},
    ]
    reader = PdfReader(io.BytesIO(_render(raw)))
    fragments = _fragments(reader.pages[1])
    leaders = {round(y) for _x, y, text in fragments if text == "."}
    # the last piece of each line with a leader is its page number
    numbers = [
        max((f for f in fragments if round(f[1]) == y and f[2] != "."), key=lambda f: f[0])
        for y in leaders
    ]

    assert len(numbers) == 5  # 2 sections, the vote, 2 annexes
    assert all(text.isdigit() and len(text) == 1 for _x, _y, text in numbers), numbers
    xs = [x for x, _y, _text in numbers]
    assert max(xs) - min(xs) < 0.5, numbers


WORD = "Arbeitsmarktintegrationsunternehmensnetzwerkvereinigungsgesetzesnovellierungsentwurf"
URL = (
    "https://ec.europa.eu/info/law/better-regulation/have-your-say/initiatives/"
    "13096-Social-economy-action-plan-review_en?utm_source=plenum&utm_medium=position-paper"
)


def _laid_out(html: str):
    """The print HTML laid out by WeasyPrint (its boxes, page by page), not yet a PDF."""
    from weasyprint import HTML

    from papers.pdf_engine import CallingFetcher
    from papers.render import STATIC_ORIGIN, StaticOnlyFetcher

    fetcher = CallingFetcher(StaticOnlyFetcher().fetch)
    return HTML(string=html, base_url=STATIC_ORIGIN, url_fetcher=fetcher).render()


def _text_past_the_margin(html: str) -> list[str]:
    """The text of every line box that ends to the right of its page's text area."""
    from weasyprint.formatting_structure import boxes

    document = _laid_out(html)
    past = []
    for page in document.pages:
        box = page._page_box
        right = box.margin_left + box.padding_left + box.width  # the text area's right edge
        stack = [box]
        while stack:
            node = stack.pop()
            if isinstance(node, boxes.TextBox) and node.position_x + node.width > right + 0.5:
                past.append(node.text)
            if not isinstance(node, boxes.MarginBox):  # the running header and footer
                stack.extend(getattr(node, "children", []))
    return past


def test_long_words_urls_and_titles_stay_inside_the_margin():
    raw = [
        {
            "id": "s1",
            "heading": f"Long things {WORD}",
            "body": "\n\n".join(
                [
                    f"See {URL} for the consultation.",
                    f"The word {WORD} is long; so is {WORD}{WORD}.",
                    f"- a list item with {URL}\n- and {WORD}",
                    f"> A quote with {URL} inside it.",
                    f"| Column | Link |\n| --- | --- |\n| {WORD} | {URL} |",
                ]
            ),
        }
    ]
    context = hard_context(sections=1)
    context["sections"] = _sections(raw, "en")
    context["title"] = (f"{WORD} and the social economy action plan " * 5)[:300]
    context["working_group"] = WORD

    assert _text_past_the_margin(print_html(context)) == []


@pytest.mark.parametrize("sections", [3, 36])
def test_the_hard_sample_s_vote_and_report_add_up(sections):
    """The sample the validators print: its figures are the sums of its own rows."""
    context = hard_context(sections=sections)
    vote, report = context["vote"], context["report"]
    ballots = vote["ballots"]

    for choice in ("yes", "no", "abstain"):
        assert vote[choice] == sum(b["weight"] for b in ballots if b["choice"] == choice)
    cast = vote["yes"] + vote["no"] + vote["abstain"]
    assert f"({cast} of an eligible weight of" in vote["turnout_text"]
    assert vote["yes"] > vote["no"]  # "adopted by simple majority", as its outcome says
    rows, totals = report["sections"], report["totals"]
    assert totals["comments"] == sum(r["comments"] for r in rows) + report["comments_on_proposal"]
    assert totals["amendments"] == sum(r["amendments"] for r in rows) == len(report["amendments"])
    decided = totals["accepted"] + totals["accepted_with_changes"] + totals["rejected"]
    assert decided == totals["amendments"]


@pytest.mark.parametrize("length", [110, 200, 300])
@pytest.mark.parametrize("preview", [False, True])
def test_a_title_of_up_to_300_characters_keeps_the_cover_on_one_page(length, preview):
    """With everything a cover can carry: the status rows, the EU initiative, the
    network's address and its Transparency Register ID."""
    context = hard_context(sections=1)
    words = "Response to the consultation on the review of the Social Economy Action Plan "
    context.update(
        title=(words * 5)[:length],
        preview=preview,
        translation_unfinished=True,
        eu_initiative=(
            "In response to: Social Economy Action Plan: review (Ares(2026)5123456), "
            "European Commission, closes 13 December 2026"
        ),
        network={
            "name": context["network_name"],
            "address_lines": ["Avenue des Arts 7", "1210 Brussels", "Belgium"],
            "email": "secretariat@network.example",
            "website": "https://network.example/",
            "transparency_register": "EU Transparency Register: 583902417765-21",
        },
    )
    html = print_html(context)
    reader = PdfReader(
        io.BytesIO(pdf_render(html, moment=MOMENT, identifier=pdf_identifier("cover")).content)
    )
    cover = " ".join(reader.pages[0].extract_text().split())
    second = " ".join(reader.pages[1].extract_text().split())

    assert context["title"][-20:].strip() in cover
    assert "Transparency Register" in cover and "Avenue des Arts 7" in cover
    assert context["colophon"] in cover and "Translation not finished" in cover
    assert "Avenue des Arts" not in second and "Transparency Register" not in second


def test_a_column_of_figures_in_the_text_s_tables_is_right_aligned():
    table = (
        "| Member state | Reserved contracts | Share | Remark |\n| --- | ---: | ---: | --- |\n"
        "| Austria | 37 | 7,1 % | Few |\n| Belgium | 1 234 | 14.2 % | 12 lots |\n"
        "| Czechia | 5 | 0 % | n/a |"
    )
    raw = [{"id": "s1", "heading": "Figures", "body": f"Before.\n\n{table}"}]

    (section,) = _sections(raw, "en")
    before, after = (p["html"] for p in section["paragraphs"])

    assert before == "<p>Before.</p>"
    assert '<th class="num">Reserved contracts</th>' in after
    assert '<th class="num">Share</th>' in after
    assert '<td class="num">1 234</td>' in after and '<td class="num">7,1 %</td>' in after
    assert "<th>Member state</th>" in after and "<td>Austria</td>" in after
    assert "<td>12 lots</td>" in after  # a column with words in it stays left-aligned


def _figures_that_do_not_fit(html: str) -> list[str]:
    """The words of a figures table (the vote's totals, the report's counts) that do not
    fit their cell: one that widens a header past the width the style sheet gives it
    (the vote's 38 mm: the figures beside it are squeezed), or a word broken across two
    lines (``overflow-wrap`` breaks a word too long for its line anywhere, no hyphen)."""
    from weasyprint.formatting_structure import boxes

    document = _laid_out(html)
    wrong = []
    for page in document.pages:
        stack = [(page._page_box, False)]
        while stack:
            node, in_figures = stack.pop()
            element = getattr(node, "element", None)
            if isinstance(node, boxes.TableBox) and element is not None:
                in_figures = in_figures or "figures" in (element.get("class") or "").split()
            if in_figures and isinstance(node, boxes.TableCellBox):
                lines, inner = [], [node]
                while inner:
                    box = inner.pop()
                    if isinstance(box, boxes.TextBox):
                        lines.append(box.text)
                    inner.extend(getattr(box, "children", []))
                declared = node.style["width"]
                if declared != "auto" and node.width > declared.value + 0.5:
                    wrong.append(" ".join(lines))
                words = " ".join(lines).split()
                wrong += [w for w in words if not any(w in line.split() for line in lines)]
                continue
            if not isinstance(node, boxes.MarginBox):
                stack.extend((child, in_figures) for child in getattr(node, "children", []))
    return wrong


def test_a_header_too_long_for_its_cell_is_found():
    context = hard_context(language="de", sections=1)
    context["vote"]["ballots"], context["report"]["amendments"] = [], []
    context["labels"]["in_favour"] = WORD

    assert WORD in _figures_that_do_not_fit(print_html(context))  # its whole column widens


@pytest.mark.parametrize("language", [code for code, _name in settings.PAPER_LANGUAGES])
def test_the_vote_totals_and_report_counts_fit_their_cells_in_every_language(language):
    context = hard_context(language=language, sections=1)
    context["vote"]["ballots"] = []  # the annex of ballots is not what is measured here
    context["report"]["amendments"] = []
    context["report"]["totals"]["proposed"] = 3  # the longest header shows too
    with translation.override(language):
        html = print_html(context)

    assert context["labels"]["in_favour"] in html
    assert context["labels"]["amendments_not_decided"] in html
    assert _figures_that_do_not_fit(html) == []
