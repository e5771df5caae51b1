"""The registry behind `zicht import KIND FILE`: each app registers the kinds it can import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .tabular import ImportReport


@dataclass(frozen=True)
class Importer:
    kind: str
    help: str
    run: Callable[..., ImportReport]  # run(path: Path, *, progress=None, actor=None) -> ImportReport


IMPORTERS: dict[str, Importer] = {}


def register(kind: str, help: str) -> Callable:
    def decorator(func: Callable[..., ImportReport]) -> Callable[..., ImportReport]:
        IMPORTERS[kind] = Importer(kind=kind, help=help, run=func)
        return func

    return decorator


def run_import(kind: str, path: Path, **kwargs) -> ImportReport:
    return IMPORTERS[kind].run(path, **kwargs)
