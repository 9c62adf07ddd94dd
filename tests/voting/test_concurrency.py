"""Real threads against PostgreSQL. The server allows 100 connections, so 50 threads
share the casts (each cast is its own transaction on its own connection)."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from voting.models import Ballot, BallotCast
from voting.services import ballot_cast, tally

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]
THREADS = 50


def _in_threads(jobs: list) -> list:
    barrier = threading.Barrier(THREADS)
    outcomes: list = []
    lock = threading.Lock()

    def worker(chunk):
        barrier.wait()
        try:
            for job in chunk:
                try:
                    result = job()
                except Exception as exc:  # the test asserts there were none
                    result = exc
                with lock:
                    outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(jobs[i::THREADS],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcomes


def test_200_concurrent_casts_for_one_organisation_leave_one_ballot_and_200_history_rows(
    voting_proposal, representative_factory
):
    reps = [representative_factory()]
    reps += representative_factory.create_batch(4, organisation=reps[0].organisation)
    proposal = voting_proposal()
    voting_round = proposal.voting_rounds.get()
    choices = ["yes", "no", "abstain"]

    outcomes = _in_threads(
        [
            (
                lambda i=i: ballot_cast(
                    voting_round=voting_round,
                    organisation=reps[0].organisation,
                    user=reps[i % 5],
                    choice=choices[i % 3],
                )
            )
            for i in range(200)
        ]
    )

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert Ballot.objects.filter(round=voting_round).count() == 1
    assert BallotCast.objects.filter(round=voting_round).count() == 200
    ballot = Ballot.objects.get(round=voting_round)
    last = BallotCast.objects.filter(round=voting_round, receipt=ballot.receipt).get()
    assert last.choice == ballot.choice  # the counted ballot is one that was really cast


def test_100_organisations_casting_at_once_are_all_counted(
    voting_proposal, representative_factory, organisation_factory, capsys
):
    reps = [
        representative_factory(organisation=organisation_factory(weight=1 + i % 3))
        for i in range(100)
    ]
    proposal = voting_proposal()
    voting_round = proposal.voting_rounds.get()
    choices = ["yes", "yes", "no", "abstain"]

    outcomes = _in_threads(
        [
            (
                lambda rep=rep, i=i: ballot_cast(
                    voting_round=voting_round,
                    organisation=rep.organisation,
                    user=rep,
                    choice=choices[i % 4],
                )
            )
            for i, rep in enumerate(reps)
        ]
    )

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert Ballot.objects.filter(round=voting_round).count() == 100
    expected = {"yes": 0, "no": 0, "abstain": 0}
    for i, rep in enumerate(reps):
        expected[choices[i % 4]] += rep.organisation.weight
    counted = tally(voting_round=voting_round)
    assert (counted.yes, counted.no, counted.abstain) == (
        expected["yes"],
        expected["no"],
        expected["abstain"],
    )

    from workflow.services import transition_run

    transition_run(proposal=proposal, name="close_vote", actor=proposal.working_group.chair)
    voting_round.refresh_from_db()
    assert (voting_round.yes, voting_round.no, voting_round.abstain) == (
        expected["yes"],
        expected["no"],
        expected["abstain"],
    )
    call_command("verify_results")
    assert "1 closed round(s), 0 difference(s)." in capsys.readouterr().out


def test_ballot_changes_racing_the_close_are_either_counted_or_refused(
    voting_proposal, representative_factory
):
    """Everyone has voted no, so the chair may close; meanwhile every organisation
    changes its ballot to yes. Each change is either in the stored tally or refused."""
    from config.conflict import Conflict
    from tests.concurrency import in_threads
    from workflow.services import transition_run

    reps = representative_factory.create_batch(30)
    proposal = voting_proposal()
    voting_round = proposal.voting_rounds.get()
    for rep in reps:
        ballot_cast(voting_round=voting_round, organisation=rep.organisation, user=rep, choice="no")
    chair = proposal.working_group.chair

    def work(index):
        if index == 15:  # the close lands in the middle of the changes
            return transition_run(proposal=proposal, name="close_vote", actor=chair)
        rep = reps[index if index < 15 else index - 1]
        return ballot_cast(
            voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
        )

    outcomes = in_threads(31, work)

    changes = outcomes[:15] + outcomes[16:]
    counted = [o for o in changes if isinstance(o, Ballot)]
    refused = [o for o in changes if isinstance(o, Conflict)]
    assert len(counted) + len(refused) == 30, outcomes
    voting_round.refresh_from_db()
    assert voting_round.closed_at is not None
    assert (voting_round.yes, voting_round.no) == (len(counted), 30 - len(counted))
