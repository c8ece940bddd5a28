"""Pages of phase 2: happy paths, rights (404 for other organisations, 403 for missing rights),
errors shown without losing anything, and query counts constant with the number of rows."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from candidatures.enums import CandidatureStatus
from comptes.models import Fichier
from preuves.enums import ChapitreStatus, PreuveStatus, TypePreuve
from preuves.models import Depot, VisiteInterop
from preuves.services import (
    assigner_chapitre,
    decider_chapitre,
    deposer_preuve,
    revoir_preuve,
    soumettre_chapitre,
)
from tests.factories import (
    ChapitreFactory,
    DSRFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.preuves.factories import (
    candidature_en_preuves,
    contributeur_soumetteur,
    deposer_chapitre_ins,
    dossier,
    editeur,
    mp4,
    pdf,
    png,
    preuve_attendue,
    preuves_par_numero,
    texte,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    """The page's text with entities decoded (so assertions read like the page)."""
    return unescape(response.content.decode())


# --- editor pages -----------------------------------------------------------------------------


def test_candidature_page_shows_chapters_reste_a_faire_and_dates(client, candidature, user):
    client.force_login(user)

    response = client.get(reverse("preuves:candidature", args=[candidature.pk]))

    assert response.status_code == 200
    assert [r.dossier.chapitre.code for r in response.context["resumes"]] == ["INS", "SSI"]
    assert [len(r.manquants) for r in response.context["reste_a_faire"]] == [3, 1]
    assert [d["numero"] for d in response.context["dates"]] == [2, 3]
    page = html(response)
    assert "Reste à faire" in page and "Date N°2" in page and "Temps restant" in page


def test_candidature_page_of_another_organisation_is_404(client, cat, candidature):
    autre = contributeur_soumetteur(candidature_en_preuves(cat))
    client.force_login(autre)

    response = client.get(reverse("preuves:candidature", args=[candidature.pk]))

    assert response.status_code == 404
    assert candidature.reference not in html(response)


def test_user_without_read_right_on_the_product_gets_404(client, candidature):
    from tests.factories import UserFactory

    client.force_login(UserFactory(organisation=candidature.organisation))

    assert client.get(reverse("preuves:candidature", args=[candidature.pk])).status_code == 404


def test_chapter_page_shows_proofs_and_deposit_accordions(client, candidature, user):
    client.force_login(user)

    response = client.get(reverse("preuves:chapitre", args=[dossier(candidature, "INS").pk]))

    page = html(response)
    assert response.status_code == 200
    assert [e.preuve.preuve_attendue.exigence.identifiant for e in response.context["etats"]] == [
        "INS/GEN.01", "INS/GEN.02", "INS/V1.01",
    ]
    assert [e.deposable for e in response.context["etats"]] == [True, True, True]
    # The forms load when their accordion opens: the page holds a link to each (the page without
    # JavaScript) and the address of its fragment.
    assert 'type="file"' not in page and "cv-form-depot" not in page
    for e in response.context["etats"]:
        p = e.preuve
        url = reverse("preuves:deposer", args=[p.pk])
        assert f'<div class="fr-collapse" id="depot-{p.pk}" data-fragment-url="{url}" data-fragment="depot">' in page
        assert f'<a class="fr-link" href="{url}">Ouvrir le formulaire de dépôt<span class="fr-sr-only"> pour la preuve {p.preuve_attendue.numero}</span></a>' in page
        assert f'aria-controls="depot-{p.pk}">Déposer la preuve</button>' in page
    assert "Le chapitre n'est pas complet : 3 preuves à fournir ou à reprendre" in page
    assert 'id="soumettre-chapitre"' not in page


def test_deposit_form_loads_alone_for_the_chapter_page(client, candidature, user):
    p = preuves_par_numero(candidature)
    client.force_login(user)

    response = client.get(reverse("preuves:deposer", args=[p["INS/GEN.01"].pk]), HTTP_X_FRAGMENT="depot")
    pentest = html(client.get(reverse("preuves:deposer", args=[p["SSI/GEN.18"].pk]), HTTP_X_FRAGMENT="depot"))

    fragment = html(response)
    assert response.status_code == 200
    assert response.templates[0].name == "preuves/_form_depot.html" and "base.html" not in [t.name for t in response.templates]
    assert fragment.lstrip().startswith("<form") and "<html" not in fragment and "<h1" not in fragment
    assert f'action="{reverse("preuves:deposer", args=[p["INS/GEN.01"].pk])}"' in fragment
    assert fragment.count('type="file"') == 1 and 'name="csrfmiddlewaretoken"' in fragment
    # Ids of its own: the chapter page may hold several forms
    assert f'id="id_p{p["INS/GEN.01"].pk}_fichiers"' in fragment and 'id="id_fichiers"' not in fragment
    assert "data-regle-test-intrusion" in pentest and "data-regle-resultat" in pentest and 'data-regle-ko="ko_haute"' in pentest


