"""Development and demo: SQLite under var/, development keys allowed."""

from .base import *  # noqa: F403
from .base import VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)
