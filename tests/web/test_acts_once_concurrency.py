"""Two posts of one form token at the same moment act once: the unique constraint
on ``members.FormClaim`` decides (real threads against PostgreSQL; SQLite
serialises writers, so it proves nothing)."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from consultations import services as consultation_services
from consultations.models import Comment
from members.models import FormClaim
from tests.concurrency import in_threads
from voting import views as voting_views
from voting.models import BallotCast

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's locks"),
]


def slowed(monkeypatch, module, name):
    """Make ``module.name`` take a while, so both posts are in flight at once."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def post_at_once(user, url, data, count=4):
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(user)
    return in_threads(count, lambda i: clients[i].post(url, data))


def test_the_same_comment_posted_four_times_at_once_is_one_comment(
    monkeypatch, in_consultation, representative
):
    slowed(monkeypatch, consultation_services, "comment_create")
    url = reverse("comment-post", args=[in_consultation.pk])

    results = post_at_once(representative, url, {"body": "Once.", "once": "c" * 22})

    assert not [r for r in results if isinstance(r, Exception)], results
    comment = Comment.objects.get()
    where = f"{in_consultation.get_absolute_url()}#comment-{comment.pk}"
    assert [r.status_code for r in results] == [302] * 4
    assert {r["Location"] for r in results} == {where}  # the repeats go where the first went
    assert FormClaim.objects.get().redirect_to == where


def test_the_same_ballot_cast_four_times_at_once_is_one_cast(monkeypatch, in_voting):
    slowed(monkeypatch, voting_views, "ballot_cast")
    rep = in_voting.reps[0]
    url = reverse("vote", args=[in_voting.pk])

    results = post_at_once(rep, url, {"choice": "no", "once": "b" * 22})

    assert not [r for r in results if isinstance(r, Exception)], results
    assert [r.status_code for r in results] == [302] * 4
    assert BallotCast.objects.filter(organisation=rep.organisation).count() == 1
