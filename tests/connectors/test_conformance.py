"""One conformance suite every connector passes (the idea of Singer's get_tap_test_class).

Each case gives a way to open a reader over a real source and a way to append new rows to
that source (returned as the values the reader must give, for the columns the case can
predict). The suite checks the SourceTable contract the pipeline relies on: a summary from
check(), bounded non-empty Arrow batches with one set of columns, a JSON state that resumes
with exactly the new rows, and a re-run from an uncommitted state that reads the same rows
again. Every kind in connectors.registry has a case here.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import count

import pyarrow as pa
import pytest
import sqlalchemy as sa

from connectors import registry
from connectors.base import SourceTable
from connectors.registry import open_tables
from plantset.core.spec import DocumentSource, FileSource, OpcUaSource, SqlSource

BASE = datetime(2024, 5, 1, 8, 0)
SEED_ROWS = 150  # more than one batch on most paths: batch_rows is 100, and files are written 100 + 50


@dataclass
class ConformanceCase:
    """A connector over a real source: open a reader, append rows (returned as text values of the columns the
    case predicts), the columns every batch has, and the column that tells rows apart."""

    make_reader: Callable[[], SourceTable]
    append: Callable[[int], list[dict]]
    seeded: list[dict] = field(default_factory=list)
    columns: tuple[str, ...] = ("id", "updated_at", "qty")
    key: str = "id"

    def rows(self, rows: list[dict]) -> list[dict]:
        """``rows`` cut to the predicted columns, in key order."""
        wanted = list(self.seeded[0]) if self.seeded else list(self.columns)
        return sorted(({c: r[c] for c in wanted} for r in rows), key=lambda r: r[self.key])


def as_text(row: dict) -> dict:
    """A row with every value as text, so a database row and a CSV row compare equal."""
    return {k: None if v is None else str(v) for k, v in row.items()}


def new_rows(ids: count, n: int) -> list[dict]:
    """Rows whose ids sort as text the way they sort as numbers."""
    rows = []
    for _ in range(n):
        i = next(ids)
        rows.append({"id": 10_000 + i, "updated_at": BASE + timedelta(minutes=i), "qty": i * 10})
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


def documents_case(folder, cache, monkeypatch) -> ConformanceCase:
    """A document library: each appended row is a new Markdown file, read as one `documents` row."""
    folder.mkdir()
    monkeypatch.setenv("PLANTSET_CACHE", str(cache))
    ids = count(1)

    def append(n: int) -> list[dict]:
        rows = []
        for _ in range(n):
            i = next(ids)
            name = f"manual_{i:04d}.md"
            (folder / name).write_text(f"# Work manual {i}\n\nTighten the bolts to {i} Nm.\n", encoding="utf-8")
            rows.append({"source_path": name, "title": f"Work manual {i}", "file_type": "md"})
        return rows

    source = DocumentSource(kind="documents", name="library", path=str(folder), ocr=False,
                            tables=[{"name": "docs", "content": "documents", "pattern": "*.md"}])
    case = ConformanceCase(lambda: open_tables(source)[0], append, key="source_path",
                           columns=("doc_id", "source_path", "title", "language", "pages", "kind", "file_type",
                                    "bytes", "elements"))
    case.seeded = append(12)
    return case


def opcua_case(server) -> ConformanceCase:
    """An OPC UA server's history: the seeded rows are the historized variable's values, and each appended
    row is a value the server logs now (the reader's history ends at the current whole second)."""
    from opcua_servers import HISTORY_COUNT, HISTORY_PERIOD, HISTORY_START, history_value

    def predicted(stamp: datetime, value: float) -> dict:
        return as_text({"source_time": stamp, "value": value})

    def append(n: int) -> list[dict]:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        values = [(now + timedelta(milliseconds=i), 100.0 + i) for i in range(n)]
        server.write_history(values)
        time.sleep(1.1)  # past the second the values are stamped in: the next read's end lies beyond them
        return [predicted(stamp, value) for stamp, value in values]

    source = OpcUaSource(kind="opcua", name="scada", endpoint=server.endpoint, anonymous=True, tables=[{
        "name": "logged", "mode": "history", "start": "2026-03-01T00:00:00+00:00",
        "nodes": [{"browse_path": "Plant/Logged"}]}])
    case = ConformanceCase(lambda: open_tables(source)[0], append, key="source_time",
                           columns=OPCUA_COLUMNS)
    case.seeded = [predicted(HISTORY_START - HISTORY_PERIOD, 0.0)]  # the value the variable starts with
    case.seeded += [predicted(HISTORY_START + i * HISTORY_PERIOD, history_value(i)) for i in range(HISTORY_COUNT)]
    return case


def jsonl_case(folder, monkeypatch) -> ConformanceCase:
    """The kind tests/connectors/jsonl_kind.py adds with one registry line, held to the same contract."""
    from test_registry import JSONL

    monkeypatch.setitem(registry.KINDS, "jsonl", JSONL)
    folder.mkdir()
    ids, files = count(1), count(1)

    def append(n: int) -> list[dict]:
        rows = [as_text(r) for r in new_rows(ids, n)]
        (folder / f"orders_{next(files):04d}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        return rows

    source = registry.spec_models()[-1](kind="jsonl", name="gateway", path=str(folder),
                                        tables=[{"name": "orders", "pattern": "*.jsonl"}])
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
    pytest.param(("documents", False), id="documents-markdown-folder"),
    pytest.param(("opcua", False), id="opcua-history-asyncua"),
    pytest.param(("jsonl", False), id="jsonl-added-by-one-registry-line"),
]
KIND_OF_CASE = {"sqlite": "sql", "postgres": "sql", "mariadb": "sql"}
URL_FIXTURES = {"sqlite": "sqlite_url", "postgres": "pg_url", "mariadb": "mariadb_url"}
OPCUA_COLUMNS = ("node_id", "browse_path", "equipment", "signal", "source_time", "server_time", "value", "text_value",
                 "status_code", "status", "unit")


@pytest.fixture
def opcua_server():
    from opcua_servers import AsyncuaServer

    with AsyncuaServer() as server:
        yield server


@pytest.fixture(params=CASES)
def case(request, tmp_path, monkeypatch) -> ConformanceCase:
    kind, fast_path = request.param
    if kind == "files":
        return files_case(tmp_path / "exports")
    if kind == "documents":
        return documents_case(tmp_path / "library", tmp_path / "cache", monkeypatch)
    if kind == "opcua":
        return opcua_case(request.getfixturevalue("opcua_server"))
    if kind == "jsonl":
        return jsonl_case(tmp_path / "gateway", monkeypatch)
    return sql_case(request.getfixturevalue(URL_FIXTURES[kind]), fast_path)


def run(case: ConformanceCase, reader: SourceTable, state=None) -> tuple[list[dict], dict]:
    """One run's rows (as text, cut to what the case predicts) and committed state, holding every batch to
    the contract."""
    rows, names = [], None
    for batch in reader.batches(state):
        assert isinstance(batch, pa.RecordBatch)
        assert batch.num_rows > 0, "empty batches are not yielded"
        assert names is None or batch.schema.names == names, "every batch has the same columns"
        names = batch.schema.names
        rows.extend(as_text(r) for r in batch.to_pylist())
    state = reader.next_state()
    return case.rows(rows), json.loads(json.dumps(state))


def test_check_returns_a_summary(case):
    summary = case.make_reader().check()
    assert isinstance(summary, str) and summary.strip()
    assert "\n" not in summary


def test_first_run_reads_every_row_once(case):
    reader = case.make_reader()
    assert {tuple(b.schema.names) for b in reader.batches(None)} == {case.columns}
    rows, _ = run(case, case.make_reader())
    assert rows == case.rows(case.seeded)


def test_next_state_resumes_with_exactly_the_appended_rows(case):
    _, state = run(case, case.make_reader())

    nothing, state = run(case, case.make_reader(), state)
    assert nothing == []

    appended = case.append(3)
    rows, state = run(case, case.make_reader(), state)
    assert rows == case.rows(appended)

    appended = case.append(2)
    rows, _ = run(case, case.make_reader(), state)
    assert rows == case.rows(appended)


def test_rerun_from_an_uncommitted_state_reads_the_same_rows(case):
    _, state = run(case, case.make_reader())
    appended = case.append(4)

    reader = case.make_reader()
    once, next_once = run(case, reader, state)
    twice, next_twice = run(case, reader, state)
    fresh, next_fresh = run(case, case.make_reader(), state)
    assert once == twice == fresh == case.rows(appended)
    assert next_once == next_twice == next_fresh


def test_every_kind_in_the_registry_has_a_case():
    covered = {KIND_OF_CASE.get(p.values[0][0], p.values[0][0]) for p in CASES}
    assert set(registry.KINDS) <= covered, f"no conformance case for {sorted(set(registry.KINDS) - covered)}"
