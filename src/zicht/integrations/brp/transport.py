"""One JSON POST to a Haal Centraal API with urllib: API key header, no redirects, bounded answer, mapped errors.

Both APIs read person data with POST so that no identifying value lands in a URL or a server log.
"""

from __future__ import annotations

import json
import logging
import ssl
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from .errors import BrpError, BrpUnavailable

logger = logging.getLogger("zicht.integrations.brp")

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
API_KEY_HEADER = "X-API-KEY"
MAX_ANSWER_BYTES = 5 * 1024 * 1024  # a bewoning holds at most 100 (+100 possible) occupants; far below this


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would send the API key (and a POST re-issued as GET) to wherever the Location points.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def validate_base_url(base_url: str) -> str:
    """The base URL without a trailing slash; ValueError unless it is an absolute http(s) URL."""
    parts = urlsplit(base_url or "")
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError("a BRP base URL must be an absolute http(s) URL")
    return base_url.rstrip("/")


class JsonPoster:
    """Posts JSON to `base_url` + path and returns the decoded JSON object of a 2xx answer."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        timeout: float,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if not api_key:
            raise ValueError("a BRP API key is required")
        self.base_url = validate_base_url(base_url)
        self._api_key = api_key
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = [_NoRedirects()]
        if ssl_context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=ssl_context))
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:  # never show the key
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def post(self, path: str, body: dict) -> dict:
        url = self.base_url + path
        request = urllib.request.Request(  # noqa: S310  (scheme checked in validate_base_url)
            url,
            data=json.dumps(body).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": JSON_CONTENT_TYPE,
                "Accept": "application/json",
                API_KEY_HEADER: self._api_key,
            },
        )
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status = response.status
                raw = response.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as exc:
            status = exc.code
            raw = exc.read(MAX_ANSWER_BYTES + 1) if exc.fp is not None else b""
            self._log(path, status, started)
            raise _problem(status, raw) from None
        except TimeoutError as exc:
            self._log(path, "timeout", started)
            raise BrpUnavailable(None, "Time-out", f"no answer within {self.timeout:g} s") from exc
        except urllib.error.URLError as exc:
            self._log(path, "no connection", started)
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise BrpUnavailable(None, "Time-out", f"no answer within {self.timeout:g} s") from exc
            raise BrpUnavailable(None, "Geen verbinding", type(reason).__name__) from exc
        except OSError as exc:
            self._log(path, "no connection", started)
            raise BrpUnavailable(None, "Geen verbinding", type(exc).__name__) from exc
        self._log(path, status, started)
        if len(raw) > MAX_ANSWER_BYTES:
            raise BrpError(status, "Antwoord te groot", f"more than {MAX_ANSWER_BYTES} bytes")
        data = _decode(raw)
        if not isinstance(data, dict):
            raise BrpError(status, "Onverwacht antwoord", "the answer is not a JSON object")
        return data

    def _log(self, path: str, outcome, started: float) -> None:
        # Path and outcome only: the body (which holds the object id and, in answers, BSNs) is never logged.
        elapsed_ms = (time.monotonic() - started) * 1000
        logger.info("BRP POST %s%s -> %s in %.0f ms", urlsplit(self.base_url).path, path, outcome, elapsed_ms)


def _decode(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _problem(status: int, raw: bytes) -> BrpError:
    """The problem+json of an error answer as a BrpError (BrpUnavailable for 429 and 5xx)."""
    data = _decode(raw)
    kind = BrpUnavailable if status == 429 or status >= 500 else BrpError
    if not isinstance(data, dict):
        return kind(status, "Fout van de BRP", "the error answer is not problem+json")
    names = []
    for param in data.get("invalidParams") or []:
        if isinstance(param, dict) and param.get("name"):
            names.append(str(param["name"]))
    return kind(
        status,
        str(data.get("title") or "Fout van de BRP"),
        str(data.get("detail") or ""),
        code=str(data.get("code") or ""),
        invalid_params=tuple(names),
    )
