from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IscConfig(AppConfig):
    name = "isc"
    verbose_name = _("Industriels Santé Connect (fournisseur OIDC)")
