"""The session's user: django-allauth's backend (username or email), read with the
organisation and the board role in one query, as the API token check does
(``members.auth``)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.db.models import Exists, OuterRef

from members.models import User
from members.rules import board_member_known, board_memberships


class AuthenticationBackend(AllauthBackend):
    """``get_user`` (Django's, run on every request of a session) reads the user, the
    organisation and whether the user is on the board (``members.rules.is_board_member``
    asks nothing more)."""

    def get_user(self, user_id):
        user = (
            User.objects.filter(pk=user_id)
            .select_related("organisation")
            .annotate(on_board=Exists(board_memberships(OuterRef("pk"))))
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        board_member_known(user, user.on_board)
        return user
