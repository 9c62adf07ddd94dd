"""open_vote from revision waits until every amendment is decided."""

import pytest

from proposals.models import ProposalState

pytestmark = pytest.mark.django_db


def transitions(api, user, proposal):
    rows = api.as_user(user).get(f"/api/v1/proposals/{proposal.pk}/transitions/").json()
    return {row["name"]: row for row in rows}


def test_open_vote_is_refused_while_an_amendment_is_undecided(
    api, consulting, post_amendment, representative, chair, run
):
    aid = post_amendment(representative, consulting).json()["id"]
    run(consulting, "close_consultation", chair)

    refused = api.as_user(chair).post(f"/api/v1/proposals/{consulting.pk}/transitions/open_vote/")

    assert refused.status_code == 409
    assert "every_amendment_decided" in refused.json()["failed_guards"]
    assert (
        "every_amendment_decided"
        in transitions(api, chair, consulting)["open_vote"]["failed_guards"]
    )

    api.as_user(chair).post(
        f"/api/v1/amendments/{aid}/decision/",
        {"decision": "rejected", "response": "Out of scope."},
        format="json",
    )
    opened = api.as_user(chair).post(f"/api/v1/proposals/{consulting.pk}/transitions/open_vote/")

    assert opened.status_code == 200, opened.json()
    assert opened.json()["state"] == ProposalState.VOTING


def test_the_text_voted_on_carries_the_accepted_amendment(
    api, consulting, post_amendment, representative, chair, run
):
    aid = post_amendment(representative, consulting, text="Reserve 5% of contracts.").json()["id"]
    run(consulting, "close_consultation", chair)
    api.as_user(chair).post(
        f"/api/v1/amendments/{aid}/decision/",
        {"decision": "accepted", "response": "Agreed."},
        format="json",
    )

    run(consulting, "open_vote", chair)

    voted = consulting.voting_rounds.get().version
    assert voted.sections[0]["body"].startswith("Reserve 5% of contracts.\n\n")
