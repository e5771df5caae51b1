"""One limit on public reports per client, shared by the web form and the API (a flood from one client stops), and one
on following a report by its tracking code, shared the same way (nobody tries codes faster through the page).

The client is known only by a keyed hash of its address, kept in the cache for the length of the window and never
written to the database: an anonymous reporter leaves no address behind.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac
from rest_framework.throttling import AnonRateThrottle, BaseThrottle

DEFAULT_RATE = "10/hour"
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
CACHE_PREFIX = "reports:public-rate:"


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/hour' → (10, 3600); the same notation as DRF's rates."""
    count, _, period = (rate or "").partition("/")
    try:
        return int(count), PERIODS[period.strip()[0].lower()]
    except (ValueError, KeyError, IndexError):
        raise ImproperlyConfigured(f"REPORTS_PUBLIC_RATE {rate!r} is not like '10/hour'") from None


def client_address(request) -> str:
    """REMOTE_ADDR, or behind a trusted proxy the hop that proxy added last (earlier hops can be made up)."""
    if getattr(settings, "BEHIND_PROXY", False):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def _cache_key(request) -> str:
    digest = salted_hmac("zicht.reports.throttling", client_address(request), algorithm="sha256").hexdigest()
    return CACHE_PREFIX + digest


def count_public_report(request, now: float | None = None) -> int | None:
    """Count one public report attempt of this client: None when within the limit, else seconds to wait."""
    allowed, window = parse_rate(getattr(settings, "REPORTS_PUBLIC_RATE", DEFAULT_RATE))
    now = time.time() if now is None else now
    key = _cache_key(request)
    recent = [moment for moment in cache.get(key, []) if moment > now - window]
    if len(recent) >= allowed:
        return max(1, math.ceil(recent[0] + window - now))
    recent.append(now)
    cache.set(key, recent, window)
    return None


class PublicReportThrottle(BaseThrottle):
    """The public report limit for the API; DRF answers 429 with Retry-After."""

    def allow_request(self, request, view) -> bool:
        self._wait = count_public_report(request)
        return self._wait is None

    def wait(self) -> int | None:
        return getattr(self, "_wait", None)


class TrackingThrottle(AnonRateThrottle):
    """The limit on looking a report up by its tracking code: the API's anonymous rate (`ZICHT_ANON_RATE`) and its
    counter, for the API's status endpoint and the tracking page alike.

    Everyone counts, signed in or not: the API endpoint takes no credentials, and a code is a secret worth guessing.
    """

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def count_tracking_lookup(request) -> int | None:
    """Count one lookup by tracking code from the page: None when within the limit, else seconds to wait."""
    throttle = TrackingThrottle()
    if throttle.allow_request(request, None):
        return None
    return max(1, math.ceil(throttle.wait() or 1))
