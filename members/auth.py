"""API token authentication: django-rest-knox's, plus when each token was last used."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication

from members.services import token_touch


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's ``Authorization: Token <token>``: a revoked or expired token is a 401."""

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        token_touch(token=token)
        return user, token


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme: drf-spectacular's knox one, for this subclass."""

    target_class = "members.auth.TokenAuthentication"
    name = "tokenAuth"
