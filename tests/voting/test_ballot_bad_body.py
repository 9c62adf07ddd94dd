"""A ballot PUT with no choice, or a body that is not an object, is a 400 naming
the field, never a 500 (found by schemathesis)."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", [[None, None], {}])
def test_a_ballot_without_a_choice_is_a_400(voting_proposal, representative_factory, body):
    proposal = voting_proposal()
    client = APIClient()
    client.force_authenticate(representative_factory())
    response = client.put(f"/api/v1/proposals/{proposal.pk}/ballot/", body, format="json")
    assert response.status_code == 400
    assert "choice" in response.json()["errors"]
