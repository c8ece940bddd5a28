"""Headers and cookies of every GET route of the matrix, with the production settings (DEBUG off,
HTTPS), for an anonymous visitor and for a logged-in editor: HSTS, a strict CSP, nosniff, a
Referrer-Policy, no framing (same-origin for the inline file preview only), no-store on
authenticated answers, and Secure + HttpOnly cookies."""

import json

import pytest
from django.conf import settings

from tests.convergence.test_production_settings import prod_env, run

from . import crawl
from .monde import construire_monde

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = """
import json, sys, django
django.setup()
from django.conf import settings
from django.test import Client
from comptes.models import User
entree = json.load(sys.stdin)
out = {}
for role, pk in (("anonyme", None), ("editeur", entree["editeur"])):
    c = Client()
    if pk is not None:
        c.force_login(User.objects.get(pk=pk))
        s = c.session
        s.pop("_last_activity", None)  # the first answer then writes the session: its cookie is seen
        s.save()
    for url in entree["urls"]:
        r = c.get(url, secure=True, HTTP_HOST="127.0.0.1")
        out[f"{role} {url}"] = {
            "status": r.status_code,
            "headers": dict(r.headers),
            "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"]), "samesite": v["samesite"]}
                        for k, v in r.cookies.items() if v.value},
        }
print(json.dumps(out))
"""
DIRECTIVES = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'",
              "form-action 'self'"]


def urls_get(monde) -> list[str]:
    routes, _ = crawl.routes_a_tester()
    urls = []
    for route in routes:
        a = crawl.attente(route, monde)
        if a.methode == "GET":
            urls.append(crawl.url(route, a.kwargs) + (f"?{a.query}" if a.query else ""))
    urls.append(f"/comptes/fichiers/{monde.fichier.pk}/?inline=1")  # the verifiers' preview
    urls.append("/nulle-part/")
    return urls


def test_headers_and_cookies_of_every_route_with_production_settings():
    monde = construire_monde()
    urls = urls_get(monde)
    env = prod_env(MEDIA_ROOT=str(settings.MEDIA_ROOT))

    result = run(["-c", SCRIPT], env, stdin=json.dumps({"urls": urls, "editeur": monde.admin.pk}))

    assert result.returncode == 0, result.stderr[-3000:]
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(pages) == 2 * len(urls)
    ecarts, cookies_vus = [], set()
    for cle, page in pages.items():
        role, url = cle.split(" ", 1)
        h = page["headers"]
        inline = url.endswith("?inline=1")

        def ecart(quoi, cle=cle, page=page):
            ecarts.append(f"{cle} ({page['status']}): {quoi}")

        if page["status"] >= 500:
            ecart("server error")
        if h.get("Strict-Transport-Security") != "max-age=31536000; includeSubDomains; preload":
            ecart(f"HSTS {h.get('Strict-Transport-Security')}")
        csp = h.get("Content-Security-Policy", "")
        for directive in DIRECTIVES:
            if directive not in csp:
                ecart(f"CSP lacks {directive}: {csp!r}")
        if "unsafe-inline" in csp or "unsafe-eval" in csp:
            ecart(f"CSP allows unsafe code: {csp!r}")
        cadres = ("SAMEORIGIN", "frame-ancestors 'self'") if inline and page["status"] == 200 else ("DENY", "frame-ancestors 'none'")
        if h.get("X-Frame-Options") != cadres[0] or cadres[1] not in csp:
            ecart(f"framing {h.get('X-Frame-Options')} / {csp!r}")
        if h.get("X-Content-Type-Options") != "nosniff":
            ecart("no nosniff")
        if h.get("Referrer-Policy") != "same-origin":
            ecart(f"Referrer-Policy {h.get('Referrer-Policy')}")
        if role == "editeur" and "no-store" not in h.get("Cache-Control", ""):
            ecart(f"Cache-Control {h.get('Cache-Control')}")
        for nom, attributs in page["cookies"].items():
            cookies_vus.add(nom)
            if (nom in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME) and not (
                attributs["secure"] and attributs["httponly"] and attributs["samesite"] in ("Lax", "Strict")
            )) or not attributs["secure"]:
                ecart(f"cookie {nom} {attributs}")

    assert ecarts == []
    assert {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME} <= cookies_vus
    assert pages[f"editeur /comptes/fichiers/{monde.fichier.pk}/?inline=1"]["status"] == 200
