"""A filter form's fields in DSFR markup, written by a tag.

The lists and queues (candidatures, instruction, verification, support, FAQ) draw four to six
filter fields on every page; through django-dsfr's field templates and the widgets' templates
each costs about 0.8 ms (bench/README.md). These fields are simple (a list, a text box, a
checkbox): their markup is the one django-dsfr draws, errors announced the same way."""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def champ_filtre(champ) -> str:
    widget = champ.field.widget
    ident, nom = champ.id_for_label, champ.html_name
    erreurs = ""
    if champ.errors:
        erreurs = format_html(
            '<div class="fr-messages-group" id="{}-desc-error" role="alert">{}</div>', champ.auto_id,
            format_html_join("", '<p class="fr-message fr-message--error">{}</p>', ((e,) for e in champ.errors)),
        )
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
