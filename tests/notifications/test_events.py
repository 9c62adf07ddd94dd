"""Each transition that concerns members emails the right people, once, in their language."""

import logging
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notifications_for_transition
from notifications.tasks import notify_transition
from voting.services import ballot_cast
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db

MEMBERS = ["ana", "bruno", "carla", "dario"]


def addresses(people, names):
    return sorted(people[name].email for name in names)


def sent_to(outbox):
    return sorted(m.to[0] for m in outbox())


def cast_all(proposal, choices):
    """``choices``: {user: choice}, each user voting for their organisation."""
    voting_round = proposal.voting_rounds.get(closed_at__isnull=True)
    for user, choice in choices.items():
        ballot_cast(
            voting_round=voting_round, organisation=user.organisation, user=user, choice=choice
        )


# --- consultation opened -----------------------------------------------------------------


def test_consultation_opened_emails_every_active_representative_once(
    act, network, consultation, outbox, secretariat
):
    proposal = consultation()

    act(proposal, "submit_for_consultation", proposal.working_group.chair)

    # not the inactive organisation's representative, the inactive user, the outsider,
    # the chair (no organisation) or the secretariat
    assert sent_to(outbox) == addresses(network, MEMBERS)
    email = outbox(network["ana"].email)[0]
    assert email.subject == (
        f"Consultation opened: {proposal.reference} Reserved contracts for social enterprises"
    )
    assert "Friday 15 March 2030, 17:00 (Europe/Brussels)" in email.body
    assert f"http://127.0.0.1:8000/proposals/{proposal.pk}/" in email.body
    assert email.from_email == "Plenum <plenum@example.org>"
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert f'href="http://127.0.0.1:8000/proposals/{proposal.pk}/"' in html
    assert "<strong>Friday 15 March 2030, 17:00 (Europe/Brussels)</strong>" in html


def test_each_recipient_reads_the_email_in_their_language_and_time_zone(
    act, network, consultation, outbox
):
    proposal = consultation()

    act(proposal, "submit_for_consultation", proposal.working_group.chair)

    bruno = outbox(network["bruno"].email)[0]  # French, Montreal (UTC-4 in March 2030)
    assert bruno.subject == (
        f"Consultation ouverte : {proposal.reference} Reserved contracts for social enterprises"
    )
    assert bruno.body.startswith("Bonjour Alex")
    assert "jusqu’au vendredi 15 mars 2030 à 12:00 (America/Montreal)" in bruno.body
    assert '<html lang="fr">' in bruno.alternatives[0][0]
    carla = outbox(network["carla"].email)[0]  # English, UTC
    assert "until Friday 15 March 2030, 16:00 (UTC)" in carla.body
    dario = outbox(network["dario"].email)[0]  # French, Paris
    assert "vendredi 15 mars 2030 à 17:00 (Europe/Paris)" in dario.body


def test_an_unknown_language_or_time_zone_falls_back_to_english_and_brussels(
    act, network, consultation, outbox
):
    from members.models import User

    # written past the field's choices, as an import or an old row could
    User.objects.filter(pk=network["dario"].pk).update(language="de", timezone="Mars/Olympus")
    proposal = consultation()

    act(proposal, "submit_for_consultation", proposal.working_group.chair)

    email = outbox(network["dario"].email)[0]
    assert email.subject.startswith("Consultation opened:")
    assert "Friday 15 March 2030, 17:00 (Europe/Brussels)" in email.body
    assert Notification.objects.get(recipient=network["dario"]).language == "en"


def test_a_representative_without_an_address_is_skipped_and_logged(
    act, network, consultation, outbox, caplog
):
    network["carla"].email = ""
    network["carla"].save()
    proposal = consultation()

    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        act(proposal, "submit_for_consultation", proposal.working_group.chair)

    assert sent_to(outbox) == addresses(network, ["ana", "bruno", "dario"])
    row = Notification.objects.get(recipient=network["carla"])
    assert row.status == "skipped" and "no email address" in row.error
    assert f"{network['carla'].username} has no email address" in caplog.text


