"""Filters that render statuses and journal events of candidatures (see candidatures.affichage)."""

from django import template
from django.utils.translation import gettext as _

from candidatures import affichage
from candidatures.dates import est_depassee

register = template.Library()

# filter name -> (table, value when the status is not in it)
_TABLES = {
    "badge_candidature": (affichage.BADGE_CANDIDATURE, "info"),
    "badge_etape": (affichage.BADGE_ETAPE, "info"),
    "prochaine_action": (affichage.PROCHAINE_ACTION, ""),
}
for _nom, (_table, _defaut) in _TABLES.items():
    register.filter(_nom, lambda statut, table=_table, defaut=_defaut: table.get(statut, defaut))

register.filter("libelle_evenement", affichage.libelle_evenement)
register.filter("libelle_statut", affichage.libelle_statut)

@register.filter
def prochaine_action_de(candidature) -> str:
    """What the editor has to do next on this candidature (nothing once a passed date forbids it)."""
    if candidature.statut == affichage.S.BROUILLON and est_depassee(candidature.vague, 1):
        return _("Aucune : la Date N°1 est passée sans que le dossier soit soumis")
    return str(affichage.PROCHAINE_ACTION.get(candidature.statut, ""))
