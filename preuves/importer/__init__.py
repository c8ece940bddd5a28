"""Import of a REM workbook (the agency's Convergence layout) into the catalogue of one DSR.

The workbook has a sheet `Exigences` with 14 named columns and one row per requested proof
(see ../shared/referentiel/README.md). Reading is pure (`lire_classeur`), comparing with the
catalogue reads the database only (`comparer`), and `importer_rem` applies the difference in one
transaction, as a new `Referentiel` version.

Versioning: a requested proof is identified by its N° preuve and its fingerprint (`empreinte`,
a hash of the cells that define it: Périmètre, ID, Profil, N° scénario, N° preuve, Preuve). An
unchanged proof keeps its row; a changed one becomes a new row and the old one is withdrawn
(`retiree`), so what candidatures already reference never changes. Requirements and proofs
absent from the file are withdrawn, never deleted. Descriptive texts of requirements, scenarios
and chapters are updated in place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils.translation import ngettext

from candidatures.journal import journaliser
from candidatures.models import DSR, Profil
from candidatures.services_vagues import PROFIL_GENERAL
from comptes.policy import require

from ..models import Chapitre, Exigence, PreuveAttendue, Referentiel, Scenario
from .lecture import lire_classeur
from .regles import (
    COLONNES,
    FEUILLE,
    Anomalie,
    ClasseurREM,
    ImportRefuse,
    LigneREM,
    code_chapitre,
    deduire_type_preuve,
)

__all__ = [
    "COLONNES", "FEUILLE", "Anomalie", "ImportRefuse", "RapportImport", "code_chapitre", "comparer",
    "deduire_type_preuve", "importer_rem", "lire_classeur",
]


@dataclass
class RapportImport:
    """What an import found and changed (or would change, in a dry run)."""

    dsr: str
    fichier: str
    nb_exigences: int
    nb_scenarios: int
    nb_preuves: int
    anomalies: list[Anomalie] = field(default_factory=list)
    dry_run: bool = False
    version: int | None = None
    profils_nouveaux: int = 0
    chapitres_nouveaux: int = 0
    chapitres_modifies: int = 0
    exigences_nouvelles: int = 0
    exigences_modifiees: int = 0
    exigences_retirees: int = 0
    scenarios_nouveaux: int = 0
    scenarios_modifies: int = 0
    preuves_nouvelles: int = 0
    preuves_modifiees: int = 0
    preuves_retirees: int = 0
    preuves_inchangees: int = 0
    preuves_reordonnees: int = 0

    @property
    def change(self) -> bool:
        """True when the import changes the catalogue (a new version is, or would be, created)."""
        return any(
            getattr(self, name)
            for name in (
                "profils_nouveaux", "chapitres_nouveaux", "chapitres_modifies", "exigences_nouvelles",
                "exigences_modifiees", "exigences_retirees", "scenarios_nouveaux", "scenarios_modifies",
                "preuves_nouvelles", "preuves_modifiees", "preuves_retirees", "preuves_reordonnees",
            )
        )

    @property
    def resume(self) -> str:
        """`<R> exigences, <S> scénarios, <P> preuves attendues` (counts of the file)."""
        return ", ".join(
            [
                ngettext("%d exigence", "%d exigences", self.nb_exigences) % self.nb_exigences,
                ngettext("%d scénario", "%d scénarios", self.nb_scenarios) % self.nb_scenarios,
                ngettext("%d preuve attendue", "%d preuves attendues", self.nb_preuves) % self.nb_preuves,
            ]
        )

    @property
    def resume_changements(self) -> str:
        if not self.change:
            return "Aucun changement : le catalogue est déjà à jour."
        return (
            f"Exigences : {self.exigences_nouvelles} nouvelle(s), {self.exigences_modifiees} modifiée(s), "
            f"{self.exigences_retirees} retirée(s). Preuves attendues : {self.preuves_nouvelles} nouvelle(s), "
            f"{self.preuves_modifiees} modifiée(s), {self.preuves_retirees} retirée(s), "
            f"{self.preuves_inchangees} inchangée(s)."
        )

    def as_dict(self) -> dict:
        data = asdict(self)
        data["anomalies"] = [str(a) for a in self.anomalies]
        return data


# --- Comparing with the catalogue (reads only) ----------------------------------------------


@dataclass
class Plan:
    """The writes that bring a DSR's catalogue to the workbook."""

    classeur: ClasseurREM
    profils: list[tuple[str, int]] = field(default_factory=list)  # (name, order) to create
    chapitres_a_creer: list[dict] = field(default_factory=list)
    chapitres_a_modifier: list[tuple[Chapitre, dict]] = field(default_factory=list)
    exigences_a_creer: list[dict] = field(default_factory=list)
    exigences_a_modifier: list[tuple[Exigence, dict]] = field(default_factory=list)
    exigences_a_retirer: list[Exigence] = field(default_factory=list)
    scenarios_a_creer: list[dict] = field(default_factory=list)
    scenarios_a_modifier: list[tuple[Scenario, dict]] = field(default_factory=list)
    preuves_a_creer: list[LigneREM] = field(default_factory=list)
    preuves_a_retirer: list[PreuveAttendue] = field(default_factory=list)
    preuves_a_reordonner: list[tuple[PreuveAttendue, LigneREM]] = field(default_factory=list)
    preuves_modifiees: int = 0
    preuves_inchangees: int = 0


