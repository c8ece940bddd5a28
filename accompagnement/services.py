"""Every state-changing action of the Espace Authentifié: one function per action, rights checked
through comptes.policy, statuses changed only through DEMANDE_TRANSITIONS, one journal event each
(the messaging app turns journal events into notifications)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidatures.journal import journaliser
from candidatures.models import Candidature
from comptes.errors import DomainError, PermissionRefusee, TransitionInterdite
from comptes.fichiers import BUREAUTIQUE, PDF, enregistrer_fichier, enregistrer_fichiers
from comptes.models import Fichier, Produit, User
from comptes.policy import can, produits_visibles, require

from .enums import DEMANDE_TRANSITIONS, DemandeCategorie, DemandeStatus
from .models import DemandeSupport, EvenementCalendrier, MessageDemande
from .selectors import candidatures_de

MAX_PIECES_JOINTES = 10


def _lien(demande: DemandeSupport) -> str:
    return reverse("accompagnement:demande", args=[demande.pk])


def _journal(action: str, demande: DemandeSupport, *, by, message: str, avant: str = "", apres: str = "") -> None:
    journaliser(
        action,
        acteur=by,
        organisation=demande.organisation,
        candidature=demande.candidature,
        cible=f"demande:{demande.pk}",
        avant=avant,
        apres=apres,
        message=message,
        details={"message_auto": False, "lien": _lien(demande), "demande": demande.pk},
    )


def _verifier(obj) -> None:
    """Model validation as a DomainError (French message of the first failing field)."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        champ, erreurs = next(iter(exc.message_dict.items()))
        raise DomainError(erreurs[0], field=None if champ == "__all__" else champ) from exc


def _stocker(fichiers: Iterable, *, demande: DemandeSupport, by) -> list[Fichier]:
    fichiers = list(fichiers)
    if len(fichiers) > MAX_PIECES_JOINTES:
        raise DomainError(f"Pas plus de {MAX_PIECES_JOINTES} pièces jointes à la fois.", field="pieces_jointes")
    produit = demande.produit or (demande.candidature.version.produit if demande.candidature else None)
    return enregistrer_fichiers(fichiers, organisation=demande.organisation, produit=produit, by=by)


def _transition(demande: DemandeSupport, to: str) -> str:
    """Move a locked request to `to` through the table; return the status it had."""
    avant = demande.statut
    if to not in DEMANDE_TRANSITIONS.get(avant, set()):
        raise TransitionInterdite(
            f"La demande est « {DemandeStatus(avant).label} » : impossible de la passer à « {DemandeStatus(to).label} »."
        )
    demande.statut = to
    return avant


def _verrouiller(demande: DemandeSupport | int) -> DemandeSupport:
    pk = demande if isinstance(demande, int) else demande.pk
    return DemandeSupport.objects.select_for_update(of=("self",)).select_related("organisation", "candidature__version").get(pk=pk)


@transaction.atomic
def ouvrir_demande(
    *,
    by: User,
    categorie: str,
    sujet: str,
    description: str,
    candidature: Candidature | None = None,
    produit: Produit | None = None,
    fichiers: Iterable = (),
) -> DemandeSupport:
    """Open a support request for the editor's organisation, with its attachments.

    The candidature and product, when given, must be ones the editor may read; a candidature
    implies its product. Raises PermissionRefusee, DomainError (bad input), FichierRefuse.
    """
    require(by, "accompagnement.add_demandesupport")
    if candidature is not None and not candidatures_de(by).filter(pk=candidature.pk).exists():
        raise PermissionRefusee("Vous ne pouvez pas consulter cette candidature.")
    if produit is not None and not produits_visibles(by).filter(pk=produit.pk).exists():
        raise PermissionRefusee("Vous ne pouvez pas consulter ce produit.")
    if candidature is not None:
        if produit is not None and candidature.version.produit_id != produit.pk:
            raise DomainError("La candidature choisie ne concerne pas ce produit.", field="produit")
        produit = candidature.version.produit
    if categorie not in DemandeCategorie.values:
        raise DomainError("Choisissez une catégorie dans la liste.", field="categorie")
    demande = DemandeSupport(
        organisation_id=by.organisation_id,
        auteur=by,
        categorie=categorie,
        sujet=(sujet or "").strip(),
        description=(description or "").strip(),
        candidature=candidature,
        produit=produit,
    )
    _verifier(demande)
    demande.save()
    demande.pieces_jointes.add(*_stocker(fichiers, demande=demande, by=by))
    _journal(
        "demande_support.ouverte",
        demande,
        by=by,
        apres=demande.statut,
        message=f"Nouvelle demande de support {demande.reference} : {demande.sujet}",
    )
    return demande


