"""The API's permission classes ask the same permissions as the services: the
refusal says the rule's own words, before the input is read."""

import pytest

from consultations.models import Comment
from papers.api import PreviewApi
from workflow.board_api import BoardDecisionApi

pytestmark = pytest.mark.django_db


def test_hiding_by_a_representative_is_refused_in_the_rules_words(
    api, consulting, representative, representative_factory
):
    comment = Comment.objects.create(
        proposal=consulting, author=representative_factory(), body="Off topic."
    )

    response = api.as_user(representative).post(f"/api/v1/comments/{comment.pk}/hide/", {})

    assert response.status_code == 403  # not 400 for the missing reason: the role comes first
    assert response.json() == {
        "detail": "Only the secretariat hides comments.",
        "code": "permission_denied",
    }


def test_a_hidden_comment_hidden_again_is_the_rules_409(
    api, consulting, secretariat, representative
):
    comment = Comment.objects.create(proposal=consulting, author=representative, body="Spam.")
    first = api.as_user(secretariat).post(
        f"/api/v1/comments/{comment.pk}/hide/", {"reason": "Spam."}
    )

    again = api.as_user(secretariat).post(f"/api/v1/comments/{comment.pk}/hide/", {"reason": "x"})

    assert first.status_code == 200
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("view", "permission"),
    [(PreviewApi, "papers.request_preview"), (BoardDecisionApi, "workflow.record_board_decision")],
)
def test_views_declare_the_permission_they_ask(view, permission):
    assert [p.__name__ for p in view.permission_classes] == [f"Allows[{permission}]"]
