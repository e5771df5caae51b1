"""Production: refuses to start without real keys; HTTPS-only cookies and HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSECURE_PSEUDONYM_KEY, INSECURE_SECRET_KEY, PSEUDONYM_KEY, SECRET_KEY
from .env import env_bool

MIN_KEY_LENGTH = 32

if not SECRET_KEY or SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < MIN_KEY_LENGTH:
    raise ImproperlyConfigured(
        f"ZICHT_SECRET_KEY must be set to a random value of at least {MIN_KEY_LENGTH} characters in production."
    )
if not PSEUDONYM_KEY or PSEUDONYM_KEY == INSECURE_PSEUDONYM_KEY or len(PSEUDONYM_KEY) < MIN_KEY_LENGTH:
    raise ImproperlyConfigured(
        "ZICHT_PSEUDONYM_KEY (or ZICHT_PSEUDONYM_KEY_FILE) must hold a random key of at least "
        f"{MIN_KEY_LENGTH} characters in production; it is never stored in the database."
    )

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("ZICHT_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
WHITENOISE_USE_FINDERS = False