@transaction.atomic
def repondre_demande(
    demande: DemandeSupport | int, *, by: User, texte: str, fichiers: Iterable = (), attendre_editeur: bool = False
) -> MessageDemande:
    """Add a message to the request's thread.

    An editor's reply to a request waiting for them puts it back "en cours". An agent's reply
    takes a new request ("en cours", assigned to them) or, with `attendre_editeur`, waits for
    the editor. A resolved request takes no reply. Raises PermissionRefusee, TransitionInterdite,
    DomainError, FichierRefuse.
    """
    demande = _verrouiller(demande)
    require(by, "accompagnement.reply_demandesupport", demande)
    texte = (texte or "").strip()
    if not texte:
        raise DomainError("Écrivez votre message.", field="texte")
    if demande.statut == DemandeStatus.RESOLUE:
        raise TransitionInterdite("Cette demande est résolue : ouvrez une nouvelle demande pour une autre question.")
    agent = can(by, "accompagnement.manage_demandesupport", demande)
    avant = demande.statut
    if agent:
        cible = DemandeStatus.EN_ATTENTE_EDITEUR if attendre_editeur else DemandeStatus.EN_COURS
        if demande.agent_id is None:
            demande.agent = by
    else:
        cible = DemandeStatus.EN_COURS if avant == DemandeStatus.EN_ATTENTE_EDITEUR else avant
    if cible != avant:
        _transition(demande, cible)
    demande.save(update_fields=["statut", "agent", "updated_at"])
    message = MessageDemande.objects.create(demande=demande, auteur=by, texte=texte)
    message.pieces_jointes.add(*_stocker(fichiers, demande=demande, by=by))
    qui = "l'ANS" if agent else "l'éditeur"
    _journal(
        "demande_support.message",
        demande,
        by=by,
        avant=avant if cible != avant else "",
        apres=cible if cible != avant else "",
        message=f"Nouveau message de {qui} sur la demande {demande.reference} : {demande.sujet}",
    )
    return message


@transaction.atomic
def prendre_demande(demande: DemandeSupport | int, *, by: User) -> DemandeSupport:
    """An agent takes the request: assigned to them, "en cours". Raises PermissionRefusee, TransitionInterdite."""
    demande = _verrouiller(demande)
    require(by, "accompagnement.manage_demandesupport", demande)
    avant = demande.statut
    if avant != DemandeStatus.EN_COURS:
        _transition(demande, DemandeStatus.EN_COURS)
    demande.agent = by
    demande.save(update_fields=["statut", "agent", "updated_at"])
    _journal(
        "demande_support.prise_en_charge",
        demande,
        by=by,
        avant=avant,
        apres=demande.statut,
        message=f"Votre demande {demande.reference} est prise en charge par l'ANS.",
    )
    return demande


@transaction.atomic
def resoudre_demande(demande: DemandeSupport | int, *, by: User, solution: str) -> DemandeSupport:
    """An agent resolves the request with the solution shown to the editor.

    Raises PermissionRefusee, DomainError (no solution), TransitionInterdite (already resolved).
    """
    demande = _verrouiller(demande)
    require(by, "accompagnement.manage_demandesupport", demande)
    solution = (solution or "").strip()
    if not solution:
        raise DomainError("Décrivez la solution apportée.", field="solution")
    avant = _transition(demande, DemandeStatus.RESOLUE)
    demande.solution = solution
    demande.resolue_le = timezone.now()
    if demande.agent_id is None:
        demande.agent = by
    demande.save(update_fields=["statut", "solution", "resolue_le", "agent", "updated_at"])
    _journal(
        "demande_support.resolue",
        demande,
        by=by,
        avant=avant,
        apres=demande.statut,
        message=f"Votre demande {demande.reference} est résolue : consultez la solution apportée.",
    )
    return demande


@transaction.atomic
def renouveler_jeton_calendrier(user: User, *, by: User) -> str:
    """Give the user a new secret calendar-feed token: the old feed URL stops working at once."""
    if by is None or by.pk != user.pk or not by.is_active:
        raise PermissionRefusee("Seul le titulaire du compte peut renouveler son lien de calendrier.")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.jeton_calendrier = secrets.token_urlsafe(32)
    user.save(update_fields=["jeton_calendrier"])
    journaliser(
        "calendrier.jeton_renouvele",
        acteur=by,
        organisation=user.organisation,
        cible=f"utilisateur:{user.pk}",
        message="Lien d'abonnement au calendrier renouvelé.",
        details={"message_auto": False, "notifier": False},
    )
    return user.jeton_calendrier


@transaction.atomic
def attacher_support_evenement(evenement: EvenementCalendrier, *, upload, by: User) -> EvenementCalendrier:
    """Store the slides of an event (PDF or office document) through the one upload path."""
    require(by, "accompagnement.manage_calendrier")
    fichier = enregistrer_fichier(upload, categories=(PDF, BUREAUTIQUE), organisation=None, by=by)
    evenement = EvenementCalendrier.objects.select_for_update().get(pk=evenement.pk)
    evenement.support_fichier = fichier
    evenement.save(update_fields=["support_fichier", "updated_at"])
    journaliser(
        "calendrier.support_ajoute",
        acteur=by,
        cible=f"evenement_calendrier:{evenement.pk}",
        message=f"Support de présentation ajouté à « {evenement.titre} ».",
        details={"message_auto": False, "notifier": False},
    )
    return evenement
