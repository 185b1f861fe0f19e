"""What every connector provides: source tables that stream bounded Arrow batches.

A source table is read with the state its previous committed run left (``None`` on the
first run). Once the batches are exhausted, ``next_state()`` gives the state to commit
after the dataset version is published. Nothing here commits anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pyarrow as pa

    from plantset.core.spec import DocumentSource, FileSource, OpcUaSource, SqlSource

State = dict[str, Any]


@dataclass(frozen=True)
class Interval:
    """A data interval [start, end) in UTC (a scheduled or backfill run), and the plant's time zone."""

    start: datetime
    end: datetime
    timezone: str

    def bounds(self, naive: bool) -> tuple[datetime, datetime]:
        """The interval as the watermark column sees it: plant-local naive times, or aware UTC."""
        if not naive:
            return self.start, self.end
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.timezone)
        return self.start.astimezone(zone).replace(tzinfo=None), self.end.astimezone(zone).replace(tzinfo=None)


class SourceTable(Protocol):
    """One table of one source, as the runner sees it."""

    source: str
    table: str

    def check(self) -> str:
        """Connect and confirm the table and its columns exist; return a one-line summary."""

    def batches(self, state: State | None, interval: Interval | None = None) -> Iterator[pa.RecordBatch]:
        """Stream the rows due since ``state`` (or, for a timestamp watermark, inside ``interval``)."""

    def next_state(self) -> State:
        """State to commit once what ``batches`` yielded has been published."""


def open_tables(source: SqlSource | FileSource | OpcUaSource | DocumentSource,
                timezone: str = "UTC") -> list[SourceTable]:
    """The source tables a spec source declares (``timezone``: of naive times in the source's settings)."""
    if source.kind == "documents":
        from connectors.documents.source import DocumentTableReader

        return [DocumentTableReader(source, table) for table in source.tables]
    if source.kind == "opcua":
        from connectors.opcua.source import OpcUaTableReader

        return [OpcUaTableReader(source, table, timezone) for table in source.tables]
    if source.kind == "sql":
        from connectors.sql import SqlTableReader, connect_url

        url = connect_url(source)
        return [SqlTableReader(source, table, url) for table in source.tables]
    from connectors.files import FileTableReader

    return [FileTableReader(source, table) for table in source.tables]
