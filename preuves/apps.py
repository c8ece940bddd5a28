from django.apps import AppConfig
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext_lazy as _


class PreuvesConfig(AppConfig):
    name = "preuves"
    verbose_name = _("Preuves et référentiels")

    def ready(self):
        from candidatures.models import Eligibilite
        from candidatures.signals import dossier_administratif_valide

        from . import receivers

        dossier_administratif_valide.connect(receivers.dossier_administratif_valide, dispatch_uid="preuves_generer")
        m2m_changed.connect(
            receivers.profils_modifies, sender=Eligibilite.profils.through, dispatch_uid="preuves_profils"
        )
