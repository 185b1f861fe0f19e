"""Extract stage: a source table's batches into raw Parquet files in the run's staging area.

Memory stays flat: each batch is written as it arrives. A batch whose schema differs from
the open file's (a column that was all NULL so far, a type the driver widened) starts a
new file rather than being coerced, so raw files hold exactly what the source sent.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from plantset.core.spec import label
from plantset.core.state import write_json_atomic

if TYPE_CHECKING:
    from connectors.base import Interval, SourceTable, State

# A small dictionary page limit: columns with many distinct values (ids, times, free text) give up
# dictionary encoding after 64 KiB instead of 1 MiB, which in row groups of ~100k rows halves the
# write CPU and makes smaller files; code-like columns (a few thousand values) keep their dictionary.
RAW_COMPRESSION = {"compression": "zstd", "compression_level": 1, "dictionary_pagesize_limit": 64 * 1024}


@dataclass
class TableExtract:
    """What extracting one source table produced."""

    source: str
    table: str
    rows: int = 0
    bytes: int = 0
    files: list[Path] = field(default_factory=list)
    state: State = field(default_factory=dict)
    interval: bool = False  # read by data interval: the state was left as it was and is not committed
    report: dict = field(default_factory=dict)  # what the reader noticed: losses, gaps, statuses (OPC UA)

    RECORD = "extract.json"

    @property
    def label(self) -> str:
        return label(self.source, self.table)

    def summary(self) -> dict:
        """What the run record says of this table: rows, bytes and what its reader noticed."""
        return {"rows": self.rows, "bytes": self.bytes, **({"reading": self.report} if self.report else {})}

    def save(self, folder: Path) -> Path:
        """Record the result next to its files, so a later task (or process) can pick it up."""
        record = {**asdict(self), "files": [p.name for p in self.files]}
        write_json_atomic(folder / self.RECORD, record)
        return folder / self.RECORD

    @classmethod
    def load(cls, record: Path) -> TableExtract:
        data = json.loads(record.read_text(encoding="utf-8"))
        data["files"] = [record.parent / name for name in data["files"]]
        return cls(**data)


def extract_table(
    reader: SourceTable,
    state: State | None,
    dest: Path,
    on_rows: Callable[[int], None] | None = None,
    interval: Interval | None = None,
) -> TableExtract:
    """Stream ``reader`` from ``state`` into ``dest/part-NNNNN.parquet`` files."""
    shutil.rmtree(dest, ignore_errors=True)  # a retry starts from nothing, never appends
    dest.mkdir(parents=True)
    result = TableExtract(source=reader.source, table=reader.table)
    writer: pq.ParquetWriter | None = None
    try:
        for batch in reader.batches(state, interval):
            if batch.num_rows == 0:
                continue
            if writer is None or not writer.schema.equals(batch.schema):
                if writer is not None:
                    writer.close()
                path = dest / f"part-{len(result.files):05d}.parquet"
                writer = pq.ParquetWriter(path, batch.schema, **RAW_COMPRESSION)
                result.files.append(path)
            writer.write_batch(batch)
            result.rows += batch.num_rows
            if on_rows is not None:
                on_rows(batch.num_rows)
    finally:
        if writer is not None:
            writer.close()
    result.bytes = sum(p.stat().st_size for p in result.files)
    result.state = reader.next_state()
    result.report = dict(reader.report)
    return result


def quarantined(extracts: list[TableExtract]) -> list[str]:
    """Files a run could not read, once each (several tables of a source read the same files), with the reason."""
    return sorted({f"{e.source}/{item['path']}: {item['reason']}" for e in extracts
                   for item in e.report.get("quarantined", [])})
