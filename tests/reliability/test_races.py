"""Races over HTTP against gunicorn (4 workers) and a Celery worker, on PostgreSQL.

Each case fails when its lock is removed (docs/RELIABILITY.md: the scratch
branch ``h18-rel-nolock``).
"""

import io
from collections import Counter
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from notifications.models import Notification, Reminder
from tests.reliability import stack
from voting.models import Ballot, BallotCast, Mandate, VotingRound
from voting.services import ballot_cast
from workflow.models import TransitionLog

pytestmark = stack.marks()
CHOICES = ["yes", "no", "abstain"]


def _put_ballot(live, proposal, headers, body):
    return (
        "PUT",
        live.url(f"/api/v1/proposals/{proposal.pk}/ballot/"),
        {"json": body, "headers": headers},
    )


def test_200_concurrent_ballot_puts_for_one_organisation_count_once(
    live, token, voting_proposal, representative_factory
):
    first = representative_factory()
    reps = [first, *representative_factory.create_batch(4, organisation=first.organisation)]
    headers = [token(rep) for rep in reps]
    proposal = voting_proposal()
    calls = [
        _put_ballot(live, proposal, headers[i % 5], {"choice": CHOICES[i % 3]}) for i in range(200)
    ]

    outcomes = stack.hammer(calls, threads=50)

    assert stack.statuses(outcomes) == {200: 200}
    voting_round = VotingRound.objects.get(proposal=proposal)
    assert Ballot.objects.filter(round=voting_round).count() == 1
    assert BallotCast.objects.filter(round=voting_round).count() == 200
    ballot = Ballot.objects.get(round=voting_round)
    receipts = {o.body["receipt"]: o.body["choice"] for o in outcomes}
    assert len(receipts) == 200  # every answer names its own cast
    assert receipts[ballot.receipt] == ballot.choice  # the counted one was answered as cast
    assert BallotCast.objects.filter(round=voting_round).order_by("-id").first().receipt == (
        ballot.receipt
    )


def test_100_organisations_with_proxies_and_splits_at_once_tally_equals_recount(
    live, token, voting_proposal, representative_factory, organisation_factory
):
    reps = [
        representative_factory(organisation=organisation_factory(weight=1 + i % 3))
        for i in range(100)
    ]
    headers = [token(rep) for rep in reps]
    proposal = voting_proposal(proxies_allowed=True, split_ballots_allowed=True, quorum_percent=10)
    # organisations 0-19 mandate 20-39, all at once over HTTP
    mandates = stack.hammer(
        [
            (
                "POST",
                live.url(f"/api/v1/proposals/{proposal.pk}/mandates/"),
                {"json": {"proxy": reps[20 + i].organisation_id}, "headers": headers[i]},
            )
            for i in range(20)
        ],
        threads=20,
    )
    assert stack.statuses(mandates) == {201: 20}

    expected = Counter()
    calls = []
    for i, rep in enumerate(reps):
        weight = rep.organisation.weight
        if i < 20:  # cast by its proxy, for it
            body = {"choice": CHOICES[i % 3], "organisation": rep.organisation_id}
            calls.append(_put_ballot(live, proposal, headers[20 + i], body))
            expected[CHOICES[i % 3]] += weight
        elif weight >= 2 and i % 2:  # a split of its weight
            calls.append(
                _put_ballot(
                    live,
                    proposal,
                    headers[i],
                    {"split": {"yes": weight - 1, "no": 1, "abstain": 0}},
                )
            )
            expected["yes"] += weight - 1
            expected["no"] += 1
        else:
            calls.append(_put_ballot(live, proposal, headers[i], {"choice": CHOICES[i % 3]}))
            expected[CHOICES[i % 3]] += weight

    outcomes = stack.hammer(calls, threads=50)

    assert stack.statuses(outcomes) == {200: 100}, [o.body for o in outcomes if o.status != 200]
    assert sum(o.body["by_proxy"] is not None for o in outcomes) == 20
    assert Mandate.objects.filter(proposal=proposal, used_at__isnull=False).count() == 20
    chair = token(proposal.working_group.chair)
    closed = stack.hammer(
        [
            (
                "POST",
                live.url(f"/api/v1/proposals/{proposal.pk}/transitions/close_vote/"),
                {"json": {}, "headers": chair},
            )
        ],
        threads=1,
    )
    assert closed[0].status == 200, closed[0].body
    voting_round = VotingRound.objects.get(proposal=proposal)
    assert (voting_round.yes, voting_round.no, voting_round.abstain) == (
        expected["yes"],
        expected["no"],
        expected["abstain"],
    )
    out = io.StringIO()
    call_command("verify_results", stdout=out)
    assert "1 closed round(s), 0 difference(s)." in out.getvalue()


def test_50_identical_transitions_at_once_one_succeeds_49_conflict_one_log_row(
    live, token, proposal_factory, section_factory
):
    """The chair's 50 clicks on "submit for consultation" (it snapshots a version: the
    longest transaction of a draft) reach 4 gunicorn workers at once."""
    proposal = proposal_factory()
    for _ in range(20):
        section_factory(proposal=proposal)
    headers = token(proposal.working_group.chair)
    url = live.url(f"/api/v1/proposals/{proposal.pk}/transitions/submit_for_consultation/")

    outcomes = stack.hammer([("POST", url, {"json": {}, "headers": headers})] * 50, threads=50)

    assert stack.statuses(outcomes) == {200: 1, 409: 49}
    assert all(set(o.body) >= {"detail", "code"} for o in outcomes if o.status == 409)
    logs = TransitionLog.objects.filter(proposal=proposal)
    assert logs.count() == 1 and logs.get().transition == "submit_for_consultation"
    assert proposal.versions.count() == 1
    proposal.refresh_from_db()
    assert proposal.state == "consultation"


