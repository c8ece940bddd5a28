"""A small fixed-window rate limiter on Django's cache (Redis in production)."""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render

security_log = logging.getLogger("convergence.security")


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


def too_many(request, scope: str):
    security_log.warning("rate limit exceeded", extra={"event": "rate_limited", "scope": scope, "ip": client_ip(request)})
    message = "Trop de requêtes : veuillez patienter une minute avant de réessayer."
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "trop_de_requetes", "message": message, "champs": {}}, status=429)
    response = render(request, "errors/429.html", {"message": message}, status=429)
    response["Retry-After"] = "60"
    return response


def ratelimit(scope: str, *, limit: int, window: int = 60, methods=("POST",)):
    """Decorate a view: at most `limit` requests of `methods` per `window` per user (or IP)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                who = f"u{request.user.pk}" if request.user.is_authenticated else f"ip{client_ip(request)}"
                if not hit(f"{scope}:{who}", limit=limit, window=window):
                    return too_many(request, scope)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
