"""Four repeats of one ``Idempotency-Key`` at the same moment act once: the unique
constraint on ``members.IdempotencyKey`` decides (real threads against PostgreSQL;
SQLite serialises writers, so it proves nothing)."""

import time

import pytest
from django.db import connection
from rest_framework.test import APIClient

from members.models import IdempotencyKey
from members.services import token_create
from proposals import api as proposals_api
from proposals.models import Proposal
from tests.concurrency import in_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's locks"),
]


def test_four_repeats_at_once_create_one_proposal(monkeypatch, proposal):
    real = proposals_api.proposal_create

    def slow(*args, **kwargs):
        time.sleep(0.3)  # all four are in flight at once
        return real(*args, **kwargs)

    monkeypatch.setattr(proposals_api, "proposal_create", slow)
    chair = proposal.working_group.chair
    _, token = token_create(user=chair, name="four repeats")
    body = {
        "title": "Inclusive apprenticeships",
        "working_group": proposal.working_group.pk,
        "procedure": proposal.procedure.pk,
    }
    clients = [APIClient() for _ in range(4)]
    for client in clients:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    results = in_threads(
        4,
        lambda i: clients[i].post(
            "/api/v1/proposals/", body, format="json", HTTP_IDEMPOTENCY_KEY="same-click"
        ),
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert [r.status_code for r in results] == [201] * 4
    created = Proposal.objects.get(title="Inclusive apprenticeships")
    assert {r.json()["id"] for r in results} == {created.pk}
    assert sum(r.has_header("Idempotent-Replayed") for r in results) == 3
    assert IdempotencyKey.objects.get().status_code == 201
