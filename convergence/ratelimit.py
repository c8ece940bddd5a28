"""A sliding-window rate limiter on Django's cache (Redis in production).

Rates are settings such as CONVERGENCE_RATE_LOGIN = "10/min", read at each request (so that
they can be changed in tests); a refused request gets a 429 with a French message saying how
long to wait (Retry-After too) and a line in the security log.

The window slides: hits are counted in slots of a twelfth of the window, and a hit is accepted
only if the slots that overlap the last `window` seconds hold fewer than `limit` accepted hits.
Those slots cover a little more than the window (up to one slot more), never less: no span of
`window` seconds ever holds more than `limit` accepted hits (a fixed window lets through twice
the limit across its end). A hit is counted before the others are read and taken back when
refused, so that concurrent requests cannot both take the last place; refused hits do not count.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

security_log = logging.getLogger("convergence.security")

SLOTS = 12
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


def message_attente(secondes: int) -> str:
    """The 429's message, for the pages and the API alike."""
    secondes = max(1, int(secondes))
    return ngettext(
        "Trop de requêtes : veuillez patienter %(n)d seconde avant de réessayer.",
        "Trop de requêtes : veuillez patienter %(n)d secondes avant de réessayer.",
        secondes,
    ) % {"n": secondes}


def hit(key: str, *, limit: int, window: int) -> int:
    """Count one hit on `key`: 0 if it is within `limit` hits per sliding `window` seconds, else
    the whole seconds to wait before a hit would be accepted (the refused hit is not counted)."""
    now = time.time()
    slot = window / SLOTS
    courant = int(now // slot)
    cles = [f"rl:{key}:{window}:{i}" for i in range(courant - SLOTS, courant + 1)]
    timeout = int(window + 2 * slot) + 1
    if not cache.add(cles[-1], 1, timeout=timeout):
        try:
            cache.incr(cles[-1])
        except ValueError:  # expired between add and incr
            cache.set(cles[-1], 1, timeout=timeout)
    valeurs = cache.get_many(cles)
    comptes = [int(valeurs.get(c, 0)) for c in cles]
    if sum(comptes) <= limit:
        return 0
    with contextlib.suppress(ValueError):  # expired meanwhile: nothing to take back
        cache.decr(cles[-1])
    comptes[-1] -= 1
    # The oldest slots leave the count one by one (slot j when slot j + SLOTS + 1 begins): wait
    # until what remains leaves room for one more hit (at the latest, once all have left).
    total = sum(comptes)
    i = next(i for i, sortis in enumerate(itertools.accumulate(comptes)) if total - sortis < limit)
    return max(1, math.ceil((courant + i + 1) * slot - now))


def journaliser_refus(request, scope: str) -> None:
    who = request.user.pk if getattr(request, "user", None) is not None and request.user.is_authenticated else None
    security_log.warning(
        "rate limit exceeded",
        extra={"event": "rate_limited", "scope": scope, "ip": client_ip(request), "path": request.path, "user_id": who},
    )


def too_many(request, scope: str, *, attente: int):
    journaliser_refus(request, scope)
    message = message_attente(attente)
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "trop_de_requetes", "message": message, "champs": {}}, status=429)
    else:
        response = render(request, "errors/429.html", {"message": message}, status=429)
    response["Retry-After"] = str(attente)
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
                attente = hit(f"{scope}:{who}", limit=limit, window=window)
                if attente:
                    return too_many(request, scope, attente=attente)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def limite_connexion(view):
    """Login forms: CONVERGENCE_RATE_LOGIN POSTs per IP."""
    return ratelimit("connexion", setting="CONVERGENCE_RATE_LOGIN", par="ip")(view)


def limite_televersement(view):
    """Views that receive files: CONVERGENCE_RATE_UPLOAD POSTs per user."""
    return ratelimit("televersement", setting="CONVERGENCE_RATE_UPLOAD")(view)
