"""Test settings: fast hashing, no throttling surprises, same database selection by DATABASE_URL."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, STATIC_ROOT

STATIC_ROOT.mkdir(parents=True, exist_ok=True)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute"}}
AXES_ENABLED = True

# Uploads are ingested in the request instead of a background thread, so tests see the finished upload.
OCCUPANCY_INGEST_SYNC = True

# The public report intake's limit is tested on its own (tests override it); elsewhere it must not get in the way.
REPORTS_PUBLIC_RATE = "1000/minute"
