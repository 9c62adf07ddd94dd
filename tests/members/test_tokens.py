"""API tokens (SPEC §13): hashed, expiring, named, revocable; shown once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from members.auth import TokenAuthentication
from members.models import ApiToken
from members.services import token_create

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


def sign_in(api, username):
    return api.post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )


def me(api, token):
    return api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")


def test_the_token_endpoint_gives_a_token_that_expires_after_the_default_days(
    api, user_factory, settings
):
    user_factory(username="anna")
    response = sign_in(api, "anna")

    assert response.status_code == 200
    assert set(response.json()) == {"token", "expires_at"}
    expires = parse_datetime(response.json()["expires_at"])
    expected = timezone.now() + datetime.timedelta(days=settings.PLENUM_TOKEN_TTL)
    assert abs(expires - expected) < datetime.timedelta(minutes=1)
    assert settings.PLENUM_TOKEN_TTL == 90
    assert me(api, response.json()["token"]).json()["username"] == "anna"


def test_the_token_is_not_in_the_database_only_its_hash(api, user_factory):
    user_factory(username="anna")
    token = sign_in(api, "anna").json()["token"]

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        rows = cursor.fetchall()
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0])
    assert token not in stored
    assert token[15:] not in stored  # only knox's 15-character lookup prefix is kept
    assert len(token) == 64


def test_a_revoked_token_is_401(api, user_factory):
    user = user_factory()
    row, token = token_create(user=user, name="laptop")
    assert me(api, token).status_code == 200

    assert (
        api.delete(f"/api/v1/me/tokens/{row.pk}/", HTTP_AUTHORIZATION=f"Token {token}").status_code
        == 204
    )

    response = me(api, token)
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}
    assert response.json()["code"] == "authentication_failed"


def test_an_expired_token_is_401(api, user_factory):
    row, token = token_create(user=user_factory(), name="laptop")
    ApiToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - datetime.timedelta(seconds=1))

    response = me(api, token)

    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}


def test_the_default_lifetime_is_a_setting(api, user_factory, settings):
    settings.PLENUM_TOKEN_TTL = 7
    user_factory(username="anna")
    expires = parse_datetime(sign_in(api, "anna").json()["expires_at"])
    assert abs(expires - timezone.now() - datetime.timedelta(days=7)) < datetime.timedelta(
        minutes=1
    )


def test_users_name_list_and_see_a_token_once(api, user_factory):
    user = user_factory()
    api.as_user(user)
    soon = (timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0)

    created = api.post(
        "/api/v1/me/tokens/", {"name": "CI job", "expires_at": soon.isoformat()}, format="json"
    )

    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "name", "token", "created_at", "expires_at", "last_used_at"}
    assert body["name"] == "CI job" and body["last_used_at"] is None
    assert parse_datetime(body["expires_at"]) == soon
    listed = api.get("/api/v1/me/tokens/").json()
    names = {t["name"]: t for t in listed}
    assert set(names) == {"test", "CI job"}  # "test": the fixture's own token
    assert "token" not in names["CI job"]
    assert body["token"] not in str(listed)

    assert me(APIClient(), body["token"]).json()["id"] == user.pk
    used = {t["name"]: t for t in api.get("/api/v1/me/tokens/").json()}["CI job"]
    assert used["last_used_at"] is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "late", "expires_at": "2999-01-01T00:00:00Z"}, "expires_at"),
        ({"name": "past", "expires_at": "2000-01-01T00:00:00Z"}, "expires_at"),
        ({"name": "junk", "expires_at": "tomorrow"}, "expires_at"),
    ],
)
def test_bad_token_requests_are_400_and_make_nothing(api, user_factory, body, field):
    api.as_user(user_factory())
    before = ApiToken.objects.count()

    response = api.post("/api/v1/me/tokens/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]
    assert ApiToken.objects.count() == before


def test_someone_elses_token_is_404_and_keeps_working(api, user_factory):
    other_row, other_token = token_create(user=user_factory(), name="theirs")
    api.as_user(user_factory())

    assert api.delete(f"/api/v1/me/tokens/{other_row.pk}/").status_code == 404
    assert api.delete("/api/v1/me/tokens/999999/").status_code == 404
    assert other_row.name not in str(api.get("/api/v1/me/tokens/").json())
    assert me(APIClient(), other_token).status_code == 200


def test_tokens_need_a_signed_in_user(api):
    assert api.get("/api/v1/me/tokens/").status_code == 401
    assert api.post("/api/v1/me/tokens/", {"name": "x"}, format="json").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(user_factory):
    row, token = token_create(user=user_factory(), name="laptop")
    auth = TokenAuthentication()

    auth.authenticate_credentials(token.encode())
    first = ApiToken.objects.get(pk=row.pk).last_used_at
    auth.authenticate_credentials(token.encode())

    assert first is not None
    assert ApiToken.objects.get(pk=row.pk).last_used_at == first


def test_the_user_comes_with_the_organisation_in_the_same_query(representative):
    _, token = token_create(user=representative, name="laptop")
    auth = TokenAuthentication()
    auth.authenticate_credentials(token.encode())  # last_used_at written once

    user, _ = auth.authenticate_credentials(token.encode())
    with CaptureQueriesContext(connection) as queries:
        assert user.organisation.weight == 1
    assert len(queries) == 0


def test_a_request_reads_the_token_its_user_and_the_board_role_in_one_query(
    board_member, user_factory
):
    """knox looked at every other token of the user on each request; the board role
    was one more query on nearly every request. Now one query, for both roles."""
    from members.rules import is_board_member

    for user, on_board in [(board_member, True), (user_factory(), False)]:
        _, token = token_create(user=user, name="laptop")
        auth = TokenAuthentication()
        auth.authenticate_credentials(token.encode())  # last_used_at written once
        with CaptureQueriesContext(connection) as queries:
            found, _ = auth.authenticate_credentials(token.encode())
            assert is_board_member(found) is on_board
        assert len(queries) == 1


def test_an_expired_token_is_deleted_when_used_and_the_users_others_when_one_is_made(
    api, user_factory
):
    user = user_factory()
    used, used_token = token_create(user=user, name="used")
    other, _ = token_create(user=user, name="other")
    past = timezone.now() - datetime.timedelta(seconds=1)
    ApiToken.objects.filter(pk__in=[used.pk, other.pk]).update(expiry=past)

    assert me(api, used_token).status_code == 401
    assert not ApiToken.objects.filter(pk=used.pk).exists()
    assert ApiToken.objects.filter(pk=other.pk).exists()  # nobody used it yet

    token_create(user=user, name="new")
    assert list(ApiToken.objects.filter(user=user).values_list("name", flat=True)) == ["new"]


@pytest.mark.parametrize(
    "junk", ["nope", "é" * 64, "zz" * 32, "0" * 15 + "g" * 49, "\x00" * 64, "ab" * 500]
)
def test_a_malformed_token_is_a_401_not_a_500(api, user_factory, junk):
    _, token = token_create(user=user_factory(), name="laptop")
    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token[:15]}{junk}")
    assert response.status_code in (400, 401), response.content
    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {junk}")
    assert response.status_code in (400, 401), response.content


def test_an_inactive_users_token_is_refused(api, user_factory):
    _, token = token_create(user=user_factory(is_active=False), name="old")
    assert me(api, token).status_code == 401


def test_a_refused_token_is_explained_in_the_callers_language(client, user_factory):
    _, token = token_create(user=user_factory(is_active=False), name="old")
    french = {"HTTP_ACCEPT_LANGUAGE": "fr"}

    with translation.override(None):  # the request activates French; not for the next test
        unknown = client.get("/api/v1/proposals/", HTTP_AUTHORIZATION="Token nope", **french)
        inactive = client.get("/api/v1/proposals/", HTTP_AUTHORIZATION=f"Token {token}", **french)

    assert unknown.status_code == 401 and unknown.json()["detail"] == "Token non valide."
    assert inactive.status_code == 401
    assert inactive.json()["detail"] == "Utilisateur inactif ou supprimé."
