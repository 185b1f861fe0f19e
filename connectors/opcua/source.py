"""An OPC UA source table as the runner sees it: Arrow batches of the long sensor table.

asyncua is asynchronous and the runner is not: the reading runs on its own event loop in a
worker thread and hands batches over through a small queue, so a long capture or a
month of history streams to Parquet with bounded memory. History state is the end of
the last committed read; a run with a data interval reads exactly that interval and
leaves the state alone.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from asyncua import ua

from connectors.base import SourceTable
from connectors.opcua.address import AddressSpace
from connectors.opcua.modes import Tally, capture, history, snapshot
from connectors.opcua.session import Gaps, Outage, connect, fail
from plantset.core.spec import seconds

if TYPE_CHECKING:
    import pyarrow as pa

    from connectors.base import Interval, State
    from plantset.core.spec import OpcUaSource, OpcUaTable

_DONE = object()
_log = logging.getLogger(__name__)


class OpcUaTableReader(SourceTable):
    """Reads one table (a selection and a mode) of an OPC UA source."""

    def __init__(self, source: OpcUaSource, table: OpcUaTable, timezone_name: str = "UTC"):
        self.config = source
        self.spec = table
        self.source = source.name
        self.table = table.name
        self.timezone = timezone_name
        self._by_interval = False  # set when a run's data interval decided what was read
        self.report: dict[str, Any] = {}
        self._next: dict[str, Any] = {}

    def _fail(self, what: str, hint: str, stage: str = "extract", retryable: bool = False):
        return fail(self.config, what, hint, self.table, stage, retryable)

    # -- SourceTable --------------------------------------------------------------------------
    def read_by_interval(self) -> bool:
        return self._by_interval

    def check(self) -> str:
        async def probe() -> str:
            async with connect(self.config, table=self.table, stage="check") as client:
                space = await AddressSpace(client, self.config, self.table, "check").open()
                signals = await space.select(self.spec.nodes)
            problems = f"; {len(space.nodesets.problems)} NodeSet(s) not loaded" if space.nodesets.problems else ""
            return f"{len(signals)} variables, {self.spec.mode} from {self.config.endpoint}{problems}"

        return asyncio.run(probe())

    def batches(self, state: State | None, interval: Interval | None = None) -> Iterator[pa.RecordBatch]:
        span = self._span(state, interval)
        if span is not None and span[0] >= span[1]:
            self._next = dict(state or {})
            return
        yield from _pump(lambda emit, stop: self._read(span, emit, stop))

    def next_state(self) -> State:
        return self._next

    # -- reading --------------------------------------------------------------------------------
    def _span(self, state: State | None, interval: Interval | None) -> tuple[datetime, datetime] | None:
        """For history: the [start, end) to read, from the data interval or the committed end."""
        if self.spec.mode != "history":
            self._next = {}
            return None
        first, last = self._time(self.spec.start), self._time(self.spec.end) if self.spec.end else None
        if interval is not None:
            self._by_interval = True
            self._next = dict(state or {})
            begin, end = max(interval.start, first), interval.end if last is None else min(interval.end, last)
            return begin, end
        begin = datetime.fromisoformat(state["until"]) if state and state.get("until") else first
        end = last or datetime.now(timezone.utc).replace(microsecond=0)
        self._next = {"until": max(begin, end).isoformat()}
        return begin, end

    def _time(self, text: str) -> datetime:
        value = datetime.fromisoformat(text)
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo(self.timezone))
        return value.astimezone(timezone.utc)

    async def _read(self, span, emit, stop) -> None:
        gaps, tally = Gaps(), Tally()
        try:
            async with connect(self.config, gaps=gaps, table=self.table) as client:
                space = await AddressSpace(client, self.config, self.table).open()
                signals = await space.select(self.spec.nodes)
                if self.spec.mode == "snapshot":
                    await snapshot(client, signals, emit, tally)
                elif self.spec.mode == "capture":
                    await capture(client, signals, self.spec, emit, tally, stop)
                else:
                    await history(client, signals, span[0], span[1], self.spec, emit, tally,
                                  Outage.of(self.config), stop=stop)
        except (ConnectionError, OSError, asyncio.TimeoutError) as exc:
            raise self._fail(f"connection lost and not restored within {self.config.reconnect_timeout:g} s "
                             f"({type(exc).__name__})", "nothing was published and the state is unchanged; run "
                             "again when the server is back, or raise `reconnect_timeout` if it takes longer to "
                             "restart", retryable=True) from None
        except ua.UaStatusCodeError as exc:
            raise self._fail(f"the server refused a request ({ua.StatusCode(exc.code).name})",
                             "check the selection and the user's rights") from None
        except ValueError as exc:
            raise self._fail(str(exc), "check `nodes:` and the server's configuration") from None
        self.report = {"mode": self.spec.mode, "variables": len(signals), **tally.report(),
                       "gaps": gaps.report(), "nodesets_not_loaded": space.nodesets.problems}
        if span is not None:
            self.report["range"] = [span[0].isoformat(), span[1].isoformat()]
        late = max(2.0, 3 * seconds(self.spec.publishing_interval))
        if not tally.behind and tally.lag_s is not None and tally.lag_s > late:
            _log.warning("%s.%s: the capture ran %s s behind the server (every value arrived, late): raise "
                         "`publishing_interval` or split the variables over several tables before it loses values",
                         self.source, self.table, tally.lag_s)
        if tally.behind:
            _log.warning("%s.%s: the capture fell behind at %s values/s (newest values %s s old when sent): %s",
                         self.source, self.table, f"{tally.behind['values_per_s']:,}", tally.behind["lag_s"],
                         tally.behind["advice"])


def _pump(start) -> Iterator[pa.RecordBatch]:
    """Run ``start(emit, stop)`` on an event loop in a thread; yield what it emits, re-raise what it raises."""
    handoff: queue.Queue = queue.Queue(maxsize=8)
    stopping = threading.Event()

    def emit(batch) -> None:
        while not stopping.is_set():
            try:
                handoff.put(batch, timeout=0.5)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            asyncio.run(start(emit, stopping.is_set))
        except BaseException as exc:  # noqa: BLE001 — handed to the consuming thread, which re-raises it
            handoff.put(exc)
        else:
            handoff.put(_DONE)

    worker = threading.Thread(target=work, name="plantset-opcua", daemon=True)
    worker.start()
    try:
        while True:
            item = handoff.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stopping.set()
        worker.join(timeout=30)


def open_tables(source: OpcUaSource, timezone: str = "UTC") -> list[OpcUaTableReader]:
    """The readers of an OPC UA server's tables (``timezone``: of naive `start`/`end` times)."""
    return [OpcUaTableReader(source, table, timezone) for table in source.tables]
