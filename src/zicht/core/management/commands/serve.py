"""`zicht serve [--port N]`: serve Zicht on 127.0.0.1 (development server, static files included) with one
background worker beside it, so the demo stays one command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

STOP_WAIT_SECONDS = 10


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    # Linux: the worker gets SIGTERM when `serve` dies, even by SIGKILL, so no worker is left behind.
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_worker() -> subprocess.Popen:
    """Start `zicht worker` as a child process with this process's settings."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    return subprocess.Popen([sys.executable, "-m", "zicht.cli", "worker"], env=env, preexec_fn=preexec)


def stop_worker(worker: subprocess.Popen) -> None:
    """Ask the worker to stop (it finishes its running task), and kill it when it does not in time."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=STOP_WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(0)  # unwinds through `finally`, which stops the worker


class Command(BaseCommand):
    help = "Serve Zicht at http://127.0.0.1:PORT (default 8000) with a background worker, after pending migrations."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--no-worker", action="store_true", help="do not start a background worker")

    def handle(self, *args, port: int, host: str, no_worker: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        worker = None if no_worker else start_worker()
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            self.stdout.write(f"Zicht: http://{host}:{port}/  (stop with Ctrl+C)")
            if worker is not None:
                self.stdout.write(f"Background worker: process {worker.pid}")
            call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=False)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None:
                stop_worker(worker)
