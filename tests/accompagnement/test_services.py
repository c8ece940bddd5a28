import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accompagnement import services
from accompagnement.enums import DEMANDE_TRANSITIONS, DemandeCategorie, DemandeStatus
from accompagnement.models import DemandeSupport
from candidatures.models import Evenement
from comptes.errors import (
    DomainError,
    FichierRefuse,
    PermissionRefusee,
    TransitionInterdite,
)
from tests.accompagnement.factories import DemandeSupportFactory
from tests.factories import ProduitFactory, UserFactory
from tests.files import PNG


def _ouvrir(user, **kwargs):
    data = {"categorie": DemandeCategorie.EXIGENCES, "sujet": "SSI/GEN.18", "description": "Le rapport est-il recevable ?"}
    return services.ouvrir_demande(by=user, **{**data, **kwargs})


def test_ouvrir_demande_creates_a_new_request_and_journals_it(editeur_dpi):
    demande = _ouvrir(editeur_dpi)

    assert (demande.statut, demande.organisation_id, demande.auteur_id) == (
        DemandeStatus.NOUVELLE,
        editeur_dpi.organisation_id,
        editeur_dpi.pk,
    )
    evenement = Evenement.objects.get(action="demande_support.ouverte")
    assert evenement.organisation_id == editeur_dpi.organisation_id
    assert evenement.acteur_id == editeur_dpi.pk
    assert evenement.details == {"message_auto": False, "lien": f"/espace/demandes/{demande.pk}/", "demande": demande.pk}
    assert evenement.message == f"Nouvelle demande de support {demande.reference} : SSI/GEN.18"


def test_ouvrir_demande_stores_attachments_through_the_upload_path(editeur_dpi):
    demande = _ouvrir(editeur_dpi, fichiers=[SimpleUploadedFile("capture.png", PNG)])

    fichier = demande.pieces_jointes.get()
    assert (fichier.nom, fichier.type_mime, fichier.organisation_id) == ("capture.png", "image/png", editeur_dpi.organisation_id)


def test_ouvrir_demande_refuses_a_markup_attachment_and_saves_nothing(editeur_dpi):
    with pytest.raises(FichierRefuse):
        _ouvrir(editeur_dpi, fichiers=[SimpleUploadedFile("page.html", b"<html><script>x</script></html>")])

    assert DemandeSupport.objects.count() == 0


def test_ouvrir_demande_on_a_candidature_takes_its_product(editeur_dpi):
    demande = _ouvrir(editeur_dpi, candidature=editeur_dpi.candidature)

    assert demande.produit_id == editeur_dpi.candidature.version.produit_id
    assert Evenement.objects.get(action="demande_support.ouverte").candidature_id == editeur_dpi.candidature.pk


def test_ouvrir_demande_refuses_a_candidature_of_another_organisation(editeur_dpi, autre_editeur):
    with pytest.raises(PermissionRefusee):
        _ouvrir(editeur_dpi, candidature=autre_editeur.candidature)


def test_ouvrir_demande_refuses_a_product_the_editor_may_not_read(editeur_dpi):
    produit = ProduitFactory(organisation=editeur_dpi.organisation)

    with pytest.raises(PermissionRefusee):
        _ouvrir(editeur_dpi, produit=produit)


def test_ouvrir_demande_refuses_a_product_that_is_not_the_candidatures(editeur_dpi):
    autre = ProduitFactory(organisation=editeur_dpi.organisation)
    editeur_dpi.habilitations.create(produit=autre, lire=True)

    with pytest.raises(DomainError) as exc:
        _ouvrir(editeur_dpi, candidature=editeur_dpi.candidature, produit=autre)

    assert exc.value.field == "produit"


def test_ouvrir_demande_requires_a_subject(editeur_dpi):
    with pytest.raises(DomainError) as exc:
        _ouvrir(editeur_dpi, sujet="   ")

    assert exc.value.field == "sujet"


def test_an_agent_cannot_open_a_request(agent):
    with pytest.raises(PermissionRefusee):
        _ouvrir(agent)


def test_editor_reply_to_a_request_waiting_for_them_puts_it_back_in_progress(editeur_dpi):
    demande = DemandeSupportFactory(auteur=editeur_dpi, statut=DemandeStatus.EN_ATTENTE_EDITEUR)

    message = services.repondre_demande(demande, by=editeur_dpi, texte="Voici le rapport.")

    demande.refresh_from_db()
    assert (demande.statut, message.texte, message.auteur_id) == (DemandeStatus.EN_COURS, "Voici le rapport.", editeur_dpi.pk)
    evenement = Evenement.objects.get(action="demande_support.message")
    assert (evenement.statut_avant, evenement.statut_apres) == ("en_attente_editeur", "en_cours")


def test_editor_reply_to_a_new_request_keeps_its_status(editeur_dpi):
    demande = DemandeSupportFactory(auteur=editeur_dpi)

    services.repondre_demande(demande, by=editeur_dpi, texte="Précision.")

    demande.refresh_from_db()
    assert demande.statut == DemandeStatus.NOUVELLE


def test_agent_reply_takes_a_new_request(editeur_dpi, agent):
    demande = DemandeSupportFactory(auteur=editeur_dpi)

    services.repondre_demande(demande, by=agent, texte="Nous regardons.")

    demande.refresh_from_db()
    assert (demande.statut, demande.agent_id) == (DemandeStatus.EN_COURS, agent.pk)