def _premieres(lignes: list[LigneREM], cle) -> dict:
    out: dict = {}
    for lg in lignes:
        out.setdefault(cle(lg), lg)
    return out


def _differences(objet, valeurs: dict) -> dict:
    return {k: v for k, v in valeurs.items() if getattr(objet, k) != v}


def comparer(dsr: DSR, classeur: ClasseurREM) -> Plan:
    """Compare the workbook with the DSR's catalogue and list the writes needed (no write)."""
    plan = Plan(classeur=classeur)
    lignes = classeur.lignes
    profils_existants = set(dsr.profils.values_list("nom", flat=True))
    ordre_profil = dsr.profils.aggregate(m=Max("ordre"))["m"] or 0
    for nom in dict.fromkeys(lg.profil for lg in lignes):
        if nom not in profils_existants:
            ordre_profil += 1
            plan.profils.append((nom, 0 if nom == PROFIL_GENERAL else ordre_profil))

    chapitres = {c.code: c for c in dsr.chapitres.all()}
    for rang, (code, lg) in enumerate(_premieres(lignes, lambda x: x.chapitre).items(), start=1):
        valeurs = {"libelle": lg.section, "ordre": rang}
        if code not in chapitres:
            plan.chapitres_a_creer.append({"code": code, **valeurs})
        elif diff := _differences(chapitres[code], valeurs):
            plan.chapitres_a_modifier.append((chapitres[code], diff))

    exigences = {e.identifiant: e for e in dsr.exigences.select_related("chapitre", "profil")}
    premieres = _premieres(lignes, lambda x: x.exigence)
    for identifiant, lg in premieres.items():
        valeurs = {
            "perimetre": lg.perimetre, "fonction": lg.fonction, "texte": lg.texte_exigence,
            "commentaire": lg.commentaire, "profil_historique": lg.profil_historique, "criticite": lg.criticite,
            "ordre": lg.ordre, "section": lg.section, "retiree": False,
        }
        existante = exigences.get(identifiant)
        if existante is None:
            plan.exigences_a_creer.append({"identifiant": identifiant, "chapitre": lg.chapitre, "profil": lg.profil, **valeurs})
            continue
        diff = _differences(existante, valeurs)
        if existante.chapitre.code != lg.chapitre:
            diff["chapitre"] = lg.chapitre
        if existante.profil.nom != lg.profil:
            diff["profil"] = lg.profil
        if diff:
            plan.exigences_a_modifier.append((existante, diff))
    plan.exigences_a_retirer = [e for i, e in exigences.items() if i not in premieres and not e.retiree]

    scenarios = {(s.exigence.identifiant, s.numero): s for s in Scenario.objects.filter(exigence__dsr=dsr).select_related("exigence")}
    for cle, lg in _premieres([x for x in lignes if x.scenario], lambda x: (x.exigence, x.scenario)).items():
        valeurs = {"texte": lg.texte_scenario, "ordre": lg.ordre}
        if cle not in scenarios:
            plan.scenarios_a_creer.append({"exigence": cle[0], "numero": cle[1], **valeurs})
        elif diff := _differences(scenarios[cle], valeurs):
            plan.scenarios_a_modifier.append((scenarios[cle], diff))

    _comparer_preuves(plan, dsr)
    return plan


