"""Messaging actions: threads, messages, read markers, and the reaction to journal events."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from candidatures.journal import journaliser
from candidatures.models import Candidature, Evenement
from comptes.errors import DomainError
from comptes.fichiers import enregistrer_fichiers
from comptes.policy import require

from .context_processors import oublier_comptes
from .models import CLE_PRINCIPAL, Fil, Lecture, Message, Notification

ACTION_MESSAGE = "message_envoye"
TEXTE_MAX = 10_000
# Pages of the other apps where a candidature is followed, tried in order (the first that exists wins).
PAGES_CANDIDATURE = ("candidatures:detail", "candidatures:candidature", "candidatures:dossier")


def lien_candidature(candidature: Candidature | int) -> str:
    """Path of the page of a candidature (its thread list when no candidature page exists)."""
    pk = candidature if isinstance(candidature, int) else candidature.pk
    for name in PAGES_CANDIDATURE:
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return reverse("messagerie:candidature", args=[pk])


def fil_principal(candidature: Candidature) -> Fil:
    """The candidature's main thread, created on first use."""
    fil, _ = Fil.objects.get_or_create(candidature=candidature, cle=CLE_PRINCIPAL)
    return fil


def _poster(fil: Fil, **fields) -> Message:
    message = Message.objects.create(fil=fil, **fields)
    Fil.objects.filter(pk=fil.pk).update(dernier_message_le=message.created_at)
    fil.dernier_message_le = message.created_at
    return message


@transaction.atomic
def ouvrir_fil(candidature: Candidature, *, sujet: str, cle: str = "", by) -> Fil:
    """Open a thread on a step or a chapter of a candidature (ANS staff only).

    With a `cle` (e.g. "chapitre:DMP"), the existing thread on that subject is returned instead of
    a second one. Raises PermissionRefusee, DomainError (empty subject).
    """
    require(by, "messagerie.open_fil", candidature)
    sujet = (sujet or "").strip()
    if not sujet:
        raise DomainError("Indiquez le sujet du fil.", field="sujet")
    if cle == CLE_PRINCIPAL:
        return fil_principal(candidature)
    if cle:
        fil, _ = Fil.objects.get_or_create(candidature=candidature, cle=cle, defaults={"sujet": sujet[:255], "ouvert_par": by})
        return fil
    return Fil.objects.create(candidature=candidature, sujet=sujet[:255], ouvert_par=by)


@transaction.atomic
def envoyer_message(fil: Fil, *, texte: str, fichiers: Iterable = (), by, auteur=None) -> Message:
    """Write a message (with attachments) in a thread, and journal it (which notifies the others).

    Attachments go through the platform's upload path, attached to the candidature's product.
    Raises PermissionRefusee, DomainError (empty or too long), FichierRefuse.
    """
    auteur = auteur or by
    require(by, "messagerie.send_message", fil)
    texte = (texte or "").strip()
    if not texte:
        raise DomainError("Le message est vide.", field="texte")
    if len(texte) > TEXTE_MAX:
        raise DomainError(f"Le message dépasse {TEXTE_MAX} caractères.", field="texte")
    candidature = fil.candidature
    pieces = enregistrer_fichiers(fichiers, organisation=candidature.organisation, produit=candidature.version.produit, by=by)
    message = _poster(fil, auteur=auteur, texte=texte)
    if pieces:
        message.pieces_jointes.add(*pieces)
    lien = reverse("messagerie:fil", args=[fil.pk])
    message.evenement = journaliser(
        ACTION_MESSAGE,
        acteur=auteur,
        candidature=candidature,
        cible=f"fil:{fil.pk}",
        message=f"Message de {auteur} dans « {fil.titre} ».",
        details={"lien": lien, "fil": fil.pk, "message": message.pk},
    )
    message.save(update_fields=["evenement"])
    Lecture.objects.update_or_create(utilisateur=auteur, fil=fil, defaults={"lu_jusqu_au": message.created_at})
    return message


@transaction.atomic
def marquer_lu(fil: Fil, *, by) -> None:
    """Mark a thread read up to now for `by`, with the notifications of its messages."""
    maintenant = timezone.now()
    Lecture.objects.update_or_create(utilisateur=by, fil=fil, defaults={"lu_jusqu_au": maintenant})
    oublier_comptes([by.pk])
    Notification.objects.filter(destinataire=by, lue_le__isnull=True, evenement__messages__fil=fil).update(lue_le=maintenant)


def marquer_notifications_lues(*, by, pk: int | None = None) -> int:
    """Mark one notification of `by` (or all of them) read; returns how many changed."""
    oublier_comptes([by.pk])
    qs = Notification.objects.filter(destinataire=by, lue_le__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(lue_le=timezone.now())


@transaction.atomic
def ecrire_message_automatique(evenement: Evenement) -> Message | None:
    """Write the automatic message an event asks for (details.message_auto) in the main thread.

    Idempotent: one automatic message per event (a unique constraint).
    """
    details = evenement.details or {}
    if not details.get("message_auto") or evenement.candidature_id is None:
        return None
    existing = Message.objects.filter(evenement=evenement, automatique=True).first()
    if existing is not None:
        return existing
    fil = fil_principal(evenement.candidature)
    return _poster(
        fil,
        auteur=None,
        automatique=True,
        texte=evenement.message or "",
        lien=str(details.get("lien") or ""),
        evenement=evenement,
    )
