"""Demo data of phase 2: every demo candidature in phase 2 has its requested proofs.

Runs after every app's `demo` module (catalogue, candidatures). Idempotent.
"""

from candidatures.enums import CandidatureStatus
from candidatures.models import Candidature

from .services import synchroniser_preuves_demandees


def load(stdout):
    creees = 0
    for candidature in Candidature.objects.filter(
        statut__in=[CandidatureStatus.PREUVES, CandidatureStatus.PREUVES_VALIDEES]
    ):
        creees += synchroniser_preuves_demandees(candidature)["creees"]
    stdout.write(f"Preuves demandées des candidatures en phase 2 : {creees} ajoutée(s).")
