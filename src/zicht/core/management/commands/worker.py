"""`zicht worker [--batch]`: run the background tasks (ingests, snapshot refreshes) from the database queue."""

from django.core.management.base import BaseCommand

from zicht.core.tasks import run_worker


class Command(BaseCommand):
    help = "Run queued background tasks until stopped (Ctrl+C or SIGTERM finishes the running task first)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="stop when the queue is empty")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at the queue")

    def handle(self, *args, batch: bool, interval: float, **options):
        run_worker(batch=batch, interval=interval, stdout=self.stdout, stderr=self.stderr)
