"""End to end on one machine: extract → normalize → publish → commit, crashes, bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from plantset.core.errors import PlantsetError, StageError
from plantset.core.state import DatasetLock, Layout
from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def plant(make_plant):
    return make_plant(results=250, defects=5)


def published_rows(out: Path, table: str, column: str) -> list:
    version = Layout(out, "tiny").latest()
    manifest = json.loads((out / "tiny" / version / "manifest.json").read_text())
    values = []
    for entry in manifest["tables"][table]["files"]:
        values += pq.read_table(out / "tiny" / version / entry["path"]).column(column).to_pylist()
    return values


def data_files(version_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(version_dir).as_posix(): p.read_bytes()
            for p in sorted(version_dir.rglob("*.parquet"))}


def test_build_publishes_a_complete_version(plant, tmp_path):
    out = tmp_path / "out"
    result = build(load_spec(plant.spec()), out)
    assert result.version == "v0001" and result.tables == {"defect": 5, "production_result": 250}
    version = out / "tiny" / "v0001"
    manifest = json.loads((version / "manifest.json").read_text())
    for entry in manifest["tables"]["production_result"]["files"]:
        assert entry["path"].startswith("production_result/date=2026-03-")
        assert len(entry["sha256"]) == 64 and (version / entry["path"]).stat().st_size == entry["bytes"]
    assert manifest["sources"]["mes.results"]["read"] == "incremental"
    assert "2026-03-02T08:59" not in (version / "manifest.json").read_text()  # the real watermark stays private
    state = json.loads((out / ".plantset" / "tiny" / "state.json").read_text())
    assert "2026-03-02T08:59:00" in json.dumps(state)
    assert manifest["spec_sha256"] and manifest["tools"]["pyarrow"]
    assert "Tiny plant" in (version / "README.md").read_text()
    table = pq.read_table(version / manifest["tables"]["production_result"]["files"][0]["path"])
    assert table.schema.field("cycle_time").metadata[b"unit"] == b"s"
    assert table.column("cycle_time").to_pylist()[0] == pytest.approx(1.5)
    assert published_rows(out, "defect", "quantity")[:2] == [1000.0, 1001.0]
    assert not list((out / "tiny").glob(".tmp-*"))


def test_nothing_new_publishes_nothing_and_new_rows_make_a_full_next_version(plant, tmp_path):
    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    again = build(load_spec(plant.spec()), out)
    assert again.version == "v0001" and again.tables == {}
    plant.add_results(30, day=3)
    plant.add_export(3, 4)
    third = build(load_spec(plant.spec()), out)
    assert third.version == "v0002"
    assert [e.rows for e in third.extracts] == [30, 4]
    ids = published_rows(out, "production_result", "result_id")
    assert sorted(ids) == sorted(str(i) for i in range(1, 281))
    assert len(published_rows(out, "defect", "defect_id")) == 9


def test_same_spec_and_inputs_give_byte_identical_data_files(plant, tmp_path):
    first = build(load_spec(plant.spec()), tmp_path / "a")
    second = build(load_spec(plant.spec()), tmp_path / "b")
    assert data_files(first.path) == data_files(second.path)
    assert len(data_files(first.path)) >= 2


class Crash(Exception):
    pass


def crash_at(point: str):
    def fault(name: str) -> None:
        if name == point:
            raise Crash(point)
    return fault


@pytest.mark.parametrize("point", ["extracted", "normalized", "written", "published"])
def test_a_crash_at_any_point_loses_and_duplicates_nothing(plant, tmp_path, point):
    out = tmp_path / "out"
    spec = plant.spec(dedup=False)  # duplicates would survive into the output, so the test can see them
    build(load_spec(spec), out)
    plant.add_results(40, day=4)
    plant.add_results(5, day=2, hour=8, minute=55)  # late commits inside the 10m lag, one on the old watermark
    with pytest.raises(Crash):
        build(load_spec(spec), out, fault=crash_at(point))
    expected_version = "v0002" if point == "published" else "v0001"
    assert Layout(out, "tiny").latest() == expected_version
    build(load_spec(spec), out)
    ids = published_rows(out, "production_result", "result_id")
    assert sorted(ids) == sorted(str(i) for i in range(1, 296))
    assert Layout(out, "tiny").versions() == ["v0001", "v0002"]


def test_a_real_process_crash_between_publish_and_state_commit(plant, tmp_path):
    out = tmp_path / "out"
    spec = plant.spec(dedup=False)
    env = {**os.environ, "PLANTSET_FAULT": "published"}
    command = [sys.executable, "-m", "plantset.cli", "build", str(spec), "--out", str(out)]
    crashed = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    assert crashed.returncode == 70
    assert not (out / ".plantset" / "tiny" / "state.json").exists()
    plant.add_results(10, day=5)
    finished = subprocess.run(command[:-2] + ["--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert finished.returncode == 0, finished.stderr
    assert sorted(published_rows(out, "production_result", "result_id")) == sorted(str(i) for i in range(1, 261))


def _state_bytes(out: Path) -> bytes | None:
    path = out / ".plantset" / "tiny" / "state.json"
    return path.read_bytes() if path.exists() else None


def test_bad_value_publishes_nothing_and_keeps_state(plant, tmp_path):
    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    before = _state_bytes(out)
    with sqlite3.connect(plant.db) as conn:
        conn.execute('INSERT INTO "TB_RESULT" VALUES (9999, \'WO-1\', \'a lot\', 1.0, \'2026-03-09 08:00:00\')')
    with pytest.raises(StageError) as caught:
        build(load_spec(plant.spec()), out)
    assert caught.value.column == "GOOD_QTY" and "shaped 'a aaa'" in str(caught.value)
    assert Layout(out, "tiny").versions() == ["v0001"] and _state_bytes(out) == before


def test_unreachable_database_publishes_nothing(plant, tmp_path):
    out = tmp_path / "out"
    spec = plant.spec(url="postgresql+psycopg://reader@127.0.0.1:1/mes")
    with pytest.raises(StageError) as caught:
        build(load_spec(spec), out)
    assert "cannot connect to postgresql+psycopg://reader@127.0.0.1:1/mes" in str(caught.value)
    assert caught.value.source == "mes" and "\n" not in str(caught.value)
    assert Layout(out, "tiny").versions() == [] and _state_bytes(out) is None


def test_missing_secret_is_named(plant, tmp_path):
    data = yaml.safe_load(plant.spec().read_text(encoding="utf-8"))
    data["sources"][0]["url"] = "postgresql+psycopg://reader@127.0.0.1/mes"
    data["sources"][0]["password"] = {"env": "PLANTSET_TEST_MISSING_SECRET"}
    spec = plant.folder / "secret.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    before = _state_bytes(out)
    with pytest.raises(StageError, match="PLANTSET_TEST_MISSING_SECRET is not set"):
        build(load_spec(spec), out)
    assert Layout(out, "tiny").versions() == ["v0001"] and _state_bytes(out) == before


def test_unknown_encoding_is_named_and_nothing_published(plant, tmp_path):
    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    before = _state_bytes(out)
    plant.add_results(5, day=3)
    (plant.exports / "defect_20260303.csv").write_bytes("불량번호\r\n".encode("utf-16-le"))
    with pytest.raises(PlantsetError, match=r"defect_20260303.csv: text is not UTF-8, CP949 or EUC-KR"):
        build(load_spec(plant.spec()), out)
    assert Layout(out, "tiny").versions() == ["v0001"] and _state_bytes(out) == before


def test_a_second_build_of_the_same_dataset_waits_its_turn(plant, tmp_path):
    out = tmp_path / "out"
    with DatasetLock(Layout(out, "tiny")):
        with pytest.raises(StageError, match="another build of this dataset is running"):
            build(load_spec(plant.spec()), out)


BREAKAGES = {
    "missing table": ('ALTER TABLE "TB_RESULT" RENAME TO "TB_RESULT_OLD"', "table 'TB_RESULT' does not exist"),
    "missing column": ('ALTER TABLE "TB_RESULT" DROP COLUMN "CT_MS"', "the source has no column 'CT_MS'"),
    "null watermark": ('INSERT INTO "TB_RESULT" VALUES (7777, \'WO-1\', \'1\', 1.0, NULL)',
                       "NULL in the watermark column"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_schema_drift_and_bad_rows_publish_nothing_and_keep_the_watermarks(plant, tmp_path, breakage):
    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    before = _state_bytes(out)
    plant.add_results(3, day=6)
    statement, message = BREAKAGES[breakage]
    with sqlite3.connect(plant.db) as conn:
        conn.execute(statement)
    with pytest.raises(StageError, match=message) as caught:
        build(load_spec(plant.spec()), out)
    assert caught.value.source == "mes" and caught.value.table == "results"
    assert Layout(out, "tiny").versions() == ["v0001"] and _state_bytes(out) == before
    assert not list((out / "tiny").glob(".tmp-*"))


def test_a_rebuild_that_changes_no_data_keeps_the_current_version(plant, tmp_path):
    out = tmp_path / "out"
    data = yaml.safe_load(plant.spec().read_text(encoding="utf-8"))
    del data["sources"][0]["tables"][0]["watermark"]  # a full read: rows arrive on every run
    spec = plant.folder / "full.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build(load_spec(spec), out)
    again = build(load_spec(spec), out)
    assert again.extracts[0].rows == 250 and again.version == "v0001" and again.tables == {}
    assert Layout(out, "tiny").versions() == ["v0001"] and not list((out / "tiny").glob(".tmp-*"))
    with sqlite3.connect(plant.db) as conn:
        conn.execute('DELETE FROM "TB_RESULT" WHERE RSLT_ID <= 10')
    third = build(load_spec(spec), out)
    assert third.version == "v0002" and third.tables["production_result"] == 240


def test_batch_size_never_decides_which_duplicate_is_published(plant, tmp_path):
    with sqlite3.connect(plant.db) as conn:  # the same result id reported twice with different values
        conn.execute('INSERT INTO "TB_RESULT" VALUES (3, \'WO-0\', \'7\', 1.0, \'2026-03-02 08:03:00\')')
        # Text in a REAL column (SQLite keeps '1,500' as text) makes the first batch a raw file of its
        # own, so small batches split this run into several files and large batches do not.
        conn.execute('UPDATE "TB_RESULT" SET CT_MS = \'1,500\' WHERE RSLT_ID <= 100')
    small = build(load_spec(plant.spec(batch_rows=100)), tmp_path / "small")
    large = build(load_spec(plant.spec(batch_rows=100_000)), tmp_path / "large")
    assert data_files(small.path) == data_files(large.path)


def test_a_failed_run_keeps_no_raw_extract_and_the_private_area_is_the_owners(plant, tmp_path):
    import stat

    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    (plant.exports / "defect_20260309.csv").write_bytes("불량번호\r\n".encode("utf-16-le"))  # an unreadable export
    with pytest.raises(StageError):
        build(load_spec(plant.spec()), out)
    private = out / ".plantset"
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    runs = private / "tiny" / "runs"
    assert not runs.exists() or not list(runs.iterdir())


@pytest.mark.parametrize("damage", ["deleted", "file changed", "file missing"])
def test_a_damaged_latest_version_is_built_past_from_the_newest_intact_one(plant, tmp_path, damage, caplog):
    import shutil

    from plantset.core.versions import verify

    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    plant.add_results(5, day=3)
    build(load_spec(plant.spec()), out)
    damaged = out / "tiny" / "v0002"
    data = sorted(damaged.glob("production_result/**/*.parquet"))[-1]
    if damage == "deleted":
        shutil.rmtree(damaged)  # someone cleaned up by hand
    elif damage == "file changed":
        data.write_bytes(data.read_bytes()[:-10] + b"0123456789")  # same size, other bytes
        assert any("checksum differs" in line for line in verify(damaged))
    else:
        data.unlink()
    plant.add_results(5, day=4)
    result = build(load_spec(plant.spec()), out)
    assert result.version == "v0003"  # a new number: v0002's is never given to other data
    assert "v0002 is damaged" in caplog.text and "starts again from v0001" in caplog.text
    assert sorted(published_rows(out, "production_result", "result_id"), key=int) == [str(i) for i in range(1, 261)]
    assert verify(out / "tiny" / "v0003") == []
    state = json.loads((out / ".plantset" / "tiny" / "state.json").read_text())
    assert state["version"] == "v0003" and state["highest"] == "v0003"


def test_a_damaged_latest_version_without_an_older_intact_state_is_named_with_what_to_do(plant, tmp_path):
    import shutil

    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    plant.add_results(5, day=3)
    build(load_spec(plant.spec()), out)
    shutil.rmtree(out / ".plantset" / "tiny" / "states")  # a dataset built before states were kept
    shutil.rmtree(out / "tiny" / "v0002")
    before = _state_bytes(out)
    plant.add_results(5, day=4)
    with pytest.raises(StageError) as caught:
        build(load_spec(plant.spec()), out)
    message = str(caught.value)
    assert "v0002, the dataset's latest version, is damaged (manifest.json: missing)" in message
    assert "--out NEW" in message and "\n" not in message
    assert _state_bytes(out) == before
    last = json.loads((out / ".plantset" / "tiny" / "history.jsonl").read_text().splitlines()[-1])
    assert last["status"] == "failed" and "is damaged" in last["error"]


def test_an_operating_system_error_is_one_line_with_the_path_and_recorded(plant, tmp_path, monkeypatch):
    import errno

    import pyarrow.parquet as pq

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "x.parquet"))

    monkeypatch.setattr(pq, "write_table", disk_full)  # the disk fills while the run writes
    with pytest.raises(StageError) as caught:
        build(load_spec(plant.spec()), tmp_path / "out")
    message = str(caught.value)
    assert "x.parquet: No space left on device" in message and "free disk space" in message and "\n" not in message
    last = json.loads((tmp_path / "out" / ".plantset" / "tiny" / "history.jsonl").read_text().splitlines()[-1])
    assert last["status"] == "failed" and "No space left" in last["error"]
    assert not list((tmp_path / "out").glob("tiny/v*"))
