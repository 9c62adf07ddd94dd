import pytest
from django.db import DatabaseError, connection, transaction

from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


def _logged(run, proposal, section_factory):
    section_factory(proposal=proposal)
    run(proposal, "submit_for_consultation", proposal.working_group.chair)
    return TransitionLog.objects.get()


def test_log_rows_cannot_be_changed_or_deleted_through_the_model(run, proposal, section_factory):
    entry = _logged(run, proposal, section_factory)
    entry.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger is PostgreSQL's")
def test_database_refuses_updates_and_deletes_of_log_rows(run, proposal, section_factory):
    entry = _logged(run, proposal, section_factory)
    for statement in (
        lambda: TransitionLog.objects.filter(pk=entry.pk).update(note="rewritten"),
        lambda: TransitionLog.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            statement()
    entry.refresh_from_db()
    assert entry.note == ""
