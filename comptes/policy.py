"""The one policy module: `can(user, action, obj)` answers every rights question.

Views, API, services and templates all ask here (directly or through django-rules, whose
permissions are registered in each app's rules.py and answer through these functions).
"""

from __future__ import annotations

import rules
from django.db.models import Q, QuerySet

from convergence.securite import refus_de_droit

from .errors import PermissionRefusee
from .models import Droit, Habilitation, Produit, User

ROLE_INSTRUCTEUR = "instructeur"
ROLE_VERIFICATEUR = "verificateur"
ROLE_ADMINISTRATEUR = "administrateur"
ROLES_ANS = (ROLE_INSTRUCTEUR, ROLE_VERIFICATEUR, ROLE_ADMINISTRATEUR)


def roles(user) -> set[str]:
    """The user's ANS roles (group names), cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES_ANS).values_list("name", flat=True))
        if user.is_superuser:
            cached |= set(ROLES_ANS)
        user._roles_cache = cached
    return cached


def is_agent(user) -> bool:
    """ANS staff: no organisation, and at least one ANS role."""
    return user.is_authenticated and user.organisation_id is None and bool(roles(user))


def has_role(user, role: str) -> bool:
    return role in roles(user)


def is_editeur(user) -> bool:
    return user.is_authenticated and user.is_active and user.organisation_id is not None


def droits_produit(user, produit: Produit | int) -> set[str]:
    """Rights of an editor on one product. The organisation's administrator holds them all."""
    if not is_editeur(user):
        return set()
    produit_id = produit if isinstance(produit, int) else produit.pk
    org_id = produit.organisation_id if isinstance(produit, Produit) else None
    if user.est_admin_organisation:
        if org_id is None:
            org_id = Produit.objects.filter(pk=produit_id).values_list("organisation_id", flat=True).first()
        return set(Droit.values) if org_id == user.organisation_id else set()
    cache = getattr(user, "_droits_cache", None)
    if cache is None:
        cache = {}
        for h in Habilitation.objects.filter(utilisateur=user, produit__organisation_id=user.organisation_id):
            cache[h.produit_id] = h.droits()
        user._droits_cache = cache
    return cache.get(produit_id, set())


def produits_visibles(user, droit: str = Droit.LIRE) -> QuerySet[Produit]:
    """Products on which the user holds `droit` (all of them for ANS staff reading)."""
    if is_agent(user):
        return Produit.objects.all() if droit == Droit.LIRE else Produit.objects.none()
    if not is_editeur(user):
        return Produit.objects.none()
    qs = Produit.objects.filter(organisation_id=user.organisation_id)
    if user.est_admin_organisation:
        return qs
    return qs.filter(Q(habilitations__utilisateur=user) & Q(**{f"habilitations__{droit}": True}))


def peut_gerer_utilisateurs(user) -> bool:
    """May this editor create users and hand out rights (the org admin always may)?"""
    return is_editeur(user) and (user.est_admin_organisation or user.peut_gerer_utilisateurs)


def est_descendant(utilisateur, ancetre) -> bool:
    """Was `utilisateur` created (directly or down the tree) by `ancetre`?"""
    seen: set[int] = set()
    current = utilisateur.cree_par_id
    while current is not None and current not in seen:
        if current == ancetre.pk:
            return True
        seen.add(current)
        current = User.objects.filter(pk=current).values_list("cree_par_id", flat=True).first()
    return False


def gere_utilisateur(user, cible) -> bool:
    """May `user` change the rights of `cible` or deactivate them? Only a user manager of the
    same organisation, on someone below them in the tree (anyone but the admin, for the admin)."""
    if not peut_gerer_utilisateurs(user) or cible is None or cible.pk == user.pk:
        return False
    if cible.organisation_id != user.organisation_id or cible.est_admin_organisation:
        return False
    return user.est_admin_organisation or est_descendant(cible, user)


def peut_lire_fichier(user, fichier) -> bool:
    """Readers of the file's product; without a product, the users of its organisation."""
    if fichier is None or not is_editeur(user):
        return False
    if fichier.produit_id is not None:
        return Droit.LIRE in droits_produit(user, fichier.produit_id)
    return fichier.organisation_id is not None and fichier.organisation_id == user.organisation_id


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` to `obj`? The single entry point for rights.

    Actions are django-rules permission names ("candidatures.submit_candidature"); the
    predicates behind them live in each app's rules.py and use the helpers above.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    # The rules themselves, not user.has_perm(): Django answers True to every permission of a
    # superuser (the ANS administrators are superusers for the admin site), which would let
    # them act as an editor (deposit, sign, create users). Unknown actions are refused.
    return rules.has_perm(action, user, obj)


def require(user, action: str, obj=None) -> None:
    """Raise PermissionRefusee when `can` says no (used by services)."""
    if not can(user, action, obj):
        refus_de_droit(user, action, obj)
        raise PermissionRefusee("Vous n'avez pas le droit d'effectuer cette action.")
