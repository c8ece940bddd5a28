"""Rights on conventions and the college (django-rules, answered by comptes.policy).

Objects are candidatures (or conventions, resolved to their candidature)."""

import rules

from comptes.models import Droit
from comptes.policy import (
    ROLE_ADMINISTRATEUR,
    ROLE_INSTRUCTEUR,
    droits_produit,
    has_role,
    is_agent,
)


def _candidature(obj):
    return getattr(obj, "candidature", obj)


def _droit_sur_candidature(user, obj, droit: str) -> bool:
    candidature = _candidature(obj)
    if candidature is None or user.organisation_id is None:
        return False
    if candidature.organisation_id != user.organisation_id:
        return False
    return droit in droits_produit(user, candidature.version.produit)


@rules.predicate
def is_instructeur(user):
    return has_role(user, ROLE_INSTRUCTEUR)


@rules.predicate
def is_administrateur(user):
    return has_role(user, ROLE_ADMINISTRATEUR)


@rules.predicate
def is_agent_ans(user):
    return is_agent(user)


@rules.predicate
def reads_candidature(user, obj):
    return _droit_sur_candidature(user, obj, Droit.LIRE)


@rules.predicate
def signs_for_candidature(user, obj):
    return _droit_sur_candidature(user, obj, Droit.SIGNER)


rules.add_perm("conventions.view_convention", is_agent_ans | reads_candidature)
rules.add_perm("conventions.prepare_convention", is_instructeur)
rules.add_perm("conventions.sign_convention", signs_for_candidature)
rules.add_perm("conventions.countersign_convention", is_instructeur)
rules.add_perm("conventions.view_college", is_agent_ans)
rules.add_perm("conventions.manage_college", is_instructeur)
rules.add_perm("conventions.manage_modele", is_administrateur)
