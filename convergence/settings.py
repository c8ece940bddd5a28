"""Convergence settings: one module, driven by the environment.

The embedded default (no variable set, DJANGO_DEBUG=1 from `make run`) runs on SQLite, local
files, console e-mail and a filesystem Celery broker. Production sets DATABASE_URL, REDIS/CELERY
variables, S3 and SMTP; a missing secret makes start-up fail.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
VAR_DIR = Path(env("CONVERGENCE_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="embedded-insecure-key-change-me" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Public base URL used in e-mails and calendar feeds (no request there).
SITE_URL = env("CONVERGENCE_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    # third party
    "widget_tweaks",
    "dsfr",  # before django.forms: its DSFR widget templates (radio, checkbox options) must win
    "django.forms",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "django_celery_beat",
    "csp",
    # ours
    "comptes",
    "isc",
    "candidatures",
    "preuves",
    "conventions",
    "messagerie",
    "accompagnement",
    "convergence.apps.ConvergenceConfig",  # the security log's receivers
]

MIDDLEWARE = [
    "convergence.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "convergence.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "convergence.middleware.SessionSecurityMiddleware",
    "comptes.middleware.DoubleAuthentificationAgentsMiddleware",
    "convergence.securite.SecurityLogMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# The iSC provider runs as its own service in production with ROOT_URLCONF=isc.standalone_urls.
ROOT_URLCONF = env("DJANGO_ROOT_URLCONF", default="convergence.urls")
WSGI_APPLICATION = "convergence.wsgi.application"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Django's `date` filter, drawn without reading the format each time (convergence.dates).
            "builtins": ["convergence.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "convergence.context_processors.site_config",
                "convergence.context_processors.platform",
                "messagerie.context_processors.unread",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DB_SESSION_OPTIONS = (
    "-c enable_memoize=off -c random_page_cost=1.1 -c join_collapse_limit=4 -c from_collapse_limit=4 -c jit=off"
)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the embedded worker share the file: WAL + immediate transactions.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The forms' choice lists read their rows through iterator(): without this, each one is a
    # DECLARE … WITH HOLD cursor, materialised at commit, for a few dozen rows.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # Session settings of every connection (DB_SESSION_OPTIONS), measured on the M dataset
    # (bench/README.md). Memoize off: the pages join 8 to 11 tables by foreign key, and weighing
    # a memoize node at each join tripled the planning time (18 ms instead of 6 for the verifier
    # queue) of lookups that run in 1 ms. random_page_cost 1.1, the usual value for SSDs: with
    # the default 4 the planner scanned every deposit of the programme (30 ms) rather than probe
    # the index for one organisation's (1.5 ms). Join and from collapse limits 4 (default 8): the
    # planner weighed every order of the 8 to 11 joined tables (3 to 7 ms of planning for a 0.3 ms
    # lookup, the verifier queue's SQL 15 -> 6 ms); Django writes joins from the filtered table
    # outwards, which groups of four still let it reorder. JIT off, as usual for short queries: a
    # query the planner overestimates (cost above 100,000) spent 40 ms compiling for a 100 ms run.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", env.str("DB_SESSION_OPTIONS", default=DB_SESSION_OPTIONS)
    )
    # Parameters bound by the server, and a statement prepared once it has run five times on a
    # connection (psycopg's threshold): the pages' and the API's reads are the same few dozen
    # statements, planned once per connection instead of once per request (bench/README.md).
    # Turn off behind a pooler in transaction mode that does not keep prepared statements.
    if env.bool("DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Benchmark (bench/README.md) --------------------------------------------------------------
# The floor view and the benchmark's upload/download probes, mounted at /bench/ only when true.
CONVERGENCE_BENCH_FLOOR = env.bool("CONVERGENCE_BENCH_FLOOR", default=False)
if env.bool("CONVERGENCE_BENCH_QUERY_HEADER", default=False):
    MIDDLEWARE.insert(0, "bench.middleware.QueryCountMiddleware")

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "comptes.backends.ModelBackend",
    "comptes.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
SITE_ID = 1

# allauth: editors log in through iSC only; ANS staff use a local account + TOTP.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "comptes.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "comptes.adapters.IscSocialAccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
ISC_SERVER_URL = env("ISC_SERVER_URL", default=f"{SITE_URL}/isc/o")
ISC_CLIENT_ID = env("ISC_CLIENT_ID", default="convergence")
ISC_CLIENT_SECRET = env("ISC_CLIENT_SECRET", default="convergence-embedded-secret" if DEBUG else environ.Env.NOTSET)
ISC_REDIRECT_URIS = env.list("ISC_REDIRECT_URIS", default=[f"{SITE_URL}/accounts/oidc/isc/login/callback/"])
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "isc",
                "name": "Industriels Santé Connect",
                "client_id": ISC_CLIENT_ID,
                "secret": ISC_CLIENT_SECRET,
                "settings": {
                    "server_url": ISC_SERVER_URL,
                    "token_auth_method": "client_secret_post",
                    "oauth_pkce_enabled": True,
                },
            }
        ],
    }
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Convergence (ANS)"
# ANS staff must have TOTP; the embedded demo exempts its demo staff accounts (README).
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=not DEBUG)
MFA_EXEMPT_USERNAMES = env.list("MFA_EXEMPT_USERNAMES", default=[])

# --- The bundled iSC provider (django-oauth-toolkit) ----------------------------------------
def _oidc_private_key() -> str:
    key = env("ISC_OIDC_RSA_PRIVATE_KEY", default="")
    if key:
        return key.replace("\\n", "\n")
    path = Path(env("ISC_OIDC_RSA_PRIVATE_KEY_FILE", default=str(VAR_DIR / "keys" / "isc-oidc.pem")))
    if not path.exists():
        from comptes.keys import generate_rsa_private_key_pem

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_rsa_private_key_pem())
        path.chmod(0o600)
    return path.read_text()


# Named explicitly so that models of ours may point to DOT's (swappable) Application.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _oidc_private_key(),
    "PKCE_REQUIRED": True,
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Nom et prénom",
        "email": "Adresse électronique",
        "organisation": "Organisation (SIREN, SIRET, raison sociale) et rôle iSC",
    },
    "DEFAULT_SCOPES": ["openid"],
    "OAUTH2_VALIDATOR_CLASS": "isc.oidc.IscOAuth2Validator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": 600,
    # OAuth 2.0 Security BCP (RFC 9700): code flow with S256 PKCE only, hashed tokens, iss in responses.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"] if env.bool("ISC_ALLOW_HTTP_REDIRECTS", default=DEBUG) else ["https"],
}
SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["settings"]["scope"] = ["openid", "profile", "email", "organisation"]

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _files_backend = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
else:
    _files_backend = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _files_backend,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Largest accepted upload (videos of at least 1 GB). Uploads stream to disk above 2.5 MB.
CONVERGENCE_MAX_UPLOAD_BYTES = env.int("CONVERGENCE_MAX_UPLOAD_BYTES", default=2 * 1024**3)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Large uploads are written here as they arrive, then moved into the storage: next to the
# local media (same filesystem) so that the move is a rename, not a second write of the file, and
# not in /tmp, often a small tmpfs in memory (on this project's bench machine, writing 1 GB
# there took 3.7 s against 0.25 s under var/: bench/README.md).
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default="") or str(VAR_DIR / "televersements")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_HANDLERS = ["comptes.televersement.MemoireHandler", "comptes.televersement.FichierTemporaireHache"]
# In production, file bodies are handed to the web server (X-Accel-Redirect) or to a signed URL.
CONVERGENCE_X_ACCEL_PREFIX = env("CONVERGENCE_X_ACCEL_PREFIX", default="")

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Convergence <ne-pas-repondre@convergence.localhost>")

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    for sub in ("broker", "broker-done", "broker-control"):
        (VAR_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Without it kombu writes its exchange tables to ./control in the working directory.
        "control_folder": str(VAR_DIR / "broker-control"),
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-done"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# Added to the Celery worker's niceness as it starts (convergence.celery.ceder_aux_pages).
CONVERGENCE_WORKER_NICE = env.int("CONVERGENCE_WORKER_NICE", default=10)

# --- Cache (rate limits, counts) ---------------------------------------------------------------
# Rate limits (convergence/ratelimit.py): login POSTs per IP, upload POSTs per user; the API's
# own limits are DRF throttles (REST_FRAMEWORK below). Also the header's unread counts.
CONVERGENCE_RATE_LOGIN = env("CONVERGENCE_RATE_LOGIN", default="10/min")
CONVERGENCE_RATE_UPLOAD = env("CONVERGENCE_RATE_UPLOAD", default="60/min")
REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "convergence.api.auth.JetonAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "convergence.api.auth.LectureSeuleSiJetonLectureSeule",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "convergence.api.filtres.FiltresBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "convergence.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "convergence.api.schema.ConvergenceAutoSchema",
    "EXCEPTION_HANDLER": "convergence.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle", "rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_RATE_USER", default="600/min"),
        "anon": env("API_RATE_ANON", default="60/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Convergence API",
    "DESCRIPTION": "API de la plateforme de référencement Ségur (Vague 2). Authentification : jeton personnel "
    "(« Authorization: Bearer cvg_… », créé dans « Mon compte ») ou session du navigateur.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",  # operations are grouped (tagged) by resource
    # Several models name their status "statut": one named enum per status vocabulary.
    "ENUM_NAME_OVERRIDES": {
        "CandidatureStatusEnum": "candidatures.enums.CandidatureStatus",
        "EtapeStatusEnum": "candidatures.enums.EtapeStatus",
        "CndaStatusEnum": "candidatures.enums.CndaStatus",
        "ChapitreStatusEnum": "preuves.enums.ChapitreStatus",
        "PreuveStatusEnum": "preuves.enums.PreuveStatus",
        "ConventionStatusEnum": "conventions.enums.ConventionStatus",
        "DemandeStatusEnum": "accompagnement.enums.DemandeStatus",
        "TypePreuveEnum": "preuves.enums.TypePreuve",
        "TypeEvenementEnum": "accompagnement.enums.TYPES_EVENEMENT_SAISIS",
    },
}

# --- Sessions and security ------------------------------------------------------------------
SESSION_COOKIE_AGE = 12 * 3600
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_COOKIE_NAME = env("SESSION_COOKIE_NAME", default="sessionid")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "frame-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
if AWS_STORAGE_BUCKET_NAME:
    # Downloads and previews are redirected to URLs signed by the store (comptes.views.reponse_fichier):
    # the browser must be allowed to show them.
    _endpoint = urlsplit(env("AWS_S3_ENDPOINT_URL", default=""))
    _region = env("AWS_S3_REGION_NAME", default="")
    _origines_fichiers = (
        [f"{_endpoint.scheme}://{_endpoint.netloc}"] if _endpoint.netloc
        else [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        + ([f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_region}.amazonaws.com"] if _region else [])
    )
    for _directive in ("img-src", "media-src", "frame-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive] += _origines_fichiers

# --- Logging ------------------------------------------------------------------------------
# JSON lines (time, level, request id, user, message, extra fields); the security logger records
# logins, refusals, refused uploads, administrative and deadline changes, never secrets.
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "convergence.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "convergence.security": {"level": "INFO"},
    },
}

# --- Platform -------------------------------------------------------------------------------
DSFR_SITE_NAME = "Convergence"
CONVERGENCE_REMINDER_DAYS = env.list("CONVERGENCE_REMINDER_DAYS", cast=int, default=[30, 7, 1])

# --- Convention signing (PAdES, conventions/signature.py) -----------------------------------
# The platform's signing key and certificate: PEM in the environment, or paths to PEM files.
# With none set, a self-signed pair is generated under VAR_DIR/keys at first use (and a warning logged).
CONVERGENCE_SIGNING_KEY_PEM = env("CONVERGENCE_SIGNING_KEY_PEM", default="").replace("\\n", "\n")
CONVERGENCE_SIGNING_CERT_PEM = env("CONVERGENCE_SIGNING_CERT_PEM", default="").replace("\\n", "\n")
CONVERGENCE_SIGNING_KEY_FILE = env("CONVERGENCE_SIGNING_KEY_FILE", default="")
CONVERGENCE_SIGNING_CERT_FILE = env("CONVERGENCE_SIGNING_CERT_FILE", default="")
CONVERGENCE_SIGNING_KEY_PASSPHRASE = env("CONVERGENCE_SIGNING_KEY_PASSPHRASE", default="")
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}  # one INFO line per rendering step otherwise
