"""The lag window on its own: what it keeps, drops and remembers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyarrow as pa

from connectors.watermark import WatermarkWindow
from plantset.core.spec import Watermark

T0 = datetime(2026, 3, 2, 8, 0)


def batch(ids: list[int], minutes: list[int]) -> pa.RecordBatch:
    return pa.record_batch({"id": ids, "ts": pa.array([T0 + timedelta(minutes=m) for m in minutes], pa.timestamp("us"))})


def window(state=None) -> WatermarkWindow:
    return WatermarkWindow(Watermark(column="ts", lag="10m"), ["id"], state, source="s", table="t")


def test_state_keeps_only_rows_inside_the_lag_and_next_run_drops_them():
    first = window()
    first.admit(batch([1, 2, 3], [0, 25, 30]))
    state = first.next_state()
    assert state["watermark"] == (T0 + timedelta(minutes=30)).isoformat()
    assert len(state["seen"]) == 2  # minutes 25 and 30 are within 10 minutes of 30
    second = window(state)
    assert second.low_bound() == T0 + timedelta(minutes=20)
    kept = second.admit(batch([2, 3, 4, 5], [25, 30, 30, 28]))
    assert kept.column("id").to_pylist() == [4, 5]


def test_long_runs_prune_the_remembered_window():
    many = window()
    for start in range(0, 300_000, 50_000):
        ids = list(range(start, start + 50_000))
        many.admit(batch(ids, [i // 1000 for i in ids]))
    assert len(many._window) < 150_000  # pruned as the high mark moved on
    state = many.next_state()
    assert len(state["seen"]) == 11_000  # minutes 289..299 (the floor is inclusive)


def test_a_late_update_of_a_delivered_key_inside_the_lag_is_delivered():
    first = window()
    first.admit(batch([1, 2], [20, 30]))
    second = window(first.next_state())
    # Row 2 was updated at minute 27 (inside the lag) by a transaction that committed late.
    kept = second.admit(batch([1, 2, 2], [20, 30, 27]))
    assert kept.column("id").to_pylist() == [2]
    assert kept.column("ts").to_pylist()[0] == T0 + timedelta(minutes=27)
