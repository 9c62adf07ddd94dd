"""One invitation link used by four requests at the same moment makes one account
(real threads against PostgreSQL; SQLite serialises writers, so it proves nothing)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from members.models import Invitation, User
from members.services import InvitationUnusable, _key_hash, invitation_accept
from tests.concurrency import in_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's locks"),
]


def test_a_link_used_four_times_at_once_makes_one_account():
    Invitation.objects.create(
        email="new@example.org",
        key_hash=_key_hash("the-key"),
        expires_at=timezone.now() + timedelta(days=7),
    )

    results = in_threads(
        4,
        lambda i: invitation_accept(
            key="the-key", username=f"person{i}", password="Long-enough-pass-2026"
        ),
    )

    made = [r for r in results if isinstance(r, User)]
    refused = [r for r in results if isinstance(r, InvitationUnusable)]
    assert len(made) == 1 and len(refused) == 3, results
    assert User.objects.filter(email="new@example.org").count() == 1
    assert Invitation.objects.get().user == made[0]
