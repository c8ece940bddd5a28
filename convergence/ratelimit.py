"""A small fixed-window rate limiter on Django's cache (Redis in production).

Rates are settings such as CONVERGENCE_RATE_LOGIN = "10/min", read at each request (so that
they can be changed in tests); a refused request gets a 429 with a French message and a line
in the security log."""

from __future__ import annotations

import functools
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.shortcuts import render

security_log = logging.getLogger("convergence.security")

MESSAGE = "Trop de requêtes : veuillez patienter une minute avant de réessayer."
_UNITES = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "heure": 3600, "hour": 3600, "d": 86400, "j": 86400, "jour": 86400, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """"10/min" -> (10, 60): `limit` requests per `window` seconds ("30/5min", "1000/h" also)."""
    m = _RATE.match(str(rate).lower())
    if not m or m.group(3) not in _UNITES or int(m.group(1)) < 1:
        raise ImproperlyConfigured(f"Invalid rate {rate!r}: expected e.g. '10/min', '60/min', '1000/h'.")
    return int(m.group(1)), int(m.group(2) or 1) * _UNITES[m.group(3)]


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "-")


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit on `key`; True while within `limit` hits per `window` seconds."""
    bucket = f"rl:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:
        cache.set(bucket, 1, timeout=window + 1)
        count = 1
    return count <= limit


def journaliser_refus(request, scope: str) -> None:
    who = request.user.pk if getattr(request, "user", None) is not None and request.user.is_authenticated else None
    security_log.warning(
        "rate limit exceeded",
        extra={"event": "rate_limited", "scope": scope, "ip": client_ip(request), "path": request.path, "user_id": who},
    )


def too_many(request, scope: str, *, window: int = 60):
    journaliser_refus(request, scope)
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "trop_de_requetes", "message": MESSAGE, "champs": {}}, status=429)
    else:
        response = render(request, "errors/429.html", {"message": MESSAGE}, status=429)
    response["Retry-After"] = str(window)
    return response


def ratelimit(scope: str, *, setting: str, par: str = "utilisateur", methods=("POST",)):
    """Decorate a view: at most the rate of `setting` for requests of `methods`, counted per
    user (`par="utilisateur"`, per IP for anonymous visitors) or per IP (`par="ip"`)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                limit, window = parse_rate(getattr(settings, setting))
                if par == "utilisateur" and request.user.is_authenticated:
                    who = f"u{request.user.pk}"
                else:
                    who = f"ip{client_ip(request)}"
                if not hit(f"{scope}:{who}", limit=limit, window=window):
                    return too_many(request, scope, window=window)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def limite_connexion(view):
    """Login forms: CONVERGENCE_RATE_LOGIN POSTs per IP."""
    return ratelimit("connexion", setting="CONVERGENCE_RATE_LOGIN", par="ip")(view)


def limite_televersement(view):
    """Views that receive files: CONVERGENCE_RATE_UPLOAD POSTs per user."""
    return ratelimit("televersement", setting="CONVERGENCE_RATE_UPLOAD")(view)
