"""Production settings (DEBUG off, secrets from the environment): deploy checks, fail-fast, headers."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


def prod_env(**extra) -> dict:
    db = settings.DATABASES["default"]
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "ISC_CLIENT_SECRET": secrets.token_urlsafe(20),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CONVERGENCE_VAR_DIR": "/tmp/convergence-prod-check",
        "DJANGO_SETTINGS_MODULE": "convergence.settings",
    }
    env.update(extra)
    return env


def run(args, env, stdin=None):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], prod_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_on_a_fresh_checkout_manage_py_runs_with_the_embedded_settings(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "CONVERGENCE_VAR_DIR": str(tmp_path)}

    result = run(["manage.py", "makemigrations", "--check", "--dry-run"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "ISC_CLIENT_SECRET"])
def test_missing_secret_fails_fast(missing):
    env = prod_env()
    del env[missing]

    result = run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


HEADERS_SCRIPT = """
import json, django
django.setup()
from django.test import Client
c = Client()
out = {}
for path in ["/", "/healthz", "/accounts/login/", "/api/schema/", "/nulle-part/"]:
    r = c.get(path, secure=True, HTTP_HOST="127.0.0.1")
    out[path] = {"status": r.status_code, "headers": dict(r.headers), "cookies": {k: {"secure": v["secure"], "httponly": v["httponly"]} for k, v in r.cookies.items()}}
r = c.get("/", HTTP_HOST="127.0.0.1")
out["http"] = {"status": r.status_code, "location": r.headers.get("Location")}
print(json.dumps(out))
"""


@pytest.mark.django_db(transaction=True)
def test_security_headers_with_production_settings():
    result = run(["-c", HEADERS_SCRIPT], prod_env())
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout.strip().splitlines()[-1])

    assert pages["http"] == {"status": 301, "location": "https://127.0.0.1/"}
    for path in ["/", "/healthz", "/accounts/login/", "/nulle-part/"]:
        headers = pages[path]["headers"]
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert headers["X-Frame-Options"] == "DENY", path
        csp = headers.get("Content-Security-Policy", f"missing on {path}: {headers}")
        for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'", "style-src 'self'"]:
            assert directive in csp, (path, directive)
        assert "unsafe-inline" not in csp
    assert pages["/nulle-part/"]["status"] == 404
    for cookie in pages["/accounts/login/"]["cookies"].values():
        assert cookie == {"secure": True, "httponly": True}


@pytest.mark.parametrize("valeur", [None, ""])
def test_large_uploads_are_written_next_to_the_local_media_not_in_tmp(tmp_path, valeur):
    # Same filesystem as MEDIA_ROOT by default: the stored file is then moved, not written twice.
    env = prod_env(CONVERGENCE_VAR_DIR=str(tmp_path))
    if valeur is not None:
        env["FILE_UPLOAD_TEMP_DIR"] = valeur
    script = "import django; django.setup(); from django.conf import settings as s; print(s.FILE_UPLOAD_TEMP_DIR)"

    result = run(["-c", script], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(tmp_path / "televersements")
    assert (tmp_path / "televersements").is_dir()
