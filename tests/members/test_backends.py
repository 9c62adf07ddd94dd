"""The session's user comes with the organisation and the board role in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.backends import AuthenticationBackend
from members.rules import is_board_member

pytestmark = pytest.mark.django_db


def test_get_user_reads_user_organisation_and_board_role_in_one_query(board_member, representative):
    backend = AuthenticationBackend()
    for user, on_board in [(board_member, True), (representative, False)]:
        with CaptureQueriesContext(connection) as queries:
            found = backend.get_user(user.pk)
            assert is_board_member(found) is on_board
            assert found.organisation_id is None or found.organisation.name
        assert len(queries) == 1


def test_an_inactive_or_unknown_user_is_no_user(user_factory):
    backend = AuthenticationBackend()
    assert backend.get_user(user_factory(is_active=False).pk) is None
    assert backend.get_user(10**9) is None


def test_a_page_asks_the_board_role_no_more(client, board_member):
    client.force_login(board_member)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/board/")
    assert page.status_code == 200
    role_looks = [
        q for q in queries if q["sql"].startswith('SELECT 1 AS "a" FROM "members_boardmembership"')
    ]
    assert role_looks == []
