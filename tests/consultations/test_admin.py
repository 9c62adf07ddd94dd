"""Admin: comments and amendments are read-only; hiding goes through the service."""

import pytest

from consultations.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    return client


def test_secretariat_sees_comments_including_hidden_text(staff_client, comment_factory):
    from django.utils import timezone

    comment = comment_factory(
        body="Text kept for the audit trail.", hidden_at=timezone.now(), hidden_reason="Abusive."
    )

    listing = staff_client.get("/admin/consultations/comment/")
    detail = staff_client.get(f"/admin/consultations/comment/{comment.pk}/change/")

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert "Text kept for the audit trail." in detail.content.decode()
    assert "Abusive." in detail.content.decode()


def test_hide_action_hides_with_the_typed_reason(staff_client, comment_factory, secretariat):
    comments = comment_factory.create_batch(2)

    response = staff_client.post(
        "/admin/consultations/comment/",
        {
            "action": "hide_comments",
            "_selected_action": [c.pk for c in comments],
            "reason": "Advertising.",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "2 comments hidden." in response.content.decode()
    for comment in Comment.objects.filter(pk__in=[c.pk for c in comments]):
        assert comment.is_hidden
        assert (comment.hidden_reason, comment.hidden_by) == ("Advertising.", secretariat)


def test_hide_action_without_a_reason_hides_nothing(staff_client, comment_factory):
    comment = comment_factory()

    response = staff_client.post(
        "/admin/consultations/comment/",
        {"action": "hide_comments", "_selected_action": [comment.pk], "reason": ""},
        follow=True,
    )

    assert "Type the reason for hiding" in response.content.decode()
    assert not Comment.objects.get(pk=comment.pk).is_hidden


def test_comments_and_amendments_cannot_be_added_changed_or_deleted(
    staff_client, comment_factory, amendment_factory
):
    comment = comment_factory(body="Original.")
    amendment = amendment_factory()

    add = staff_client.get("/admin/consultations/comment/add/")
    change = staff_client.post(
        f"/admin/consultations/comment/{comment.pk}/change/", {"body": "Edited."}
    )
    delete = staff_client.post(
        f"/admin/consultations/comment/{comment.pk}/delete/", {"post": "yes"}
    )
    amendment_add = staff_client.get("/admin/consultations/amendment/add/")
    amendment_view = staff_client.get(f"/admin/consultations/amendment/{amendment.pk}/change/")

    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    assert amendment_add.status_code == 403
    assert amendment_view.status_code == 200
    assert amendment.text in amendment_view.content.decode()
    assert Comment.objects.get(pk=comment.pk).body == "Original."


def test_amendment_page_lists_supporters(staff_client, amendment_support_factory):
    support = amendment_support_factory()

    page = staff_client.get(f"/admin/consultations/amendment/{support.amendment_id}/change/")

    assert support.organisation.name in page.content.decode()
