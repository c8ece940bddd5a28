from datetime import timedelta

import pytest
from django.utils import timezone

from candidatures import services
from candidatures.enums import CandidatureStatus as S
from candidatures.enums import CndaStatus, EtapeStatus, StatutVague1
from candidatures.models import Candidature, Evenement
from candidatures.signals import dossier_administratif_valide
from comptes.errors import (
    ConflitEdition,
    DateDepassee,
    DomainError,
    FichierRefuse,
    PermissionRefusee,
    TransitionInterdite,
)
from comptes.models import Fichier
from tests.factories import CandidatureFactory, DSRFactory

from .conftest import completer, decaler_dates
from .fichiers import html_renomme_pdf, pdf, pdf_bytes, png


def actions(c):
    return list(Evenement.objects.filter(candidature=c).order_by("id").values_list("action", "statut_avant", "statut_apres"))


# --- demarrer_candidature -----------------------------------------------------------------


def test_demarrer_candidature_records_charter_and_prefills_both_steps(version, dsr, general, admin_org):
    c = services.demarrer_candidature(version=version, dsr=dsr, by=admin_org, charte_acceptee=True)

    assert c.statut == S.BROUILLON
    assert (c.charte_acceptee_par, c.cree_par, c.vague, c.organisation) == (admin_org, admin_org, dsr.vague, version.produit.organisation)
    assert timezone.now() - c.charte_acceptee_le < timedelta(seconds=5)
    a = c.administrative
    assert (a.raison_sociale, a.siren, a.siret, a.adresse) == ("Santé Logiciels SAS", "123456789", "12345678900012", "1 rue de la Paix\n75002 Paris")
    assert (a.contact_nom, a.contact_email, a.contact_telephone) == ("Claire Martin", "claire.martin@sante-logiciels.test", "0611223344")
    assert list(c.eligibilite.profils.all()) == [general]
    assert actions(c) == [("candidature_demarree", "", S.BROUILLON)]


def test_demarrer_candidature_refused_without_the_charter(version, dsr, admin_org):
    with pytest.raises(DomainError) as exc:
        services.demarrer_candidature(version=version, dsr=dsr, by=admin_org, charte_acceptee=False)

    assert exc.value.field == "charte_acceptee"
    assert exc.value.message == "Vous devez accepter la charte de référencement pour démarrer une candidature."
    assert Candidature.objects.count() == 0


def test_demarrer_candidature_needs_the_contribute_right(version, dsr, lecteur, autre_editeur):
    for user in (lecteur, autre_editeur):
        with pytest.raises(PermissionRefusee):
            services.demarrer_candidature(version=version, dsr=dsr, by=user, charte_acceptee=True)
    assert Candidature.objects.count() == 0


def test_demarrer_candidature_refused_after_date1(version, dsr, contributeur):
    decaler_dates(dsr.vague, date1=timedelta(seconds=-1))

    with pytest.raises(DateDepassee, match="Impossible de démarrer une candidature : la Date N°1"):
        services.demarrer_candidature(version=version, dsr=dsr, by=contributeur, charte_acceptee=True)


def test_demarrer_candidature_refuses_a_second_one_for_the_same_version_and_dsr(candidature, contributeur):
    with pytest.raises(DomainError, match=r"Une candidature est déjà en cours pour DPI Horizon 5\.2\.0 sur le DSR DPI"):
        services.demarrer_candidature(version=candidature.version, dsr=candidature.dsr, by=contributeur, charte_acceptee=True)


# --- enregistrer_administrative ---------------------------------------------------------------


def test_enregistrer_administrative_saves_a_draft_and_bumps_the_revision(candidature, contributeur):
    a = services.enregistrer_administrative(
        candidature, data={"raison_sociale": "Nouvelle raison", "statut_vague1": StatutVague1.NON_REFERENCE},
        revision=0, by=contributeur,
    )

    a.refresh_from_db()
    assert (a.raison_sociale, a.statut_vague1, a.revision, a.modifie_par) == ("Nouvelle raison", "non_reference", 1, contributeur)
    assert a.statut == EtapeStatus.A_COMPLETER
    assert actions(candidature) == [("administrative_enregistree", "", "")]


