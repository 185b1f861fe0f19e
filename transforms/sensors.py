"""Sensor readings as model input: wide rows per time bin, and labelled windows.

``wide`` turns the long ``sensor_reading`` table (one OPC UA value per row) into one row per
equipment and time bin with a float64 column per signal. ``windows`` cuts those rows into
fixed-length windows labelled from ``failure_event`` for anomaly detection and predictive
maintenance. Bins and windows start at multiples of their step since the Unix epoch (UTC), so
runs on different days or machines line up; the work is vectorized in numpy and Arrow, and the
output does not depend on the order of the input rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple

from plantset.errors import StageError

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

FILLED = "__filled"
"""Suffix of the boolean column that marks, per signal, the values carried forward by ``wide``."""
METADATA_KEY = b"plantset"
READING_COLUMNS = ("equipment_id", "signal", "source_time", "value", "status_code")
FAILURE_COLUMNS = ("equipment_id", "failure_id", "failure_mode", "occurred_at", "recovered_at")
MAINTENANCE_COLUMNS = ("equipment_id", "started_at", "ended_at")
_KEYS = ("equipment_id", "time")
_DURATION = re.compile(r"(\d+)\s*(ms|s|min|m|h|d)")
_UNIT_US = {"ms": 1_000, "s": 1_000_000, "m": 60_000_000, "min": 60_000_000, "h": 3_600_000_000,
            "d": 86_400_000_000}
_BAD = 2 << 30  # OPC UA severity bits 10: what a reading without a status code counts as
_MAX_CELLS = 1 << 31  # 16 GiB of float64: beyond that, a stray timestamp is likelier than a real request
_BATCH_ROWS = 1 << 16  # readings per numpy slice: small slices keep memory to the output and stay in cache


class SensorTableError(StageError, ValueError):
    """A sensor, failure or maintenance table cannot be binned or windowed as asked."""

    def __reduce__(self):
        kwargs = {"source": self.source, "table": self.table, "column": self.column, "hint": self.hint}
        return _rebuild_error, (self.stage, self.what, kwargs)


def _rebuild_error(stage: str, what: str, kwargs: dict) -> SensorTableError:
    return SensorTableError(stage, what, **kwargs)


def duration_us(value: str | timedelta, name: str, stage: str) -> int:
    """``value`` ("1s", "10s", "1m", "5m", "1h", "1d", "500ms" or a timedelta) in microseconds."""
    if isinstance(value, timedelta):
        micros = value // timedelta(microseconds=1)
    elif isinstance(value, str) and (match := _DURATION.fullmatch(value.strip())):
        micros = int(match[1]) * _UNIT_US[match[2]]
    else:
        raise SensorTableError(stage, f"{name}={value!r} is not a duration",
                               hint='write a whole number and a unit (ms, s, m or min, h, d), e.g. "10s", "5m", "1h"')
    if micros <= 0:
        raise SensorTableError(stage, f"{name}={value!r} is not longer than zero", hint='pass e.g. "1m"')
    return micros


def column_name(signal: str) -> str:
    """The wide column of ``signal``: "Monitoring/SpindleSpeed" becomes "monitoring_spindle_speed".

    camelCase splits where the case changes, every run of characters other than letters and
    digits (of any script, so Korean names survive) becomes one "_", and the result is lower
    case; a name that would be empty or start with a digit gets "s_" in front. The original
    signal stays in the column's field metadata under ``signal``.
    """
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", signal)
    text = re.sub(r"[\W_]+", "_", text).strip("_").lower()
    return f"s_{text}" if not text or text[0].isdigit() else text


def wide(readings: pa.Table, interval: str | timedelta, *, ffill_limit: int, signals: list[str] | None = None,
         good_only: bool = True) -> pa.Table:
    """One row per equipment and time bin from ``sensor_reading`` rows, one float64 column per signal.

    A row covers ``[time, time + interval)``, ``time`` being a multiple of ``interval`` since the
    Unix epoch in UTC; each equipment has every bin from its first reading to its last. A cell
    holds the *last* usable reading of the bin by ``source_time`` (equal times: the larger value),
    the state at the end of the bin, so a window's last bin never averages in a level it had
    left and a bin of one reading is not smoothed differently from a bin of sixty. Usable means
    numeric (not null, not NaN) with Good status, or Good or Uncertain when ``good_only`` is
    False; Bad readings count as absent. An empty cell takes the value of the latest
    observed cell of the same equipment and signal at most ``ffill_limit`` bins back; then
    ``<column>__filled`` is True (observed = value present and not filled).

    Columns: ``equipment_id``, ``time`` (timestamp[us, UTC]), the signal columns (named by
    ``column_name``; order of ``signals``, else sorted by name; every signal with a numeric
    reading when ``signals`` is None), then their ``__filled`` masks in the same order. Rows
    are sorted by equipment and time. Naive timestamps are taken as UTC.
    """
    step = duration_us(interval, "interval", "wide")
    if isinstance(ffill_limit, bool) or not isinstance(ffill_limit, int) or ffill_limit < 0:
        raise SensorTableError("wide", f"ffill_limit={ffill_limit!r} is not a whole number of bins >= 0",
                               hint="pass e.g. ffill_limit=5 to carry a value up to 5 bins forward, 0 for never")
    _require(readings, READING_COLUMNS, "sensor_reading", "wide")
    chosen = _chosen_signals(readings, signals)
    names = _equipment(readings)
    grid = _grid(_batches(readings, names, chosen, step, good_only), len(names))
    if grid.rows * len(chosen) > _MAX_CELLS:
        raise SensorTableError("wide", f"{grid.rows} bins x {len(chosen)} signals is more than the {_MAX_CELLS} cells "
                               "a wide table may have", table="sensor_reading", column="source_time",
                               hint="look for stray source_time values, or use a coarser interval or fewer signals")
    values, observed = _last_values(lambda: _batches(readings, names, chosen, step, good_only), grid, len(chosen))
    filled = _forward_fill(values, observed, grid, ffill_limit)
    meta = {"interval_us": step, "ffill_limit": ffill_limit, "good_only": good_only}
    return _wide_table(names, grid, step, chosen, _units(readings), (values, observed, filled), meta)


class _Batch(NamedTuple):
    equipment: np.ndarray  # index into the sorted equipment ids
    signal: np.ndarray  # index into the chosen signals
    bin: np.ndarray  # source_time // interval
    time: np.ndarray  # source_time, µs since the epoch
    value: np.ndarray
    usable: np.ndarray  # numeric, and Good (or Uncertain, if allowed): OPC UA status bits 31-30 are 00 (01)


class _Grid(NamedTuple):
    first: np.ndarray  # first bin of each equipment
    counts: np.ndarray  # bins of each equipment (0 for one without readings of the chosen signals)
    offsets: np.ndarray  # row of each equipment's first bin; offsets[-1] is the row count

    @property
    def rows(self) -> int:
        return int(self.offsets[-1])


def _require(table: pa.Table, columns: tuple[str, ...], name: str, stage: str) -> None:
    missing = [c for c in columns if c not in table.schema.names]
    if missing:
        source = "build it with wide()" if name == "wide" else f"pass a {name} table as schemas/canonical.yaml has it"
        raise SensorTableError(stage, f"no column {', '.join(missing)}", table=name,
                               hint=f"the columns are {table.schema.names}; {source}")


def _chosen_signals(readings: pa.Table, signals: list[str] | None) -> list[str]:
    import pyarrow as pa
    import pyarrow.compute as pc

    if signals is None:
        values = _floats(readings.column("value"))
        numeric = pa.table({"signal": readings.column("signal").cast(pa.string()),
                            "numeric": pc.fill_null(pc.invert(pc.is_nan(values)), False)})
        numeric = numeric.group_by("signal").aggregate([("numeric", "any")]).drop_null()
        present = numeric.filter(numeric["numeric_any"])["signal"].to_pylist()
        signals = sorted(present, key=lambda s: (column_name(s), s))
        if not signals:
            raise SensorTableError("wide", "no reading has a numeric value", table="sensor_reading", column="value",
                                   hint="check the readings, or pass signals=[...] to get columns of nulls")
    if not signals or len(set(signals)) != len(signals) or not all(isinstance(s, str) for s in signals):
        raise SensorTableError("wide", f"signals={signals!r} is not a list of distinct signal names",
                               table="sensor_reading", column="signal",
                               hint='pass e.g. signals=["Monitoring/Temperature"], or None for all')
    by_name: dict[str, str] = {name: name for name in _KEYS}
    for signal in signals:
        other = by_name.setdefault(column_name(signal), signal)
        if other != signal:
            raise SensorTableError("wide", f"signals {other!r} and {signal!r} both become column "
                                   f"{column_name(signal)!r}", table="sensor_reading", column="signal",
                                   hint="pass signals=[...] without one of them, or rename one upstream")
    return list(signals)


def _floats(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    import pyarrow as pa

    if not (pa.types.is_floating(values.type) or pa.types.is_integer(values.type) or pa.types.is_null(values.type)):
        raise SensorTableError("wide", f"value is {values.type}, not a number", table="sensor_reading", column="value",
                               hint="cast it to float64; text values belong in text_value")
    return values.cast(pa.float64())


def _micros(column: pa.Array | pa.ChunkedArray, table: str, name: str, stage: str) -> pa.Array | pa.ChunkedArray:
    """A timestamp column as int64 µs since the epoch in UTC (naive times taken as UTC)."""
    import pyarrow as pa

    if not pa.types.is_timestamp(column.type):
        raise SensorTableError(stage, f"{name} is {column.type}, not a timestamp", table=table, column=name,
                               hint="cast it to timestamp[us, UTC], the canonical time type")
    return column.cast(pa.timestamp("us", tz=column.type.tz), safe=False).cast(pa.int64())


def _equipment(readings: pa.Table) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    names = pc.unique(readings.column("equipment_id").cast(pa.string())).drop_null()
    return names.take(pc.sort_indices(names))


def _batches(readings: pa.Table, names: pa.Array, chosen: list[str], step: int, good_only: bool) -> Iterator[_Batch]:
    """The readings of the chosen signals as numpy arrays, a slice at a time so memory follows the output."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    wanted = pa.array(chosen, pa.string())
    for batch in readings.select(list(READING_COLUMNS)).to_batches(max_chunksize=_BATCH_ROWS):
        time = _micros(batch.column(2), "sensor_reading", "source_time", "wide")
        codes = [pc.index_in(batch.column(i).cast(pa.string()), among) for i, among in ((0, names), (1, wanted))]
        keep = pc.and_(pc.and_(pc.is_valid(codes[0]), pc.is_valid(codes[1])), pc.is_valid(time))
        keep = keep.to_numpy(zero_copy_only=False)
        equipment, signal, time = (pc.fill_null(a, 0).to_numpy()[keep] for a in (*codes, time))
        value = pc.fill_null(_floats(batch.column(3)), float("nan")).to_numpy()[keep]
        severity = (pc.fill_null(batch.column(4).cast(pa.int64()), _BAD).to_numpy()[keep] >> 30) & 3
        usable = ~np.isnan(value) & ((severity == 0) | ((severity == 1) & (not good_only)))
        yield _Batch(equipment, signal, time // step, time, value, usable)


def _units(readings: pa.Table) -> dict[str, str]:
    """The unit of each signal that has exactly one."""
    import pyarrow as pa

    if "unit" not in readings.schema.names:
        return {}
    pairs = pa.table({name: readings.column(name).cast(pa.string()) for name in ("signal", "unit")})
    units = pairs.group_by("signal").aggregate([("unit", "count_distinct"), ("unit", "min")]).to_pydict()
    return {s: u for s, n, u in zip(units["signal"], units["unit_count_distinct"], units["unit_min"]) if n == 1}


def _grid(batches: Iterator[_Batch], count: int) -> _Grid:
    """Each equipment's bins, from its first reading of a chosen signal to its last (whatever the status)."""
    import numpy as np

    first = np.full(count, np.iinfo(np.int64).max)
    last = np.full(count, np.iinfo(np.int64).min)
    for batch in batches:
        np.minimum.at(first, batch.equipment, batch.bin)
        np.maximum.at(last, batch.equipment, batch.bin)
    counts = np.where(last >= first, last - first + 1, 0)
    return _Grid(np.where(counts > 0, first, 0), counts, np.concatenate(([0], np.cumsum(counts))))


def _last_values(batches: Callable[[], Iterator[_Batch]], grid: _Grid, signals: int) -> tuple[np.ndarray, np.ndarray]:
    """Per signal and row, the value of the latest usable reading (ties: the larger value), and where there was one.

    Two passes of maxima rather than a sort, so the result does not depend on the order of the rows.
    """
    import numpy as np

    def cells() -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        for batch in batches():
            usable = batch.usable
            equipment = batch.equipment[usable]
            row = grid.offsets[equipment] + batch.bin[usable] - grid.first[equipment]
            yield batch.signal[usable].astype(np.int64) * grid.rows + row, batch.time[usable], batch.value[usable]

    never = np.iinfo(np.int64).min
    latest = np.full(signals * grid.rows, never)
    for cell, time, _ in cells():
        np.maximum.at(latest, cell, time)
    values = np.full(signals * grid.rows, -np.inf)
    for cell, time, value in cells():
        final = time == latest[cell]
        np.maximum.at(values, cell[final], value[final])
    observed = latest != never
    values[~observed] = np.nan
    return values.reshape(signals, grid.rows), observed.reshape(signals, grid.rows)


def _forward_fill(values: np.ndarray, observed: np.ndarray, grid: _Grid, limit: int) -> np.ndarray:
    """Carry observed values forward (in place) up to ``limit`` rows within an equipment; returns where it did."""
    import numpy as np

    if limit == 0 or not values.size:
        return np.zeros_like(observed)
    position = np.arange(grid.rows)
    source = np.where(observed, position, -1)
    np.maximum.accumulate(source, axis=1, out=source)
    equipment_start = np.repeat(grid.offsets[:-1], grid.counts)
    filled = ~observed & (source >= equipment_start) & (position - source <= limit)
    np.copyto(values, np.take_along_axis(values, np.maximum(source, 0), axis=1), where=filled)
    return filled


def _wide_table(names: pa.Array, grid: _Grid, step: int, chosen: list[str], units: dict[str, str],
                cells: tuple[np.ndarray, np.ndarray, np.ndarray], meta: dict) -> pa.Table:
    import numpy as np
    import pyarrow as pa

    values, observed, filled = cells
    bins = np.repeat(grid.first - grid.offsets[:-1], grid.counts) + np.arange(grid.rows)
    fields = [pa.field("equipment_id", pa.string()), pa.field("time", pa.timestamp("us", tz="UTC"))]
    arrays = [names.take(pa.array(np.repeat(np.arange(len(names)), grid.counts), pa.int64())),
              pa.array(bins * step, pa.timestamp("us", tz="UTC"))]
    for j, signal in enumerate(chosen):
        described = {"signal": signal, **({"unit": units[signal]} if signal in units else {})}
        fields.append(pa.field(column_name(signal), pa.float64(), metadata=described))
        arrays.append(pa.array(values[j], pa.float64(), mask=~(observed[j] | filled[j])))
    for j, signal in enumerate(chosen):
        fields.append(pa.field(column_name(signal) + FILLED, pa.bool_(), nullable=False, metadata={"signal": signal}))
        arrays.append(pa.array(filled[j]))
    schema = pa.schema(fields, metadata={METADATA_KEY: json.dumps(meta, sort_keys=True)})
    return pa.Table.from_arrays(arrays, schema=schema)


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
    _require(wide_table, _KEYS, "wide", "windows")
    _require(failures, FAILURE_COLUMNS, "failure_event", "windows")
    if maintenance is not None:
        _require(maintenance, MAINTENANCE_COLUMNS, "maintenance_event", "windows")
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
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if table is None:
        return None, _Spans(*(np.zeros(0, np.int64),) * 3)
    spans = pa.table({"equipment": pc.index_in(table.column("equipment_id").cast(pa.string()), names),
                      "begin": _micros(table.column(begin), name, begin, "windows"),
                      "end": _micros(table.column(end), name, end, "windows"),
                      "row": pa.array(np.arange(table.num_rows, dtype=np.int64))})
    spans = spans.filter(pc.and_(pc.is_valid(spans["equipment"]), pc.is_valid(spans["begin"])))
    spans = spans.sort_by([("equipment", "ascending"), ("begin", "ascending"), ("row", "ascending")])
    first = spans["begin"].to_numpy()
    last = pc.fill_null(spans["end"], np.iinfo(np.int64).min).to_numpy()
    equipment = spans["equipment"].to_numpy().astype(np.int64)
    return table.take(spans["row"]), _Spans(equipment, first, np.maximum(last, first + 1))


def _keyer(*times: np.ndarray) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """(equipment, time) as one int64 that sorts like the pair; times are ranked among ``times``, so no overflow."""
    import numpy as np

    universe = np.unique(np.concatenate(times))
    return lambda equipment, time: equipment.astype(np.int64) * (universe.size + 1) + np.searchsorted(universe, time)


def _overlaps(key, equipment: np.ndarray, start: np.ndarray, end: np.ndarray, spans: _Spans) -> np.ndarray:
    """Whether ``[start, end)`` meets a span of its equipment: the spans begun before ``end`` reach past ``start``."""
    import numpy as np

    if not spans.begin.size:
        return np.zeros(equipment.size, bool)
    before = np.searchsorted(key(spans.equipment, spans.begin), key(equipment, end)) - 1
    reach = np.maximum.accumulate(key(spans.equipment, spans.end))  # keys of earlier equipment are all smaller
    at = np.maximum(before, 0)
    return (before >= 0) & (spans.equipment[at] == equipment) & (reach[at] > key(equipment, start))


def _next_failure(key, equipment: np.ndarray, end: np.ndarray, failures: _Spans,
                  horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Label, failure row and seconds to the first failure at or after ``end`` (label 1 when within ``horizon``)."""
    import numpy as np

    if not failures.begin.size:
        return np.zeros(equipment.size, np.int8), np.zeros(equipment.size, np.int64), np.zeros(equipment.size)
    after = np.searchsorted(key(failures.equipment, failures.begin), key(equipment, end))
    at = np.minimum(after, failures.begin.size - 1)
    ahead = failures.begin[at] - end
    label = (after < failures.begin.size) & (failures.equipment[at] == equipment) & (ahead < horizon)
    return label.astype(np.int8), at, ahead / 1e6


def _wide_grid(wide_table: pa.Table) -> tuple[pa.Table, pa.Array, _Grid, int]:
    """The wide table sorted, its equipment, bins and interval; it must have one row per bin."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    table = wide_table.sort_by([("equipment_id", "ascending"), ("time", "ascending")])
    time = _micros(table.column("time"), "wide", "time", "windows")
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
    return table, names, _Grid(time[offsets[:-1]] // interval, counts, offsets), interval


def _interval(wide_table: pa.Table, time: np.ndarray, codes: np.ndarray) -> int:
    """The bin length in µs: from the metadata ``wide`` writes, else the spacing of the rows."""
    import numpy as np

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
    import pyarrow as pa

    signals = [f for f in table.schema if f.name not in _KEYS and not f.name.endswith(FILLED)]
    for field in signals:
        if not (pa.types.is_floating(field.type) or pa.types.is_integer(field.type)):
            raise SensorTableError("windows", f"column {field.name} is {field.type}, not a signal", table="wide",
                                   column=field.name, hint="drop it; every column but equipment_id, time and "
                                                           "*__filled is taken as a signal")
    if not signals:
        raise SensorTableError("windows", "the wide table has no signal columns", table="wide",
                               hint="build it with wide() from readings that have numeric values")
    return [f.name for f in signals]


def _cut(grid: _Grid, length: int, every: int, interval: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Equipment, first row and start (µs) of every window; lengths in bins, starts at multiples of ``every``."""
    import numpy as np

    lowest = -(-grid.first // every)
    count = np.maximum((grid.first + grid.counts - length) // every - lowest + 1, 0)
    equipment = np.repeat(np.arange(count.size), count)
    nth = np.arange(count.sum()) - np.repeat(np.concatenate(([0], np.cumsum(count)))[:-1], count)
    start_bin = (lowest[equipment] + nth) * every
    return equipment, grid.offsets[equipment] + start_bin - grid.first[equipment], start_bin * interval


def _missing_fraction(table: pa.Table, signals: list[str], start_row: np.ndarray, length: int) -> np.ndarray:
    import numpy as np
    import pyarrow.compute as pc

    per_row = sum(pc.is_null(table.column(s)).to_numpy().astype(np.int64) for s in signals)
    running = np.concatenate(([0], np.cumsum(per_row)))
    return (running[start_row + length] - running[start_row]) / (length * len(signals))


def _window_head(names: pa.Array, equipment: np.ndarray, start: np.ndarray, window_us: int, step_us: int,
                 labels: tuple, maintained: np.ndarray | None, missing: np.ndarray) -> dict[str, pa.Array]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

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
    import numpy as np
    import pyarrow as pa

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
