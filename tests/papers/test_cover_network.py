"""The paper's cover prints the network's profile (SPEC §7, §12): its name in the
paper's language, the logo, the contact details and the Transparency Register ID."""

import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from members import demo
from members.models import Network
from papers.render import MEDIA_ORIGIN, RefusedURL, StaticOnlyFetcher
from papers.services import paper_html, paper_render_bytes
from tests.members.network_files import png_bytes
from tests.papers.conftest import pdf_reader

pytestmark = pytest.mark.django_db


def _profile(logo: bytes | None = None, name: str = "logo.png") -> Network:
    network = Network.objects.get_solo()
    network.names = {
        "en": "European Network of Social Integration Enterprises",
        "fr": "Réseau européen des entreprises sociales d'insertion",
    }
    network.address = "Rue Royale 94\n1000 Brussels\nBelgium"
    network.email = "contact@ensie.example"
    network.website = "https://ensie.example"
    network.transparency_register_id = "123456789012-34"
    if logo is not None:
        network.logo.save(name, ContentFile(logo), save=False)
    network.save()
    return network


def _cover(paper) -> str:
    return " ".join(pdf_reader(paper).pages[0].extract_text().split())


def _images(page) -> list:
    xobjects = page["/Resources"].get("/XObject") or {}
    return [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]


@pytest.fixture
def papers(make_board_review, approve, media_root):
    _profile(png_bytes(120, 40))
    proposal = approve(make_board_review(languages=("en", "fr")))
    return {p.language: p for p in proposal.papers.all()}


def test_english_cover_prints_name_contact_register_id_and_logo(papers):
    paper = papers["en"]
    cover = _cover(paper)

    assert "European Network of Social Integration Enterprises" in cover
    assert "Rue Royale 94 1000 Brussels Belgium" in cover
    assert "contact@ensie.example · https://ensie.example" in cover
    assert "EU Transparency Register: 123456789012-34" in cover
    page = pdf_reader(paper).pages[0]
    (logo,) = _images(page)
    assert logo.get_object()["/Interpolate"].value is False  # PDF/A forbids interpolation
    links = {a.get_object()["/A"].get("/URI") for a in page.get("/Annots", [])}
    assert {"mailto:contact@ensie.example", "https://ensie.example"} <= links


def test_french_cover_prints_the_french_name(papers):
    cover = _cover(papers["fr"])

    assert "Réseau européen des entreprises sociales d'insertion" in cover.replace("’", "'")
    assert "123456789012-34" in cover


def test_a_language_without_a_name_falls_back_to_english(papers):
    Network.objects.filter(pk=1).update(names={"en": "Only English"})
    paper = papers["fr"]

    html = paper_html(paper)

    assert "Only English" in html


def test_without_a_profile_the_cover_prints_the_configured_name(
    make_board_review, approve, media_root, settings
):
    proposal = approve(make_board_review(languages=("en",)))
    cover = _cover(proposal.papers.get())

    assert settings.PLENUM_NETWORK_NAME in cover
    assert "Transparency Register" not in cover


def test_the_demo_profile_and_its_svg_logo_print_through_the_fetcher(
    make_board_review, approve, media_root, secretariat
):
    network = demo._network(secretariat)
    proposal = approve(make_board_review(languages=("en",)))
    fetcher = StaticOnlyFetcher()

    rendered = paper_render_bytes(proposal.papers.get(), fetcher=fetcher)

    assert network.logo.name == "network/logo.svg"
    assert f"{MEDIA_ORIGIN}network/logo.svg" in fetcher.requested
    cover = " ".join(PdfReader(io.BytesIO(rendered.content)).pages[0].extract_text().split())
    assert "European Network of Social Integration Enterprises" in cover
    assert "EU Transparency Register: 583902417765-21" in cover
    assert "Avenue des Arts 7 1210 Brussels Belgium" in cover


def test_same_version_and_same_profile_give_the_same_bytes(papers):
    paper = papers["en"]
    with paper.file.open("rb") as handle:
        stored = handle.read()

    assert paper_render_bytes(paper).content == stored
    Network.objects.filter(pk=1).update(transparency_register_id="999-99")
    assert paper_render_bytes(paper).content != stored


@pytest.mark.parametrize(
    "path",
    [
        "papers/PP-2026-001/en.pdf",  # another storage file
        "network/../papers/x.pdf",
        "%2e%2e/network/logo.png",
        "network/missing.png",
        "",
    ],
)
def test_the_fetcher_serves_no_storage_file_but_the_logo_folder(path, media_root):
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(MEDIA_ORIGIN + path)


def test_the_fetcher_serves_the_logo(media_root):
    network = _profile(png_bytes())

    response = StaticOnlyFetcher().fetch(MEDIA_ORIGIN + network.logo.name)

    assert response.content_type == "image/png"
    assert response.read(8) == b"\x89PNG\r\n\x1a\n"
