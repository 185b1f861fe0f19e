"""Fixed-length windows of a ``wide`` sensor table, labelled from failures (``windows``).

Each window is one row: its equipment, start and end, a pre-failure label and the failure
that gives it, whether it overlaps maintenance, and per signal the list of its values. Windows
start at multiples of their step since the Unix epoch (UTC), so runs on different days or
machines line up; the work is vectorized in numpy and Arrow, and the output does not depend on
the order of the input rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.sensors import (
    FILLED,
    KEY_COLUMNS,
    METADATA_KEY,
    Grid,
    SensorTableError,
    duration_us,
    micros,
    require_columns,
)

FAILURE_COLUMNS = ("equipment_id", "failure_id", "failure_mode", "occurred_at", "recovered_at")
MAINTENANCE_COLUMNS = ("equipment_id", "started_at", "ended_at")


def windows(wide_table: pa.Table, failures: pa.Table, *, window: str | timedelta, step: str | timedelta,
            horizon: str | timedelta, maintenance: pa.Table | None = None, max_missing: float = 0.5) -> pa.Table:
    """Fixed-length windows of a ``wide`` table, one row each, labelled from failures.

    Windows cover ``[start, end)`` with ``end = start + window``; ``start`` runs over the
    multiples of ``step`` since the Unix epoch whose whole window lies within the equipment's
    bins. ``label`` is 1 ("pre-failure") when a failure of the equipment occurs in
    ``[end, end + horizon)``: the earliest such failure gives ``failure_id``, ``failure_mode``
    and ``time_to_failure_seconds`` (all null when ``label`` is 0). Windows overlapping a
    failure's downtime ``[occurred_at, recovered_at)`` are dropped: a stopped or repaired
    machine is neither normal nor a precursor, and dropping keeps ``label`` binary. A failure
    without ``recovered_at`` counts as an instant, still dropping the windows that contain it.
    ``maintenance`` is True where a window overlaps ``[started_at, ended_at)`` of a
    maintenance event (an instant when ``ended_at`` is null), null when no table is given.
    Windows whose share of null cells across the signals exceeds ``max_missing`` are dropped.
    The counts of both drops are in the schema metadata (key ``plantset``: ``dropped_down``,
    ``dropped_missing``).

    Columns: ``window_id`` ("<equipment>/<start ISO UTC>"), ``equipment_id``, ``start``,
    ``end``, ``label`` (int8), ``failure_mode``, ``failure_id``, ``time_to_failure_seconds``,
    ``maintenance``, ``missing_fraction``, then per signal a list<float64> of the window's
    values (nulls kept) and a list<bool> of its ``__filled`` mask when the wide table has one.
    """
    require_columns(wide_table, KEY_COLUMNS, "wide", "windows")
    require_columns(failures, FAILURE_COLUMNS, "failure_event", "windows")
    if maintenance is not None:
        require_columns(maintenance, MAINTENANCE_COLUMNS, "maintenance_event", "windows")
    if not 0 <= max_missing <= 1:
        raise SensorTableError("windows", f"max_missing={max_missing!r} is not a fraction",
                               hint="pass a share of null cells between 0 and 1, e.g. 0.5")
    table, names, grid, interval = _wide_grid(wide_table)
    length, every = (_bins(value, name, interval) for value, name in ((window, "window"), (step, "step")))
    horizon_us = duration_us(horizon, "horizon", "windows")
    signals = _signal_columns(table)
    equipment, start_row, start = _cut(grid, length, every, interval)
    end = start + length * interval
    by_time = failures.sort_by([(c, "ascending") for c in ("equipment_id", "occurred_at", "failure_id")])
    failures, down = _spans(by_time, names, "occurred_at", "recovered_at", "failure_event")
    worked = _spans(maintenance, names, "started_at", "ended_at", "maintenance_event")[1]
    key = _keyer(start, end, *down[1:], *worked[1:])
    dropped = _overlaps(key, equipment, start, end, down)
    missing = _missing_fraction(table, signals, start_row, length)
    keep = ~dropped & (missing <= max_missing)
    label, failure_row, seconds = _next_failure(key, equipment, end, down, horizon_us)
    maintained = None if maintenance is None else _overlaps(key, equipment, start, end, worked)[keep]
    meta = {"interval_us": interval, "window_us": length * interval, "step_us": every * interval,
            "horizon_us": horizon_us, "max_missing": max_missing, "dropped_down": int(dropped.sum()),
            "dropped_missing": int((~dropped & (missing > max_missing)).sum()), "windows": int(keep.sum())}
    head = _window_head(names, equipment[keep], start[keep], length * interval, every * interval,
                        (label[keep], failure_row[keep], seconds[keep], failures), maintained, missing[keep])
    return _with_values(head, table, signals, start_row[keep], length, meta)


class _Spans(NamedTuple):
    equipment: np.ndarray  # sorted by equipment, then begin
    begin: np.ndarray  # µs since the epoch
    end: np.ndarray  # later than begin


def _spans(table: pa.Table | None, names: pa.Array, begin: str, end: str, name: str) -> tuple[pa.Table | None, _Spans]:
    """Rows of the windowed equipment in order and their ``[begin, end)``; a missing or early end makes an instant."""
    if table is None:
        return None, _Spans(*(np.zeros(0, np.int64),) * 3)
    spans = pa.table({"equipment": pc.index_in(table.column("equipment_id").cast(pa.string()), names),
                      "begin": micros(table.column(begin), name, begin, "windows"),
                      "end": micros(table.column(end), name, end, "windows"),
                      "row": pa.array(np.arange(table.num_rows, dtype=np.int64))})
    spans = spans.filter(pc.and_(pc.is_valid(spans["equipment"]), pc.is_valid(spans["begin"])))
    spans = spans.sort_by([("equipment", "ascending"), ("begin", "ascending"), ("row", "ascending")])
    first = spans["begin"].to_numpy()
    last = pc.fill_null(spans["end"], np.iinfo(np.int64).min).to_numpy()
    equipment = spans["equipment"].to_numpy().astype(np.int64)
    return table.take(spans["row"]), _Spans(equipment, first, np.maximum(last, first + 1))


def _keyer(*times: np.ndarray) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """(equipment, time) as one int64 that sorts like the pair; times are ranked among ``times``, so no overflow."""
    universe = np.unique(np.concatenate(times))
    return lambda equipment, time: equipment.astype(np.int64) * (universe.size + 1) + np.searchsorted(universe, time)


def _overlaps(key, equipment: np.ndarray, start: np.ndarray, end: np.ndarray, spans: _Spans) -> np.ndarray:
    """Whether ``[start, end)`` meets a span of its equipment: the spans begun before ``end`` reach past ``start``."""
    if not spans.begin.size:
        return np.zeros(equipment.size, bool)
    before = np.searchsorted(key(spans.equipment, spans.begin), key(equipment, end)) - 1
    reach = np.maximum.accumulate(key(spans.equipment, spans.end))  # keys of earlier equipment are all smaller
    at = np.maximum(before, 0)
    return (before >= 0) & (spans.equipment[at] == equipment) & (reach[at] > key(equipment, start))


def _next_failure(key, equipment: np.ndarray, end: np.ndarray, failures: _Spans,
                  horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Label, failure row and seconds to the first failure at or after ``end`` (label 1 when within ``horizon``)."""
    if not failures.begin.size:
        return np.zeros(equipment.size, np.int8), np.zeros(equipment.size, np.int64), np.zeros(equipment.size)
    after = np.searchsorted(key(failures.equipment, failures.begin), key(equipment, end))
    at = np.minimum(after, failures.begin.size - 1)
    ahead = failures.begin[at] - end
    label = (after < failures.begin.size) & (failures.equipment[at] == equipment) & (ahead < horizon)
    return label.astype(np.int8), at, ahead / 1e6


