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

import hashlib
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils.translation import ngettext

from candidatures.journal import journaliser
from candidatures.models import DSR, Profil
from candidatures.services_vagues import PROFIL_GENERAL
from comptes.errors import DomainError
from comptes.policy import require

from .enums import Criticite, Perimetre, TypePreuve
from .models import Chapitre, Exigence, PreuveAttendue, Referentiel, Scenario

FEUILLE = "Exigences"
C_PERIMETRE, C_ID, C_CHAPITRE, C_FONCTION, C_EXIGENCE, C_COMMENTAIRE, C_PROFIL = (
    "Périmètre", "ID", "Chapitre", "Fonction", "Exigence", "Commentaire", "Profil",
)
C_NUM_SCENARIO, C_SCENARIO, C_NUM_PREUVE, C_PREUVE, C_PROFIL_HISTO, C_CRITICITE, C_ORDRE = (
    "N° scénario", "Scénario de conformité", "N° preuve", "Preuve", "Profil historique", "Criticité", "Ordre",
)
COLONNES = (
    C_PERIMETRE, C_ID, C_CHAPITRE, C_FONCTION, C_EXIGENCE, C_COMMENTAIRE, C_PROFIL,
    C_NUM_SCENARIO, C_SCENARIO, C_NUM_PREUVE, C_PREUVE, C_PROFIL_HISTO, C_CRITICITE, C_ORDRE,
)
# Long texts keep their line breaks (they are content); other cells are one line.
MULTILIGNES = {C_EXIGENCE, C_COMMENTAIRE, C_SCENARIO, C_PREUVE}
LONGUEURS_MAX = {C_ID: 100, C_NUM_SCENARIO: 120, C_NUM_PREUVE: 120, C_CHAPITRE: 500, C_FONCTION: 500,
                 C_PROFIL: 255, C_PROFIL_HISTO: 255}
# An identifier: segments of letters/digits joined by "." "/" "-" or "_" (DMP/AIRS.03, 39.01, INS/va1.02).
RE_IDENTIFIANT = re.compile(r"^[A-Za-z0-9]+(?:[./_-][A-Za-z0-9]+)*$")
ESPACES_INSECABLES = "\u00a0\u202f\u2007\u2060"
INVISIBLES = "\u200b\u200c\u200d\ufeff\u00ad"


class ImportRefuse(DomainError):
    """The workbook is not in the REM layout; nothing was imported."""

    code = "import_refuse"


@dataclass(frozen=True)
class Anomalie:
    """An oddity of one row, corrected without losing the proof."""

    ligne: int
    colonne: str
    message: str

    def __str__(self) -> str:
        if self.colonne:
            return f"Ligne {self.ligne}, colonne « {self.colonne} » : {self.message}"
        return f"Ligne {self.ligne} : {self.message}"


@dataclass
class LigneREM:
    """One row of the workbook, cleaned: one requested proof."""

    ligne: int
    perimetre: str
    exigence: str
    chapitre: str
    section: str
    fonction: str
    texte_exigence: str
    commentaire: str
    profil: str
    scenario: str | None
    texte_scenario: str
    numero: str
    texte: str
    profil_historique: str
    criticite: str
    ordre: int
    type: str = TypePreuve.FICHIER
    empreinte: str = ""


@dataclass
class ClasseurREM:
    nom: str
    sha256: str
    lignes: list[LigneREM]
    anomalies: list[Anomalie]

    @property
    def nb_exigences(self) -> int:
        return len({lg.exigence for lg in self.lignes})

    @property
    def nb_scenarios(self) -> int:
        return len({(lg.exigence, lg.scenario) for lg in self.lignes if lg.scenario})


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


# --- Reading (pure) -------------------------------------------------------------------------


def normaliser_entete(valeur) -> str:
    """A header as written, without its typographic noise (NBSP, line breaks, º for °)."""
    texte, _ = nettoyer(valeur, multiligne=False)
    return texte.replace("º", "°")


