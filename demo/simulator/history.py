"""History computed on demand: every signal's values on a grid over the plant's days, with no storage."""

from __future__ import annotations

import asyncio
import math
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from asyncua import ua
from asyncua.server.history import HistoryManager, HistoryStorageInterface

from demo.simulator.model import _BAD, _UNCERTAIN, PLANT_START, MachineModel


class Series(NamedTuple):
    model: MachineModel
    signal: str
    variant: ua.VariantType


_BUDGET: ContextVar[list[int] | None] = ContextVar("plantset_history_budget", default=None)  # values left in a request


class ComputedHistory(HistoryStorageInterface):
    """Raw history of every signal on a ``period`` grid over the plant's days, computed when read (no storage).

    A read from StartTime without EndTime runs forward, one from EndTime without StartTime backward
    (without continuation point), and StartTime after EndTime backward; bounding values are not
    added (ReturnBounds is ignored), times outside the plant's days have no values. A node gets at most
    ``nb_values`` (or ``max_values``) values and a continuation point when more remain, also when the
    request has used up its ``request_values``: asyncua serves a connection's requests one at a time,
    and its clients drop a server that keeps their 1-second keep-alive read waiting.
    """

    def __init__(self, series: dict[ua.NodeId, Series], span: float, period: float, max_values: int = 10_000,
                 request_values: int = 20_000):
        super().__init__(max_values)
        self.series, self.period, self.samples = series, period, math.ceil(span / period)
        self.request_values = request_values

    async def init(self) -> None:
        pass

    async def save_node_value(self, node_id, datavalue) -> None:
        pass  # history is a function of time: nothing to keep

    async def read_node_history(self, node_id, start, end, nb_values):
        series, start, end = self.series.get(node_id), _since_start(start), _since_start(end)
        if series is None or start is end is None:
            return [], None
        if end is None or (start is not None and start <= end):
            last = self.samples - 1 if end is None else min(self.samples - 1, math.floor(end / self.period))
            indexes = range(max(0, math.ceil(start / self.period)), last + 1)
        else:
            first = min(self.samples - 1, math.floor((end if start is None else start) / self.period))
            indexes = range(first, (0 if start is None else max(0, math.ceil(end / self.period))) - 1, -1)
        limit = min(nb_values or self.max_history_data_response_size, self.max_history_data_response_size)
        budget = _BUDGET.get() if start is not None else None  # backward reads from EndTime cannot continue
        values = []
        for n, k in enumerate(indexes[:limit if budget is None else min(limit, budget[0])], 1):
            values.append(history_value(series, k * self.period))
            if n % 1000 == 0:
                await asyncio.sleep(0)  # let live updates and other clients in during long reads
        if budget is not None:
            budget[0] -= len(values)
        more = len(indexes) > len(values) and start is not None
        return values, PLANT_START + timedelta(seconds=indexes[len(values)] * self.period) if more else None

    async def read_event_history(self, source_id, start, end, nb_values, evfilter):
        return [], None

    async def stop(self) -> None:
        pass


def _since_start(at: datetime | None) -> float | None:
    """Seconds from the plant's start to ``at`` (naive means UTC); None for OPC UA's unspecified time."""
    if at is None:
        return None
    at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    return None if at <= ua.get_win_epoch() else (at - PLANT_START).total_seconds()


class _PacedHistory(HistoryManager):
    """asyncua's history manager, giving each HistoryRead request its budget of values."""

    async def read_history(self, params: ua.HistoryReadParameters) -> list[ua.HistoryReadResult]:
        _BUDGET.set([self.storage.request_values])
        return await super().read_history(params)


_STATUS = {0: ua.StatusCode(0), _BAD: ua.StatusCode(_BAD), _UNCERTAIN: ua.StatusCode(_UNCERTAIN)}


def history_value(series: Series, s: float, at: datetime | None = None) -> ua.DataValue:
    """The DataValue of ``series`` at plant second ``s``, stamped ``at`` (the sample's own time by default)."""
    value, status = series.model.sample(series.signal, s)
    at = at or PLANT_START + timedelta(seconds=s)
    variant = ua.Variant() if value is None else ua.Variant(value, series.variant)
    return ua.DataValue(variant, _STATUS[status], SourceTimestamp=at, ServerTimestamp=at)
