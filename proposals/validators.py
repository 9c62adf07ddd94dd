from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_paper_languages(value) -> None:
    """A non-empty list of distinct EU language codes (``settings.PAPER_LANGUAGES``)."""
    known = {code for code, _name in settings.PAPER_LANGUAGES}
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one language."), code="required")
    unknown = [code for code in value if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s.") % {"codes": ", ".join(map(str, unknown))},
            code="invalid",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each language may appear once."), code="duplicate")