def test_enregistrer_administrative_marks_the_step_complete(candidature, contributeur):
    data = {"raison_sociale": "S", "siren": "123456789", "siret": "12345678900012", "contact_nom": "C",
            "contact_email": "c@example.test", "contact_telephone": "01", "statut_vague1": StatutVague1.REFERENCE,
            "numero_referencement_vague1": "V1-7", "attestation_vague1": pdf()}

    a = services.enregistrer_administrative(candidature, data=data, revision=0, by=contributeur)

    assert a.statut == EtapeStatus.COMPLETE
    f = a.attestation_vague1
    assert (f.nom, f.type_mime, f.produit, f.organisation, f.depose_par) == (
        "attestation.pdf", "application/pdf", candidature.version.produit, candidature.organisation, contributeur)
    assert len(f.sha256) == 64


def test_enregistrer_administrative_detects_a_concurrent_edit(candidature, contributeur, soumetteur):
    services.enregistrer_administrative(candidature, data={"contact_nom": "Premier"}, revision=0, by=soumetteur)

    with pytest.raises(ConflitEdition) as exc:
        services.enregistrer_administrative(candidature, data={"contact_nom": "Second"}, revision=0, by=contributeur)

    assert exc.value.message.startswith(
        "Un autre utilisateur a modifié cette étape depuis que vous l'avez ouverte (Alex Soumetteur, le ")
    candidature.administrative.refresh_from_db()
    assert (candidature.administrative.contact_nom, candidature.administrative.revision) == ("Premier", 1)


def test_enregistrer_administrative_refuses_html_disguised_as_pdf_and_keeps_saved_data(candidature, contributeur):
    services.enregistrer_administrative(
        candidature, data={"raison_sociale": "Enregistrée", "attestation_vague1": pdf()}, revision=0, by=contributeur
    )
    premiere = candidature.administrative.__class__.objects.get(pk=candidature.administrative.pk).attestation_vague1

    with pytest.raises(FichierRefuse) as exc:
        services.enregistrer_administrative(
            candidature, data={"raison_sociale": "Perdue ?", "attestation_vague1": html_renomme_pdf()},
            revision=1, by=contributeur,
        )

    assert exc.value.field == "attestation_vague1"
    assert exc.value.message == "Le type du fichier « attestation.pdf » n'est pas accepté ici. Types acceptés : PDF."
    a = candidature.administrative.__class__.objects.get(pk=candidature.administrative.pk)
    assert (a.raison_sociale, a.attestation_vague1, a.revision) == ("Enregistrée", premiere, 1)
    assert Fichier.objects.count() == 1


def test_enregistrer_administrative_accepts_only_pdf_attestations(candidature, contributeur):
    with pytest.raises(FichierRefuse, match="Types acceptés : PDF"):
        services.enregistrer_administrative(candidature, data={"attestation_vague1": png()}, revision=0, by=contributeur)


def test_enregistrer_administrative_rights(candidature, lecteur, autre_editeur, soumetteur, instructeur):
    for user in (lecteur, autre_editeur, instructeur):
        with pytest.raises(PermissionRefusee):
            services.enregistrer_administrative(candidature, data={"contact_nom": "X"}, revision=0, by=user)
    services.enregistrer_administrative(candidature, data={"contact_nom": "X"}, revision=0, by=soumetteur)


def test_enregistrer_administrative_refused_once_submitted(candidature, soumetteur, general):
    completer(candidature, by=soumetteur)
    services.soumettre_dossier(candidature, by=soumetteur)

    with pytest.raises(TransitionInterdite, match="la candidature est « Dossier administratif soumis »"):
        services.enregistrer_administrative(candidature, data={"contact_nom": "X"}, revision=0, by=soumetteur)


