from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Network, User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "timezone"]


#: The name fields' labels ("Name in French" reads better than "Name (French)").
_NAME_LABELS = {"en": _("Name in English"), "fr": _("Name in French")}


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
