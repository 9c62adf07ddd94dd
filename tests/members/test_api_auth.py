import pytest

pytestmark = pytest.mark.django_db


def test_token_for_right_password(api, user_factory):
    user_factory(username="anna")
    response = api.post(
        "/api/v1/auth/token/", {"username": "anna", "password": "secret-pass-123"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["username"] == "anna"


@pytest.mark.parametrize(
    ("username", "password"), [("anna", "wrong"), ("nobody", "secret-pass-123"), ("", "")]
)
def test_token_for_wrong_credentials_is_400_with_the_error_body(
    api, user_factory, username, password
):
    user_factory(username="anna")
    response = api.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] and isinstance(body["errors"], dict)
    assert "token" not in body


@pytest.mark.parametrize(
    "url",
    ["/api/v1/me/", "/api/v1/organisations/", "/api/v1/working-groups/", "/api/v1/procedures/"],
)
def test_api_without_token_is_401(api, url):
    response = api.get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_api_with_a_bad_token_is_401(api):
    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}
