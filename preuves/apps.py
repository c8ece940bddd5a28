from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreuvesConfig(AppConfig):
    name = "preuves"
    verbose_name = _("Preuves et référentiels")
