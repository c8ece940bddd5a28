"""Cross-cutting request handling: request id, idle session timeout, no caching of
authenticated pages, and the user/request context of log lines."""

from __future__ import annotations

import contextvars
import logging
import time
import uuid

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.shortcuts import redirect

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
user_var: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="-")

security_log = logging.getLogger("convergence.security")


class RequestContextMiddleware:
    """Give each request an id (X-Request-ID, echoed back) and expose it, with the user, to logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        token_id = request_id_var.set(rid)
        request.request_id = rid
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token_id)
        response["X-Request-ID"] = rid
        return response


def stamp_activity(sender, request, user, **kwargs):
    """At login, start the idle clock (so the first requests need not write the session)."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionSecurityMiddleware.KEY] = int(time.time())


user_logged_in.connect(stamp_activity, dispatch_uid="convergence.stamp_activity")


class SessionSecurityMiddleware:
    """End sessions after SESSION_IDLE_TIMEOUT of inactivity (the absolute limit is
    SESSION_COOKIE_AGE), and mark authenticated responses `Cache-Control: no-store`."""

    KEY = "_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_token = user_var.set(str(user.pk))
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                security_log.info("session expired after inactivity", extra={"event": "session_idle_timeout"})
                logout(request)
                if not request.path.startswith("/api/"):
                    return redirect(f"{settings.LOGIN_URL}?next={request.path}")
            else:
                # Write at most every 5 minutes, so that most requests don't save the session.
                if last is None or now - last > 300:
                    request.session[self.KEY] = now
            try:
                response = self.get_response(request)
            finally:
                user_var.reset(user_token)
            response.setdefault("Cache-Control", "no-store")
            if "no-store" not in response["Cache-Control"]:
                response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


class LanguageMiddleware:
    """French by default, as a French public service; English only when the user chose it
    (the language cookie set by Django's set_language view). The browser's Accept-Language is
    deliberately not followed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response
