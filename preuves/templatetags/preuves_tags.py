"""Small display helpers of phase 2 pages (badges, durations, file kinds)."""

from datetime import timedelta
from functools import lru_cache

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from candidatures.enums import CndaStatus
from comptes.templatetags.convergence_dsfr import erreurs_champ, lien_fichier
from convergence.dates import date_locale
from convergence.libelles import libelle, libelles
from convergence.liens import lien

from ..completude import ecarts_test_intrusion, test_intrusion_acceptable
from ..enums import ChapitreStatus, PreuveStatus, TypePreuve

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


# A catalogue text longer than this is folded to its first characters where asked.
REPLIER_AU_DELA = 320
APERCU = 200


@register.filter
def tronque(texte: str, longueur: int) -> str:
    """`truncatechars`, remembered: the catalogue's texts are drawn again on every page."""
    return _tronque(texte or "", int(longueur))


@lru_cache(maxsize=8192)
def _tronque(texte: str, longueur: int) -> str:
    return Truncator(texte).chars(longueur)


@register.simple_tag
def texte_catalogue(texte: str, titre: str = "", replier: bool = False) -> str:
    """The <dd> of a catalogue text (requirement, scenario): folded to its first characters when
    `replier` and long. A tag rather than an included template: it is drawn twice per proof."""
    texte = texte or ""
    if replier and len(texte) > REPLIER_AU_DELA:
        return format_html(
            '<dd><details class="cv-repliable"><summary data-replier="{}"><span class="cv-pre cv-apercu">{}</span> '
            '<span class="fr-link fr-link--sm cv-apercu">{}<span class="fr-sr-only"> : {}</span></span></summary>'
            '<div class="cv-pre fr-mt-1w">{}</div></details></dd>',
            _("Replier le texte"), _tronque(texte, APERCU), _("Lire le texte complet"), titre, texte,
        )
    return format_html('<dd class="cv-pre">{}</dd>', texte or "—")


@register.simple_tag
def fichier(f, apercu: bool = False) -> str:
    """One stored file, downloadable through the rights-checked view; shown in the page too when
    `apercu` and the browser can (image, video, PDF)."""
    vue, url = "", lien("comptes:fichier", f.pk)
    if apercu:
        genre = genre_fichier(f.type_mime)
        if genre == "image":
            vue = f'<div class="cv-preview"><img src="{url}?inline=1" alt="{escape(_("Aperçu de %(nom)s") % {"nom": f.nom})}"></div>'
        elif genre == "video":
            vue = (
                f'<div class="cv-preview"><video controls preload="metadata" src="{url}?inline=1" '
                f'aria-label="{escape(_("Vidéo %(nom)s") % {"nom": f.nom})}"><a href="{url}">{escape(f.nom)}</a></video></div>'
            )
        elif genre == "pdf":
            vue = (
                f'<div class="cv-preview"><iframe src="{url}?inline=1" title="{escape(_("Document %(nom)s") % {"nom": f.nom})}" '
                'loading="lazy"></iframe></div>'
            )
    # f-strings, the texts escaped: drawn for every file of a chapter's proofs.
    return mark_safe(f'<div class="cv-fichier fr-mb-2w">{vue}{lien_fichier(f, url)}</div>')


