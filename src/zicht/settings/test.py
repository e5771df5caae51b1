"""Test settings: fast hashing, no throttling surprises, same database selection by DATABASE_URL."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, STATIC_ROOT

STATIC_ROOT.mkdir(parents=True, exist_ok=True)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute"}}
AXES_ENABLED = True

# Tasks run in the process that enqueues them, so tests exercise the real task functions (after commit: tests
# that enqueue run the commit hooks); tests/core/test_tasks.py runs the database worker itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The public report intake's limit is tested on its own (tests override it); elsewhere it must not get in the way.
REPORTS_PUBLIC_RATE = "1000/minute"

# Each test's client loads the middleware afresh, and WhiteNoise would then index every static file of every finder
# (a sixth of a typical view test's time); looking a file up when it is asked for serves the same files.
WHITENOISE_AUTOREFRESH = True
