"""Rights on the REM catalogue and phase 2 (django-rules, answered through comptes.policy).

Editor permissions take the candidature (or anything with a `candidature`) as object and are
decided by the user's rights on the candidature's product: reading needs `lire`, depositing
`contribuer`, submitting a chapter `soumettre`. Staff permissions come from roles.
"""

import rules

from comptes.models import Droit
from comptes.policy import (
    ROLE_INSTRUCTEUR,
    ROLE_VERIFICATEUR,
    droits_produit,
    has_role,
    is_agent,
)
from comptes.rules import is_administrateur_ans


def _produit(obj):
    candidature = getattr(obj, "candidature", obj)
    version = getattr(candidature, "version", None)
    return getattr(version, "produit", None)


def _droit_candidature(droit):
    @rules.predicate(name=f"candidature_right_{droit}")
    def predicate(user, obj):
        produit = _produit(obj)
        return produit is not None and droit in droits_produit(user, produit)

    return predicate


@rules.predicate
def is_agent_ans(user):
    return is_agent(user)


@rules.predicate
def is_verificateur(user):
    return is_agent(user) and has_role(user, ROLE_VERIFICATEUR)


@rules.predicate
def is_instructeur(user):
    return is_agent(user) and has_role(user, ROLE_INSTRUCTEUR)


peut_lire = _droit_candidature(Droit.LIRE)
peut_contribuer = _droit_candidature(Droit.CONTRIBUER)
peut_soumettre = _droit_candidature(Droit.SOUMETTRE)

rules.add_perm("preuves.view_preuves", peut_lire | is_agent_ans)
rules.add_perm("preuves.deposer_preuve", peut_contribuer)
rules.add_perm("preuves.soumettre_chapitre", peut_soumettre)
rules.add_perm("preuves.verifier_preuves", is_verificateur)
rules.add_perm("preuves.gerer_visites", is_instructeur | is_verificateur)
rules.add_perm("preuves.rouvrir_preuves", is_instructeur | is_verificateur)
rules.add_perm("preuves.importer_referentiel", is_administrateur_ans)
