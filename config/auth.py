"""Token authentication that loads the user's organisation in the same query."""

from rest_framework.authentication import TokenAuthentication as BaseTokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


class TokenAuthentication(BaseTokenAuthentication):
    def authenticate_credentials(self, key):
        token = Token.objects.select_related("user", "user__organisation").filter(key=key).first()
        if token is None:
            raise AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        return token.user, token
