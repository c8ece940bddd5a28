"""API of the REM catalogue and of phase 2: chapters, requested proofs, deposits, reviews."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from comptes.fichiers import enregistrer_fichier
from preuves import services
from preuves.enums import ChapitreStatus as C
from preuves.models import Depot, VisiteInterop
from tests.candidatures.conftest import decaler_dates
from tests.preuves.factories import (
    dossier,
    hier,
    mp4,
    mp4_octets,
    pdf,
    png,
    preuves_par_numero,
)

from .conftest import erreur

pytestmark = pytest.mark.django_db


def ins(candidature):
    return dossier(candidature, "INS")


def deposer_ins(client, candidature):
    p = preuves_par_numero(candidature)
    for numero, fichiers in (("INS/GEN.01", [mp4(), png("ecran.png")]), ("INS/GEN.02", [pdf()]), ("INS/V1.01", [png()])):
        response = client.post(f"/api/v1/preuves-demandees/{p[numero].pk}/deposer/", {"fichiers": fichiers},
                               format="multipart")
        assert response.status_code == 201, response.content
    return p


# --- catalogue ----------------------------------------------------------------------------------


def test_catalogue_chapters_requirements_with_scenarios_and_proofs(api, lecteur, cat):
    client = api(lecteur)

    chapitres = client.get(f"/api/v1/chapitres/?dsr={cat['dsr'].pk}&ordering=ordre").json()["results"]
    exigences = client.get("/api/v1/exigences/?identifiant=SSI/GEN.18").json()["results"]
    preuves = client.get("/api/v1/preuves-attendues/?chapitre_code=ins").json()["results"]

    assert [c["code"] for c in chapitres] == ["INS", "DMP", "SSI"]
    assert [(e["identifiant"], [s["numero"] for s in e["scenarios"]]) for e in exigences] == [("SSI/GEN.18", ["SSI/GEN.18.01"])]
    assert [(p["exigence_identifiant"], p["type"]) for p in preuves] == [
        ("INS/GEN.01", "video_ou_capture"), ("INS/GEN.02", "capture"), ("INS/V1.01", "capture"),
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_catalogue_lists_query_counts_are_constant(api, lecteur, django_assert_num_queries, n):
    from tests.factories import DSRFactory
    from tests.preuves.factories import catalogue

    for i in range(n):
        catalogue(DSRFactory(code=f"D{i}"))
    client = api(lecteur)

    for route, requetes in (("chapitres", 3), ("exigences", 4), ("preuves-attendues", 3)):
        with django_assert_num_queries(requetes):  # token, count, page (+ scenarios)
            client.get(f"/api/v1/{route}/")


# --- chapters and requested proofs ---------------------------------------------------------------


def test_a_reader_sees_the_chapters_and_what_each_proof_lacks(api, lecteur, en_preuves):
    client = api(lecteur)

    chapitres = client.get(f"/api/v1/dossiers-chapitre/?candidature={en_preuves.pk}").json()["results"]
    preuves = client.get(f"/api/v1/preuves-demandees/?candidature={en_preuves.pk}&chapitre_code=INS").json()["results"]

    assert [(c["chapitre_code"], c["statut"], c["nb_preuves"], c["tour"]) for c in chapitres] == [
        ("INS", "a_completer", 3, 0), ("SSI", "a_completer", 1, 0)]
    assert [(p["preuve_attendue"]["exigence_identifiant"], p["statut"], p["manque"]) for p in preuves] == [
        ("INS/GEN.01", "a_fournir", "aucun dépôt"), ("INS/GEN.02", "a_fournir", "aucun dépôt"),
        ("INS/V1.01", "a_fournir", "aucun dépôt"),
    ]


def test_another_organisation_sees_no_chapter_nor_proof(api, autre_editeur, en_preuves):
    client = api(autre_editeur)
    preuve = preuves_par_numero(en_preuves)["INS/GEN.01"]

    assert client.get("/api/v1/dossiers-chapitre/").json()["count"] == 0
    assert client.get("/api/v1/preuves-demandees/").json()["count"] == 0
    erreur(client.get(f"/api/v1/dossiers-chapitre/{ins(en_preuves).pk}/"), 404, "introuvable")
    erreur(client.get(f"/api/v1/preuves-demandees/{preuve.pk}/"), 404, "introuvable")
    erreur(client.post(f"/api/v1/preuves-demandees/{preuve.pk}/deposer/", {}, format="multipart"), 404, "introuvable")
    erreur(client.post(f"/api/v1/dossiers-chapitre/{ins(en_preuves).pk}/soumettre/"), 404, "introuvable")


# --- deposits -----------------------------------------------------------------------------------


def test_a_contributor_deposits_several_files_at_once(api, contributeur, en_preuves):
    preuve = preuves_par_numero(en_preuves)["INS/GEN.01"]

    response = api(contributeur).post(f"/api/v1/preuves-demandees/{preuve.pk}/deposer/", {
        "fichiers": [mp4(), png("ecran.png")], "commentaire": "Minute 2 : l'INS qualifiée",
    }, format="multipart")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["version"], body["tour"], body["commentaire"], body["depose_par"]) == (1, 1, "Minute 2 : l'INS qualifiée", contributeur.pk)
    assert [(f["nom"], f["type_mime"]) for f in body["fichiers"]] == [("demo.mp4", "video/mp4"), ("ecran.png", "image/png")]
    detail = api(contributeur).get(f"/api/v1/preuves-demandees/{preuve.pk}/").json()
    assert (detail["nouvelle_version_en_attente"], detail["manque"], [v["version"] for v in detail["versions"]]) == (True, None, [1])


def test_a_large_file_is_streamed_to_disk(api, contributeur, en_preuves, monkeypatch):
    from comptes import fichiers

    recus = []
    vrai = fichiers.enregistrer_fichier
    monkeypatch.setattr(fichiers, "enregistrer_fichier", lambda upload, **kw: recus.append(type(upload).__name__) or vrai(upload, **kw))
    preuve = preuves_par_numero(en_preuves)["INS/GEN.01"]
    taille = 3 * 1024 * 1024

    response = api(contributeur).post(f"/api/v1/preuves-demandees/{preuve.pk}/deposer/", {
        "fichiers": [SimpleUploadedFile("longue.mp4", mp4_octets(taille))],
    }, format="multipart")

    assert response.status_code == 201, response.content
    assert recus == ["TemporaryUploadedFile"]
    assert response.json()["fichiers"][0]["taille"] == taille


def test_a_deposit_without_file_or_of_a_wrong_type_is_refused(api, contributeur, en_preuves):
    client = api(contributeur)
    preuve = preuves_par_numero(en_preuves)["INS/GEN.02"]  # screenshots: images or PDF

    vide = client.post(f"/api/v1/preuves-demandees/{preuve.pk}/deposer/", {"commentaire": "x"}, format="multipart")
    video = client.post(f"/api/v1/preuves-demandees/{preuve.pk}/deposer/", {"fichiers": [mp4()]}, format="multipart")

    assert erreur(vide, 400, "regle_metier")["champs"] == {"fichiers": ["Joignez au moins un fichier."]}
    assert erreur(video, 400, "fichier_refuse")["message"] == (
        "Le type du fichier « demo.mp4 » n'est pas accepté ici. Types acceptés : image (PNG, JPEG, GIF, WebP), PDF."
    )
    assert not Depot.objects.exists()


def test_a_pen_test_deposit_carries_its_fields(api, contributeur, en_preuves):
    preuve = preuves_par_numero(en_preuves)["SSI/GEN.18"]

    response = api(contributeur).post(f"/api/v1/preuves-demandees/{preuve.pk}/deposer/", {
        "fichiers": [pdf()], "prestataire_passi": "Audit PASSI SAS", "date_test": hier().isoformat(),
        "ko_haute": 0, "ko_moyenne": 12,
    }, format="multipart")

    assert response.status_code == 201, response.content
    assert (response.json()["ko_moyenne"], response.json()["prestataire_passi"]) == (12, "Audit PASSI SAS")
    detail = api(contributeur).get(f"/api/v1/preuves-demandees/{preuve.pk}/").json()
    assert detail["manque"] == (
        "Le rapport de test d'intrusion ne respecte pas la règle d'acceptation : "
        "12 points de contrôle KO de gravité moyenne (10 au plus)."
    )


def test_a_reader_cannot_deposit(api, lecteur, en_preuves):
    preuve = preuves_par_numero(en_preuves)["INS/GEN.01"]

    erreur(api(lecteur).post(f"/api/v1/preuves-demandees/{preuve.pk}/deposer/", {"fichiers": [png()]}, format="multipart"),
           403, "droit_insuffisant")


def test_no_deposit_after_date3(api, contributeur, en_preuves):
    decaler_dates(en_preuves.vague, date1=timedelta(days=-30), date2=timedelta(days=-20), date3=timedelta(seconds=-1))
    preuve = preuves_par_numero(en_preuves)["INS/GEN.01"]

    body = erreur(api(contributeur).post(f"/api/v1/preuves-demandees/{preuve.pk}/deposer/", {"fichiers": [png()]},
                                         format="multipart"), 409, "date_depassee")

    assert body["message"].startswith("Impossible de déposer une preuve : la Date N°3 (")


# --- chapter submission and review --------------------------------------------------------------


def test_submitting_an_incomplete_chapter_lists_the_missing_proofs(api, soumetteur, en_preuves):
    body = erreur(api(soumetteur).post(f"/api/v1/dossiers-chapitre/{ins(en_preuves).pk}/soumettre/"), 400, "regle_metier")

    assert body["message"] == (
        "Le chapitre INS n'est pas complet. Il manque : INS/GEN.01.01.01 : aucun dépôt ; "
        "INS/GEN.02.01.01 : aucun dépôt ; INS/V1.01.01.01 : aucun dépôt."
    )


def test_a_contributor_cannot_submit_a_chapter(api, contributeur, en_preuves):
    erreur(api(contributeur).post(f"/api/v1/dossiers-chapitre/{ins(en_preuves).pk}/soumettre/"), 403, "droit_insuffisant")


def test_review_round_through_the_api(api, soumetteur, verificateur, en_preuves):
    editeur, agent = api(soumetteur), api(verificateur)
    p = deposer_ins(editeur, en_preuves)
    chapitre = f"/api/v1/dossiers-chapitre/{ins(en_preuves).pk}/"

    soumis = editeur.post(chapitre + "soumettre/")
    pris = agent.post(chapitre + "assigner/", {}, format="json")
    for numero, statut, commentaire in (("INS/GEN.01", "conforme", ""), ("INS/GEN.02", "non_conforme", "Illisible."),
                                        ("INS/V1.01", "conforme", "")):
        avis = agent.post(f"/api/v1/preuves-demandees/{p[numero].pk}/avis/", {"statut": statut, "commentaire": commentaire},
                          format="json")
        assert avis.status_code == 201, avis.content
    pendant = editeur.get(f"/api/v1/preuves-demandees/{p['INS/GEN.02'].pk}/").json()
    vu_par_agent = agent.get(f"/api/v1/preuves-demandees/{p['INS/GEN.02'].pk}/").json()
    decide = agent.post(chapitre + "decider/", {"commentaire": "Une capture à refaire."}, format="json")
    apres = editeur.get(f"/api/v1/preuves-demandees/{p['INS/GEN.02'].pk}/").json()

    assert (soumis.json()["statut"], soumis.json()["tour"]) == ("soumis", 1)
    assert (pris.json()["statut"], pris.json()["verificateur"]) == ("en_analyse", verificateur.pk)
    assert pendant["versions"][0]["revues"] == []
    assert [(r["statut"], r["verificateur"]) for r in vu_par_agent["versions"][0]["revues"]] == [("non_conforme", verificateur.pk)]
    assert decide.json()["statut"] == "en_attente_editeur"
    assert [(d["decision"], d["commentaire"], d["verificateur"]) for d in decide.json()["decisions"]] == [
        ("en_attente_editeur", "Une capture à refaire.", verificateur.pk)]
    assert (apres["statut"], apres["manque"]) == ("non_conforme", "une nouvelle version est attendue après l'avis « Non conforme »")
    assert [(r["statut"], r["commentaire"], r["verificateur"]) for r in apres["versions"][0]["revues"]] == [
        ("non_conforme", "Illisible.", None)]
    chapitre_vu = editeur.get(chapitre).json()
    assert (chapitre_vu["verificateur"], chapitre_vu["decisions"][0]["verificateur"]) == (None, None)


def test_review_actions_are_for_verifiers_and_follow_the_chapter_status(api, soumetteur, verificateur, en_preuves):
    preuve = preuves_par_numero(en_preuves)["INS/GEN.01"]
    chapitre = f"/api/v1/dossiers-chapitre/{ins(en_preuves).pk}/"

    erreur(api(soumetteur).post(f"/api/v1/preuves-demandees/{preuve.pk}/avis/", {"statut": "conforme"}, format="json"),
           403, "droit_insuffisant")
    erreur(api(soumetteur).post(chapitre + "decider/", {}, format="json"), 403, "droit_insuffisant")
    bad = erreur(api(verificateur).post(f"/api/v1/preuves-demandees/{preuve.pk}/avis/", {"statut": "bof"}, format="json"),
                 400, "requete_invalide")
    pas_soumis = erreur(api(verificateur).post(chapitre + "assigner/", {}, format="json"), 409, "transition_interdite")

    assert bad["champs"] == {"statut": ["«\xa0bof\xa0» n'est pas un choix valide."]}
    assert pas_soumis["message"] == "Le chapitre INS est « À compléter » : il n'attend pas d'analyse."


def test_a_chapter_cannot_be_assigned_to_a_non_verifier(api, soumetteur, verificateur, instructeur, en_preuves):
    deposer_ins(api(soumetteur), en_preuves)
    services.soumettre_chapitre(ins(en_preuves), by=soumetteur)

    body = erreur(api(verificateur).post(f"/api/v1/dossiers-chapitre/{ins(en_preuves).pk}/assigner/",
                                         {"verificateur": instructeur.pk}, format="json"), 400, "requete_invalide")

    assert body["champs"] == {"verificateur": [f"Aucun objet accessible ne porte l'identifiant {instructeur.pk}."]}
    assert ins(en_preuves).statut == C.SOUMIS


# --- query counts -------------------------------------------------------------------------------


@pytest.fixture
def plusieurs(version, cat, contributeur):
    """n candidatures of organisation A in phase 2, each with a deposit on INS/GEN.02 and a visit."""
    from django.utils import timezone

    from tests.preuves.factories import candidature_en_preuves

    def build(n):
        from tests.factories import VersionProduitFactory

        for _ in range(n):
            c = candidature_en_preuves(cat, version=VersionProduitFactory(produit=version.produit))
            services.deposer_preuve(preuves_par_numero(c)["INS/GEN.02"], fichiers=[pdf(), png()], by=contributeur)
            VisiteInterop.objects.create(candidature=c, date_visite=timezone.now() + timedelta(days=3), lieu="Visio",
                                         rapport=enregistrer_fichier(pdf(), organisation=c.organisation,
                                                                     produit=c.version.produit))

    return build


@pytest.mark.parametrize("n", [1, 3])
def test_phase2_lists_query_counts_are_constant(api, lecteur, plusieurs, django_assert_num_queries, n):
    plusieurs(n)
    client = api(lecteur)

    for route, requetes in (
        # token, the caller's candidatures (ids), count, page, ...
        ("dossiers-chapitre", 6),  # ... decisions, proofs counted for the page
        ("preuves-demandees", 4),
        ("depots", 7),  # ... authors, files, visible reviews
        ("visites-interop", 4),
    ):
        with django_assert_num_queries(requetes):
            response = client.get(f"/api/v1/{route}/")
        assert response.status_code == 200
