"""Rules of the REM workbook layout: columns, cell cleaning, chapter codes, proof kinds (pure)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from comptes.errors import DomainError

from ..enums import TypePreuve

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

