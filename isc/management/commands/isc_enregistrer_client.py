from django.core.management.base import BaseCommand

from isc.services import enregistrer_client_plateforme


class Command(BaseCommand):
    help = "Enregistre (ou met à jour) le client OIDC de la plateforme auprès du fournisseur iSC intégré."

    def handle(self, *args, **options):
        app = enregistrer_client_plateforme()
        self.stdout.write(f"Client iSC « {app.client_id} » : {app.redirect_uris}")
