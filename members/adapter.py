"""django-allauth's hooks: no public sign-up (people come by invitation)."""

from allauth.account.adapter import DefaultAccountAdapter

#: Set on the request by a view that greets the person itself (the invitation's
#: "Welcome to Plenum"): allauth's "Successfully signed in as …" is not added beside it.
GREETED = "plenum_greeted"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        if message_template == "account/messages/logged_in.txt" and getattr(
            request, GREETED, False
        ):
            return
        super().add_message(request, level, message_template, *args, **kwargs)