@register.simple_tag
def depot(depot, type_preuve: str, apercu: bool = False) -> str:
    """One version of a proof: who deposited it and when, its comment, link, pen-test or CNDA
    fields, and its files (shown in the page when `apercu`)."""
    quand = _("Version %(v)s, déposée le %(quand)s pour le tour d'analyse %(tour)s") % {
        "v": depot.version, "quand": date_locale(depot.created_at), "tour": depot.tour}
    parts = [format_html('<p class="fr-text--sm fr-mb-1w">{}{}</p>', quand,
                         f" — {depot.depose_par}" if depot.depose_par_id else "")]
    if depot.commentaire:
        parts.append(format_html('<p class="cv-pre fr-text--sm"><strong>{}</strong> {}</p>',
                                 _("Commentaire de l'éditeur :"), depot.commentaire))
    if depot.lien:
        parts.append(format_html(
            '<p class="fr-text--sm"><a class="fr-link" href="{0}" rel="noopener noreferrer" target="_blank">{0} '
            '<span class="fr-sr-only">{1}</span></a></p>', depot.lien, _("(nouvelle fenêtre)")))
    if type_preuve == TypePreuve.TEST_INTRUSION:
        parts.append(format_html(
            '<ul class="fr-text--sm"><li>{} {}</li><li>{} {}</li><li>{} {} — {} {}</li></ul>',
            _("Prestataire PASSI :"), depot.prestataire_passi, _("Date du test :"), date_locale(depot.date_test, "j F Y"),
            _("Points KO de gravité haute :"), depot.ko_haute, _("de gravité moyenne :"), depot.ko_moyenne,
        ))
        if test_intrusion_acceptable(depot):
            parts.append(format_html('<p class="fr-badge fr-badge--success fr-badge--sm">{}</p>',
                                     _("Règle d'acceptation respectée (0 KO haute, 10 KO moyenne au plus)")))
        else:
            parts.append(format_html(
                '<p class="fr-badge fr-badge--error fr-badge--sm">{}</p><p class="fr-text--sm fr-error-text">{}</p>',
                _("Règle d'acceptation non respectée"), " ; ".join(ecarts_test_intrusion(depot.ko_haute, depot.ko_moyenne)),
            ))
    elif type_preuve == TypePreuve.CNDA:
        retour = format_html("<li>{} {}</li>", _("Retour prévisionnel :"), date_locale(depot.cnda_date_retour, "j F Y")) \
            if depot.cnda_date_retour else ""
        parts.append(format_html('<ul class="fr-text--sm"><li>{} {}</li><li>{} {}</li>{}</ul>', _("NIL :"), depot.cnda_nil,
                                 _("Statut CNDA :"), libelle(CndaStatus, depot.cnda_statut), retour))
    parts += [fichier(f, apercu) for f in depot.fichiers_lus]  # as preuves.selectors.FICHIERS reads them
    return mark_safe("".join(parts))


@register.simple_tag
def exigence(preuve, replier: bool = False) -> str:
    """What is asked of a proof: the requirement, its scenario and the expected proof, long texts
    folded where `replier`. Drawn for every proof of the chapter and review pages."""
    pa = preuve.preuve_attendue
    sc = pa.scenario if pa.scenario_id else None
    return _exigence(
        pa.exigence.identifiant, pa.exigence.texte, sc and sc.numero, sc and sc.texte, pa.type, pa.texte,
        bool(replier), get_language(),
    )


# Drawn once per process for each text of the catalogue (a few hundred, shared by every
# candidature of a DSR) and language: keyed on the texts themselves, a new import is drawn anew.
@lru_cache(maxsize=4096)
def _exigence(identifiant, texte, sc_numero, sc_texte, type_preuve, texte_preuve, replier, langue) -> str:
    scenario = ""
    if sc_numero is not None:
        scenario = format_html(
            "<dt>{} {}</dt>{}", _("Scénario de conformité"), sc_numero, texte_catalogue(sc_texte, sc_numero, replier),
        )
    return format_html(
        '<dl class="cv-exigence fr-text--sm"><dt>{} {}</dt>{}{}<dt>{} ({})</dt><dd class="cv-pre">{}</dd></dl>',
        _("Exigence"), identifiant, texte_catalogue(texte, identifiant, replier),
        scenario, _("Preuve attendue"), libelle(TypePreuve, type_preuve), texte_preuve,
    )