def nettoyer(valeur, *, multiligne: bool) -> tuple[str, list[str]]:
    """Clean one cell: (text, oddities found). Line breaks stay in multi-line texts only."""
    if valeur is None:
        return "", []
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    texte = unicodedata.normalize("NFC", str(valeur))
    remarques = []
    if any(ch in texte for ch in ESPACES_INSECABLES):
        texte = re.sub(f"[{ESPACES_INSECABLES}]", " ", texte)
        remarques.append("espace insécable remplacée par une espace ordinaire.")
    if any(ch in texte for ch in INVISIBLES):
        texte = re.sub(f"[{INVISIBLES}]", "", texte)
        remarques.append("caractère invisible supprimé.")
    texte = texte.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if multiligne:
        lignes = [re.sub(r" {2,}", " ", lg).strip() for lg in texte.split("\n")]
        texte = re.sub(r"\n{3,}", "\n\n", "\n".join(lignes)).strip()
    else:
        if "\n" in texte.strip():
            remarques.append("retour à la ligne remplacé par une espace.")
        texte = re.sub(r"\s+", " ", texte).strip()
    return texte, remarques


def sans_accents(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte.replace("’", "'"))
    return "".join(ch for ch in decompose if not unicodedata.combining(ch)).lower()


def code_chapitre(identifiant: str, code_dsr: str) -> str:
    """The chapter code: the id's first segment after any DSR prefix.

    `DMP/AIRS.03` -> DMP, `PSC.01` -> PSC, `DPI.CDA/HL7.04` (DSR DPI) -> CDA.
    """
    prefixe = f"{code_dsr}."
    reste = identifiant
    if code_dsr and identifiant.upper().startswith(prefixe.upper()) and identifiant[len(prefixe):][:1].isalpha():
        reste = identifiant[len(prefixe):]
    return re.split(r"[./]", reste, maxsplit=1)[0].upper()


_VIDEO = re.compile(r"\bvideos?\b")
_CAPTURE = re.compile(r"\b(copies?|captures?) d'ecran|\bscreenshots?\b")
_LOG = re.compile(r"\blogs?\b|\btraces?\b|\bsoap\b|\bsmtp\b")
_DOCUMENT = re.compile(
    r"\b(documentation|documents?|procedures?|attestation|declaration|engagement|pssi|plan d'assurance|"
    r"matrice|description|dossier|politique|processus|liste|tableau|justificatif|rapport)\b"
)


def deduire_type_preuve(texte: str, exigence: str = "") -> str:
    """The kind of a requested proof, inferred from its text (generic file when unsure)."""
    t = sans_accents(texte)
    if "[interop]" in t or re.search(r"\blien (vers|permanent)\b", t) or t.lstrip("'\" ").startswith("lien "):
        return TypePreuve.LIEN_INTEROP
    if re.search(r"\bcnda\b", t):
        return TypePreuve.CNDA
    if "test d'intrusion" in t or re.search(r"\bpassi\b", t) or (exigence.upper() == "SSI/GEN.18" and not t):
        return TypePreuve.TEST_INTRUSION
    video, capture = bool(_VIDEO.search(t)), bool(_CAPTURE.search(t))
    if video and capture:
        return TypePreuve.VIDEO_OU_CAPTURE
    if video:
        return TypePreuve.VIDEO
    if capture:
        return TypePreuve.CAPTURE
    if _LOG.search(t):
        return TypePreuve.LOG
    if _DOCUMENT.search(t):
        return TypePreuve.DOCUMENT
    return TypePreuve.FICHIER


def calculer_empreinte(ligne: LigneREM) -> str:
    """Hash of the cells that define a requested proof (what a candidature answers to)."""
    cellules = [ligne.perimetre, ligne.exigence, ligne.profil, ligne.scenario or "", ligne.numero, ligne.texte]
    return hashlib.sha256("\x1f".join(cellules).encode()).hexdigest()


def _perimetre(valeur: str, identifiant: str) -> str | None:
    if not valeur:
        return Perimetre.VAGUE1 if "va1" in identifiant.lower() else Perimetre.VAGUE2
    m = re.fullmatch(r"(?:vague|va)\s*([12])", sans_accents(valeur))
    return (Perimetre.VAGUE1 if m.group(1) == "1" else Perimetre.VAGUE2) if m else None


