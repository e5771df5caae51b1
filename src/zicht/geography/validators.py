"""Validators for Dutch area codes, postcodes and BAG identifiers."""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
# Letter pairs that PostNL never issues.
FORBIDDEN_POSTCODE_LETTERS = {"SA", "SD", "SS"}

province_code_validator = RegexValidator(r"^PV\d{2}$", _("Een provinciecode is PV gevolgd door 2 cijfers."))
municipality_code_validator = RegexValidator(r"^GM\d{4}$", _("Een gemeentecode is GM gevolgd door 4 cijfers."))
district_code_validator = RegexValidator(r"^WK\d{6}$", _("Een wijkcode is WK gevolgd door 6 cijfers."))
neighbourhood_code_validator = RegexValidator(r"^BU\d{8}$", _("Een buurtcode is BU gevolgd door 8 cijfers."))
bag_id_validator = RegexValidator(r"^\d{16}$", _("Een BAG-id bestaat uit precies 16 cijfers."))


def normalise_postcode(value: str) -> str | None:
    """'1234ab' → '1234 AB'; None when the value is not a Dutch postcode."""
    match = POSTCODE_RE.match(value or "")
    if not match:
        return None
    letters = match.group(2).upper()
    if letters in FORBIDDEN_POSTCODE_LETTERS:
        return None
    return f"{match.group(1)} {letters}"


def normalise_municipality_code(value: str) -> str | None:
    """'150', '0150' or 'GM0150' → 'GM0150'; None when it is not a municipality code."""
    raw = (value or "").strip().upper()
    if raw.startswith("GM"):
        raw = raw[2:]
    if not raw.isdigit() or not 1 <= len(raw) <= 4:
        return None
    return f"GM{int(raw):04d}"


def normalise_province_code(value: str) -> str | None:
    """'23', 'PV23' → 'PV23'; None when it is not a province code."""
    raw = (value or "").strip().upper()
    if raw.startswith("PV"):
        raw = raw[2:]
    if not raw.isdigit() or not 1 <= len(raw) <= 2:
        return None
    return f"PV{int(raw):02d}"
