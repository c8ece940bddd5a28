"""Prepare the load: sample editors, verifiers and API clients of the generated dataset, create
their Django sessions (and API tokens) beforehand, resolve each journey step's URL for each of
them, and write the plan the locustfile reads. No login happens during the load.

URL names come from the other apps and may not exist yet: a step whose name does not resolve
is left out with a warning. Their parameters are not known in advance either: each pattern's
keyword arguments are matched against the ids of the step's object (candidature, chapter
dossier, requested proof...), and an interpretation is kept only when the page answers 200 for
a sampled user (checked in-process with Django's test client).

Usage (run.sh does it): python bench/prepare.py --out plan.json [--editors 30 --verifiers 10 --api 20]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")
if __name__ == "__main__":  # the in-process checks use Django's test client (host "testserver")
    os.environ["DJANGO_ALLOWED_HOSTS"] = f"{os.environ.get('DJANGO_ALLOWED_HOSTS', '127.0.0.1')},testserver"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import URLResolver, get_resolver, reverse  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from bench.dataset.acteurs import FANOUT_SIREN, SIREN_PREFIX, USER_PREFIX  # noqa: E402
from candidatures.enums import CandidatureStatus  # noqa: E402
from candidatures.models import Candidature  # noqa: E402
from comptes.jetons import creer_jeton  # noqa: E402
from comptes.models import User  # noqa: E402
from preuves.enums import ChapitreStatus, PreuveStatus, TypePreuve  # noqa: E402
from preuves.models import DossierChapitre, PreuveDemandee  # noqa: E402

# (step, URL name, object the URL is about)
EDITOR_STEPS = [
    ("tableau de bord", "accompagnement:tableau-de-bord", None),
    ("liste des candidatures", "candidatures:liste", None),
    ("page candidature", "candidatures:detail", "candidature"),
    ("page preuves", "preuves:candidature", "candidature"),
    ("page chapitre", "preuves:chapitre", "dossier"),
    ("dépôt (page)", "preuves:deposer", "preuve"),
]
VERIFIER_STEPS = [
    ("file de vérification", "preuves:file-verification", None),
    ("revue de chapitre", "preuves:revue-chapitre", "dossier"),
]
# API endpoints measured (list and detail) when the API root lists them.
API_ENDPOINTS = [
    "organisations", "utilisateurs", "produits", "candidatures", "dossiers-chapitre", "preuves-demandees", "depots",
    "messages", "notifications", "demandes", "evenements-calendrier",
]
PER_USER = 4  # objects sampled per user and page step
DEPOSITS_PER_USER = 40  # proofs an editor may deposit during the load (each deposit uses one up)
# Proofs the load deposits: the kinds whose form is files and a comment (the CNDA, pen-test and
# Interop forms have rules of their own; a deposit refused by them would measure nothing).
FILE_KINDS = [TypePreuve.VIDEO_OU_CAPTURE, TypePreuve.CAPTURE, TypePreuve.VIDEO, TypePreuve.LOG, TypePreuve.DOCUMENT,
              TypePreuve.FICHIER]
VIDEO_KINDS = [TypePreuve.VIDEO_OU_CAPTURE, TypePreuve.VIDEO]


def url_kwargs(name: str) -> list[set[str]] | None:
    """The keyword-argument sets of every pattern named `name` (None when there is none)."""
    namespace, _, short = name.rpartition(":")
    found = []

    def walk(patterns, spaces, kwargs):
        for p in patterns:
            kw = kwargs | set(p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, [*spaces, p.namespace] if p.namespace else spaces, kw)
            elif p.name == short and ":".join(spaces) == namespace:
                found.append(kw)

    walk(get_resolver().url_patterns, [], set())
    return found or None


def ids_of(kind: str, obj) -> dict:
    """Values a URL about `obj` may need, first the object's own id."""
    if kind == "candidature":
        return {"candidature": obj.pk}
    if kind == "dossier":
        return {"dossier": obj.pk, "candidature": obj.candidature_id, "chapitre": obj.chapitre_id, "code": obj.chapitre.code}
    return {
        "preuve": obj.pk, "dossier": obj.dossier_id, "candidature": obj.candidature_id,
        "chapitre": obj.dossier.chapitre_id, "code": obj.dossier.chapitre.code,
    }


