"""Reads of accounts: the organisation's users as a tree, with their rights per product."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import Droit, Habilitation, Produit, User
from .policy import droits_produit, produits_visibles


@dataclass
class Noeud:
    """One user in the delegation tree, as seen by the viewer."""

    utilisateur: User
    droits: list[tuple[Produit, list[str]]] = field(default_factory=list)
    enfants: list[Noeud] = field(default_factory=list)
    gerable: bool = False


def libelles_droits(droits) -> list[str]:
    return [str(Droit(d).label) for d in Droit.values if d in droits]


def arbre_utilisateurs(viewer: User) -> tuple[list[Noeud], list[Produit]]:
    """The users the viewer may see as a forest, and the products shown.

    The organisation's administrator sees every user; another user manager sees themself and
    the users created below them. Rights are shown only on products the viewer may read.
    Three queries, whatever the number of users.
    """
    produits = list(produits_visibles(viewer).order_by("nom"))
    ids_produits = {p.pk for p in produits}
    utilisateurs = list(
        User.objects.filter(organisation_id=viewer.organisation_id)
        .prefetch_related(
            Prefetch(
                "habilitations",
                queryset=Habilitation.objects.filter(produit_id__in=ids_produits),
                to_attr="habilitations_visibles",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    par_id = {u.pk: u for u in utilisateurs}
    noeuds = {u.pk: Noeud(utilisateur=u) for u in utilisateurs}
    racines: list[Noeud] = []
    for u in utilisateurs:
        if u.est_admin_organisation:
            droits_u = {p.pk: set(Droit.values) for p in produits}
        else:
            droits_u = {h.produit_id: h.droits() for h in u.habilitations_visibles}
        noeuds[u.pk].droits = [
            (p, libelles_droits(droits_u.get(p.pk, ()))) for p in produits
        ]
        parent = (
            noeuds.get(u.cree_par_id)
            if u.cree_par_id in par_id and u.cree_par_id != u.pk
            else None
        )
        (parent.enfants if parent else racines).append(noeuds[u.pk])
    if viewer.est_admin_organisation:
        for n in noeuds.values():
            n.gerable = (
                n.utilisateur.pk != viewer.pk
                and not n.utilisateur.est_admin_organisation
            )
        return racines, produits
    moi = noeuds.get(viewer.pk)
    if moi is None:
        return [], produits
    pile = list(moi.enfants)
    while pile:
        n = pile.pop()
        n.gerable = not n.utilisateur.est_admin_organisation
        pile.extend(n.enfants)
    return [moi], produits


def droits_modifiables(
    acteur: User, cible: User
) -> list[tuple[Produit, set[str], set[str]]]:
    """For the rights page: each product the actor may read, the actor's own rights on it (what
    they may change) and the target's current rights."""
    produits = list(produits_visibles(acteur).order_by("nom"))
    actuelles = {
        h.produit_id: h.droits()
        for h in Habilitation.objects.filter(utilisateur=cible, produit__in=produits)
    }
    return [
        (p, droits_produit(acteur, p), actuelles.get(p.pk, set())) for p in produits
    ]
