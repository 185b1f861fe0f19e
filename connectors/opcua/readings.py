"""OPC UA data values into rows of the long sensor table, a bounded batch at a time.

Every value is kept with its status: Bad and Uncertain values are rows like Good ones, so a
model can learn from sensor faults and a reader can filter them. Numbers (and booleans) go
to ``value``; everything else (strings, state names, enumerations, dates, arrays) to
``text_value``. A value without a source timestamp takes the server's (and, without either, the
client's receive time).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from asyncua.ua.status_codes import get_name_and_doc

if TYPE_CHECKING:
    from asyncua import ua

BATCH_ROWS = 50_000
OVERFLOW_BIT = 0x80  # InfoBits of a DataValue: the monitored item's queue overflowed before this value

COLUMNS = ("node_id", "browse_path", "equipment", "signal", "source_time", "server_time",
           "value", "text_value", "status_code", "status", "unit")


def schema() -> pa.Schema:
    utc = pa.timestamp("us", tz="UTC")
    return pa.schema([("node_id", pa.string()), ("browse_path", pa.string()), ("equipment", pa.string()),
                      ("signal", pa.string()), ("source_time", utc), ("server_time", utc), ("value", pa.float64()),
                      ("text_value", pa.string()), ("status_code", pa.int64()), ("status", pa.string()),
                      ("unit", pa.string())])


@dataclass(frozen=True)
class Signal:
    """A selected variable: where it is, which machine it belongs to, its unit."""

    node: ua.NodeId
    node_id: str  # with its namespace URI, stable across server restarts
    browse_path: str
    equipment: str
    signal: str
    unit: str | None = None


def received_at() -> datetime:
    """The client's clock, for the rare value that carries neither a source nor a server timestamp."""
    return datetime.now(timezone.utc)


@lru_cache(maxsize=1024)
def status_name(code: int) -> str:
    return get_name_and_doc(code & 0xFFFF0000)[0]


def split_value(value: Any) -> tuple[float | None, str | None]:
    """A variant's value as (number, text): exactly one is set, or neither for null."""
    if value is None:
        return None, None
    if isinstance(value, (int, float)):  # booleans too: 1.0 and 0.0
        return float(value), None
    if isinstance(value, str):
        return None, value
    if isinstance(value, datetime):
        return None, value.isoformat()
    text = getattr(value, "Text", None)  # LocalizedText: a state name
    if text is not None or type(value).__name__ == "LocalizedText":
        return None, text
    name = getattr(value, "name", None)  # an enumeration
    if name is not None and isinstance(getattr(value, "value", None), int):
        return float(value.value), name
    if isinstance(value, (list, tuple)):
        return None, json.dumps([_plain(*split_value(v)) for v in value], ensure_ascii=False)
    return None, str(value)


def _plain(number: float | None, text: str | None) -> float | str | None:
    return number if number is not None else text


class Rows:
    """Columns of readings under construction; ``batch()`` hands them over as Arrow."""

    def __init__(self) -> None:
        self._columns: dict[str, list] = {name: [] for name in COLUMNS}
        self.statuses: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._columns["node_id"])

    def add(self, signal: Signal, data: ua.DataValue) -> None:
        columns = self._columns
        code = data.StatusCode.value if data.StatusCode is not None else 0
        number, text = split_value(data.Value.Value if data.Value is not None else None)
        columns["node_id"].append(signal.node_id)
        columns["browse_path"].append(signal.browse_path)
        columns["equipment"].append(signal.equipment)
        columns["signal"].append(signal.signal)
        columns["source_time"].append(data.SourceTimestamp or data.ServerTimestamp or received_at())
        columns["server_time"].append(data.ServerTimestamp)
        columns["value"].append(number)
        columns["text_value"].append(text)
        columns["status_code"].append(code & 0xFFFF0000)
        name = status_name(code)
        columns["status"].append(name)
        columns["unit"].append(signal.unit)
        self.statuses[name] = self.statuses.get(name, 0) + 1

    def batch(self) -> pa.RecordBatch:
        columns, self._columns = self._columns, {name: [] for name in COLUMNS}
        return pa.RecordBatch.from_pydict(columns, schema=schema())
