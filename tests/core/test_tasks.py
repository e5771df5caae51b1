"""Background tasks: the database worker runs a queued ingest, a starting worker ends what a killed one left
behind, and `zicht serve` runs one worker beside the web server."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.occupancy.ingest_support import OCCUPANCY_HEADER, bsns
from tests.occupancy.ingest_support import places_fixture as places_fixture  # the `places` fixture
from zicht.core import tasks
from zicht.occupancy.choices import UploadChannel, UploadStatus
from zicht.occupancy.ingest.submit import submit_upload
from zicht.occupancy.models import ResidenceEpisode, Upload, UploadChunk

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BSN = bsns(2)


def csv_upload(rows: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("lijst.csv", ("\n".join([OCCUPANCY_HEADER, *rows]) + "\n").encode())


def run_worker_in_batch() -> str:
    """`zicht worker --batch` in this process, leaving the test process's signal handlers as they were."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out = io.StringIO()
    try:
        call_command("worker", "--batch", "--interval", "0", stdout=out, stderr=out)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    return out.getvalue()


def dead_runner() -> str:
    """The `host:pid` of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return f"{tasks.runner_id().split(':')[0]}:{process.pid}"


@pytest.mark.django_db(transaction=True)
def test_database_worker_runs_the_queued_ingest_and_refresh(officer_a, places, settings):
    settings.TASKS = DATABASE_TASKS
    upload = submit_upload(
        kind="occupancy",
        delivered=csv_upload([f"{BSN[0]},D-1,2025-01-01,,GM0150,,"]),
        channel=UploadChannel.WEB,
        user=officer_a,
    )
    upload.refresh_from_db()
    assert upload.status == UploadStatus.QUEUED and upload.task_id
    assert DBTaskResult.objects.get(id=upload.task_id).status == TaskResultStatus.READY
    run_worker_in_batch()
    upload.refresh_from_db()
    assert (upload.status, upload.created, upload.uploaded_by) == (UploadStatus.DONE, 1, officer_a)
    assert ResidenceEpisode.objects.count() == 1 and not UploadChunk.objects.exists()
    # The ingest queued the snapshot refresh on its commit; the same batch ran it.
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == {"zicht.occupancy.tasks.ingest_upload", "zicht.occupancy.tasks.refresh_indicators"}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}


@pytest.mark.django_db(transaction=True)
def test_a_starting_worker_fails_interrupted_uploads_and_they_can_be_sent_again(officer_a, places, settings):
    settings.TASKS = DATABASE_TASKS
    delivered = [f"{BSN[1]},D-1,2025-01-01,,GM0150,,"]
    # Killed mid-ingest: the upload is running in a process that is gone.
    running = submit_upload(kind="occupancy", delivered=csv_upload(delivered), channel="web", user=officer_a)
    Upload.objects.filter(pk=running.pk).update(status=UploadStatus.RUNNING, runner=dead_runner())
    DBTaskResult.objects.filter(id=Upload.objects.get(pk=running.pk).task_id).update(
        status=TaskResultStatus.RUNNING, worker_ids=[f"{dead_runner()}:abcdefgh"]
    )
    # Claimed by a worker that was killed before the ingest marked the upload running.
    claimed = submit_upload(kind="occupancy", delivered=csv_upload(delivered), channel="web", user=officer_a)
    DBTaskResult.objects.filter(id=Upload.objects.get(pk=claimed.pk).task_id).update(
        status=TaskResultStatus.RUNNING, worker_ids=[f"{dead_runner()}:abcdefgh"]
    )
    leftover = Path(tempfile.gettempdir()) / "zicht-upload-test-leftover.csv"
    leftover.write_text("bsn\n")
    tasks.prepare_worker()
    for pk in (running.pk, claimed.pk):
        upload = Upload.objects.get(pk=pk)
        assert (upload.status, upload.failure) == (UploadStatus.FAILED, "interrupted")
        assert "onderbroken" in upload.errors[0]["reason"] and upload.finished_at
    assert not UploadChunk.objects.exists() and not leftover.exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.FAILED}
    # Sent again, the same file goes through.
    again = submit_upload(kind="occupancy", delivered=csv_upload(delivered), channel="web", user=officer_a)
    run_worker_in_batch()
    assert Upload.objects.get(pk=again.pk).status == UploadStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_a_starting_worker_leaves_live_work_alone(officer_a, places, settings):
    settings.TASKS = DATABASE_TASKS
    delivered = csv_upload([f"{BSN[0]},D-1,2025-01-01,,GM0150,,"])
    queued = submit_upload(kind="occupancy", delivered=delivered, channel="web", user=officer_a)
    live = Upload.objects.create(kind="occupancy", channel="cli", filename="x.csv", sha256="", runner=tasks.runner_id())
    elsewhere = Upload.objects.create(kind="occupancy", channel="cli", filename="y.csv", sha256="", runner="other:1")
    tasks.prepare_worker()
    statuses = dict(Upload.objects.values_list("pk", "status"))
    assert statuses == {queued.pk: "queued", live.pk: "running", elsewhere.pk: "running"}


def test_runner_alive():
    assert tasks.runner_alive(tasks.runner_id()) is True
    assert tasks.runner_alive(dead_runner()) is False
    assert tasks.runner_alive("another-host:1") is None


class FakeWorker:
    pid = 4242

    def __init__(self):
        self.stopped = False

    def poll(self):
        return 0 if self.stopped else None

    def terminate(self):
        self.stopped = True

    def wait(self, timeout=None):
        return 0


def test_serve_starts_one_worker_and_stops_it_on_exit(monkeypatch):
    from zicht.core.management.commands import serve

    started, commands = [], []

    def fake_popen(args, **kwargs):
        started.append((args, kwargs["env"]["DJANGO_SETTINGS_MODULE"]))
        started.append(FakeWorker())
        return started[-1]

    def fake_call_command(name, *args, **kwargs):
        commands.append((name, args))
        if name == "runserver":
            assert not started[-1].stopped  # the worker runs while the site is served
            raise KeyboardInterrupt  # Ctrl+C

    monkeypatch.setattr(serve.subprocess, "Popen", fake_popen)
    monkeypatch.setattr(serve, "call_command", fake_call_command)
    out = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        call_command("serve", "--port", "8123", stdout=out)
    (args, settings_module), worker = started
    assert args[-3:] == ["-m", "zicht.cli", "worker"] and settings_module == "zicht.settings.test"
    assert worker.stopped and [name for name, _ in commands] == ["migrate", "runserver"]
    assert commands[1][1] == ("127.0.0.1:8123",)
    assert "http://127.0.0.1:8123/" in out.getvalue()


def test_stop_worker_ends_a_real_process():
    from zicht.core.management.commands.serve import stop_worker

    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    stop_worker(process)
    assert process.poll() is not None


def test_demo_prints_the_address_served(monkeypatch):
    from zicht.demo.management.commands import demo

    class Tally:
        changed = False

    monkeypatch.setattr(demo, "load_demo", lambda population: Tally())
    monkeypatch.setattr(demo, "demo_logins", list)
    out = io.StringIO()
    call_command("demo", "--port", "8123", stdout=out)
    assert "Open http://127.0.0.1:8123/ and sign in" in out.getvalue()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "http://127.0.0.1:8000/" in out.getvalue()
