"""What every connector provides: source tables that stream bounded Arrow batches.

A source table is read with the state its previous committed run left (``None`` on the
first run). Once the batches are exhausted, ``next_state()`` gives the state to commit
after the dataset version is published. Nothing here commits anything. Which reader opens
which kind of source is ``connectors.registry``'s business; this module lists none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import pyarrow as pa


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
        zone = ZoneInfo(self.timezone)
        return self.start.astimezone(zone).replace(tzinfo=None), self.end.astimezone(zone).replace(tzinfo=None)


class SourceTable:
    """One table of one source, as the pipeline reads it. ``check``, ``batches`` and ``next_state`` are every
    reader's own; the optional hooks below have defaults, so a reader overrides only what it has."""

    source: str
    table: str
    report: dict[str, Any] = {}  # what the last read noticed (losses, gaps, statuses, NULL tokens); replaced, never mutated

    def check(self) -> str:
        """Connect and confirm the table and its columns exist; return a one-line summary."""
        raise NotImplementedError

    def batches(self, state: State | None, interval: Interval | None = None) -> Iterator[pa.RecordBatch]:
        """Stream the rows due since ``state`` (or, for a timestamp watermark, inside ``interval``)."""
        raise NotImplementedError

    def next_state(self) -> State:
        """State to commit once what ``batches`` yielded has been published."""
        return {}

    def read_by_interval(self) -> bool:
        """Whether the last read was decided by the run's data interval rather than by the state (a backfill
        run's rows): its state is then left as it was, and not committed."""
        return False
