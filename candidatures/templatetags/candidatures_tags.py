"""Filters that render statuses and journal events of candidatures (see candidatures.affichage)."""

from django import template

from candidatures import affichage

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
