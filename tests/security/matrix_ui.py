"""The authorization matrix of the browser routes: for each URL name, the objects of the world
that fill its kwargs, the method (GET, or POST for POST-only routes, with empty data) and the
status each role gets. "login" means a redirect to the login page.

Roles: anonyme; lecteur, contributeur, soumetteur (rights on A's product) and admin (A's
organisation administrator); editeur_b (B's administrator); verificateur, instructeur,
administrateur (ANS). Kwargs name attributes of `tests.security.monde` (their pk is used).
"""

from __future__ import annotations

LOGIN = "login"
ROLES = (
    "anonyme", "lecteur", "contributeur", "soumetteur", "admin", "editeur_b", "verificateur", "instructeur",
    "administrateur",
)
GROUPES = {
    "editeurs_a": ("lecteur", "contributeur", "soumetteur", "admin"),
    "editeurs": ("lecteur", "contributeur", "soumetteur", "admin", "editeur_b"),
    "agents": ("verificateur", "instructeur", "administrateur"),
    "connectes": ROLES[1:],
}


def statuts(defaut=None, **par_role) -> dict:
    """Expected status per role: `defaut`, then groups (editeurs_a, editeurs, agents, connectes),
    then single roles, each overriding the previous."""
    out = dict.fromkeys(ROLES, defaut)
    out["anonyme"] = par_role.pop("anonyme", LOGIN)
    for groupe, membres in GROUPES.items():
        if groupe in par_role:
            out.update(dict.fromkeys(membres, par_role.pop(groupe)))
    out.update(par_role)
    missing = [r for r, s in out.items() if s is None]
    assert not missing, f"no expected status for {missing}"
    return out


def route(statuts_, *, methode="GET", fuite_permise=False, query="", **kwargs) -> dict:
    return {"statuts": statuts_, "methode": methode, "fuite_permise": fuite_permise, "query": query, "kwargs": kwargs}


# Routes that the matrix does not ask, each with the reason. Keys are URL names, or pattern
# prefixes (ending with "/") for a whole family.
EXCLUES = {
    "admin/": "Django admin's own pages: a few representative ones are in the matrix (admin:index, "
    "a changelist, a change form); the rest are guarded by the same AdminSite.has_permission.",
    "isc/o/": "OAuth/OIDC protocol endpoints of the bundled iSC provider (django-oauth-toolkit): tested in tests/isc.",
    "account_confirm_email": "needs an e-mail confirmation key; e-mail verification is off (ACCOUNT_EMAIL_VERIFICATION=none).",
    "account_reset_password_from_key": "needs a password-reset key sent by e-mail.",
    "account_confirm_login_code": "login by code is off: only reachable inside a login by code in progress.",
    "account_request_reauthentication_code": "reauthentication by code is off (no login by code).",
    "account_confirm_reauthentication_code": "reauthentication by code is off: only inside a reauthentication in progress.",
    "openid_connect_login": "starts the OIDC flow to the iSC provider (tested in tests/comptes/test_isc_login.py).",
    "openid_connect_callback": "the OIDC callback needs a state and a code from iSC (tested in tests/comptes/test_isc_login.py).",
    "__errors__/": "error-page preview, mounted only with DEBUG (not in production).",
}
# Routes that exist only in some configurations (their exclusion may match nothing).
CONDITIONNELLES = {"__errors__/"}
REPRESENTATIFS_ADMIN = ("admin:index", "admin:candidatures_vague_changelist", "admin:comptes_fichier_change")


def exclusion(cle: str, pattern: str) -> str | None:
    """The key of EXCLUES that leaves this route out, or None."""
    if cle in REPRESENTATIFS_ADMIN:
        return None
    for k in EXCLUES:
        if cle == k or (k.endswith("/") and pattern.startswith(k)):
            return k
    return None


