"""Sensor readings to wide bins and labelled windows, on real Arrow tables."""

from __future__ import annotations

import io
import json
import pickle
import time
from datetime import datetime, timedelta, timezone

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from schemas.catalog import catalog
from transforms.sensors import SensorTableError, column_name, wide
from transforms.windows import windows

T0 = datetime(2024, 5, 1, tzinfo=timezone.utc)
TEMP, SPEED = "Monitoring/Temperature", "Drive/SpindleSpeed"
GOOD, UNCERTAIN, BAD = 0, 0x40920000, 0x808A0000  # Good, UncertainLastUsableValue, BadSensorFailure-like


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def readings(*rows: tuple) -> pa.Table:
    """sensor_reading rows from (equipment, signal, seconds after T0, value[, status_code])."""
    records = [{"node_id": f"nsu=urn:plant;s={eq}.{signal}", "browse_path": f"Machines/{eq}/{signal}",
                "equipment_id": eq, "signal": signal, "source_time": at(seconds), "server_time": at(seconds),
                "value": value, "status_code": status[0] if status else GOOD, "unit": "degC"}
               for eq, signal, seconds, value, *status in rows]
    return pa.Table.from_pylist(records, schema=catalog().tables["sensor_reading"].arrow_schema())


def failures(*rows: tuple) -> pa.Table:
    """failure_event rows from (equipment, failure id, mode, occurred minutes, recovered minutes or None)."""
    schema = catalog().tables["failure_event"].arrow_schema()
    return pa.Table.from_pylist([{"equipment_id": eq, "failure_id": fid, "failure_mode": mode,
                                  "occurred_at": at(60 * occurred),
                                  "recovered_at": None if recovered is None else at(60 * recovered)}
                                 for eq, fid, mode, occurred, recovered in rows], schema=schema)


def maintenance(*rows: tuple) -> pa.Table:
    schema = catalog().tables["maintenance_event"].arrow_schema()
    return pa.Table.from_pylist([{"maintenance_id": f"M{i}", "equipment_id": eq, "started_at": at(60 * begin),
                                  "ended_at": None if end is None else at(60 * end)}
                                 for i, (eq, begin, end) in enumerate(rows)], schema=schema)


def minutes(table: pa.Table, column: str = "time") -> list[float]:
    return [(t - T0).total_seconds() / 60 for t in table.column(column).to_pylist()]


def steady(equipment: str, minutes_: int, *, every: int = 60, signals=(TEMP, SPEED)) -> list[tuple]:
    """One reading per signal every ``every`` seconds, value = minute number (+100 for the speed)."""
    return [(equipment, signal, s, s / 60 + 100 * k) for s in range(0, 60 * minutes_, every)
            for k, signal in enumerate(signals)]


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


# --- wide -------------------------------------------------------------------------------------

def test_bins_are_multiples_of_the_interval_since_the_epoch():
    table = readings(("A", TEMP, 7, 1.0), ("A", TEMP, 90, 2.0), ("A", TEMP, 7 * 60 + 3, 3.0))
    assert minutes(wide(table, "1m", ffill_limit=0)) == [0, 1, 2, 3, 4, 5, 6, 7]
    assert minutes(wide(table, "5m", ffill_limit=0)) == [0, 5]
    assert wide(table, timedelta(minutes=1), ffill_limit=0).equals(wide(table, "1m", ffill_limit=0))
    # A run over part of the readings has the same bins, so two runs line up.
    later = wide(table.slice(1), "1m", ffill_limit=0)
    assert minutes(later) == [1, 2, 3, 4, 5, 6, 7]
    assert later.column("time").type == pa.timestamp("us", tz="UTC")
    # 10s bins start at :00, :10, … even for a first reading at :07.
    assert [t.second for t in wide(table, "10s", ffill_limit=0).column("time").to_pylist()[:2]] == [0, 10]


