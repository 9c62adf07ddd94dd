"""The public register: /papers/ and /papers/feed/, no login."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published(make_board_review, approve, publish, media_root):
    proposal = approve(make_board_review(languages=("en", "fr"), title="Reserved contracts now"))
    return publish(proposal)


@pytest.fixture
def approved_only(make_board_review, approve, media_root):
    return approve(make_board_review(title="Still waiting for publication"))


def test_register_lists_published_papers_with_links_and_checksums(client, published, approved_only):
    response = client.get("/papers/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Reserved contracts now" in page
    assert published.reference in page
    for paper in published.papers.all():
        assert f"/papers/{published.reference}/{paper.language}.pdf" in page
        assert paper.sha256 in page
    assert "Still waiting for publication" not in page
    assert approved_only.reference not in page


def test_register_with_nothing_published(client, approved_only):
    response = client.get("/papers/")

    assert response.status_code == 200
    assert "No position paper has been published yet." in response.content.decode()


def test_permanent_link_serves_the_pdf_to_anyone(client, published):
    paper = published.papers.get(language="fr")

    response = client.get(f"/papers/{published.reference}/fr.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert len(body) == paper.size and body.startswith(b"%PDF")


def test_permanent_link_of_an_unpublished_or_unknown_paper_is_404(client, published, approved_only):
    assert client.get(f"/papers/{approved_only.reference}/en.pdf").status_code == 404
    assert client.get(f"/papers/{published.reference}/de.pdf").status_code == 404
    assert client.get("/papers/PP-1999-001/en.pdf").status_code == 404


def test_feed_is_atom_and_lists_the_published_paper(client, published, approved_only, settings):
    response = client.get("/papers/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Published position papers"
    assert root.find(f"{ATOM}updated") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}title").text == f"{published.reference} — Reserved contracts now"
    assert entry.find(f"{ATOM}id").text
    assert entry.find(f"{ATOM}updated").text
    enclosures = {
        link.get("href"): link.get("length")
        for link in entry.findall(f"{ATOM}link")
        if link.get("rel") == "enclosure"
    }
    base = settings.PLENUM_BASE_URL.rstrip("/")
    for paper in published.papers.all():
        url = f"{base}/papers/{published.reference}/{paper.language}.pdf"
        assert enclosures[url] == str(paper.size)


def test_register_costs_the_same_queries_for_many_papers(
    client, django_assert_max_num_queries, published
):
    with django_assert_max_num_queries(4):
        assert client.get("/papers/").status_code == 200


def test_register_speaks_the_visitors_language(client, published):
    response = client.get("/papers/", HTTP_ACCEPT_LANGUAGE="fr")

    page = response.content.decode()
    assert "Prises de position" in page and "Flux Atom" in page
    assert "Reserved contracts now" in page  # the paper's own title is not translated