def test_the_pentest_rule_reaches_the_script_from_the_server_in_the_pages_language(client, candidature, user):
    """preuves.js checks the acceptance rule while the editor types, with the thresholds and the
    texts of `completude` (not copies of its own), in the language the user chose."""
    pentest = preuves_par_numero(candidature)["SSI/GEN.18"]
    client.force_login(user)
    url = reverse("preuves:deposer", args=[pentest.pk])

    zone = re.search(r"<div[^>]*data-regle-resultat[^>]*>", client.get(url, HTTP_X_FRAGMENT="depot").content.decode())[0]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    fragment_en = client.get(url, HTTP_X_FRAGMENT="depot").content.decode()
    zone_en = re.search(r"<div[^>]*data-regle-resultat[^>]*>", fragment_en)[0]

    assert 'data-haute-max="0"' in zone and 'data-moyenne-max="10"' in zone
    assert "data-haute-un=\"%(n)d point de contrôle KO de gravité haute (aucun n&#x27;est admis)\"" in zone
    assert "data-non-respectee=\"Règle d&#x27;acceptation non respectée : %(ecarts)s." in zone
    assert 'data-moyenne="%(n)d medium-severity failed checkpoints (10 at most)"' in zone_en
    assert 'data-respectee="Acceptance rule met' in zone_en
    assert fragment_en.count("Acceptance rule: 10 at most.") == 1 and "Règle d&#x27;acceptation" not in fragment_en


def test_deposit_fragment_of_a_chapter_in_analysis_says_why_there_is_no_form(client, candidature, soumis, user):
    client.force_login(user)

    response = client.get(reverse("preuves:deposer", args=[preuves_par_numero(candidature)["INS/GEN.01"].pk]), HTTP_X_FRAGMENT="depot")

    assert response.status_code == 200 and "<html" not in html(response) and "<form" not in html(response)
    assert "Le chapitre est en cours d'analyse : aucun dépôt n'est possible avant l'avis de l'ANS." in html(response)


def test_deposit_fragment_has_the_rights_of_the_deposit_page(client, cat, candidature):
    preuve = preuves_par_numero(candidature)["INS/GEN.01"]
    url = reverse("preuves:deposer", args=[preuve.pk])

    client.force_login(contributeur_soumetteur(candidature_en_preuves(cat)))  # another organisation
    ailleurs = [client.get(url, **entetes) for entetes in ({}, {"HTTP_X_FRAGMENT": "depot"})]
    client.force_login(editeur(candidature))  # may read the proofs, not deposit
    lecteur = [client.get(url, **entetes) for entetes in ({}, {"HTTP_X_FRAGMENT": "depot"})]

    assert [r.status_code for r in ailleurs] == [404, 404]
    assert [r.status_code for r in lecteur] == [403, 403]
    assert all('type="file"' not in html(r) for r in ailleurs + lecteur)


def test_deposit_post_ignores_the_fragment_header(client, candidature, user):
    preuve = preuves_par_numero(candidature)["INS/GEN.02"]
    client.force_login(user)
    url = reverse("preuves:deposer", args=[preuve.pk])

    erreur = client.post(url, HTTP_X_FRAGMENT="depot")
    succes = client.post(url, {"fichiers": [png()]}, HTTP_X_FRAGMENT="depot")

    assert erreur.status_code == 400 and "<html" in html(erreur) and "Ce champ est obligatoire." in html(erreur)
    assert succes.status_code == 302
    assert succes.url == reverse("preuves:chapitre", args=[preuve.dossier_id]) + f"#preuve-{preuve.pk}"


def test_chapter_page_for_a_reader_has_no_forms(client, candidature):
    client.force_login(editeur(candidature))

    response = client.get(reverse("preuves:chapitre", args=[dossier(candidature, "INS").pk]))

    assert response.status_code == 200
    assert 'type="file"' not in html(response) and 'data-fragment="depot"' not in html(response)
    assert [e.deposable for e in response.context["etats"]] == [False, False, False]