def test_a_bin_holds_its_last_reading_by_source_time_whatever_the_row_order():
    rows = [("A", TEMP, 50, 5.0), ("A", TEMP, 10, 9.0), ("A", TEMP, 30, 3.0), ("A", TEMP, 70, 7.0)]
    table = readings(*rows)
    result = wide(table, "1m", ffill_limit=0)
    assert result.column("monitoring_temperature").to_pylist() == [5.0, 7.0]
    shuffled = readings(*[rows[i] for i in (3, 1, 0, 2)])
    assert wide(shuffled, "1m", ffill_limit=0).equals(result)
    # Two readings at the same instant: the larger value, in any order.
    tie = [("A", TEMP, 20, 4.0), ("A", TEMP, 20, 9.0)]
    assert wide(readings(*tie), "1m", ffill_limit=0).column(2).to_pylist() == [9.0]
    assert wide(readings(*tie[::-1]), "1m", ffill_limit=0).column(2).to_pylist() == [9.0]


def test_forward_fill_stops_at_the_limit_and_marks_what_it_filled():
    table = readings(("A", TEMP, 0, 1.0), ("A", TEMP, 5 * 60, 6.0), ("A", TEMP, 7 * 60, 8.0))
    result = wide(table, "1m", ffill_limit=2)
    assert result.column("monitoring_temperature").to_pylist() == [1.0, 1.0, 1.0, None, None, 6.0, 6.0, 8.0]
    assert result.column("monitoring_temperature__filled").to_pylist() == [
        False, True, True, False, False, False, True, False]
    assert wide(table, "1m", ffill_limit=0).column("monitoring_temperature").null_count == 5
    meta = json.loads(result.schema.metadata[b"plantset"])
    assert meta == {"interval_us": 60_000_000, "ffill_limit": 2, "good_only": True}


def test_no_fill_across_equipment_and_each_equipment_has_its_own_span():
    table = readings(("A", TEMP, 0, 1.0), ("A", TEMP, 120, 3.0),
                     ("B", SPEED, 180, 50.0), ("B", SPEED, 240, 60.0), ("B", TEMP, 300, 70.0))
    result = wide(table, "1m", ffill_limit=10)
    assert result.column("equipment_id").to_pylist() == ["A"] * 3 + ["B"] * 3
    assert minutes(result) == [0, 1, 2, 3, 4, 5]
    # B's temperature starts null although A's last temperature was 3.0 one bin earlier.
    assert result.column("monitoring_temperature").to_pylist() == [1.0, 1.0, 3.0, None, None, 70.0]
    assert result.column("drive_spindle_speed").to_pylist() == [None, None, None, 50.0, 60.0, 60.0]


def test_bad_readings_are_never_used():
    table = readings(("A", TEMP, 10, 1.0), ("A", TEMP, 50, 99.0, BAD),  # the later Bad one does not win
                     ("A", TEMP, 70, 98.0, BAD),  # a bin of only Bad readings is missing …
                     ("A", TEMP, 130, 3.0), ("A", TEMP, 190, 97.0, BAD - (1 << 32)))  # … also as a signed int32
    result = wide(table, "1m", ffill_limit=0)
    assert result.column("monitoring_temperature").to_pylist() == [1.0, None, 3.0, None]
    assert wide(table, "1m", ffill_limit=0, good_only=False).column("monitoring_temperature").to_pylist() == [
        1.0, None, 3.0, None]
    # A missing bin is filled like any other, from the last usable value.
    assert wide(table, "1m", ffill_limit=1).column("monitoring_temperature").to_pylist() == [1.0, 1.0, 3.0, 3.0]


def test_uncertain_readings_only_when_good_only_is_false():
    table = readings(("A", TEMP, 10, 1.0), ("A", TEMP, 50, 2.0, UNCERTAIN), ("A", TEMP, 70, 3.0, UNCERTAIN))
    assert wide(table, "1m", ffill_limit=0).column("monitoring_temperature").to_pylist() == [1.0, None]
    assert wide(table, "1m", ffill_limit=0, good_only=False).column("monitoring_temperature").to_pylist() == [2.0, 3.0]


