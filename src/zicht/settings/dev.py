"""Development and demo: SQLite under var/, development keys allowed."""

from .base import *  # noqa: F403
from .base import STATIC_ROOT, VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
# WhiteNoise warns when STATIC_ROOT is missing, even though it serves from the finders here.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
