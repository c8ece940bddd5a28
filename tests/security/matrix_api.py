"""Authorization matrix of the REST API (/api/v1/), for the security suite's route matrix.

`API_MATRIX[route][role]` is the HTTP status the API answers, where
- `route` is a DRF route name under /api/v1/ (as `convergence.api.urls.router.urls` names them,
  e.g. "candidature-list", "candidature-detail", "candidature-soumettre"); every route is listed;
- the request is `API_METHODES[route]`: a GET for list and detail routes and read-only actions,
  a POST with an empty JSON body (`{}`) for the other actions (`administrative` and
  `eligibilite` also accept PATCH; the matrix uses POST);
- a detail route (and its actions) names the object `objets[basename]` of `construire_monde()`
  (see `url_de`): each belongs to organisation A, or is organisation-less catalogue data;
- `role` is one of ROLES, the users of `construire_monde()`:
  anonyme (no credentials), editeur_a_lecteur / editeur_a_contributeur / editeur_a_soumetteur
  (rights lire / +contribuer / +soumettre and signer on A's product), editeur_a_admin (A's
  organisation administrator), editeur_b (B's organisation administrator), verificateur,
  instructeur (ANS staff with that role), administrateur (ANS administrator, a superuser, like the
  `administrateur` fixture of tests/conftest.py: a superuser holds every ANS role but no editor
  right, so editors' actions are refused to it; the services' state checks still apply).

The state of organisation A (all wave dates in the future): candidature C in `preuves` on the REM
catalogue of tests.preuves.factories (chapters INS and SSI requested), one version deposited on
INS/GEN.02 only (so chapter INS, `a_completer`, cannot be submitted), an Interop visit, its main
thread with one message of the instructor, a notification for editeur_a_lecteur, a support request
opened by editeur_a_lecteur on C; candidature C3 (same product) `non_referencee` with a signed
convention and a non-attribution decision; a published calendar event with slides.

Each (route, role) is meant to run on that state as built: the status of a successful action
that changes data (e.g. `candidature-abandonner` 200 for the submitter) assumes no earlier request
changed it (tests/api/test_matrice.py rolls each request back with a savepoint). 401 is the
answer without credentials, 404 an object the caller may not see (never its data), 403 a right
refused, 400 an empty body refused, 409 a state or date refusing the action.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accompagnement import services as accompagnement
from candidatures.enums import CandidatureStatus
from comptes.fichiers import enregistrer_fichier
from conventions.enums import ConventionStatus, ResultatDecision, RoleSignature
from conventions.models import Convention, Decision, Reserve, Signature
from messagerie import services as messagerie
from preuves.models import Depot, DossierChapitre, VisiteInterop
from preuves.services import deposer_preuve
from tests.accompagnement.factories import EvenementCalendrierFactory
from tests.candidatures.fichiers import pdf_bytes
from tests.conventions.factories import ModeleConventionFactory, SessionCollegeFactory
from tests.factories import (
    AgentFactory,
    HabilitationFactory,
    OrgAdminFactory,
    OrganisationFactory,
    ProduitFactory,
    UserFactory,
    VersionProduitFactory,
)
from tests.messagerie.factories import NotificationFactory
from tests.preuves.factories import (
    candidature_en_preuves,
    catalogue,
    pdf,
    preuves_par_numero,
)

ROLES = (
    "anonyme",
    "editeur_a_lecteur",
    "editeur_a_contributeur",
    "editeur_a_soumetteur",
    "editeur_a_admin",
    "editeur_b",
    "verificateur",
    "instructeur",
    "administrateur",
)


def _ligne(anonyme=401, lecteur=200, contributeur=None, soumetteur=None, admin=None, b=404, verificateur=200,
           instructeur=None, administrateur=None) -> dict[str, int]:
    """One row: editors of A default to the reader's answer, staff to the verifier's."""
    contributeur = lecteur if contributeur is None else contributeur
    soumetteur = contributeur if soumetteur is None else soumetteur
    admin = soumetteur if admin is None else admin
    instructeur = verificateur if instructeur is None else instructeur
    administrateur = instructeur if administrateur is None else administrateur
    return dict(zip(ROLES, (anonyme, lecteur, contributeur, soumetteur, admin, b, verificateur, instructeur,
                            administrateur), strict=True))


TOUS = _ligne(b=200)  # lists (filtered to what each may see), catalogue, the caller's own things
A_ET_ANS = _ligne()  # an object of organisation A: its editors and ANS staff read it, B gets a 404

API_MATRIX: dict[str, dict[str, int]] = {
    "api-root": TOUS,
    # comptes
    "organisation-list": TOUS,
    "organisation-detail": A_ET_ANS,
    "utilisateur-list": TOUS,
    "utilisateur-detail": A_ET_ANS,
    "utilisateur-moi": TOUS,
    "utilisateur-droits": _ligne(lecteur=403, admin=200, verificateur=403),
    "utilisateur-desactiver": _ligne(lecteur=403, admin=200, verificateur=403),
    "produit-list": TOUS,
    "produit-detail": A_ET_ANS,
    "version-produit-list": TOUS,
    "version-produit-detail": A_ET_ANS,
    "fichier-detail": A_ET_ANS,
    "fichier-contenu": A_ET_ANS,
    # candidatures and their catalogue
    "vague-list": TOUS,
    "vague-detail": TOUS,
    "dsr-list": TOUS,
    "dsr-detail": TOUS,
    "profil-list": TOUS,
    "profil-detail": TOUS,
    "candidature-list": TOUS,
    "candidature-detail": A_ET_ANS,
    "candidature-administrative": _ligne(lecteur=403, contributeur=400, verificateur=403),
    "candidature-eligibilite": _ligne(lecteur=403, contributeur=400, verificateur=403),
    "candidature-soumettre": _ligne(lecteur=403, soumetteur=409, verificateur=403),
    "candidature-abandonner": _ligne(lecteur=403, soumetteur=200, verificateur=403),
    "candidature-demander-complement": _ligne(lecteur=403, verificateur=403, instructeur=400),
    "candidature-valider": _ligne(lecteur=403, verificateur=403, instructeur=409),
    "candidature-referent": _ligne(lecteur=403, verificateur=403, instructeur=400),
    # REM catalogue and phase 2
    "chapitre-list": TOUS,
    "chapitre-detail": TOUS,
    "exigence-list": TOUS,
    "exigence-detail": TOUS,
    "preuve-attendue-list": TOUS,
    "preuve-attendue-detail": TOUS,
    "dossier-chapitre-list": TOUS,
    "dossier-chapitre-detail": A_ET_ANS,
    "dossier-chapitre-soumettre": _ligne(lecteur=403, soumetteur=400, verificateur=403),
    "dossier-chapitre-assigner": _ligne(lecteur=403, verificateur=409, instructeur=403, administrateur=409),
    "dossier-chapitre-decider": _ligne(lecteur=403, verificateur=409, instructeur=403, administrateur=409),
    "preuve-demandee-list": TOUS,
    "preuve-demandee-detail": A_ET_ANS,
    "preuve-demandee-deposer": _ligne(lecteur=403, contributeur=400, verificateur=403),
    "preuve-demandee-avis": _ligne(lecteur=403, verificateur=400, instructeur=403, administrateur=400),
    "depot-list": TOUS,
    "depot-detail": A_ET_ANS,
    "visite-interop-list": TOUS,
    "visite-interop-detail": A_ET_ANS,
    # phase 3 (read-only)
    "convention-list": TOUS,
    "convention-detail": A_ET_ANS,
    "decision-list": TOUS,
    "decision-detail": A_ET_ANS,
    # messaging
    "fil-list": TOUS,
    "fil-detail": A_ET_ANS,
    "fil-lu": A_ET_ANS,
    "message-list": TOUS,
    "message-detail": A_ET_ANS,
    "notification-list": TOUS,
    "notification-detail": _ligne(contributeur=404, verificateur=404),  # editeur_a_lecteur's own
    "notification-lue": _ligne(contributeur=404, verificateur=404),
    "notification-tout-lire": TOUS,
    # Espace Authentifié
    "demande-support-list": TOUS,
    "demande-support-detail": A_ET_ANS,
    "demande-support-repondre": _ligne(lecteur=400, verificateur=400),
    "evenement-calendrier-list": TOUS,
    "evenement-calendrier-detail": TOUS,
    "evenement-calendrier-support": TOUS,
}

GET_ACTIONS = {"utilisateur-moi", "fichier-contenu", "evenement-calendrier-support"}
API_METHODES: dict[str, str] = {
    route: "GET" if route == "api-root" or route.endswith(("-list", "-detail")) or route in GET_ACTIONS else "POST"
    for route in API_MATRIX
}


def basename(route: str) -> str:
    """The object a route is about ("candidature-demander-complement" -> "candidature")."""
    for nom in sorted(OBJETS, key=len, reverse=True):
        if route.startswith(nom + "-"):
            return nom
    raise KeyError(route)


# Detail routes: which object of `construire_monde()` they name.
OBJETS = (
    "organisation", "utilisateur", "produit", "version-produit", "fichier", "vague", "dsr", "profil", "candidature",
    "chapitre", "exigence", "preuve-attendue", "dossier-chapitre", "preuve-demandee", "depot", "visite-interop",
    "convention", "decision", "fil", "message", "notification", "demande-support", "evenement-calendrier",
)


@dataclass
class Monde:
    utilisateurs: dict[str, object] = field(default_factory=dict)  # role -> User (None for anonyme)
    objets: dict[str, object] = field(default_factory=dict)  # basename -> model instance


def url_de(route: str, monde: Monde) -> str:
    """The URL the matrix requests for `route` in `monde`."""
    if route == "api-root" or route.endswith("-list") or route == "utilisateur-moi" or route == "notification-tout-lire":
        return reverse(route)
    return reverse(route, kwargs={"pk": monde.objets[basename(route)].pk})


def construire_monde() -> Monde:
    """Build the state the matrix describes (needs the database)."""
    org_a = OrganisationFactory(raison_sociale="Organisation A")
    produit = ProduitFactory(organisation=org_a, nom="Produit A")
    version = VersionProduitFactory(produit=produit, numero="1.0")

    def editeur(nom, **droits):
        user = UserFactory(username=nom, organisation=org_a)
        HabilitationFactory(utilisateur=user, produit=produit, lire=True, **droits)
        return user

    u = {
        "anonyme": None,
        "editeur_a_lecteur": editeur("a-lecteur"),
        "editeur_a_contributeur": editeur("a-contributeur", contribuer=True),
        "editeur_a_soumetteur": editeur("a-soumetteur", contribuer=True, soumettre=True, signer=True),
        "editeur_a_admin": OrgAdminFactory(username="a-admin", organisation=org_a),
        "editeur_b": OrgAdminFactory(username="b-admin", organisation=OrganisationFactory(raison_sociale="Organisation B")),
        "verificateur": AgentFactory(username="verificateur", role="verificateur"),
        "instructeur": AgentFactory(username="instructeur", role="instructeur"),
        "administrateur": AgentFactory(username="administrateur", role="administrateur", is_superuser=True),
    }
    cat = catalogue()
    c = candidature_en_preuves(cat, version=version)
    depot = deposer_preuve(preuves_par_numero(c)["INS/GEN.02"], fichiers=[pdf()], by=u["editeur_a_contributeur"])
    visite = VisiteInterop.objects.create(candidature=c, date_visite=timezone.now() + timedelta(days=5), lieu="Visio")
    fil = messagerie.fil_principal(c)
    message = messagerie.envoyer_message(fil, texte="Bonjour", by=u["instructeur"])
    demande = accompagnement.ouvrir_demande(by=u["editeur_a_lecteur"], categorie="plateforme", sujet="Question",
                                            description="Une question.", candidature=c)

    c3 = candidature_en_preuves(cat, version=VersionProduitFactory(produit=produit, numero="0.9"), generer=False,
                                statut=CandidatureStatus.NON_REFERENCEE)
    f = enregistrer_fichier(SimpleUploadedFile("convention.pdf", pdf_bytes()), organisation=org_a, produit=produit)
    convention = Convention.objects.create(
        candidature=c3, modele=ModeleConventionFactory(vague=c3.vague), statut=ConventionStatus.SIGNEE, pdf=f,
        pdf_sha256=f.sha256, pdf_signe=f, pdf_signe_sha256=f.sha256, prepared_at=timezone.now(),
    )
    for role, qui in ((RoleSignature.EDITEUR, u["editeur_a_soumetteur"]), (RoleSignature.ANS, u["instructeur"])):
        Signature.objects.create(convention=convention, role=role, signataire=qui, signe_le=timezone.now(), sha256=f.sha256)
    decision = Decision.objects.create(candidature=c3, session=SessionCollegeFactory(),
                                       resultat=ResultatDecision.NON_ATTRIBUTION, motifs="Réserves")
    Reserve.objects.create(decision=decision, motif="Rapport de test d'intrusion à refaire")
    slides = enregistrer_fichier(SimpleUploadedFile("slides.pdf", pdf_bytes()), organisation=None)

    pa = preuves_par_numero(c)["INS/GEN.01"]
    objets = {
        "organisation": org_a,
        "utilisateur": u["editeur_a_lecteur"],
        "produit": produit,
        "version-produit": version,
        "fichier": depot.fichiers.get(),
        "vague": c.vague,
        "dsr": c.dsr,
        "profil": cat["general"],
        "candidature": c,
        "chapitre": cat["chapitres"]["INS"],
        "exigence": pa.preuve_attendue.exigence,
        "preuve-attendue": pa.preuve_attendue,
        "dossier-chapitre": DossierChapitre.objects.get(candidature=c, chapitre__code="INS"),
        "preuve-demandee": pa,
        "depot": Depot.objects.get(pk=depot.pk),
        "visite-interop": visite,
        "convention": convention,
        "decision": decision,
        "fil": fil,
        "message": message,
        "notification": NotificationFactory(destinataire=u["editeur_a_lecteur"], candidature=c),
        "demande-support": demande,
        "evenement-calendrier": EvenementCalendrierFactory(support_fichier=slides),
    }
    return Monde(utilisateurs=u, objets=objets)
