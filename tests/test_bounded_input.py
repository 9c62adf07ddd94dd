"""Bad input outside the serializers gets a clear 400 or 404 in the API's shape, never
a 500 (SPEC §10, §14): JSON nested too deep, NUL characters, odd paths, huge bodies."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _nested(depth: int) -> str:
    return '{"username": ' + "[" * depth + "1" + "]" * depth + ', "password": "x"}'


@pytest.mark.parametrize("depth", [51, 1000, 100_000])
def test_json_nested_too_deep_is_a_400_naming_the_limit(depth):
    response = Client().post("/api/v1/auth/token/", _nested(depth), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"] == "JSON may be nested at most 50 levels deep."


def test_json_nested_50_deep_is_read(api, proposal):
    response = Client().post("/api/v1/auth/token/", _nested(48), content_type="application/json")

    assert response.status_code == 400  # a list is no username: the serializer's field error
    assert "errors" in response.json()


def test_a_nul_anywhere_in_a_json_body_is_refused(api, proposal):
    chair = proposal.working_group.chair
    body = json.dumps({"title": "Fine", "nested\x00key": 1})

    response = api.as_user(chair).generic(
        "PATCH", f"/api/v1/proposals/{proposal.pk}/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Text may not contain NUL characters."
    proposal.refresh_from_db()
    assert proposal.title != "Fine"


@pytest.mark.parametrize(
    "url",
    [
        "/papers/%00/en.pdf",
        "/papers/PP-2026-007/en%00.pdf",
        "/api/v1/proposals/?q=%00abc",
        "/proposals/?q=a%00b",
    ],
)
def test_a_nul_in_the_address_is_a_400(client, secretariat, url):
    client.force_login(secretariat)

    response = client.get(url)

    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json() == {
            "detail": "The address may not contain NUL characters.",
            "code": "invalid",
        }
    else:
        assert "NUL characters" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/api/v1/proposals/-1/", "/api/v1/proposals/abc/comments/", "/api/v1/nothing/"]
)
def test_an_api_address_that_matches_nothing_is_a_json_404(client, secretariat, url):
    client.force_login(secretariat)

    response = client.get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_body_over_the_limit_is_a_json_400(api, proposal, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    chair = proposal.working_group.chair

    response = api.as_user(chair).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"summary": "x" * 5000}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
