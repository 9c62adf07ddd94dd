"""API token authentication: django-rest-knox's tokens, checked in one query, plus when
each token was last used."""

import binascii
from hmac import compare_digest

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework.exceptions import AuthenticationFailed

from members.models import ApiToken
from members.rules import board_member_known, board_memberships
from members.services import token_touch


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's ``Authorization: Token <token>``: a revoked or expired token is a 401.

    knox's own check reads the token, then every other token of its user (to delete
    the expired ones) on every request. This one reads the token with its user, the
    user's organisation and board role in one query: the role is what nearly every
    request asks next (``members.rules.is_board_member``). An expired token is
    deleted when it is used, as knox does; the user's other expired tokens when a new
    one is made (``members.services.token_create``). Same digests, same rows, same
    ``token_expired`` signal."""

    def authenticate_credentials(self, token: bytes):
        refused = AuthenticationFailed(_("Invalid token."))
        try:
            text = token.decode("utf-8")
            digest = hash_token(text)
        except (UnicodeDecodeError, TypeError, binascii.Error):
            raise refused from None
        if not (text.isascii() and text.isprintable()):  # a NUL would reach PostgreSQL
            raise refused
        candidates = ApiToken.objects.filter(token_key=text[: CONSTANTS.TOKEN_KEY_LENGTH]).annotate(
            user_on_board=Exists(board_memberships(OuterRef("user_id")))
        )
        for auth_token in candidates:
            if not compare_digest(digest, auth_token.digest):
                continue
            if auth_token.expiry is not None and auth_token.expiry < timezone.now():
                auth_token.delete()
                token_expired.send(
                    sender=self.__class__,
                    username=auth_token.user.get_username(),
                    source="auth_token",
                )
                raise refused
            if knox_settings.AUTO_REFRESH and auth_token.expiry:
                self.renew_token(auth_token)
            board_member_known(auth_token.user, auth_token.user_on_board)
            return self.validate_user(auth_token)
        raise refused

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        token_touch(token=token)
        return user, token


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme: drf-spectacular's knox one, for this subclass."""

    target_class = "members.auth.TokenAuthentication"
    name = "tokenAuth"
