"""Data loaded once per test module instead of once per test.

It loads inside a transaction that stays open for the module and is rolled back after its last test. Each test runs in
a savepoint within it (pytest-django's `db` nests its atomic block), so what a test writes is undone for the next
one, and nothing of the module's data outlives the module. On both engines: no copy of the database is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import transaction

T = TypeVar("T")


@contextmanager
def loaded_for_the_module(django_db_blocker, load: Callable[[], T]) -> Iterator[T]:
    """What `load` returns, with what it wrote, for the tests of a module (use in a module-scoped fixture)."""
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            loaded = load()
        except BaseException:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
            raise
    try:
        yield loaded
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
