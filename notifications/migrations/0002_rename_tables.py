"""The tables take this app's names; the admin's content types (and with them the
permissions granted on them and the admin's history) follow the models."""

from django.db import migrations

MODELS = ("notification", "reminder")


def content_types_move(apps, schema_editor, source="workflow", target="notifications"):
    """Relabel the content types of a database that had the models in ``source``.

    An empty database has none yet (Django creates them after migrating);
    where ``target``'s exist already, ``source``'s are left as they are.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(
        ContentType.objects.using(db)
        .filter(app_label=target, model__in=MODELS)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(app_label=source, model__in=MODELS).exclude(
        model__in=taken
    ).update(app_label=target)


def content_types_move_back(apps, schema_editor):
    content_types_move(apps, schema_editor, source="notifications", target="workflow")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="reminder", table=None),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.RunPython(content_types_move, content_types_move_back),
    ]
