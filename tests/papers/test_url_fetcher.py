"""A paper loads the project's own static files and nothing else."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from papers.render import STATIC_ORIGIN, RefusedURL, StaticOnlyFetcher, pdf_render
from papers.services import paper_render_bytes

MOMENT = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)


def _images(content: bytes) -> list:
    reader = PdfReader(io.BytesIO(content))
    found = []
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        found += [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    return found


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.org/tracker.png",
        "http://169.254.169.254/latest/meta-data/",
        f"{STATIC_ORIGIN}../../../../etc/passwd",
        f"{STATIC_ORIGIN}%2e%2e/%2e%2e/etc/passwd",
        f"{STATIC_ORIGIN}fonts/missing.ttf",
        "https://static.plenum.invalid.example.org/fonts/NotoSans-Regular.ttf",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(url)


def test_fetcher_serves_our_fonts_and_stylesheet():
    fetcher = StaticOnlyFetcher()

    font = fetcher.fetch(f"{STATIC_ORIGIN}fonts/NotoSerif-Regular.ttf")
    css = fetcher.fetch(f"{STATIC_ORIGIN}css/paper.css")

    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"


def test_html_pointing_outside_renders_without_it():
    fetcher = StaticOnlyFetcher()
    html = (
        '<html lang="en"><head><title>T</title>'
        '<link rel="stylesheet" href="https://example.org/evil.css">'
        '<link rel="stylesheet" href="file:///etc/passwd"></head><body>'
        '<h1>Still here</h1><img src="file:///etc/passwd" alt="x">'
        '<img src="https://example.org/x.png" alt="y">'
        '<div style="background: url(file:///etc/hostname)">text</div>'
        '<object data="file:///etc/passwd"></object>'
        "</body></html>"
    )

    rendered = pdf_render(html, moment=MOMENT, identifier=b"0" * 16, fetcher=fetcher)

    text = PdfReader(io.BytesIO(rendered.content)).pages[0].extract_text()
    assert "Still here" in text
    assert "root:" not in text
    assert _images(rendered.content) == []
    assert "file:///etc/passwd" in fetcher.requested  # asked for, and refused


@pytest.mark.django_db
def test_markdown_with_local_file_and_remote_image_renders_without_them(
    make_board_review, approve, media_root
):
    sections = [
        (
            "Images and links",
            "Before ![secret](file:///etc/passwd) after.\n\n"
            "A remote ![pixel](https://example.org/pixel.png) image.\n\n"
            '<img src="file:///etc/passwd"> raw html, '
            '<a href="file:///etc/passwd">a file link</a>.\n\n'
            '<link rel="stylesheet" href="https://example.org/x.css">'
            "<style>body { background: url(file:///etc/hostname) }</style> styled.",
        )
    ]
    proposal = approve(make_board_review(sections=sections))
    paper = proposal.papers.get()
    fetcher = StaticOnlyFetcher()

    rendered = paper_render_bytes(paper, fetcher=fetcher)

    assert paper.status == "ready"
    assert rendered.sha256 == paper.sha256
    reader = PdfReader(io.BytesIO(rendered.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Images and links" in text and "raw html" in text
    assert "root:" not in text
    assert _images(rendered.content) == []
    assert fetcher.requested, "the stylesheet and fonts come through the fetcher"
    assert all(url.startswith(STATIC_ORIGIN) for url in fetcher.requested)
    assert not any("passwd" in url or "example.org" in url for url in fetcher.requested)
    links = [
        annotation.get_object().get("/A", {}).get("/URI", "")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert not any("file:" in str(link) for link in links)
