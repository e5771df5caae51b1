"""KvK number validation."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KVK_RE = re.compile(r"^\d{8}$")


def normalise_kvk(value: str) -> str | None:
    """'1234 5678' → '12345678'; None when it is not 8 digits. KvK numbers carry no check digit since 2016."""
    raw = re.sub(r"[\s.]", "", value or "")
    return raw if KVK_RE.match(raw) else None


def validate_kvk(value: str) -> None:
    if not KVK_RE.match(value or ""):
        raise ValidationError(_("Een KvK-nummer bestaat uit precies 8 cijfers."), code="invalid_kvk")
