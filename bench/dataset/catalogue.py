"""The wave, the four DSRs of the REM workbooks and their catalogues.

The catalogue comes from the agency's workbooks through the catalogue importer
(`preuves.importer.importer_rem`) when that module exists; otherwise (or if an import fails) a
synthetic catalogue of the same shape is written: chapters INS/DMP/MSS/SSI/CDA/PSC, about 150
requested proofs per DSR, two thirds of them in the Général profile, about 15% carried over
from Vague 1, the pen-test proof SSI/GEN.18.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import random
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from candidatures.models import DSR, Profil, Vague
from preuves.enums import Criticite, Perimetre, TypePreuve
from preuves.models import Chapitre, Exigence, PreuveAttendue, Referentiel, Scenario

from .db import Writer

DSRS = {
    "DPI": ("Dossier Patient Informatisé", "Hôpital"),
    "LGC": ("Logiciel de Gestion de Cabinet", "Médecin de ville"),
    "PFI": ("Plateforme d'Intermédiation", "Hôpital"),
    "RIS": ("Radiology Information System", "Imagerie"),
}
OPTIONAL_PROFILES = {
    "DPI": ["IAM", "IE Usagers", "IE ASPM", "Prestations d'hébergement ou Saas", "Equipements mobiles"],
    "LGC": ["BAL PER-ORG", "IE ASPM", "Prestations d'hébergement ou Saas", "Equipements mobiles"],
    "PFI": ["IAM", "IE Usagers", "IE ASPM", "BAL APP", "BAL PER-ORG", "Prestations d'hébergement ou Saas"],
    "RIS": ["IAM", "IE Usagers", "BAL PER-ORG", "Envoi manuel par MSS au PS Demandeur", "Prestations d'hébergement ou Saas"],
}
CHAPTERS = [
    ("INS", "Identité Nationale de Santé", ["QUAL", "IDENT"], 0.10),
    ("DMP", "Dossier Médical Partagé", ["ALIM", "CONS", "AIRS"], 0.22),
    ("MSS", "Messagerie Sécurisée de Santé", ["BAL", "ENV", "REC"], 0.22),
    ("SSI", "Sécurité des systèmes d'information", ["GEN", "IAM", "HEB"], 0.30),
    ("CDA", "Documents au format CDA", ["DD", "HL7"], 0.08),
    ("PSC", "Pro Santé Connect", ["AUTH"], 0.08),
]
PROOFS_PER_DSR = 150
PROOF_KINDS = [
    (TypePreuve.VIDEO_OU_CAPTURE, "Démonstration (vidéo ou copies d'écran) montrant le déroulé des étapes du scénario", 45),
    (TypePreuve.CAPTURE, "Copies d'écran de la séquence", 15),
    (TypePreuve.LOG, "Logs ou traces des échanges", 12),
    (TypePreuve.DOCUMENT, "Document décrivant la mise en œuvre", 10),
    (TypePreuve.LIEN_INTEROP, "[INTEROP] Lien vers l'Espace de Test Gazelle", 12),
    (TypePreuve.CNDA, "Homologation CNDA (attestation ou copie d'écran du statut)", 6),
]
WORKBOOK_DIRS = [Path(settings.BASE_DIR) / "preuves" / "fixtures" / "referentiel", Path("/work/shared/referentiel")]


@dataclass
class Proof:
    id: int
    numero: str
    type: str
    chapitre_id: int
    profil_id: int
    vague1: bool


@dataclass
class Catalogue:
    dsr: DSR
    general_id: int
    optional_ids: list[int]
    chapitres: dict[int, str]  # id -> code, in REM order
    proofs: list[Proof] = field(default_factory=list)
    source: str = "synthétique"


def ensure_vague() -> Vague:
    """Vague 2, with its three dates ahead so that every action of the journeys is allowed."""
    now = timezone.now()
    vague, _ = Vague.objects.get_or_create(
        numero=2,
        defaults={
            "nom": "Vague 2",
            "date1": now + timedelta(days=30),
            "date2": now + timedelta(days=60),
            "date3": now + timedelta(days=90),
        },
    )
    return vague


def _importer():
    if importlib.util.find_spec("preuves.importer") is None:
        return None
    return getattr(importlib.import_module("preuves.importer"), "importer_rem", None)


def _workbook(code: str) -> Path | None:
    for folder in WORKBOOK_DIRS:
        path = folder / f"REM_{code}_va2_brouillon.xlsx"
        if path.exists():
            return path
    return None


def ensure_catalogues(vague: Vague, rng: random.Random, log) -> list[Catalogue]:
    """One catalogue per DSR: kept if the DSR already has one, else imported, else synthetic."""
    importer = _importer()
    catalogues = []
    for code, (nom, couloir) in DSRS.items():
        dsr, _ = DSR.objects.get_or_create(vague=vague, code=code, defaults={"nom": nom, "couloir": couloir})
        Profil.objects.get_or_create(dsr=dsr, nom="Général", defaults={"obligatoire": True})
        source = "existant"
        if not PreuveAttendue.objects.filter(dsr=dsr, retiree=False).exists():
            source = "synthétique"
            path = _workbook(code)
            if importer is not None and path is not None:
                try:
                    with path.open("rb") as fichier:
                        importer(fichier, dsr=dsr, by=None, dry_run=False)
                    source = f"import de {path.name}"
                except Exception as exc:  # any failure of another app's importer: fall back, say so
                    log(f"  import de {path.name} impossible ({exc.__class__.__name__}: {exc}) ; catalogue synthétique")
            if not PreuveAttendue.objects.filter(dsr=dsr, retiree=False).exists():
                source = "synthétique"
                _synthetic(dsr, rng)
        catalogue = read_catalogue(dsr)
        catalogue.source = source
        log(f"  {code}: {len(catalogue.proofs)} preuves attendues, {len(catalogue.chapitres)} chapitres ({source})")
        catalogues.append(catalogue)
    return catalogues


def read_catalogue(dsr: DSR) -> Catalogue:
    profils = list(Profil.objects.filter(dsr=dsr).order_by("-obligatoire", "ordre", "nom"))
    general = next(p for p in profils if p.obligatoire)
    chapitres = dict(Chapitre.objects.filter(dsr=dsr).order_by("ordre", "code").values_list("id", "code"))
    catalogue = Catalogue(dsr, general.pk, [p.pk for p in profils if not p.obligatoire], chapitres)
    rows = (
        PreuveAttendue.objects.filter(dsr=dsr, retiree=False)
        .order_by("ordre", "numero")
        .values_list("id", "numero", "type", "exigence__chapitre_id", "exigence__profil_id", "exigence__perimetre")
    )
    catalogue.proofs = [Proof(i, n, t, c, p, per == Perimetre.VAGUE1) for i, n, t, c, p, per in rows]
    return catalogue


def _synthetic(dsr: DSR, rng: random.Random) -> None:
    """A catalogue shaped like the REM workbooks (see the module docstring), written by COPY."""
    writer = Writer()
    ref = Referentiel.objects.create(
        dsr=dsr, version=(Referentiel.objects.filter(dsr=dsr).count() + 1), nom_fichier="catalogue-synthetique-bench",
        sha256=hashlib.sha256(f"bench-{dsr.code}".encode()).hexdigest(), rapport={"synthetique": True},
    )
    general = Profil.objects.get(dsr=dsr, obligatoire=True)
    optional = [
        Profil.objects.get_or_create(dsr=dsr, nom=nom, defaults={"ordre": i + 1, "necessite_cnda": nom == "IE ASPM"})[0]
        for i, nom in enumerate(OPTIONAL_PROFILES[dsr.code])
    ]
    kinds = [k for k, _, w in PROOF_KINDS for _ in range(w)]
    texts = {k: t for k, t, _ in PROOF_KINDS}
    ordre = 0
    for c_ordre, (code, libelle, fonctions, share) in enumerate(CHAPTERS):
        chapitre = writer[Chapitre].add(dsr_id=dsr.pk, code=code, libelle=libelle, ordre=c_ordre)
        target = round(PROOFS_PER_DSR * share)
        made = 0
        n = 0
        while made < target:
            n += 1
            fonction = fonctions[n % len(fonctions)]
            vague1 = rng.random() < 0.15
            identifiant = f"{code}/{fonction}.{'va1.' if vague1 else ''}{n:02d}"
            pentest = code == "SSI" and n == 18
            if pentest:
                identifiant, vague1 = "SSI/GEN.18", False
            profil = general if pentest or rng.random() < 0.66 else rng.choice(optional)
            ordre += 1
            exigence = writer[Exigence].add(
                dsr_id=dsr.pk, chapitre_id=chapitre, profil_id=profil.pk, identifiant=identifiant,
                perimetre=Perimetre.VAGUE1 if vague1 else Perimetre.VAGUE2,
                fonction=f"Fonction {fonction}", texte=f"Le système DOIT satisfaire l'exigence {identifiant}.",
                criticite=rng.choice(Criticite.values), ordre=ordre, referentiel_id=ref.pk,
            )
            for s in range(1, rng.choice([1, 1, 2]) + 1):
                numero_scenario = f"{identifiant}.{s:02d}"
                scenario = writer[Scenario].add(
                    exigence_id=exigence, numero=numero_scenario, texte="Étapes du scénario de conformité.", ordre=s
                )
                for p in range(1, rng.choice([1, 1, 2]) + 1):
                    kind = TypePreuve.TEST_INTRUSION if pentest else rng.choice(kinds)
                    numero = f"{numero_scenario}.{p:02d}"
                    texte = "Rapport de test d'intrusion (prestataire PASSI)" if pentest else texts[kind]
                    writer[PreuveAttendue].add(
                        dsr_id=dsr.pk, exigence_id=exigence, scenario_id=scenario, numero=numero, texte=texte,
                        type=kind, ordre=ordre * 10 + s * 3 + p, ligne=ordre + 1, referentiel_id=ref.pk,
                        empreinte=hashlib.sha256(f"{dsr.code}|{numero}|{texte}".encode()).hexdigest(),
                    )
                    made += 1
    writer.flush()
