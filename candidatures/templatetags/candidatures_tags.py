"""Filters that render statuses and journal events of candidatures."""

from django import template

from candidatures import affichage

register = template.Library()


@register.filter
def badge_candidature(statut: str) -> str:
    return affichage.BADGE_CANDIDATURE.get(statut, "info")


@register.filter
def badge_etape(statut: str) -> str:
    return affichage.BADGE_ETAPE.get(statut, "info")


@register.filter
def prochaine_action(statut: str) -> str:
    return affichage.PROCHAINE_ACTION.get(statut, "")


@register.filter
def action_ans(statut: str) -> str:
    return affichage.ACTION_ANS.get(statut, "")


@register.filter
def libelle_evenement(action: str) -> str:
    return affichage.libelle_evenement(action)


@register.filter
def libelle_statut(valeur: str) -> str:
    return affichage.libelle_statut(valeur)
