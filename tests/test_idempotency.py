"""``Idempotency-Key`` on API writes (API.md, ``config.idempotency``): a repeat by
the same user within 24 hours acts once and answers like the first."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from config.idempotency import prune
from members.models import FormClaim, IdempotencyKey
from proposals.models import Proposal

pytestmark = pytest.mark.django_db


def _create(api, user, proposal, key, title="Inclusive apprenticeships", **headers):
    body = {
        "title": title,
        "working_group": proposal.working_group.pk,
        "procedure": proposal.procedure.pk,
    }
    return api.as_user(user).post(
        "/api/v1/proposals/", body, format="json", HTTP_IDEMPOTENCY_KEY=key, **headers
    )


def test_a_repeated_post_acts_once_and_answers_like_the_first(api, proposal):
    chair = proposal.working_group.chair

    first = _create(api, chair, proposal, "create-1")
    again = _create(api, chair, proposal, "create-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Proposal.objects.filter(title="Inclusive apprenticeships").count() == 1


def test_another_key_acts_again(api, proposal):
    chair = proposal.working_group.chair

    _create(api, chair, proposal, "create-1")
    _create(api, chair, proposal, "create-2")

    assert Proposal.objects.filter(title="Inclusive apprenticeships").count() == 2


def test_the_same_key_with_another_body_is_a_conflict_and_does_nothing(api, proposal):
    chair = proposal.working_group.chair
    _create(api, chair, proposal, "create-1")

    other = _create(api, chair, proposal, "create-1", title="Something else")

    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert "different request" in other.json()["detail"]
    assert not Proposal.objects.filter(title="Something else").exists()


def test_keys_are_per_user(api, proposal, user_factory):
    chair = proposal.working_group.chair
    member = user_factory()
    proposal.working_group.members.add(member)
    _create(api, chair, proposal, "shared-key")

    second = _create(api, member, proposal, "shared-key")

    assert second.status_code == 201 and "Idempotent-Replayed" not in second
    assert Proposal.objects.filter(title="Inclusive apprenticeships").count() == 2


def test_a_refused_request_gives_its_key_back(api, proposal):
    chair = proposal.working_group.chair

    refused = _create(api, chair, proposal, "k-400", title="x" * 301)
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()

    # the same key with the corrected body now acts
    fixed = _create(api, chair, proposal, "k-400")
    assert fixed.status_code == 201


def test_a_key_older_than_24_hours_is_forgotten(api, proposal):
    chair = proposal.working_group.chair
    _create(api, chair, proposal, "old-key")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))

    again = _create(api, chair, proposal, "old-key")

    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert Proposal.objects.filter(title="Inclusive apprenticeships").count() == 2


def test_a_malformed_key_is_a_400(api, proposal):
    response = _create(api, proposal.working_group.chair, proposal, "bad key with spaces")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Proposal.objects.filter(title="Inclusive apprenticeships").exists()


def test_without_authentication_the_view_answers_401(api, proposal):
    response = api.post(
        "/api/v1/proposals/", {"title": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="anon"
    )

    assert response.status_code == 401
    assert not IdempotencyKey.objects.exists()


def test_session_clients_are_covered_too(proposal):
    chair = proposal.working_group.chair
    client = Client()
    client.force_login(chair)
    body = {
        "title": "Inclusive apprenticeships",
        "working_group": proposal.working_group.pk,
        "procedure": proposal.procedure.pk,
    }

    for _ in range(2):
        response = client.post(
            "/api/v1/proposals/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s1"
        )
        assert response.status_code == 201

    assert Proposal.objects.filter(title="Inclusive apprenticeships").count() == 1


def test_prune_forgets_old_keys_and_form_claims(api, proposal):
    chair = proposal.working_group.chair
    _create(api, chair, proposal, "recent")
    _create(api, chair, proposal, "old", title="Old")
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=25))
    FormClaim.objects.create(user=chair, token="a" * 22)
    FormClaim.objects.create(user=chair, token="b" * 22)
    FormClaim.objects.filter(token="a" * 22).update(claimed_at=timezone.now() - timedelta(days=8))

    assert prune() == {"idempotency_keys": 1, "form_claims": 1}
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["recent"]
    assert list(FormClaim.objects.values_list("token", flat=True)) == ["b" * 22]


def test_prune_runs_hourly_from_beat(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["idempotency-prune"]
    assert entry["schedule"] == 3600.0
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_a_repeated_patch_is_answered_like_the_first(api, proposal):
    chair = proposal.working_group.chair
    client = api.as_user(chair)
    url = f"/api/v1/proposals/{proposal.pk}/"

    first = client.patch(url, {"title": "Renamed"}, format="json", HTTP_IDEMPOTENCY_KEY="p1")
    Proposal.objects.filter(pk=proposal.pk).update(title="Changed since")
    again = client.patch(url, {"title": "Renamed"}, format="json", HTTP_IDEMPOTENCY_KEY="p1")

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.json()["title"] == "Renamed"
    assert again["Idempotent-Replayed"] == "true"
    # it acted once: the later change stands
    assert Proposal.objects.get(pk=proposal.pk).title == "Changed since"


def test_a_get_ignores_the_header(api, proposal):
    response = api.as_user(proposal.working_group.chair).get(
        "/api/v1/proposals/", HTTP_IDEMPOTENCY_KEY="g1"
    )

    assert response.status_code == 200 and "Idempotent-Replayed" not in response
    assert not IdempotencyKey.objects.exists()
