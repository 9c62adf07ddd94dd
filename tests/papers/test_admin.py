"""The admin shows papers read-only and can queue failed ones again."""

import pytest

from papers.models import PositionPaper

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, user_factory):
    admin = user_factory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_lists_and_shows_papers_read_only(
    admin_client, make_board_review, approve, media_root
):
    paper = approve(make_board_review()).papers.get()

    listing = admin_client.get("/admin/papers/positionpaper/")
    detail = admin_client.get(f"/admin/papers/positionpaper/{paper.pk}/change/")

    assert listing.status_code == 200 and paper.proposal.reference in listing.content.decode()
    assert detail.status_code == 200 and paper.sha256 in detail.content.decode()
    assert admin_client.get("/admin/papers/positionpaper/add/").status_code == 403


def test_admin_action_renders_failed_papers_again(
    admin_client,
    make_board_review,
    approve,
    media_root,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(
        "papers.services.paper_render_bytes",
        lambda paper, **kw: (_ for _ in ()).throw(RuntimeError("no disk")),
    )
    paper = approve(make_board_review()).papers.get()
    assert paper.status == "failed"
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/papers/positionpaper/",
            {"action": "retry_failed", "_selected_action": [paper.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert "1 paper queued again." in response.content.decode()
    assert PositionPaper.objects.get(pk=paper.pk).status == "ready"


def test_admin_names_a_preview_in_the_reader_s_language(client, user_factory, paper_factory):
    paper = paper_factory(state="draft", preview=True, language="en")
    admin = user_factory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    english = client.get("/admin/papers/positionpaper/").content.decode()
    admin.language = "fr"
    admin.save()
    french = client.get("/admin/papers/positionpaper/").content.decode()

    assert f"{paper.proposal.reference} preview en" in english
    assert f"{paper.proposal.reference} aperçu en" in french
