from django.apps import AppConfig


class ConvergenceConfig(AppConfig):
    """The project package as an app: it connects the security log's receivers and the DSFR configuration's cache."""

    name = "convergence"
    verbose_name = "Convergence"

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.contrib.auth.signals import (
            user_logged_in,
            user_logged_out,
            user_login_failed,
        )
        from django.db.models.signals import post_delete, post_save
        from dsfr.models import DsfrConfig

        from candidatures.journal import evenement_enregistre

        from . import securite
        from .context_processors import oublier_config_dsfr

        user_logged_in.connect(securite.connexion, dispatch_uid="securite.connexion")
        user_login_failed.connect(securite.echec_connexion, dispatch_uid="securite.echec_connexion")
        user_logged_out.connect(securite.deconnexion, dispatch_uid="securite.deconnexion")
        post_save.connect(securite.changement_admin, sender=LogEntry, dispatch_uid="securite.changement_admin")
        evenement_enregistre.connect(securite.changement_de_date, dispatch_uid="securite.changement_de_date")
        post_save.connect(oublier_config_dsfr, sender=DsfrConfig, dispatch_uid="config_dsfr.enregistree")
        post_delete.connect(oublier_config_dsfr, sender=DsfrConfig, dispatch_uid="config_dsfr.supprimee")
