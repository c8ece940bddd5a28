"""Reading a REM workbook into cleaned rows, with its oddities; refusing what is not the layout (pure)."""

from __future__ import annotations

import hashlib
import io
import re

import openpyxl

from candidatures.services_vagues import PROFIL_GENERAL

from ..enums import Criticite, Perimetre
from .regles import (
    C_CHAPITRE,
    C_COMMENTAIRE,
    C_CRITICITE,
    C_EXIGENCE,
    C_FONCTION,
    C_ID,
    C_NUM_PREUVE,
    C_NUM_SCENARIO,
    C_ORDRE,
    C_PERIMETRE,
    C_PREUVE,
    C_PROFIL,
    C_PROFIL_HISTO,
    C_SCENARIO,
    COLONNES,
    FEUILLE,
    LONGUEURS_MAX,
    MULTILIGNES,
    RE_IDENTIFIANT,
    Anomalie,
    ClasseurREM,
    ImportRefuse,
    LigneREM,
    calculer_empreinte,
    code_chapitre,
    deduire_type_preuve,
    nettoyer,
    normaliser_entete,
    sans_accents,
)


def _perimetre(valeur: str, identifiant: str) -> str | None:
    if not valeur:
        return Perimetre.VAGUE1 if "va1" in identifiant.lower() else Perimetre.VAGUE2
    m = re.fullmatch(r"(?:vague|va)\s*([12])", sans_accents(valeur))
    return (Perimetre.VAGUE1 if m.group(1) == "1" else Perimetre.VAGUE2) if m else None


_CRITICITES = {sans_accents(c.label): c.value for c in Criticite}


def _refus(ligne: int, colonne: str, message: str) -> ImportRefuse:
    return ImportRefuse(f"Feuille « {FEUILLE} », ligne {ligne}, colonne « {colonne} » : {message}", field=colonne)


def _ouvrir(contenu: bytes, nom: str):
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
