"""An integrator's script: drive a candidature through the Convergence REST API with a token.

    CONVERGENCE_JETON=cvg_… python examples/integrateur.py --url https://convergence.example \
        --version 12 --dsr 3 --chapitre INS --attestation attestation-v1.pdf --cnda capture-cnda.png \
        --piece capture=ecran.png --piece video_ou_capture=demo.mp4 --piece fichier=rapport.pdf

1. start a candidature of a product version for a DSR, accepting the charter;
2. fill the administrative step (with the Vague 1 attestation) and the eligibility step (with the
   proof of the CNDA request), each with the revision read (optimistic lock), then submit;
3. wait until the agency validates the administrative dossier (polling, cheaply);
4. list the requested proofs of one chapter, deposit a file for each, submit the chapter.

Every refusal comes back as {"code", "message", "champs"}: the French message says what to do.
Only `requests` is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import mimetypes
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

log = logging.getLogger("integrateur")


class ErreurAPI(Exception):
    """A refusal of the API, with its stable code, its French message and the fields at fault."""

    def __init__(self, status: int, corps: dict):
        self.status, self.code = status, corps.get("code", "")
        self.message, self.champs = corps.get("message", ""), corps.get("champs", {})
        super().__init__(f"{status} {self.code} : {self.message} {self.champs or ''}".strip())


class API:
    """A thin client of /api/v1/ authenticated with a personal access token."""

    def __init__(self, base_url: str, jeton: str, *, timeout: float = 60):
        self.base = base_url.rstrip("/") + "/api/v1/"
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {jeton}", "Accept": "application/json"})
        self.timeout = timeout

    def _url(self, chemin: str) -> str:
        return chemin if chemin.startswith("http") else self.base + chemin.lstrip("/")

    def requete(self, methode: str, chemin: str, **kwargs) -> dict:
        reponse = self.session.request(methode, self._url(chemin), timeout=self.timeout, **kwargs)
        if reponse.status_code >= 400:
            try:
                corps = reponse.json()
            except ValueError:
                corps = {"code": "erreur", "message": reponse.text[:200]}
            raise ErreurAPI(reponse.status_code, corps)
        return reponse.json()

    def get(self, chemin: str, **params) -> dict:
        return self.requete("GET", chemin, params=params)

    def post(self, chemin: str, json: dict | None = None, **kwargs) -> dict:
        return self.requete("POST", chemin, json=json, **kwargs)

    def patch(self, chemin: str, **kwargs) -> dict:
        return self.requete("PATCH", chemin, **kwargs)

    def tous(self, chemin: str, **params) -> list[dict]:
        """Every item of a paginated list."""
        page = self.get(chemin, **params)
        items = page["results"]
        while page["next"]:
            page = self.requete("GET", page["next"])
            items += page["results"]
        return items

    def telecharger(self, url: str) -> bytes:
        reponse = self.session.get(url, timeout=self.timeout)
        reponse.raise_for_status()
        return reponse.content


def _fichier(chemin: Path, champ: str = "fichiers"):
    type_mime = mimetypes.guess_type(chemin.name)[0] or "application/octet-stream"
    return (champ, (chemin.name, chemin.read_bytes(), type_mime))


def demarrer(api: API, *, version: int, dsr: int, administrative: dict, eligibilite: dict,
             attestation: Path | None = None, cnda: Path | None = None) -> dict:
    """Start the candidature, fill both steps (multipart, with their uploads) and submit it."""
    c = api.post("candidatures/", {"version": version, "dsr": dsr, "charte_acceptee": True})
    log.info("Candidature %s démarrée (%s).", c["reference"], c["statut_libelle"])
    fichiers = [_fichier(attestation, "attestation_vague1")] if attestation else []
    c = api.patch(f"candidatures/{c['id']}/administrative/", files=fichiers or None,
                  data={**administrative, "revision": c["administrative"]["revision"]})
    profils = eligibilite.pop("profils", None) or c["eligibilite"]["profils"]
    fichiers = [_fichier(cnda, "cnda_preuve")] if cnda else []
    c = api.patch(f"candidatures/{c['id']}/eligibilite/", files=fichiers or None,
                  data={**eligibilite, "profils": profils, "revision": c["eligibilite"]["revision"]})
    if c["manquants"]:
        raise ErreurAPI(400, {"code": "incomplet", "message": " ; ".join(c["manquants"])})
    c = api.post(f"candidatures/{c['id']}/soumettre/")
    log.info("Dossier administratif soumis (%s).", c["statut_libelle"])
    return c


def attendre_statut(api: API, candidature: int, statut: str, *, delai: float = 3600, intervalle: float = 30) -> dict:
    """Poll the candidature until it reaches `statut` (the list filtered on updated_at is cheap)."""
    depuis = None
    fin = time.monotonic() + delai
    while True:
        filtres = {"updated_at__gte": depuis} if depuis else {}
        for c in api.tous("candidatures/", **filtres):
            if c["id"] == candidature and c["statut"] == statut:
                return api.get(f"candidatures/{candidature}/")
            depuis = max(depuis or c["updated_at"], c["updated_at"])
        if time.monotonic() > fin:
            raise TimeoutError(f"La candidature {candidature} n'a pas atteint le statut « {statut} ».")
        time.sleep(intervalle)


def deposer_chapitre(api: API, candidature: int, chapitre: str, pieces: dict[str, Path],
                     champs: dict[str, dict] | None = None) -> dict:
    """Deposit one file for every requested proof of the chapter still lacking one, check each
    stored file's SHA-256 by downloading it back, and submit the chapter."""
    champs = champs or {}
    preuves = api.tous("preuves-demandees/", candidature=candidature, chapitre_code=chapitre)
    for p in preuves:
        if p["manque"] is None:
            continue
        type_preuve = p["preuve_attendue"]["type"]
        chemin = pieces.get(type_preuve) or pieces["fichier"]
        depot = api.post(f"preuves-demandees/{p['id']}/deposer/", files=[_fichier(chemin)],
                         data={"commentaire": "Déposé par l'intégration continue.", **champs.get(type_preuve, {})})
        stocke = depot["fichiers"][0]
        if hashlib.sha256(api.telecharger(stocke["contenu"])).hexdigest() != stocke["sha256"]:
            raise ErreurAPI(500, {"code": "empreinte", "message": f"Empreinte différente pour {stocke['nom']}."})
        log.info("Preuve %s : version %s déposée.", p["preuve_attendue"]["numero"], depot["version"])
    dossier = next(d for d in api.tous("dossiers-chapitre/", candidature=candidature) if d["chapitre_code"] == chapitre)
    dossier = api.post(f"dossiers-chapitre/{dossier['id']}/soumettre/")
    log.info("Chapitre %s soumis (tour %s, %s).", chapitre, dossier["tour"], dossier["statut_libelle"])
    return dossier