def test_4_sweeps_and_4_reminder_runs_at_once_close_once_and_email_once(
    live, run, proposal_factory, section_factory, procedure_factory, representative_factory
):
    reps = representative_factory.create_batch(8)
    now = timezone.now()

    def proposal_in(state, *, closes_in):
        proposal = proposal_factory(
            procedure=procedure_factory(min_consultation_days=1, quorum_percent=10),
            consultation_closes_at=now + timedelta(hours=30),
        )
        section_factory(proposal=proposal)
        chair = proposal.working_group.chair
        run(proposal, "submit_for_consultation", chair)
        if state == "consultation":
            type(proposal).objects.filter(pk=proposal.pk).update(
                consultation_closes_at=now + closes_in
            )
            return proposal
        run(proposal, "close_consultation", chair)
        run(proposal, "open_vote", chair)
        voting_round = VotingRound.objects.get(proposal=proposal)
        if closes_in < timedelta(0):  # five organisations voted before the deadline
            for rep in reps[:5]:
                ballot_cast(
                    voting_round=voting_round, organisation=rep.organisation, user=rep, choice="yes"
                )
        VotingRound.objects.filter(pk=voting_round.pk).update(closes_at=now + closes_in)
        return proposal

    due_votes = [proposal_in("voting", closes_in=timedelta(seconds=-1)) for _ in range(3)]
    due_consultations = [
        proposal_in("consultation", closes_in=timedelta(seconds=-1)) for _ in range(2)
    ]
    soon = [
        proposal_in("consultation", closes_in=timedelta(hours=30)),
        proposal_in("voting", closes_in=timedelta(hours=30)),
    ]
    Notification.objects.all().delete()  # the setup's own emails went eagerly
    before = {p.pk: TransitionLog.objects.filter(proposal=p).count() for p in due_votes}

    runs = [live.processes.manage("close_due", env=live.env) for _ in range(4)]
    runs += [live.processes.manage("send_reminders", env=live.env) for _ in range(4)]
    for process in runs:
        assert process.wait(timeout=stack.WAIT) == 0, live.processes.tail(process.name)

    for proposal in due_votes:
        logs = TransitionLog.objects.filter(proposal=proposal)
        assert logs.count() == before[proposal.pk] + 1
        assert logs.filter(transition="close_vote").count() == 1
        closed = VotingRound.objects.filter(proposal=proposal, closed_at__isnull=False)
        assert closed.count() == 1 and closed.get().yes == 5
    for proposal in due_consultations:
        logs = TransitionLog.objects.filter(proposal=proposal, transition="close_consultation")
        assert logs.count() == 1
    # every organisation is silent in the two proposals closing in 30 hours
    assert Reminder.objects.filter(proposal__in=soon).count() == 2 * 8
    assert Reminder.objects.exclude(proposal__in=soon).count() == 0

    def drained():
        return not Notification.objects.filter(status__in=["pending", "sending"]).exists()

    stack.wait_for(drained, what="the worker to send every email")
    rows = Notification.objects.all()
    assert rows.filter(status="sent").count() == rows.count() > 16
    sent = Counter((m["To"], stack.subject(m)) for m in stack.mails(live.mail))
    assert set(sent.values()) == {1}, [k for k, n in sent.items() if n > 1]
    assert len(sent) == rows.count()
    reminders = rows.filter(kind__in=["consultation_reminder", "vote_reminder"])
    per_deadline = Counter((r.reminder.proposal_id, r.reminder.organisation_id) for r in reminders)
    assert len(per_deadline) == 16 and set(per_deadline.values()) == {1}


def test_ballot_changes_racing_the_close_over_http_are_counted_or_refused(
    live, token, voting_proposal, representative_factory
):
    """Every organisation voted no; then each changes to yes while the chair closes
    the vote. A change answered 200 is in the stored tally; any other is a 409.
    Three races, each on its own proposal."""
    reps = representative_factory.create_batch(30)
    headers = [token(rep) for rep in reps]
    for _race in range(3):
        proposal = voting_proposal()
        url = live.url(f"/api/v1/proposals/{proposal.pk}/ballot/")
        first = stack.hammer(
            [("PUT", url, {"json": {"choice": "no"}, "headers": h}) for h in headers], threads=10
        )
        assert stack.statuses(first) == {200: 30}
        close = (
            "POST",
            live.url(f"/api/v1/proposals/{proposal.pk}/transitions/close_vote/"),
            {"json": {}, "headers": token(proposal.working_group.chair)},
        )
        changes = [("PUT", url, {"json": {"choice": "yes"}, "headers": h}) for h in headers]
        calls = changes[:12] + [close] + changes[12:]

        outcomes = stack.hammer(calls, threads=31)

        assert outcomes[12].status == 200, outcomes[12].body
        changed = [o for i, o in enumerate(outcomes) if i != 12]
        counted = stack.statuses(changed)
        assert set(counted) <= {200, 409}, counted
        voting_round = VotingRound.objects.get(proposal=proposal)
        assert (voting_round.yes, voting_round.no) == (counted.get(200, 0), counted.get(409, 0))
        print(
            f"\nRESULT close-race: {counted.get(200, 0)} changes counted, "
            f"{counted.get(409, 0)} refused, stored yes/no {voting_round.yes}/{voting_round.no}"
        )
