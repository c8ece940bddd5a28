"""Every URL pattern of the resolver, the matrices that say what each role gets, and the crawl
that asks each route as each role (each request in a savepoint rolled back, so that the world
is the same for every request)."""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.crypto import get_random_string

from .matrix_ui import CONDITIONNELLES, EXCLUES, UI_MATRIX, exclusion

LOGIN = "login"  # expected: 302 to the login page


def module_api():
    """The API's matrix module (tests/security/matrix_api.py), once the API has landed: its
    API_MATRIX, ROLES, API_METHODES, construire_monde() and url_de()."""
    if importlib.util.find_spec("tests.security.matrix_api") is None:
        return None
    return importlib.import_module("tests.security.matrix_api")


def api_matrix() -> dict | None:
    module = module_api()
    return None if module is None else module.API_MATRIX


def cas_api() -> tuple[dict, list[tuple[str, str, str]]]:
    """The API matrix's users by role, and its (route, url, method) in its own world."""
    module = module_api()
    monde = module.construire_monde()
    return monde.utilisateurs, [(r, module.url_de(r, monde), module.API_METHODES[r]) for r in module.API_MATRIX]


@dataclass(frozen=True)
class Route:
    cle: str  # the URL name with its namespace, or the pattern when the route has no name
    pattern: str
    callback: Callable
    kwargs: tuple[str, ...]

    @property
    def api(self) -> bool:
        return self.pattern.startswith("api/")


def _kwargs(pattern) -> tuple[str, ...]:
    if hasattr(pattern, "converters"):
        return tuple(pattern.converters)
    return tuple(re.compile(str(pattern)).groupindex)


def _walk(resolver, prefix="", namespace=None, kwargs=()) -> Iterator[Route]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace])) or None
            yield from _walk(p, prefix + str(p.pattern), ns, kwargs + _kwargs(p.pattern))
        elif isinstance(p, URLPattern):
            nom = f"{namespace}:{p.name}" if namespace and p.name else p.name
            full = prefix + str(p.pattern)
            yield Route(nom or full, full, p.callback, kwargs + _kwargs(p.pattern))


def toutes_les_routes() -> list[Route]:
    """Every route of the resolver once (format-suffix twins of API routes folded in)."""
    vues, out = set(), []
    for r in _walk(get_resolver()):
        if "format" in r.kwargs or r.cle in vues:
            continue
        vues.add(r.cle)
        out.append(r)
    return out


def routes_a_tester() -> tuple[list[Route], list[str]]:
    """(routes of matrix_ui to ask in our world, problems): a route in no matrix and not
    excluded is a problem. Routes of the API matrix are asked in its own world (by
    tests/api/test_matrice.py for statuses and B's data, and by test_csrf here)."""
    api = api_matrix()
    retenues, problemes = [], []
    for r in toutes_les_routes():
        if exclusion(r.cle, r.pattern) is not None or (api is not None and r.cle in api):
            continue
        if r.cle in UI_MATRIX:
            retenues.append(r)
        elif r.api and api is None:
            continue  # the API matrix lands with the API; until then its routes are not checked
        else:
            problemes.append(f"{r.cle} ({r.pattern}) is in no matrix: add it to tests/security/matrix_ui.py")
    utilisees = {exclusion(r.cle, r.pattern) for r in toutes_les_routes()}
    problemes += [f"exclusion {cle} matches no route any more" for cle in EXCLUES if cle not in utilisees | CONDITIONNELLES]
    return retenues, problemes


# --- expected answers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Attente:
    methode: str
    kwargs: dict
    statuts: dict
    fuite_permise: bool = False  # A's data may be shown to anyone (e.g. a secret-token feed)
    query: str = ""


def attente(route: Route, monde) -> Attente:
    e = UI_MATRIX[route.cle]
    kwargs = {k: _valeur(monde, v) for k, v in e.get("kwargs", {}).items()}
    return Attente(e.get("methode", "GET"), kwargs, e["statuts"], e.get("fuite_permise", False), e.get("query", ""))


def _valeur(monde, v):
    """A world attribute's pk ("c_preuves"), a dotted attribute ("jeton_calendrier@lecteur"), or a literal."""
    if isinstance(v, str) and "@" in v:
        attr, obj = v.split("@")
        return getattr(getattr(monde, obj), attr)
    if isinstance(v, str) and hasattr(monde, v):
        return getattr(monde, v).pk
    return v


def url(route: Route, kwargs: dict) -> str:
    """The route's path with its kwargs filled in."""
    chemin = route.pattern
    for nom, valeur in kwargs.items():
        chemin = re.sub(rf"<(?:\w+:)?{nom}>|\(\?P<{nom}>[^)]*\)", str(valeur), chemin)
    chemin = chemin.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + chemin


# --- the crawl -------------------------------------------------------------------------------


def clients(monde, *, enforce_csrf_checks=False) -> dict[str, Client]:
    out = {}
    for role, user in monde.utilisateurs.items():
        c = Client(enforce_csrf_checks=enforce_csrf_checks, raise_request_exception=False)
        if user is not None:
            c.force_login(user)
        out[role] = c
    return out


def ecritures() -> dict[str, int]:
    """Rows inserted, updated or deleted so far in this transaction, by table (PostgreSQL's
    per-transaction statistics; the session table is left out)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 AND relname <> 'django_session'"
        )
        return dict(cursor.fetchall())


def demander(client: Client, methode: str, chemin: str, *, compter=False, jeton_csrf=False, **extra):
    """One request in a savepoint that is rolled back; with `compter`, also the rows written
    before and after it. POSTs carry no data, and a valid CSRF token with `jeton_csrf`."""
    cache.clear()  # rate limits count per IP/user across the whole crawl otherwise
    data = {}
    if jeton_csrf:
        secret = get_random_string(32)
        client.cookies[settings.CSRF_COOKIE_NAME] = secret
        data = {"csrfmiddlewaretoken": secret}
    with transaction.atomic():
        avant = ecritures() if compter else None
        if methode == "GET":
            response = client.get(chemin, **extra)
        else:
            response = client.post(chemin, data, **extra)
        apres = ecritures() if compter else None
        transaction.set_rollback(True)
    return response, avant, apres


def corps(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def conforme(response, attendu) -> bool:
    if attendu == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(settings.LOGIN_URL)
    return response.status_code == attendu


def decrire(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} -> {response['Location']}"
    return str(response.status_code)
