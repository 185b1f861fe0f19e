"""The three ways of reading signals: snapshot, capture (subscription) and history.

Each hands Arrow batches of the long sensor table to ``emit`` as they fill, so memory stays
bounded whatever the duration or range. What a reading lost or skipped is counted in a
``Tally`` and lands in the run report: values the server's queues dropped (the overflow
bit), notifications missing from the sequence, duplicates after a reconnect, and the
connection gaps. Nothing is dropped without being counted.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from asyncua import ua
from asyncua.common.subscription import Subscription

from connectors.opcua.readings import BATCH_ROWS, OVERFLOW_BIT, Rows, Signal
from plantset.core.spec import seconds

if TYPE_CHECKING:
    import pyarrow as pa
    from asyncua import Client

    from connectors.opcua.session import Outage
    from plantset.core.spec import OpcUaTable

Emit = Callable[["pa.RecordBatch"], None]
READ_BATCH = 1_000  # nodes per Read request
PUBLISH_REQUESTS = 4  # publish requests a capture keeps in flight (bench/opcua.py: one keeps 10k items seconds behind)
DRAIN_SECONDS = 10  # after the capture's end, how long it may take to receive what the server had queued by then
DRAIN_MAX_SECONDS = 60  # … however far behind it was
HISTORY_VALUES_PER_RESPONSE = 200_000  # nodes × values per node in one HistoryRead


@dataclass
class Tally:
    """What a reading did beyond its rows: losses, duplicates, revisions, for the run report."""

    rows: int = 0
    overflows: int = 0  # values flagged by the server: its queue for the item overflowed before them
    missing_notifications: int = 0  # notification messages missing from the sequence and not republished
    duplicates_dropped: int = 0  # values seen again after a reconnect (same node and source time)
    statuses: dict[str, int] = field(default_factory=dict)
    revised: dict[str, Any] = field(default_factory=dict)
    resumed: int = 0  # history reads restarted after the connection or session was lost
    behind: dict[str, Any] = field(default_factory=dict)  # a capture that could not keep up: rate, lag, advice
    lag_s: float | None = None  # a capture's lag behind the server at its end (s)

    def report(self) -> dict[str, Any]:
        return {"rows": self.rows, "overflows": self.overflows, "missing_notifications": self.missing_notifications,
                "duplicates_dropped": self.duplicates_dropped, "history_resumed": self.resumed,
                "statuses": dict(sorted(self.statuses.items())), **({"revised": self.revised} if self.revised else {}),
                **({"lag_s": self.lag_s} if self.lag_s is not None else {}),
                **({"behind": self.behind} if self.behind else {}), **({"losses": self.losses()} if self.lost() else {})}

    def lost(self) -> bool:
        """Whether the reading knows it lost values."""
        return bool(self.overflows or self.missing_notifications or self.behind)

    def losses(self) -> dict[str, Any]:
        """What was lost, in the shape every reader's report uses for it (the manifest and card show it)."""
        found: dict[str, Any] = {}
        if self.overflows:
            found["values discarded by the server's queues"] = self.overflows
        if self.missing_notifications:
            found["notification messages never received"] = self.missing_notifications
        if self.behind:
            found["capture fell behind"] = (f"reached {self.behind['values_per_s']:,} values/s, {self.behind['lag_s']:g} s "
                                            "behind the server; values it still held when the capture ended are "
                                            "not in the table")
        return found


