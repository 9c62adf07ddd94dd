"""The proposal list and detail cost the same number of queries at 1 and at 200 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("viewer", ["member", "secretariat"])
def test_list_costs_the_same_for_1_and_200_proposals(
    api,
    viewer,
    working_group_factory,
    user_factory,
    secretariat,
    proposal_factory,
    django_assert_max_num_queries,
):
    member = user_factory()
    group = working_group_factory(members=[member])
    user = member if viewer == "member" else secretariat
    client = api.as_user(user)
    url = "/api/v1/proposals/?page_size=200"

    proposal_factory(working_group=group)
    one = _queries(client, url)
    proposal_factory.create_batch(199, working_group=group)
    with django_assert_max_num_queries(one):
        body = client.get(url).json()
    assert body["count"] == 200 and len(body["results"]) == 200
    assert one <= 6


def test_detail_costs_the_same_for_1_and_200_sections(
    api, proposal, section_factory, django_assert_max_num_queries
):
    client = api.as_user(proposal.working_group.chair)
    url = f"/api/v1/proposals/{proposal.pk}/"
    section_factory(proposal=proposal)
    one = _queries(client, url)
    section_factory.create_batch(199, proposal=proposal)
    with django_assert_max_num_queries(one):
        body = client.get(url).json()
    assert len(body["sections"]) == 200
    assert one <= 6
