"""The models of ``workflow/0003``, taken over as they are.

State only: the tables ``workflow_notification`` and ``workflow_reminder``
exist already (created by ``workflow/0003``, on an empty database too), with
their rows; ``0002`` renames them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0001_initial"),
        ("proposals", "0003_proposal_created_by_blank"),
        ("voting", "0001_initial"),
        ("workflow", "0004_notifications_move_to_their_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("consultation", "Consultation"), ("vote", "Vote")], max_length=16, verbose_name="kind")),
                        ("deadline", models.DateTimeField(verbose_name="deadline")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="members.organisation", verbose_name="organisation")),
                        ("proposal", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reminders", to="proposals.proposal", verbose_name="proposal")),
                    ],
                    options={
                        "verbose_name": "reminder",
                        "verbose_name_plural": "reminders",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "workflow_reminder",
                        "constraints": [
                            models.UniqueConstraint(fields=("kind", "proposal", "organisation", "deadline"), name="reminder_once_per_organisation_and_deadline"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("consultation_opened", "Consultation opened"), ("vote_opened", "Vote opened"), ("consultation_reminder", "Consultation closes soon"), ("vote_reminder", "Vote closes soon"), ("vote_result", "Vote result"), ("board_review", "Board review requested"), ("paper_published", "Position paper published")], max_length=24, verbose_name="kind")),
                        ("address", models.EmailField(blank=True, max_length=254, verbose_name="address")),
                        ("status", models.CharField(choices=[("pending", "Pending"), ("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed"), ("skipped", "Skipped")], db_index=True, default="pending", max_length=10, verbose_name="status")),
                        ("subject", models.CharField(blank=True, max_length=300, verbose_name="subject")),
                        ("language", models.CharField(blank=True, max_length=8, verbose_name="language")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("error", models.TextField(blank=True, verbose_name="error")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                        ("proposal", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to="proposals.proposal", verbose_name="proposal")),
                        ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL, verbose_name="recipient")),
                        ("transition", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="notifications", to="workflow.transitionlog", verbose_name="transition")),
                        ("voting_round", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="voting.votinground", verbose_name="voting round")),
                        ("reminder", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to="notifications.reminder", verbose_name="reminder")),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "workflow_notification",
                        "indexes": [
                            models.Index(fields=["status", "updated_at"], name="notification_status_age"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("transition__isnull", False)), fields=("kind", "transition", "recipient"), name="notification_once_per_event_and_recipient"),
                            models.UniqueConstraint(condition=models.Q(("reminder__isnull", False)), fields=("reminder", "recipient"), name="notification_once_per_reminder_and_recipient"),
                            models.CheckConstraint(condition=models.Q(models.Q(("reminder__isnull", True), ("transition__isnull", False)), models.Q(("reminder__isnull", False), ("transition__isnull", True)), _connector="OR"), name="notification_event_or_reminder"),
                        ],
                    },
                ),
            ],
        )
    ]
