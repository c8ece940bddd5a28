"""Small display helpers of phase 2 pages (badges, durations, file kinds)."""

from datetime import timedelta

from django import template
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..completude import ecarts_test_intrusion, test_intrusion_acceptable

register = template.Library()

# DSFR badge modifier of each status (chapters and proofs share the vocabulary).
BADGES = {
    "a_fournir": "",
    "a_completer": "fr-badge--warning",
    "soumis": "fr-badge--info",
    "en_analyse": "fr-badge--new",
    "deposee": "fr-badge--info",
    "en_attente_editeur": "fr-badge--warning",
    "non_conforme": "fr-badge--error",
    "conforme": "fr-badge--success",
    "valide": "fr-badge--success",
}


@register.filter
def badge(statut: str) -> str:
    return BADGES.get(statut, "")


@register.filter
def duree(delta: timedelta | None) -> str:
    """A French duration for the time left ("12 jours et 3 heures"), or "dépassée"."""
    if delta is None:
        return ""
    if delta.total_seconds() <= 0:
        return _("date dépassée")
    jours, heures = delta.days, delta.seconds // 3600
    if jours >= 2:
        return ngettext("%(n)d jour", "%(n)d jours", jours) % {"n": jours}
    total = jours * 24 + heures
    if total >= 1:
        return ngettext("%(n)d heure", "%(n)d heures", total) % {"n": total}
    return _("moins d'une heure")


@register.filter
def genre_fichier(type_mime: str) -> str:
    """How the browser can show a file: image, video, pdf, or nothing (download only)."""
    if type_mime.startswith("image/"):
        return "image"
    if type_mime in ("video/mp4", "video/webm"):
        return "video"
    if type_mime == "application/pdf":
        return "pdf"
    return ""


@register.simple_tag
def regle_test_intrusion(depot) -> dict:
    """The acceptance rule of a pen-test deposit: met or not, and why."""
    return {"ok": test_intrusion_acceptable(depot), "ecarts": ecarts_test_intrusion(depot.ko_haute, depot.ko_moyenne)}


# A catalogue text longer than this is folded to its first characters where asked.
REPLIER_AU_DELA = 320
APERCU = 200


@register.simple_tag
def texte_catalogue(texte: str, titre: str = "", replier: bool = False) -> str:
    """The <dd> of a catalogue text (requirement, scenario): folded to its first characters when
    `replier` and long. A tag rather than an included template: it is drawn twice per proof."""
    if replier and len(texte or "") > REPLIER_AU_DELA:
        return format_html(
            '<dd><details class="cv-repliable"><summary data-replier="{}"><span class="cv-pre cv-apercu">{}</span> '
            '<span class="fr-link fr-link--sm cv-apercu">{}<span class="fr-sr-only"> : {}</span></span></summary>'
            '<div class="cv-pre fr-mt-1w">{}</div></details></dd>',
            _("Replier le texte"), Truncator(texte).chars(APERCU), _("Lire le texte complet"), titre, texte,
        )
    return format_html('<dd class="cv-pre">{}</dd>', texte or "—")
