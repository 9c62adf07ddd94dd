"""Failed sign-ins are throttled per account and per address on the web, the
admin and the token endpoint (SPEC §13): the 31st wrong password gets 429 with
Retry-After, and the right password then still waits."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.throttle import signin_key, throttled_message

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
TOKEN = "/api/v1/auth/token/"


@pytest.fixture
def anna(user_factory):
    return user_factory(username="anna", email="anna@example.org")


def _web(client, password, login="anna", url=None):
    return client.post(url or reverse("login"), {"login": login, "password": password})


def _api(api, password, username="anna", **extra):
    return api.post(TOKEN, {"username": username, "password": password}, format="json", **extra)


def _assert_throttled_page(response, settings):
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.PLENUM_SIGNIN_LIMITS["window"])
    assert "Too many failed sign-ins. Try again in 15 minutes." in response.content.decode()


def test_the_31st_wrong_password_on_the_web_is_429_and_the_right_one_waits(client, anna, settings):
    for _ in range(30):
        assert _web(client, "wrong").status_code == 200

    _assert_throttled_page(_web(client, "wrong"), settings)
    right = _web(client, PASSWORD)
    _assert_throttled_page(right, settings)
    assert client.get(reverse("profile")).status_code == 302  # not signed in


def test_the_admin_sign_in_is_throttled_the_same(client, anna, settings):
    anna.is_staff = True
    anna.save()
    admin_login = reverse("login") + "?next=/admin/"
    for _ in range(30):
        _web(client, "wrong", url=admin_login)

    _assert_throttled_page(_web(client, "wrong", url=admin_login), settings)
    _assert_throttled_page(_web(client, PASSWORD, url=admin_login), settings)
    # The admin's own form signs no one in: it sends to the (throttled) sign-in.
    posted = client.post("/admin/login/", {"username": "anna", "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("login"))
    assert client.get("/admin/").status_code == 302


def test_the_31st_wrong_password_on_the_token_endpoint_is_429(api, anna, settings):
    for _ in range(30):
        assert _api(api, "wrong").status_code == 400

    refused = _api(api, "wrong")
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.PLENUM_SIGNIN_LIMITS["window"])
    assert refused.json() == {
        "detail": "Too many failed sign-ins. Try again in 15 minutes.",
        "code": "throttled",
    }
    right = _api(api, PASSWORD)
    assert right.status_code == 429 and "token" not in right.json()


def test_the_message_is_in_the_users_language(api, anna):
    for _ in range(30):
        _api(api, "wrong")

    refused = _api(api, "wrong", HTTP_ACCEPT_LANGUAGE="fr")

    with translation.override("fr"):
        expected = throttled_message()
    assert refused.status_code == 429
    assert refused.json() == {"detail": expected, "code": "throttled"}


def test_the_web_and_the_api_count_on_one_counter(client, api, anna, settings):
    for _ in range(15):
        _web(client, "wrong")
    for _ in range(15):
        _api(api, "wrong")

    assert _api(api, PASSWORD).status_code == 429
    _assert_throttled_page(_web(client, PASSWORD), settings)


def test_the_per_address_limit_covers_many_accounts(client, api, user_factory, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "5/900s/ip,30/900s/key",
    }
    for n in range(5):
        _web(client, "wrong", login=f"someone{n}")

    user_factory(username="bob")
    _assert_throttled_page(_web(client, PASSWORD, login="bob"), settings)
    assert _api(api, PASSWORD, username="bob").status_code == 429


def test_successful_sign_ins_do_not_count(client, api, anna):
    for _ in range(35):
        assert _api(api, PASSWORD).status_code == 200
    for _ in range(25):
        client.logout()
        assert _web(client, PASSWORD).status_code == 302


def test_the_key_is_spelled_as_allauth_spells_it(rf):
    from allauth.account.adapter import get_adapter

    request = rf.post("/login/")
    assert signin_key(request, " Anna ") == get_adapter(request)._get_login_attempts_cache_key(
        request, username="anna"
    )


def test_a_wrong_body_on_the_token_endpoint_is_400_not_500(api):
    response = api.post(TOKEN, [1, 2], format="json")

    assert response.status_code == 400


def test_allauths_other_limits_answer_the_same_429(client, anna, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    _web(client, "wrong")
    _web(client, "wrong")

    refused = _web(client, PASSWORD)

    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Too many requests. Try again in a minute." in refused.content.decode()
    assert 'class="topbar"' in refused.content.decode()  # the project's page


def test_a_one_minute_window_reads_in_the_singular(settings):
    settings.PLENUM_SIGNIN_LIMITS = {**settings.PLENUM_SIGNIN_LIMITS, "window": 60}

    assert throttled_message() == "Too many failed sign-ins. Try again in 1 minute."


@pytest.mark.parametrize("given", ["drf", "django"])
def test_a_failure_counts_whichever_request_authenticate_is_given(rf, anna, settings, given):
    from django.contrib.auth import authenticate
    from rest_framework.request import Request

    from members.throttle import signin_throttle

    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "100/900s/ip,2/900s/key",
    }
    for _ in range(2):
        request = Request(rf.post(TOKEN))
        assert signin_throttle(request, "anna") is None
        passed = request if given == "drf" else request._request
        assert authenticate(request=passed, username="anna", password="wrong") is None

    refused = signin_throttle(Request(rf.post(TOKEN)), "anna")
    assert refused is not None and refused.status_code == 429
