"""Papers API: the list, previews, downloads."""

import pytest
from rest_framework.test import APIClient

from papers.models import PositionPaper
from tests.papers.conftest import pdf_reader, pdf_text

pytestmark = pytest.mark.django_db

FIELDS = {
    "id",
    "version",
    "language",
    "status",
    "pages",
    "size",
    "sha256",
    "download_url",
    "preview",
    "error",
    "created_at",
}


@pytest.fixture
def approved(make_board_review, approve, media_root):
    return approve(make_board_review(languages=("en", "fr")))


def test_papers_list_describes_each_paper(api, approved, representative_factory):
    reader = representative_factory()  # a participant who can see a voted proposal

    response = api.as_user(reader).get(f"/api/v1/proposals/{approved.pk}/papers/")

    assert response.status_code == 200
    rows = response.json()
    assert [r["language"] for r in rows] == ["en", "fr"]
    for row, paper in zip(rows, approved.papers.order_by("language"), strict=True):
        assert set(row) == FIELDS
        assert row["status"] == "ready" and row["preview"] is False
        assert row["version"] == paper.version.number
        assert (row["pages"], row["size"], row["sha256"]) == (paper.pages, paper.size, paper.sha256)
        assert row["download_url"].endswith(f"/api/v1/papers/{paper.pk}/download/")


def test_participant_downloads_an_unpublished_paper(api, approved, representative_factory):
    paper = approved.papers.get(language="en")

    response = api.as_user(representative_factory()).get(f"/api/v1/papers/{paper.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and len(body) == paper.size


def test_public_download_of_an_unpublished_paper_is_404(api, approved):
    paper = approved.papers.get(language="en")

    response = api.get(f"/api/v1/papers/{paper.pk}/download/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_public_downloads_a_published_paper(api, approved, publish):
    publish(approved)
    paper = approved.papers.get(language="fr")

    response = api.get(f"/api/v1/papers/{paper.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] == f'"{paper.sha256}"'


def test_pending_paper_download_is_a_conflict_for_participants(
    api, make_board_review, board_member, django_capture_on_commit_callbacks
):
    from workflow.board import board_decision_record

    proposal = make_board_review()
    with django_capture_on_commit_callbacks(execute=False):
        board_decision_record(proposal=proposal, member=board_member, decision="approve")
    paper = proposal.papers.get()

    response = api.as_user(board_member).get(f"/api/v1/papers/{paper.pk}/download/")

    assert response.status_code == 409
    assert response.json()["code"] == "paper_not_ready"
    listed = api.as_user(board_member).get(f"/api/v1/proposals/{proposal.pk}/papers/").json()
    assert listed[0]["status"] == "pending" and listed[0]["download_url"] is None


def test_working_group_previews_the_current_text_with_a_watermark(
    api, proposal, section_factory, media_root, django_capture_on_commit_callbacks
):
    section_factory(proposal=proposal, heading="Draft heading", body="Draft body.")
    chair = proposal.working_group.chair

    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(chair).post(
            f"/api/v1/proposals/{proposal.pk}/preview/", {"language": "fr"}, format="json"
        )

    assert response.status_code == 202
    assert set(response.json()) == {"id", "status"}
    paper = PositionPaper.objects.get(pk=response.json()["id"])
    assert (paper.preview, paper.version, paper.language, paper.status) == (
        True,
        None,
        "fr",
        "ready",
    )
    text = pdf_text(pdf_reader(paper))
    assert "PROJET — position non adoptée" in text
    assert "approuvée par le conseil" not in text  # a draft never claims adoption
    assert "Draft heading" in text and "Draft body." in text
    listed = api.as_user(chair).get(f"/api/v1/proposals/{proposal.pk}/papers/").json()
    assert [(p["id"], p["preview"], p["version"]) for p in listed] == [(paper.pk, True, None)]


def test_english_preview_has_the_english_watermark(
    api, proposal, section_factory, board_member, media_root, django_capture_on_commit_callbacks
):
    section_factory(proposal=proposal)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(board_member).post(f"/api/v1/proposals/{proposal.pk}/preview/")

    assert response.status_code == 202
    paper = PositionPaper.objects.get(pk=response.json()["id"])
    assert paper.language == "en"  # the procedure's first language
    assert "DRAFT — not an adopted position" in pdf_text(pdf_reader(paper))


def test_preview_is_refused_to_others(api, approved, representative_factory, secretariat):
    for user in (representative_factory(), secretariat):
        response = api.as_user(user).post(f"/api/v1/proposals/{approved.pk}/preview/")
        assert response.status_code == 403
    assert not PositionPaper.objects.filter(preview=True).exists()


def test_preview_in_an_unknown_language_is_a_field_error(api, proposal):
    response = api.as_user(proposal.working_group.chair).post(
        f"/api/v1/proposals/{proposal.pk}/preview/", {"language": "xx"}, format="json"
    )

    assert response.status_code == 400
    assert "language" in response.json()["errors"]


def test_previews_stay_private_even_once_published(
    api, approved, publish, representative_factory, django_capture_on_commit_callbacks
):
    chair = approved.working_group.chair
    with django_capture_on_commit_callbacks(execute=True):
        preview_id = (
            api.as_user(chair).post(f"/api/v1/proposals/{approved.pk}/preview/").json()["id"]
        )
    publish(approved)
    outsider = representative_factory()

    assert APIClient().get(f"/api/v1/papers/{preview_id}/download/").status_code == 404
    client = api.as_user(outsider)
    assert client.get(f"/api/v1/papers/{preview_id}/download/").status_code == 404
    listed = client.get(f"/api/v1/proposals/{approved.pk}/papers/").json()
    assert preview_id not in [p["id"] for p in listed]
    assert api.as_user(chair).get(f"/api/v1/papers/{preview_id}/download/").status_code == 200


def test_papers_of_a_hidden_proposal_are_404(
    api, proposal, section_factory, user_factory, media_root, django_capture_on_commit_callbacks
):
    section_factory(proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        preview_id = (
            api.as_user(proposal.working_group.chair)
            .post(f"/api/v1/proposals/{proposal.pk}/preview/")
            .json()["id"]
        )
    client = api.as_user(user_factory())  # no role, and a draft is not shown to others

    assert client.get(f"/api/v1/proposals/{proposal.pk}/papers/").status_code == 404
    assert client.post(f"/api/v1/proposals/{proposal.pk}/preview/").status_code == 404
    assert client.get(f"/api/v1/papers/{preview_id}/download/").status_code == 404
    assert client.get("/api/v1/papers/999999/download/").status_code == 404


def test_schema_documents_the_papers_endpoints(api, secretariat):
    response = api.as_user(secretariat).get("/api/schema/", {"format": "json"})

    paths = response.json()["paths"]
    for path in (
        "/api/v1/proposals/{id}/papers/",
        "/api/v1/proposals/{id}/preview/",
        "/api/v1/papers/{pid}/download/",
        "/api/v1/proposals/{id}/board-decisions/",
    ):
        assert path in paths
