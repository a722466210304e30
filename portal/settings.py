"""Settings, all read from the environment.

With nothing set, the portal runs in its embedded mode: a SQLite file, Celery tasks executed
in-process, e-mail printed to the console and DEBUG on. ``DJANGO_ENV=production`` turns every
safety switch on and refuses to start without the secrets it needs.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise environ.ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise environ.ImproperlyConfigured("DJANGO_DEBUG cannot be on in production")

if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # no default: production refuses to start without it
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="embedded-mode-only-not-a-secret-3f9a1c7e5b2d4f60")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal.apps.PortalConfig",
    "workgroups",
    "concepts",
    "concepts.rounds",
    "pilots",
    "analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.resilience.CacheControlMiddleware",
    "portal.resilience.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.CzechFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.session_middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files are served by the app server itself in the full stack (no separate web server).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# Forms: Django's renderer, with inputs, selects and textareas drawn in Python (the same HTML;
# a filter form's options were each two template includes): portal/form_renderer.py.
FORM_RENDERER = "portal.form_renderer.WidgetRenderer"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections in every mode (a new PostgreSQL connection costs more than a small page),
# checked before reuse so that a restarted database costs one failed check, not an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Redis in the full stack, the local-memory cache in the embedded mode. Rendered frozen versions
# (concepts.rendering) live here; they never change, so the cache needs no invalidation.
_CACHE_URL = env.str("CACHE_URL", default=env.str("REDIS_URL", default=""))
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL,
         "KEY_PREFIX": "koncepce", "TIMEOUT": 7 * 24 * 60 * 60}
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "koncepce",
              "TIMEOUT": 24 * 60 * 60, "OPTIONS": {"MAX_ENTRIES": 2000}}
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# With the database down every page answers 503 with this Retry-After (portal/resilience.py).
DATABASE_RETRY_AFTER_SECONDS = env.int("DATABASE_RETRY_AFTER_SECONDS", default=30)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection: lock a username from one address after repeated failures, so that
# colleagues behind one municipal NAT do not lock each other out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=8)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# Sessions (portal/session_middleware.py): signed out after a quiet spell, shorter for the roles
# that see household identities, and in any case after an absolute lifetime from sign-in.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=8 * 60 * 60)  # seconds
SESSION_IDLE_TIMEOUT_IDENTITY = env.int("SESSION_IDLE_TIMEOUT_IDENTITY", default=30 * 60)
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
# Second factor (django-otp): TOTP plus static recovery codes. Required for the roles that see
# household identities, optional for everyone else. The demo users skip it in the embedded mode only.
OTP_TOTP_ISSUER = "Koncepce bydlení"
# The test suite turns the requirement off except in the tests of the second factor itself.
OTP_REQUIRED = True if PRODUCTION else env.bool("OTP_REQUIRED", default=True)
OTP_EXEMPT_DEMO_USERS = not PRODUCTION
OTP_RECOVERY_CODES = 10

LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]  # one Czech date format: 2. 12. 2026

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "files")))
# Private files have no public URL: every download goes through a view that checks permissions.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID"),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
            "region_name": env.str("S3_REGION", default="us-east-1"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": "/files-are-private/"},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

# E-mail: console in the embedded mode; EMAIL_URL (smtp://user:pass@host:port) in the full stack.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Every e-mail goes through the transactional outbox (portal/outbox.py); the real backend delivers it.
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
EMAIL_BACKEND = "portal.outbox.OutboxEmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Koncepce bydlení <noreply@koncepce-bydleni.cz>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
CRISPY_FAIL_SILENTLY = not DEBUG

# Celery: no lost work. Nothing is sent to the broker directly: every enqueue is an outbox row
# written with the change and relayed after the commit (portal/outbox.py). A task is acknowledged
# only after it finishes and is re-queued if its worker dies.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Results are not needed by any page (jobs keep their state in their row); /healthz and the tests
# ask for one explicitly.
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# PDF rendering holds a core for seconds and grows in memory: it has its own queue, so a 150-page
# export never delays invitations and reminders. Every worker command consumes both queues
# (`-Q celery,pdf`) unless the PDF queue has workers of its own (docker-compose.yml: pdf-worker).
# The embedded mode runs tasks in-process, where queues do not matter.
CELERY_TASK_DEFAULT_QUEUE = "celery"
PDF_QUEUE = "pdf"
CELERY_TASK_ROUTES = {
    name: {"queue": PDF_QUEUE}
    for name in (
        "concepts.tasks.concept_version_pdf",
        "concepts.rounds.tasks.export_settlement_pdf",
        "concepts.rounds.tasks.council_report_pdf",
        "workgroups.tasks.build_minutes_pdf",
        "pilots.tasks.evaluation_pdf",
        "analytics.tasks.monitoring_report",
    )
}
WORKER_QUEUES = f"{CELERY_TASK_DEFAULT_QUEUE},{PDF_QUEUE}"
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50  # PDF rendering grows memory; recycle workers
# The longest task measured is the pilot evaluation report PDF of the Ostrava demo: 53 s on the
# shared two-core machine under load (README, "Reliability"). A task is killed after 5 minutes (~6x).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=5 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
# Redis redelivers an unacknowledged message after visibility_timeout. It must exceed the longest
# a message can stay reserved: the hard time limit (5 min) plus the longest retry countdown
# (80 s for e-mail tasks, 2 min for jobs by retry_backoff_max) — 10 minutes leaves a margin. A shorter one would redeliver tasks
# still running; a longer one only delays recovery of non-job tasks, since jobs whose worker died
# are re-queued by the heartbeat sweep within JOB_STALE_SECONDS + JOB_SWEEP_SECONDS.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=10 * 60),
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": 10 * 60}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The outbox: a row is leased to one relay for OUTBOX_CLAIM_SECONDS; a failed delivery is tried
# again after 5 s, 10 s, 20 s … at most OUTBOX_RETRY_MAX_SECONDS apart, by beat every OUTBOX_RELAY_SECONDS.
OUTBOX_CLAIM_SECONDS = env.int("OUTBOX_CLAIM_SECONDS", default=5 * 60)
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=5)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=5 * 60)
OUTBOX_RELAY_SECONDS = env.float("OUTBOX_RELAY_SECONDS", default=30)
# Jobs: a running job's row gets a heartbeat every JOB_HEARTBEAT_SECONDS; one silent for
# JOB_STALE_SECONDS lost its worker and is re-queued by the sweep every JOB_SWEEP_SECONDS.
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=20)
JOB_STALE_SECONDS = env.float("JOB_STALE_SECONDS", default=2 * 60)
JOB_SWEEP_SECONDS = env.float("JOB_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    # Opens scheduled comment rounds, sends reminders and closes rounds at their deadline.
    # The round's state itself is derived from the clock, so a late tick loses nothing.
    "rounds-tick": {"task": "concepts.rounds.tasks.rounds_tick", "schedule": 60.0},
    # Sends the daily digest to people who chose it instead of one e-mail per event.
    "notifications-daily-digest": {
        "task": "portal.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Anonymises pilot households whose retention period ended; households already done are skipped.
    "pilots-anonymise-due-households": {
        "task": "pilots.tasks.anonymise_due_households",
        "schedule": crontab(hour=3, minute=30),
    },
    # Recomputes the computed indicators' current values; values are upserted per period, locked ones kept.
    "analytics-recompute-indicators": {
        "task": "analytics.indicators.tasks.recompute_computed_indicators",
        "schedule": crontab(hour=2, minute=15),
    },
    # Re-queues jobs whose worker stopped sending heartbeats (died mid-export).
    "jobs-requeue-stale": {"task": "portal.tasks.requeue_stale_jobs", "schedule": JOB_SWEEP_SECONDS},
    # Delivers outbox rows (tasks, e-mails) that could not be delivered right after their commit.
    "outbox-relay": {"task": "portal.tasks.outbox_relay", "schedule": OUTBOX_RELAY_SECONDS},
    # Stores each municipality's contribution to the agency's targets for the current quarter (the trend).
    "analytics-target-snapshots": {"task": "analytics.tasks.snapshot_targets", "schedule": crontab(hour=2, minute=15)},
    # Sends the monthly monitoring report to its subscribers; a month already sent is skipped.
    "analytics-monthly-reports": {
        "task": "analytics.tasks.send_monthly_reports",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
}

# Content Security Policy (django-csp 4): no inline scripts, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
