from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagerieConfig(AppConfig):
    name = "messagerie"
    verbose_name = _("Messagerie et notifications")

    def ready(self):
        from candidatures.journal import evenement_enregistre

        from .signals import on_evenement_enregistre

        evenement_enregistre.connect(on_evenement_enregistre, dispatch_uid="messagerie.on_evenement_enregistre")