def test_enregistrer_administrative_refused_after_date1_when_never_submitted(candidature, contributeur):
    decaler_dates(candidature.vague, date1=timedelta(seconds=-1))

    with pytest.raises(DateDepassee, match="Impossible de modifier la candidature administrative : la Date N°1"):
        services.enregistrer_administrative(candidature, data={"contact_nom": "X"}, revision=0, by=contributeur)


def test_enregistrer_administrative_rejects_an_invalid_value(candidature, contributeur):
    with pytest.raises(DomainError) as exc:
        services.enregistrer_administrative(candidature, data={"contact_email": "pas-un-email"}, revision=0, by=contributeur)

    assert exc.value.field == "contact_email"


# --- enregistrer_eligibilite ------------------------------------------------------------------


def test_enregistrer_eligibilite_saves_profiles_cnda_and_proof(candidature, contributeur, general, profil_cnda):
    data = {"nie": "NIE-1", "nil": "NIL-2", "cnda_statut": CndaStatus.PRE_EXAMEN,
            "cnda_date_retour": timezone.localdate() + timedelta(days=30), "cnda_preuve": png()}

    e = services.enregistrer_eligibilite(candidature, data=data, profils=[general, profil_cnda.pk], revision=0, by=contributeur)

    assert set(e.profils.all()) == {general, profil_cnda}
    assert (e.nie, e.nil, e.cnda_statut, e.revision, e.statut) == ("NIE-1", "NIL-2", "pre_examen", 1, EtapeStatus.COMPLETE)
    assert e.cnda_preuve.type_mime == "image/png"
    assert Evenement.objects.get(action="eligibilite_enregistree").details["profils_ajoutes"] == ["Consultation DMP en AIR simplifié"]


def test_enregistrer_eligibilite_general_cannot_be_removed(candidature, contributeur, profil_optionnel):
    with pytest.raises(DomainError) as exc:
        services.enregistrer_eligibilite(candidature, data={}, profils=[profil_optionnel], revision=0, by=contributeur)

    assert (exc.value.field, exc.value.message) == ("profils", "Le profil Général est obligatoire : il ne peut pas être retiré.")


def test_enregistrer_eligibilite_refuses_a_profile_of_another_dsr(candidature, contributeur, general):
    autre = DSRFactory(vague=candidature.vague, code="PFI").profils.get()

    with pytest.raises(DomainError, match="n'appartient pas au DSR"):
        services.enregistrer_eligibilite(candidature, data={}, profils=[general, autre], revision=0, by=contributeur)


def test_enregistrer_eligibilite_no_optional_profile_added_after_date2(candidature, soumetteur, instructeur, general, profil_optionnel, profil_cnda):
    completer(candidature, by=soumetteur, profils=[profil_cnda])
    services.soumettre_dossier(candidature, by=soumetteur)
    services.demander_complement(candidature, etape="eligibilite", message="Précisez le NIL.", by=instructeur)
    decaler_dates(candidature.vague, date1=timedelta(days=-20), date2=timedelta(seconds=-1), date3=timedelta(days=20))

    with pytest.raises(DateDepassee) as exc:
        services.enregistrer_eligibilite(
            candidature, data={}, profils=[general, profil_cnda, profil_optionnel], revision=0, by=soumetteur
        )
    assert exc.value.field == "profils"
    assert exc.value.message.startswith("Impossible d'ajouter un profil optionnel : la Date N°2 (")

    e = services.enregistrer_eligibilite(candidature, data={"nil": "NIL-3"}, profils=[general, profil_cnda], revision=0, by=soumetteur)
    assert (set(e.profils.all()), e.nil) == ({general, profil_cnda}, "NIL-3")