def test_column_names_order_and_metadata():
    assert column_name("Monitoring/SpindleSpeed") == "monitoring_spindle_speed"
    assert column_name("PLC1.XAxis-Temp (°C)") == "plc1_x_axis_temp_c"
    assert column_name("설비/온도") == "설비_온도"
    assert column_name("1st stage") == "s_1st_stage"
    table = readings(("A", TEMP, 0, 1.0), ("A", SPEED, 0, 2.0), ("A", "State/Mode", 0, None))
    result = wide(table, "1m", ffill_limit=0)
    assert result.column_names == ["equipment_id", "time", "drive_spindle_speed", "monitoring_temperature",
                                   "drive_spindle_speed__filled", "monitoring_temperature__filled"]
    assert result.schema.field("monitoring_temperature").metadata == {b"signal": TEMP.encode(), b"unit": b"degC"}
    chosen = wide(table, "1m", ffill_limit=0, signals=[TEMP, "Vibration/Rms"])
    assert chosen.column_names[2:4] == ["monitoring_temperature", "vibration_rms"]
    assert chosen.column("vibration_rms").to_pylist() == [None]
    with pytest.raises(SensorTableError, match="both become column 'monitoring_temperature'"):
        wide(readings(("A", TEMP, 0, 1.0), ("A", "Monitoring Temperature", 0, 2.0)), "1m", ffill_limit=0)


def test_wide_output_is_the_same_bytes_from_any_row_order():
    rows = steady("B", 30, every=7) + steady("A", 30, every=11)
    rows += [("A", TEMP, 100, 5.0, BAD), ("B", SPEED, 400, 1.0, UNCERTAIN)]
    order = np.random.default_rng(1).permutation(len(rows))
    first = parquet_bytes(wide(readings(*rows), "1m", ffill_limit=3))
    second = parquet_bytes(wide(readings(*[rows[i] for i in order]), "1m", ffill_limit=3))
    assert first == second


def test_wide_errors_name_the_problem_and_the_fix():
    table = readings(("A", TEMP, 0, 1.0))
    with pytest.raises(ValueError, match=r"interval='1 fortnight' is not a duration — .*\"5m\""):
        wide(table, "1 fortnight", ffill_limit=0)
    with pytest.raises(ValueError, match="interval='0s' is not longer than zero"):
        wide(table, "0s", ffill_limit=0)
    with pytest.raises(ValueError, match="ffill_limit=-1"):
        wide(table, "1m", ffill_limit=-1)
    with pytest.raises(ValueError, match=r"table sensor_reading: no column status_code — the columns are"):
        wide(table.drop_columns(["status_code"]), "1m", ffill_limit=0)
    with pytest.raises(ValueError, match="source_time is string, not a timestamp"):
        wide(table.set_column(4, "source_time", pa.array(["2024-05-01"])), "1m", ffill_limit=0)
    stray = readings(("A", TEMP, 0, 1.0), ("A", SPEED, 0, 2.0), ("A", TEMP, -T0.timestamp(), 0.0))  # a 1970 time
    with pytest.raises(ValueError, match="look for stray source_time values"):
        wide(stray, "1s", ffill_limit=0)
    with pytest.raises(SensorTableError) as caught:
        wide(table, "5x", ffill_limit=0)
    message = str(caught.value)
    assert "\n" not in message
    copy = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(copy, SensorTableError) and isinstance(copy, ValueError) and str(copy) == message


# --- windows ----------------------------------------------------------------------------------

@pytest.fixture
def two_hours() -> pa.Table:
    """Equipment A with both signals every minute for two hours, B for one hour."""
    return wide(readings(*steady("A", 120), *steady("B", 60)), "1m", ffill_limit=2)


def rows_of(table: pa.Table, equipment: str = "A") -> dict[float, dict]:
    """Window rows of one equipment by start minute."""
    picked = table.filter(pc.equal(table.column("equipment_id"), equipment))
    return dict(zip(minutes(picked, "start"), picked.to_pylist()))


def test_windows_are_cut_at_multiples_of_step_with_their_values(two_hours):
    result = windows(two_hours, failures(), window="10m", step="5m", horizon="15m")
    a = rows_of(result)
    assert list(a) == [5.0 * k for k in range(23)]  # the last whole window is [110, 120)
    first = a[0.0]
    assert first["window_id"] == "A/2024-05-01T00:00:00Z"
    assert first["end"] - first["start"] == timedelta(minutes=10)
    assert first["monitoring_temperature"] == [float(m) for m in range(10)]
    assert first["drive_spindle_speed"] == [100.0 + m for m in range(10)]
    assert first["monitoring_temperature__filled"] == [False] * 10
    assert (first["label"], first["failure_id"], first["time_to_failure_seconds"]) == (0, None, None)
    assert first["maintenance"] is None
    assert result.schema.field("monitoring_temperature").type == pa.list_(pa.float64())
    assert result.schema.field("label").type == pa.int8()
    assert result.schema.field("monitoring_temperature").metadata[b"signal"] == TEMP.encode()
    assert len(rows_of(result, "B")) == 11


