"""Services of accounts: users from iSC claims, the delegation tree of rights, the user's settings.

Every action is journalled through `candidatures.journal.journaliser`. The dependency goes
comptes <- candidatures, so it is imported lazily, at call time (see `_commun._journaliser`).
"""

from .compte import modifier_mon_compte
from .connexion import synchroniser_utilisateur_isc
from .delegation import (
    TOUS_DROITS,
    creer_utilisateur,
    desactiver_utilisateur,
    modifier_droits,
    normaliser_droits,
    revoquer_habilitation,
)

__all__ = [
    "TOUS_DROITS",
    "creer_utilisateur",
    "desactiver_utilisateur",
    "modifier_droits",
    "modifier_mon_compte",
    "normaliser_droits",
    "revoquer_habilitation",
    "synchroniser_utilisateur_isc",
]
