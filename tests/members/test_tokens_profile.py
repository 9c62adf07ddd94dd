"""API tokens on the profile page: made with a name, shown once, revoked after a confirmation."""

import datetime
import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from members.models import ApiToken
from members.services import token_create

pytestmark = pytest.mark.django_db


def _once(page: str, action: str) -> str:
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    return re.search(r'name="once" value="([^"]+)"', form.group(1)).group(1)


def _works(token: str) -> bool:
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_make_a_token_see_it_once_and_use_it(client, user):
    client.force_login(user)
    page = client.get("/profile/").content.decode()
    assert "You have no API token." in page

    response = client.post(
        "/profile/tokens/", {"name": "CI job", "once": _once(page, "/profile/tokens/")}
    )

    assert response.status_code == 302 and response["Location"] == "/profile/#api-tokens"
    shown = client.get("/profile/").content.decode()
    raw = re.search(r"data-new-token>([0-9a-f]{64})<", shown).group(1)
    assert "Copy it now: it will not be shown again." in shown
    # a button copies it: a 64-character string is not selected by hand without a slip
    assert '<button type="button" data-copy-from="new-token">Copy</button>' in shown
    assert 'id="new-token"' in shown
    assert "CI job" in shown
    assert _works(raw)
    again = client.get("/profile/").content.decode()
    assert raw not in again and "CI job" in again  # listed, never shown again
    assert ApiToken.objects.get(user=user).name == "CI job"


def test_a_double_click_makes_one_token(client, user):
    client.force_login(user)
    once = _once(client.get("/profile/").content.decode(), "/profile/tokens/")
    client.post("/profile/tokens/", {"name": "laptop", "once": once})
    client.post("/profile/tokens/", {"name": "laptop", "once": once})
    assert ApiToken.objects.filter(user=user).count() == 1


def test_a_shorter_expiry_is_kept_a_longer_one_refused(client, user):
    client.force_login(user)
    soon = timezone.localdate() + datetime.timedelta(days=5)
    client.post("/profile/tokens/", {"name": "short", "expires_on": soon.isoformat()})
    token = ApiToken.objects.get(user=user)
    assert timezone.localtime(token.expiry).date() == soon

    late = timezone.localdate() + datetime.timedelta(days=400)
    response = client.post(
        "/profile/tokens/", {"name": "long", "expires_on": late.isoformat()}, follow=True
    )
    assert "A token lasts at most 90 days." in response.content.decode()
    assert not ApiToken.objects.filter(name="long").exists()


def test_a_token_without_a_name_is_refused(client, user):
    client.force_login(user)
    response = client.post("/profile/tokens/", {"name": ""}, follow=True)
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_asks_first_and_stops_the_token(client, user):
    row, raw = token_create(user=user, name="old laptop")
    client.force_login(user)
    page = client.get("/profile/").content.decode()
    action = f"/profile/tokens/{row.pk}/revoke/"
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>', page).group(0)
    assert "data-confirm=" in form and "old laptop" in form

    response = client.post(action, {"once": _once(page, action)}, follow=True)

    assert "The token “old laptop” was revoked." in response.content.decode()
    assert not ApiToken.objects.filter(pk=row.pk).exists()
    assert not _works(raw)


def test_nobody_revokes_another_persons_token(client, user, user_factory):
    row, raw = token_create(user=user_factory(), name="theirs")
    client.force_login(user)
    assert client.post(f"/profile/tokens/{row.pk}/revoke/").status_code == 404
    assert "theirs" not in client.get("/profile/").content.decode()
    assert _works(raw)


def test_the_token_pages_need_a_sign_in(client, user):
    row, _ = token_create(user=user, name="mine")
    assert client.post("/profile/tokens/", {"name": "x"}).status_code == 302
    assert client.post(f"/profile/tokens/{row.pk}/revoke/").status_code == 302
    assert ApiToken.objects.count() == 1


def test_creating_and_revoking_tokens_is_in_the_account_log(client, api, user_factory):
    from members.models import AccountEvent, AccountEventKind

    user = user_factory()
    client.force_login(user)
    created = api.as_user(user)  # signs in with a token named "test"
    made = created.post("/api/v1/me/tokens/", {"name": "ci robot"}, format="json")
    created.delete(f"/api/v1/me/tokens/{made.json()['id']}/")

    log = list(AccountEvent.objects.filter(user=user).order_by("pk").values_list("kind", "detail"))
    assert (AccountEventKind.TOKEN_CREATED, "ci robot") in log
    assert log[-1] == (AccountEventKind.TOKEN_REVOKED, "ci robot")
    page = client.get("/profile/").content.decode()
    assert "API token revoked" in page and "ci robot" in page


def test_the_account_log_writes_its_times_with_the_time_zone_like_every_page(client, user):
    from django.utils import timezone

    from members.models import AccountEvent, AccountEventKind
    from proposals.templatetags.plenum import when

    client.force_login(user)
    event = AccountEvent.objects.create(user=user, kind=AccountEventKind.TOKEN_CREATED, detail="x")

    page = client.get("/profile/").content.decode()

    with timezone.override(user.timezone or "Europe/Brussels"):
        shown = when(event.at)
    assert shown.endswith(("CET", "CEST")) and f"<td>{shown}</td>" in page