POST = "POST"
UI_MATRIX = {
    # --- project -----------------------------------------------------------------------------
    "home": route(statuts(200, anonyme=200, editeurs=302)),
    "healthz": route(statuts(200, anonyme=200)),
    "favicon.ico": route(statuts(301, anonyme=301)),
    "set_language": route(statuts(302, anonyme=302)),
    "admin:index": route(statuts(302, anonyme=302, agents=200)),
    "admin:candidatures_vague_changelist": route(statuts(302, anonyme=302, agents=403, administrateur=200)),
    # Agents may read every file (comptes.view_fichier), hence its admin page too.
    "admin:comptes_fichier_change": route(statuts(302, anonyme=302, agents=200), object_id="fichier"),
    # --- iSC provider's own pages --------------------------------------------------------------
    "isc-connexion": route(statuts(200, anonyme=200)),
    "isc-authorize": route(statuts(302, anonyme=302)),
    # --- allauth -------------------------------------------------------------------------------
    "account_login": route(statuts(302, anonyme=200)),
    "account_logout": route(statuts(200, anonyme=302)),
    "account_inactive": route(statuts(200, anonyme=200)),
    "account_signup": route(statuts(302, anonyme=200)),
    "account_reauthenticate": route(statuts(200)),
    "account_email": route(statuts(200)),
    "account_email_verification_sent": route(statuts(200, anonyme=200)),
    "account_change_password": route(statuts(200)),
    "account_set_password": route(statuts(302)),
    "account_reset_password": route(statuts(200, anonyme=200)),
    "account_reset_password_from_key_done": route(statuts(200, anonyme=200)),
    "account_reset_password_done": route(statuts(200, anonyme=200)),
    "mfa_index": route(statuts(200)),
    "mfa_authenticate": route(statuts(302)),
    "mfa_reauthenticate": route(statuts(302)),
    "mfa_activate_totp": route(statuts(302)),  # asks to reauthenticate first
    "mfa_deactivate_totp": route(statuts(404)),  # no TOTP authenticator yet
    "mfa_view_recovery_codes": route(statuts(404)),
    "mfa_generate_recovery_codes": route(statuts(302)),
    "mfa_download_recovery_codes": route(statuts(404)),
    "socialaccount_login_cancelled": route(statuts(200, anonyme=200)),
    "socialaccount_login_error": route(statuts(401, anonyme=401)),
    "socialaccount_signup": route(statuts(LOGIN)),  # no iSC signup in progress
    "socialaccount_connections": route(statuts(200)),
    "accounts/social/login/cancelled/": route(statuts(301, anonyme=301)),
    "accounts/social/login/error/": route(statuts(301, anonyme=301)),
    "accounts/social/signup/": route(statuts(301, anonyme=301)),
    "accounts/social/connections/": route(statuts(301, anonyme=301)),
    # --- comptes -------------------------------------------------------------------------------
    "comptes:utilisateurs": route(statuts(403, admin=200, editeur_b=200)),
    "comptes:utilisateur-creer": route(statuts(403, admin=200, editeur_b=200)),
    "comptes:utilisateur-droits": route(statuts(403, admin=200, editeur_b=404, agents=404), pk="lecteur"),
    "comptes:mon-compte": route(statuts(200)),
    "comptes:fichier": route(statuts(200, editeur_b=404), pk="fichier"),
    "comptes:jetons": route(statuts(200)),
    "comptes:jeton-revoquer": route(statuts(404, admin=302), methode=POST, pk="jeton"),
    "comptes:produits": route(statuts(200)),
    "comptes:produit-creer": route(statuts(403, admin=200, editeur_b=200)),
    "comptes:produit": route(statuts(200, editeur_b=404), pk="produit"),
    "comptes:version-creer": route(statuts(403, lecteur=403, contributeur=400, soumetteur=400, admin=400, editeur_b=404),
                                   methode=POST, pk="produit"),
    # --- candidatures (phase 1) ----------------------------------------------------------------
    "candidatures:liste": route(statuts(200)),
    "candidatures:nouvelle": route(statuts(200)),
    "candidatures:detail": route(statuts(200, editeur_b=404), pk="c_brouillon"),
    "candidatures:historique": route(statuts(200, editeur_b=404), pk="c_brouillon"),
    "candidatures:administrative": route(statuts(200, editeur_b=404), pk="c_brouillon"),
    "candidatures:eligibilite": route(statuts(200, editeur_b=404), pk="c_brouillon"),
    "candidatures:soumettre": route(statuts(302, editeur_b=404), methode=POST, pk="c_brouillon"),
    "candidatures:abandonner": route(statuts(302, editeur_b=404), methode=POST, pk="c_brouillon"),
    "candidatures:instruction": route(statuts(403, instructeur=200, administrateur=200)),
    "candidatures:dossier": route(statuts(403, instructeur=200, administrateur=200), pk="c_soumise"),
    "candidatures:valider": route(statuts(403, instructeur=302, administrateur=302), methode=POST, pk="c_soumise"),
    "candidatures:complement": route(statuts(403, instructeur=400, administrateur=400), methode=POST, pk="c_soumise"),
    "candidatures:referent": route(statuts(403, instructeur=400, administrateur=400), methode=POST, pk="c_soumise"),
    # --- preuves (phase 2) ---------------------------------------------------------------------
    "preuves:candidature": route(statuts(200, editeur_b=404), pk="c_preuves"),
    "preuves:chapitre": route(statuts(200, editeur_b=404), pk="dossier_ins"),
    "preuves:soumettre-chapitre": route(statuts(403, soumetteur=302, admin=302, editeur_b=404), methode=POST,
                                        pk="dossier_ssi"),
    "preuves:deposer": route(statuts(403, contributeur=200, soumetteur=200, admin=200, editeur_b=404), pk="preuve_a_fournir"),
    "preuves:versions": route(statuts(200, editeur_b=404), pk="preuve_deposee"),
    "preuves:file-verification": route(statuts(403, verificateur=200, administrateur=200)),
    "preuves:revue-chapitre": route(statuts(403, verificateur=200, administrateur=200), pk="dossier_ins"),
    "preuves:assigner-chapitre": route(statuts(403, verificateur=302, administrateur=302), methode=POST, pk="dossier_ins"),
    "preuves:decider-chapitre": route(statuts(403, verificateur=302, administrateur=302), methode=POST, pk="dossier_ins"),
    "preuves:revoir-preuve": route(statuts(403, verificateur=400, administrateur=400), methode=POST, pk="preuve_deposee"),
    "preuves:visite-creer": route(statuts(403, editeur_b=404, verificateur=200, instructeur=200, administrateur=200),
                                  pk="c_preuves"),
    "preuves:visite-modifier": route(statuts(403, editeur_b=404, verificateur=200, instructeur=200, administrateur=200),
                                     pk="visite"),
    # --- conventions (phase 3) -----------------------------------------------------------------
    "conventions:candidature": route(statuts(200, editeur_b=404), pk="c_a_signer"),
    "conventions:convention-preparer": route(statuts(302, editeur_b=404), methode=POST, pk="c_validee"),
    "conventions:convention-signer": route(statuts(200, editeur_b=404), methode=POST, pk="c_a_signer"),
    "conventions:convention-contresigner": route(statuts(302, editeur_b=404), methode=POST, pk="c_a_contresigner"),
    "conventions:colleges": route(statuts(403, agents=200)),
    "conventions:college": route(statuts(403, agents=200), pk="session"),
    "conventions:decision": route(statuts(403, instructeur=200, administrateur=200), pk="session",
                                  candidature_pk="c_college"),
    # --- messagerie ----------------------------------------------------------------------------
    "messagerie:boite": route(statuts(200)),
    "messagerie:fil": route(statuts(200, editeur_b=404), pk="fil"),
    "messagerie:candidature": route(statuts(200, editeur_b=404), pk="c_preuves"),
    "messagerie:notifications": route(statuts(200)),
    "messagerie:notification-lue": route(statuts(404, lecteur=302), methode=POST, pk="notification"),
    # --- accompagnement (Espace Authentifié) ---------------------------------------------------
    "accompagnement:tableau-de-bord": route(statuts(200, agents=302)),
    "accompagnement:rapport-csv": route(statuts(200, agents=302)),
    "accompagnement:rapport-pdf": route(statuts(200, agents=302)),
    "accompagnement:demandes": route(statuts(200, agents=302)),
    "accompagnement:demande-creer": route(statuts(200, agents=302)),
    "accompagnement:demande": route(statuts(200, lecteur=200, editeur_b=404), pk="demande"),
    "accompagnement:demande-prendre": route(statuts(302, editeur_b=404), methode=POST, pk="demande"),
    "accompagnement:demande-resoudre": route(statuts(200, editeur_b=404), methode=POST, pk="demande"),
    "accompagnement:support": route(statuts(403, agents=200)),
    "accompagnement:faq": route(statuts(200)),
    "accompagnement:calendrier": route(statuts(200)),
    "accompagnement:calendrier-renouveler": route(statuts(302), methode=POST),
    "accompagnement:evenement-ics": route(statuts(200), pk="evenement"),
    "accompagnement:evenement-support": route(statuts(200), pk="evenement"),
    # The personal feed: the secret token in the URL is the credential, whoever presents it.
    "accompagnement:calendrier-ics": route(statuts(200, anonyme=200), fuite_permise=True, jeton="jeton_calendrier@lecteur"),
    # --- API (its resources are in matrix_api.py, written with the API) ------------------------
    "api-root": route(statuts(200, anonyme=401)),
    "schema": route(statuts(200, anonyme=200)),  # the OpenAPI description is public
    "api-docs": route(statuts(200, anonyme=200)),
}
