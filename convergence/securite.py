"""The security log (logger `convergence.security`): logins and failed logins, refused rights,
refused uploads, administrative changes and deadline changes, one structured line each
(`extra={"event": ...}`), never a password, a token, a session id or a file's content.

The receivers are connected by `convergence.apps.ConvergenceConfig.ready()`."""

from __future__ import annotations

import contextvars
import logging
import unicodedata

security_log = logging.getLogger("convergence.security")

# Set once a refusal of the current request has been logged (by policy.require), so that the
# middleware does not log the resulting 403 a second time.
refus_journalise: contextvars.ContextVar[bool] = contextvars.ContextVar("refus_journalise", default=False)


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _neutre(valeur):
    """User-supplied text without control characters (no forged log lines)."""
    if isinstance(valeur, str):
        return "".join(c if unicodedata.category(c)[0] != "C" else f"\\x{ord(c):02x}" for c in valeur)
    return valeur


def journaliser(event: str, message: str, *, level: int = logging.INFO, **champs) -> None:
    security_log.log(level, message, extra={"event": event, **{k: _neutre(v) for k, v in champs.items()}})


def refus_de_droit(user, action: str, obj=None) -> None:
    """A right refused by the policy module (comptes.policy.require)."""
    journaliser(
        "permission_refused", "right refused", level=logging.WARNING,
        user_id=getattr(user, "pk", None), action=action,
        objet=f"{obj.__class__.__name__}:{getattr(obj, 'pk', '')}" if obj is not None else "",
    )
    refus_journalise.set(True)


def fichier_refuse(*, raison: str, nom: str, taille: int | None, by) -> None:
    journaliser(
        "upload_refused", "upload refused", level=logging.WARNING,
        user_id=getattr(by, "pk", None), raison=raison, nom=nom[:200], taille=taille,
    )


# --- receivers --------------------------------------------------------------------------------


def connexion(sender, request, user, **kwargs):
    journaliser("login", "login succeeded", user_id=user.pk, ip=_ip(request), backend=getattr(user, "backend", ""))


def echec_connexion(sender, credentials, request=None, **kwargs):
    # Only the identifier: Django has already masked the password in `credentials`.
    identifiant = str(credentials.get("username") or credentials.get("email") or "")[:150]
    journaliser("login_failed", "login failed", level=logging.WARNING, username=identifiant, ip=_ip(request))


def deconnexion(sender, request, user, **kwargs):
    journaliser("logout", "logout", user_id=getattr(user, "pk", None), ip=_ip(request))


def changement_admin(sender, instance, created, **kwargs):
    """Every change made through the Django admin (its LogEntry rows)."""
    if created:
        journaliser(
            "admin_change", "administrative change", level=logging.WARNING,
            user_id=instance.user_id, action_flag={1: "ajout", 2: "modification", 3: "suppression"}.get(instance.action_flag),
            content_type=str(instance.content_type) if instance.content_type_id else "",
            object_id=str(instance.object_id or ""), object_repr=(instance.object_repr or "")[:200],
        )


def changement_de_date(sender, evenement, **kwargs):
    """A wave's date moved (journal event `vague_date_modifiee`, after commit)."""
    if evenement.action == "vague_date_modifiee":
        d = evenement.details or {}
        journaliser(
            "deadline_changed", "deadline changed", level=logging.WARNING,
            user_id=evenement.acteur_id, vague=d.get("vague"), date=d.get("date"), avant=d.get("avant"), apres=d.get("apres"),
        )


class SecurityLogMiddleware:
    """Log refused requests that no service logged: a 403 (a view's own check), and a 404 on a
    route that exists for a logged-in user (an object they may not see, or that does not exist)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jeton = refus_journalise.set(False)
        try:
            response = self.get_response(request)
            deja = refus_journalise.get()
        finally:
            refus_journalise.reset(jeton)
        status = response.status_code
        user = getattr(request, "user", None)
        connecte = user is not None and user.is_authenticated
        if deja or status not in (403, 404):
            return response
        if status == 403:
            journaliser("permission_refused", "request refused", level=logging.WARNING, user_id=user.pk if connecte else None,
                        method=request.method, path=request.path, status=403, ip=_ip(request))
        elif connecte and getattr(request, "resolver_match", None) is not None:
            journaliser("not_found", "object not found or not visible", user_id=user.pk, method=request.method,
                        path=request.path, status=404)
        return response
