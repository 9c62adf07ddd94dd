"""Real threads against PostgreSQL: the row lock lets exactly one transition through."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from proposals.models import Proposal
from proposals.services import proposal_create
from tests.concurrency import in_threads
from workflow.models import TransitionLog

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_fifty_threads_firing_the_same_transition_yield_one_success(proposal, section_factory):
    from members.services import token_create

    section_factory(proposal=proposal)
    token = token_create(user=proposal.working_group.chair, name="test")[1]
    url = f"/api/v1/proposals/{proposal.pk}/transitions/submit_for_consultation/"

    def fire(_index):
        return APIClient().post(url, HTTP_AUTHORIZATION=f"Token {token}").status_code

    statuses = in_threads(50, fire)

    assert sorted(statuses) == [200] + [409] * 49
    assert TransitionLog.objects.filter(proposal=proposal).count() == 1
    assert proposal.versions.count() == 1
    assert Proposal.objects.get(pk=proposal.pk).state == "consultation"


def test_twenty_concurrent_creations_get_distinct_references(working_group, procedure):
    chair = working_group.chair

    def create(index):
        return proposal_create(
            actor=chair,
            title=f"Proposal {index}",
            summary="",
            working_group=working_group,
            procedure=procedure,
        ).reference

    references = in_threads(20, create)

    assert all(isinstance(r, str) for r in references), references
    assert len(set(references)) == 20
    assert Proposal.objects.count() == 20
