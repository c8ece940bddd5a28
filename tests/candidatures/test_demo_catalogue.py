"""Demo data of the catalogue: Vague 2 around today, four DSRs and their REMs, demo products."""

import io
from datetime import timedelta

from django.utils import timezone

from candidatures import demo as demo_candidatures
from candidatures.models import DSR, Vague
from comptes.models import Organisation, VersionProduit
from preuves import demo as demo_preuves
from preuves.models import PreuveAttendue, Referentiel


def charger() -> str:
    out = io.StringIO()
    demo_candidatures.load(out)
    demo_preuves.load(out)
    return out.getvalue()


def test_demo_catalogue_is_complete_and_idempotent(db):
    charger()
    vague = Vague.objects.get(numero=2)
    dates = (vague.date1, vague.date2, vague.date3)

    sortie = charger()

    vague.refresh_from_db()
    assert (vague.date1, vague.date2, vague.date3) == dates
    maintenant = timezone.now()
    assert vague.date1 < maintenant < vague.date2 < vague.date3
    assert timedelta(days=9) < maintenant - vague.date1 < timedelta(days=11)
    assert timedelta(days=29) < vague.date2 - maintenant < timedelta(days=31)
    assert timedelta(days=74) < vague.date3 - maintenant < timedelta(days=76)
    assert vague.nom == "Ségur Vague 2" and "droits et devoirs" in vague.charte
    assert list(DSR.objects.order_by("code").values_list("code", "nom", "couloir")) == [
        ("DPI", "Dossier Patient Informatisé", "Hôpital"),
        ("LGC", "Logiciel de Gestion de Cabinet", "Médecin de ville"),
        ("PFI", "Plateforme d'Intermédiation", "Hôpital"),
        ("RIS", "Radiology Information System", "Radiologie"),
    ]
    assert Referentiel.objects.count() == 4
    assert PreuveAttendue.objects.count() == 147 + 142 + 127 + 177
    assert "REM RIS : 118 exigences, 141 scénarios, 177 preuves attendues (déjà à jour)." in sortie
    assert sorted(VersionProduit.objects.values_list("produit__organisation__siren", "produit__nom", "numero")) == [
        ("123456782", "HospiDPI", "5.2.0"), ("123456782", "HospiDPI", "6.0.0"), ("123456782", "PassPFI", "3.1"),
        ("987654324", "RadioRIS", "4.0"),
    ]
    assert Organisation.objects.get(siren="987654324").raison_sociale == "Radiologie Numérique SA"
