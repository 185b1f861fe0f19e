"""Incremental reads of the SQL core: watermarks on timestamp and integer columns, and the lag.

Every test runs on SQLite, PostgreSQL and MariaDB, on both read paths (see conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Kind:
    column: str
    lag: str | int  # ten steps


KINDS = [
    pytest.param(Kind("updated_at", "10m"), id="timestamp"),
    pytest.param(Kind("seq", 10), id="integer"),
]


def watermark(kind: Kind, lag=True) -> dict:
    return {"column": kind.column, "kind": "timestamp" if kind.column == "updated_at" else "integer",
            "lag": kind.lag if lag else 0}


def ids(rows: list[dict]) -> list:
    return sorted(int(r["id"]) for r in rows)


@pytest.mark.parametrize("kind", KINDS)
def test_second_run_reads_only_new_rows(db, kind, read):
    db.create_orders()
    db.insert_orders((1, 0), (2, 1), (3, 2))
    spec = {"table": "orders", "key": ["id"], "watermark": watermark(kind)}
    first, state = read(db.reader(**spec))
    assert ids(first) == [1, 2, 3]

    db.insert_orders((4, 5), (5, 6))
    second, state = read(db.reader(**spec), state)
    assert ids(second) == [4, 5]

    third, _ = read(db.reader(**spec), state)
    assert third == []


@pytest.mark.parametrize("kind", KINDS)
def test_query_source_is_read_incrementally(db, kind, read):
    db.create_orders()
    db.insert_orders((1, 0), (2, 1))
    spec = {"query": "SELECT id, seq, updated_at FROM orders WHERE qty > 0", "key": ["id"],
            "watermark": watermark(kind)}
    first, state = read(db.reader(**spec))
    assert ids(first) == [1, 2]
    db.insert_orders((3, 4))
    second, _ = read(db.reader(**spec), state)
    assert ids(second) == [3]


@pytest.mark.parametrize("kind", KINDS)
def test_rows_sharing_the_watermark_value_are_picked_up_once(db, kind, read):
    db.create_orders()
    db.insert_orders((1, 0), (2, 3), (3, 3))
    spec = {"table": "orders", "key": ["id"], "watermark": watermark(kind, lag=False)}
    first, state = read(db.reader(**spec))
    assert ids(first) == [1, 2, 3]

    db.insert_orders((4, 3))  # same value as the newest row the first run saw
    second, state = read(db.reader(**spec), state)
    assert ids(second) == [4]

    third, _ = read(db.reader(**spec), state)
    assert third == []


@pytest.mark.parametrize("kind", KINDS)
def test_late_row_inside_the_lag_is_picked_up_once(db, kind, read):
    db.create_orders()
    db.insert_orders(*((i, 20 + i) for i in range(1, 6)))  # steps 21..25
    spec = {"table": "orders", "key": ["id"], "watermark": watermark(kind)}
    first, state = read(db.reader(**spec))
    assert ids(first) == [1, 2, 3, 4, 5]

    # Committed after the first run, stamped behind the newest row (25); 15 is the lag's edge.
    db.insert_orders((6, 22), (7, 15))
    second, state = read(db.reader(**spec), state)
    assert ids(second) == [6, 7]

    third, _ = read(db.reader(**spec), state)
    assert third == []


@pytest.mark.parametrize("kind", KINDS)
def test_late_row_older_than_the_lag_is_missed_by_design(db, kind, read):
    """The contract: a row committing later than `lag` behind the newest row is not read."""
    db.create_orders()
    db.insert_orders(*((i, 20 + i) for i in range(1, 6)))  # steps 21..25
    spec = {"table": "orders", "key": ["id"], "watermark": watermark(kind)}
    _, state = read(db.reader(**spec))

    db.insert_orders((6, 14), (7, 26))  # 14 is one step past the lag window (25 - 10)
    second, _ = read(db.reader(**spec), state)
    assert ids(second) == [7]
