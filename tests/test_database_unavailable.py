"""The database unreachable is a clean 503, never a 500 page (SPEC §10).

The outage is made with Django's own ``connection.execute_wrapper``: every
statement (or only the ones named) raises the ``OperationalError`` a lost
PostgreSQL connection raises. ``make reliability`` restarts a real PostgreSQL.
"""

import contextlib

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def database_down(when=lambda sql: True):
    def refuse(execute, sql, params, many, context):
        if when(sql):
            raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def test_api_answers_503_json_with_retry_after(representative):
    from members.services import token_create

    _, token = token_create(user=representative, name="t")
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")

    with database_down():
        response = client.get("/api/v1/proposals/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "unavailable"
    assert set(response.json()) == {"detail", "code"}
    assert int(response["Retry-After"]) > 0


def test_page_answers_a_plain_503_page(representative):
    client = Client(raise_request_exception=False)
    client.force_login(representative)

    with database_down():
        response = client.get("/proposals/")

    assert response.status_code == 503
    assert b"briefly unavailable" in response.content
    assert "Retry-After" in response


def test_any_other_error_is_still_the_500_page(rf):
    from config.errors import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/proposals/"))
    assert response.status_code == 500


REDIS_NOBODY = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens: the cache is down
    }
}


def test_the_cache_down_makes_sign_in_a_503_not_a_500(settings, user_factory):
    """The sign-in limits are counted in the cache (Redis in production): with it down,
    the web sign-in and the token endpoint say "briefly unavailable", never a 500."""
    settings.CACHES = REDIS_NOBODY
    from django.core.cache import caches

    caches.close_all()
    user_factory(username="anna", password="secret-pass-123")
    client = Client(raise_request_exception=False)

    page = client.post("/accounts/login/", {"login": "anna", "password": "wrong"})
    api = client.post(
        "/api/v1/auth/token/",
        {"username": "anna", "password": "wrong"},
        content_type="application/json",
    )

    assert page.status_code == 503 and "Server Error" not in page.content.decode()
    assert api.status_code == 503 and api.json()["code"] == "unavailable"
    assert int(api["Retry-After"]) > 0
