"""`zicht import occupancy FILE` and `zicht import brp FILE`: counts on success, every error on failure."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from zicht.occupancy.choices import UploadChannel, UploadStatus
from zicht.occupancy.ingest import runner as ingest_runner
from zicht.occupancy.models import ResidenceEpisode, Upload

from ..occupancy.ingest_support import (
    BRP_HEADER,
    OCCUPANCY_HEADER,
    bsns,
    places_fixture,  # noqa: F401  (the `places` fixture)
    write_csv,
)

BSN = bsns(3)


@pytest.fixture(autouse=True)
def no_refresh(monkeypatch):
    monkeypatch.setattr(ingest_runner, "_refresh_indicators", lambda ids: None)


def run(kind: str, path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", kind, str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_occupancy_twice(tmp_path, places):
    rows = [f"{BSN[0]},D-1,2025-01-01,,GM0150,,", f"{BSN[1]},Z-1,2025-01-01,2025-03-01,,,"]
    path = write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, rows)
    out, _err = run("occupancy", path)
    assert "2 created, 0 updated, 0 unchanged" in out
    assert ResidenceEpisode.objects.count() == 2
    out, _err = run("occupancy", path)
    assert "0 created, 0 updated, 2 unchanged" in out
    assert set(Upload.objects.values_list("channel", "status")) == {(UploadChannel.CLI, UploadStatus.DONE)}


def test_import_brp(tmp_path, places):
    path = write_csv(tmp_path / "brp.csv", BRP_HEADER, [f"{BSN[0]},rni,,,,2025-01-01,"])
    out, _err = run("brp", path)
    assert "1 created" in out


def test_rejected_import_lists_every_error_without_the_bsn(tmp_path, places):
    rows = [f"{BSN[0]},D-1,2025-01-01,,,,", "123456789,D-1,2025-01-01,,,,", f"{BSN[2]},NOPE,2025-01-01,,,,"]
    path = write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, rows)
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 error"):
        call_command("import", "occupancy", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert any("row 3" in line and "'bsn'" in line for line in lines)
    assert any("row 4" in line and "'location_ref'" in line and "NOPE" in line for line in lines)
    assert "123456789" not in err.getvalue()
    assert not ResidenceEpisode.objects.exists()
    assert Upload.objects.get().status == UploadStatus.REJECTED


def test_file_level_error(tmp_path, places):
    path = tmp_path / "leeg.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "occupancy", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_rejected_import_writes_the_error_file_without_the_bsn(tmp_path, places):
    rows = [f"{BSN[0]},D-1,2025-01-01,,,,", "123456789,D-1,2025-01-01,,,,", f"{BSN[2]},NOPE,2025-01-01,,,,"]
    path = write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, rows)
    errors = tmp_path / "fouten.csv"
    with pytest.raises(CommandError, match="2 error"):
        call_command(
            "import", "occupancy", str(path), "--errors", str(errors), stdout=io.StringIO(), stderr=io.StringIO()
        )
    text = errors.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Rij,Kolom,Reden"
    assert [line.split(",")[:2] for line in text.splitlines()[1:]] == [["3", "bsn"], ["4", "location_ref"]]
    assert "123456789" not in text