def _comparer_preuves(plan: Plan, dsr: DSR) -> None:
    """Pair the file's rows with the active proofs of the same N° by fingerprint."""
    actives: dict[str, list[PreuveAttendue]] = defaultdict(list)
    for p in PreuveAttendue.objects.filter(dsr=dsr, retiree=False).order_by("pk"):
        actives[p.numero].append(p)
    nouvelles: dict[str, list[LigneREM]] = defaultdict(list)
    for lg in plan.classeur.lignes:
        nouvelles[lg.numero].append(lg)
    for numero in dict.fromkeys([*nouvelles, *actives]):
        restantes = list(actives.get(numero, []))
        sans_pareil = []
        for lg in nouvelles.get(numero, []):
            pareille = next((p for p in restantes if p.empreinte == lg.empreinte), None)
            if pareille is None:
                sans_pareil.append(lg)
                continue
            restantes.remove(pareille)
            plan.preuves_inchangees += 1
            if (pareille.ordre, pareille.ligne) != (lg.ordre, lg.ligne):
                plan.preuves_a_reordonner.append((pareille, lg))
        plan.preuves_modifiees += min(len(sans_pareil), len(restantes))
        plan.preuves_a_creer.extend(sans_pareil)
        plan.preuves_a_retirer.extend(restantes)


def rapport_du_plan(plan: Plan, *, dsr: DSR, dry_run: bool) -> RapportImport:
    c = plan.classeur
    return RapportImport(
        dsr=dsr.code, fichier=c.nom, nb_exigences=c.nb_exigences, nb_scenarios=c.nb_scenarios,
        nb_preuves=len(c.lignes), anomalies=list(c.anomalies), dry_run=dry_run,
        profils_nouveaux=len(plan.profils),
        chapitres_nouveaux=len(plan.chapitres_a_creer), chapitres_modifies=len(plan.chapitres_a_modifier),
        exigences_nouvelles=len(plan.exigences_a_creer), exigences_modifiees=len(plan.exigences_a_modifier),
        exigences_retirees=len(plan.exigences_a_retirer),
        scenarios_nouveaux=len(plan.scenarios_a_creer), scenarios_modifies=len(plan.scenarios_a_modifier),
        preuves_nouvelles=len(plan.preuves_a_creer) - plan.preuves_modifiees,
        preuves_modifiees=plan.preuves_modifiees,
        preuves_retirees=len(plan.preuves_a_retirer) - plan.preuves_modifiees,
        preuves_inchangees=plan.preuves_inchangees,
        preuves_reordonnees=len(plan.preuves_a_reordonner),
    )


# --- Applying -------------------------------------------------------------------------------


