"""A source kind the project does not ship, written the way a new kind is: this one module (a spec model and a
reader) plus one line in ``connectors.registry.KINDS``. JSON Lines files in a folder, one batch per file, each
file read once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pyarrow as pa
from pydantic import Field

from connectors.base import Interval, SourceTable, State
from plantset.core.spec_base import SLUG, SourceBase, SpecModel


class JsonLinesTable(SpecModel):
    """Files of one kind in the folder."""

    name: str = Field(pattern=SLUG, description="Name of this table within the source.")
    pattern: str = Field(description="Glob of the files, relative to the folder.")


class JsonLinesSource(SourceBase):
    """A folder of JSON Lines files (an IoT gateway's export, say)."""

    kind: Literal["jsonl"] = Field(description="`jsonl` for a folder of JSON Lines files.")
    path: str = Field(description="Folder holding the files.")
    tables: list[JsonLinesTable] = Field(min_length=1, description="Kinds of file in the folder.")
    appends = True


class JsonLinesReader(SourceTable):
    def __init__(self, source: JsonLinesSource, table: JsonLinesTable):
        self.source, self.table = source.name, table.name
        self.folder, self.pattern = Path(source.path), table.pattern
        self._seen: list[str] = []

    def check(self) -> str:
        return f"{len(list(self.folder.glob(self.pattern)))} files in {self.folder}"

    def batches(self, state: State | None, interval: Interval | None = None) -> Iterator[pa.RecordBatch]:
        self._seen = list((state or {}).get("files", []))
        broken = 0
        for path in sorted(self.folder.glob(self.pattern)):
            if path.name in self._seen:
                continue
            rows = []
            for line in filter(str.strip, path.read_text(encoding="utf-8").splitlines()):
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    broken += 1  # a gateway's torn last line: skipped, and said so
            self._seen.append(path.name)
            self.report = {"losses": {"lines that are not JSON": broken}} if broken else {}
            yield pa.RecordBatch.from_pylist([{k: None if v is None else str(v) for k, v in r.items()} for r in rows])

    def next_state(self) -> State:
        return {"files": sorted(self._seen)}


def open_tables(source: JsonLinesSource, timezone: str) -> list[SourceTable]:
    return [JsonLinesReader(source, table) for table in source.tables]
