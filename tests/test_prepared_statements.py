"""PostgreSQL plans a statement a connection repeats once (``prepare_threshold``)."""

import pytest
from django.db import connection

from proposals.models import Proposal
from tests.factories import ProposalFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_query_run_five_times_is_prepared_and_still_answers_each_argument():
    proposals = ProposalFactory.create_batch(6)
    titles = [Proposal.objects.get(pk=p.pk).title for p in proposals]
    assert titles == [p.title for p in proposals]  # the prepared plan, new parameters
    assert any('FROM "proposals_proposal"' in sql for sql in _prepared())


def test_the_connection_prepares_after_five_runs_as_the_settings_say():
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5
