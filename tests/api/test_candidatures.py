"""API of waves, DSRs, profiles and candidatures (phase 1): every action through the services."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidatures.enums import CandidatureStatus as S
from candidatures.enums import EtapeStatus
from candidatures.models import Candidature
from preuves.models import PreuveDemandee
from tests.candidatures.conftest import completer, decaler_dates
from tests.candidatures.fichiers import HTML_DEGUISE, pdf_bytes
from tests.factories import CandidatureFactory, DSRFactory, VersionProduitFactory

from .conftest import erreur

pytestmark = pytest.mark.django_db


def url(c, action=""):
    return f"/api/v1/candidatures/{c.pk}/" + (f"{action}/" if action else "")


# --- catalogue ----------------------------------------------------------------------------------


def test_waves_dsrs_and_profiles_are_readable(api, lecteur, cat):
    client = api(lecteur)
    dsr = cat["dsr"]

    vagues = client.get("/api/v1/vagues/").json()["results"]
    dsrs = client.get(f"/api/v1/dsrs/?vague={dsr.vague_id}").json()["results"]
    profils = client.get(f"/api/v1/profils/?dsr={dsr.pk}").json()["results"]

    assert [(v["numero"], v["date1"] < v["date2"] < v["date3"]) for v in vagues] == [(2, True)]
    assert [(d["code"], d["vague"]) for d in dsrs] == [("DPI", dsr.vague_id)]
    assert [(p["nom"], p["obligatoire"]) for p in profils] == [("Général", True), ("Alimentation DMP", False)]


@pytest.mark.parametrize("n", [1, 3])
def test_catalogue_lists_query_counts_are_constant(api, lecteur, django_assert_num_queries, n):
    for i in range(n):
        DSRFactory(code=f"D{i}")
    client = api(lecteur)

    for route in ("vagues", "dsrs", "profils"):
        with django_assert_num_queries(3):  # token, count, page
            client.get(f"/api/v1/{route}/")


# --- start a candidature ------------------------------------------------------------------------


def test_contributor_starts_a_candidature_accepting_the_charter(api, contributeur, version, cat):
    response = api(contributeur).post("/api/v1/candidatures/", {
        "version": version.pk, "dsr": cat["dsr"].pk, "charte_acceptee": True,
    }, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    c = Candidature.objects.get(pk=body["id"])
    assert (body["statut"], body["reference"], body["produit_nom"], body["version_numero"]) == (
        "brouillon", c.reference, "DPI Horizon", "5.2.0")
    assert c.charte_acceptee_par == contributeur
    assert body["administrative"]["raison_sociale"] == "Santé Logiciels SAS"
    assert body["eligibilite"]["profils"] == [cat["general"].pk]
    assert body["refus_soumission"].startswith("Le dossier est incomplet.")


def test_starting_without_the_charter_is_refused_on_its_field(api, contributeur, version, cat):
    body = erreur(api(contributeur).post("/api/v1/candidatures/", {
        "version": version.pk, "dsr": cat["dsr"].pk, "charte_acceptee": False,
    }, format="json"), 400, "regle_metier")

    assert body["champs"] == {
        "charte_acceptee": ["Vous devez accepter la charte de référencement pour démarrer une candidature."]
    }
    assert not Candidature.objects.exists()


def test_starting_with_missing_fields_is_a_400(api, contributeur):
    body = erreur(api(contributeur).post("/api/v1/candidatures/", {}, format="json"), 400, "requete_invalide")

    assert body["champs"] == {f: ["Ce champ est obligatoire."] for f in ("version", "dsr", "charte_acceptee")}


def test_a_reader_cannot_start_a_candidature(api, lecteur, version, cat):
    body = erreur(api(lecteur).post("/api/v1/candidatures/", {
        "version": version.pk, "dsr": cat["dsr"].pk, "charte_acceptee": True,
    }, format="json"), 403, "droit_insuffisant")

    assert body["message"] == "Vous n'avez pas le droit d'effectuer cette action."


def test_another_organisations_version_does_not_exist_for_the_caller(api, autre_editeur, version, cat):
    body = erreur(api(autre_editeur).post("/api/v1/candidatures/", {
        "version": version.pk, "dsr": cat["dsr"].pk, "charte_acceptee": True,
    }, format="json"), 400, "requete_invalide")

    assert body["champs"] == {"version": [f"Aucun objet accessible ne porte l'identifiant {version.pk}."]}


def test_starting_after_date1_is_refused_with_the_date(api, contributeur, version, cat):
    decaler_dates(cat["dsr"].vague, date1=timedelta(seconds=-1))

    body = erreur(api(contributeur).post("/api/v1/candidatures/", {
        "version": version.pk, "dsr": cat["dsr"].pk, "charte_acceptee": True,
    }, format="json"), 409, "date_depassee")

    assert body["message"].startswith("Impossible de démarrer une candidature : la Date N°1 (")
    assert body["message"].endswith(", heure de Paris) est dépassée.")


# --- list and detail ----------------------------------------------------------------------------


def test_list_shows_readable_candidatures_only(api, lecteur, autre_editeur, brouillon):
    assert [c["id"] for c in api(lecteur).get("/api/v1/candidatures/").json()["results"]] == [brouillon.pk]
    assert api(autre_editeur).get("/api/v1/candidatures/").json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_another_organisations_candidature_is_a_404_without_its_data(api, autre_editeur, brouillon):
    body = erreur(api(autre_editeur).get(url(brouillon)), 404, "introuvable")

    assert body == {"code": "introuvable", "message": "Ressource introuvable.", "champs": {}}


def test_list_filters_by_status_and_update_time(api, admin_org, brouillon, version, cat):
    autre = CandidatureFactory(version=version, dsr=DSRFactory(vague=cat["dsr"].vague, code="PFI"), statut=S.DOSSIER_SOUMIS)
    client = api(admin_org)

    soumises = client.get("/api/v1/candidatures/?statut=dossier_soumis").json()["results"]
    recentes = client.get("/api/v1/candidatures/", {"updated_at__gte": autre.updated_at.isoformat()}).json()["results"]
    invalide = client.get("/api/v1/candidatures/?statut=inconnu")

    assert [c["id"] for c in soumises] == [autre.pk]
    assert [c["id"] for c in recentes] == [autre.pk]
    assert erreur(invalide, 400, "requete_invalide")["champs"] == {
        "statut": ["Sélectionnez un choix valide. inconnu n’en fait pas partie."]
    }
    # Without a filter in the query string the list is whole (no filter set is built); a detail
    # reads its object by id whatever the query string says.
    assert {c["id"] for c in client.get("/api/v1/candidatures/", {"page": 1}).json()["results"]} == {brouillon.pk, autre.pk}
    assert client.get(f"/api/v1/candidatures/{autre.pk}/?statut=inconnu").json()["id"] == autre.pk


@pytest.mark.parametrize("n", [1, 3])
def test_candidature_list_query_count_is_constant(api, admin_org, version, cat, django_assert_num_queries, n):
    for _ in range(n):
        CandidatureFactory(version=VersionProduitFactory(produit=version.produit), dsr=cat["dsr"])
    client = api(admin_org)

    with django_assert_num_queries(3):  # token, count, page with its joins
        response = client.get("/api/v1/candidatures/")

    assert response.json()["count"] == n


# --- the two steps ------------------------------------------------------------------------------


def test_patch_administrative_changes_only_the_fields_sent(api, contributeur, brouillon):
    brouillon.administrative.convention_vague1_signee = True
    brouillon.administrative.save()

    response = api(contributeur).patch(url(brouillon, "administrative"), {
        "revision": 0, "contact_nom": "Nina Roy", "statut_vague1": "non_reference",
    }, format="multipart")

    assert response.status_code == 200, response.content
    a = response.json()["administrative"]
    assert (a["contact_nom"], a["statut_vague1"], a["convention_vague1_signee"], a["revision"]) == (
        "Nina Roy", "non_reference", True, 1)


def test_a_stale_revision_is_a_409_and_saves_nothing(api, contributeur, soumetteur, brouillon):
    api(soumetteur).patch(url(brouillon, "administrative"), {"revision": 0, "contact_nom": "Premier"}, format="json")

    body = erreur(api(contributeur).patch(url(brouillon, "administrative"), {"revision": 0, "contact_nom": "Second"},
                                          format="json"), 409, "conflit_edition")

    assert body["message"].startswith("Un autre utilisateur a modifié cette étape depuis que vous l'avez ouverte (Alex Soumetteur, le ")
    brouillon.administrative.refresh_from_db()
    assert brouillon.administrative.contact_nom == "Premier"


def test_a_step_without_revision_or_with_a_bad_siren_is_a_400(api, contributeur, brouillon):
    body = erreur(api(contributeur).patch(url(brouillon, "administrative"), {"siren": "12AB"}, format="json"),
                  400, "requete_invalide")

    assert body["champs"] == {
        "siren": ["Le SIREN doit comporter exactement 9 chiffres."],
        "revision": ["Ce champ est obligatoire."],
    }


def test_the_attestation_is_uploaded_and_a_disguised_file_refused(api, contributeur, brouillon):
    client = api(contributeur)

    refus = client.post(url(brouillon, "administrative"), {
        "revision": 0, "attestation_vague1": SimpleUploadedFile("attestation.pdf", HTML_DEGUISE),
    }, format="multipart")
    ok = client.post(url(brouillon, "administrative"), {
        "revision": 0, "attestation_vague1": SimpleUploadedFile("attestation.pdf", pdf_bytes()),
    }, format="multipart")

    body = erreur(refus, 400, "fichier_refuse")
    assert list(body["champs"]) == ["attestation_vague1"]
    fichier = ok.json()["administrative"]["attestation_vague1"]
    assert (fichier["nom"], fichier["type_mime"], fichier["taille"]) == ("attestation.pdf", "application/pdf", len(pdf_bytes()))


def test_eligibilite_keeps_the_general_profile(api, contributeur, brouillon, cat):
    client = api(contributeur)

    retire = client.post(url(brouillon, "eligibilite"), {"revision": 0, "profils": [cat["optionnel"].pk]}, format="json")
    ajoute = client.post(url(brouillon, "eligibilite"), {
        "revision": 0, "profils": [cat["general"].pk, cat["optionnel"].pk],
    }, format="json")

    assert erreur(retire, 400, "regle_metier")["champs"] == {
        "profils": ["Le profil Général est obligatoire : il ne peut pas être retiré."]
    }
    assert ajoute.status_code == 200
    assert sorted(ajoute.json()["eligibilite"]["profils"]) == sorted([cat["general"].pk, cat["optionnel"].pk])


def test_no_optional_profile_after_date2(api, contributeur, brouillon, cat):
    brouillon.premiere_soumission_le = brouillon.created_at
    brouillon.statut = S.COMPLEMENT_DEMANDE
    brouillon.save()
    decaler_dates(brouillon.vague, date1=timedelta(days=-20), date2=timedelta(seconds=-1), date3=timedelta(days=20))

    body = erreur(api(contributeur).post(url(brouillon, "eligibilite"), {
        "revision": 0, "profils": [cat["general"].pk, cat["optionnel"].pk],
    }, format="json"), 409, "date_depassee")

    assert body["champs"] == {"profils": [body["message"]]}
    assert body["message"].startswith("Impossible d'ajouter un profil optionnel : la Date N°2 (")


def test_a_reader_cannot_edit_a_step(api, lecteur, brouillon):
    erreur(api(lecteur).post(url(brouillon, "administrative"), {}, format="json"), 403, "droit_insuffisant")


def test_another_organisation_cannot_edit_a_step(api, autre_editeur, brouillon):
    erreur(api(autre_editeur).post(url(brouillon, "administrative"), {"revision": 0}, format="json"), 404, "introuvable")


# --- submission and instruction -----------------------------------------------------------------


def test_submitting_an_incomplete_dossier_lists_what_is_missing(api, soumetteur, brouillon):
    body = erreur(api(soumetteur).post(url(brouillon, "soumettre")), 400, "regle_metier")

    assert body["message"].startswith("Le dossier est incomplet. Candidature administrative : la raison sociale est requise ; ")


def test_submitting_needs_the_submit_right(api, contributeur, brouillon, soumetteur):
    completer(brouillon, by=soumetteur)

    erreur(api(contributeur).post(url(brouillon, "soumettre")), 403, "droit_insuffisant")


def test_submit_then_instruct_then_validate(api, soumetteur, instructeur, brouillon):
    completer(brouillon, by=soumetteur)
    editeur, agent = api(soumetteur), api(instructeur)

    soumise = editeur.post(url(brouillon, "soumettre"))
    complement = agent.post(url(brouillon, "demander-complement"), {"etape": "eligibilite", "message": "Précisez le NIL."},
                            format="json")
    resoumise = editeur.post(url(brouillon, "soumettre"))
    validee = agent.post(url(brouillon, "valider"))

    assert soumise.json()["statut"] == "dossier_soumis"
    assert (complement.json()["statut"], complement.json()["eligibilite"]["statut"]) == ("complement_demande", EtapeStatus.COMPLEMENT_DEMANDE)
    assert resoumise.json()["statut"] == "dossier_soumis"
    assert validee.json()["statut"] == "preuves"
    assert PreuveDemandee.objects.filter(candidature=brouillon).count() == 4


def test_instruction_actions_are_refused_to_editors_and_bad_input_is_a_400(api, admin_org, instructeur, brouillon):
    erreur(api(admin_org).post(url(brouillon, "valider")), 403, "droit_insuffisant")
    erreur(api(admin_org).post(url(brouillon, "demander-complement"), {}, format="json"), 403, "droit_insuffisant")
    body = erreur(api(instructeur).post(url(brouillon, "demander-complement"), {"etape": "x"}, format="json"),
                  400, "requete_invalide")

    assert body["champs"] == {"etape": ["«\xa0x\xa0» n'est pas un choix valide."], "message": ["Ce champ est obligatoire."]}


def test_validating_a_draft_is_a_transition_refused(api, instructeur, brouillon):
    body = erreur(api(instructeur).post(url(brouillon, "valider")), 409, "transition_interdite")

    assert body["message"] == "Seul un dossier soumis peut être validé : la candidature est « Brouillon »."


def test_the_referent_must_be_an_ans_agent(api, instructeur, verificateur, lecteur, brouillon):
    client = api(instructeur)

    refus = client.post(url(brouillon, "referent"), {"referent": lecteur.pk}, format="json")
    ok = client.post(url(brouillon, "referent"), {"referent": verificateur.pk}, format="json")

    assert erreur(refus, 400, "requete_invalide")["champs"] == {
        "referent": [f"Aucun objet accessible ne porte l'identifiant {lecteur.pk}."]
    }
    assert (ok.json()["referent"], ok.json()["referent_nom"]) == (verificateur.pk, str(verificateur))


def test_abandon_is_final(api, soumetteur, brouillon):
    client = api(soumetteur)

    assert client.post(url(brouillon, "abandonner")).json()["statut"] == "abandonnee"
    body = erreur(client.post(url(brouillon, "abandonner")), 409, "transition_interdite")
    assert body["message"] == "La candidature ne peut pas passer de « Abandonnée » à « Abandonnée »."
