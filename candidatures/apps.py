from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidaturesConfig(AppConfig):
    name = "candidatures"
    verbose_name = _("Candidatures")