def test_chapter_page_offers_submit_when_complete(client, candidature, user):
    deposer_chapitre_ins(candidature, user)
    client.force_login(user)

    response = client.get(reverse("preuves:chapitre", args=[dossier(candidature, "INS").pk]))

    assert 'id="soumettre-chapitre"' in html(response)
    assert response.context["manquants"] == []


def test_chapter_page_of_another_organisation_is_404(client, cat, candidature):
    client.force_login(contributeur_soumetteur(candidature_en_preuves(cat)))

    assert client.get(reverse("preuves:chapitre", args=[dossier(candidature, "INS").pk])).status_code == 404


def test_deposit_page_uploads_several_files(client, candidature, user):
    preuve = preuves_par_numero(candidature)["INS/GEN.01"]
    client.force_login(user)
    url = reverse("preuves:deposer", args=[preuve.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"fichiers": [mp4(), png()], "commentaire": "Séquence complète"})

    assert response.status_code == 302
    assert response.url == reverse("preuves:chapitre", args=[preuve.dossier_id]) + f"#preuve-{preuve.pk}"
    depot = Depot.objects.get(preuve=preuve)
    assert sorted(depot.fichiers.values_list("type_mime", flat=True)) == ["image/png", "video/mp4"]
    assert depot.commentaire == "Séquence complète"


def test_deposit_with_a_refused_file_shows_the_error_and_keeps_nothing(client, candidature, user):
    preuve = preuves_par_numero(candidature)["INS/GEN.02"]
    client.force_login(user)

    response = client.post(reverse("preuves:deposer", args=[preuve.pk]), {"fichiers": [png(), texte("notes.txt")]})

    assert response.status_code == 400
    assert "Le type du fichier « notes.txt » n'est pas accepté ici" in html(response)
    assert Depot.objects.count() == 0 and Fichier.objects.count() == 0


def test_pentest_deposit_page_validates_fields(client, candidature, user):
    preuve = preuves_par_numero(candidature)["SSI/GEN.18"]
    client.force_login(user)
    url = reverse("preuves:deposer", args=[preuve.pk])

    futur = client.post(url, {"fichiers": [pdf()], "prestataire_passi": "PASSI SA", "date_test": (timezone.localdate() + timedelta(days=2)).isoformat(), "ko_haute": 0, "ko_moyenne": 1})
    echec = client.post(url, {"fichiers": [pdf()], "prestataire_passi": "PASSI SA", "date_test": timezone.localdate().isoformat(), "ko_haute": 1, "ko_moyenne": 1})

    assert futur.status_code == 400
    assert "ne peut pas être dans le futur" in html(futur)
    assert echec.status_code == 302
    page = html(client.get(reverse("preuves:chapitre", args=[preuve.dossier_id])))
    assert "ne respecte pas la règle d'acceptation : 1 point de contrôle KO de gravité haute (aucun n'est admis)" in page
    historique = html(client.get(reverse("preuves:versions", args=[preuve.pk]), headers={"X-Fragment": "versions"}))
    assert "Règle d'acceptation non respectée" in historique


def test_reader_cannot_open_the_deposit_page(client, candidature):
    client.force_login(editeur(candidature))

    assert client.get(reverse("preuves:deposer", args=[preuves_par_numero(candidature)["INS/GEN.01"].pk])).status_code == 403


def test_submit_view(client, candidature, user):
    deposer_chapitre_ins(candidature, user)
    client.force_login(user)
    d = dossier(candidature, "INS")

    response = client.post(reverse("preuves:soumettre-chapitre", args=[d.pk]), follow=True)

    d.refresh_from_db()
    assert d.statut == ChapitreStatus.SOUMIS
    assert "Chapitre INS soumis : l'analyse du tour 1 commence." in html(response)
    assert "Chapitre en cours d'analyse par l'ANS" in html(response)
    assert 'type="file"' not in html(response)


def test_submit_view_incomplete_says_what_is_missing(client, candidature, user):
    client.force_login(user)
    d = dossier(candidature, "INS")

    response = client.post(reverse("preuves:soumettre-chapitre", args=[d.pk]), follow=True)

    assert "Le chapitre INS n'est pas complet. Il manque :" in html(response)
    d.refresh_from_db()
    assert d.statut == ChapitreStatus.A_COMPLETER


