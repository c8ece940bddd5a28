"""DSFR markup written by tags rather than by templates, where pages draw it many times: form
fields (the filter forms of the lists and queues draw four to six on every page; through
django-dsfr's field and widget templates each costs about 0.8 ms, bench/README.md), their errors,
and the link to download a stored file.

The markup is the one django-dsfr draws; errors are announced the same way."""

from functools import lru_cache

from django import forms, template
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from convergence.liens import lien

register = template.Library()


def erreurs_champ(champ) -> str:
    """A field's errors as a DSFR message group announced to assistive technologies, with the id
    `<auto_id>-desc-error` its input refers to (or nothing)."""
    if not champ.errors:
        return ""
    return format_html(
        '<div class="fr-messages-group" id="{}-desc-error" role="alert">{}</div>', champ.auto_id,
        format_html_join("", '<p class="fr-message fr-message--error">{}</p>', ((e,) for e in champ.errors)),
    )


@register.simple_tag
def lien_fichier(f, url: str = "") -> str:
    """The link to download a stored file through the rights-checked view (`url`, when the caller
    has it already), with its type and size."""
    return mark_safe(  # an f-string: drawn for every file of a chapter's proofs, the texts escaped
        f'<a class="fr-link fr-link--download" href="{url or lien("comptes:fichier", f.pk)}">{escape(f.nom)} '
        f'<span class="fr-link__detail">{escape(f.type_mime)} – {_taille(f.taille, get_language())}</span></a>'
    )


@lru_cache(maxsize=4096)
def _taille(octets: int, langue: str) -> str:
    """`filesizeformat` (~0.1 ms: it localises its number), once per size and language."""
    return filesizeformat(octets)


@register.simple_tag
def champ_dsfr(champ) -> str:
    """A simple form field (a list, a text box, a checkbox) in django-dsfr's markup."""
    widget = champ.field.widget
    ident, nom = champ.id_for_label, champ.html_name
    erreurs = erreurs_champ(champ)
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="fr-checkbox-group fr-mb-2w{}"><input type="checkbox" name="{}" id="{}"{}>'
            '<label for="{}" class="fr-label">{}</label>{}</div>',
            " fr-checkbox-group--error" if champ.errors else "", nom, ident,
            " checked" if widget.check_test(champ.value()) else "", ident, champ.label, erreurs,
        )
    groupe = "fr-select-group" if isinstance(widget, forms.Select) else "fr-input-group"
    aide = format_html('<span class="fr-hint-text" id="{}_helptext">{}</span>', ident, champ.help_text) if champ.help_text else ""
    decrit = " ".join(filter(None, [f"{ident}_helptext" if aide else "", f"{champ.auto_id}-desc-error" if erreurs else ""]))
    attributs = format_html(' aria-describedby="{}"', decrit) if decrit else ""
    if isinstance(widget, forms.Select):
        valeur = "" if champ.value() is None else str(champ.value())
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((code, " selected" if str(code) == valeur else "", libelle) for code, libelle in champ.field.choices),
        )
        saisie = format_html('<select name="{}" class="fr-select{}" id="{}"{}>{}</select>', nom,
                             " fr-select--error" if erreurs else "", ident, attributs, options)
    else:
        longueur = getattr(champ.field, "max_length", None)
        saisie = format_html(
            '<input type="{}" name="{}" value="{}"{} class="fr-input{}" id="{}"{}>',
            getattr(widget, "input_type", "text"), nom, champ.value() or "",
            format_html(' maxlength="{}"', longueur) if longueur else "", " fr-input--error" if erreurs else "", ident, attributs,
        )
    return format_html(
        '<div class="{0}{1}"><label for="{2}" class="fr-label">{3}{4}</label>{5}{6}</div>',
        groupe, f" {groupe}--error" if erreurs else "", ident, champ.label, aide, saisie, erreurs,
    )
