"""examples/integrateur.py drives a candidature from its creation to a chapter's submission
against a live server, with a token, as an integrator would."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings

from candidatures.models import Candidature
from candidatures.services import valider_dossier
from preuves.enums import ChapitreStatus
from preuves.models import Depot, DossierChapitre
from tests.candidatures.fichiers import pdf_bytes, png_bytes

from .conftest import jeton

pytestmark = pytest.mark.django_db(transaction=True)


def charger_exemple():
    spec = importlib.util.spec_from_file_location("integrateur", Path(settings.BASE_DIR) / "examples" / "integrateur.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_client_goes_from_creation_to_chapter_submission(live_server, tmp_path, soumetteur, version, cat,
                                                                    instructeur):
    integrateur = charger_exemple()
    (tmp_path / "ecran.png").write_bytes(png_bytes())
    (tmp_path / "attestation-v1.pdf").write_bytes(pdf_bytes())
    validations = []

    def valider_puis_attendre(api, pk):  # the agency validates in the browser meanwhile
        validations.append(valider_dossier(Candidature.objects.get(pk=pk), by=instructeur).statut)
        return integrateur.attendre_statut(api, pk, "preuves", delai=30, intervalle=0.1)

    dossier = integrateur.run(
        live_server.url, jeton(soumetteur), version=version.pk, dsr=cat["dsr"].pk, chapitre="INS",
        pieces={"capture": tmp_path / "ecran.png", "video_ou_capture": tmp_path / "ecran.png"},
        administrative={"statut_vague1": "reference", "numero_referencement_vague1": "SEGUR-V1-0042"},
        eligibilite={"nie": "NIE-001"}, attestation=tmp_path / "attestation-v1.pdf", cnda=tmp_path / "ecran.png",
        attendre=valider_puis_attendre,
    )

    c = Candidature.objects.get()
    assert validations == ["preuves"]
    assert (c.administrative.numero_referencement_vague1, c.administrative.attestation_vague1.nom) == (
        "SEGUR-V1-0042", "attestation-v1.pdf")
    assert (c.eligibilite.nie, c.eligibilite.cnda_preuve.nom) == ("NIE-001", "ecran.png")
    ins = DossierChapitre.objects.get(candidature=c, chapitre__code="INS")
    assert (dossier["id"], dossier["statut"], dossier["tour"]) == (ins.pk, "soumis", 1)
    assert ins.statut == ChapitreStatus.SOUMIS
    # Referenced in Vague 1: the carried-over proof is not requested again.
    assert sorted(Depot.objects.filter(preuve__candidature=c).values_list("preuve__preuve_attendue__exigence__identifiant",
                                                                          flat=True)) == ["INS/GEN.01", "INS/GEN.02"]


def test_the_example_client_reports_a_refusal_in_french(live_server, lecteur, version, cat):
    integrateur = charger_exemple()
    api = integrateur.API(live_server.url, jeton(lecteur))

    with pytest.raises(integrateur.ErreurAPI) as refus:
        api.post("candidatures/", {"version": version.pk, "dsr": cat["dsr"].pk, "charte_acceptee": True})

    assert (refus.value.status, refus.value.code, refus.value.message) == (
        403, "droit_insuffisant", "Vous n'avez pas le droit d'effectuer cette action.")
