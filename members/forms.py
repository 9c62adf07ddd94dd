import datetime

from allauth.account.forms import LoginForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from config.widgets import DayInput
from members.models import (
    Invitation,
    Network,
    PortalOrganisationSize,
    PortalOrganisationType,
    User,
    WorkingGroup,
)
from members.services import email_has_account


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "timezone"]


#: The name fields' labels ("Name in French" reads better than "Name (French)").
_NAME_LABELS = {"en": _("Name in English"), "fr": _("Name in French")}


#: What the profile's page and the admin say when the storage does not take the logo.
LOGO_NOT_STORED = _("The logo could not be stored just now. Nothing was saved: try again.")


class NetworkForm(forms.Form):
    """The network's profile page (secretariat). One name field per language of the
    site; names in other languages (set through the API) are kept as they are."""

    address = forms.CharField(
        label=_("Postal address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email = forms.EmailField(label=_("Contact email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    transparency_register_id = forms.CharField(
        label=_("EU Transparency Register ID"),
        required=False,
        max_length=32,
        help_text=_("Digits, a hyphen and two digits, e.g. 123456789012-34."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    organisation_type = forms.ChoiceField(
        label=_("Organisation type"),
        required=False,
        choices=[("", "—"), *PortalOrganisationType.choices],
        help_text=_("As the EU's “Have your say” portal asks it."),
    )
    organisation_size = forms.ChoiceField(
        label=_("Organisation size"),
        required=False,
        choices=[("", "—"), *PortalOrganisationSize.choices],
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or SVG, at most 512 KB. Printed on the cover of every paper."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    logo_remove = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args, network: Network, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "address": network.address,
                "email": network.email,
                "website": network.website,
                "transparency_register_id": network.transparency_register_id,
                "country": network.country,
                "organisation_type": network.organisation_type,
                "organisation_size": network.organisation_size,
                **{f"name_{code}": network.names.get(code, "") for code, _n in settings.LANGUAGES},
            },
        )
        super().__init__(*args, **kwargs)
        self.network = network
        names = {}
        for code, language in settings.LANGUAGES:
            names[f"name_{code}"] = forms.CharField(
                label=_NAME_LABELS.get(code) or _("Name (%(language)s)") % {"language": language},
                required=code == "en",
                max_length=200,
                help_text=None
                if code == "en"
                else _("Papers in a language without a name print the English one."),
            )
        self.fields = {**names, **self.fields}
        self.fields["country"].choices = [("", "—"), *countries]
        if not network.logo:
            del self.fields["logo_remove"]

    def changes(self) -> dict:
        """The keyword arguments of ``network_update``."""
        data = self.cleaned_data
        names = dict(self.network.names)
        for code, _language in settings.LANGUAGES:
            value = data[f"name_{code}"].strip()
            if value:
                names[code] = value
            else:
                names.pop(code, None)
        changes = {
            "names": names,
            "address": data["address"],
            "email": data["email"],
            "website": data["website"],
            "transparency_register_id": data["transparency_register_id"],
            "country": data["country"],
            "organisation_type": data["organisation_type"],
            "organisation_size": data["organisation_size"],
        }
        if data.get("logo"):
            changes["logo"] = data["logo"]
        elif data.get("logo_remove"):
            changes["logo"] = None
        return changes

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put ``network_update``'s ``ValidationError`` on the fields it names."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for field, errors in exc.message_dict.items():
            if field == "names":
                field = "name_en"
            self.add_error(field if field in self.fields else None, errors)


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


class TokenForm(forms.Form):
    """A new API token on the profile page: a name and, if sooner, the last day it works."""

    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What it is for, e.g. “CI job”.")
    )
    expires_on = forms.DateField(
        label=_("Works until"),
        required=False,
        widget=DayInput(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].help_text = _(
            "At most %(days)d days; that is also the default."
        ) % {"days": settings.PLENUM_TOKEN_TTL}

    def expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        end = datetime.datetime.combine(day, datetime.time(23, 59, 59))
        return timezone.make_aware(end, timezone.get_current_timezone())
