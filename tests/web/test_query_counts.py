"""The dashboard and the board page cost a fixed number of queries, whatever the
number of proposals: one person holding every role sees 1, then 10 proposals in
each state those pages show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from voting.selectors import round_latest
from voting.services import ballot_cast
from workflow.services import transition_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone():
    """Chair of a working group, board member, secretariat and a representative."""
    person = factories.RepresentativeFactory(is_staff=True)
    factories.BoardMembershipFactory(user=person)
    group = factories.WorkingGroupFactory(chair=person)
    others = factories.RepresentativeFactory.create_batch(2)
    return person, group, others


def _add_proposals(person, group, others, n: int) -> None:
    """``n`` proposals in each of draft, consultation, revision, voting and board review."""

    def drafted():
        proposal = factories.ProposalFactory(working_group=group)
        factories.SectionFactory(proposal=proposal)
        return proposal

    for _ in range(n):
        drafted()
        transition_run(proposal=drafted(), name="submit_for_consultation", actor=person)
        revised = drafted()
        for name in ("submit_for_consultation", "close_consultation"):
            revised = transition_run(proposal=revised, name=name, actor=person)
        assert revised.state == "revision"
        voting = drafted()
        for name in ("submit_for_consultation", "close_consultation", "open_vote"):
            transition_run(proposal=voting, name=name, actor=person)
        reviewed = drafted()
        for name in ("submit_for_consultation", "close_consultation", "open_vote"):
            transition_run(proposal=reviewed, name=name, actor=person)
        voting_round = round_latest(proposal_id=reviewed.pk)
        for rep in (person, *others):
            ballot_cast(
                voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
            )
        assert transition_run(proposal=reviewed, name="close_vote", actor=person).state == (
            "board_review"
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["dashboard", "board"])
def test_page_costs_the_same_for_1_and_10_proposals(client, everyone, url_name):
    person, group, others = everyone
    client.force_login(person)
    url = reverse(url_name)

    _add_proposals(person, group, others, 1)
    one = _queries(client, url)
    _add_proposals(person, group, others, 9)
    ten = _queries(client, url)
    html = client.get(url).content.decode()

    assert ten == one, f"{url_name}: {one} queries for 1 proposal a state, {ten} for 10"
    assert html.count("Reserved contracts for social enterprises") >= 10


def _add_eu_at_risk_in_voting(person, group, n: int) -> None:
    """``n`` proposals in voting answering an EU initiative that closes before the
    board review and translations can be done."""
    from datetime import timedelta

    from django.utils import timezone

    from proposals.models import EuInitiative
    from proposals.planning import eu_closes_at

    for _ in range(n):
        proposal = factories.ProposalFactory(working_group=group, title="Late EU answer")
        factories.SectionFactory(proposal=proposal)
        for name in ("submit_for_consultation", "close_consultation", "open_vote"):
            proposal = transition_run(proposal=proposal, name=name, actor=person)
        EuInitiative.objects.create(
            proposal=proposal,
            title="Call for evidence",
            url="https://ec.europa.eu/1",
            kind="other",
            closes_at=eu_closes_at(timezone.localdate() + timedelta(days=3)),
        )


def test_the_dashboard_costs_the_same_for_1_and_10_eu_proposals_at_risk_in_voting(client, everyone):
    person, group, _others = everyone
    client.force_login(person)
    url = reverse("dashboard")

    _add_eu_at_risk_in_voting(person, group, 1)
    one = _queries(client, url)
    _add_eu_at_risk_in_voting(person, group, 9)
    ten = _queries(client, url)
    html = client.get(url).content.decode()

    assert ten == one, f"dashboard: {one} queries for 1 EU proposal at risk, {ten} for 10"
    assert "At risk of missing the EU deadline" in html
    assert html.count("Late EU answer") >= 10
