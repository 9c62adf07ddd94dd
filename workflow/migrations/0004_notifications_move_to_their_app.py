"""Notifications and reminders move to the ``notifications`` app.

State only: the tables stay, with their rows; ``notifications/0001`` takes the
models over and ``notifications/0002`` renames the tables.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workflow", "0003_notifications")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="Reminder"),
            ],
            database_operations=[],
        )
    ]
