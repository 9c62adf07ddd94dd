"""Real threads against PostgreSQL: the first edits of a submission pack at once."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from eu.models import Submission
from members.services import token_create
from tests.concurrency import in_threads
from tests.eu.test_submission import pack_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_first_edits_at_once_make_one_row_and_the_last_text_stands(approved, secretariat_factory):
    tokens = [token_create(user=secretariat_factory(), name="test")[1] for _ in range(5)]
    url = pack_url(approved)

    def edit(index):
        client = APIClient(HTTP_AUTHORIZATION=f"Token {tokens[index]}")
        return client.patch(url, {"feedback_text": f"Answer {index}"}, format="json").status_code

    results = in_threads(5, edit)

    assert results == [200] * 5, results
    assert Submission.objects.count() == 1
    assert Submission.objects.get().feedback_text in {f"Answer {i}" for i in range(5)}
