from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from voting.models import VotingRound
from workflow.sweep import close_due

pytestmark = pytest.mark.django_db


def _close_now(proposal):
    VotingRound.objects.filter(proposal=proposal).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    close_due()
    proposal.refresh_from_db()


def test_results_while_open_are_counts_only(api, voting_proposal, representative_factory, cast):
    voter, _other = representative_factory.create_batch(2)
    proposal = voting_proposal()
    cast(proposal, voter, "no")

    body = api.as_user(voter).get(f"/api/v1/proposals/{proposal.pk}/results/").json()

    assert body["status"] == "open"
    assert (body["eligible_count"], body["voted_count"]) == (2, 1)
    assert "no" not in body and "receipts" not in body


def test_weighted_open_ballot_result_lists_each_organisation(
    api, voting_proposal, representative_factory, organisation_factory, cast
):
    big = representative_factory(organisation=organisation_factory(name="Big", weight=3))
    small_a = representative_factory(organisation=organisation_factory(name="Small A"))
    small_b = representative_factory(organisation=organisation_factory(name="Small B"))
    representative_factory(organisation=organisation_factory(name="Silent"))
    proposal = voting_proposal()
    receipts = {
        "Big": cast(proposal, big, "no").receipt,
        "Small A": cast(proposal, small_a, "yes").receipt,
        "Small B": cast(proposal, small_b, "yes").receipt,
    }
    _close_now(proposal)

    body = api.as_user(small_a).get(f"/api/v1/proposals/{proposal.pk}/results/").json()

    assert proposal.state == "rejected"  # 2 yes against 3 no by weight
    assert (body["yes"], body["no"], body["abstain"], body["eligible_weight"]) == (2, 3, 0, 6)
    assert body["turnout_percent"] == "83.33" and body["quorum_met"] is True
    assert body["passed"] is False and body["majority"] == "simple"
    assert sorted(r["receipt"] for r in body["receipts"]) == sorted(receipts.values())
    assert body["ballots"] == [
        {"organisation": "Big", "weight": 3, "choice": "no", "by_proxy": None},
        {"organisation": "Small A", "weight": 1, "choice": "yes", "by_proxy": None},
        {"organisation": "Small B", "weight": 1, "choice": "yes", "by_proxy": None},
    ]


def test_secret_ballot_result_shows_totals_and_receipts_only(
    api, voting_proposal, representative_factory, cast
):
    reps = representative_factory.create_batch(3)
    proposal = voting_proposal(secret_ballot=True)
    for rep, choice in zip(reps, ["yes", "yes", "abstain"], strict=True):
        cast(proposal, rep, choice)
    _close_now(proposal)

    body = api.as_user(reps[0]).get(f"/api/v1/proposals/{proposal.pk}/results/").json()

    assert proposal.state == "board_review"
    assert (body["yes"], body["no"], body["abstain"]) == (2, 0, 1)
    assert "ballots" not in body
    assert sorted(r["choice"] for r in body["receipts"]) == ["abstain", "yes", "yes"]


def test_chair_closes_early_once_everyone_voted(api, voting_proposal, representative_factory, cast):
    reps = representative_factory.create_batch(2)
    proposal = voting_proposal()
    chair = proposal.working_group.chair
    url = f"/api/v1/proposals/{proposal.pk}/transitions/close_vote/"
    cast(proposal, reps[0], "yes")
    assert api.as_user(chair).post(url).status_code == 409
    cast(proposal, reps[1], "yes")

    response = api.as_user(chair).post(url)

    assert response.status_code == 200 and response.json()["state"] == "board_review"


def test_stored_results_never_change_and_verify_results_agrees(
    voting_proposal, representative_factory, cast, capsys
):
    reps = representative_factory.create_batch(2)
    proposal = voting_proposal()
    cast(proposal, reps[0], "yes")
    _close_now(proposal)
    voting_round = proposal.voting_rounds.get()

    voting_round.yes = 99
    with pytest.raises(ValueError, match="final"):
        voting_round.save()
    call_command("verify_results")
    assert "1 closed round(s), 0 difference(s)." in capsys.readouterr().out


def test_verify_results_reports_a_tampered_result(
    voting_proposal, representative_factory, cast, capsys
):
    reps = representative_factory.create_batch(2)
    proposal = voting_proposal()
    cast(proposal, reps[0], "yes")
    _close_now(proposal)
    VotingRound.objects.filter(proposal=proposal).update(yes=5)  # behind the model's back

    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_results")

    assert exit_info.value.code == 1
    assert "DIFF" in capsys.readouterr().out