def interpretations(kwargs: set[str], values: dict) -> list[dict]:
    """Every plausible way to fill `kwargs` from `values` (the object's own id first)."""
    primary = next(iter(values))
    choices = []
    for name in sorted(kwargs):
        n = name.lower()
        if n in ("pk", "id"):
            options = [primary, *(k for k in values if k not in (primary, "code"))]
        elif "code" in n:
            options = ["code"]
        else:
            options = [k for k in values if k != "code" and k in n]
            options += ["code"] if "chapitre" in n else []
        if not options:
            return []
        choices.append([(name, o) for o in options])
    return [dict(combo) for combo in itertools.product(*choices)][:12]


class Resolver:
    """Finds, once per step, how a URL's kwargs map to the object's ids, with a real request."""

    def __init__(self, warn):
        self.warn = warn
        self.mapping: dict[str, dict | None] = {}

    def url(self, step: str, name: str, kind: str | None, obj, user) -> str | None:
        if step not in self.mapping:
            self.mapping[step] = self._learn(step, name, kind, obj, user)
        mapping = self.mapping[step]
        if mapping is None:
            return None
        values = ids_of(kind, obj) if kind else {}
        return reverse(name, kwargs={k: values[v] for k, v in mapping.items()})

    def _learn(self, step, name, kind, obj, user):
        patterns = url_kwargs(name)
        if patterns is None:
            self.warn(f"étape « {step} » ignorée : l'URL {name} n'existe pas (encore)")
            return None
        client = Client(raise_request_exception=False)
        client.force_login(user)
        seen = []
        values = ids_of(kind, obj) if kind else {}
        for kwargs in patterns:
            for mapping in interpretations(kwargs, values) if kwargs else [{}]:
                url = reverse(name, kwargs={k: values[v] for k, v in mapping.items()})
                status = client.get(url).status_code
                if status == 200:
                    return mapping
                seen.append(f"{url} → {status}")
        self.warn(f"étape « {step} » ignorée : aucune URL de {name} ne répond 200 ({'; '.join(seen) or 'paramètres inconnus'})")
        return None


def create_session(user) -> str:
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "comptes.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def sample_editors(rng, n: int) -> list[tuple[User, list[Candidature]]]:
    """Editors with candidatures in phase 2: organisation administrators and users with the
    right to contribute, each with the candidatures they may work on."""
    cands = list(
        Candidature.objects.filter(organisation__siren__startswith=SIREN_PREFIX, statut=CandidatureStatus.PREUVES)
        .select_related("version")
        .order_by("pk")
    )
    by_org: dict[int, list[Candidature]] = {}
    for c in cands:
        by_org.setdefault(c.organisation_id, []).append(c)
    users = list(User.objects.filter(organisation_id__in=by_org, is_active=True).prefetch_related("habilitations").order_by("pk"))
    rng.shuffle(users)
    chosen = []
    for user in users:
        if user.est_admin_organisation:
            mine = by_org[user.organisation_id]
        else:
            produits = {h.produit_id for h in user.habilitations.all() if h.lire and h.contribuer}
            mine = [c for c in by_org[user.organisation_id] if c.version.produit_id in produits]
        if mine:
            chosen.append((user, mine))
        if len(chosen) == n:
            break
    return chosen


def depositable(cands, kinds, exclude=()):
    """Requested proofs of `cands` an editor may deposit now: chapter open, proof to (re)do."""
    return (
        PreuveDemandee.objects.filter(
            candidature__in=cands, preuve_attendue__type__in=kinds,
            dossier__statut__in=(ChapitreStatus.A_COMPLETER, ChapitreStatus.EN_ATTENTE_EDITEUR),
            statut__in=(PreuveStatus.A_FOURNIR, PreuveStatus.NON_CONFORME, PreuveStatus.A_COMPLETER),
        )
        .exclude(pk__in=exclude)
        .select_related("dossier__chapitre")
        .order_by("pk")
    )


def editor_objects(rng, cands, reserved):
    sampled = rng.sample(cands, k=min(PER_USER, len(cands)))
    dossiers = list(DossierChapitre.objects.filter(candidature__in=sampled).select_related("chapitre").order_by("pk"))
    preuves = list(depositable(cands, FILE_KINDS, reserved)[:500])
    return {
        "candidature": sampled,
        "dossier": rng.sample(dossiers, k=min(PER_USER, len(dossiers))),
        "preuve": rng.sample(preuves, k=min(DEPOSITS_PER_USER, len(preuves))),
    }


def verifier_objects(rng, user):
    dossiers = list(
        DossierChapitre.objects.filter(
            candidature__organisation__siren__startswith=SIREN_PREFIX,
            statut__in=(ChapitreStatus.EN_ANALYSE, ChapitreStatus.SOUMIS),
        ).select_related("chapitre").order_by("pk")[:2000]
    )
    mine = [d for d in dossiers if d.verificateur_id == user.pk] or dossiers
    return {"dossier": rng.sample(mine, k=min(PER_USER, len(mine)))}