def test_contributor_cannot_submit(client, candidature):
    contributeur = editeur(candidature, contribuer=True)
    deposer_chapitre_ins(candidature, contributeur)
    client.force_login(contributeur)

    response = client.post(reverse("preuves:soumettre-chapitre", args=[dossier(candidature, "INS").pk]))

    assert response.status_code == 403
    assert dossier(candidature, "INS").statut == ChapitreStatus.A_COMPLETER


# --- verifier pages ---------------------------------------------------------------------------


@pytest.fixture
def soumis(candidature, user):
    deposer_chapitre_ins(candidature, user)
    return soumettre_chapitre(dossier(candidature, "INS"), by=user)


def test_queue_lists_submitted_chapters_for_verifiers(client, soumis, verificateur):
    client.force_login(verificateur)

    response = client.get(reverse("preuves:file-verification"))

    assert response.status_code == 200
    assert [d.pk for d in response.context["dossiers"]] == [soumis.pk]
    page = html(response)
    c = soumis.candidature
    # The row (written by preuves_tags.ligne_file): the submission in Paris time, the candidature,
    # its organisation and product, the chapter, the review link and the form that takes the chapter.
    quand = timezone.localtime(soumis.soumis_le).strftime("%H:%M")
    assert quand in page and f'href="{reverse("preuves:candidature", args=[c.pk])}">{c.reference}' in page
    assert c.organisation.raison_sociale in page and c.version.produit.nom in page
    assert f'href="{reverse("preuves:revue-chapitre", args=[soumis.pk])}"' in page
    assert f'action="{reverse("preuves:assigner-chapitre", args=[soumis.pk])}"' in page
    assert f'name="verificateur" value="{verificateur.pk}"' in page and "Prendre en charge" in page


def test_queue_is_forbidden_to_editors_and_instructors(client, soumis, user, instructeur):
    client.force_login(user)
    assert client.get(reverse("preuves:file-verification")).status_code == 403
    client.force_login(instructeur)
    assert client.get(reverse("preuves:file-verification")).status_code == 403


def test_queue_filters(client, cat, soumis, verificateur):
    autre = candidature_en_preuves(cat)
    u = contributeur_soumetteur(autre)
    deposer_preuve(
        preuves_par_numero(autre)["SSI/GEN.18"], fichiers=[pdf()], by=u, prestataire_passi="P",
        date_test=timezone.localdate(), ko_haute=0, ko_moyenne=0,
    )
    ssi = soumettre_chapitre(dossier(autre, "SSI"), by=u)
    assigner_chapitre(ssi, verificateur=verificateur, by=verificateur)
    client.force_login(verificateur)
    url = reverse("preuves:file-verification")

    def pks(**params):
        return [d.pk for d in client.get(url, params).context["dossiers"]]

    assert pks() == [soumis.pk, ssi.pk]
    assert pks(chapitre="ssi") == [ssi.pk]
    assert pks(statut="soumis") == [soumis.pk]
    assert pks(moi="on") == [ssi.pk]
    assert pks(dsr=cat["dsr"].pk, vague=cat["dsr"].vague_id) == [soumis.pk, ssi.pk]
    assert pks(age="7") == []


@pytest.mark.parametrize("n", [1, 3])
def test_queue_query_count_is_constant(client, cat, verificateur, django_assert_num_queries, n):
    for _ in range(n):
        c = candidature_en_preuves(cat)
        u = contributeur_soumetteur(c)
        deposer_chapitre_ins(c, u)
        soumettre_chapitre(dossier(c, "INS"), by=u)
    client.force_login(verificateur)

    with django_assert_num_queries(11):  # the proofs are counted for the page in one query
        response = client.get(reverse("preuves:file-verification"))

    assert len(response.context["dossiers"]) == n


