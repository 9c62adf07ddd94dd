"""A ballot whose write meets a lost database connection: 503, nothing saved."""

import pytest
from django.test import Client

from tests.test_database_unavailable import database_down
from voting.models import Ballot, BallotCast

pytestmark = pytest.mark.django_db


def test_a_ballot_whose_write_fails_is_503_and_leaves_nothing(voting_proposal, representative):
    proposal = voting_proposal()
    client = Client(raise_request_exception=False)
    from members.services import token_create

    _, token = token_create(user=representative, name="t")

    with database_down(when=lambda sql: "voting_ballot" in sql and "INSERT" in sql.upper()):
        response = client.put(
            f"/api/v1/proposals/{proposal.pk}/ballot/",
            {"choice": "yes"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )

    assert response.status_code == 503, response.content
    assert response.json()["code"] == "unavailable"
    assert not Ballot.objects.exists() and not BallotCast.objects.exists()