def test_pre_failure_windows_are_labelled_and_downtime_windows_dropped(two_hours):
    events = failures(("A", "F1", "overheating", 60, 70), ("B", "F2", "bearing_wear", 30, None))
    result = windows(two_hours, events, window="10m", step="5m", horizon="15m")
    a = rows_of(result)
    labelled = {start: (row["failure_id"], row["failure_mode"], row["time_to_failure_seconds"])
                for start, row in a.items() if row["label"] == 1}
    # Ends at 50, 55 and 60 minutes lie within 15 minutes before the failure at 60.
    assert labelled == {40.0: ("F1", "overheating", 600.0), 45.0: ("F1", "overheating", 300.0),
                        50.0: ("F1", "overheating", 0.0)}
    assert a[35.0]["label"] == 0  # ends exactly 15 minutes before: outside the horizon
    # Windows meeting the downtime [60, 70) are gone; the ones after it are normal again.
    assert not {55.0, 60.0, 65.0} & set(a)
    assert all(a[start]["label"] == 0 for start in a if start >= 70)
    # B's failure has no recovery time: only the windows containing its instant are dropped.
    b = rows_of(result, "B")
    assert not {25.0, 30.0} & set(b) and {20.0, 35.0} <= set(b)
    assert b[20.0]["label"] == 1 and b[20.0]["time_to_failure_seconds"] == 0.0
    meta = json.loads(result.schema.metadata[b"plantset"])
    assert meta["dropped_down"] == 5 and meta["dropped_missing"] == 0 and meta["windows"] == result.num_rows


def test_maintenance_overlap_is_flagged(two_hours):
    work = maintenance(("A", 20, 25), ("A", 90, None), ("C", 0, 200))
    result = windows(two_hours, failures(), window="10m", step="5m", horizon="15m", maintenance=work)
    a = rows_of(result)
    assert sorted(start for start, row in a.items() if row["maintenance"]) == [15.0, 20.0, 85.0, 90.0]
    assert not any(row["maintenance"] for row in rows_of(result, "B").values())


def test_windows_with_too_many_missing_values_are_dropped_and_counted():
    rows = [r for r in steady("A", 60) if not (20 * 60 <= r[2] < 40 * 60 and r[1] == TEMP)]
    table = wide(readings(*rows), "1m", ffill_limit=2)
    # Temperature is null from minute 22 to 39 (20 and 21 are filled); it is half the cells of a window.
    kept = windows(table, failures(), window="10m", step="10m", horizon="1h")
    assert minutes(kept, "start") == [0, 10, 20, 30, 40, 50]
    assert [rows_of(kept)[start]["missing_fraction"] for start in (10.0, 20.0, 30.0)] == [0.0, 0.4, 0.5]
    assert rows_of(kept)[20.0]["monitoring_temperature"][:4] == [19.0, 19.0, None, None]
    assert rows_of(kept)[20.0]["monitoring_temperature__filled"][:4] == [True, True, False, False]
    strict = windows(table, failures(), window="10m", step="10m", horizon="1h", max_missing=0.3)
    assert minutes(strict, "start") == [0, 10, 40, 50]
    assert json.loads(strict.schema.metadata[b"plantset"])["dropped_missing"] == 2


def test_windows_output_is_the_same_bytes_twice(two_hours):
    events = failures(("A", "F1", "overheating", 60, 70))
    shuffled = two_hours.take(np.random.default_rng(2).permutation(two_hours.num_rows))
    first = windows(two_hours, events, window="10m", step="5m", horizon="15m", maintenance=maintenance(("A", 20, 25)))
    second = windows(shuffled, events, window="10m", step="5m", horizon="15m", maintenance=maintenance(("A", 20, 25)))
    assert parquet_bytes(first) == parquet_bytes(second)