def formulaire_revue(context, preuve, revue=None, form=None) -> str:
    """The verifier's opinion on one proof (posted to preuves:revoir-preuve): DSFR radios and a text
    area, errors announced; filled from `revue`, or from `form` when it was posted with errors.
    Written here rather than drawn by a template and the form's widgets: the review page holds one
    such form per proof, up to seventy-five in the REM's largest chapters, and all of them share
    the same texts (`_textes_revue`, once per language)."""
    from ..forms import RevueForm

    t = _textes_revue(get_language())
    if form is None:
        ids = RevueForm.ids(preuve.pk)
        sid, cid = ids % "statut", ids % "commentaire"
        nom_statut, nom_commentaire = "statut", "commentaire"
        valeur, texte = (revue.statut, revue.commentaire) if revue else (None, "")
        s_err = c_err = ""
    else:
        statut, commentaire = form["statut"], form["commentaire"]
        sid, cid, nom_statut, nom_commentaire = statut.auto_id, commentaire.auto_id, statut.html_name, commentaire.html_name
        valeur, texte = statut.value(), commentaire.value() or ""
        s_err, c_err = erreurs_champ(statut), erreurs_champ(commentaire)
    invalide = ' aria-invalid="true"' if c_err else ""
    radios = "".join(
        '<div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group">'
        f'<input type="radio" id="{sid}_{i}" name="{nom_statut}" value="{code}"{" checked" if code == valeur else ""} required>'
        f'<label class="fr-label" for="{sid}_{i}">{libelle}</label></div></div>'
        for i, (code, libelle) in enumerate(t["choix"])
    )
    avis = ""
    if revue is not None:
        avis = format_html(
            '<p class="fr-text--sm">{}</p>',
            _("Avis enregistré : %(statut)s (le %(quand)s). Vous pouvez le modifier jusqu'à la clôture de l'analyse.")
            % {"statut": libelle(PreuveStatus, revue.statut), "quand": date_locale(revue.created_at, "j F à H:i")},
        )
    action = lien("preuves:revoir-preuve", preuve.pk)
    return mark_safe(
        f'<form method="post" action="{action}" class="cv-form cv-form-revue fr-mt-2w">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(context.get("csrf_token", ""))}">{avis}'
        f'<fieldset class="fr-fieldset{" fr-fieldset--error" if s_err else ""}" '
        f'aria-labelledby="{sid}-legende{f" {sid}-desc-error" if s_err else ""}">'
        f'<legend class="fr-fieldset__legend fr-fieldset__legend--regular" id="{sid}-legende">{t["statut"]}</legend>'
        f'{radios}{s_err}</fieldset>'
        f'<div class="fr-input-group{" fr-input-group--error" if c_err else ""}"><label class="fr-label" for="{cid}">'
        f'{t["commentaire"]}<span class="fr-hint-text" id="{cid}_helptext">{t["aide"]}</span></label>'
        f'<textarea name="{nom_commentaire}" rows="3" class="fr-input{" fr-input--error" if c_err else ""}" id="{cid}" '
        f'aria-describedby="{cid}_helptext{f" {cid}-desc-error" if c_err else ""}"{invalide}>'
        f'{escape(texte)}</textarea>{c_err}</div>'
        f'<button type="submit" class="fr-btn fr-btn--secondary">{t["bouton"]}'
        f'<span class="fr-sr-only"> {t["sur"]} {escape(preuve.preuve_attendue.numero)}</span></button></form>'
    )


@lru_cache(maxsize=16)
def _textes_revue(langue: str) -> dict:
    """The review form's fixed texts in one language, escaped (and translated here: escaping a lazy
    text gives a lazy text, translated again wherever it is drawn)."""
    from ..forms import RevueForm

    champs = RevueForm.base_fields
    return {
        "choix": [(escape(code), escape(str(libelle))) for code, libelle in champs["statut"].choices],
        "statut": escape(str(champs["statut"].label)), "commentaire": escape(str(champs["commentaire"].label)),
        "aide": escape(str(champs["commentaire"].help_text)), "bouton": escape(_("Enregistrer l'avis")),
        "sur": escape(_("sur la preuve")),
    }


def _accordeon_differe(cible: str, url: str, fragment: str, titre: str, lien: str, numero: str, classe: str = "") -> str:
    """A closed DSFR accordion that holds only a link to `url`: preuves.js loads the `fragment` of
    that page in place (header X-Fragment) when the accordion is first opened; the link stays if
    loading fails and opens the page itself. (`cible`, `url`, `fragment` and `classe` are ours;
    the texts are escaped. An f-string: drawn for every proof of a chapter, twice on its page.)"""
    return mark_safe(
        f'<section class="fr-accordion{classe}"><h4 class="fr-accordion__title">'
        f'<button type="button" class="fr-accordion__btn" aria-expanded="false" aria-controls="{cible}">{escape(titre)}</button></h4>'
        f'<div class="fr-collapse" id="{cible}" data-fragment-url="{url}" data-fragment="{fragment}"><p class="fr-text--sm">'
        f'<a class="fr-link" href="{url}">{escape(lien)}<span class="fr-sr-only"> {escape(numero)}</span></a></p></div></section>'
    )


