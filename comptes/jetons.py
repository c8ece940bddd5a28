"""Services of personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from convergence.requetes import un_seul

from .errors import DomainError
from .models import JetonAPI

PREFIX = "cvg_"
DUREE_MAX_JOURS = 365


def empreinte(valeur: str) -> str:
    return hashlib.sha256(valeur.encode()).hexdigest()


@transaction.atomic
def creer_jeton(utilisateur, *, nom: str, jours: int = 90, lecture_seule: bool = False) -> tuple[JetonAPI, str]:
    """Create a token for `utilisateur`; return it with its clear value (shown once)."""
    nom = (nom or "").strip()
    if not nom:
        raise DomainError("Donnez un nom au jeton.", field="nom")
    if not 1 <= jours <= DUREE_MAX_JOURS:
        raise DomainError(f"La durée de validité doit être comprise entre 1 et {DUREE_MAX_JOURS} jours.", field="jours")
    valeur = PREFIX + secrets.token_urlsafe(32)
    jeton = JetonAPI.objects.create(
        utilisateur=utilisateur,
        nom=nom[:100],
        prefixe=valeur[:12],
        empreinte=empreinte(valeur),
        lecture_seule=lecture_seule,
        expire_le=timezone.now() + timedelta(days=jours),
    )
    return jeton, valeur


def revoquer_jeton(jeton: JetonAPI, *, by) -> JetonAPI:
    if jeton.utilisateur_id != by.pk:
        raise DomainError("Ce jeton ne vous appartient pas.")
    if jeton.revoque_le is None:
        jeton.revoque_le = timezone.now()
        jeton.save(update_fields=["revoque_le"])
    return jeton


def authentifier(valeur: str) -> JetonAPI | None:
    """The valid token with this clear value, or None (unknown, revoked, expired, inactive user)."""
    if not valeur.startswith(PREFIX):
        return None
    # The key is unique: no ORDER BY nor LIMIT (convergence.requetes). The user's organisation is
    # not joined: the API reads its id only, and joined it cost every request ~1 ms of planning.
    jeton = un_seul(
        JetonAPI.objects.select_related("utilisateur"),
        empreinte=empreinte(valeur), revoque_le__isnull=True, expire_le__gt=timezone.now(),
    )
    if jeton is None or not jeton.utilisateur.is_active:
        return None
    now = timezone.now()
    if jeton.derniere_utilisation is None or now - jeton.derniere_utilisation > timedelta(minutes=5):
        JetonAPI.objects.filter(pk=jeton.pk).update(derniere_utilisation=now)
    return jeton
