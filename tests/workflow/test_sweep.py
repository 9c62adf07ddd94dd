from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from proposals.models import Proposal
from tests.concurrency import in_threads
from workflow.models import TransitionLog
from workflow.sweep import close_due


def _in_consultation(run, proposal_factory, section_factory, count=1):
    proposals = []
    for _ in range(count):
        proposal = proposal_factory()
        section_factory(proposal=proposal)
        run(proposal, "submit_for_consultation", proposal.working_group.chair)
        proposals.append(proposal)
    return proposals


def _make_due(proposals):
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(
        consultation_closes_at=timezone.now() - timedelta(minutes=1)
    )


@pytest.mark.django_db
def test_sweep_closes_due_consultations_once_as_the_system(run, proposal_factory, section_factory):
    due, not_due = _in_consultation(run, proposal_factory, section_factory, count=2)
    _make_due([due])

    assert close_due() == [f"{due.reference} close_consultation"]
    assert close_due() == []  # idempotent

    due.refresh_from_db()
    not_due.refresh_from_db()
    assert (due.state, not_due.state) == ("revision", "consultation")
    entry = TransitionLog.objects.get(proposal=due, transition="close_consultation")
    assert entry.actor is None and entry.note == "Deadline passed."


@pytest.mark.django_db
def test_sweep_closes_due_votes(run, proposal_factory, section_factory, representative_factory):
    from voting.models import VotingRound
    from voting.services import ballot_cast

    (proposal,) = _in_consultation(run, proposal_factory, section_factory)
    rep, _other = representative_factory.create_batch(2)
    chair = proposal.working_group.chair
    run(proposal, "close_consultation", chair)
    run(proposal, "open_vote", chair)
    voting_round = proposal.voting_rounds.get()
    ballot_cast(voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes")
    VotingRound.objects.filter(pk=voting_round.pk).update(closes_at=timezone.now())

    assert close_due() == [f"{proposal.reference} close_vote"]

    proposal.refresh_from_db()
    voting_round.refresh_from_db()
    assert proposal.state == "board_review"  # quorum 50 % of 2 reached by 1, yes > no
    assert (voting_round.yes, voting_round.passed) == (1, True)


@pytest.mark.django_db
def test_close_due_command_reports_what_it_closed(run, proposal_factory, section_factory, capsys):
    (proposal,) = _in_consultation(run, proposal_factory, section_factory)
    _make_due([proposal])
    call_command("close_due")
    out = capsys.readouterr().out
    assert f"{proposal.reference} close_consultation" in out and "1 deadline(s) closed." in out


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs SKIP LOCKED")
def test_two_concurrent_sweeps_close_each_consultation_exactly_once(
    run, proposal_factory, section_factory
):
    proposals = _in_consultation(run, proposal_factory, section_factory, count=12)
    _make_due(proposals)
    outcomes = in_threads(2, lambda _index: close_due())

    closed = outcomes[0] + outcomes[1]
    assert sorted(closed) == sorted(f"{p.reference} close_consultation" for p in proposals)
    assert TransitionLog.objects.filter(transition="close_consultation").count() == 12
    assert set(Proposal.objects.values_list("state", flat=True)) == {"revision"}