_CRITICITES = {sans_accents(c.label): c.value for c in Criticite}


def _refus(ligne: int, colonne: str, message: str) -> ImportRefuse:
    return ImportRefuse(f"Feuille « {FEUILLE} », ligne {ligne}, colonne « {colonne} » : {message}", field=colonne)


def _ouvrir(contenu: bytes, nom: str):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key errors) for a bad file
        raise ImportRefuse(f"Le fichier « {nom} » n'est pas un classeur Excel (.xlsx) lisible.") from exc


def lire_classeur(contenu: bytes, *, nom: str, code_dsr: str) -> ClasseurREM:
    """Read and clean a REM workbook. Raises ImportRefuse when it is not in the layout."""
    classeur = _ouvrir(contenu, nom)
    try:
        feuilles = {normaliser_entete(n): n for n in classeur.sheetnames}
        if FEUILLE not in feuilles:
            trouvees = ", ".join(f"« {n} »" for n in classeur.sheetnames)
            raise ImportRefuse(f"Le classeur « {nom} » n'a pas de feuille « {FEUILLE} » (feuilles trouvées : {trouvees}).")
        rangees = list(classeur[feuilles[FEUILLE]].iter_rows(values_only=True))
    finally:
        classeur.close()
    lecteur = _Lecteur(code_dsr)
    return ClasseurREM(
        nom=nom, sha256=hashlib.sha256(contenu).hexdigest(), lignes=lecteur.lire(rangees), anomalies=lecteur.anomalies
    )