def test_enregistrer_eligibilite_an_optional_profile_may_be_added_up_to_date2(candidature, contributeur, general, profil_optionnel):
    decaler_dates(candidature.vague, date1=timedelta(seconds=30), date2=timedelta(minutes=1))

    e = services.enregistrer_eligibilite(candidature, data={}, profils=[general, profil_optionnel], revision=0, by=contributeur)

    assert set(e.profils.all()) == {general, profil_optionnel}


# --- manquants --------------------------------------------------------------------------------


def test_manquants_lists_every_missing_item_in_french(candidature, general, profil_cnda):
    a = candidature.administrative
    a.statut_vague1 = StatutVague1.REFERENCE
    a.save()
    candidature.eligibilite.profils.add(profil_cnda)
    candidature.eligibilite.cnda_statut = CndaStatus.INITIALISATION
    candidature.eligibilite.save()

    assert services.manquants(candidature) == [
        "Candidature administrative : la raison sociale est requise",
        "Candidature administrative : le SIREN est requis",
        "Candidature administrative : le SIRET est requis",
        "Candidature administrative : le nom du contact est requis",
        "Candidature administrative : l'e-mail du contact est requis",
        "Candidature administrative : le téléphone du contact est requis",
        "Candidature administrative : le numéro de référencement Vague 1 est requis",
        "Candidature administrative : l'attestation de référencement Vague 1 (PDF) est requise",
        "Éligibilité : le NIE (numéro d'identification éditeur CNDA) est requis",
        "Éligibilité : le NIL (numéro d'identification logiciel CNDA) est requis",
        "Éligibilité : la demande CNDA doit avoir atteint au moins le statut Pré-examen",
        "Éligibilité : la date de retour prévisionnelle du CNDA est requise",
        "Éligibilité : la preuve de la demande CNDA (statut au moins Pré-examen) est requise",
    ]


def test_manquants_is_empty_for_a_complete_dossier(candidature, soumetteur, profil_cnda):
    completer(candidature, by=soumetteur, vague1=StatutVague1.REFERENCE, profils=[profil_cnda])

    assert services.manquants(candidature) == []


def test_manquants_cnda_not_required_without_a_cnda_profile(candidature, soumetteur, general, profil_optionnel):
    completer(candidature, by=soumetteur, profils=[profil_optionnel])

    assert services.manquants(candidature) == []


# --- soumettre_dossier ------------------------------------------------------------------------


def test_soumettre_dossier_submits_both_steps(candidature, soumetteur, general):
    completer(candidature, by=soumetteur)

    c = services.soumettre_dossier(candidature, by=soumetteur)

    c.refresh_from_db()
    assert c.statut == S.DOSSIER_SOUMIS
    assert c.premiere_soumission_le == c.dossier_soumis_le
    assert (c.administrative.statut, c.eligibilite.statut) == (EtapeStatus.SOUMISE, EtapeStatus.SOUMISE)
    assert actions(c) == [("dossier_soumis", S.BROUILLON, S.DOSSIER_SOUMIS)]
    assert Evenement.objects.get(action="dossier_soumis").acteur == soumetteur


def test_soumettre_dossier_needs_the_submit_right(candidature, contributeur, lecteur, autre_editeur, instructeur, general):
    completer(candidature, by=contributeur)

    for user in (contributeur, lecteur, autre_editeur, instructeur):
        with pytest.raises(PermissionRefusee):
            services.soumettre_dossier(candidature, by=user)
    candidature.refresh_from_db()
    assert candidature.statut == S.BROUILLON


def test_soumettre_dossier_refused_when_incomplete(candidature, soumetteur):
    with pytest.raises(DomainError) as exc:
        services.soumettre_dossier(candidature, by=soumetteur)

    assert exc.value.message.startswith("Le dossier est incomplet. Candidature administrative : la raison sociale est requise ; ")


