from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EuConfig(AppConfig):
    name = "eu"
    verbose_name = _("EU submissions")