def test_history_of_a_proof_loads_on_demand_with_the_reviews_the_user_may_read(
    client, cat, verificateur, django_assert_num_queries
):
    c = candidature_en_preuves(cat)
    u = contributeur_soumetteur(c)
    deposer_chapitre_ins(c, u)
    d = dossier(c, "INS")
    soumettre_chapitre(d, by=u)
    assigner_chapitre(d, verificateur=verificateur, by=verificateur)
    preuve = d.preuves.order_by("pk").first()
    revoir_preuve(preuve, by=verificateur, statut=PreuveStatus.NON_CONFORME, commentaire="Avis interne du tour en cours")
    url = reverse("preuves:versions", args=[preuve.pk])

    client.force_login(u)
    chapitre = html(client.get(reverse("preuves:chapitre", args=[d.pk])))
    fragment = client.get(url, headers={"X-Fragment": "versions"})
    page = client.get(url)

    assert f'data-fragment-url="{url}" data-fragment="versions"' in chapitre  # the accordion loads it; its link opens the page
    assert fragment.status_code == 200 and "<html" not in html(fragment) and 'class="cv-versions"' in html(fragment)
    assert page.status_code == 200 and "<html" in html(page)
    assert "Avis interne du tour en cours" not in html(fragment) + html(page)  # not before the decision

    client.force_login(verificateur)
    with django_assert_num_queries(8):  # the session and user, the proof, its versions, their authors, files and reviews
        agent = html(client.get(url, headers={"X-Fragment": "versions"}))
    assert "Avis interne du tour en cours" in agent


@pytest.mark.parametrize("n", [1, 3])
def test_history_query_count_is_constant_with_the_number_of_versions(client, cat, django_assert_num_queries, n):
    c = candidature_en_preuves(cat)
    u = contributeur_soumetteur(c)
    preuve = preuves_par_numero(c)["INS/GEN.02"]
    for _ in range(n):
        deposer_preuve(preuve, fichiers=[pdf(), pdf("annexe.pdf")], by=u)
    client.force_login(u)

    with django_assert_num_queries(10):  # an editor: also their rights and their candidatures' ids
        response = client.get(reverse("preuves:versions", args=[preuve.pk]), headers={"X-Fragment": "versions"})

    assert html(response).count("<li") == n


def test_another_organisation_gets_nothing_of_a_proofs_history(client, cat):
    c = candidature_en_preuves(cat)
    u = contributeur_soumetteur(c)
    deposer_chapitre_ins(c, u)
    preuve = preuves_par_numero(c)["INS/GEN.02"]
    ailleurs = UserFactory(username="editeur-b", organisation=OrganisationFactory())
    client.force_login(ailleurs)

    for headers in ({}, {"X-Fragment": "versions"}):
        response = client.get(reverse("preuves:versions", args=[preuve.pk]), headers=headers)
        assert response.status_code == 404
        assert "attestation" not in html(response)


def test_queue_links_each_row_to_the_candidatures_proofs_and_the_review_folds_long_texts(client, cat, verificateur):
    c = candidature_en_preuves(cat)
    u = contributeur_soumetteur(c)
    deposer_chapitre_ins(c, u)
    d = dossier(c, "INS")
    soumettre_chapitre(d, by=u)
    preuve = d.preuves.select_related("preuve_attendue__scenario").first()
    scenario = preuve.preuve_attendue.scenario
    scenario.texte = "Étape du scénario. " * 40
    scenario.save()
    client.force_login(verificateur)

    file = client.get(reverse("preuves:file-verification")).content.decode()
    revue = client.get(reverse("preuves:revue-chapitre", args=[d.pk])).content.decode()

    assert f'href="{reverse("preuves:candidature", args=[c.pk])}"' in file
    assert 'class="cv-repliable"' in revue and "Lire le texte complet" in revue
    assert revue.count("Étape du scénario.") > 40  # the preview and the whole text, folded


def test_queue_paginates(client, cat, verificateur, settings):
    import preuves.views

    for _ in range(3):
        c = candidature_en_preuves(cat)
        u = contributeur_soumetteur(c)
        deposer_chapitre_ins(c, u)
        soumettre_chapitre(dossier(c, "INS"), by=u)
    client.force_login(verificateur)
    preuves.views.PAR_PAGE, ancien = 2, preuves.views.PAR_PAGE
    try:
        page2 = client.get(reverse("preuves:file-verification"), {"page": 2})
    finally:
        preuves.views.PAR_PAGE = ancien

    assert len(page2.context["dossiers"]) == 1
    assert "Page 2 sur 2" in html(page2)


def test_review_page_previews_files(client, soumis, verificateur):
    assigner_chapitre(soumis, verificateur=verificateur, by=verificateur)
    client.force_login(verificateur)

    response = client.get(reverse("preuves:revue-chapitre", args=[soumis.pk]))

    page = html(response)
    assert response.status_code == 200
    assert page.count("<video") == 1 and page.count("<img") == 2 and page.count("<iframe") == 1
    assert "?inline=1" in page
    assert [ligne["a_revoir"] for ligne in response.context["lignes"]] == [True, True, True]


