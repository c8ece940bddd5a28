import hashlib
import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.status import SignatureCoverageLevel

from candidatures.enums import CandidatureStatus as S
from candidatures.models import Evenement
from candidatures.services import changer_statut
from comptes.errors import (
    DateDepassee,
    DomainError,
    PermissionRefusee,
    TransitionInterdite,
)
from conventions import services
from conventions.enums import ConventionStatus, ResultatDecision, RoleSignature
from conventions.models import (
    Convention,
    Decision,
    ModeleConvention,
    NumeroReferencement,
    Signature,
)
from preuves.enums import ChapitreStatus, PreuveStatus
from tests.conventions.factories import (
    CORPS,
    ModeleConventionFactory,
    SessionCollegeFactory,
    candidature_preuves_validees,
    lecteur,
    signataire,
)
from tests.conventions.helpers import (
    IP_ANS,
    IP_EDITEUR,
    convention_signee,
    en_college,
    lire,
    texte_pdf,
    valider_signatures,
)
from tests.factories import (
    AgentFactory,
    CandidatureFactory,
    DSRFactory,
    OrganisationFactory,
    ProfilFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- Preparing -------------------------------------------------------------------------------


@pytest.mark.parametrize("statut", [S.PREUVES, S.DOSSIER_SOUMIS, S.BROUILLON])
def test_preparer_convention_is_refused_before_every_proof_is_validated(instructeur, statut):
    candidature = candidature_preuves_validees()
    candidature.statut = statut
    candidature.save()

    with pytest.raises(TransitionInterdite, match="toutes les preuves validées"):
        services.preparer_convention(candidature, by=instructeur)

    assert Convention.objects.count() == 0


def test_preparer_convention_is_refused_when_a_proof_is_not_conforme(instructeur):
    candidature = candidature_preuves_validees(n_preuves=2)
    candidature.preuves_demandees.filter(pk=candidature.preuves_demandees.first().pk).update(statut=PreuveStatus.DEPOSEE)

    with pytest.raises(TransitionInterdite, match="1 preuve"):
        services.preparer_convention(candidature, by=instructeur)


def test_preparer_convention_needs_an_instructeur(verificateur):
    candidature = candidature_preuves_validees()

    with pytest.raises(PermissionRefusee):
        services.preparer_convention(candidature, by=verificateur)
    with pytest.raises(PermissionRefusee):
        services.preparer_convention(candidature, by=signataire(candidature))


def test_preparer_convention_needs_an_active_template(instructeur):
    candidature = candidature_preuves_validees(modele=False)

    with pytest.raises(DomainError, match="Aucun modèle de convention actif pour la Vague 2"):
        services.preparer_convention(candidature, by=instructeur)

    candidature.refresh_from_db()
    assert candidature.statut == S.PREUVES_VALIDEES


def test_preparer_convention_stores_the_pdf_and_asks_the_editor_to_sign(instructeur):
    candidature = candidature_preuves_validees()

    convention = services.preparer_convention(candidature, by=instructeur)

    candidature.refresh_from_db()
    assert candidature.statut == S.CONVENTION_A_SIGNER
    assert convention.statut == ConventionStatus.PREPAREE
    data = lire(convention.pdf)
    assert data.startswith(b"%PDF-")
    assert convention.pdf_sha256 == hashlib.sha256(data).hexdigest() == convention.pdf.sha256
    assert convention.pdf.produit == candidature.version.produit
    assert convention.pdf.type_mime == "application/pdf"
    event = Evenement.objects.get(action="convention_preparee")
    assert (event.statut_avant, event.statut_apres) == (S.PREUVES_VALIDEES, S.CONVENTION_A_SIGNER)
    assert event.details["message_auto"] is True
    assert event.details["lien"] == f"/conventions/candidatures/{candidature.pk}/"
    assert event.message.startswith("La convention de référencement est prête.")


def test_convention_pdf_holds_the_candidature_in_french(instructeur):
    org = OrganisationFactory(raison_sociale="Hôpital Numérique Éditions SAS", siren="552100554")
    candidature = candidature_preuves_validees(version__produit__organisation=org, version__produit__nom="Dossier Santé Plus", version__numero="4.2.1")
    candidature.eligibilite.profils.add(ProfilFactory(dsr=candidature.dsr, nom="Établissement de santé"))

    convention = services.preparer_convention(candidature, by=instructeur)

    texte = texte_pdf(lire(convention.pdf))
    assert "Convention de référencement Ségur — Vague 2" in texte
    assert "Hôpital Numérique Éditions SAS" in texte
    assert "SIREN 552100554" in texte
    assert "Dossier Santé Plus" in texte
    assert "Version technique 4.2.1" in texte
    assert "DPI — Dossier Patient Informatisé" in texte
    assert "Profils Général, Établissement de santé" in texte
    assert "Vague Vague 2" in texte
    with translation.override("fr"):
        assert f"Établie le {date_format(timezone.localdate(), 'j F Y')}" in texte
    assert "Référencement de Dossier Santé Plus version 4.2.1 éditée par Hôpital Numérique Éditions SAS" in texte


def test_preparer_convention_twice_is_refused(instructeur):
    candidature = candidature_preuves_validees()
    services.preparer_convention(candidature, by=instructeur)
    candidature.statut = S.PREUVES_VALIDEES  # even if the status were forced back
    candidature.save()

    with pytest.raises(TransitionInterdite, match="déjà préparée"):
        services.preparer_convention(candidature, by=instructeur)

    assert Convention.objects.count() == 1


# --- Signing ---------------------------------------------------------------------------------


def test_signer_needs_explicit_consent(instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)

    with pytest.raises(DomainError) as exc:
        services.signer_convention_editeur(convention, by=signataire(candidature), consentement=False, adresse_ip=IP_EDITEUR)

    assert exc.value.field == "consentement"
    assert Signature.objects.count() == 0


def test_signer_needs_the_signer_right_on_the_product(instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    autre_org = signataire(candidature_preuves_validees())

    for user in (lecteur(candidature), autre_org, instructeur):
        with pytest.raises(PermissionRefusee):
            services.signer_convention_editeur(convention, by=user, consentement=True, adresse_ip=IP_EDITEUR)

    assert Signature.objects.count() == 0


def test_signer_records_who_when_where_and_the_hash(instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    user = signataire(candidature, first_name="Élodie", last_name="Martin")

    sig = services.signer_convention_editeur(convention, by=user, consentement=True, adresse_ip=IP_EDITEUR)

    convention.refresh_from_db()
    assert convention.statut == ConventionStatus.SIGNEE_EDITEUR
    assert (sig.role, sig.signataire, sig.adresse_ip) == (RoleSignature.EDITEUR, user, IP_EDITEUR)
    assert sig.sha256 == convention.pdf_signe_editeur_sha256 == hashlib.sha256(lire(convention.pdf_signe_editeur)).hexdigest()
    assert sig.consentement == (
        "Je déclare avoir lu la convention de référencement Ségur, en accepter les termes, et la signer "
        f"électroniquement en tant que signataire habilité de {candidature.organisation.raison_sociale}."
    )
    assert abs(sig.signe_le - timezone.now()) < timedelta(seconds=30)
    candidature.refresh_from_db()
    assert candidature.statut == S.CONVENTION_A_SIGNER
    assert Evenement.objects.filter(action="convention_signee_editeur", details__adresse_ip=IP_EDITEUR).count() == 1


def test_the_editor_signs_only_once(instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    user = signataire(candidature)
    services.signer_convention_editeur(convention, by=user, consentement=True, adresse_ip=IP_EDITEUR)
    premier = convention.pdf_signe_editeur_sha256

    with pytest.raises(TransitionInterdite, match="ne se signe qu'une fois"):
        services.signer_convention_editeur(convention, by=signataire(candidature), consentement=True, adresse_ip=IP_EDITEUR)

    convention.refresh_from_db()
    assert Signature.objects.filter(role=RoleSignature.EDITEUR).count() == 1
    assert convention.pdf_signe_editeur_sha256 == premier


def test_contresigner_needs_the_editor_signature_first(instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)

    with pytest.raises(TransitionInterdite, match="d'abord être signée par l'éditeur"):
        services.contresigner_convention(convention, by=instructeur, adresse_ip=IP_ANS)


def test_contresigner_needs_an_instructeur(instructeur, verificateur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    services.signer_convention_editeur(convention, by=signataire(candidature), consentement=True, adresse_ip=IP_EDITEUR)

    with pytest.raises(PermissionRefusee):
        services.contresigner_convention(convention, by=verificateur, adresse_ip=IP_ANS)


def test_both_signatures_validate_and_cover_the_document(instructeur):
    _candidature, convention = convention_signee(instructeur)

    prepare, signe_editeur, signe = lire(convention.pdf), lire(convention.pdf_signe_editeur), lire(convention.pdf_signe)
    resultats = valider_signatures(signe)

    assert [champ for champ, _status in resultats] == ["Editeur", "ANS"]
    editeur, ans = (status for _champ, status in resultats)
    assert editeur.bottom_line is True and ans.bottom_line is True
    assert (editeur.intact, editeur.valid, editeur.trusted) == (True, True, True)
    # The editor signed the whole document as it was; the agency's later update is form filling only.
    assert editeur.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert editeur.modification_level == ModificationLevel.FORM_FILLING
    assert ans.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # Incremental updates: each signed version starts with the exact bytes of the previous one.
    assert signe_editeur.startswith(prepare) and signe.startswith(signe_editeur)
    sigs = {s.role: s for s in convention.signatures.all()}
    assert sigs[RoleSignature.ANS].sha256 == hashlib.sha256(signe).hexdigest() == convention.pdf_signe_sha256
    assert sigs[RoleSignature.ANS].adresse_ip == IP_ANS


def test_signature_dictionaries_name_the_signers_and_reasons(instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    user = signataire(candidature, first_name="Élodie", last_name="Martin")
    services.signer_convention_editeur(convention, by=user, consentement=True, adresse_ip=IP_EDITEUR)
    services.contresigner_convention(convention, by=instructeur, adresse_ip=IP_ANS)

    sigs = PdfFileReader(io.BytesIO(lire(convention.pdf_signe))).embedded_signatures
    assert sigs[0].sig_object["/Name"] == f"Élodie Martin ({candidature.organisation.raison_sociale})"
    assert sigs[0].sig_object["/Reason"] == "Signature de la convention par l'éditeur"
    assert sigs[1].sig_object["/Reason"] == "Contre-signature de la convention par l'Agence du Numérique en Santé"


def test_contresigner_moves_the_candidature_to_convention_signee(instructeur):
    candidature, convention = convention_signee(instructeur)

    candidature.refresh_from_db()
    assert candidature.statut == S.CONVENTION_SIGNEE
    assert convention.statut == ConventionStatus.SIGNEE
    event = Evenement.objects.get(action="convention_contresignee")
    assert event.details["lien"] == f"/conventions/candidatures/{candidature.pk}/"


def test_a_tampered_document_is_not_signed(instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    Convention.objects.filter(pk=convention.pk).update(pdf_sha256="0" * 64)
    convention.refresh_from_db()

    with pytest.raises(DomainError, match="empreinte SHA-256"):
        services.signer_convention_editeur(convention, by=signataire(candidature), consentement=True, adresse_ip=IP_EDITEUR)


# --- College ---------------------------------------------------------------------------------


def test_no_college_before_both_signatures(instructeur):
    candidature = candidature_preuves_validees()
    session = SessionCollegeFactory()
    with pytest.raises(TransitionInterdite, match="après la signature de la convention"):
        services.inscrire_a_session(session, candidature, by=instructeur)
    convention = services.preparer_convention(candidature, by=instructeur)
    services.signer_convention_editeur(convention, by=signataire(candidature), consentement=True, adresse_ip=IP_EDITEUR)

    with pytest.raises(TransitionInterdite, match="contre-signature par l'ANS"):
        services.inscrire_a_session(session, candidature, by=instructeur)

    candidature.refresh_from_db()
    assert candidature.statut == S.CONVENTION_A_SIGNER
    assert session.inscriptions.count() == 0


def test_inscrire_a_session_puts_candidatures_in_order(instructeur):
    session = SessionCollegeFactory()
    premiere, _s = en_college(instructeur, session=session)
    seconde, _s = en_college(instructeur, session=session)

    assert list(session.inscriptions.values_list("candidature_id", "position")) == [(premiere.pk, 1), (seconde.pk, 2)]
    premiere.refresh_from_db()
    assert premiere.statut == S.EN_COLLEGE
    assert Evenement.objects.filter(action="college_inscription", candidature=premiere).count() == 1


def test_creer_session_college_needs_an_instructeur(verificateur):
    with pytest.raises(PermissionRefusee):
        services.creer_session_college(date=timezone.now(), lieu="Paris", by=verificateur)


def test_attribution_gives_a_number_and_a_signed_attestation(instructeur):
    candidature, session = en_college(instructeur)

    decision = services.decider(candidature, session=session, resultat=ResultatDecision.ATTRIBUTION, motifs="", by=instructeur)

    candidature.refresh_from_db()
    assert candidature.statut == S.REFERENCEE
    assert candidature.numero_referencement == "SEGUR-V2-DPI-0001"
    assert decision.numero.numero == "SEGUR-V2-DPI-0001"
    data = lire(decision.attestation)
    texte = texte_pdf(data)
    assert "Attestation de référencement" in texte
    assert "SEGUR-V2-DPI-0001" in texte
    assert candidature.version.produit.nom in texte
    [(champ, status)] = valider_signatures(data)
    assert (champ, status.bottom_line) == ("ANS", True)
    event = Evenement.objects.get(action="college_attribution")
    assert event.details["numero"] == "SEGUR-V2-DPI-0001"
    assert "Numéro de référencement : SEGUR-V2-DPI-0001" in event.message


def test_decider_needs_the_candidature_on_the_session(instructeur):
    candidature, _session = en_college(instructeur)

    with pytest.raises(DomainError, match="pas à l'ordre du jour"):
        services.decider(candidature, session=SessionCollegeFactory(), resultat=ResultatDecision.ATTRIBUTION, by=instructeur)


def test_non_attribution_needs_a_reservation_and_attribution_none(instructeur):
    candidature, session = en_college(instructeur)
    preuve = candidature.preuves_demandees.first()

    with pytest.raises(DomainError, match="au moins une réserve"):
        services.decider(candidature, session=session, resultat=ResultatDecision.NON_ATTRIBUTION, by=instructeur)
    with pytest.raises(DomainError, match="ne comporte pas de réserve"):
        services.decider(candidature, session=session, resultat=ResultatDecision.ATTRIBUTION, reserves=[(preuve, "x")], by=instructeur)
    with pytest.raises(DomainError, match="son motif"):
        services.decider(candidature, session=session, resultat=ResultatDecision.NON_ATTRIBUTION, reserves=[(preuve, " ")], by=instructeur)

    assert Decision.objects.count() == 0


def test_a_reservation_must_name_a_proof_of_the_candidature(instructeur):
    candidature, session = en_college(instructeur)
    etrangere = candidature_preuves_validees().preuves_demandees.first()

    with pytest.raises(DomainError, match="n'appartient pas"):
        services.decider(candidature, session=session, resultat=ResultatDecision.NON_ATTRIBUTION, reserves=[(etrangere, "KO")], by=instructeur)


def test_non_attribution_before_date3_reopens_the_reserved_proofs(instructeur):
    candidature, session = en_college(instructeur, n_preuves=2)
    reservee, autre = candidature.preuves_demandees.order_by("pk")

    decision = services.decider(
        candidature, session=session, resultat=ResultatDecision.NON_ATTRIBUTION, motifs="Dossier incomplet",
        reserves=[(reservee, "La vidéo ne montre pas l'alimentation du DMP."), (None, "Rapport d'intrusion à actualiser.")],
        by=instructeur,
    )

    candidature.refresh_from_db()
    reservee.refresh_from_db()
    autre.refresh_from_db()
    decision.refresh_from_db()
    assert candidature.statut == S.PREUVES
    assert (reservee.statut, autre.statut) == (PreuveStatus.NON_CONFORME, PreuveStatus.CONFORME)
    assert reservee.dossier.statut == ChapitreStatus.EN_ATTENTE_EDITEUR
    assert decision.redepot_ouvert is True
    assert [(r.preuve_demandee, r.motif) for r in decision.reserves.all()] == [
        (reservee, "La vidéo ne montre pas l'alimentation du DMP."),
        (None, "Rapport d'intrusion à actualiser."),
    ]
    message = Evenement.objects.get(action="college_non_attribution").message
    assert f"- {reservee.preuve_attendue.numero} : La vidéo ne montre pas l'alimentation du DMP." in message
    assert "- Réserve générale : Rapport d'intrusion à actualiser." in message
    assert list(candidature.evenements.filter(action__startswith="college_").order_by("id").values_list("action", flat=True)) == [
        "college_inscription", "college_non_attribution", "college_redepot_ouvert",
    ]


def _vague_date3_a(candidature, moment):
    vague = candidature.vague
    vague.date1, vague.date2, vague.date3 = moment - timedelta(days=60), moment - timedelta(days=30), moment
    vague.save()


@pytest.mark.parametrize(
    ("decalage", "redepot"),
    [(timedelta(0), True), (timedelta(microseconds=1), False), (timedelta(seconds=-1), True)],
)
def test_redeposit_is_open_until_date3_inclusive(instructeur, monkeypatch, decalage, redepot):
    candidature, session = en_college(instructeur)
    preuve = candidature.preuves_demandees.first()
    date3 = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    _vague_date3_a(candidature, date3)
    monkeypatch.setattr(timezone, "now", lambda: date3 + decalage)

    decision = services.decider(
        candidature, session=session, resultat=ResultatDecision.NON_ATTRIBUTION, reserves=[(preuve, "KO")], by=instructeur
    )

    candidature.refresh_from_db()
    preuve.refresh_from_db()
    assert candidature.statut == (S.PREUVES if redepot else S.NON_REFERENCEE)
    assert preuve.statut == (PreuveStatus.NON_CONFORME if redepot else PreuveStatus.CONFORME)
    assert Decision.objects.get(pk=decision.pk).redepot_ouvert is redepot


def test_autoriser_redepot_after_date3_is_refused(instructeur, monkeypatch):
    candidature, session = en_college(instructeur)
    preuve = candidature.preuves_demandees.first()
    date3 = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    _vague_date3_a(candidature, date3)
    monkeypatch.setattr(timezone, "now", lambda: date3 + timedelta(seconds=1))
    services.decider(candidature, session=session, resultat=ResultatDecision.NON_ATTRIBUTION, reserves=[(preuve, "KO")], by=instructeur)

    with pytest.raises(DateDepassee, match="la Date N°3"):
        services.autoriser_redepot(candidature, by=instructeur)


def _revalider(candidature, by):
    """What phase 2 does when the redeposited proofs are reviewed conforme again."""
    for preuve in candidature.preuves_demandees.exclude(statut=PreuveStatus.CONFORME):
        preuve.statut = PreuveStatus.CONFORME
        preuve.save()
    candidature.dossiers_chapitre.update(statut=ChapitreStatus.VALIDE)
    changer_statut(candidature, to=S.PREUVES_VALIDEES, by=by)


def test_second_path_redeposit_then_attribution_without_signing_again(instructeur):
    candidature, premiere_session = en_college(instructeur)
    preuve = candidature.preuves_demandees.first()
    services.decider(candidature, session=premiere_session, resultat=ResultatDecision.NON_ATTRIBUTION, reserves=[(preuve, "KO")], by=instructeur)
    _revalider(candidature, instructeur)
    with pytest.raises(TransitionInterdite, match="déjà signée"):
        services.preparer_convention(candidature, by=instructeur)
    seconde_session = SessionCollegeFactory()

    services.inscrire_a_session(seconde_session, candidature, by=instructeur)
    decision = services.decider(candidature, session=seconde_session, resultat=ResultatDecision.ATTRIBUTION, by=instructeur)

    candidature.refresh_from_db()
    assert candidature.statut == S.REFERENCEE
    assert decision.numero.numero == candidature.numero_referencement == "SEGUR-V2-DPI-0001"
    assert Signature.objects.filter(convention__candidature=candidature).count() == 2
    assert list(candidature.decisions.order_by("id").values_list("resultat", flat=True)) == ["non_attribution", "attribution"]


def test_non_referencee_without_reopened_proofs_may_go_back_to_college(instructeur, monkeypatch):
    candidature, session = en_college(instructeur)
    services.decider(candidature, session=session, resultat=ResultatDecision.NON_ATTRIBUTION, reserves=[(None, "Pièce administrative manquante")], by=instructeur)
    candidature.refresh_from_db()
    assert candidature.statut == S.NON_REFERENCEE

    services.inscrire_a_session(SessionCollegeFactory(), candidature, by=instructeur)

    candidature.refresh_from_db()
    assert candidature.statut == S.EN_COLLEGE


# --- Referencing numbers ---------------------------------------------------------------------


def test_numbers_are_sequential_per_wave_and_dsr(instructeur):
    session = SessionCollegeFactory()
    dsr_pds = DSRFactory(code="PDS", nom="Plateforme de services")
    numeros = []
    for kwargs in ({}, {}, {"dsr": dsr_pds}):
        candidature, _s = en_college(instructeur, session=session, **kwargs)
        numeros.append(services.decider(candidature, session=session, resultat=ResultatDecision.ATTRIBUTION, by=instructeur).numero.numero)

    assert numeros == ["SEGUR-V2-DPI-0001", "SEGUR-V2-DPI-0002", "SEGUR-V2-PDS-0001"]


def test_a_number_is_never_reused_even_if_its_decision_is_deleted(instructeur):
    session = SessionCollegeFactory()
    premiere, _s = en_college(instructeur, session=session)
    decision = services.decider(premiere, session=session, resultat=ResultatDecision.ATTRIBUTION, by=instructeur)
    decision.delete()
    seconde, _s = en_college(instructeur, session=session)

    nouvelle = services.decider(seconde, session=session, resultat=ResultatDecision.ATTRIBUTION, by=instructeur)

    assert nouvelle.numero.numero == "SEGUR-V2-DPI-0002"
    assert list(NumeroReferencement.objects.values_list("numero", "decision")) == [
        ("SEGUR-V2-DPI-0001", None),
        ("SEGUR-V2-DPI-0002", nouvelle.pk),
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_number_assignment_is_safe():
    import threading

    from django.db import connection

    candidatures = [CandidatureFactory(statut=S.EN_COLLEGE) for _ in range(6)]
    instructeur = AgentFactory(role="instructeur")
    barrier = threading.Barrier(len(candidatures))
    numeros, erreurs = [], []

    def attribuer(candidature):
        try:
            barrier.wait()
            numeros.append(services.attribuer_numero(candidature, decision=None, by=instructeur).numero)
        except Exception as exc:  # reported below
            erreurs.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attribuer, args=(c,)) for c in candidatures]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert erreurs == []
    assert sorted(numeros) == [f"SEGUR-V2-DPI-{n:04d}" for n in range(1, 7)]


# --- Templates -------------------------------------------------------------------------------


def test_editing_a_template_creates_a_new_version(administrateur, instructeur):
    candidature = candidature_preuves_validees()
    ancien = ModeleConvention.objects.get(vague=candidature.vague)
    services.preparer_convention(candidature, by=instructeur)

    nouveau = services.enregistrer_modele_convention(
        vague=candidature.vague, titre="Convention v2", corps="<p>{{ produit.nom }}</p>", by=administrateur
    )

    ancien.refresh_from_db()
    assert (nouveau.version, nouveau.actif) == (ancien.version + 1, True)
    assert (ancien.actif, ancien.corps) == (False, CORPS)
    assert Convention.objects.get().modele == ancien


def test_an_invalid_template_is_refused(administrateur):
    modele = ModeleConventionFactory()

    with pytest.raises(DomainError, match="gabarit de la convention est invalide") as exc:
        services.enregistrer_modele_convention(vague=modele.vague, titre="X", corps="{% if %}", by=administrateur)

    assert exc.value.field == "corps"
    assert ModeleConvention.objects.count() == 1


def test_templates_are_for_administrators(instructeur):
    with pytest.raises(PermissionRefusee):
        services.enregistrer_modele_convention(vague=ModeleConventionFactory().vague, titre="X", corps="<p></p>", by=instructeur)


def test_other_editor_user_cannot_sign_even_as_org_admin_of_another_org(instructeur):
    candidature = candidature_preuves_validees()
    convention = services.preparer_convention(candidature, by=instructeur)
    intrus = UserFactory(est_admin_organisation=True)

    with pytest.raises(PermissionRefusee):
        services.signer_convention_editeur(convention, by=intrus, consentement=True, adresse_ip=IP_EDITEUR)
