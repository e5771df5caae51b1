"""A local stand-in for the Haal Centraal BRP bevragen and BRP bewoning APIs, serving the specifications' examples.

One ThreadingHTTPServer on 127.0.0.1 (a free port) answers POST {prefix}/brp/personen and
POST {prefix}/bewoning/bewoningen like the specifications say: it checks the API key, the content type and the
body (type, required and unknown parameters, patterns, dates) and answers problem+json on bad input. An object
the fixtures do not know gets an empty list, as in the specifications' scenarios. `mode` switches to
"unavailable" (503), "slow" (answers after `delay` seconds), "garbage" (200 with a body that is not JSON) or
"redirect" (307 elsewhere).
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
PREFIX = "/haalcentraal/api"
BEVRAGEN_PATH = f"{PREFIX}/brp/personen"
BEWONING_PATH = f"{PREFIX}/bewoning/bewoningen"
API_KEY = "test-api-key-not-a-secret"

OBJECT_ID_PERSONEN = re.compile(r"^[0-9]{16}$")
OBJECT_ID_BEWONING = re.compile(r"^(?!0{16})[0-9]{16}$")
FIELD = re.compile(r"^[a-zA-Z0-9\._]{1,200}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AUTOMATIC_FIELDS = {"geheimhoudingPersoonsgegevens", "inOnderzoek", "opschortingBijhouding", "rni", "verificatie"}
KNOWN_FIELDS = {"burgerservicenummer", "naam", "geboorte", "leeftijd", "geslacht", "adressering"}
BEVRAGEN_PARAMS = {
    "type",
    "fields",
    "adresseerbaarObjectIdentificatie",
    "gemeenteVanInschrijving",
    "inclusiefOverledenPersonen",
}
BEWONING_PARAMS = {
    "BewoningMetPeildatum": ("peildatum", "adresseerbaarObjectIdentificatie"),
    "BewoningMetPeriode": ("datumVan", "datumTot", "adresseerbaarObjectIdentificatie"),
}


def load_fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class Invalid(Exception):
    def __init__(self, params: list[tuple[str, str, str]]):
        self.params = params


def _bad_request(path: str, params: list[tuple[str, str, str]]) -> dict:
    problem = dict(load_fixture("problems.json")["400"])
    problem["detail"] = "De foutieve parameter(s) zijn: " + ", ".join(name for _, name, _ in params) + "."
    problem["instance"] = path
    problem["invalidParams"] = [{"code": code, "name": name, "reason": reason} for code, name, reason in params]
    return problem


def _date(body: dict, name: str, errors: list) -> datetime.date | None:
    value = body.get(name)
    if value in (None, ""):
        errors.append(("required", name, "Parameter is verplicht."))
        return None
    try:
        if not ISO_DATE.match(str(value)):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(("date", name, "Waarde is geen geldige datum."))
        return None


def _object_id(body: dict, pattern: re.Pattern, errors: list) -> str | None:
    value = body.get("adresseerbaarObjectIdentificatie")
    name = "adresseerbaarObjectIdentificatie"
    if value in (None, ""):
        errors.append(("required", name, "Parameter is verplicht."))
    elif not pattern.match(str(value)):
        errors.append(("pattern", name, f"Waarde voldoet niet aan patroon {pattern.pattern}."))
    else:
        return value
    return None


def _select(person: dict, fields: list[str]) -> dict:
    """The person with only the asked fields (dotted paths) and the automatically delivered ones."""
    out = {key: value for key, value in person.items() if key in AUTOMATIC_FIELDS}
    for path in fields:
        head, _, rest = path.partition(".")
        if head not in person:
            continue
        if not rest:
            out[head] = copy.deepcopy(person[head])
        elif isinstance(person[head], dict) and rest in person[head]:
            out.setdefault(head, {})[rest] = copy.deepcopy(person[head][rest])
    return out


def personen(body: dict) -> dict:
    errors: list[tuple[str, str, str]] = []
    if body.get("type") != "ZoekMetAdresseerbaarObjectIdentificatie":
        raise Invalid([("value", "type", "Waarde wordt niet ondersteund door deze testserver.")])
    errors += [("unknownParam", key, "Parameter is niet verwacht.") for key in body if key not in BEVRAGEN_PARAMS]
    object_id = _object_id(body, OBJECT_ID_PERSONEN, errors)
    fields = body.get("fields")
    if not isinstance(fields, list) or not fields:
        errors.append(("required", "fields", "Parameter is verplicht."))
    else:
        for index, path in enumerate(fields):
            head = str(path).split(".")[0]
            if not FIELD.match(str(path)) or head not in KNOWN_FIELDS:
                errors.append(("field", f"fields[{index}]", "Parameter bevat een niet bestaande veldnaam."))
    if errors:
        raise Invalid(errors)
    people = load_fixture("bevragen_personen.json").get(object_id, [])
    return {"type": body["type"], "personen": [_select(person, fields) for person in people]}


def bewoningen(body: dict) -> dict:
    kind = body.get("type")
    if kind not in BEWONING_PARAMS:
        raise Invalid([("required" if not kind else "value", "type", "Parameter is verplicht.")])
    errors: list[tuple[str, str, str]] = []
    allowed = {"type", *BEWONING_PARAMS[kind]}
    object_id = _object_id(body, OBJECT_ID_BEWONING, errors)
    if kind == "BewoningMetPeildatum":
        start = _date(body, "peildatum", errors)
        end = start + datetime.timedelta(days=1) if start else None
    else:
        start, end = _date(body, "datumVan", errors), _date(body, "datumTot", errors)
        if start and end and end <= start:
            errors.append(("date", "datumTot", "Waarde ligt niet na datumVan."))
    errors += [("unknownParam", key, "Parameter is niet verwacht.") for key in body if key not in allowed]
    if errors:
        raise Invalid(errors)
    answer = []
    for item in load_fixture("bewoning_bewoningen.json").get(object_id, []):
        item_start = datetime.date.fromisoformat(item["periode"]["datumVan"])
        item_end = item["periode"]["datumTot"]
        item_end = datetime.date.fromisoformat(item_end) if item_end else datetime.date.max
        lo, hi = max(start, item_start), min(end, item_end)
        if lo < hi:  # the composition overlaps the asked period: clipped to it
            answer.append(
                {
                    "adresseerbaarObjectIdentificatie": object_id,
                    "periode": {"datumVan": lo.isoformat(), "datumTot": hi.isoformat()},
                    "bewoners": item["bewoners"],
                    "mogelijkeBewoners": item["mogelijkeBewoners"],
                }
            )
    return {"bewoningen": answer}


ROUTES = {BEVRAGEN_PATH: personen, BEWONING_PATH: bewoningen}


class _Handler(BaseHTTPRequestHandler):
    server: FakeBrpServer

    def log_message(self, format, *args):  # keep test output quiet; nothing here goes to logging
        pass

    def _send(self, status: int, payload, content_type: str = "application/problem+json") -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _problem(self, status: int, **extra) -> None:
        self._send(status, {**load_fixture("problems.json")[str(status)], "instance": self.path, **extra})

    def do_GET(self):
        self._record(None)
        self._problem(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            body = None
        self._record(body)
        mode = self.server.mode
        if mode == "slow":
            time.sleep(self.server.delay)
        if mode == "unavailable":
            return self._problem(503)
        if mode == "redirect":  # a client must not follow: it would carry the API key elsewhere
            self.send_response(307)
            self.send_header("Location", f"{PREFIX}/elders")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if self.headers.get(self.server.key_header) != self.server.api_key:
            return self._problem(401)
        route = ROUTES.get(self.path)
        if route is None:
            return self._problem(404)
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return self._problem(415)
        if mode == "garbage":
            return self._send(200, b"<html>maintenance</html>", "text/html")
        if not isinstance(body, dict):
            return self._send(400, _bad_request(self.path, [("json", "body", "Geen geldig JSON object.")]))
        try:
            answer = route(body)
        except Invalid as invalid:
            return self._send(400, _bad_request(self.path, invalid.params))
        return self._send(200, answer, "application/json; charset=utf-8")

    def _record(self, body) -> None:
        with self.server.lock:
            self.server.requests.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body,
                }
            )


class FakeBrpServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, api_key: str = API_KEY):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api_key = api_key
        self.key_header = "X-API-KEY"
        self.mode = "ok"
        self.delay = 1.0
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def handle_error(self, request, client_address):
        # A client that timed out has hung up before the "slow" answer: that is the point of the test.
        if isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError):
            return
        super().handle_error(request, client_address)

    @property
    def root(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{PREFIX}"

    @property
    def bevragen_url(self) -> str:
        return f"{self.root}/brp"

    @property
    def bewoning_url(self) -> str:
        return f"{self.root}/bewoning"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
