"""POST /api/v1/comments/{cid}/hide/ and how a hidden comment reads."""

import pytest

from consultations.models import Comment

pytestmark = pytest.mark.django_db


def hide(api, user, comment, **body):
    return api.as_user(user).post(f"/api/v1/comments/{comment.pk}/hide/", body, format="json")


def listed(api, user, proposal):
    results = api.as_user(user).get(f"/api/v1/proposals/{proposal.pk}/comments/").json()["results"]
    return {c["id"]: c for c in results}


@pytest.fixture
def offensive(consulting, comment_factory):
    return comment_factory(proposal=consulting, body="Insulting words about a colleague.")


def test_secretariat_hides_with_a_reason(api, offensive, secretariat):
    response = hide(api, secretariat, offensive, reason="Personal attack on a member.")

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["hidden"] is True
    assert data["body"] is None and data["html"] is None
    assert data["hidden_reason"] == "Personal attack on a member."
    assert data["hidden_at"] is not None


def test_hidden_text_is_shown_to_nobody_but_stays_in_the_database(
    api, consulting, offensive, secretariat, representative, chair
):
    hide(api, secretariat, offensive, reason="Personal attack on a member.")

    for user in (representative, chair, secretariat, offensive.author):
        shown = listed(api, user, consulting)[offensive.pk]
        assert shown["hidden"] is True
        assert shown["body"] is None and shown["html"] is None
        assert "Insulting" not in str(shown)
    assert listed(api, representative, consulting)[offensive.pk]["hidden_reason"] is None
    assert listed(api, secretariat, consulting)[offensive.pk]["hidden_reason"] == (
        "Personal attack on a member."
    )
    stored = Comment.objects.get(pk=offensive.pk)
    assert stored.body == "Insulting words about a colleague."
    assert stored.hidden_by == secretariat


@pytest.mark.parametrize("role", ["representative", "chair", "board_member"])
def test_only_the_secretariat_hides(api, offensive, role, representative, chair, board_member):
    user = {"representative": representative, "chair": chair, "board_member": board_member}[role]

    response = hide(api, user, offensive, reason="I dislike it.")

    assert response.status_code == 403
    assert not Comment.objects.get(pk=offensive.pk).is_hidden


@pytest.mark.parametrize("reason", ["", "   "])
def test_hiding_needs_a_reason(api, offensive, secretariat, reason):
    response = hide(api, secretariat, offensive, reason=reason)

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    assert not Comment.objects.get(pk=offensive.pk).is_hidden


def test_hiding_twice_is_refused_and_keeps_the_first_reason(api, offensive, secretariat):
    hide(api, secretariat, offensive, reason="First reason.")

    response = hide(api, secretariat, offensive, reason="Second reason.")

    assert response.status_code == 409
    assert response.json()["code"] == "already_hidden"
    assert Comment.objects.get(pk=offensive.pk).hidden_reason == "First reason."


def test_hiding_works_after_the_consultation_closed(api, offensive, secretariat, run, chair):
    run(offensive.proposal, "close_consultation", chair)

    response = hide(api, secretariat, offensive, reason="Spotted late.")

    assert response.status_code == 200


def test_hiding_an_unknown_comment_is_404(api, secretariat):
    response = api.as_user(secretariat).post("/api/v1/comments/999999/hide/", {"reason": "x"})

    assert response.status_code == 404


def test_replies_of_a_hidden_comment_stay_visible(
    api, consulting, offensive, secretariat, representative, comment_factory
):
    reply = comment_factory(proposal=consulting, parent=offensive, body="Please stay civil.")

    hide(api, secretariat, offensive, reason="Personal attack.")

    shown = listed(api, representative, consulting)
    assert shown[reply.pk]["body"] == "Please stay civil."
    assert shown[reply.pk]["parent"] == offensive.pk
