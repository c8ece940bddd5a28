"""Rights on threads and messages (django-rules, answered by comptes.policy)."""

import rules

from comptes.models import Droit
from comptes.policy import droits_produit, is_agent


def _candidature(obj):
    return getattr(obj, "candidature", obj)


@rules.predicate
def is_agent_ans(user):
    return is_agent(user)


@rules.predicate
def lit_la_candidature(user, obj):
    """An editor of the candidature's organisation with the read right on its product."""
    candidature = _candidature(obj)
    if candidature is None or user.organisation_id != candidature.organisation_id:
        return False
    return Droit.LIRE in droits_produit(user, candidature.version.produit_id)


lecteur = lit_la_candidature | is_agent_ans

# obj: a Candidature
rules.add_perm("messagerie.view_candidature_fils", lecteur)
rules.add_perm("messagerie.open_fil", is_agent_ans)
# obj: a Fil
rules.add_perm("messagerie.view_fil", lecteur)
rules.add_perm("messagerie.send_message", lecteur)