def page_steps(resolver, steps, user, objects) -> dict[str, list[str]]:
    out = {}
    for step, name, kind in steps:
        targets = objects.get(kind, []) if kind else [None]
        urls = [u for u in (resolver.url(step, name, kind, o, user) for o in targets) if u]
        if urls:
            out[step] = urls
    return out


def api_endpoints(user, warn) -> dict[str, str]:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.get("/api/v1/")
    if response.status_code != 200:
        warn(f"racine de l'API inaccessible ({response.status_code}) : étapes API ignorées")
        return {}
    root = response.json()
    missing = [e for e in API_ENDPOINTS if e not in root]
    if missing:
        warn(f"points d'API absents (ignorés) : {', '.join(missing)}")
    return {e: f"/api/v1/{e}/" for e in API_ENDPOINTS if e in root}


def api_steps(user, endpoints) -> dict[str, list[str]]:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    out = {}
    for name, url in endpoints.items():
        out[f"api {name} (liste)"] = [url]
        body = client.get(url).json()
        results = body.get("results", body) if isinstance(body, dict) else body
        ids = [r["id"] for r in results[:PER_USER] if isinstance(r, dict) and "id" in r]
        if ids:
            out[f"api {name} (détail)"] = [f"{url}{i}/" for i in ids]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--editors", type=int, default=30)
    parser.add_argument("--verifiers", type=int, default=10)
    parser.add_argument("--api", type=int, default=20, help="API clients: one token each (the API throttles per user)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    warnings: list[str] = []

    def warn(message):
        warnings.append(message)
        sys.stderr.write(f"AVERTISSEMENT : {message}\n")

    resolver = Resolver(warn)
    plan = {"session_cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME, "users": {}}
    editors = sample_editors(rng, args.editors)
    if not editors:
        sys.exit("Aucun éditeur avec une candidature en phase 2 : générez le jeu de données d'abord.")
    # Proofs kept apart for the 1 GB probe (bench/bigfile.py): a video is accepted, the load
    # does not use them.
    big_user, big = editors[0][0], []
    for user, cands in editors:
        big = list(depositable(cands, VIDEO_KINDS)[:3])
        if big:
            big_user = user
            break
    reserved = [p.pk for p in big]
    for user, cands in editors:
        steps = page_steps(resolver, EDITOR_STEPS, user, editor_objects(rng, cands, reserved))
        plan["users"].setdefault("editeur", []).append(_entry(user, steps))
    urls = [resolver.url("dépôt (page)", "preuves:deposer", "preuve", p, big_user) for p in big]
    plan["bigfile"] = {**_entry(big_user, {}), "urls": [u for u in urls if u]}
    verifiers = list(User.objects.filter(username__startswith=f"{USER_PREFIX}verificateur-").order_by("pk")[: args.verifiers])
    for user in verifiers:
        steps = page_steps(resolver, VERIFIER_STEPS, user, verifier_objects(rng, user))
        plan["users"].setdefault("verificateur", []).append(_entry(user, steps))
    api_users = list(
        User.objects.filter(organisation__siren__startswith=SIREN_PREFIX, is_active=True)
        .exclude(organisation__siren=FANOUT_SIREN)
        .order_by("pk")
    )
    api_users = rng.sample(api_users, k=min(args.api, len(api_users)))
    endpoints = api_endpoints(api_users[0], warn)
    for user in api_users:
        _, token = creer_jeton(user, nom="bench", jours=1, lecture_seule=True)
        entry = _entry(user, api_steps(user, endpoints))
        entry["token"] = token
        plan["users"].setdefault("api", []).append(entry)
    for users in plan["users"].values():
        for entry in users:
            entry["steps"]["plancher"] = [f"/bench/floor?org={entry['org'] or 0}"]
    plan["warnings"] = warnings
    Path(args.out).write_text(json.dumps(plan, ensure_ascii=False, indent=1))
    counts = {role: len(users) for role, users in plan["users"].items()}
    sys.stdout.write(f"Plan écrit dans {args.out} : {counts}, {len(warnings)} avertissement(s).\n")


def _entry(user, steps) -> dict:
    return {
        "username": user.username, "org": user.organisation_id, "session": create_session(user),
        "csrf": secrets.token_hex(16), "steps": steps,
    }


if __name__ == "__main__":
    main()
