"""Pseudonyms for persons: a keyed HMAC-SHA256 of a validated BSN or of a document number + issuing country.

The master key comes from the environment (settings.PSEUDONYM_KEY), never from the database. Each
pseudonymisation domain (e.g. "monitoring", "enforcement") gets its own key, derived from the master key with
HMAC, so pseudonyms of one domain cannot be linked to another's without the master key. No function here logs or
returns the raw number, and error messages never repeat it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re

import pycountry
from django.conf import settings

DOMAIN_RE = re.compile(r"^[a-z][a-z0-9_-]{1,49}$")
DOCUMENT_RE = re.compile(r"^[A-Z0-9]{5,20}$")
BSN_RE = re.compile(r"^[0-9]{9}$")
BSN_SEPARATORS = re.compile(r"[\s.-]")
BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
ASCII_ZERO = ord("0")
PSEUDONYM_LENGTH = 64  # hex characters of SHA-256


class InvalidPersonNumber(ValueError):
    """A BSN or document number that cannot be pseudonymised. The message never contains the number."""


@functools.lru_cache(maxsize=64)
def _derived_key(domain: str, master: str) -> bytes:
    if not DOMAIN_RE.match(domain):
        raise ValueError(f"Invalid pseudonymisation domain name: {domain!r}")
    return hmac.new(master.encode(), b"zicht-pseudonym-domain:" + domain.encode(), hashlib.sha256).digest()


def _domain_key(domain: str, master_key: str | None = None) -> bytes:
    return _derived_key(domain, master_key if master_key is not None else settings.PSEUDONYM_KEY)


@functools.lru_cache(maxsize=64)
def _keyed_hash(domain: str, master: str, prefix: bytes):
    """An HMAC object already keyed with the domain key and fed `prefix`: copied per number (cheaper than a new one)."""
    keyed = hmac.new(_derived_key(domain, master), digestmod=hashlib.sha256)
    keyed.update(prefix)
    return keyed


def _eleven_test(digits: str) -> bool:
    """Nine ASCII digits, not all zero, whose weighted sum (9..2 and -1) is a multiple of 11."""
    total = 0
    for weight, char in zip(BSN_WEIGHTS, digits.encode("ascii"), strict=True):
        total += weight * (char - ASCII_ZERO)
    return total % 11 == 0 and digits != "000000000"


def validate_bsn(value: str) -> str:
    """The BSN as 9 digits when it passes the eleven-test; InvalidPersonNumber otherwise."""
    # Exactly nine digits: a BSN written with 8 digits is not padded with a leading zero, because the log filter
    # (nine digits only) would then not recognise it as a BSN.
    compact = value if isinstance(value, str) and len(value) == 9 else BSN_SEPARATORS.sub("", str(value or ""))
    if not (len(compact) == 9 and compact.isascii() and compact.isdigit() and _eleven_test(compact)):
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
    keyed = _keyed_hash(domain, master_key if master_key is not None else settings.PSEUDONYM_KEY, b"bsn:").copy()
    keyed.update(compact.encode("ascii"))
    return keyed.hexdigest()


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
