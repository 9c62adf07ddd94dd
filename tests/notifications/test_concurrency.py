"""Two reminder runs, or two runs of one event task, at the same moment: each email once.

Real threads against PostgreSQL (SQLite serialises writers, so it proves nothing).
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications.models import Notification, Reminder
from notifications.reminders import reminders_send
from notifications.tasks import notify_transition
from tests.concurrency import in_threads
from workflow.models import TransitionLog

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency needs PostgreSQL's row locks"
    ),
]


@pytest.fixture
def consultations(transactional_db, run, proposal_factory, procedure_factory, section_factory):
    """``consultations(count)``: proposals in consultation closing within 48 hours,
    committed (the opening emails go too; the tests clear them)."""

    def make(count):
        made = []
        for _ in range(count):
            proposal = proposal_factory(
                procedure=procedure_factory(min_consultation_days=1),
                consultation_closes_at=timezone.now() + timedelta(hours=30),
            )
            section_factory(proposal=proposal)
            made.append(run(proposal, "submit_for_consultation", proposal.working_group.chair))
        mail.outbox.clear()
        return made

    return make


def test_two_reminder_runs_at_once_send_each_reminder_once(consultations, representative_factory):
    reps = representative_factory.create_batch(8)
    for rep in reps[:4]:  # a second representative in half of the organisations
        representative_factory(organisation=rep.organisation)
    proposals = consultations(3)

    for _attempt in range(3):  # a few races, not just one lucky interleaving
        results = in_threads(4, lambda index: reminders_send())
        assert not [r for r in results if isinstance(r, Exception)], results
        claimed = sorted(line for result in results for line in result)
        assert len(claimed) == len(set(claimed))  # no reminder claimed by two runs

    assert Reminder.objects.count() == 3 * 8
    sent = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(sent) == 3 * 12 and set(sent.values()) == {1}
    for proposal in proposals:
        assert sum(1 for _to, subject in sent if proposal.reference in subject) == 12
    reminders = Notification.objects.filter(kind="consultation_reminder")
    assert reminders.filter(status="sent").count() == reminders.count() == 3 * 12


def test_an_event_task_run_twice_at_once_sends_each_email_once(
    transactional_db, run, proposal_factory, section_factory, representative_factory, monkeypatch
):
    representative_factory.create_batch(10)
    proposal = proposal_factory()
    section_factory(proposal=proposal)
    monkeypatch.setattr(notify_transition, "delay", lambda *args: None)  # queue nothing now
    run(proposal, "submit_for_consultation", proposal.working_group.chair)
    log = TransitionLog.objects.get(proposal=proposal)
    monkeypatch.undo()

    results = in_threads(3, lambda index: notify_transition.apply(args=(log.pk,)).result)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        Notification.objects.values_list("address", flat=True)
    )
    assert len(mail.outbox) == 10
    assert Notification.objects.filter(status="sent").count() == 10


def test_four_vote_reminder_runs_in_small_batches_remind_each_organisation_once(
    transactional_db, run, proposal_factory, section_factory, representative_factory, monkeypatch
):
    from notifications import reminders

    monkeypatch.setattr(reminders, "CLAIM_BATCH", 3)  # 10 organisations: 4 batches a run
    reps = representative_factory.create_batch(10)
    for rep in reps[:5]:
        representative_factory(organisation=rep.organisation)
    proposals = []
    for _ in range(2):
        proposal = proposal_factory()
        section_factory(proposal=proposal)
        chair = proposal.working_group.chair
        run(proposal, "submit_for_consultation", chair)
        run(proposal, "close_consultation", chair)
        proposals.append(run(proposal, "open_vote", chair))
    now = timezone.now()
    from voting.models import VotingRound

    VotingRound.objects.filter(proposal__in=proposals).update(closes_at=now + timedelta(hours=20))
    mail.outbox.clear()

    results = in_threads(4, lambda index: reminders_send(now=now))

    assert not [r for r in results if isinstance(r, Exception)], results
    claimed = sorted(line for result in results for line in result)
    assert len(claimed) == len(set(claimed)) == 2 * 10
    sent = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(sent) == 2 * 15 and set(sent.values()) == {1}
    assert Reminder.objects.filter(kind="vote").count() == 2 * 10
    assert reminders_send(now=now) == []
    assert len(mail.outbox) == 2 * 15
