"""The fixture world of the security tests, built with the factories and the apps' services.

Organisation A ("Alphamedica SAS") has one product with a candidature at each step of the
journey, and one user per right level; organisation B has an administrator and its own
product; the agency has a verifier, an instructor and an administrator. A's distinctive strings
(`SECRETS_A`) must never appear in an answer given to B or to an anonymous visitor.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from accompagnement import services as accompagnement
from accompagnement.enums import DemandeCategorie
from candidatures import services as candidatures
from comptes.jetons import creer_jeton
from conventions import services as conventions
from messagerie import services as messagerie
from preuves import services as preuves
from tests.accompagnement.factories import (
    EvenementCalendrierFactory,
    VisiteInteropFactory,
)
from tests.candidatures.conftest import completer
from tests.conventions.factories import candidature_preuves_validees, signataire
from tests.conventions.helpers import IP_EDITEUR, en_college
from tests.factories import (
    AgentFactory,
    CandidatureFactory,
    DSRFactory,
    HabilitationFactory,
    OrgAdminFactory,
    OrganisationFactory,
    ProduitFactory,
    UserFactory,
    VagueFactory,
    VersionProduitFactory,
)
from tests.files import PDF, png_bytes
from tests.messagerie.factories import NotificationFactory
from tests.preuves.factories import (
    candidature_en_preuves,
    catalogue,
    dossier,
    mp4,
    preuves_par_numero,
)

ROLES = (
    "anonyme", "lecteur", "contributeur", "soumetteur", "admin", "editeur_b", "verificateur", "instructeur",
    "administrateur",
)
EDITEURS_A = ("lecteur", "contributeur", "soumetteur", "admin")
AGENTS = ("verificateur", "instructeur", "administrateur")

PRODUIT_A = "ZephyrAlphaDPI"
RAISON_SOCIALE_A = "Alphamedica SAS"
SIREN_A = "732829320"
COMMENTAIRE_PREUVE_A = "commentaire-preuve-alpha-7731"
MESSAGE_A = "message-fil-alpha-4411"
DEMANDE_A = "demande-support-alpha-5521"
SECRETS_A = (PRODUIT_A, RAISON_SOCIALE_A, SIREN_A, COMMENTAIRE_PREUVE_A, MESSAGE_A, DEMANDE_A)


def png(nom="capture.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, png_bytes(), content_type="image/png")


def pdf(nom="document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, PDF, content_type="application/pdf")


def _editeur(organisation, username, produit, **droits):
    user = UserFactory(username=username, organisation=organisation)
    HabilitationFactory(utilisateur=user, produit=produit, lire=True, **droits)
    return user


def construire_monde() -> SimpleNamespace:
    m = SimpleNamespace()
    # --- the agency ---
    m.verificateur = AgentFactory(role="verificateur", username="verificateur")
    m.instructeur = AgentFactory(role="instructeur", username="instructeur")
    m.administrateur = AgentFactory(role="administrateur", username="administrateur", is_superuser=True)

    # --- organisation A: one product, a user per right level ---
    m.org_a = OrganisationFactory(raison_sociale=RAISON_SOCIALE_A, siren=SIREN_A, siret=f"{SIREN_A}00015")
    m.produit = ProduitFactory(organisation=m.org_a, nom=PRODUIT_A)
    m.admin = OrgAdminFactory(username="admin-a", organisation=m.org_a)
    m.lecteur = _editeur(m.org_a, "lecteur-a", m.produit)
    m.contributeur = _editeur(m.org_a, "contributeur-a", m.produit, contribuer=True)
    m.soumetteur = _editeur(m.org_a, "soumetteur-a", m.produit, contribuer=True, soumettre=True)
    for user in (m.lecteur, m.contributeur, m.soumetteur):
        user.cree_par = m.admin
        user.save(update_fields=["cree_par"])
    versions = iter(VersionProduitFactory(produit=m.produit, numero=f"{n}.0") for n in range(1, 9))
    m.version = next(versions)

    # --- organisation B: an administrator with a product of their own ---
    m.org_b = OrganisationFactory(raison_sociale="Betamed SA", siren="552100554", siret="55210055400013")
    m.editeur_b = OrgAdminFactory(username="admin-b", organisation=m.org_b)
    m.produit_b = ProduitFactory(organisation=m.org_b, nom="ProduitBeta")
    m.candidature_b = CandidatureFactory(version=VersionProduitFactory(produit=m.produit_b, numero="1.0"))

    # --- the catalogue and phase 1 ---
    m.vague = VagueFactory()
    m.dsr = DSRFactory(vague=m.vague)
    m.cat = catalogue(m.dsr)
    m.c_brouillon = candidatures.demarrer_candidature(version=m.version, dsr=m.dsr, by=m.soumetteur, charte_acceptee=True)
    m.c_soumise = candidatures.demarrer_candidature(version=next(versions), dsr=m.dsr, by=m.soumetteur, charte_acceptee=True)
    completer(m.c_soumise, by=m.soumetteur)
    candidatures.soumettre_dossier(m.c_soumise, by=m.soumetteur)

    # --- phase 2: chapter INS deposited, submitted and in analysis; SSI still to provide ---
    m.c_preuves = candidature_en_preuves(m.cat, version=next(versions))
    p = preuves_par_numero(m.c_preuves)
    preuves.deposer_preuve(p["INS/GEN.01"], fichiers=[mp4(), png()], commentaire=COMMENTAIRE_PREUVE_A, by=m.contributeur)
    preuves.deposer_preuve(p["INS/GEN.02"], fichiers=[pdf()], by=m.contributeur)
    preuves.deposer_preuve(p["INS/V1.01"], fichiers=[png()], by=m.contributeur)
    m.dossier_ins = dossier(m.c_preuves, "INS")
    preuves.soumettre_chapitre(m.dossier_ins, by=m.soumetteur)
    preuves.assigner_chapitre(m.dossier_ins, verificateur=m.verificateur, by=m.verificateur)
    m.dossier_ssi = dossier(m.c_preuves, "SSI")
    m.preuve_deposee = p["INS/GEN.01"]
    m.preuve_a_fournir = p["SSI/GEN.18"]
    m.fichier = m.preuve_deposee.depots.get().fichiers.order_by("pk").first()
    m.visite = VisiteInteropFactory(candidature=m.c_preuves)

    # --- phase 3: a convention to prepare, to sign, to countersign; a college session ---
    m.c_validee = candidature_preuves_validees(version=next(versions), dsr=m.dsr)
    m.c_a_signer = candidature_preuves_validees(version=next(versions), dsr=m.dsr)
    conventions.preparer_convention(m.c_a_signer, by=m.instructeur)
    m.c_a_contresigner = candidature_preuves_validees(version=next(versions), dsr=m.dsr)
    convention = conventions.preparer_convention(m.c_a_contresigner, by=m.instructeur)
    conventions.signer_convention_editeur(
        convention, by=signataire(m.c_a_contresigner), consentement=True, adresse_ip=IP_EDITEUR
    )
    m.c_college, m.session = en_college(m.instructeur, version=next(versions), dsr=m.dsr)

    # --- messaging, support, calendar, tokens ---
    m.fil = messagerie.fil_principal(m.c_preuves)
    messagerie.envoyer_message(m.fil, texte=MESSAGE_A, fichiers=[pdf("piece.pdf")], by=m.contributeur)
    m.notification = NotificationFactory(destinataire=m.lecteur, candidature=m.c_preuves, lien="/candidatures/")
    m.demande = accompagnement.ouvrir_demande(
        by=m.contributeur, categorie=DemandeCategorie.PLATEFORME, sujet=DEMANDE_A,
        description="Question sur le dépôt.", produit=m.produit, fichiers=[pdf("question.pdf")],
    )
    m.evenement = EvenementCalendrierFactory()
    accompagnement.attacher_support_evenement(m.evenement, upload=pdf("support.pdf"), by=m.administrateur)
    m.jeton, m.jeton_valeur = creer_jeton(m.admin, nom="Intégration continue")

    m.utilisateurs = {role: getattr(m, role, None) for role in ROLES}
    m.utilisateurs["admin"] = m.admin
    return m
