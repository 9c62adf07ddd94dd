from allauth.account.forms import LoginForm
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from members.models import Invitation, User, WorkingGroup
from members.services import email_has_account


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "timezone"]


class SignInForm(LoginForm):
    """allauth's sign-in form, its field named as people read it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
        self.fields["login"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "placeholder": ""}
        )
        self.fields["password"].widget.attrs["placeholder"] = ""


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "organisation", "working_groups", "board_seat", "language"]
        widgets = {"working_groups": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_groups"].queryset = WorkingGroup.objects.order_by("name")
        self.fields["board_seat"].help_text = _("The person will sit on the board.")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email_has_account(email):
            raise forms.ValidationError(_("Someone already has an account with this address."))
        pending = [
            i for i in Invitation.objects.filter(email__iexact=email) if i.status == "pending"
        ]
        if pending:
            raise forms.ValidationError(
                _("This address already has a pending invitation: send it again instead.")
            )
        return email


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("You sign in with it or with your email. Letters, digits and @/./+/-/_ only."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocapitalize"] = "none"

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken: choose another."))
        return username

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one:
            candidate = User(
                username=data.get("username", ""),
                email=self.invitation.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(one, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def username_suggested(email: str) -> str:
    """A first suggestion for the username: the address before the ``@``."""
    base = "".join(c for c in email.split("@", 1)[0] if c.isalnum() or c in "._-")[:150]
    return base if base and not User.objects.filter(username__iexact=base).exists() else ""