def test_reopening_the_consultation_tells_everyone_again(act, network, consultation, outbox):
    proposal = consultation()
    chair = proposal.working_group.chair
    act(proposal, "submit_for_consultation", chair)
    act(proposal, "close_consultation", chair)
    assert len(outbox()) == 8  # opened, then closed

    act(proposal, "reopen_consultation", chair)

    assert len(outbox()) == 12
    assert sent_to(outbox)[::3] == addresses(network, MEMBERS)
    assert [m.subject.split(":")[0] for m in outbox(network["ana"].email)] == [
        "Consultation opened",
        "Consultation closed",
        "Consultation opened",
    ]


# --- consultation closed ---------------------------------------------------------------


def test_closing_early_emails_every_active_representative_who_closed_it_and_when(
    act, network, consultation, outbox
):
    proposal = consultation()
    chair = proposal.working_group.chair
    act(proposal, "submit_for_consultation", chair)
    mail.outbox.clear()

    act(proposal, "close_consultation", chair)

    assert sent_to(outbox) == addresses(network, MEMBERS)
    closed_at = TransitionLog.objects.get(transition="close_consultation").at
    email = outbox(network["ana"].email)[0]
    assert email.subject == (
        f"Consultation closed: {proposal.reference} Reserved contracts for social enterprises"
    )
    assert f"closed on {closed_at.astimezone(ZoneInfo('Europe/Brussels')):%A}" in email.body
    assert "before its deadline of Friday 15 March 2030, 17:00 (Europe/Brussels)" in email.body
    assert f"{chair.display_name}, chair of the working group" in email.body
    assert "closed it early" in email.body
    assert f"http://127.0.0.1:8000/proposals/{proposal.pk}/" in email.body
    html = email.alternatives[0][0]
    assert f"<strong>{chair.display_name}</strong>, chair of the working group" in html
    bruno = outbox(network["bruno"].email)[0]
    assert bruno.subject.startswith(f"Consultation close : {proposal.reference}")
    assert "avant son échéance du vendredi 15 mars 2030 à 12:00 (America/Montreal)" in bruno.body
    assert "l’a clôturée plus tôt" in bruno.body
    assert Notification.objects.filter(kind="consultation_closed").count() == 4


def test_closing_at_the_deadline_says_it_closed_without_naming_anyone(
    act, network, consultation, outbox
):
    proposal = consultation()
    act(proposal, "submit_for_consultation", proposal.working_group.chair)
    mail.outbox.clear()

    act(proposal, "close_consultation", None)  # the deadline sweep

    assert sent_to(outbox) == addresses(network, MEMBERS)
    email = outbox(network["carla"].email)[0]
    assert email.subject.startswith("Consultation closed:")
    assert "early" not in email.body and "before its deadline" not in email.body
    assert "The working group now decides each amendment" in email.body


# --- vote opened ---------------------------------------------------------------------------


def test_vote_opened_emails_the_representatives_of_every_eligible_organisation(
    act, run, network, consultation, outbox, representative_factory
):
    proposal = consultation(voting_days=10)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    # an organisation whose only representative is inactive is not eligible
    lonely = representative_factory(is_active=False)

    proposal = act(proposal, "open_vote", chair)

    voting_round = proposal.voting_rounds.get()
    assert lonely.organisation_id not in set(
        voting_round.eligibilities.values_list("organisation_id", flat=True)
    )
    assert sent_to(outbox) == addresses(network, MEMBERS)
    ana = outbox(network["ana"].email)[0]
    assert ana.subject == f"Vote opened: {proposal.reference} {proposal.title}"
    assert f"http://127.0.0.1:8000/proposals/{proposal.pk}/vote/" in ana.body
    assert "(version 2)" in ana.body
    from django.utils import formats, timezone, translation

    local = timezone.localtime(voting_round.closes_at)  # Brussels, the default
    with translation.override("en"):  # Ana's language, whatever a former test left active
        assert formats.date_format(local, "j F Y, H:i") in ana.body
    bruno = outbox(network["bruno"].email)[0]
    assert bruno.subject.startswith("Vote ouvert :")
    assert "(oui, non ou abstention)" in bruno.body