def test_soumettre_dossier_allowed_exactly_at_date1(candidature, soumetteur, general):
    completer(candidature, by=soumetteur)

    c = services.soumettre_dossier(candidature, by=soumetteur, now=candidature.vague.date1)

    assert (c.statut, c.premiere_soumission_le) == (S.DOSSIER_SOUMIS, candidature.vague.date1)


def test_soumettre_dossier_refused_one_second_after_date1(candidature, soumetteur, general):
    completer(candidature, by=soumetteur)

    with pytest.raises(DateDepassee) as exc:
        services.soumettre_dossier(candidature, by=soumetteur, now=candidature.vague.date1 + timedelta(seconds=1))

    assert exc.value.message.startswith("Impossible de soumettre le dossier administratif : la Date N°1 (")
    candidature.refresh_from_db()
    assert candidature.statut == S.BROUILLON


def test_soumettre_dossier_refused_after_date1_without_a_frozen_clock(candidature, soumetteur, general):
    completer(candidature, by=soumetteur)
    decaler_dates(candidature.vague, date1=timedelta(seconds=-1))

    with pytest.raises(DateDepassee):
        services.soumettre_dossier(candidature, by=soumetteur)


def _soumis_puis_complement(c, soumetteur, instructeur, etape="administrative"):
    completer(c, by=soumetteur)
    services.soumettre_dossier(c, by=soumetteur)
    return services.demander_complement(c, etape=etape, message="Joignez le Kbis.", by=instructeur)


def test_soumettre_dossier_resubmission_after_date1_until_date3(candidature, soumetteur, instructeur, general):
    premiere = services.soumettre_dossier(completer(candidature, by=soumetteur), by=soumetteur).premiere_soumission_le
    services.demander_complement(candidature, etape="administrative", message="Joignez le Kbis.", by=instructeur)
    vague = candidature.vague

    c = services.soumettre_dossier(candidature, by=soumetteur, now=vague.date3)

    assert (c.statut, c.premiere_soumission_le, c.dossier_soumis_le) == (S.DOSSIER_SOUMIS, premiere, vague.date3)
    assert actions(c)[-1] == ("dossier_resoumis", S.COMPLEMENT_DEMANDE, S.DOSSIER_SOUMIS)


def test_soumettre_dossier_resubmission_refused_after_date3(candidature, soumetteur, instructeur, general):
    _soumis_puis_complement(candidature, soumetteur, instructeur)

    with pytest.raises(DateDepassee, match="la Date N°3"):
        services.soumettre_dossier(candidature, by=soumetteur, now=candidature.vague.date3 + timedelta(seconds=1))


# --- demander_complement ----------------------------------------------------------------------


def test_demander_complement_reopens_the_step_and_journals_the_message(candidature, soumetteur, instructeur, general):
    c = _soumis_puis_complement(candidature, soumetteur, instructeur)

    c.refresh_from_db()
    assert c.statut == S.COMPLEMENT_DEMANDE
    assert (c.administrative.statut, c.eligibilite.statut) == (EtapeStatus.COMPLEMENT_DEMANDE, EtapeStatus.SOUMISE)
    e = Evenement.objects.get(action="complement_demande")
    assert (e.acteur, e.message, e.statut_avant, e.statut_apres) == (instructeur, "Joignez le Kbis.", S.DOSSIER_SOUMIS, S.COMPLEMENT_DEMANDE)
    assert e.details == {"message_auto": True, "lien": f"/candidatures/{c.pk}/administrative/", "etape": "administrative"}


def test_demander_complement_the_reopened_step_is_editable_the_other_is_not(candidature, soumetteur, instructeur, general):
    _soumis_puis_complement(candidature, soumetteur, instructeur)

    a = services.enregistrer_administrative(candidature, data={"contact_nom": "Corrigé"}, revision=0, by=soumetteur)
    assert (a.contact_nom, a.statut) == ("Corrigé", EtapeStatus.COMPLEMENT_DEMANDE)
    with pytest.raises(TransitionInterdite, match="Cette étape a été soumise"):
        services.enregistrer_eligibilite(candidature, data={}, profils=[general], revision=0, by=soumetteur)


