"""Test settings: the real settings, made faster. Tests run on PostgreSQL (DATABASE_URL)."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/convergence")
os.environ.setdefault("CONVERGENCE_VAR_DIR", "/tmp/convergence-test-var")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
MEDIA_ROOT = VAR_DIR / "media"  # noqa: F405
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": MEDIA_ROOT},
}
MFA_REQUIRED_FOR_STAFF = False
# Per-process cache: rate-limit counters are cleared before each test (tests/conftest.py) and
# never shared between parallel test workers.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