# --- vote result and board review ----------------------------------------------------------------


def test_a_passed_open_vote_tells_everyone_the_result_and_the_board_to_review(
    act, run, network, consultation, outbox, board_member, board_membership_factory
):
    board_member.language = "fr"
    board_member.save()
    second_board_member = board_membership_factory().user
    proposal = consultation()
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    run(proposal, "open_vote", chair)
    cast_all(proposal, {network["ana"]: "yes", network["carla"]: "yes", network["dario"]: "no"})

    proposal = act(proposal, "close_vote", chair)

    assert proposal.state == "board_review"
    results = [m for m in outbox() if "result" in m.subject.lower() or "sultat" in m.subject]
    assert sorted(m.to[0] for m in results) == addresses(network, MEMBERS)
    ana = outbox(network["ana"].email)[0]
    assert ana.subject == f"Vote result: {proposal.reference} passed"
    assert "- Yes: 2\n- No: 1\n- Abstain: 0" in ana.body
    assert "The members adopted it; it now goes to the board for approval." in ana.body
    orgs = network["orgs"]
    assert f"- {orgs[0].name}: yes (weight 1)" in ana.body
    assert f"- {orgs[2].name}: no (weight 1)" in ana.body
    assert f"http://127.0.0.1:8000/proposals/{proposal.pk}/vote/" in ana.body
    bruno = outbox(network["bruno"].email)[0]
    assert bruno.subject == f"Résultat du vote sur {proposal.reference} : adoptée"
    assert "- Oui : 2\n- Non : 1\n- Abstention : 0" in bruno.body
    assert "Participation : 100,0 %" in bruno.body  # 3 of 3 eligible, French decimals

    board = {m.to[0]: m for m in outbox() if m not in results}
    assert sorted(board) == sorted([board_member.email, second_board_member.email])
    review = board[second_board_member.email]
    assert review.subject == f"Board review requested: {proposal.reference} {proposal.title}"
    assert "http://127.0.0.1:8000/board/" in review.body
    assert "1 approval adopts it." in review.body
    assert "because you sit on the board" in review.body
    assert board[board_member.email].subject.startswith("Examen par le conseil d’administration")


def test_a_secret_ballot_result_shows_only_totals_and_a_rejection_asks_no_board(
    act, run, network, consultation, outbox, board_member
):
    proposal = consultation(secret_ballot=True)
    chair = proposal.working_group.chair
    run(proposal, "submit_for_consultation", chair)
    run(proposal, "close_consultation", chair)
    run(proposal, "open_vote", chair)
    cast_all(proposal, {network["ana"]: "no", network["carla"]: "no", network["dario"]: "yes"})

    proposal = act(proposal, "close_vote", chair)

    assert proposal.state == "rejected"
    assert sent_to(outbox) == addresses(network, MEMBERS)  # nobody on the board is asked
    for email in outbox():  # no organisation's choice, in text or HTML
        text = email.body + email.alternatives[0][0]
        for org in network["orgs"]:
            assert f"{org.name}: " not in text and f"{org.name} : " not in text
            assert f"<li>{org.name}" not in text
    ana = outbox(network["ana"].email)[0]
    assert ana.subject == f"Vote result: {proposal.reference} rejected"
    assert "- Yes: 1\n- No: 2\n- Abstain: 0" in ana.body
    assert "secret ballot: only the totals are published" in ana.body
    assert "It did not pass: the proposal is rejected." in ana.body


# --- once only ---------------------------------------------------------------------------------


