"""`zicht import KIND FILE`: all-or-nothing import; every bad row is reported with its field and reason."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from zicht.core.error_files import error_csv
from zicht.core.importing import IMPORTERS, run_import
from zicht.core.tabular import ImportRejected, UnreadableFile


class Command(BaseCommand):
    help = "Import a file. Nothing is written when any row is wrong; every wrong row is reported."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for importer in sorted(IMPORTERS.values(), key=lambda i: i.kind):
            sub = subparsers.add_parser(importer.kind, help=importer.help, description=importer.help)
            sub.add_argument("file", metavar="FILE", help="CSV or XLSX file")
            sub.add_argument(
                "--errors", metavar="CSV", help="when the file is rejected, write its errors to this CSV file too"
            )

    def handle(self, *args, kind: str, file: str, errors: str | None = None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        console = Console(file=self.stderr._out, stderr=True, soft_wrap=True)
        progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        try:
            with progress:
                task = progress.add_task(f"{kind} ← {path.name}", total=None)

                def advance(done: int, total: int | None = None) -> None:
                    progress.update(task, completed=done, total=total)

                report = run_import(kind, path, progress=advance)
        except UnreadableFile as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except ImportRejected as exc:
            for error in exc.report.errors:
                self.stderr.write(f"{path}: {error}")
            if errors:
                # utf-8-sig: Excel reads the file as UTF-8 only with a byte order mark.
                Path(errors).write_text(error_csv(exc.report.errors), encoding="utf-8-sig", newline="")
            raise CommandError(f"{path}: {len(exc.report.errors)} error(s); nothing was imported.") from exc
        self.stdout.write(f"{path}: {report.created} created, {report.updated} updated, {report.unchanged} unchanged.")
