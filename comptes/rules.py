"""Rights on organisations, users and products (django-rules, answered by comptes.policy)."""

import rules

from .models import Droit
from .policy import (
    ROLE_ADMINISTRATEUR,
    droits_produit,
    gere_utilisateur,
    has_role,
    is_agent,
    peut_gerer_utilisateurs,
    peut_lire_fichier,
)


@rules.predicate
def is_agent_ans(user):
    return is_agent(user)


@rules.predicate
def is_administrateur_ans(user):
    return has_role(user, ROLE_ADMINISTRATEUR)


@rules.predicate
def same_organisation(user, obj):
    org_id = getattr(obj, "organisation_id", None)
    if obj is not None and obj.__class__.__name__ == "Organisation":
        org_id = obj.pk
    return org_id is not None and user.organisation_id == org_id


@rules.predicate
def can_manage_users(user):
    return peut_gerer_utilisateurs(user)


@rules.predicate
def manages_user(user, cible):
    return gere_utilisateur(user, cible)


@rules.predicate
def can_read_fichier(user, fichier):
    return peut_lire_fichier(user, fichier)


def _product_right(droit):
    @rules.predicate(name=f"has_product_right_{droit}")
    def predicate(user, produit):
        return produit is not None and droit in droits_produit(user, produit)

    return predicate


has_read = _product_right(Droit.LIRE)
has_contribute = _product_right(Droit.CONTRIBUER)
has_submit = _product_right(Droit.SOUMETTRE)
has_sign = _product_right(Droit.SIGNER)

rules.add_perm("comptes.view_organisation", same_organisation | is_agent_ans)
rules.add_perm("comptes.manage_users", can_manage_users & same_organisation)
rules.add_perm("comptes.view_user", same_organisation | is_agent_ans)
rules.add_perm("comptes.manage_user", manages_user)
rules.add_perm("comptes.view_fichier", is_agent_ans | can_read_fichier)
rules.add_perm("comptes.add_produit", can_manage_users)
rules.add_perm("comptes.view_produit", has_read | is_agent_ans)
rules.add_perm("comptes.change_produit", has_contribute)
rules.add_perm("comptes.delegate_produit", can_manage_users & has_read)
