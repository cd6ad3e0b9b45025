"""One env-driven settings module (django-environ). Every variable is listed in .env.example.

Defaults are production-safe: DEBUG off, secure cookies, HSTS and SSL redirect on. The
development `.env` that `make run` writes switches them off for localhost.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "toegang.apps.ToegangAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "pgtrigger",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Not used for sign-in: kept for accounts.0004, which moves the clear-text backup codes of
    # databases made before it into hashed BackupCodeDevices (and its test). Removable once every
    # database has run it and the migrations are squashed.
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "accounts",
    "audit",
    "intake",
    "cases",
    "mandates",
    "partners",
    "reporting",
    "privacy",
    "surveys",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Outside the auth middlewares, so their own responses (redirects to the second factor) are covered too.
    "toegang.middleware.no_store_middleware",
    "toegang.middleware.htmx_login_redirect_middleware",
    "toegang.middleware.session_renewal_middleware",
    "toegang.middleware.language_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "toegang.urls"
WSGI_APPLICATION = "toegang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "toegang.context_processors.navigation",
            ],
            # Not an installed app's library: toegang/ is the project package.
            "libraries": {"widget_html": "toegang.templatetags.widget_html"},
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/toegang")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if env.bool("DATABASE_POOL", default=False):
    DATABASES["default"]["OPTIONS"] = {"pool": True}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# JIT compiles a query whose estimated cost passes jit_above_cost: 100-200 ms spent on pages whose
# queries run in a few ms (docs/performance.md, finding 1). Short OLTP queries never win it back.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("CACHE_URL", default=f"{REDIS_URL}/1"),
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="toegang"),
    }
}

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a login for a locked-out username/address before checking it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Two-factor authentication (BIO, special-category data): every role completes a TOTP code or a
# backup code after the password. Keep it on in tests so they exercise it.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Toegang sociaal domein")
# Brute-force protection (BIO): lock a username from an address after this many failures.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind the proxies (TRUSTED_PROXY_COUNT), not the proxy's: otherwise a
# username locked out from one address would be locked out from every address.
AXES_CLIENT_IP_CALLABLE = "toegang.http.client_ip"
# With two factors a correct password is only half a login: it must not wipe the count of wrong
# codes typed after an earlier correct password. The verify step resets it instead.
AXES_RESET_ON_SUCCESS = not TWO_FACTOR_REQUIRED
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle timeout: activity renews the session, so it ends after this much inactivity. Typing in a
# conversation autosaves, which counts as activity at the kitchen table. The renewal is written at
# most once per SESSION_RENEW_SECONDS (toegang.middleware.session_renewal_middleware) instead of
# on every request: the idle time is then kept to within that margin, without a session write on
# every page.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SECURE = env.bool("DJANGO_SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
# How many reverse proxies in front of the app append to X-Forwarded-For: toegang.http.client_ip
# takes the client's address from that header only then (0: the header is ignored, as a client can
# send it), for the access log, the rate limits and django-axes.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Passkeys (WebAuthn, django-otp-webauthn) as a second factor beside the authenticator app: a
# fingerprint or face on the tablet instead of typing a code, and phishing-resistant. Never
# instead of the password. WEBAUTHN_ORIGIN is the site's address as the browser sees it
# (https://toegang.example.nl): passkeys are bound to its domain and only work from there. In
# production it must be set (the system checks refuse to start without it); in development the
# runserver address.
WEBAUTHN_ORIGIN = env.str("WEBAUTHN_ORIGIN", default="" if SECURE else "http://localhost:8000").rstrip("/")
OTP_WEBAUTHN_RP_ID = urlsplit(WEBAUTHN_ORIGIN).hostname or ""
OTP_WEBAUTHN_ALLOWED_ORIGINS = [WEBAUTHN_ORIGIN] if WEBAUTHN_ORIGIN else []
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
X_FRAME_OPTIONS = "DENY"

# Strict CSP: no inline script or style. htmx is configured through a meta tag so it needs
# neither eval nor its injected indicator styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Case documents (medical statements, creditors' letters) live outside the web root, in a storage
# without a URL: the only way out is the access-checked, audit-logged download view.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "cases.storage.PrivateStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None}},
}
CASE_DOCUMENT_MAX_BYTES = env.int("CASE_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Uploads above 2.5 MB go to a temporary file, not memory; the form fields besides files stay
# under 2.5 MB. Django has no cap on the file part of a body: the form rejects documents over
# CASE_DOCUMENT_MAX_BYTES, and the reverse proxy should cap bodies just above it.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

MAILERS = {"default": {"BACKEND": env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="toegang@gemeente.example")

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=f"{REDIS_URL}/0")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=f"{REDIS_URL}/0")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # NEN 7513: the access log must show tampering; verify the hash chain every night.
    "verify-access-log": {
        "task": "audit.tasks.verify_access_log",
        "schedule": 24 * 60 * 60,
    },
    # Referrals a partner has not accepted or declined in time: tell the sender (once each).
    "notify-overdue-referrals": {
        "task": "partners.tasks.notify_overdue_referrals",
        "schedule": 24 * 60 * 60,
    },
    # Decision letters whose rendering task was lost are enqueued again.
    "requeue-pending-letters": {"task": "mandates.tasks.requeue_pending_letters", "schedule": 15 * 60},
    # Plans: follow-ups, evaluations and actions due become tasks, notifications and a digest.
    "case-monitoring": {
        "task": "cases.tasks.run_case_monitoring",
        "schedule": crontab(hour=6, minute=30),
    },
    # AVG: anonymise what has passed its retention period (privacy/retention.py, docs/privacy.md).
    "privacy-retention": {"task": "privacy.tasks.run_retention", "schedule": crontab(hour=2, minute=30)},
    # Council reports: drafts of last quarter on the 2nd day of each quarter (and of last year on 2 January).
    "council-reports": {
        "task": "reporting.tasks.reports_schedule",
        "schedule": crontab(day_of_month=2, month_of_year="1,4,7,10", hour=5, minute=0),
    },
}

# iWmo: path of the official WMO301 (release 3.2) XSD; when set, every allocation is validated.
IWMO_WMO301_XSD = env.str("IWMO_WMO301_XSD", default="")

# Public web form: at most this many requests per client address per hour.
PUBLIC_FORM_RATE_LIMIT = env.int("PUBLIC_FORM_RATE_LIMIT", default=5)
# Seconds a human needs at least to fill in the public form (bots post at once).
PUBLIC_FORM_MIN_SECONDS = env.int("PUBLIC_FORM_MIN_SECONDS", default=3)
# Client survey: the public address residents' invitation links point to, and code attempts per
# client address per hour at the code entry page.
SURVEY_PUBLIC_URL = env.str("SURVEY_PUBLIC_URL", default="http://localhost:8000")
SURVEY_CODE_RATE_LIMIT = env.int("SURVEY_CODE_RATE_LIMIT", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports each layout step of every letter and export at INFO: seven lines per PDF
    # drowned the worker's own log.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