@lru_cache(maxsize=256)
def _titre_historique(n: int, langue: str) -> str:
    return ngettext("Historique : %(n)s version", "Historique : %(n)s versions", n) % {"n": n}


@register.simple_tag
def historique_differe(preuve) -> str:
    """The accordion of a proof's history on the chapter and review pages: it holds only a link to
    preuves:versions, which preuves.js loads in place when the accordion is opened (a page of its own
    without JavaScript). `preuve.nb_versions` as `selectors.preuves_du_chapitre` sets it."""
    n = preuve.nb_versions
    if not n:
        return format_html('<p class="fr-text--sm">{}</p>', _("Aucune version déposée."))
    return _accordeon_differe(
        f"historique-{preuve.pk}", lien("preuves:versions", preuve.pk), "versions",
        _titre_historique(n, get_language()), _("Voir l'historique de la preuve"), preuve.preuve_attendue.numero,
    )


@register.simple_tag
def depot_differe(preuve) -> str:
    """The deposit accordion of a proof on the chapter page: it holds only a link to preuves:deposer,
    whose form preuves.js loads in place when the accordion is opened; below it, a link to that page
    for browsers without JavaScript (DSFR accordions open only with it)."""
    url = lien("preuves:deposer", preuve.pk)
    pour = _("pour la preuve %(numero)s") % {"numero": preuve.preuve_attendue.numero}
    titre = _("Déposer une nouvelle version") if preuve.dernier_depot_id else _("Déposer la preuve")
    return format_html(
        '{}<p class="fr-text--sm"><a class="fr-link" href="{}">{}<span class="fr-sr-only"> {}</span></a></p>',
        _accordeon_differe(f"depot-{preuve.pk}", url, "depot", titre, _("Ouvrir le formulaire de dépôt"), pour, " fr-mb-2w"),
        url, _("Ouvrir le formulaire de dépôt sur une page dédiée"), pour,
    )


@register.simple_tag(takes_context=True)
def avis(context, revue) -> str:
    """One review of the ANS: its status, round and date, the verifier's name (for agents only) and
    its comment. Drawn for every proof of the chapter page and every version of a history."""
    qui = f" — {revue.verificateur}" if context.get("user_is_agent") and revue.verificateur else ""
    quand = _("tour %(tour)s, le %(quand)s") % {"tour": revue.tour, "quand": date_locale(revue.created_at)}
    commentaire = format_html('<p class="cv-pre fr-text--sm fr-mb-0">{}</p>', revue.commentaire) if revue.commentaire else ""
    return format_html(
        '<div class="fr-mb-1w"><p class="fr-badge fr-badge--sm {}">{}</p><span class="fr-text--xs"> {}{}</span>{}</div>',
        badge(revue.statut), libelle(PreuveStatus, revue.statut), quand, qui, commentaire,
    )


@register.simple_tag
def entete_preuve(preuve, signal: str = "") -> str:
    """A proof's card title (its REM number and the expected proof's first words) and status badges."""
    pa = preuve.preuve_attendue
    nouveau = f'<p class="fr-badge fr-badge--sm fr-badge--new fr-ml-1w">{escape(signal)}</p>' if signal else ""
    return mark_safe(
        f'<h3 class="fr-card__title" id="titre-preuve-{int(preuve.pk)}">{escape(pa.numero)} '
        f'<span class="fr-text--regular">— {escape(_tronque(pa.texte or "", 100))}</span></h3>'
        f'<div class="fr-card__start"><p class="fr-badge fr-badge--sm {badge(preuve.statut)}">'
        f'{escape(libelle(PreuveStatus, preuve.statut))}</p>{nouveau}</div>'
    )


@lru_cache(maxsize=8)
def _textes_carte_revue(langue: str) -> dict:
    return {"a_examiner": _("À examiner dans ce tour"), "version": escape(_("Version à examiner"))}


