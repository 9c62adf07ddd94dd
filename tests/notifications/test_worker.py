"""One email flow end to end: a transition commits, a real Celery worker (Redis broker,
PostgreSQL) records and sends the emails, which land as files. Run by ``make test-worker``."""

import email
import email.policy

import pytest
from django.db import connection

from notifications.models import Notification
from notifications.tasks import notify_transition
from tests.concurrency import wait_for
from workflow.models import TransitionLog

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a real worker needs a shared PostgreSQL database"
    ),
]


def read_mail(mail_dir) -> list[email.message.EmailMessage]:
    """Every email the file backend wrote (one file per connection, one email each here)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def test_a_real_worker_sends_the_consultation_emails_once(
    email_worker, mail_dir, run, consultation, representative_factory
):
    reps = representative_factory.create_batch(3)
    reps[2].language, reps[2].timezone = "fr", "Europe/Paris"
    reps[2].save()
    proposal = consultation()
    chair = proposal.working_group.chair

    # transactional_db: the transition commits, and its hook queues the task on Redis
    run(proposal, "submit_for_consultation", chair)

    messages = wait_for(
        lambda: len(found := read_mail(mail_dir)) >= 3 and found,
        timeout=60,
        what="three emails written by the worker",
    )
    assert sorted(m["To"] for m in messages) == sorted(r.email for r in reps)
    by_address = {m["To"]: m for m in messages}
    english = by_address[reps[0].email]
    assert english["Subject"] == f"Consultation opened: {proposal.reference} {proposal.title}"
    assert (
        "Friday 15 March 2030, 17:00 (Europe/Brussels)"
        in english.get_body(("plain",)).get_content()
    )
    assert english.get_body(("html",)) is not None
    french = by_address[reps[2].email]
    assert french["Subject"].startswith("Consultation ouverte :")
    assert (
        "vendredi 15 mars 2030 à 17:00 (Europe/Paris)" in french.get_body(("plain",)).get_content()
    )
    wait_for(
        lambda: Notification.objects.filter(status="sent").count() == 3,
        timeout=30,
        what="the rows marked sent",
    )

    # The same task again (a redelivered message): it must send nothing. A solo worker
    # runs its queue in order, so once the emails of a later transition are written, the
    # duplicate has run.
    log = TransitionLog.objects.get(proposal=proposal, transition="submit_for_consultation")
    notify_transition.delay(log.pk)
    run(proposal, "close_consultation", chair)  # 3 "consultation closed" emails
    run(proposal, "withdraw", chair, note="Overtaken by events.")  # emails nobody...
    other = consultation()
    run(other, "submit_for_consultation", other.working_group.chair)  # ...this does
    messages = wait_for(
        lambda: len(found := read_mail(mail_dir)) >= 9 and found,
        timeout=60,
        what="the emails of the second proposal",
    )
    subjects = sorted(m["Subject"] for m in messages)
    assert sum(proposal.reference in s for s in subjects) == 6  # opened and closed, not 9
    assert sum(other.reference in s for s in subjects) == 3
    opened = Notification.objects.filter(proposal=proposal, kind="consultation_opened")
    assert opened.count() == 3  # the redelivered task recorded nothing new
    assert Notification.objects.filter(status="sent").count() == 9
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}
