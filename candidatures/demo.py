"""Demo reference data: Vague 2 and its dates, the DSRs DPI, PFI, LGC, RIS, demo products."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from comptes.models import Organisation, Produit, VersionProduit

from .models import DSR, Vague
from .services_vagues import assurer_profil_general

CHARTE = """\
La présente charte décrit le déroulement du référencement Ségur Vague 2 sur la plateforme Convergence et les droits et devoirs de l’éditeur et de l’Agence du Numérique en Santé (ANS). Elle doit être acceptée pour démarrer une candidature.

Le référencement se déroule en trois phases. Phase 1 : l’éditeur dépose son dossier administratif (candidature administrative et formulaire d’éligibilité) au plus tard à la Date N°1 ; l’ANS l’instruit et peut demander des compléments par la messagerie de la plateforme. Phase 2 : l’éditeur dépose ses preuves de conformité chapitre par chapitre ; le dossier complet de preuves doit avoir été soumis une première fois au plus tard à la Date N°2, et plus aucun dépôt n’est possible après la Date N°3. Phase 3 : une fois toutes les preuves validées, la convention de référencement est signée par l’éditeur puis par l’ANS, et le collège de référencement statue.

L’éditeur s’engage à fournir des informations exactes et des preuves sincères, issues de la version technique candidate, à répondre avec diligence aux demandes de l’ANS et à respecter les dates du calendrier. Il veille à ce que seules les personnes habilitées de son organisation agissent sur la candidature.

L’ANS s’engage à instruire chaque dossier de manière équitable, à motiver ses demandes de complément et ses décisions, à informer l’éditeur de l’avancement de son dossier par la messagerie et par courriel, et à préserver la confidentialité des pièces déposées.
"""

DSRS = [
    ("DPI", "Dossier Patient Informatisé", "Hôpital"),
    ("PFI", "Plateforme d'Intermédiation", "Hôpital"),
    ("LGC", "Logiciel de Gestion de Cabinet", "Médecin de ville"),
    ("RIS", "Radiology Information System", "Radiologie"),
]

PRODUITS = [
    ("123456782", "Hôpital Logiciels SAS", "HospiDPI", ["5.2.0", "6.0.0"]),
    ("123456782", "Hôpital Logiciels SAS", "PassPFI", ["3.1"]),
    ("987654324", "Radiologie Numérique SA", "RadioRIS", ["4.0"]),
]


def _a_18h(jours: int) -> datetime:
    """18:00, Paris time, `jours` days from today."""
    jour = timezone.localdate() + timedelta(days=jours)
    return timezone.make_aware(datetime.combine(jour, time(18, 0)))


def load(stdout):
    vague, creee = Vague.objects.get_or_create(
        numero=2,
        defaults={"nom": "Ségur Vague 2", "date1": _a_18h(-10), "date2": _a_18h(30), "date3": _a_18h(75), "charte": CHARTE},
    )
    for code, nom, couloir in DSRS:
        dsr, _ = DSR.objects.get_or_create(vague=vague, code=code, defaults={"nom": nom, "couloir": couloir})
        assurer_profil_general(dsr)
    for siren, raison_sociale, nom, versions in PRODUITS:
        organisation, _ = Organisation.objects.get_or_create(siren=siren, defaults={"raison_sociale": raison_sociale})
        produit, _ = Produit.objects.get_or_create(organisation=organisation, nom=nom)
        for numero in versions:
            VersionProduit.objects.get_or_create(produit=produit, numero=numero)
    quand = "créée" if creee else "déjà présente (dates inchangées)"
    stdout.write(f"{vague.nom} {quand} ; DSR : {', '.join(c for c, _, _ in DSRS)} ; produits : HospiDPI, PassPFI, RadioRIS")
