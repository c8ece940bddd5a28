"""Rights on waves and candidatures (django-rules, answered through comptes.policy).

Editor rights come from the product of the candidature's version (lire, contribuer, soumettre);
the agency's come from roles. Predicates take a Candidature, or a Produit for `add_candidature`.
"""

import rules

from comptes.models import Droit
from comptes.policy import ROLE_INSTRUCTEUR, droits_produit, has_role, is_agent
from comptes.rules import is_administrateur_ans


def _produit(obj):
    """The product a right is asked on: a Candidature's (through its version) or the object itself."""
    if obj is None:
        return None
    if hasattr(obj, "version"):
        return obj.version.produit
    if hasattr(obj, "produit"):
        return obj.produit
    return obj


def _droit(droit: str):
    @rules.predicate(name=f"candidature_droit_{droit}")
    def predicate(user, obj):
        produit = _produit(obj)
        return produit is not None and droit in droits_produit(user, produit)

    return predicate


peut_lire = _droit(Droit.LIRE)
peut_contribuer = _droit(Droit.CONTRIBUER)
peut_soumettre = _droit(Droit.SOUMETTRE)


@rules.predicate
def est_agent_ans(user):
    return is_agent(user)


@rules.predicate
def est_instructeur(user):
    return has_role(user, ROLE_INSTRUCTEUR)


rules.add_perm("candidatures.view_candidature", peut_lire | est_agent_ans)
rules.add_perm("candidatures.add_candidature", peut_contribuer)
rules.add_perm("candidatures.change_candidature", peut_contribuer)
rules.add_perm("candidatures.submit_candidature", peut_soumettre)
rules.add_perm("candidatures.abandon_candidature", peut_soumettre)
rules.add_perm("candidatures.instruct_candidature", est_instructeur)
rules.add_perm("candidatures.assign_referent", est_instructeur)

# --- catalogue: waves, their dates, DSRs and profiles (ANS administrators) ---
rules.add_perm("candidatures.configurer_vague", is_administrateur_ans)
