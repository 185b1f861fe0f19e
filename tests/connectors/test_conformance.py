"""One conformance suite every connector passes (the idea of Singer's get_tap_test_class).

Each case gives a way to open a reader over a real source and a way to append new rows to
that source. The suite checks the SourceTable contract the runner relies on: a summary
from check(), bounded non-empty Arrow batches with one set of columns, a JSON state that
resumes with exactly the new rows, and a re-run from an uncommitted state that reads the
same rows again.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import count

import pyarrow as pa
import pytest
import sqlalchemy as sa

from connectors.base import SourceTable
from connectors.registry import open_tables
from plantset.core.spec import FileSource, SqlSource

BASE = datetime(2024, 5, 1, 8, 0)
SEED_ROWS = 150  # more than one batch on most paths: batch_rows is 100, and files are written 100 + 50


@dataclass
class ConformanceCase:
    """A connector over a real source: open a reader, append rows (returned as text values)."""

    make_reader: Callable[[], SourceTable]
    append: Callable[[int], list[dict]]
    seeded: list[dict] = field(default_factory=list)


def as_text(row: dict) -> dict:
    """A row with every value as text, so a database row and a CSV row compare equal."""
    return {k: None if v is None else str(v) for k, v in row.items()}


def sorted_rows(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: int(r["id"]))


def new_rows(ids: count, n: int) -> list[dict]:
    rows = []
    for _ in range(n):
        i = next(ids)
        rows.append({"id": i, "updated_at": BASE + timedelta(minutes=i), "qty": i * 10})
    return rows


def sql_case(url: str, fast_path: bool) -> ConformanceCase:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    orders = sa.Table(
        "orders", sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("qty", sa.Integer),
    )
    orders.metadata.create_all(engine)
    ids = count(1)

    def append(n: int) -> list[dict]:
        rows = new_rows(ids, n)
        with engine.begin() as conn:
            conn.execute(orders.insert(), rows)
        return [as_text(r) for r in rows]

    source = SqlSource(kind="sql", name="mes", url=url, fast_path=fast_path, tables=[{
        "name": "orders", "table": "orders", "key": ["id"], "batch_rows": 100,
        "watermark": {"column": "updated_at", "kind": "timestamp", "lag": "10m"},
    }])
    case = ConformanceCase(lambda: open_tables(source)[0], append)
    case.seeded = append(SEED_ROWS)
    return case


def files_case(folder) -> ConformanceCase:
    folder.mkdir()
    ids, files = count(1), count(1)

    def append(n: int) -> list[dict]:
        rows = [as_text(r) for r in new_rows(ids, n)]
        with (folder / f"orders_{next(files):04d}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return rows

    source = FileSource(kind="files", name="erp_export", path=str(folder),
                        tables=[{"name": "orders", "pattern": "orders_*.csv"}])
    case = ConformanceCase(lambda: open_tables(source)[0], append)
    case.seeded = append(100) + append(SEED_ROWS - 100)
    return case


CASES = [
    pytest.param(("sqlite", False), id="sql-sqlite"),
    pytest.param(("postgres", True), id="sql-postgres-adbc", marks=pytest.mark.postgres),
    pytest.param(("postgres", False), id="sql-postgres-general", marks=pytest.mark.postgres),
    pytest.param(("mariadb", True), id="sql-mariadb-connectorx", marks=pytest.mark.mariadb),
    pytest.param(("mariadb", False), id="sql-mariadb-general", marks=pytest.mark.mariadb),
    pytest.param(("files", False), id="files-csv-folder"),
]
URL_FIXTURES = {"sqlite": "sqlite_url", "postgres": "pg_url", "mariadb": "mariadb_url"}


@pytest.fixture(params=CASES)
def case(request, tmp_path) -> ConformanceCase:
    kind, fast_path = request.param
    if kind == "files":
        return files_case(tmp_path / "exports")
    return sql_case(request.getfixturevalue(URL_FIXTURES[kind]), fast_path)


def run(reader: SourceTable, state=None) -> tuple[list[dict], dict]:
    """One run's rows (as text) and committed state, holding every batch to the contract."""
    rows, names = [], None
    for batch in reader.batches(state):
        assert isinstance(batch, pa.RecordBatch)
        assert batch.num_rows > 0, "empty batches are not yielded"
        assert names is None or batch.schema.names == names, "every batch has the same columns"
        names = batch.schema.names
        rows.extend(as_text(r) for r in batch.to_pylist())
    state = reader.next_state()
    return sorted_rows(rows), json.loads(json.dumps(state))


def test_check_returns_a_summary(case):
    summary = case.make_reader().check()
    assert isinstance(summary, str) and summary.strip()
    assert "\n" not in summary


def test_first_run_reads_every_row_once(case):
    reader = case.make_reader()
    assert {tuple(b.schema.names) for b in reader.batches(None)} == {("id", "updated_at", "qty")}
    rows, _ = run(case.make_reader())
    assert rows == sorted_rows(case.seeded)


def test_next_state_resumes_with_exactly_the_appended_rows(case):
    _, state = run(case.make_reader())

    nothing, state = run(case.make_reader(), state)
    assert nothing == []

    appended = case.append(3)
    rows, state = run(case.make_reader(), state)
    assert rows == sorted_rows(appended)

    appended = case.append(2)
    rows, _ = run(case.make_reader(), state)
    assert rows == sorted_rows(appended)


def test_rerun_from_an_uncommitted_state_reads_the_same_rows(case):
    _, state = run(case.make_reader())
    appended = case.append(4)

    reader = case.make_reader()
    once, next_once = run(reader, state)
    twice, next_twice = run(reader, state)
    fresh, next_fresh = run(case.make_reader(), state)
    assert once == twice == fresh == sorted_rows(appended)
    assert next_once == next_twice == next_fresh
