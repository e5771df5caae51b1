"""`zicht demo`: load the demo data set (idempotent) and print the demo logins."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from zicht.demo.rules import is_production_settings
from zicht.demo.selectors import DemoLogin, demo_logins
from zicht.demo.services import load_demo

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
COLUMNS = ("username", "password", "role", "scope")


class Command(BaseCommand):
    help = (
        "Load the demo data set: municipalities, Deventer districts and neighbourhoods, addresses, organisations, "
        "one user per role, about 60 housing locations, the Rivierenland convenant, a year of reports in Deventer and two "
        "neighbourhood plans. Running it again changes nothing. "
        "Prints the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="load the demo data even under the production settings"
        )
        parser.add_argument("--quiet", action="store_true", help="print nothing")
        # The address printed is the one `zicht serve` will listen on: `make demo PORT=8001` passes it to both.
        parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port the site is served on (default 8000)")
        parser.add_argument("--host", default=DEFAULT_HOST, help="address the site is served on (default 127.0.0.1)")
        parser.add_argument(
            "--without-population",
            action="store_true",
            help="leave out the synthetic population of about 30,000 persons (loads in a moment instead of seconds)",
        )

    def handle(self, *args, force: bool, quiet: bool, without_population: bool, port: int, host: str, **options):
        if not force and is_production_settings(settings.SETTINGS_MODULE, os.environ.get("DJANGO_SETTINGS_MODULE")):
            raise CommandError(
                "These are the production settings: the demo users have a published password. "
                "Use --force if you really want the demo data here."
            )
        tally = load_demo(population=not without_population)
        if quiet:
            return
        if tally.changed:
            self.stdout.write(f"Demo data loaded: {tally.summary()}.")
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        if options["verbosity"] > 1:
            for line in tally.lines():
                self.stdout.write(f"  {line}")
        logins = demo_logins()
        url = served_url(host, port)
        if self.stdout.isatty():
            self._print_rich(Console(file=self.stdout._out, force_terminal=True), logins, url)
        else:
            self._print_plain(logins, url)

    def _print_rich(self, console: Console, logins: list[DemoLogin], url: str) -> None:
        table = Table(title="Demo logins", title_justify="left")
        for column in COLUMNS:
            # Usernames and the password are copied from here: never break them over two lines.
            table.add_column(column, style="bold" if column == "username" else None, no_wrap=column in COLUMNS[:2])
        for login in logins:
            if login.password is not None:
                table.add_row(login.username, login.password, login.role, login.scope)
        console.print(table)
        for login in logins:
            if login.password is None:
                console.print(_api_client_line(login), highlight=False)
        console.print(f"Open [link={url}]{url}[/link] and sign in with one of the usernames above.")

    def _print_plain(self, logins: list[DemoLogin], url: str) -> None:
        people = [login for login in logins if login.password is not None]
        cells = [COLUMNS] + [(login.username, login.password, login.role, login.scope) for login in people]
        widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
        self.stdout.write("Demo logins:")
        for row in cells:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        for login in logins:
            if login.password is None:
                self.stdout.write(_api_client_line(login))
        self.stdout.write(f"Open {url} and sign in with one of the usernames above.")


def served_url(host: str, port: int) -> str:
    """The address a browser opens for `zicht serve --host HOST --port PORT`."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _api_client_line(login: DemoLogin) -> str:
    return (
        f"API client {login.username} ({login.role}, {login.scope}) has no password; "
        f"make a token with `zicht token create {login.username}`."
    )
