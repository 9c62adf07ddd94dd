"""A failed send is retried, then recorded; nothing is sent twice, nothing is lost silently."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from notifications.models import Notification
from notifications.services import (
    notification_deliver,
    notifications_for_transition,
    notifications_requeue,
)
from workflow.models import TransitionLog

#: Tries an email gets (``settings.PLENUM_TASK_RETRY["notification_send"]``).
MAX_ATTEMPTS = 5

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky_smtp(monkeypatch):
    """``flaky_smtp(failures)``: the mail server refuses the next ``failures`` sends."""

    def _flaky(failures):
        calls = {"failures": failures}
        real = EmailBackend.send_messages

        def send_messages(self, messages):
            if calls["failures"]:
                calls["failures"] -= 1
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            return real(self, messages)

        monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
        return calls

    return _flaky


def test_a_send_that_fails_is_retried_and_delivered_once(
    act, network, consultation, outbox, flaky_smtp
):
    flaky_smtp(2)
    proposal = consultation()

    act(proposal, "submit_for_consultation", proposal.working_group.chair)

    assert len(outbox()) == 4  # every email delivered, none twice
    rows = Notification.objects.order_by("pk")
    assert [r.status for r in rows] == ["sent"] * 4
    first = rows[0]
    assert first.attempts == 3 and "SMTPServerDisconnected" in first.error  # the error is kept
    assert first.sent_at is not None and first.subject.startswith("Consultation")
    assert [r.attempts for r in rows[1:]] == [1, 1, 1]


def test_a_send_that_keeps_failing_is_recorded_failed_and_the_transition_stands(
    act, network, consultation, outbox, flaky_smtp, caplog
):
    flaky_smtp(1000)
    proposal = consultation()

    with caplog.at_level(logging.ERROR, logger="notifications.tasks"):
        proposal = act(proposal, "submit_for_consultation", proposal.working_group.chair)

    assert proposal.state == "consultation"
    assert outbox() == []
    rows = Notification.objects.all()
    assert rows.count() == 4
    for row in rows:
        assert row.status == "failed" and row.attempts == MAX_ATTEMPTS
        assert "Connection unexpectedly closed" in row.error
    assert "failed for good" in caplog.text


def test_the_number_of_tries_comes_from_the_settings(
    act, network, consultation, outbox, flaky_smtp, settings
):
    settings.PLENUM_TASK_RETRY = {
        **settings.PLENUM_TASK_RETRY,
        "notification_send": {"max_attempts": 2, "base_delay": 1, "max_delay": 1},
    }
    flaky_smtp(1000)
    proposal = consultation()

    act(proposal, "submit_for_consultation", proposal.working_group.chair)

    assert outbox() == []
    assert [(r.status, r.attempts) for r in Notification.objects.all()] == [("failed", 2)] * 4


def test_a_send_that_fails_before_taking_its_row_is_left_pending_for_the_safety_net(
    act, network, consultation, outbox, monkeypatch, caplog
):
    from notifications import services

    tries = []

    def unreachable(*, notification_id):
        tries.append(notification_id)
        raise ConnectionError("the database went away")

    monkeypatch.setattr(services, "notification_deliver", unreachable)
    proposal = consultation()

    with caplog.at_level(logging.ERROR, logger="notifications.tasks"):
        proposal = act(proposal, "submit_for_consultation", proposal.working_group.chair)

    assert proposal.state == "consultation"
    assert outbox() == []
    assert len(tries) == 4 * MAX_ATTEMPTS
    assert [(r.status, r.attempts) for r in Notification.objects.all()] == [("pending", 0)] * 4
    assert "giving up after 5 tries" in caplog.text and "it stays pending" in caplog.text


def test_an_email_being_sent_is_not_sent_again(act, network, consultation, outbox):
    proposal = consultation()
    act(proposal, "submit_for_consultation", proposal.working_group.chair)
    row = Notification.objects.first()

    Notification.objects.filter(pk=row.pk).update(status="sending")

    assert notification_deliver(notification_id=row.pk) == "sending"
    assert len(outbox()) == 4


def test_an_address_removed_before_the_send_is_skipped(run, network, consultation, outbox, caplog):
    proposal = consultation()
    run(proposal, "submit_for_consultation", proposal.working_group.chair)  # hooks not run
    log = TransitionLog.objects.get(proposal=proposal)
    ids = notifications_for_transition(log_id=log.pk)
    network["ana"].email = ""
    network["ana"].save()

    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        statuses = [notification_deliver(notification_id=pk) for pk in ids]

    assert sorted(statuses) == ["sent", "sent", "sent", "skipped"]
    assert network["ana"].username + " has no email address" in caplog.text
    assert len(outbox()) == 3


def test_the_safety_net_sends_what_was_never_queued_and_fails_what_a_lost_worker_left(
    run, network, consultation, outbox
):
    proposal = consultation()
    run(proposal, "submit_for_consultation", proposal.working_group.chair)  # hooks not run
    log = TransitionLog.objects.get(proposal=proposal)
    ids = notifications_for_transition(log_id=log.pk)  # recorded, never queued
    ten_minutes_ago = timezone.now() - timedelta(minutes=11)
    Notification.objects.filter(pk__in=ids[:3]).update(updated_at=ten_minutes_ago)
    lost = ids[3]
    Notification.objects.filter(pk=lost).update(
        status="sending", updated_at=timezone.now() - timedelta(hours=2)
    )

    assert notifications_requeue() == {"requeued": 3, "interrupted": 1}

    assert len(outbox()) == 3
    row = Notification.objects.get(pk=lost)
    assert row.status == "failed" and "interrupted" in row.error
    assert notifications_requeue() == {"requeued": 0, "interrupted": 0}
    assert len(outbox()) == 3


def test_recent_pending_emails_are_left_to_their_task(run, network, consultation, outbox):
    proposal = consultation()
    run(proposal, "submit_for_consultation", proposal.working_group.chair)
    log = TransitionLog.objects.get(proposal=proposal)
    notifications_for_transition(log_id=log.pk)

    assert notifications_requeue() == {"requeued": 0, "interrupted": 0}
    assert outbox() == []


def test_the_secretariat_sees_every_email_and_sends_failed_ones_again(
    act, network, consultation, outbox, flaky_smtp, admin_client, django_capture_on_commit_callbacks
):
    flaky_smtp(MAX_ATTEMPTS)  # the first email fails every attempt, the others go
    proposal = consultation()
    act(proposal, "submit_for_consultation", proposal.working_group.chair)
    failed = Notification.objects.get(status="failed")
    assert len(outbox()) == 3

    page = admin_client.get("/admin/notifications/notification/?status__exact=failed")
    assert page.status_code == 200
    assert failed.address in page.content.decode()
    detail = admin_client.get(f"/admin/notifications/notification/{failed.pk}/change/")
    assert "SMTPServerDisconnected" in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/notifications/notification/",
            {
                "action": "send_again",
                "_selected_action": [n.pk for n in Notification.objects.all()],
            },
            follow=True,
        )

    assert "1 email(s) queued again." in response.content.decode()
    assert sorted(m.to[0] for m in outbox()) == sorted(
        n.address for n in Notification.objects.all()
    )
    failed.refresh_from_db()
    assert failed.status == "sent" and failed.attempts == 1
    assert admin_client.get("/admin/notifications/reminder/").status_code == 200


def test_the_failed_list_says_why_and_names_the_languages(
    act, network, consultation, outbox, flaky_smtp, admin_client
):
    flaky_smtp(MAX_ATTEMPTS)  # the first email fails every attempt
    proposal = consultation()
    act(proposal, "submit_for_consultation", proposal.working_group.chair)
    assert Notification.objects.filter(status="failed").count() == 1

    page = admin_client.get("/admin/notifications/notification/?status__exact=failed")
    html = page.content.decode()
    assert "Why it failed" in html
    assert '<td class="field-error_short">' in html and "SMTPServerDisconnected" in html
    used = set(Notification.objects.values_list("language", flat=True))
    assert "en" in used
    assert ">English</a>" in html  # the language's name, not its code
    assert ">en</a>" not in html
    assert "?language=de" not in html  # no email in German: not offered
    assert "de" not in used
