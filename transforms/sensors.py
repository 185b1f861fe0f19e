"""Sensor readings as model input: one wide row per equipment and time bin (``wide``).

``wide`` turns the long ``sensor_reading`` table (one OPC UA value per row) into one row per
equipment and time bin with a float64 column per signal; ``transforms.windows`` cuts those
rows into labelled windows. Bins start at multiples of the interval since the Unix epoch (UTC), so
runs on different days or machines line up; the work is vectorized in numpy and Arrow, and the
output does not depend on the order of the input rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from plantset.core.errors import StageError

FILLED = "__filled"
"""Suffix of the boolean column that marks, per signal, the values carried forward by ``wide``."""
METADATA_KEY = b"plantset"
READING_COLUMNS = ("equipment_id", "signal", "source_time", "value", "status_code")
KEY_COLUMNS = ("equipment_id", "time")
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
    require_columns(readings, READING_COLUMNS, "sensor_reading", "wide")
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


class Grid(NamedTuple):
    first: np.ndarray  # first bin of each equipment
    counts: np.ndarray  # bins of each equipment (0 for one without readings of the chosen signals)
    offsets: np.ndarray  # row of each equipment's first bin; offsets[-1] is the row count

    @property
    def rows(self) -> int:
        return int(self.offsets[-1])


def require_columns(table: pa.Table, columns: tuple[str, ...], name: str, stage: str) -> None:
    missing = [c for c in columns if c not in table.schema.names]
    if missing:
        source = "build it with wide()" if name == "wide" else f"pass a {name} table as schemas/canonical.yaml has it"
        raise SensorTableError(stage, f"no column {', '.join(missing)}", table=name,
                               hint=f"the columns are {table.schema.names}; {source}")


def _chosen_signals(readings: pa.Table, signals: list[str] | None) -> list[str]:
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
    by_name: dict[str, str] = {name: name for name in KEY_COLUMNS}
    for signal in signals:
        other = by_name.setdefault(column_name(signal), signal)
        if other != signal:
            raise SensorTableError("wide", f"signals {other!r} and {signal!r} both become column "
                                   f"{column_name(signal)!r}", table="sensor_reading", column="signal",
                                   hint="pass signals=[...] without one of them, or rename one upstream")
    return list(signals)


def _floats(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    if not (pa.types.is_floating(values.type) or pa.types.is_integer(values.type) or pa.types.is_null(values.type)):
        raise SensorTableError("wide", f"value is {values.type}, not a number", table="sensor_reading", column="value",
                               hint="cast it to float64; text values belong in text_value")
    return values.cast(pa.float64())


def micros(column: pa.Array | pa.ChunkedArray, table: str, name: str, stage: str) -> pa.Array | pa.ChunkedArray:
    """A timestamp column as int64 µs since the epoch in UTC (naive times taken as UTC)."""
    if not pa.types.is_timestamp(column.type):
        raise SensorTableError(stage, f"{name} is {column.type}, not a timestamp", table=table, column=name,
                               hint="cast it to timestamp[us, UTC], the canonical time type")
    return column.cast(pa.timestamp("us", tz=column.type.tz), safe=False).cast(pa.int64())


def _equipment(readings: pa.Table) -> pa.Array:
    names = pc.unique(readings.column("equipment_id").cast(pa.string())).drop_null()
    return names.take(pc.sort_indices(names))


def _batches(readings: pa.Table, names: pa.Array, chosen: list[str], step: int, good_only: bool) -> Iterator[_Batch]:
    """The readings of the chosen signals as numpy arrays, a slice at a time so memory follows the output."""
    wanted = pa.array(chosen, pa.string())
    for batch in readings.select(list(READING_COLUMNS)).to_batches(max_chunksize=_BATCH_ROWS):
        time = micros(batch.column(2), "sensor_reading", "source_time", "wide")
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
    if "unit" not in readings.schema.names:
        return {}
    pairs = pa.table({name: readings.column(name).cast(pa.string()) for name in ("signal", "unit")})
    units = pairs.group_by("signal").aggregate([("unit", "count_distinct"), ("unit", "min")]).to_pydict()
    return {s: u for s, n, u in zip(units["signal"], units["unit_count_distinct"], units["unit_min"]) if n == 1}


def _grid(batches: Iterator[_Batch], count: int) -> Grid:
    """Each equipment's bins, from its first reading of a chosen signal to its last (whatever the status)."""
    first = np.full(count, np.iinfo(np.int64).max)
    last = np.full(count, np.iinfo(np.int64).min)
    for batch in batches:
        np.minimum.at(first, batch.equipment, batch.bin)
        np.maximum.at(last, batch.equipment, batch.bin)
    counts = np.where(last >= first, last - first + 1, 0)
    return Grid(np.where(counts > 0, first, 0), counts, np.concatenate(([0], np.cumsum(counts))))


def _last_values(batches: Callable[[], Iterator[_Batch]], grid: Grid, signals: int) -> tuple[np.ndarray, np.ndarray]:
    """Per signal and row, the value of the latest usable reading (ties: the larger value), and where there was one.

    Two passes of maxima rather than a sort, so the result does not depend on the order of the rows.
    """
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


def _forward_fill(values: np.ndarray, observed: np.ndarray, grid: Grid, limit: int) -> np.ndarray:
    """Carry observed values forward (in place) up to ``limit`` rows within an equipment; returns where it did."""
    if limit == 0 or not values.size:
        return np.zeros_like(observed)
    position = np.arange(grid.rows)
    source = np.where(observed, position, -1)
    np.maximum.accumulate(source, axis=1, out=source)
    equipment_start = np.repeat(grid.offsets[:-1], grid.counts)
    filled = ~observed & (source >= equipment_start) & (position - source <= limit)
    np.copyto(values, np.take_along_axis(values, np.maximum(source, 0), axis=1), where=filled)
    return filled


def _wide_table(names: pa.Array, grid: Grid, step: int, chosen: list[str], units: dict[str, str],
                cells: tuple[np.ndarray, np.ndarray, np.ndarray], meta: dict) -> pa.Table:
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
