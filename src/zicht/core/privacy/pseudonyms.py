"""Pseudonyms for persons: a keyed HMAC-SHA256 of a validated BSN or of a document number + issuing country.

The master key comes from the environment (settings.PSEUDONYM_KEY), never from the database. Each
pseudonymisation domain (e.g. "monitoring", "enforcement") gets its own key, derived from the master key with
HMAC, so pseudonyms of one domain cannot be linked to another's without the master key. No function here logs or
returns the raw number, and error messages never repeat it.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import pycountry
from django.conf import settings
from stdnum.nl import bsn as stdnum_bsn

DOMAIN_RE = re.compile(r"^[a-z][a-z0-9_-]{1,49}$")
DOCUMENT_RE = re.compile(r"^[A-Z0-9]{5,20}$")
BSN_RE = re.compile(r"^[0-9]{9}$")
BSN_SEPARATORS = re.compile(r"[\s.-]")
PSEUDONYM_LENGTH = 64  # hex characters of SHA-256


class InvalidPersonNumber(ValueError):
    """A BSN or document number that cannot be pseudonymised. The message never contains the number."""


def _domain_key(domain: str, master_key: str | None = None) -> bytes:
    if not DOMAIN_RE.match(domain):
        raise ValueError(f"Invalid pseudonymisation domain name: {domain!r}")
    master = (master_key if master_key is not None else settings.PSEUDONYM_KEY).encode()
    return hmac.new(master, b"zicht-pseudonym-domain:" + domain.encode(), hashlib.sha256).digest()


def validate_bsn(value: str) -> str:
    """The BSN as 9 digits when it passes the eleven-test; InvalidPersonNumber otherwise."""
    # Exactly nine digits: stdnum's compact() would pad 8 digits with a leading zero, which the log filter
    # (nine digits only) would then not recognise as a BSN.
    compact = BSN_SEPARATORS.sub("", str(value or ""))
    if not BSN_RE.match(compact) or not stdnum_bsn.is_valid(compact):
        raise InvalidPersonNumber("not a valid BSN (eleven-test)")
    return compact


def is_valid_bsn(value: str) -> bool:
    try:
        validate_bsn(value)
    except InvalidPersonNumber:
        return False
    return True


def pseudonymise_bsn(bsn: str, domain: str, *, master_key: str | None = None) -> str:
    """The pseudonym of a BSN in `domain`: 64 hex characters, stable for the same key and domain."""
    compact = validate_bsn(bsn)
    return hmac.new(_domain_key(domain, master_key), b"bsn:" + compact.encode(), hashlib.sha256).hexdigest()


def issuing_country(value: str) -> str:
    """The ISO 3166-1 alpha-2 code for an alpha-2 or alpha-3 country code; InvalidPersonNumber otherwise."""
    code = str(value or "").strip().upper()
    found = None
    if len(code) == 2:
        found = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        found = pycountry.countries.get(alpha_3=code)
    if found is None:
        raise InvalidPersonNumber("unknown issuing country")
    return found.alpha_2


def pseudonymise_document(number: str, country: str, domain: str, *, master_key: str | None = None) -> str:
    """The pseudonym of an identity document number issued by `country` (ISO 3166 alpha-2 or alpha-3)."""
    compact = re.sub(r"[\s-]", "", str(number or "")).upper()
    if not DOCUMENT_RE.match(compact):
        raise InvalidPersonNumber("not a valid document number (5-20 letters or digits)")
    alpha2 = issuing_country(country)
    message = f"doc:{alpha2}:{compact}".encode()
    return hmac.new(_domain_key(domain, master_key), message, hashlib.sha256).hexdigest()
