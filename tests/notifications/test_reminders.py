"""Reminders 48 hours before a deadline: only to who has not acted, once per deadline."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultations.services import amendment_create, comment_create
from notifications.models import Notification, Reminder
from notifications.reminders import reminders_send
from notifications.tasks import send_reminders
from proposals.services import proposal_update
from voting.services import ballot_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def closing_consultation(run, proposal_factory, procedure_factory, section_factory):
    """``closing_consultation(hours=30)``: a consultation that closes in ``hours`` hours
    (its opening emails are not sent: plain ``run``)."""

    def make(hours=30):
        proposal = proposal_factory(
            procedure=procedure_factory(min_consultation_days=1),
            consultation_closes_at=timezone.now() + timedelta(hours=hours),
        )
        section_factory(proposal=proposal)
        return run(proposal, "submit_for_consultation", proposal.working_group.chair)

    return make


def to(outbox):
    return sorted(m.to[0] for m in outbox())


def emails_of(network, *names):
    return sorted(network[name].email for name in names)


def test_a_consultation_reminder_goes_only_to_organisations_that_have_not_responded(
    network, closing_consultation, representative_factory, outbox
):
    proposal = closing_consultation()
    amender = representative_factory()
    comment_create(proposal=proposal, author=network["carla"], body="We support this.")
    amendment_create(
        proposal=proposal,
        author=amender,
        section=proposal.sections.first(),
        kind="replace",
        paragraph=1,
        text="A clearer first paragraph.",
        justification="Names social enterprises explicitly.",
    )

    done = reminders_send()

    orgs = network["orgs"]
    assert sorted(done) == sorted(
        [f"{proposal.reference} consultation {orgs[0].name}"]
        + [f"{proposal.reference} consultation {orgs[2].name}"]
    )
    # every active representative of the silent organisations, nobody else
    assert to(outbox) == emails_of(network, "ana", "bruno", "dario")
    assert set(Reminder.objects.values_list("organisation", flat=True)) == {orgs[0].pk, orgs[2].pk}
    ana = outbox(network["ana"].email)[0]
    deadline = timezone.localtime(proposal.consultation_closes_at)  # Brussels, as Ana
    assert ana.subject.startswith(f"Reminder: the consultation on {proposal.reference} closes on ")
    assert f"{deadline:%H:%M} (Europe/Brussels)" in ana.subject
    assert f"{orgs[0].name} has not yet commented or proposed an amendment" in ana.body
    assert f"http://127.0.0.1:8000/proposals/{proposal.pk}/" in ana.body
    dario = outbox(network["dario"].email)[0]
    assert dario.subject.startswith(f"Rappel : la consultation sur {proposal.reference} se termine")
    assert "(Europe/Paris)" in dario.body
    assert "n’a encore ni commenté ni proposé d’amendement" in dario.body


def test_a_comment_by_any_representative_counts_for_the_organisation(
    network, closing_consultation, outbox
):
    proposal = closing_consultation()
    comment_create(proposal=proposal, author=network["bruno"], body="Un avis.")  # orgs[0]

    reminders_send()

    assert network["ana"].email not in to(outbox)  # Bruno spoke for them both
    assert to(outbox) == emails_of(network, "carla", "dario")


def test_a_response_to_an_earlier_consultation_does_not_count(
    network, closing_consultation, run, outbox
):
    proposal = closing_consultation()
    chair = proposal.working_group.chair
    comment_create(proposal=proposal, author=network["carla"], body="First round view.")
    run(proposal, "close_consultation", chair)
    proposal_update(
        proposal=proposal,
        actor=chair,
        consultation_closes_at=timezone.now() + timedelta(hours=40),
    )
    run(proposal, "reopen_consultation", chair)

    reminders_send()

    assert to(outbox) == emails_of(network, "ana", "bruno", "carla", "dario")


def test_an_unchanged_deadline_is_reminded_once_and_a_later_one_again(
    network, closing_consultation, outbox
):
    proposal = closing_consultation(hours=30)
    chair = proposal.working_group.chair
    reminders_send()
    assert len(outbox()) == 4

    assert reminders_send() == []  # same deadline: nothing new
    assert len(outbox()) == 4

    first_deadline = proposal.consultation_closes_at
    proposal = proposal_update(
        proposal=proposal, actor=chair, consultation_closes_at=first_deadline + timedelta(hours=6)
    )
    reminders_send()
    assert len(outbox()) == 8  # a new deadline, a new reminder
    assert to(outbox) == sorted(emails_of(network, "ana", "bruno", "carla", "dario") * 2)
    assert Reminder.objects.filter(deadline=proposal.consultation_closes_at).count() == 3
    assert Reminder.objects.filter(deadline=first_deadline).count() == 3

    assert reminders_send() == []
    assert len(outbox()) == 8


def test_a_deadline_moved_beyond_48_hours_is_reminded_when_it_comes_near(
    network, closing_consultation, outbox
):
    proposal = closing_consultation(hours=30)
    reminders_send()
    mail.outbox.clear()
    later = timezone.now() + timedelta(days=10)
    proposal_update(
        proposal=proposal, actor=proposal.working_group.chair, consultation_closes_at=later
    )

    assert reminders_send() == []
    assert reminders_send(now=later - timedelta(hours=49)) == []
    assert len(reminders_send(now=later - timedelta(hours=47))) == 3

    assert to(outbox) == emails_of(network, "ana", "bruno", "carla", "dario")


def test_no_reminder_outside_the_last_48_hours(network, closing_consultation, outbox):
    proposal = closing_consultation(hours=24 * 5)
    deadline = proposal.consultation_closes_at

    assert reminders_send() == []
    assert reminders_send(now=deadline - timedelta(hours=48, minutes=1)) == []
    assert (
        reminders_send(now=deadline + timedelta(minutes=1)) == []
    )  # too late: the sweep closes it
    assert outbox() == []


def test_a_vote_reminder_goes_only_to_eligible_organisations_that_have_not_voted(
    network, closing_consultation, run, representative_factory, outbox
):
    proposal = closing_consultation()
    chair = proposal.working_group.chair
    run(proposal, "close_consultation", chair)
    proposal = run(proposal, "open_vote", chair)
    voting_round = proposal.voting_rounds.get()
    ballot_cast(
        voting_round=voting_round,
        organisation=network["orgs"][0],
        user=network["bruno"],
        choice="yes",
    )
    newcomer = representative_factory()  # joined after the vote opened: not eligible

    reminders_send(now=voting_round.closes_at - timedelta(hours=47))

    assert to(outbox) == emails_of(network, "carla", "dario")
    assert newcomer.email not in to(outbox)
    carla = outbox(network["carla"].email)[0]
    assert carla.subject.startswith(f"Reminder: the vote on {proposal.reference} closes on ")
    assert f"{network['orgs'][1].name} has not voted yet" in carla.body
    assert f"http://127.0.0.1:8000/proposals/{proposal.pk}/vote/" in carla.body
    assert "(UTC)" in carla.body
    dario = outbox(network["dario"].email)[0]
    assert dario.subject.startswith(f"Rappel : le vote sur {proposal.reference} se termine le ")
    assert Notification.objects.filter(kind="vote_reminder", voting_round=voting_round).count() == 2

    assert reminders_send(now=voting_round.closes_at - timedelta(hours=46)) == []
    assert len(outbox()) == 2


def test_an_organisation_whose_representatives_have_no_address_is_claimed_and_logged(
    network, closing_consultation, outbox, caplog
):
    network["carla"].email = ""
    network["carla"].save()
    closing_consultation()

    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        reminders_send()

    assert to(outbox) == emails_of(network, "ana", "bruno", "dario")
    assert Notification.objects.get(recipient=network["carla"]).status == "skipped"
    assert f"{network['carla'].username} has no email address" in caplog.text
    assert Reminder.objects.count() == 3  # Carla's organisation too: not retried for ever


def test_the_cron_command_and_the_beat_task_send_the_reminders(
    network, closing_consultation, outbox
):
    proposal = closing_consultation()
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", stdout=out)

    assert f"{proposal.reference} consultation {network['orgs'][0].name}" in out.getvalue()
    assert "3 reminder(s) sent" in out.getvalue()
    assert len(outbox()) == 4

    mail.outbox.clear()
    proposal_update(
        proposal=proposal,
        actor=proposal.working_group.chair,
        consultation_closes_at=proposal.consultation_closes_at + timedelta(hours=1),
    )
    assert len(send_reminders.delay().get()) == 3
    assert len(outbox()) == 4


def test_a_reminder_mentions_the_eu_initiative_the_proposal_answers(
    network, closing_consultation, outbox
):
    from proposals.models import EuInitiative

    proposal = closing_consultation()
    EuInitiative.objects.create(
        proposal=proposal,
        title="Social economy action plan",
        url="https://ec.europa.eu/1",
        kind="call_for_evidence",
        closes_at=timezone.now() + timedelta(days=40),
    )

    reminders_send()

    ana = outbox(network["ana"].email)[0]
    assert "answers the EU initiative “Social economy action plan”, which closes on" in ana.body
    html = ana.alternatives[0][0]
    assert "answers the EU initiative “Social economy action plan”" in html


def test_reminders_claimed_in_batches_reach_every_silent_organisation_once(
    network, closing_consultation, representative_factory, monkeypatch, outbox
):
    from notifications import reminders

    monkeypatch.setattr(reminders, "CLAIM_BATCH", 2)  # 3 + 4 organisations: 4 batches
    extra = representative_factory.create_batch(4)
    proposal = closing_consultation()

    done = reminders_send()

    orgs = [*network["orgs"], *(rep.organisation for rep in extra)]
    assert sorted(done) == sorted(f"{proposal.reference} consultation {o.name}" for o in orgs)
    assert to(outbox) == sorted(
        [*emails_of(network, "ana", "bruno", "carla", "dario"), *(rep.email for rep in extra)]
    )
    assert reminders_send() == []
    assert len(outbox()) == 8


def test_an_organisation_another_run_claimed_meanwhile_is_not_reminded_again(
    network, closing_consultation, monkeypatch, outbox
):
    """The unique constraint is the guard: a run that listed an organisation before
    another run claimed it (here: a run that skips the look-up of earlier claims)
    inserts nothing for it and sends nothing."""
    from notifications import reminders

    proposal = closing_consultation()
    assert len(reminders_send()) == 3
    monkeypatch.setattr(
        reminders, "_claimed", lambda *args: Reminder.objects.none().values("organisation_id")
    )

    assert reminders_send() == []

    assert len(outbox()) == 4
    assert Reminder.objects.filter(proposal=proposal).count() == 3
    assert Notification.objects.filter(kind="consultation_reminder").count() == 4