def _appliquer(plan: Plan, *, dsr: DSR, referentiel: Referentiel) -> None:
    for nom, ordre in plan.profils:
        Profil.objects.create(dsr=dsr, nom=nom, obligatoire=nom == PROFIL_GENERAL, ordre=ordre)
    profils = {p.nom: p for p in dsr.profils.all()}

    Chapitre.objects.bulk_create([Chapitre(dsr=dsr, **v) for v in plan.chapitres_a_creer])
    for chapitre, diff in plan.chapitres_a_modifier:
        Chapitre.objects.filter(pk=chapitre.pk).update(**diff)
    chapitres = {c.code: c for c in dsr.chapitres.all()}

    def resoudre(valeurs: dict) -> dict:
        out = dict(valeurs)
        if "chapitre" in out:
            out["chapitre"] = chapitres[out["chapitre"]]
        if "profil" in out:
            out["profil"] = profils[out["profil"]]
        return out

    Exigence.objects.bulk_create(
        [Exigence(dsr=dsr, referentiel=referentiel, **resoudre(v)) for v in plan.exigences_a_creer]
    )
    for exigence, diff in plan.exigences_a_modifier:
        Exigence.objects.filter(pk=exigence.pk).update(referentiel=referentiel, **resoudre(diff))
    Exigence.objects.filter(pk__in=[e.pk for e in plan.exigences_a_retirer]).update(retiree=True)
    exigences = {e.identifiant: e for e in dsr.exigences.all()}

    Scenario.objects.bulk_create(
        [Scenario(**{**v, "exigence": exigences[v["exigence"]]}) for v in plan.scenarios_a_creer]
    )
    for scenario, diff in plan.scenarios_a_modifier:
        Scenario.objects.filter(pk=scenario.pk).update(**diff)
    scenarios = {(s.exigence.identifiant, s.numero): s for s in Scenario.objects.filter(exigence__dsr=dsr).select_related("exigence")}

    PreuveAttendue.objects.filter(pk__in=[p.pk for p in plan.preuves_a_retirer]).update(retiree=True)
    PreuveAttendue.objects.bulk_create(
        [
            PreuveAttendue(
                dsr=dsr, exigence=exigences[lg.exigence],
                scenario=scenarios.get((lg.exigence, lg.scenario)) if lg.scenario else None,
                numero=lg.numero, texte=lg.texte, type=lg.type, ordre=lg.ordre, ligne=lg.ligne,
                empreinte=lg.empreinte, referentiel=referentiel,
            )
            for lg in plan.preuves_a_creer
        ]
    )
    for preuve, lg in plan.preuves_a_reordonner:
        PreuveAttendue.objects.filter(pk=preuve.pk).update(ordre=lg.ordre, ligne=lg.ligne)


def _contenu(fichier) -> tuple[bytes, str]:
    if isinstance(fichier, str | Path):
        chemin = Path(fichier)
        return chemin.read_bytes(), chemin.name
    if hasattr(fichier, "seek"):
        fichier.seek(0)
    contenu = fichier.read()
    return contenu, Path(getattr(fichier, "name", "") or "classeur.xlsx").name


@transaction.atomic
def importer_rem(fichier, *, dsr: DSR, by=None, dry_run: bool = False, nom: str | None = None) -> RapportImport:
    """Import a REM workbook (path or file object) into `dsr`'s catalogue, all or nothing.

    Creates a new Referentiel version when something changes (none when the catalogue is already
    the file's), withdraws what the file no longer holds, journals `referentiel_importe`.
    With `dry_run`, writes nothing and reports what would change. `nom` names the file in the
    report (default: the file's own name). Raises ImportRefuse (workbook
    not in the layout) or PermissionRefusee (`by` is not an ANS administrator).
    """
    if by is not None:
        require(by, "preuves.importer_referentiel")
    contenu, nom_lu = _contenu(fichier)
    nom = nom or nom_lu
    classeur = lire_classeur(contenu, nom=nom, code_dsr=dsr.code)
    dsr = DSR.objects.select_for_update().get(pk=dsr.pk)  # one import at a time per DSR
    plan = comparer(dsr, classeur)
    rapport = rapport_du_plan(plan, dsr=dsr, dry_run=dry_run)
    if dry_run or not rapport.change:
        return rapport
    derniere = dsr.referentiels.aggregate(m=Max("version"))["m"] or 0
    referentiel = Referentiel.objects.create(
        dsr=dsr, version=derniere + 1, nom_fichier=nom[:255], sha256=classeur.sha256,
        importe_par=by if by is not None and by.is_authenticated else None,
    )
    rapport.version = referentiel.version
    _appliquer(plan, dsr=dsr, referentiel=referentiel)
    referentiel.rapport = rapport.as_dict()
    referentiel.save(update_fields=["rapport"])
    journaliser(
        "referentiel_importe", acteur=by, cible=f"referentiel:{referentiel.pk}",
        message=f"REM {dsr.code} v{referentiel.version} importé ({rapport.resume}).",
        details={k: v for k, v in rapport.as_dict().items() if k != "anomalies"} | {"anomalies": len(rapport.anomalies)},
    )
    return rapport