@register.simple_tag(takes_context=True)
def carte_revue(context, ligne) -> str:
    """One proof's card on the verifier's review page (a line of `views._contexte_revue`): its
    header, what is asked, the version to examine with its files shown, the review form or the
    review, the history. Written here rather than by the template: a chapter has up to 78 proofs."""
    t = _textes_carte_revue(get_language())
    p = ligne["preuve"]
    a_revoir = ligne["a_revoir"]
    parts = [exigence(p, True)]
    if a_revoir and p.dernier_depot:
        parts += [f'<h4 class="fr-h6">{t["version"]}</h4>', depot(p.dernier_depot, p.preuve_attendue.type, True)]
        if ligne["etat"].conformite_raison:
            parts.append(format_html('<div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w"><p>{}</p></div>',
                                     ligne["etat"].conformite_raison))
    if ligne["avec_formulaire"]:
        parts.append(formulaire_revue(context, p, ligne["revue"], ligne["form"]))
    elif ligne["revue"]:
        parts.append(avis(context, ligne["revue"]))
    parts.append(historique_differe(p))
    pk = int(p.pk)
    return mark_safe(
        f'<article class="fr-card fr-card--no-arrow fr-mb-3w cv-preuve" id="preuve-{pk}" aria-labelledby="titre-preuve-{pk}">'
        f'<div class="fr-card__body"><div class="fr-card__content">{entete_preuve(p, t["a_examiner"] if a_revoir else "")}'
        f'<div class="fr-card__desc">{"".join(parts)}</div></div></div></article>'
    )


@lru_cache(maxsize=8)
def _textes_file(langue: str) -> dict:
    return {
        "toutes": _("toutes les preuves de la candidature"), "examiner": _("Examiner"),
        "prendre": _("Prendre en charge"), "statuts": libelles(ChapitreStatus),
    }


@register.simple_tag(takes_context=True)
def ligne_file(context, d) -> str:
    """One row of the verification queue (a submitted chapter), written here rather than by the
    template: the queue draws twenty-five, each with its links, dates and its assignment form."""
    t = _textes_file(get_language())
    c = d.candidature
    cible = f"{d.chapitre.code} {c.reference}"
    prendre = ""
    if d.statut == ChapitreStatus.SOUMIS:
        prendre = format_html(
            '<form method="post" action="{}" class="fr-mt-1v"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="verificateur" value="{}"><button type="submit" class="fr-btn fr-btn--sm">{}'
            '<span class="fr-sr-only"> {}</span></button></form>',
            lien("preuves:assigner-chapitre", d.pk), context.get("csrf_token", ""), context["user"].pk,
            t["prendre"], cible,
        )
    return format_html(
        '<tr><td>{}<br><span class="fr-text--xs">{}</span></td>'
        '<td><a href="{}">{}<span class="fr-sr-only"> — {}</span></a><br><span class="fr-text--sm">{} — {} {}</span></td>'
        '<td>{}<br>{}</td><td><strong>{}</strong><br><span class="fr-text--sm">{}</span></td><td>{}</td>'
        '<td><p class="fr-badge fr-badge--sm {}">{}</p></td><td>{} / {}</td><td>{}</td>'
        '<td><a class="fr-btn fr-btn--sm fr-btn--secondary" href="{}">{}<span class="fr-sr-only"> {}</span></a>{}</td></tr>',
        date_locale(d.soumis_le, "j M Y H:i"),
        _("il y a %(age)s") % {"age": timesince(d.soumis_le, context["maintenant"])} if d.soumis_le else "",
        lien("preuves:candidature", d.candidature_id), c.reference, t["toutes"],
        c.organisation.raison_sociale, c.version.produit.nom, c.version.numero,
        c.vague.nom, c.dsr.code, d.chapitre.code, d.chapitre.libelle, d.tour,
        badge(d.statut), t["statuts"].get(d.statut, d.statut), d.nb_deposees, d.nb_preuves,
        d.verificateur or "—",
        lien("preuves:revue-chapitre", d.pk), t["examiner"], cible, prendre,
    )