def test_agent_reply_may_wait_for_the_editor(editeur_dpi, agent):
    demande = DemandeSupportFactory(auteur=editeur_dpi, statut=DemandeStatus.EN_COURS)

    services.repondre_demande(demande, by=agent, texte="Pouvez-vous préciser ?", attendre_editeur=True)

    demande.refresh_from_db()
    assert demande.statut == DemandeStatus.EN_ATTENTE_EDITEUR


def test_reply_to_a_resolved_request_is_refused(editeur_dpi):
    demande = DemandeSupportFactory(auteur=editeur_dpi, statut=DemandeStatus.RESOLUE, solution="Fait.")

    with pytest.raises(TransitionInterdite):
        services.repondre_demande(demande, by=editeur_dpi, texte="Encore une question")


def test_reply_needs_a_text(editeur_dpi):
    demande = DemandeSupportFactory(auteur=editeur_dpi)

    with pytest.raises(DomainError) as exc:
        services.repondre_demande(demande, by=editeur_dpi, texte="  ")

    assert exc.value.field == "texte"


def test_an_editor_of_another_organisation_cannot_reply(editeur_dpi, autre_editeur):
    demande = DemandeSupportFactory(auteur=editeur_dpi)

    with pytest.raises(PermissionRefusee):
        services.repondre_demande(demande, by=autre_editeur, texte="Intrus")


def test_an_editor_of_the_organisation_without_rights_cannot_reply(editeur_dpi):
    collegue = UserFactory(organisation=editeur_dpi.organisation)
    demande = DemandeSupportFactory(auteur=editeur_dpi)

    with pytest.raises(PermissionRefusee):
        services.repondre_demande(demande, by=collegue, texte="Bonjour")


def test_prendre_demande_assigns_the_agent(editeur_dpi, agent):
    demande = DemandeSupportFactory(auteur=editeur_dpi)

    services.prendre_demande(demande, by=agent)

    demande.refresh_from_db()
    assert (demande.statut, demande.agent_id) == (DemandeStatus.EN_COURS, agent.pk)
    evenement = Evenement.objects.get(action="demande_support.prise_en_charge")
    assert (evenement.statut_avant, evenement.statut_apres) == ("nouvelle", "en_cours")


def test_an_editor_cannot_take_a_request(editeur_dpi):
    demande = DemandeSupportFactory(auteur=editeur_dpi)

    with pytest.raises(PermissionRefusee):
        services.prendre_demande(demande, by=editeur_dpi)


def test_resoudre_demande_records_the_solution(editeur_dpi, agent):
    demande = DemandeSupportFactory(auteur=editeur_dpi, statut=DemandeStatus.EN_COURS)

    services.resoudre_demande(demande, by=agent, solution="Déposez le rapport tel quel.")

    demande.refresh_from_db()
    assert (demande.statut, demande.solution, demande.agent_id) == (DemandeStatus.RESOLUE, "Déposez le rapport tel quel.", agent.pk)
    assert demande.resolue_le is not None
    evenement = Evenement.objects.get(action="demande_support.resolue")
    assert evenement.details["lien"] == f"/espace/demandes/{demande.pk}/"


def test_resoudre_demande_requires_a_solution(editeur_dpi, agent):
    demande = DemandeSupportFactory(auteur=editeur_dpi)

    with pytest.raises(DomainError) as exc:
        services.resoudre_demande(demande, by=agent, solution="")

    assert exc.value.field == "solution"
    demande.refresh_from_db()
    assert demande.statut == DemandeStatus.NOUVELLE


def test_a_resolved_request_cannot_be_resolved_or_taken_again(editeur_dpi, agent):
    demande = DemandeSupportFactory(auteur=editeur_dpi, statut=DemandeStatus.RESOLUE, solution="Fait.")

    with pytest.raises(TransitionInterdite):
        services.resoudre_demande(demande, by=agent, solution="Encore")
    with pytest.raises(TransitionInterdite):
        services.prendre_demande(demande, by=agent)


def test_an_editor_cannot_resolve(editeur_dpi):
    demande = DemandeSupportFactory(auteur=editeur_dpi)

    with pytest.raises(PermissionRefusee):
        services.resoudre_demande(demande, by=editeur_dpi, solution="Moi-même")


def test_transition_table_covers_every_status_and_closes_resolved_requests():
    assert set(DEMANDE_TRANSITIONS) == set(DemandeStatus.values)
    assert DEMANDE_TRANSITIONS[DemandeStatus.RESOLUE] == set()
    assert all(DemandeStatus.RESOLUE in DEMANDE_TRANSITIONS[s] for s in DemandeStatus.values if s != DemandeStatus.RESOLUE)


def test_renouveler_jeton_calendrier_changes_the_token(editeur_dpi):
    ancien = editeur_dpi.jeton_calendrier

    nouveau = services.renouveler_jeton_calendrier(editeur_dpi, by=editeur_dpi)

    editeur_dpi.refresh_from_db()
    assert editeur_dpi.jeton_calendrier == nouveau != ancien
    assert Evenement.objects.filter(action="calendrier.jeton_renouvele", acteur=editeur_dpi).count() == 1


def test_only_the_owner_renews_their_token(editeur_dpi, autre_editeur):
    with pytest.raises(PermissionRefusee):
        services.renouveler_jeton_calendrier(editeur_dpi, by=autre_editeur)
