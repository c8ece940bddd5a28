"""The real OIDC round trip against the live server, with `requests` (no browser, no mock)."""

import base64
import hashlib
import json
import re
import secrets
from html import unescape
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests

from isc.services import enregistrer_client_plateforme

CLIENT_ID = "convergence-test"
CLIENT_SECRET = "secret-de-test-du-client"


@pytest.fixture
def isc_live(live_server, settings):
    """The platform registered as a client of the in-process iSC provider served by live_server."""
    base = live_server.url
    settings.ISC_CLIENT_ID, settings.ISC_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.ISC_REDIRECT_URIS = [f"{base}/accounts/oidc/isc/login/callback/"]
    app = {
        **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0],
        "client_id": CLIENT_ID,
        "secret": CLIENT_SECRET,
    }
    app["settings"] = {**app["settings"], "server_url": f"{base}/isc/o"}
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [app]}
    }
    enregistrer_client_plateforme()
    return base


def _hidden(html: str) -> dict[str, str]:
    return {
        k: unescape(v)
        for k, v in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html
        )
    }


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def isc_login_page(
    session: requests.Session, response, identifiant: str, password: str
):
    """Fill the iSC login page `response` is on."""
    assert "/isc/login/" in response.url, response.url
    data = {
        "csrfmiddlewaretoken": _csrf(response.text),
        "username": identifiant,
        "password": password,
    }
    data["next"] = _hidden(response.text)["next"]
    return session.post(response.url, data=data, headers={"Referer": response.url})


def consent(session: requests.Session, response, *, allow: bool = True):
    assert 'id="authorizationForm"' in response.text, response.url
    data = _hidden(response.text)
    if allow:
        data["allow"] = "1"
    return session.post(response.url, data=data, headers={"Referer": response.url})


def platform_login(
    base: str, identifiant: str, password: str, *, session=None, next_url: str = "/"
):
    """Log into the platform through iSC; accepts the consent page if shown. Returns (session, response)."""
    session = session or requests.Session()
    r = session.get(f"{base}/accounts/oidc/isc/login/", params={"next": next_url})
    if "/isc/login/" in r.url:
        r = isc_login_page(session, r, identifiant, password)
    if 'id="authorizationForm"' in r.text:
        r = consent(session, r)
    return session, r


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        .rstrip(b"=")
        .decode()
    )
    return verifier, challenge


def raw_tokens(base: str, identifiant: str, password: str, scope: str) -> dict:
    """Act as a bare OIDC client (no allauth): authorize with `scope`, exchange the code.
    Returns the token response plus the decoded id_token payload and the userinfo."""
    session = requests.Session()
    verifier, challenge = pkce_pair()
    redirect_uri = f"{base}/accounts/oidc/isc/login/callback/"
    query = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "scope": scope,
        "redirect_uri": redirect_uri,
        "state": "etat",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    r = session.get(f"{base}/isc/o/authorize/?{urlencode(query)}", allow_redirects=True)
    r = isc_login_page(session, r, identifiant, password)
    if 'id="authorizationForm"' in r.text:
        data = _hidden(r.text) | {"allow": "1"}
        r = session.post(
            r.url, data=data, headers={"Referer": r.url}, allow_redirects=False
        )
    else:
        r = r.history[-1] if r.history else r
    location = r.headers["Location"]
    code = parse_qs(urlparse(location).query)["code"][0]
    tokens = requests.post(
        f"{base}/isc/o/token/",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "code_verifier": verifier,
        },
    ).json()
    payload = tokens["id_token"].split(".")[1]
    tokens["id_token_claims"] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    tokens["userinfo"] = requests.get(
        f"{base}/isc/o/userinfo/",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    ).json()
    return tokens
