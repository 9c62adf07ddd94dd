"""The token authentication builds the same user the ORM would."""

import pytest
from django.utils import translation

from config.auth import TokenAuthentication
from members.models import User

pytestmark = pytest.mark.django_db


def test_token_gives_the_user_with_typed_fields_and_organisation(representative):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=representative)

    user, auth = TokenAuthentication().authenticate_credentials(token.key)

    expected = User.objects.select_related("organisation").get(pk=representative.pk)
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(expected, field.attname), field.name
    assert user.date_joined.tzinfo is not None and user.is_active is True
    assert user.organisation == expected.organisation
    assert user.organisation.active is True and user.organisation.weight == 1
    assert auth.key == token.key


def test_user_without_organisation(user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=user)
    assert TokenAuthentication().authenticate_credentials(token.key)[0].organisation is None


def test_inactive_user_is_refused(user_factory):
    from rest_framework.authtoken.models import Token
    from rest_framework.exceptions import AuthenticationFailed

    token = Token.objects.create(user=user_factory(is_active=False))
    with pytest.raises(AuthenticationFailed):
        TokenAuthentication().authenticate_credentials(token.key)


def test_a_refused_token_is_explained_in_the_callers_language(client, user_factory):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=user_factory(is_active=False))
    french = {"HTTP_ACCEPT_LANGUAGE": "fr"}

    with translation.override(None):  # the request activates French; not for the next test
        unknown = client.get("/api/v1/proposals/", HTTP_AUTHORIZATION="Token nope", **french)
        inactive = client.get(
            "/api/v1/proposals/", HTTP_AUTHORIZATION=f"Token {token.key}", **french
        )

    assert unknown.status_code == 401 and unknown.json()["detail"] == "Token non valide."
    assert inactive.status_code == 401
    assert inactive.json()["detail"] == "Utilisateur inactif ou supprimé."
