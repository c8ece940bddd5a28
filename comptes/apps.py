from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = _("Comptes et organisations")
