"""The models moved from the workflow app to this one, and the rows came with them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from notifications.models import Notification, Reminder

#: Where the workflow app kept the emails (``workflow/0003``), before this app existed.
BEFORE = [("workflow", "0003_notifications"), ("notifications", None)]


def migrate(targets):
    """Migrate the test database to ``targets``; the models as they were there."""
    return MigrationExecutor(connection).migrate(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_workflow_app_keeps_its_emails_reminders_and_content_types(
    proposal_factory, representative_factory
):
    proposal = proposal_factory()
    member = representative_factory()
    types = {ct.model: ct.pk for ct in ContentType.objects.filter(app_label="notifications")}
    try:
        old = migrate(BEFORE)
        # as Django had labelled them in a database at that migration
        ContentType.objects.filter(app_label="notifications").update(app_label="workflow")
        reminder = old.get_model("workflow", "Reminder").objects.create(
            kind="vote",
            proposal_id=proposal.pk,
            organisation_id=member.organisation_id,
            deadline=timezone.now(),
        )
        old.get_model("workflow", "Notification").objects.create(
            kind="vote_reminder",
            proposal_id=proposal.pk,
            reminder_id=reminder.pk,
            recipient_id=member.pk,
            address=member.email,
            status="sent",
            attempts=1,
        )
    finally:
        migrate(latest())
        ContentType.objects.clear_cache()

    row = Notification.objects.select_related("reminder").get()
    assert (row.kind, row.status, row.address, row.recipient) == (
        "vote_reminder",
        "sent",
        member.email,
        member,
    )
    assert row.reminder == Reminder.objects.get(proposal=proposal, organisation=member.organisation)
    assert Notification._meta.db_table == "notifications_notification"
    moved = {ct.model: ct.pk for ct in ContentType.objects.filter(app_label="notifications")}
    assert moved == types  # the same rows: permissions granted on them still hold
    assert not ContentType.objects.filter(app_label="workflow", model="notification").exists()
