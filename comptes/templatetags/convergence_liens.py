"""`{% lien "app:route" id %}`: the `{% url %}` of a route that takes ids, reversed once per
process (convergence.liens); for the links drawn on every row of a list."""

from django import template

from convergence import liens

register = template.Library()


@register.simple_tag
def lien(nom: str, *ids) -> str:
    return liens.lien(nom, *ids)