def test_windows_errors_name_the_problem_and_the_fix(two_hours):
    with pytest.raises(ValueError, match=r"window='90s' is not a multiple of the wide table's interval \(60 s\)"):
        windows(two_hours, failures(), window="90s", step="5m", horizon="15m")
    with pytest.raises(ValueError, match="step='1 hour' is not a duration"):
        windows(two_hours, failures(), window="10m", step="1 hour", horizon="15m")
    with pytest.raises(ValueError, match="table failure_event: no column failure_mode"):
        windows(two_hours, failures().drop_columns(["failure_mode"]), window="10m", step="5m", horizon="15m")
    with pytest.raises(ValueError, match="max_missing=1.5 is not a fraction"):
        windows(two_hours, failures(), window="10m", step="5m", horizon="15m", max_missing=1.5)
    with pytest.raises(ValueError, match="not one row per 60 s bin"):
        windows(two_hours.slice(0, 10).take([0, 1, 3, 4]), failures(), window="2m", step="1m", horizon="5m")


def test_the_interval_is_inferred_when_the_metadata_is_gone(two_hours):
    bare = two_hours.replace_schema_metadata(None)
    with_meta = windows(two_hours, failures(), window="10m", step="5m", horizon="15m")
    without = windows(bare, failures(), window="10m", step="5m", horizon="15m")
    assert without.drop_columns([]).replace_schema_metadata(None).equals(with_meta.replace_schema_metadata(None))


def test_windows_load_in_duckdb_polars_and_hugging_face_datasets(two_hours, tmp_path, monkeypatch):
    import duckdb
    import polars as pl

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    events = failures(("A", "F1", "overheating", 60, 70))
    result = windows(two_hours, events, window="10m", step="5m", horizon="15m", maintenance=maintenance(("A", 20, 25)))
    path = tmp_path / "windows.parquet"
    pq.write_table(result, path)

    count, labelled, length = duckdb.sql(
        f"SELECT count(*), sum(label), max(len(monitoring_temperature)) FROM read_parquet('{path}')").fetchall()[0]
    assert (count, labelled, length) == (result.num_rows, 3, 10)

    frame = pl.read_parquet(path)
    assert frame.height == result.num_rows and frame.schema["drive_spindle_speed"] == pl.List(pl.Float64)
    assert frame.filter(pl.col("label") == 1)["failure_id"].to_list() == ["F1", "F1", "F1"]

    from datasets import Dataset

    dataset = Dataset.from_parquet(str(path), cache_dir=str(tmp_path / "cache"))
    assert dataset.num_rows == result.num_rows
    assert dataset[0]["monitoring_temperature"] == [float(m) for m in range(10)]
    assert dataset.with_format("numpy")[0:4]["drive_spindle_speed"].shape == (4, 10)


@pytest.mark.slow
def test_a_day_of_ten_machines_at_one_second(capsys):
    machines, signals, seconds = 10, 5, 86_400
    index = np.arange(machines * signals * seconds)
    rng = np.random.default_rng(0)
    equipment = pa.array([f"M-{i:02d}" for i in range(machines)]).take(pa.array(index // (signals * seconds)))
    signal = pa.array([f"Group/Signal{j}" for j in range(signals)]).take(pa.array((index // seconds) % signals))
    table = pa.table({
        "equipment_id": equipment, "signal": signal,
        "source_time": pa.array((int(T0.timestamp()) + index % seconds) * 1_000_000, pa.timestamp("us", tz="UTC")),
        "value": rng.normal(size=index.size),
        "status_code": pa.array(np.where(rng.random(index.size) < 0.01, BAD, GOOD), pa.int64()),
    })
    began = time.perf_counter()
    result = wide(table, "1m", ffill_limit=5)
    elapsed = time.perf_counter() - began
    assert result.num_rows == machines * 1440
    assert result.num_columns == 2 + 2 * signals
    assert result.column("group_signal0").null_count == 0
    cut = windows(result, failures(("M-03", "F1", "overheating", 600, 660)), window="1h", step="10m", horizon="2h")
    assert json.loads(cut.schema.metadata[b"plantset"])["dropped_down"] == 11  # starts 550 … 650 meet [600, 660)
    with capsys.disabled():
        print(f"\n4.32M readings → {result.shape} wide in {elapsed:.2f} s, {cut.num_rows} windows")