def test_an_event_task_run_twice_sends_nothing_the_second_time(act, network, consultation, outbox):
    proposal = consultation()
    act(proposal, "submit_for_consultation", proposal.working_group.chair)
    log = TransitionLog.objects.get(proposal=proposal, transition="submit_for_consultation")
    assert len(outbox()) == 4

    assert notify_transition.delay(log.pk).get() == 0  # nothing left to send
    assert notifications_for_transition(log_id=log.pk) == []
    from notifications.tasks import notification_send

    row = Notification.objects.filter(transition=log).first()
    assert notification_send.delay(row.pk).get() == "sent"

    assert len(outbox()) == 4
    assert Notification.objects.filter(transition=log, status="sent").count() == 4


def test_transitions_that_concern_no_member_send_nothing(act, network, consultation, outbox):
    proposal = consultation()
    chair = proposal.working_group.chair
    act(proposal, "submit_for_consultation", chair)
    act(proposal, "close_consultation", chair)
    mail.outbox.clear()

    act(proposal, "withdraw", chair, note="Overtaken by the Commission's proposal.")

    assert outbox() == []


def test_a_broker_that_is_down_never_breaks_the_transition(
    act, network, consultation, outbox, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(notify_transition, "delay", refuse)
    proposal = consultation()

    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        proposal = act(proposal, "submit_for_consultation", proposal.working_group.chair)

    assert proposal.state == "consultation"
    log = TransitionLog.objects.get(proposal=proposal)
    assert f"transition log {log.pk}: could not queue its emails" in caplog.text


def test_a_transition_committed_while_the_broker_is_down_keeps_its_emails(
    act, network, consultation, outbox, monkeypatch, caplog
):
    """Nothing would record the emails later: they are recorded in the request,
    pending, and the safety net sends each once when the broker is back."""
    from datetime import timedelta

    from django.utils import timezone

    from notifications.services import notifications_requeue
    from notifications.tasks import notification_send

    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(notify_transition, "delay", refuse)
    monkeypatch.setattr(notification_send, "delay", refuse)
    proposal = consultation()

    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        proposal = act(proposal, "submit_for_consultation", proposal.working_group.chair)

    log = TransitionLog.objects.get(proposal=proposal)
    rows = Notification.objects.filter(transition=log)
    assert rows.count() == 4 and set(rows.values_list("status", flat=True)) == {"pending"}
    assert outbox() == []

    monkeypatch.undo()  # the broker is back
    notifications_requeue(now=timezone.now() + timedelta(minutes=11))

    assert len(outbox()) == 4
    assert len({tuple(m.to) for m in outbox()}) == 4  # each once
    assert set(rows.values_list("status", flat=True)) == {"sent"}


def test_recording_a_transitions_emails_is_retried_then_given_up_in_the_log(
    monkeypatch, caplog, settings
):
    """The task that records a transition's emails is durable: a failing database is
    tried again, and after its last try the loss is logged with the log row's id."""
    from notifications import services
    from notifications.tasks import notify_transition

    settings.PLENUM_TASK_RETRY = {
        **settings.PLENUM_TASK_RETRY,
        "notify_transition": {"max_attempts": 3, "base_delay": 1, "max_delay": 1},
    }
    calls = []

    def broken(**kwargs):
        calls.append(kwargs)
        raise ConnectionError("database down")

    monkeypatch.setattr(services, "notifications_for_transition", broken)
    with caplog.at_level(logging.ERROR, logger="notifications.tasks"):
        result = notify_transition.delay(4242, None).get()

    assert result == 0
    assert len(calls) == 3
    assert "transition log 4242: its emails could not be recorded after 3 tries" in caplog.text


def test_a_message_queued_under_the_old_task_name_still_runs():
    from config.celery import app

    assert "workflow.tasks.notify_transition" in app.tasks
    assert "workflow.tasks.notification_send" in app.tasks