def _wide_grid(wide_table: pa.Table) -> tuple[pa.Table, pa.Array, Grid, int]:
    """The wide table sorted, its equipment, bins and interval; it must have one row per bin."""
    table = wide_table.sort_by([("equipment_id", "ascending"), ("time", "ascending")])
    time = micros(table.column("time"), "wide", "time", "windows")
    equipment = table.column("equipment_id").cast(pa.string())
    if time.null_count or equipment.null_count:
        raise SensorTableError("windows", "equipment_id or time has nulls", table="wide", hint="build it with wide()")
    time, names = time.to_numpy(), pc.unique(equipment)
    codes = pc.index_in(equipment, names).to_numpy()
    interval = _interval(wide_table, time, codes)
    if np.any(time % interval) or np.any(np.diff(time)[codes[1:] == codes[:-1]] != interval):
        raise SensorTableError("windows", f"the table is not one row per {interval / 1e6:g} s bin and equipment",
                               table="wide", column="time", hint="build it with wide() and do not filter its rows")
    counts = np.bincount(codes, minlength=len(names)).astype(np.int64)
    offsets = np.concatenate(([0], np.cumsum(counts)))
    return table, names, Grid(time[offsets[:-1]] // interval, counts, offsets), interval


def _interval(wide_table: pa.Table, time: np.ndarray, codes: np.ndarray) -> int:
    """The bin length in µs: from the metadata ``wide`` writes, else the spacing of the rows."""
    meta = json.loads((wide_table.schema.metadata or {}).get(METADATA_KEY, b"{}"))
    if "interval_us" in meta:
        return int(meta["interval_us"])
    steps = np.diff(time)[codes[1:] == codes[:-1]]
    if not steps.size or not np.gcd.reduce(steps):
        raise SensorTableError("windows", "cannot tell the bin interval: no plantset metadata and no equipment with "
                               "two rows", table="wide", hint="build the table with wide() and keep its schema")
    return int(np.gcd.reduce(steps))


def _bins(value: str | timedelta, name: str, interval: int) -> int:
    micros = duration_us(value, name, "windows")
    if micros % interval:
        raise SensorTableError("windows", f"{name}={value!r} is not a multiple of the wide table's interval "
                               f"({interval / 1e6:g} s)", table="wide",
                               hint=f"pick a {name} of whole bins, or build the wide table with a finer interval")
    return micros // interval


def _signal_columns(table: pa.Table) -> list[str]:
    signals = [f for f in table.schema if f.name not in KEY_COLUMNS and not f.name.endswith(FILLED)]
    for field in signals:
        if not (pa.types.is_floating(field.type) or pa.types.is_integer(field.type)):
            raise SensorTableError("windows", f"column {field.name} is {field.type}, not a signal", table="wide",
                                   column=field.name, hint="drop it; every column but equipment_id, time and "
                                                           "*__filled is taken as a signal")
    if not signals:
        raise SensorTableError("windows", "the wide table has no signal columns", table="wide",
                               hint="build it with wide() from readings that have numeric values")
    return [f.name for f in signals]


def _cut(grid: Grid, length: int, every: int, interval: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equipment, first row and start (µs) of every window; lengths in bins, starts at multiples of ``every``."""
    lowest = -(-grid.first // every)
    count = np.maximum((grid.first + grid.counts - length) // every - lowest + 1, 0)
    equipment = np.repeat(np.arange(count.size), count)
    nth = np.arange(count.sum()) - np.repeat(np.concatenate(([0], np.cumsum(count)))[:-1], count)
    start_bin = (lowest[equipment] + nth) * every
    return equipment, grid.offsets[equipment] + start_bin - grid.first[equipment], start_bin * interval


def _missing_fraction(table: pa.Table, signals: list[str], start_row: np.ndarray, length: int) -> np.ndarray:
    per_row = sum(pc.is_null(table.column(s)).to_numpy().astype(np.int64) for s in signals)
    running = np.concatenate(([0], np.cumsum(per_row)))
    return (running[start_row + length] - running[start_row]) / (length * len(signals))


def _window_head(names: pa.Array, equipment: np.ndarray, start: np.ndarray, window_us: int, step_us: int,
                 labels: tuple, maintained: np.ndarray | None, missing: np.ndarray) -> dict[str, pa.Array]:
    label, failure_row, seconds, failures = labels
    utc = pa.timestamp("us", tz="UTC")
    owner = names.take(pa.array(equipment, pa.int64()))
    stamp = np.datetime_as_string(start.astype("datetime64[us]"), unit="s" if step_us % 1_000_000 == 0 else "us")
    which = pa.array(failure_row, pa.int64(), mask=label == 0)
    return {
        "window_id": pc.binary_join_element_wise(owner, pa.array(np.char.add(stamp, "Z"), pa.string()), "/"),
        "equipment_id": owner,
        "start": pa.array(start, utc),
        "end": pa.array(start + window_us, utc),
        "label": pa.array(label, pa.int8()),
        "failure_mode": failures.column("failure_mode").cast(pa.string()).take(which),
        "failure_id": failures.column("failure_id").cast(pa.string()).take(which),
        "time_to_failure_seconds": pa.array(seconds, pa.float64(), mask=label == 0),
        "maintenance": pa.nulls(len(start), pa.bool_()) if maintained is None else pa.array(maintained),
        "missing_fraction": pa.array(missing, pa.float64()),
    }


def _with_values(head: dict[str, pa.Array], table: pa.Table, signals: list[str], start_row: np.ndarray, length: int,
                 meta: dict) -> pa.Table:
    """The window rows with, per signal, the list of its values (and of its fill mask)."""
    if start_row.size * length >= 2**31:
        raise SensorTableError("windows", f"{start_row.size} windows of {length} values overflow a list column",
                               table="wide", hint="window fewer equipment or days at a time, or use a larger step")
    take = pa.array((start_row[:, None] + np.arange(length)).ravel(), pa.int64())
    offsets = pa.array(np.arange(start_row.size + 1, dtype=np.int64) * length, pa.int32())
    fields = [pa.field(name, array.type) for name, array in head.items()]
    arrays = list(head.values())
    for name in signals + [s + FILLED for s in signals if s + FILLED in table.schema.names]:
        kind = pa.bool_() if name.endswith(FILLED) else pa.float64()
        arrays.append(pa.ListArray.from_arrays(offsets, table.column(name).cast(kind).take(take).combine_chunks()))
        fields.append(pa.field(name, pa.list_(kind), metadata=table.schema.field(name).metadata))
    schema = pa.schema(fields, metadata={METADATA_KEY: json.dumps(meta, sort_keys=True)})
    return pa.Table.from_arrays(arrays, schema=schema)