def run(base_url: str, jeton: str, *, version: int, dsr: int, chapitre: str, pieces: dict[str, Path],
        administrative: dict, eligibilite: dict, attestation: Path | None = None, cnda: Path | None = None,
        attendre: Callable[[API, int], dict] | None = None) -> dict:
    """The whole journey; returns the submitted chapter. `attendre(api, id)` waits for the agency's
    validation (polling by default)."""
    api = API(base_url, jeton)
    moi = api.get("utilisateurs/moi/")
    log.info("Connecté en tant que %s.", moi["username"])
    c = demarrer(api, version=version, dsr=dsr, administrative=administrative, eligibilite=dict(eligibilite),
                 attestation=attestation, cnda=cnda)
    attendre = attendre or (lambda a, pk: attendre_statut(a, pk, "preuves"))
    attendre(api, c["id"])
    return deposer_chapitre(api, c["id"], chapitre, pieces)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--version", type=int, required=True)
    parser.add_argument("--dsr", type=int, required=True)
    parser.add_argument("--chapitre", required=True)
    parser.add_argument("--attestation", type=Path)
    parser.add_argument("--cnda", type=Path)
    parser.add_argument("--piece", action="append", default=[], help="type=chemin, par exemple capture=ecran.png")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    pieces = {k: Path(v) for k, v in (p.split("=", 1) for p in args.piece)}
    administrative = {"statut_vague1": "reference" if args.attestation else "non_reference"}
    try:
        run(args.url, os.environ["CONVERGENCE_JETON"], version=args.version, dsr=args.dsr, chapitre=args.chapitre,
            pieces=pieces, administrative=administrative, eligibilite={}, attestation=args.attestation, cnda=args.cnda)
    except ErreurAPI as exc:
        log.error("Refusé : %s", exc.message)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
