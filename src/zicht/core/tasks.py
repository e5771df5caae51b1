"""Background work on django-tasks with its database backend: no broker to install, the queue is a table.

The one home for enqueueing after commit, the worker's identity and what a worker does when it starts. A worker
killed mid-task (a restart, an out-of-memory kill) leaves its task "running" for ever; at start a worker on the same
host fails such tasks and sends `worker_starting`, so each app can end its own interrupted work (ADR 0006).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable

from django.core.management import call_command
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

# Sent (sender=None) by a starting worker after it failed the tasks of dead workers on this host.
worker_starting = Signal()

INTERRUPTED = "interrupted"


def enqueue_on_commit(task, *args, on_enqueued: Callable | None = None, **kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` once the current transaction commits (at once outside one)."""

    def enqueue() -> None:
        result = task.enqueue(*args, **kwargs)
        if on_enqueued is not None:
            on_enqueued(result)

    transaction.on_commit(enqueue)


def runner_id() -> str:
    """This process as `host:pid`: stored beside running work so a later start can tell whether it still runs."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def runner_alive(runner: str) -> bool | None:
    """Whether the process `host:pid[:…]` runs; None when it ran on another host (only that host can tell)."""
    host, _, rest = runner.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != socket.gethostname()[:40] or not pid_text.isdigit():
        return None
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def new_worker_id() -> str:
    """A worker id that names its process (`host:pid:random`), unique across the pool and under 64 characters."""
    return f"{runner_id()}:{get_random_string(8)}"


def fail_abandoned_results() -> int:
    """Mark failed the tasks left running by dead workers of this host; their number."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    failed = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        last = result.worker_ids[-1] if result.worker_ids else ""
        if runner_alive(last) is False:
            result.status = TaskResultStatus.FAILED
            result.finished_at = timezone.now()
            result.exception_class_path = INTERRUPTED
            result.traceback = f"The worker {last} stopped while the task ran."
            result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            failed += 1
    return failed


def prepare_worker() -> None:
    """What a worker does before its first task: fail dead workers' tasks, then let the apps clean up theirs."""
    try:
        failed = fail_abandoned_results()
    except Exception:  # e.g. the tasks table is not migrated yet: the worker's own query will say so
        logger.exception("Could not check for tasks of stopped workers")
        failed = 0
    if failed:
        logger.warning("Marked %s task(s) of stopped workers as failed", failed)
    worker_starting.send(sender=None)


def run_worker(*, batch: bool = False, interval: float = 1.0, stdout=None, stderr=None) -> None:
    """Run the database worker in this process (`batch`: until the queue is empty)."""
    prepare_worker()
    call_command(
        "db_worker",
        batch=batch,
        interval=interval,
        worker_id=new_worker_id(),
        startup_delay=not batch,
        reload=False,
        stdout=stdout,
        stderr=stderr,
    )
