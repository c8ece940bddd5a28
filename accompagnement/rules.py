"""Rights of the Espace Authentifié (django-rules, answered through comptes.policy's helpers)."""

import rules

from comptes.models import Droit
from comptes.policy import (
    ROLE_ADMINISTRATEUR,
    droits_produit,
    has_role,
    is_agent,
    is_editeur,
)


@rules.predicate
def est_agent_ans(user):
    return is_agent(user)


@rules.predicate
def est_administrateur_ans(user):
    return has_role(user, ROLE_ADMINISTRATEUR)


@rules.predicate
def est_editeur(user):
    return is_editeur(user)


def produit_de_demande(demande):
    """The product a request is about: its own, or its candidature's."""
    if demande.produit_id:
        return demande.produit_id
    if demande.candidature_id:
        return demande.candidature.version.produit_id
    return None


@rules.predicate
def voit_demande(user, demande):
    """An editor of the request's organisation who wrote it, administers the organisation, or may
    read the product it is about."""
    if demande is None or not is_editeur(user) or demande.organisation_id != user.organisation_id:
        return False
    if demande.auteur_id == user.pk or user.est_admin_organisation:
        return True
    produit_id = produit_de_demande(demande)
    return produit_id is not None and Droit.LIRE in droits_produit(user, produit_id)


rules.add_perm("accompagnement.add_demandesupport", est_editeur)
rules.add_perm("accompagnement.view_demandesupport", est_agent_ans | voit_demande)
rules.add_perm("accompagnement.reply_demandesupport", est_agent_ans | voit_demande)
rules.add_perm("accompagnement.manage_demandesupport", est_agent_ans)
rules.add_perm("accompagnement.view_tableau_de_bord", est_editeur)
rules.add_perm("accompagnement.manage_calendrier", est_administrateur_ans)
