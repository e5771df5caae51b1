"""`zicht serve [--port N]`: serve Zicht on 127.0.0.1 (development server, static files included)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Zicht at http://127.0.0.1:PORT (default 8000) after applying pending migrations."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")

    def handle(self, *args, port: int, host: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Zicht: http://{host}:{port}/  (stop with Ctrl+C)")
        call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=False)
