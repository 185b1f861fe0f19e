"""Incremental extraction by a watermark column, with a lag window.

Each run reads rows whose watermark is at or past ``last - lag``. Rows in that window were
partly seen by the previous run; their hashes are kept in the state, so a row is dropped
only if it was already delivered. Rows sharing the watermark's value, and rows that commit
late within the lag, are therefore neither skipped nor duplicated.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from plantset.core.errors import StageError, without_values

if TYPE_CHECKING:
    from connectors.base import State
    from plantset.core.spec import Watermark

_PRUNE_AT = 100_000
_LAG_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def lag_delta(mark: Watermark) -> timedelta | int:
    """The lag as a value that can be subtracted from a watermark."""
    if mark.kind == "integer":
        return int(mark.lag)
    if isinstance(mark.lag, int):
        return timedelta(0)
    return timedelta(**{_LAG_UNITS[mark.lag[-1]]: int(mark.lag[:-1])})


def encode(value: Any) -> Any:
    """A watermark value as JSON."""
    return value.isoformat() if isinstance(value, datetime) else value


def decode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    return datetime.fromisoformat(value) if kind == "timestamp" else int(value)


def row_hashes(batch: pa.RecordBatch, columns: list[str]) -> list[str]:
    """A stable short hash of each row over ``columns``."""
    rows = zip(*(batch.column(c).to_pylist() for c in columns))
    return [
        hashlib.sha256(json.dumps(row, default=str, ensure_ascii=False).encode()).hexdigest()[:24]
        for row in rows
    ]


class WatermarkWindow:
    """Filters batches against the previous run's window and tracks the next state."""

    def __init__(self, mark: Watermark, key: list[str], state: State | None, *, source: str, table: str):
        self.mark = mark
        self.key = key
        self.where = {"source": source, "table": table, "column": mark.column}
        self.lag = lag_delta(mark)
        self.previous = decode((state or {}).get("watermark"), mark.kind)
        self.previous_seen = set((state or {}).get("seen", []))
        self.high = self.previous
        self._window: list[tuple[Any, str]] = []
        self._prune_at = _PRUNE_AT

    def low_bound(self) -> Any:
        """Smallest watermark value the next query must read, or None for everything."""
        return None if self.previous is None else self.previous - self.lag

    def admit(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """The rows of ``batch`` not delivered before; records the window for the next state."""
        column = self._values(batch)
        if column.null_count:
            raise StageError(
                "extract", f"{column.null_count} rows have NULL in the watermark column", **self.where,
                hint="exclude them with a `query:` (… WHERE col IS NOT NULL) or choose a column that is always set",
            )
        batch_high = pc.max(column).as_py()
        if batch_high is not None and (self.high is None or batch_high > self.high):
            self.high = batch_high
        # Key plus watermark: an update that commits late under an already-delivered key is a new row.
        columns = [*self.key, self.mark.column] if self.key else batch.schema.names
        self._remember(batch, columns)
        if self.previous is None or not self.previous_seen:
            return batch
        overlap = pc.less_equal(column, self._scalar(self.previous, column.type))
        if not pc.any(overlap).as_py():
            return batch
        hashes = row_hashes(batch, columns)
        keep = [not (o and h in self.previous_seen) for o, h in zip(overlap.to_pylist(), hashes)]
        return batch.filter(keep)

    def _remember(self, batch: pa.RecordBatch, columns: list[str]) -> None:
        if self.high is None:
            return
        column = self._values(batch)
        floor = self.high - self.lag
        in_window = pc.greater_equal(column, self._scalar(floor, column.type))
        if not pc.any(in_window).as_py():
            return
        tail = batch.filter(in_window)
        values = column.filter(in_window).to_pylist()
        self._window.extend(zip(values, row_hashes(tail, columns)))
        if len(self._window) > self._prune_at:
            # The high mark only rises, so rows below the current floor never re-enter the window.
            self._window = [(v, h) for v, h in self._window if v >= floor]
            self._prune_at = max(_PRUNE_AT, 2 * len(self._window))

    def _values(self, batch: pa.RecordBatch) -> pa.Array:
        """The watermark column; text times (SQLite through a `query:`) parsed as ISO 8601."""
        column = batch.column(self.mark.column)
        if self.mark.kind != "timestamp" or not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            return column
        try:
            return column.cast(pa.timestamp("us"))
        except pa.ArrowInvalid as exc:
            raise StageError("extract", f"watermark values are not ISO 8601 times: {without_values(str(exc))}", **self.where,
                             hint="convert the column in a `query:` or use `kind: integer`") from None

    @staticmethod
    def _scalar(value: Any, arrow_type: pa.DataType) -> pa.Scalar:
        return pa.scalar(value, type=arrow_type)

    def next_state(self) -> State:
        if self.high is None:
            return {"watermark": None, "seen": []}
        floor = self.high - self.lag
        seen = sorted({h for v, h in self._window if v >= floor})
        return {"watermark": encode(self.high), "seen": seen}
