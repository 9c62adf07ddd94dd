import pytest

pytestmark = pytest.mark.django_db


def test_me_lists_every_role(api, representative, working_group_factory, board_membership_factory):
    chaired = working_group_factory(name="Social procurement", chair=representative)
    member_of = working_group_factory(name="EU funding", members=[representative])
    board_membership_factory(user=representative)

    body = api.as_user(representative).get("/api/v1/me/").json()

    assert body["username"] == representative.username
    assert body["organisation"] == {
        "id": representative.organisation.pk,
        "name": representative.organisation.name,
        "country": representative.organisation.country.code,
    }
    assert body["working_groups"] == [
        {"id": member_of.pk, "name": "EU funding", "role": "member"},
        {"id": chaired.pk, "name": "Social procurement", "role": "chair"},
    ]
    assert body["is_board"] is True
    assert body["is_secretariat"] is False


def test_me_for_secretariat_without_organisation(api, secretariat):
    body = api.as_user(secretariat).get("/api/v1/me/").json()
    assert body["organisation"] is None
    assert body["working_groups"] == []
    assert body["is_secretariat"] is True
    assert body["is_board"] is False


def test_me_patch_sets_language_and_timezone(api, user):
    response = api.as_user(user).patch(
        "/api/v1/me/", {"language": "fr", "timezone": "Europe/Paris"}, format="json"
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.language, user.timezone) == ("fr", "Europe/Paris")


def test_me_patch_rejects_unknown_language(api, user):
    response = api.as_user(user).patch("/api/v1/me/", {"language": "xx"}, format="json")
    assert response.status_code == 400
    assert "language" in response.json()["errors"]
    user.refresh_from_db()
    assert user.language == "en"
