"""The demo-sensors dataset: the demo plant's machine signals read over OPC UA from its simulator,
published with failure-labelled windows that load in Hugging Face datasets, DuckDB and Polars."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from plantset.core.errors import PlantsetError
from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "industries" / "demo-sensors.yaml"


@pytest.fixture(scope="module")
def plant(tmp_path_factory) -> Path:
    from demo.plant import generate

    data = tmp_path_factory.mktemp("plant")
    generate(data)
    return data


@pytest.fixture(scope="module")
def published(plant, tmp_path_factory) -> tuple[Path, Path, dict]:
    from demo import secrets
    from demo.simulator import run_in_thread
    from plantset.cli import DEMO_HISTORY_PERIOD

    out = tmp_path_factory.mktemp("out")
    with pytest.MonkeyPatch.context() as patch, \
            run_in_thread(plant / "plant.db", "opc.tcp://127.0.0.1:0/plantset/demo",
                          history_period=DEMO_HISTORY_PERIOD) as sim:
        patch.setenv(secrets.KEY_VARIABLE, secrets.DEMO_KEY)
        variables = {"PLANTSET_DEMO_DATA": str(plant), "PLANTSET_DEMO_OPCUA": sim.endpoint}
        first = build(load_spec(SPEC, variables), out)
        again = build(load_spec(SPEC, variables), out)  # the history's end is committed: nothing new
    return first.path, out, {"again": again}


def test_sensor_readings_cover_every_machine_signal_with_units_and_statuses(published):
    version, _, _ = published
    readings = ds.dataset(version / "sensor_reading", partitioning="hive").to_table()
    assert readings.num_rows == 50 * 14 * 24 * 12  # 50 signals of 10 machines, 14 days at 5 minutes
    rows = readings.group_by(["signal", "unit"]).aggregate([("value", "count")]).to_pylist()
    units = {r["signal"]: r["unit"] for r in rows}
    assert units["Monitoring/Temperature"] == "°C" and units["Monitoring/Vibration"] == "mm/s"
    assert units["Monitoring/HydraulicPressure"] == "bar" and units["Monitoring/MachineState"] is None
    statuses = set(readings.column("status").to_pylist())
    assert {"Good", "BadSensorFailure", "UncertainLastUsableValue"} <= statuses  # kept with their status
    machines = set(readings.column("equipment_id").to_pylist())
    assert len(machines) == 10 and all(m.startswith(("PRS-", "CNC-")) for m in machines)
    states = set(readings.column("text_value").drop_null().to_pylist())
    assert {"Executing", "OutOfService"} <= states


def test_windows_are_labelled_from_the_published_failures_and_load_everywhere(published, tmp_path, monkeypatch):
    version, _, _ = published
    manifest = json.loads((version / "manifest.json").read_text())
    entry = manifest["training"]["sensor_windows"]
    windows = pq.read_table(version / entry["path"])
    failures = ds.dataset(version / "failure_event", partitioning="hive").to_table().to_pylist()
    positives = [w for w in windows.to_pylist() if w["label"] == 1]
    assert len(positives) == entry["pre_failure"] > 0 and windows.num_rows == entry["rows"]
    by_id = {f["failure_id"]: f for f in failures}
    for window in positives:  # each points at a published failure of its machine, within the horizon after it
        failure = by_id[window["failure_id"]]
        assert failure["equipment_id"] == window["equipment_id"]
        assert window["end"] <= failure["occurred_at"] and window["time_to_failure_seconds"] <= 24 * 3600

    import duckdb
    import polars

    path = version / entry["path"]
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0] == windows.num_rows
    assert polars.read_parquet(path).height == windows.num_rows
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    for config in ("sensor_windows", "sensor_wide", "sensor_reading"):  # the card's configs, as a user loads them
        loaded = datasets.load_dataset(str(version), config, cache_dir=str(tmp_path / "hf"))
        assert loaded["train"].num_rows == (manifest["training"][config]["rows"] if config in manifest["training"]
                                            else manifest["tables"][config]["rows"])
    card = (version / "README.md").read_text(encoding="utf-8")
    assert "labelled pre-failure" in card and "sensor_wide" in card


def test_the_history_end_is_committed_and_the_run_reports_statuses(published):
    version, out, runs = published
    assert runs["again"].path == version  # the second run read nothing new and published nothing
    run = json.loads((version / "run.json").read_text())
    report = run["sources"]["line.signals"]["reading"]
    assert report["mode"] == "history" and report["gaps"] == [] and report["overflows"] == 0
    # durations only: the real span read or the build's clock beside the shifted dates would give the shift away
    assert "range" not in report and report["range_seconds"] > 0 and "started_at" not in run
    assert "2026-03-1" not in (version / "run.json").read_text()
    assert report["statuses"]["BadSensorFailure"] > 0 and report["variables"] == 50
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["sources"]["line.signals"]["read"] == "incremental"
    state = (out / ".plantset" / "demo-sensors" / "state.json").read_text()
    assert "2026-03-15T15:00:00+00:00" in state  # the history end is committed in the private state only
    assert "2026-03-15T15:00:00" not in (version / "manifest.json").read_text()


def test_a_server_that_is_down_fails_the_build_in_one_line_and_publishes_nothing(plant, tmp_path, monkeypatch):
    from demo import secrets
    from demo.simulator import free_port

    monkeypatch.setenv(secrets.KEY_VARIABLE, secrets.DEMO_KEY)
    endpoint = f"opc.tcp://127.0.0.1:{free_port()}/plantset/demo"
    loaded = load_spec(SPEC, {"PLANTSET_DEMO_DATA": str(plant), "PLANTSET_DEMO_OPCUA": endpoint})
    loaded.spec.sources[0].connect_attempts = 2
    with pytest.raises(PlantsetError) as caught:
        build(loaded, tmp_path)
    assert "server unreachable" in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "demo-sensors" / "v0001").exists()