def test_demander_complement_on_a_second_step_keeps_the_status(candidature, soumetteur, instructeur, general):
    _soumis_puis_complement(candidature, soumetteur, instructeur)

    c = services.demander_complement(candidature, etape="eligibilite", message="Et le NIL.", by=instructeur)

    assert c.statut == S.COMPLEMENT_DEMANDE
    c.eligibilite.refresh_from_db()
    assert c.eligibilite.statut == EtapeStatus.COMPLEMENT_DEMANDE
    assert actions(c)[-1] == ("complement_demande", S.COMPLEMENT_DEMANDE, S.COMPLEMENT_DEMANDE)


def test_demander_complement_refusals(candidature, soumetteur, instructeur, verificateur, general):
    with pytest.raises(TransitionInterdite, match="Aucun complément ne peut être demandé : la candidature est « Brouillon »"):
        services.demander_complement(candidature, etape="administrative", message="x", by=instructeur)
    services.soumettre_dossier(completer(candidature, by=soumetteur), by=soumetteur)
    for user in (soumetteur, verificateur):
        with pytest.raises(PermissionRefusee):
            services.demander_complement(candidature, etape="administrative", message="x", by=user)
    with pytest.raises(DomainError) as exc:
        services.demander_complement(candidature, etape="administrative", message="  ", by=instructeur)
    assert exc.value.field == "message"
    with pytest.raises(DomainError) as exc:
        services.demander_complement(candidature, etape="preuves", message="x", by=instructeur)
    assert exc.value.field == "etape"


# --- valider_dossier --------------------------------------------------------------------------


def test_valider_dossier_opens_phase2_and_sends_the_signal(candidature, soumetteur, instructeur, general):
    services.soumettre_dossier(completer(candidature, by=soumetteur), by=soumetteur)
    recus = []

    def receveur(sender, candidature, by, **kwargs):
        recus.append((sender, candidature.pk, candidature.statut, by))

    dossier_administratif_valide.connect(receveur)
    try:
        c = services.valider_dossier(candidature, by=instructeur)
    finally:
        dossier_administratif_valide.disconnect(receveur)

    c.refresh_from_db()
    assert (c.statut, c.administrative.statut, c.eligibilite.statut) == (S.PREUVES, EtapeStatus.VALIDEE, EtapeStatus.VALIDEE)
    assert c.dossier_valide_le is not None
    assert recus == [(Candidature, c.pk, S.PREUVES, instructeur)]
    assert actions(c)[-1] == ("dossier_valide", S.DOSSIER_SOUMIS, S.PREUVES)


def test_valider_dossier_is_rolled_back_when_a_receiver_fails(candidature, soumetteur, instructeur, general):
    services.soumettre_dossier(completer(candidature, by=soumetteur), by=soumetteur)

    def echoue(**kwargs):
        raise RuntimeError("phase 2 en panne")

    dossier_administratif_valide.connect(echoue)
    try:
        with pytest.raises(RuntimeError):
            services.valider_dossier(candidature, by=instructeur)
    finally:
        dossier_administratif_valide.disconnect(echoue)

    candidature.refresh_from_db()
    assert (candidature.statut, candidature.dossier_valide_le) == (S.DOSSIER_SOUMIS, None)


def test_valider_dossier_refusals(candidature, soumetteur, instructeur, verificateur, general):
    with pytest.raises(TransitionInterdite, match="Seul un dossier soumis peut être validé"):
        services.valider_dossier(candidature, by=instructeur)
    services.soumettre_dossier(completer(candidature, by=soumetteur), by=soumetteur)
    for user in (soumetteur, verificateur):
        with pytest.raises(PermissionRefusee):
            services.valider_dossier(candidature, by=user)


# --- référent, abandon ------------------------------------------------------------------------


