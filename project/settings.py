"""Settings for 安全宣讲, read from environment variables with safe embedded defaults.

Development (the default) runs on SQLite with files under ``var/`` and e-mail printed to the
console. ``DJANGO_ENV=production`` demands a real secret key and host names and turns on the
HTTPS-only settings; see README.md for every variable.
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


ENVIRONMENT = env("DJANGO_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
    # Development only: one random key per checkout, kept so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = False if PRODUCTION else env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "viewflow",
    "viewflow.workflow",
    "django_filters",
    "django_ratelimit",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "workflows.accounts",
    "workflows.audit",
    "workflows.organisations",
    "workflows.campaigns",
    "workflows.notifications",
    "workflows.evidence",
    "workflows.ladder",
    "workflows.lectures",
    "workflows.reports",
    "workflows.compliance",
    "workflows.rectification",
    "workflows.reminders",
    "workflows.dashboards",
    "workflows.portal",
    "workflows.documents",
    "workflows.demo",
    "workflows.api",
    "workflows.backup",  # backup / restore commands (issue 9)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body (sessions, CSRF, the views): a body over its route's limit is refused (413).
    "workflows.common.middleware.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "workflows.portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Identity: no session without the second factor for those who need it (whatever way it logged in), idle and
    # absolute session limits, then the forced password change.
    "workflows.accounts.middleware.SecondFactorRequiredMiddleware",
    "workflows.accounts.middleware.SessionLimitsMiddleware",
    "workflows.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "workflows.audit.middleware.RequestContextMiddleware",
    # A lost database connection or unwritable storage in a view: a clear 503, not a traceback (issue 9).
    "workflows.common.middleware.ServiceUnavailableMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out page or JSON.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"
ASGI_APPLICATION = "project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "workflows.notifications.context_processors.bell",
            ],
        },
    },
]

# Database: DATABASE_URL, SQLite by default. TEST_DATABASE_NAME gives a test run its own database.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if env("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# Keep every request out of one wrapping transaction: the workflow lock must be taken first.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user before any password is checked (web log-in and API token alike).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "workflows.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
# Log-in lockout (django-axes), shared by the web log-in form and the API token endpoint: counted per
# user name (never per address, so one office's shared exit IP cannot lock everybody out).
# An API token lives API_TOKEN_HOURS from its log-in (as long as a web session at most), then the client logs in
# again; log-out, a password change or reset end it sooner.
API_TOKEN_LIFETIME = dt.timedelta(hours=int(env("API_TOKEN_HOURS", "8")))
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(env("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful log-ins are already in the audit trail
AXES_LOCKOUT_CALLABLE = "workflows.accounts.lockout.lockout_response"
# axes warns when the address is not part of the lock; per user name only is deliberate (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# ---- Identity, sessions and production settings (issue 9; README "Security (等级保护 2.0)") ----
# Log-in attempts per client address on the web form, the second-factor step and the API token endpoint
# together (django-ratelimit rate); the user-name lock above is separate.
LOGIN_RATE_PER_IP = env("LOGIN_RATE_PER_IP", "60/m")
# Days a password stays valid before the next log-in forces a change; 0 disables rotation.
PASSWORD_MAX_AGE_DAYS = int(env("PASSWORD_MAX_AGE_DAYS", "90"))
# Sessions end after this long without a request, and this long after log-in whatever happens.
SESSION_IDLE_MINUTES = int(env("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = int(env("SESSION_MAX_HOURS", "8"))
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
# Roles whose holders must pass a TOTP second factor (django-otp); anybody else may enrol on their own.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES",
                                     "office_director,system_admin,security_admin,auditor")
OTP_TOTP_ISSUER = "安全宣讲"
# Content-Security-Policy (django-csp 4) in every environment. Scripts: our own files only, plus a
# per-response nonce added only when a template uses ``request.csp_nonce``; no inline handlers.
# Styles: viewflow's Material templates and ours use style="" attributes and viewflow's base page an
# inline <style> for the site colours, so inline styles stay allowed (a style cannot run code).
# Images: data: URIs are in viewflow's and vis-network's CSS. Nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# guardian: grants are rows per organisation (direct foreign-key tables), never per item.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_GET_CONTENT_TYPE = "workflows.organisations.ctypes.get_content_type"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))

# Evidence (佐证材料): limits per kind group, the images' pixel budget, the time zone of cameras' EXIF times, and
# how many files of each kind an item needs before it may be submitted.
_MB = 1024 * 1024
EVIDENCE_MAX_BYTES = {
    "photo": int(env("EVIDENCE_MAX_PHOTO_MB", "15")) * _MB,
    "document": int(env("EVIDENCE_MAX_DOCUMENT_MB", "30")) * _MB,
    "video": int(env("EVIDENCE_MAX_VIDEO_MB", "200")) * _MB,
}
# Images (issue 14 M2): 50 million pixels admits the largest phone photos (48 MP 8064 × 6048, 50 MP 8160 × 6120)
# and refuses anything larger from its header. Stored images are at most 4,000 pixels a side (an A4 page at
# 340 dpi): half the long side of those photos, so a JPEG is decoded at half scale, a quarter of the memory.
# Each process decodes EVIDENCE_IMAGE_DECODES images at once; more uploads wait their turn.
EVIDENCE_MAX_IMAGE_PIXELS = int(env("EVIDENCE_MAX_IMAGE_PIXELS", "50000000"))
EVIDENCE_IMAGE_MAX_SIDE = int(env("EVIDENCE_IMAGE_MAX_SIDE", "4000"))
EVIDENCE_IMAGE_DECODES = int(env("EVIDENCE_IMAGE_DECODES", "2"))
EVIDENCE_CAPTURE_TIMEZONE = env("EVIDENCE_CAPTURE_TIMEZONE", "Asia/Shanghai")
EVIDENCE_REQUIRED = {
    "photo": int(env("EVIDENCE_MIN_PHOTOS", "2")),
    "signin_sheet": int(env("EVIDENCE_MIN_SIGNIN_SHEETS", "1")),
}

# The organisation and user import (issue 14 L7): the largest XLSX file, and the most its parts may inflate to
# before openpyxl reads them (a filled-in 5,000-row template is ~6 MB of XML).
IMPORT_MAX_BYTES = int(env("IMPORT_MAX_MB", "5")) * _MB
IMPORT_MAX_UNPACKED_BYTES = int(env("IMPORT_MAX_UNPACKED_MB", "50")) * _MB

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "anquan@localhost")
# The site's address in e-mailed links (a new account's or a reset's set-password link): configured, not taken from
# the request's Host header.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Documents: generated fonts and demo seals are cached here; keys and certificates live under DOCUMENTS_PKI_DIR.
DOCUMENTS_CACHE_DIR = Path(env("DOCUMENTS_CACHE_DIR", str(DATA_DIR / "cache" / "documents")))
DOCUMENTS_PKI_DIR = Path(env("DOCUMENTS_PKI_DIR", str(DATA_DIR / "pki")))
# Extra CA certificates (PEM paths, comma-separated) whose signatures the verification page trusts.
DOCUMENTS_TRUSTED_CA_FILES = env_list("DOCUMENTS_TRUSTED_CA_FILES", "")
# The address printed in every PDF's QR code: <base>/verify/<code>/.
DOCUMENTS_VERIFY_BASE_URL = env("DOCUMENTS_VERIFY_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The public verification page: requests per IP address (django-ratelimit rate).
DOCUMENTS_VERIFY_RATE = env("DOCUMENTS_VERIFY_RATE", "30/m")
DOCUMENTS_VERIFY_MAX_UPLOAD = int(env("DOCUMENTS_VERIFY_MAX_UPLOAD", str(20 * 1024 * 1024)))
# Request bodies (issue 14 L6). Django holds form fields up to DATA_UPLOAD_MAX_MEMORY_SIZE and refuses more; it
# streams a file over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, whatever its size. So
# workflows.common.middleware.RequestBodyLimitMiddleware refuses (413) a body whose Content-Length is over its
# route's limit before anything reads it: the routes below take one file of at most that size, every other route
# form fields only. The reverse proxy's client_max_body_size is the largest of these (README, production).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * _MB // 2)))
FILE_UPLOAD_MAX_MEMORY_SIZE = int(env("FILE_UPLOAD_MAX_MEMORY_SIZE", str(5 * _MB // 2)))
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # every upload form takes one file
_EVIDENCE_UPLOAD = max(EVIDENCE_MAX_BYTES.values())
REQUEST_BODY_LIMITS = {
    "verify:detail": DOCUMENTS_VERIFY_MAX_UPLOAD,
    "api:verify": DOCUMENTS_VERIFY_MAX_UPLOAD,
    "lectures:record_evidence": _EVIDENCE_UPLOAD,
    "rectification:answer_action": _EVIDENCE_UPLOAD,
    "api:record-evidence": _EVIDENCE_UPLOAD,
    "api:answer-evidence": _EVIDENCE_UPLOAD,
    "dashboards:import": IMPORT_MAX_BYTES,
}
# The client's address, read one way everywhere (workflows/common/clientip.py): TRUSTED_PROXIES reverse proxies in
# front, each appending to X-Forwarded-For (API_TRUSTED_PROXIES is the older name); 0 trusts no header.
TRUSTED_PROXIES = int(env("TRUSTED_PROXIES", env("API_TRUSTED_PROXIES", "0")))
RATELIMIT_IP_META_KEY = "workflows.common.clientip.client_ip"
AXES_CLIENT_IP_CALLABLE = "workflows.common.clientip.client_ip"
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Without REDIS_URL each worker process counts its own requests: weaker, still a limit.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
else:
    # Django's own Redis backend increments atomically; django-ratelimit only lists third-party ones.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.W001"]
# The REST API (workflows/api): token or session log-in, one error shape, paginated lists.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "workflows.api.authentication.PasswordCheckingTokenAuthentication",  # issue 9: forced password change
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # JSON only, and downloads by the Accept header: no ``?format=`` that would answer another rendering.
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_PAGINATION_CLASS": "workflows.api.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "workflows.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": env("API_TOKEN_RATE", "20/min")},
    # How many reverse proxies append to X-Forwarded-For; 0 counts the socket peer, so a forged header
    # cannot dodge the rate limit.
    "NUM_PROXIES": TRUSTED_PROXIES,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "安全宣讲 API",
    "DESCRIPTION": "“领导干部讲安全”工作流系统的 REST API：宣讲计划、宣讲记录（含佐证材料）、半年工作报告、"
                   "三级审批待办、公文与公开验证、考核评估与问题、整改通知与整改报告、单位与半年周期。"
                   "登录：POST /api/v1/auth/token/ 取得令牌，之后每个请求带 `Authorization: Token <令牌>`。",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its documentation page: open in development, only to logged-in users in production
    # (API_DOCS_PUBLIC turns that either way). They map every endpoint and field for whoever reads them.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"] if env_bool("API_DOCS_PUBLIC", not PRODUCTION)
    else ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from the installed drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "workflows.api.docs.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "workflows.ladder.models.Level",
        "ItemStateEnum": "workflows.ladder.models.ItemState",
        "TaskLevelEnum": "workflows.api.serializers.TASK_LEVELS",
        "TaskStatusEnum": "workflows.api.serializers.TASK_STATUSES",
        "LecturerRoleEnum": "workflows.lectures.choices.LecturerRole",
        "RecordLecturerRoleEnum": "workflows.lectures.choices.RecordLecturerRole",
        "OrganisationKindEnum": "workflows.organisations.models.Organisation.Kind",
        "EvidenceKindEnum": "workflows.evidence.kinds.Kind",
        "DocumentStatusEnum": "workflows.documents.models.Document.Status",
        "QuotaEnum": "workflows.api.compliance.QUOTA_CHOICES",
        "RuleEnum": "workflows.compliance.rules.Rule",
        "FindingStatusEnum": "workflows.compliance.models.Finding.Status",
        "FindingSourceEnum": "workflows.compliance.models.Finding.Source",
        "NoticeStatusEnum": "workflows.rectification.models.Notice.Status",
        "EscalationKindEnum": "workflows.rectification.models.Escalation.Kind",
        "MeasureStatusEnum": "workflows.rectification.models.RectificationAnswer.MeasureStatus",
    },
}

# --- audit log (issue 9) ---
# How long audit events are kept at least; purge_audit_log refuses anything younger. Below 180 days is a
# system check error (等级保护: audit records kept 6 months or more).
AUDIT_RETENTION_DAYS = int(env("AUDIT_RETENTION_DAYS", "180"))
# --- end audit log ---

# Campaign: the password every demo user gets from load_demo (it passes the password rules).
DEMO_PASSWORD = env("DEMO_PASSWORD", "Anquan-Demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    # Identity (issue 9): session and CSRF cookies only over HTTPS, never readable by scripts.
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_HTTPONLY = True