def test_review_page_is_forbidden_to_editors(client, soumis, user):
    client.force_login(user)

    assert client.get(reverse("preuves:revue-chapitre", args=[soumis.pk])).status_code == 403


def test_assign_view(client, soumis, verificateur):
    client.force_login(verificateur)

    response = client.post(reverse("preuves:assigner-chapitre", args=[soumis.pk]), {"verificateur": verificateur.pk})

    assert response.status_code == 302
    soumis.refresh_from_db()
    assert (soumis.statut, soumis.verificateur) == (ChapitreStatus.EN_ANALYSE, verificateur)


def test_review_and_decide_views(client, candidature, soumis, verificateur):
    assigner_chapitre(soumis, verificateur=verificateur, by=verificateur)
    client.force_login(verificateur)
    p = preuves_par_numero(candidature)

    sans_commentaire = client.post(reverse("preuves:revoir-preuve", args=[p["INS/GEN.01"].pk]), {"statut": "non_conforme"})
    assert sans_commentaire.status_code == 400
    assert "le commentaire est obligatoire" in html(sans_commentaire)
    client.post(reverse("preuves:revoir-preuve", args=[p["INS/GEN.01"].pk]), {"statut": "non_conforme", "commentaire": "Flou"})
    for ident in ("INS/GEN.02", "INS/V1.01"):
        ok = client.post(reverse("preuves:revoir-preuve", args=[p[ident].pk]), {"statut": "conforme"})
        assert ok.status_code == 302
    response = client.post(reverse("preuves:decider-chapitre", args=[soumis.pk]), {"commentaire": "Une vidéo à refaire"}, follow=True)

    assert "Analyse du chapitre INS close : En attente éditeur." in html(response)
    soumis.refresh_from_db()
    assert soumis.statut == ChapitreStatus.EN_ATTENTE_EDITEUR
    assert preuves_par_numero(candidature)["INS/GEN.01"].statut == PreuveStatus.NON_CONFORME


def test_editor_sees_reviews_only_once_the_chapter_is_decided(client, candidature, soumis, verificateur, user):
    assigner_chapitre(soumis, verificateur=verificateur, by=verificateur)
    p = preuves_par_numero(candidature)
    revoir_preuve(p["INS/GEN.01"], statut="non_conforme", commentaire="Vidéo floue", by=verificateur)
    client.force_login(user)
    url = reverse("preuves:chapitre", args=[soumis.pk])

    assert "Vidéo floue" not in html(client.get(url))

    for ident in ("INS/GEN.02", "INS/V1.01"):
        revoir_preuve(p[ident], statut="conforme", by=verificateur)
    decider_chapitre(soumis, by=verificateur)
    page = html(client.get(url))
    assert "Vidéo floue" in page and "Dernier avis de l'ANS" in page
    assert "Historique des analyses du chapitre" in page


def test_pages_show_the_latest_review_of_any_version_and_the_number_of_versions(client, candidature, soumis, verificateur, user):
    """The chapter and review pages read only each proof's latest version (the history loads when
    opened): the editor still sees the last opinion given on an earlier version, the count of
    versions, and the verifier's form holds the opinion already given in this round."""
    assigner_chapitre(soumis, verificateur=verificateur, by=verificateur)
    p = preuves_par_numero(candidature)
    revoir_preuve(p["INS/GEN.01"], statut="non_conforme", commentaire="Vidéo floue", by=verificateur)
    for ident in ("INS/GEN.02", "INS/V1.01"):
        revoir_preuve(p[ident], statut="conforme", by=verificateur)
    decider_chapitre(soumis, by=verificateur)
    deposer_preuve(preuves_par_numero(candidature)["INS/GEN.01"], fichiers=[png("nette.png")], by=user)
    client.force_login(user)

    page = html(client.get(reverse("preuves:chapitre", args=[soumis.pk])))

    debut, suite = page.index(f'id="preuve-{p["INS/GEN.01"].pk}"'), page.index(f'id="preuve-{p["INS/GEN.02"].pk}"')
    carte = page[debut:suite]
    assert "Version 2 à soumettre" in carte and "Dernier avis de l'ANS" in carte and "Vidéo floue" in carte
    assert "Historique : 2 versions" in carte
    assert "Historique : 1 version<" in page[suite:]

    soumettre_chapitre(soumis, by=user)
    soumis.refresh_from_db()
    assigner_chapitre(soumis, verificateur=verificateur, by=verificateur)
    revoir_preuve(preuves_par_numero(candidature)["INS/GEN.01"], statut="a_completer", commentaire="Encore <flou>", by=verificateur)
    client.force_login(verificateur)
    url = reverse("preuves:revue-chapitre", args=[soumis.pk])

    response = client.get(url)

    ligne = next(ligne for ligne in response.context["lignes"] if ligne["preuve"].pk == p["INS/GEN.01"].pk)
    assert (ligne["revue"].tour, ligne["revue"].commentaire) == (2, "Encore <flou>")
    page = html(response)
    assert 'value="a_completer" checked' in page and "Encore &lt;flou&gt;</textarea>" in response.content.decode()
    assert "nette.png" in page and "Historique : 2 versions" in page

    erreur = client.post(reverse("preuves:revoir-preuve", args=[ligne["preuve"].pk]), {"statut": "non_conforme"})

    assert erreur.status_code == 400
    assert 'aria-invalid="true"' in html(erreur) and "le commentaire est obligatoire" in html(erreur)