def test_assigner_referent(candidature, instructeur, verificateur, soumetteur):
    c = services.assigner_referent(candidature, referent=verificateur, by=instructeur)

    assert Candidature.objects.get(pk=c.pk).referent == verificateur
    e = Evenement.objects.get(action="referent_assigne")
    assert (e.acteur, e.details) == (instructeur, {"referent": verificateur.pk})
    with pytest.raises(DomainError, match=r"Le référent doit être un agent de l'ANS\."):
        services.assigner_referent(candidature, referent=soumetteur, by=instructeur)
    with pytest.raises(PermissionRefusee):
        services.assigner_referent(candidature, referent=instructeur, by=soumetteur)


def test_abandonner(candidature, soumetteur, contributeur):
    with pytest.raises(PermissionRefusee):
        services.abandonner(candidature, by=contributeur)

    c = services.abandonner(candidature, by=soumetteur)

    assert Candidature.objects.get(pk=c.pk).statut == S.ABANDONNEE
    with pytest.raises(TransitionInterdite, match="ne peut pas passer de « Abandonnée » à « Abandonnée »"):
        services.abandonner(candidature, by=soumetteur)


def test_an_abandoned_candidature_frees_its_version_for_a_new_one(candidature, soumetteur):
    services.abandonner(candidature, by=soumetteur)

    c = services.demarrer_candidature(version=candidature.version, dsr=candidature.dsr, by=soumetteur, charte_acceptee=True)

    assert c.pk != candidature.pk


# --- marquer_hors_delai -----------------------------------------------------------------------


def test_marquer_hors_delai_marks_only_never_submitted_after_date1_and_is_idempotent(dsr, soumetteur, instructeur, general):
    en_retard = CandidatureFactory(dsr=dsr)
    soumise = CandidatureFactory(dsr=dsr, statut=S.DOSSIER_SOUMIS, premiere_soumission_le=timezone.now())
    a_l_heure = CandidatureFactory(dsr=DSRFactory(vague__numero=3, code="PFI"))
    decaler_dates(dsr.vague, date1=timedelta(seconds=-1))

    assert services.marquer_hors_delai() == 1
    assert services.marquer_hors_delai() == 0

    statuts = dict(Candidature.objects.values_list("pk", "statut"))
    assert statuts == {en_retard.pk: S.HORS_DELAI, soumise.pk: S.DOSSIER_SOUMIS, a_l_heure.pk: S.BROUILLON}
    assert actions(en_retard) == [("hors_delai", S.BROUILLON, S.HORS_DELAI)]
    assert Evenement.objects.get(action="hors_delai").acteur is None


def test_marquer_hors_delai_marks_an_unanswered_complement_after_date3(candidature, soumetteur, instructeur, general):
    _soumis_puis_complement(candidature, soumetteur, instructeur)

    assert services.marquer_hors_delai(now=candidature.vague.date3) == 0
    assert services.marquer_hors_delai(now=candidature.vague.date3 + timedelta(seconds=1)) == 1

    candidature.refresh_from_db()
    assert candidature.statut == S.HORS_DELAI


def test_marquer_hors_delai_task_runs_the_service(candidature):
    from candidatures.tasks import marquer_hors_delai_task

    decaler_dates(candidature.vague, date1=timedelta(seconds=-1))

    assert marquer_hors_delai_task.delay().get() == 1
    assert marquer_hors_delai_task.delay().get() == 0


def test_the_job_is_scheduled_in_beat(db):
    from django_celery_beat.models import PeriodicTask

    t = PeriodicTask.objects.get(task="candidatures.marquer_hors_delai")
    assert (t.enabled, t.interval.every, t.interval.period) == (True, 15, "minutes")


def test_pdf_fixture_is_a_real_pdf():
    assert pdf_bytes().startswith(b"%PDF-1.4") and pdf_bytes().rstrip().endswith(b"%%EOF")