class _Lecteur:
    """Turns the sheet's rows into LigneREM, collecting oddities; refuses what is not the layout."""

    def __init__(self, code_dsr: str):
        self.code_dsr = code_dsr
        self.anomalies: list[Anomalie] = []

    def signaler(self, ligne: int, colonne: str, message: str) -> None:
        self.anomalies.append(Anomalie(ligne, colonne, message))

    def entetes(self, rangees: list[tuple]) -> tuple[int, dict[str, int]]:
        numero = next((n for n, r in enumerate(rangees, start=1) if any(v not in (None, "") for v in r)), None)
        if numero is None:
            raise ImportRefuse(f"Feuille « {FEUILLE} », ligne 1 : la feuille est vide (en-têtes absents).")
        rangee = rangees[numero - 1]
        noms = [normaliser_entete(v) for v in rangee]
        index, doublons = {}, []
        for i, nom in enumerate(noms):
            if nom in index and nom:
                doublons.append(nom)
            index.setdefault(nom, i)
        if doublons:
            raise ImportRefuse(f"Feuille « {FEUILLE} », ligne {numero}, colonne « {doublons[0]} » : colonne en double.")
        manquantes = [c for c in COLONNES if c not in index]
        if manquantes:
            inattendues = [n for n in noms if n and n not in COLONNES]
            detail = f" (colonne inattendue : {', '.join(f'« {n} »' for n in inattendues)})" if inattendues else ""
            raise ImportRefuse(
                f"Feuille « {FEUILLE} », ligne {numero}, colonne « {manquantes[0]} » : colonne absente{detail}. "
                f"Colonnes attendues : {', '.join(COLONNES)}."
            )
        return numero, {c: index[c] for c in COLONNES}

    def lire(self, rangees: list[tuple]) -> list[LigneREM]:
        ligne_entete, index = self.entetes(rangees)
        lignes: list[LigneREM] = []
        for numero, rangee in enumerate(rangees[ligne_entete:], start=ligne_entete + 1):
            brutes = {c: (rangee[i] if i < len(rangee) else None) for c, i in index.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in brutes.values()):
                continue
            lignes.append(self.lire_ligne(numero, brutes))
        if not lignes:
            raise ImportRefuse(f"Feuille « {FEUILLE} », ligne {ligne_entete + 1} : aucune preuve attendue dans la feuille.")
        self.verifier_ensemble(lignes)
        self.anomalies.sort(key=lambda a: a.ligne)  # stable: a row's oddities keep their order
        return lignes

    def cellule(self, numero: int, colonne: str, valeur) -> str:
        texte, remarques = nettoyer(valeur, multiligne=colonne in MULTILIGNES)
        for remarque in remarques:
            self.signaler(numero, colonne, remarque)
        limite = LONGUEURS_MAX.get(colonne)
        if limite and len(texte) > limite:
            raise _refus(numero, colonne, f"texte trop long ({len(texte)} caractères, {limite} au plus).")
        return texte

    def identifiant(self, numero: int, colonne: str, valeur) -> str:
        if isinstance(valeur, float):
            raise _refus(numero, colonne, f"« {valeur} » est un nombre, pas un identifiant (saisir la cellule en texte).")
        texte = self.cellule(numero, colonne, valeur)
        if texte and not RE_IDENTIFIANT.match(texte):
            raise _refus(numero, colonne, f"« {texte} » n'est pas un identifiant valide.")
        return texte

    def lire_ligne(self, numero: int, brutes: dict) -> LigneREM:
        v = {c: self.cellule(numero, c, brutes[c]) for c in COLONNES if c not in (C_ID, C_NUM_SCENARIO, C_NUM_PREUVE)}
        exigence = self.identifiant(numero, C_ID, brutes[C_ID])
        if not exigence:
            raise _refus(numero, C_ID, "identifiant d'exigence vide.")
        scenario = self.identifiant(numero, C_NUM_SCENARIO, brutes[C_NUM_SCENARIO]) or None
        preuve = self.identifiant(numero, C_NUM_PREUVE, brutes[C_NUM_PREUVE])

        perimetre = _perimetre(v[C_PERIMETRE], exigence)
        if perimetre is None:
            raise _refus(numero, C_PERIMETRE, f"« {v[C_PERIMETRE]} » n'est pas un périmètre (Vague 1 ou Vague 2).")
        if not v[C_PERIMETRE]:
            self.signaler(numero, C_PERIMETRE, f"cellule vide : « {Perimetre(perimetre).label} » retenu.")
        criticite = _CRITICITES.get(sans_accents(v[C_CRITICITE])) if v[C_CRITICITE] else Criticite.NON_DEFINIE
        if criticite is None:
            raise _refus(numero, C_CRITICITE, f"« {v[C_CRITICITE]} » n'est pas une criticité (Mineure, Majeure, Critique ou Non définie).")
        if not v[C_CRITICITE]:
            self.signaler(numero, C_CRITICITE, "cellule vide : « Non définie » retenue.")
        profil = v[C_PROFIL]
        if not profil or sans_accents(profil) == sans_accents(PROFIL_GENERAL):
            if not profil:
                self.signaler(numero, C_PROFIL, f"cellule vide : profil « {PROFIL_GENERAL} » retenu.")
            profil = PROFIL_GENERAL
        ordre = self.ordre(numero, brutes[C_ORDRE], v[C_ORDRE])
        chapitre = code_chapitre(exigence, self.code_dsr)
        if not v[C_CHAPITRE]:
            self.signaler(numero, C_CHAPITRE, f"cellule vide : le chapitre prend le libellé « {chapitre} ».")
        for colonne in (C_EXIGENCE, C_SCENARIO, C_PREUVE):
            if not v[colonne]:
                self.signaler(numero, colonne, "cellule vide.")
        if scenario is None:
            scenario = self.deduire_scenario(numero, exigence, preuve)
        elif not scenario.startswith(f"{exigence}."):
            self.signaler(numero, C_NUM_SCENARIO, f"le N° de scénario « {scenario} » ne prolonge pas l'identifiant d'exigence « {exigence} ».")
        if preuve and not preuve.startswith(f"{scenario or exigence}."):
            parent = f"le N° de scénario « {scenario} »" if scenario else f"l'identifiant d'exigence « {exigence} »"
            self.signaler(numero, C_NUM_PREUVE, f"le N° de preuve « {preuve} » ne prolonge pas {parent}.")
        ligne = LigneREM(
            ligne=numero, perimetre=perimetre, exigence=exigence, chapitre=chapitre,
            section=v[C_CHAPITRE] or chapitre, fonction=v[C_FONCTION], texte_exigence=v[C_EXIGENCE],
            commentaire=v[C_COMMENTAIRE], profil=profil, scenario=scenario, texte_scenario=v[C_SCENARIO],
            numero=preuve, texte=v[C_PREUVE], profil_historique=v[C_PROFIL_HISTO], criticite=criticite, ordre=ordre,
        )
        ligne.type = deduire_type_preuve(ligne.texte, exigence)
        return ligne

    def ordre(self, numero: int, brute, texte: str) -> int:
        if not texte:
            self.signaler(numero, C_ORDRE, "cellule vide : le numéro de ligne sert d'ordre.")
            return numero
        if isinstance(brute, int | float) and float(brute).is_integer() and brute >= 0:
            return int(brute)
        if texte.isdigit():
            return int(texte)
        raise _refus(numero, C_ORDRE, f"« {texte} » n'est pas un nombre entier.")

    def deduire_scenario(self, numero: int, exigence: str, preuve: str) -> str | None:
        parent = preuve.rsplit(".", 1)[0] if "." in preuve else ""
        if parent.startswith(f"{exigence}."):
            self.signaler(numero, C_NUM_SCENARIO, f"cellule vide : scénario « {parent} » déduit du N° de preuve.")
            return parent
        self.signaler(numero, C_NUM_SCENARIO, "cellule vide : la preuve est rattachée à l'exigence sans scénario.")
        return None

    def verifier_ensemble(self, lignes: list[LigneREM]) -> None:
        """Checks across rows: empty or repeated proof ids, diverging requirement/scenario cells."""
        vus: dict[str, int] = {}
        pris = {lg.numero for lg in lignes if lg.numero}
        for lg in lignes:
            if not lg.numero:
                base, n = lg.scenario or lg.exigence, 1
                while f"{base}.{n:02d}" in pris:
                    n += 1
                lg.numero = f"{base}.{n:02d}"
                pris.add(lg.numero)
                self.signaler(lg.ligne, C_NUM_PREUVE, f"cellule vide : N° « {lg.numero} » attribué.")
            elif lg.numero in vus:
                self.signaler(
                    lg.ligne, C_NUM_PREUVE,
                    f"N° de preuve « {lg.numero} » déjà utilisé ligne {vus[lg.numero]} : les deux preuves sont conservées.",
                )
            vus.setdefault(lg.numero, lg.ligne)
            lg.empreinte = calculer_empreinte(lg)
        premieres: dict[str, LigneREM] = {}
        champs = [(C_PERIMETRE, "perimetre"), (C_FONCTION, "fonction"), (C_EXIGENCE, "texte_exigence"),
                  (C_COMMENTAIRE, "commentaire"), (C_PROFIL, "profil"), (C_PROFIL_HISTO, "profil_historique"),
                  (C_CRITICITE, "criticite")]
        for lg in lignes:
            premiere = premieres.setdefault(lg.exigence, lg)
            for colonne, attribut in champs:
                if getattr(lg, attribut) != getattr(premiere, attribut):
                    self.signaler(
                        lg.ligne, colonne,
                        f"valeur différente de celle de la ligne {premiere.ligne} pour l'exigence « {lg.exigence} » : "
                        f"celle de la ligne {premiere.ligne} est retenue.",
                    )
        scenarios: dict[tuple, LigneREM] = {}
        for lg in lignes:
            if lg.scenario:
                premiere = scenarios.setdefault((lg.exigence, lg.scenario), lg)
                if lg.texte_scenario != premiere.texte_scenario:
                    self.signaler(
                        lg.ligne, C_SCENARIO,
                        f"texte différent de celui de la ligne {premiere.ligne} pour le scénario « {lg.scenario} » : "
                        f"celui de la ligne {premiere.ligne} est retenu.",
                    )


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
