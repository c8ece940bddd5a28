"""Pure rules on proofs and deposits: which files a kind of proof accepts, when a deposit counts
as complete (pen-test acceptance rule, CNDA status), what a chapter still misses.

No database writes here; selectors, services, forms and templates all ask these functions, so the
page says exactly what the service will accept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidatures.enums import CNDA_STATUTS_COMPLETS, CndaStatus
from comptes.fichiers import ARCHIVE, BUREAUTIQUE, IMAGE, PDF, TEXTE, VIDEO, Categorie

from .enums import ChapitreStatus, PreuveStatus, TypePreuve

# Files each kind of proof accepts (checked by content by comptes.fichiers).
CATEGORIES: dict[str, tuple[Categorie, ...]] = {
    TypePreuve.VIDEO_OU_CAPTURE: (IMAGE, VIDEO, PDF),
    TypePreuve.VIDEO: (VIDEO,),
    TypePreuve.CAPTURE: (IMAGE, PDF),
    TypePreuve.LOG: (TEXTE, ARCHIVE),
    TypePreuve.DOCUMENT: (PDF, BUREAUTIQUE, ARCHIVE, IMAGE),
    TypePreuve.FICHIER: (PDF, BUREAUTIQUE, ARCHIVE, IMAGE),
    TypePreuve.TEST_INTRUSION: (PDF,),
    TypePreuve.CNDA: (IMAGE, PDF),
    TypePreuve.LIEN_INTEROP: (PDF, BUREAUTIQUE, ARCHIVE, IMAGE),
}

# The `accept` attribute of the file input, so the browser offers the right files.
ACCEPT: dict[str, str] = {
    TypePreuve.VIDEO_OU_CAPTURE: "image/*,video/*,application/pdf",
    TypePreuve.VIDEO: "video/*",
    TypePreuve.CAPTURE: "image/*,application/pdf",
    TypePreuve.LOG: ".txt,.log,.csv,.json,.xml,.zip,.gz,.tgz,.tar,.7z",
    TypePreuve.TEST_INTRUSION: "application/pdf",
    TypePreuve.CNDA: "image/*,application/pdf",
}

# Pen-test acceptance rule (SSI/GEN.18): 0 failed high-severity points, at most 10 medium.
KO_HAUTE_MAX = 0
KO_MOYENNE_MAX = 10

# Statuses in which a requested proof waits for a (new) version from the editor.
STATUTS_A_REPRENDRE = {PreuveStatus.A_FOURNIR, PreuveStatus.NON_CONFORME, PreuveStatus.A_COMPLETER}
# Statuses in which a chapter is the editor's to complete and submit (not in analysis, not validated).
CHAPITRES_OUVERTS = frozenset({ChapitreStatus.A_COMPLETER, ChapitreStatus.EN_ATTENTE_EDITEUR})


def depot_attendu(dossier, preuve) -> bool:
    """A new version of `preuve` is expected from the editor: its chapter is open and the proof is to
    provide or redo (what the pages offer; `services.deposer_preuve` decides, with the dates)."""
    return dossier.statut in CHAPITRES_OUVERTS and preuve.statut in STATUTS_A_REPRENDRE


def categories_pour(type_preuve: str) -> tuple[Categorie, ...]:
    return CATEGORIES.get(type_preuve, CATEGORIES[TypePreuve.FICHIER])


def libelle_categories(type_preuve: str) -> str:
    return ", ".join(c.label for c in categories_pour(type_preuve))


def fichiers_obligatoires(type_preuve: str) -> bool:
    return type_preuve != TypePreuve.LIEN_INTEROP


def un_an_avant(jour: date) -> date:
    """The same day one year earlier (28 February for a 29 February)."""
    try:
        return jour.replace(year=jour.year - 1)
    except ValueError:
        return jour.replace(year=jour.year - 1, day=28)


def erreur_date_test(date_test: date | None, jour_depot: date) -> str | None:
    """Why a pen-test date is refused (French), or None: it must be less than a year before the
    deposit and not in the future."""
    if date_test is None:
        return _("Indiquez la date du test d'intrusion.")
    if date_test > jour_depot:
        return _("La date du test d'intrusion ne peut pas être dans le futur.")
    if date_test <= un_an_avant(jour_depot):
        return _("Le test d'intrusion doit dater de moins d'un an avant le dépôt.")
    return None


def test_intrusion_acceptable(depot) -> bool:
    """The acceptance rule of the pen-test form: 0 high-severity KO and at most 10 medium."""
    return (
        depot.ko_haute is not None
        and depot.ko_moyenne is not None
        and depot.ko_haute <= KO_HAUTE_MAX
        and depot.ko_moyenne <= KO_MOYENNE_MAX
    )


def _texte_ko_haute(n: int) -> str:
    return ngettext(
        "%(n)d point de contrôle KO de gravité haute (aucun n'est admis)",
        "%(n)d points de contrôle KO de gravité haute (aucun n'est admis)",
        n,
    )


def _texte_ko_moyenne() -> str:
    return _("%(n)d points de contrôle KO de gravité moyenne (10 au plus)")


def ecarts_test_intrusion(ko_haute: int | None, ko_moyenne: int | None) -> list[str]:
    """What breaks the acceptance rule, in the active language (empty when it is met)."""
    ecarts = []
    if ko_haute is not None and ko_haute > KO_HAUTE_MAX:
        ecarts.append(_texte_ko_haute(ko_haute) % {"n": ko_haute})
    if ko_moyenne is not None and ko_moyenne > KO_MOYENNE_MAX:
        ecarts.append(_texte_ko_moyenne() % {"n": ko_moyenne})
    return ecarts


def regle_test_intrusion() -> dict:
    """The acceptance rule as the deposit form's script checks it while the editor types (the
    `data-` attributes of its result zone): the thresholds and the texts of `ecarts_test_intrusion`
    in the page's language, `%(n)d` and `%(ecarts)s` left for the script to fill (the singular of
    the high-severity text is for n = 1, as in French and English)."""
    return {
        "haute-max": KO_HAUTE_MAX,
        "moyenne-max": KO_MOYENNE_MAX,
        "haute-un": _texte_ko_haute(1),
        "haute-plusieurs": _texte_ko_haute(2),
        "moyenne": _texte_ko_moyenne(),
        "respectee": _("Règle d'acceptation respectée : le rapport pourra compter dans un chapitre complet."),
        "non-respectee": _(
            "Règle d'acceptation non respectée : %(ecarts)s. Le rapport peut être déposé mais le chapitre "
            "ne pourra pas être soumis."
        ),
    }


def cnda_complet(depot) -> bool:
    return depot.cnda_statut in CNDA_STATUTS_COMPLETS


@dataclass(frozen=True)
class Conformite:
    """Whether a deposit counts as complete, and why not (French)."""

    complet: bool
    raison: str = ""


def conformite_depot(depot, type_preuve: str) -> Conformite:
    """Does this deposit count towards a complete chapter? Files and fields were checked at
    deposit time; here only the acceptance rules that a stored deposit may still fail."""
    if type_preuve == TypePreuve.TEST_INTRUSION and not test_intrusion_acceptable(depot):
        ecarts = ecarts_test_intrusion(depot.ko_haute, depot.ko_moyenne)
        return Conformite(
            False,
            _("Le rapport de test d'intrusion ne respecte pas la règle d'acceptation : %(ecarts)s.")
            % {"ecarts": " ; ".join(ecarts)},
        )
    if type_preuve == TypePreuve.CNDA and not cnda_complet(depot):
        statut = CndaStatus(depot.cnda_statut).label if depot.cnda_statut else _("non renseigné")
        return Conformite(
            False,
            _("La demande CNDA doit avoir au moins le statut « Pré-examen » (statut déposé : %(statut)s).")
            % {"statut": statut},
        )
    return Conformite(True)


def depot_en_attente(preuve, *, dernier_depot_revu: bool) -> bool:
    """A version deposited since the proof last asked for one, not yet reviewed."""
    return (
        preuve.statut in STATUTS_A_REPRENDRE
        and preuve.dernier_depot_id is not None
        and not dernier_depot_revu
    )


def manque_preuve(preuve, *, dernier_depot_revu: bool) -> str | None:
    """What this proof misses for its chapter to be submitted (French), or None."""
    if preuve.statut not in STATUTS_A_REPRENDRE:
        return None
    if not depot_en_attente(preuve, dernier_depot_revu=dernier_depot_revu):
        if preuve.statut == PreuveStatus.A_FOURNIR:
            return _("aucun dépôt")
        return _("une nouvelle version est attendue après l'avis « %(statut)s »") % {
            "statut": PreuveStatus(preuve.statut).label
        }
    conformite = conformite_depot(preuve.dernier_depot, preuve.preuve_attendue.type)
    return None if conformite.complet else conformite.raison