class Collector:
    """Rows in arrival order, flushed to ``emit`` every ``BATCH_ROWS``; per-node last times drop repeats."""

    def __init__(self, emit: Emit, tally: Tally, dedupe: bool = True):
        self.rows = Rows()
        self.emit = emit
        self.tally = tally
        self.dedupe = dedupe
        self._last: dict[int, datetime] = {}

    def add(self, index: int, signal: Signal, data: ua.DataValue) -> None:
        if data.StatusCode is not None and data.StatusCode.value & OVERFLOW_BIT and data.StatusCode.value & 0x400:
            self.tally.overflows += 1
        if self.dedupe:
            stamp = data.SourceTimestamp or data.ServerTimestamp
            last = self._last.get(index)
            if stamp is not None and last is not None and stamp <= last:
                self.tally.duplicates_dropped += 1
                return
            if stamp is not None:
                self._last[index] = stamp
        self.rows.add(signal, data)
        if len(self.rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if len(self.rows):
            self.tally.rows += len(self.rows)
            for name, count in self.rows.statuses.items():
                self.tally.statuses[name] = self.tally.statuses.get(name, 0) + count
            self.rows.statuses.clear()
            self.emit(self.rows.batch())


# -- snapshot -------------------------------------------------------------------------------------
async def snapshot(client: Client, signals: list[Signal], emit: Emit, tally: Tally) -> None:
    """Current values of every signal, read in batches."""
    collector = Collector(emit, tally, dedupe=False)
    for start in range(0, len(signals), READ_BATCH):
        chunk = signals[start:start + READ_BATCH]
        params = ua.ReadParameters()
        params.TimestampsToReturn = ua.TimestampsToReturn.Both
        for signal in chunk:
            item = ua.ReadValueId()
            item.NodeId = signal.node
            item.AttributeId = ua.AttributeIds.Value
            params.NodesToRead.append(item)
        for offset, value in enumerate(await client.uaclient.read(params)):
            collector.add(start + offset, chunk[offset], value)
    collector.flush()


# -- capture --------------------------------------------------------------------------------------
async def capture(client: Client, signals: list[Signal], spec: OpcUaTable, emit: Emit, tally: Tally,
                  stop: Callable[[], bool] = lambda: False) -> None:
    """Subscribe to every signal for ``spec.duration``; values arrive as the server publishes them."""
    collector = Collector(emit, tally)
    publishing_ms = seconds(spec.publishing_interval) * 1000
    params = ua.CreateSubscriptionParameters()
    params.RequestedPublishingInterval = publishing_ms
    params.RequestedLifetimeCount = 10_000
    params.RequestedMaxKeepAliveCount = client.get_keepalive_count(publishing_ms)
    params.MaxNotificationsPerPublish = 0  # no limit: the server sends everything queued
    params.PublishingEnabled = True
    params.Priority = 0
    subscription = _Capture(client.uaclient.session, params, signals, collector, tally)
    response = await subscription.init()
    client._subscriptions.append(subscription)  # so the reconnect supervisor restores it
    if abs(response.RevisedPublishingInterval - publishing_ms) > 1e-6:
        tally.revised["publishing_interval_ms"] = response.RevisedPublishingInterval
    sampling_ms = seconds(spec.sampling_interval) * 1000
    for start in range(0, len(signals), READ_BATCH):
        requests = [_monitor(i, signals[i].node, sampling_ms, spec.queue_size)
                    for i in range(start, min(start + READ_BATCH, len(signals)))]
        results = await subscription.create_monitored_items(requests)
        for request, result in zip(requests, results):
            if isinstance(result, ua.StatusCode):
                signal = signals[request.RequestedParameters.ClientHandle]
                raise ValueError(f"the server refused to monitor {signal.browse_path} ({result.name})")
    began = time.monotonic()
    deadline = began + seconds(spec.duration)
    publishers = _Publishers(client)
    # asyncua makes ~8 tracked objects per value; with everything built so far frozen out of the
    # collector's reach, the full collections they trigger are cheap (20–30 % less CPU at 10k items)
    gc.freeze()
    try:
        while time.monotonic() < deadline and not stop():
            publishers.top_up()
            await asyncio.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
        # what the server had queued by the deadline comes with the publishes after it
        ended = subscription.server_clock()
        tally.lag_s = round(subscription.lag_s, 1)
        drained = await _drain(subscription, ended, publishing_ms, publishers, stop)
    finally:
        gc.unfreeze()
        try:
            await asyncio.wait_for(subscription.delete(), timeout=5)
        except Exception:  # noqa: BLE001 — the server may be gone; the values already arrived are kept
            pass
        await publishers.close()
    collector.flush()
    tally.missing_notifications += subscription.gaps()
    if not drained and not stop():
        rate = tally.rows / max(1e-9, time.monotonic() - began)
        tally.behind = {
            "values_per_s": round(rate), "lag_s": tally.lag_s,
            "advice": "the client could not keep up and the server still held values when the capture ended: raise "
                      "`sampling_interval` or `publishing_interval`, select fewer variables per table, or split the "
                      "variables over several tables (each is its own subscription and Airflow task)",
        }


async def _drain(subscription: _Capture, ended: datetime, publishing_ms: float, publishers: _Publishers,
                 stop: Callable[[], bool]) -> bool:
    """Wait until the server has sent everything it sampled up to ``ended`` (its clock). False when that did not
    happen within ``DRAIN_SECONDS`` or twice the lag (the capture fell behind)."""
    quiet = 2 * publishing_ms / 1000 + 0.5
    subscription.watch_for_older_than(ended)
    # as long as the backlog the capture had at its end takes to arrive, within reason
    limit = time.monotonic() + min(DRAIN_MAX_SECONDS, max(DRAIN_SECONDS, 3 * publishing_ms / 1000,
                                                         2 * subscription.lag_s + 2))
    awake = time.monotonic()
    while time.monotonic() < limit and not stop():
        if time.monotonic() - awake > 0.5:  # this process was paused: what arrived meanwhile is not handled yet
            subscription.data_at = max(subscription.data_at, time.monotonic())
        elif subscription.caught_up(ended, quiet):
            return True
        publishers.top_up()
        awake = time.monotonic()
        await asyncio.sleep(0.05)
    return subscription.caught_up(ended, quiet)


class _Publishers:
    """Publish requests in flight beside asyncua's own loop. With one, the server answers once per round trip and
    a capture of 10k items changing 4 times a second falls seconds behind; with several it sends as soon as a
    response is ready. Restarted on the new session after a reconnect."""

    def __init__(self, client: Client, count: int = PUBLISH_REQUESTS):
        self.client, self.count = client, count
        self.session = None
        self.tasks: list[asyncio.Task] = []

    def top_up(self) -> None:
        session = self.client.uaclient.session
        if session is not self.session:
            for task in self.tasks:
                task.cancel()
            self.session, self.tasks = session, []
        if session is None or not session._subscription_callbacks:
            return
        self.tasks = [task for task in self.tasks if not task.done()]
        while len(self.tasks) < self.count - 1:  # asyncua's own loop is the first
            self.tasks.append(asyncio.create_task(session._publish_loop()))

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.tasks = []


def _monitor(handle: int, node: ua.NodeId, sampling_ms: float, queue_size: int) -> ua.MonitoredItemCreateRequest:
    item = ua.ReadValueId()
    item.NodeId = node
    item.AttributeId = ua.AttributeIds.Value
    parameters = ua.MonitoringParameters()
    parameters.ClientHandle = handle
    parameters.SamplingInterval = sampling_ms
    parameters.QueueSize = queue_size
    parameters.DiscardOldest = True
    request = ua.MonitoredItemCreateRequest()
    request.ItemToMonitor = item
    request.MonitoringMode = ua.MonitoringMode.Reporting
    request.RequestedParameters = parameters
    return request


class _Capture(Subscription):
    """A subscription that turns each publish response straight into rows, without a task per value."""

    def __init__(self, session, params, signals: list[Signal], collector: Collector, tally: Tally):
        super().__init__(session, params, handler=self)  # a handler: asyncua then keeps no unbounded queue
        self.signals = signals
        self.collector = collector
        self.tally = tally
        self.sequences: set[int] = set()  # data messages received; the server numbers them 1, 2, … per subscription
        self.publishing_s = params.RequestedPublishingInterval / 1000
        self.end_mark: datetime | None = None  # once the capture drains: its end, on the server's clock
        self.older_at = 0.0  # when a message last brought values sampled before ``end_mark`` (monotonic)
        self.fresh_at = 0.0  # when a message last brought only values sampled after it (monotonic)
        self.skew_s: float | None = None  # shortest arrival − newest value of a message (s)
        self.more = False  # whether the latest response said the server holds more notifications
        self.data_at = time.monotonic()  # when the latest data message arrived
        self.lag_s = 0.0  # how old that value was when the server sent it: how far behind the capture is

    def gaps(self) -> int:
        """Data messages the server numbered but this subscription never received (nor got republished)."""
        return max(self.sequences) - len(self.sequences) if self.sequences else 0

    def server_clock(self) -> datetime:
        """This machine's time on the server's clock, as far as the values tell: now, less the shortest gap seen
        between a message's arrival and its newest value (the clocks' skew plus the shortest delay)."""
        return datetime.now(timezone.utc) - timedelta(seconds=self.skew_s or 0.0)

    def watch_for_older_than(self, moment: datetime) -> None:
        """From now on, note when a message brings values sampled before ``moment`` (the backlog still coming)."""
        self.end_mark, self.older_at, self.fresh_at = moment, time.monotonic(), 0.0

    def caught_up(self, moment: datetime, quiet: float) -> bool:
        """Whether the server has sent everything it sampled up to ``moment`` (its clock): for a publishing interval
        and more after the last message that brought values sampled before it, messages came with only newer ones
        and nothing said more are queued (a server sends an item's queue oldest first, so a backlog shows as old
        values still coming; a pause, of the server or of this process, proves nothing); or no data came for
        ``quiet`` seconds."""
        if not self.more and self.fresh_at - self.older_at >= self.publishing_s + 0.5:
            return True
        return not self.more and time.monotonic() - self.data_at >= quiet

    async def publish_callback(self, publish_result: ua.PublishResult) -> None:
        self.last_publish_at = time.monotonic()
        message = publish_result.NotificationMessage
        self.more = bool(publish_result.MoreNotifications)
        # the server's clock when it says (node-opcua leaves PublishTime unset), else this machine's
        published = _utc(message.PublishTime) or datetime.now(timezone.utc)
        if message.NotificationData is None:
            return
        self.data_at = time.monotonic()
        sequence = int(message.SequenceNumber)
        self.sequences.add(sequence)
        self.last_sequence_number = max(sequence, self.last_sequence_number or 0)
        signals, add = self.signals, self.collector.add
        for notification in message.NotificationData:
            if isinstance(notification, ua.DataChangeNotification):
                items = notification.MonitoredItems
                for item in items:
                    if item.Value is not None:
                        add(item.ClientHandle, signals[item.ClientHandle], item.Value)
                self._timing(items, published)
            elif isinstance(notification, ua.StatusChangeNotification):
                name = notification.Status.name
                self.tally.statuses[f"subscription {name}"] = self.tally.statuses.get(f"subscription {name}", 0) + 1

    def _timing(self, items: list, published: datetime) -> None:
        """How far behind the server the capture is, the clocks' skew, and (once it drains) whether old values
        still come. Each item's queue comes oldest first; while capturing, the first and last values of a message
        tell enough, so the values in between are not looked at (that would cost 25 % more CPU per value)."""
        if not items:
            return
        ends = [_utc(v.SourceTimestamp or v.ServerTimestamp) for v in (items[0].Value, items[-1].Value) if v is not None]
        ends = [stamp for stamp in ends if stamp is not None]
        if not ends:
            return
        arrived = datetime.now(timezone.utc)
        gap = (arrived - max(ends)).total_seconds()
        self.skew_s = gap if self.skew_s is None else min(self.skew_s, gap)
        self.lag_s = max(0.0, (published - ends[0]).total_seconds())
        if self.end_mark is None:
            return
        stamps = [item.Value.SourceTimestamp or item.Value.ServerTimestamp for item in items if item.Value is not None]
        oldest = _utc(min((stamp for stamp in stamps if stamp is not None), default=None))
        if oldest is not None and oldest < self.end_mark:
            self.older_at = time.monotonic()
        elif oldest is not None:
            self.fresh_at = time.monotonic()

    async def recreate(self) -> None:
        # a new subscription numbers its messages from 1 again; values come again and are de-duplicated
        self.tally.missing_notifications += self.gaps()
        self.sequences.clear()
        self.last_sequence_number = None
        await super().recreate()


def _utc(stamp: datetime | None) -> datetime | None:
    """An OPC UA time as an aware UTC datetime; None when unset (None, or the 1601 epoch a missing time decodes to)."""
    if stamp is None or stamp.year < 1980:
        return None
    return stamp.replace(tzinfo=timezone.utc) if stamp.tzinfo is None else stamp


# -- history --------------------------------------------------------------------------------------
async def history(client: Client, signals: list[Signal], start: datetime, end: datetime, spec: OpcUaTable,
                  emit: Emit, tally: Tally, outage: Outage, stop: Callable[[], bool] = lambda: False) -> None:
    """Raw history of every signal in [start, end), chunked with continuation points.

    Continuation points die with the session: when the connection drops (asyncua reconnects)
    or a point is refused, each node's reading restarts just after the last value it
    delivered, so nothing repeats and nothing is skipped. Reads are retried while the
    connection has been down for less than ``outage.timeout`` seconds.
    """
    collector = Collector(emit, tally, dedupe=False)
    per_request = max(1, HISTORY_VALUES_PER_RESPONSE // spec.values_per_request)
    for first in range(0, len(signals), per_request):
        # node → (start of the request its continuation point belongs to, the point, where to resume without it)
        pending = {i: (start, None, start) for i in range(first, min(first + per_request, len(signals)))}
        while pending and not stop():
            groups: dict[datetime, list[int]] = {}
            for i, (begin, _, _) in pending.items():
                groups.setdefault(begin, []).append(i)
            for begin, members in groups.items():
                try:
                    results = await _read_raw(client, [signals[i].node for i in members],
                                              [pending[i][1] for i in members], begin, end, spec.values_per_request)
                except (ConnectionError, OSError, asyncio.TimeoutError) as exc:
                    await outage.wait(exc)
                    _resume_all(pending, tally)
                    break
                outage.over()
                for i, result in zip(members, results):
                    _history_result(i, signals[i], result, end, spec.values_per_request, pending, collector, tally)
    collector.flush()


async def _read_raw(client: Client, nodes: list, points: list, begin: datetime, end: datetime,
                    per_node: int) -> list[ua.HistoryReadResult]:
    params = ua.HistoryReadParameters()
    details = ua.ReadRawModifiedDetails()
    details.IsReadModified = False
    details.StartTime, details.EndTime = begin, end
    details.NumValuesPerNode = per_node
    details.ReturnBounds = False
    params.HistoryReadDetails = details
    params.TimestampsToReturn = ua.TimestampsToReturn.Both
    params.ReleaseContinuationPoints = False  # asyncua's default is True, which asks for nothing
    for node, point in zip(nodes, points):
        item = ua.HistoryReadValueId()
        item.NodeId = node
        item.ContinuationPoint = point
        params.NodesToRead.append(item)
    try:
        return await client.uaclient.history_read(params)
    except ua.UaStatusCodeError as exc:
        if exc.code in (ua.StatusCodes.BadSessionIdInvalid, ua.StatusCodes.BadSessionClosed,
                        ua.StatusCodes.BadConnectionClosed, ua.StatusCodes.BadSecureChannelClosed):
            raise ConnectionError(ua.StatusCode(exc.code).name) from None
        raise


def _resume_all(pending: dict, tally: Tally) -> None:
    for i, (_, point, resume) in list(pending.items()):
        if point is not None:
            tally.resumed += 1
        pending[i] = (resume, None, resume)


def _history_result(i: int, signal: Signal, result: ua.HistoryReadResult, end: datetime, per_node: int,
                    pending: dict, collector: Collector, tally: Tally) -> None:
    begin, point, resume = pending[i]
    code = result.StatusCode
    if code.value in (ua.StatusCodes.BadContinuationPointInvalid, ua.StatusCodes.BadSessionIdInvalid):
        if point is None:  # refused without a point to blame: asking again would loop
            raise ValueError(f"the server refused history of {signal.browse_path} ({code.name})")
        tally.resumed += 1
        pending[i] = (resume, None, resume)
        return
    if code.value in (ua.StatusCodes.BadNoData, ua.StatusCodes.GoodNoData) or result.HistoryData is None:
        del pending[i]
        return
    if not code.is_good() and not code.is_uncertain():
        raise ValueError(f"the server refused history of {signal.browse_path} ({code.name})")
    values = result.HistoryData.DataValues or []
    for value in values:
        stamp = value.SourceTimestamp or value.ServerTimestamp
        if stamp is None or not (resume <= stamp < end):
            continue
        collector.add(i, signal, value)
        resume = stamp + timedelta(microseconds=1)
    if result.ContinuationPoint:
        pending[i] = (begin, result.ContinuationPoint, resume)
    elif len(values) >= per_node and resume > begin:
        # a full page without a continuation point (some servers, asyncua's among them, truncate
        # at NumValuesPerNode without one): page on by time from the last value
        pending[i] = (resume, None, resume)
    else:
        del pending[i]