def chapitre_de_n_preuves(n, verificateur):
    """A candidature whose only chapter has n proofs, each deposited (2 files), submitted, reviewed."""
    dsr = DSRFactory(code=f"Q{n}")
    ch = ChapitreFactory(dsr=dsr, code="QC")
    for i in range(n):
        preuve_attendue(ch, type=TypePreuve.VIDEO_OU_CAPTURE, identifiant=f"QC/EX.{i}", ordre=i)
    c = candidature_en_preuves({"dsr": dsr})
    u = contributeur_soumetteur(c)
    for p in c.preuves_demandees.all():
        deposer_preuve(p, fichiers=[png(), mp4()], by=u)
    d = soumettre_chapitre(dossier(c, "QC"), by=u)
    assigner_chapitre(d, verificateur=verificateur, by=verificateur)
    for p in c.preuves_demandees.all():
        revoir_preuve(p, statut="a_completer", commentaire="Précisez", by=verificateur)
    return c, u, d


@pytest.mark.parametrize("n", [1, 3])
def test_review_page_query_count_is_constant(client, verificateur, django_assert_num_queries, n):
    _, _, d = chapitre_de_n_preuves(n, verificateur)
    client.force_login(verificateur)

    with django_assert_num_queries(12):
        response = client.get(reverse("preuves:revue-chapitre", args=[d.pk]))

    assert len(response.context["lignes"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_chapter_page_query_count_is_constant(client, verificateur, django_assert_num_queries, n):
    _c, u, d = chapitre_de_n_preuves(n, verificateur)
    decider_chapitre(d, by=verificateur)
    client.force_login(u)

    with django_assert_num_queries(14):
        response = client.get(reverse("preuves:chapitre", args=[d.pk]))

    assert len(response.context["etats"]) == n
    assert all(e.deposable for e in response.context["etats"])  # their forms load when opened


@pytest.mark.parametrize("n", [1, 3])
def test_candidature_page_query_count_is_constant(client, verificateur, django_assert_num_queries, n):
    c, u, _d = chapitre_de_n_preuves(n, verificateur)
    client.force_login(u)

    with django_assert_num_queries(13):
        response = client.get(reverse("preuves:candidature", args=[c.pk]))

    assert response.context["nb_preuves"] == n


# --- Interop visits ---------------------------------------------------------------------------


def test_staff_plans_and_updates_a_visit(client, candidature, instructeur):
    client.force_login(instructeur)
    quand = (timezone.localtime() + timedelta(days=7)).replace(second=0, microsecond=0)

    creer = client.post(
        reverse("preuves:visite-creer", args=[candidature.pk]),
        {"date_visite": quand.strftime("%Y-%m-%dT%H:%M"), "lieu": "Visioconférence"},
    )
    visite = VisiteInterop.objects.get(candidature=candidature)
    modifier = client.post(
        reverse("preuves:visite-modifier", args=[visite.pk]),
        {"date_visite": quand.strftime("%Y-%m-%dT%H:%M"), "lieu": "Visioconférence", "rapport": pdf("rapport.pdf")},
    )

    assert (creer.status_code, modifier.status_code) == (302, 302)
    visite.refresh_from_db()
    assert (visite.date_visite, visite.rapport.nom) == (quand, "rapport.pdf")
    page = html(client.get(reverse("preuves:candidature", args=[candidature.pk])))
    assert "Visioconférence" in page and "rapport.pdf" in page


def test_editor_sees_visits_but_cannot_plan(client, candidature, user, instructeur):
    from preuves.services import planifier_visite

    planifier_visite(candidature, date_visite=timezone.now() + timedelta(days=3), lieu="Sur site", by=instructeur)
    client.force_login(user)

    page = html(client.get(reverse("preuves:candidature", args=[candidature.pk])))

    assert "Sur site" in page and "Planifier une visite" not in page
    assert client.get(reverse("preuves:visite-creer", args=[candidature.pk])).status_code == 403


def test_pages_need_login(client, candidature):
    response = client.get(reverse("preuves:candidature", args=[candidature.pk]))

    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_candidature_without_proofs_yet(client, cat):
    c = candidature_en_preuves(cat, statut=CandidatureStatus.DOSSIER_SOUMIS, generer=False)
    client.force_login(contributeur_soumetteur(c))

    response = client.get(reverse("preuves:candidature", args=[c.pk]))

    assert "Aucune preuve n'est encore demandée" in html(response)


def test_editor_cannot_post_reviews_assign_or_decide(client, candidature, soumis, verificateur, user):
    assigner_chapitre(soumis, verificateur=verificateur, by=verificateur)
    client.force_login(user)
    preuve = preuves_par_numero(candidature)["INS/GEN.01"]

    responses = [
        client.post(reverse("preuves:revoir-preuve", args=[preuve.pk]), {"statut": "conforme"}),
        client.post(reverse("preuves:assigner-chapitre", args=[soumis.pk]), {"verificateur": user.pk}),
        client.post(reverse("preuves:decider-chapitre", args=[soumis.pk])),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert preuve.revues.count() == 0


def test_instructor_reads_the_proofs_page_without_forms(client, candidature, instructeur):
    client.force_login(instructeur)

    response = client.get(reverse("preuves:candidature", args=[candidature.pk]))
    chapitre = client.get(reverse("preuves:chapitre", args=[dossier(candidature, "INS").pk]))

    assert (response.status_code, chapitre.status_code) == (200, 200)
    assert "Planifier une visite Interop" in html(response)
    assert 'type="file"' not in html(chapitre) and 'data-fragment="depot"' not in html(chapitre)


def test_deposit_after_date3_is_refused_with_a_message(client, candidature, user):
    now = timezone.now()
    vague = candidature.vague
    vague.date1, vague.date2, vague.date3 = now - timedelta(days=3), now - timedelta(days=2), now - timedelta(minutes=1)
    vague.save()
    preuve = preuves_par_numero(candidature)["INS/GEN.02"]
    client.force_login(user)

    response = client.post(reverse("preuves:deposer", args=[preuve.pk]), {"fichiers": [png()]})

    assert response.status_code == 400
    assert "Impossible de déposer une preuve : la Date N°3" in html(response)
    assert Depot.objects.count() == 0


def test_empty_deposit_says_a_file_is_required(client, candidature, user):
    client.force_login(user)

    response = client.post(reverse("preuves:deposer", args=[preuves_par_numero(candidature)["INS/GEN.02"].pk]))

    assert response.status_code == 400
    assert response.context["form"].errors == {"fichiers": ["Ce champ est obligatoire."]}


def test_cnda_deposit_page_prefills_the_nil_and_stores_the_fields(client, cat):
    candidature = candidature_en_preuves(cat, profils=[cat["optionnel"]])
    candidature.eligibilite.nil = "NIL-77"
    candidature.eligibilite.save()
    user = contributeur_soumetteur(candidature)
    preuve = preuves_par_numero(candidature)["DMP/AIRS.03.01.01"]
    client.force_login(user)
    url = reverse("preuves:deposer", args=[preuve.pk])

    assert 'value="NIL-77"' in html(client.get(url))
    response = client.post(url, {
        "fichiers": [png("espace-cnda.png")], "cnda_nil": "NIL-77", "cnda_statut": "pre_examen",
        "cnda_date_retour": (timezone.localdate() + timedelta(days=45)).isoformat(),
    })

    assert response.status_code == 302
    depot = Depot.objects.get(preuve=preuve)
    assert (depot.cnda_nil, depot.cnda_statut, depot.cnda_date_retour) == (
        "NIL-77", "pre_examen", timezone.localdate() + timedelta(days=45),
    )
