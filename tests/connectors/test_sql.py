"""The SQL core against real SQLite, PostgreSQL and MariaDB databases, on both read paths.

PostgreSQL's fast path is ADBC and MariaDB's is ConnectorX; the general path streams
through SQLAlchemy. Each test builds its own tables in a fresh database.
"""

from __future__ import annotations

import json
import pickle
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from connectors import sql_arrow
from connectors.sql import SqlTableReader, connect_url, make_engine
from plantset.errors import StageError
from plantset.spec import SqlSource

BASE = datetime(2024, 5, 1, 8, 0)

READ_PATHS = [
    pytest.param(("sqlite", False), id="sqlite"),
    pytest.param(("postgres", True), id="postgres-adbc", marks=pytest.mark.postgres),
    pytest.param(("postgres", False), id="postgres-general", marks=pytest.mark.postgres),
    pytest.param(("mariadb", True), id="mariadb-connectorx", marks=pytest.mark.mariadb),
    pytest.param(("mariadb", False), id="mariadb-general", marks=pytest.mark.mariadb),
]
URL_FIXTURES = {"sqlite": "sqlite_url", "postgres": "pg_url", "mariadb": "mariadb_url"}


@dataclass
class Db:
    """A fresh database, a read-write engine to set it up, and the read path under test."""

    url: str
    fast_path: bool
    engine: sa.Engine

    def reader(self, **table) -> SqlTableReader:
        source = SqlSource(kind="sql", name="mes", url=self.url, fast_path=self.fast_path,
                           tables=[{"name": "t", **table}])
        return SqlTableReader(source, source.tables[0], connect_url(source))


@contextmanager
def database(url: str, fast_path: bool) -> Iterator[Db]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        yield Db(url, fast_path, engine)
    finally:
        engine.dispose()


@pytest.fixture(params=READ_PATHS)
def db(request) -> Iterator[Db]:
    kind, fast_path = request.param
    with database(request.getfixturevalue(URL_FIXTURES[kind]), fast_path) as db:
        if fast_path:  # otherwise the "fast" run would silently test the general path twice
            assert sql_arrow.available(db.engine.dialect.name), f"no Arrow-native reader installed for {kind}"
        yield db


@pytest.fixture
def general_db(db_url) -> Iterator[Db]:
    """Each database once, on the general path: for what happens before the read paths part."""
    with database(db_url, fast_path=False) as db:
        yield db


def read(reader, state=None) -> tuple[list[dict], dict]:
    """All rows of one run, and the state to commit, as the runner would store it (JSON)."""
    rows = [row for batch in reader.batches(state) for row in batch.to_pylist()]
    return rows, json.loads(json.dumps(reader.next_state()))


def ids(rows: list[dict]) -> list:
    return sorted(int(r["id"]) for r in rows)


# -- tables -----------------------------------------------------------------------------

def orders_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "orders", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("qty", sa.Integer),
    )


def create_orders(db: Db) -> sa.Table:
    table = orders_table(sa.MetaData())
    table.metadata.create_all(db.engine)
    return table


def insert_orders(db: Db, *rows: tuple[int, int]) -> None:
    """Rows as (id, step): both watermark columns advance with the step."""
    table = orders_table(sa.MetaData())
    with db.engine.begin() as conn:
        conn.execute(table.insert(), [
            {"id": i, "seq": n, "updated_at": BASE + timedelta(minutes=n), "qty": i * 10} for i, n in rows
        ])


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


# -- reading ----------------------------------------------------------------------------

def test_table_source_reads_every_row_with_its_values(db):
    create_orders(db)
    insert_orders(db, (1, 0), (2, 1), (3, 2))
    rows, state = read(db.reader(table="orders"))
    assert sorted(rows, key=lambda r: r["id"]) == [
        {"id": i, "seq": n, "updated_at": BASE + timedelta(minutes=n), "qty": i * 10}
        for i, n in ((1, 0), (2, 1), (3, 2))
    ]
    assert state == {}


def test_query_source_reads_what_the_query_selects(db):
    create_orders(db)
    insert_orders(db, (1, 0), (2, 1), (3, 2))
    rows, _ = read(db.reader(query="SELECT id, qty * 2 AS double_qty FROM orders WHERE qty >= 20"))
    assert sorted(rows, key=lambda r: r["id"]) == [{"id": 2, "double_qty": 40}, {"id": 3, "double_qty": 60}]


def test_columns_selects_and_orders_the_columns(db):
    create_orders(db)
    insert_orders(db, (1, 0))
    reader = db.reader(table="orders", columns=["qty", "id"])
    batches = list(reader.batches(None))
    assert [b.schema.names for b in batches] == [["qty", "id"]]
    assert batches[0].to_pylist() == [{"qty": 10, "id": 1}]


def test_check_reads_one_row_and_says_whether_the_table_is_empty(general_db):
    create_orders(general_db)
    assert " columns readable but empty at " in general_db.reader(table="orders").check()
    insert_orders(general_db, (1, 0), (2, 1))
    summary = general_db.reader(table="orders").check()
    assert " columns readable at " in summary and "empty" not in summary


# -- incremental reads ------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_second_run_reads_only_new_rows(db, kind):
    create_orders(db)
    insert_orders(db, (1, 0), (2, 1), (3, 2))
    spec = {"table": "orders", "key": ["id"], "watermark": watermark(kind)}
    first, state = read(db.reader(**spec))
    assert ids(first) == [1, 2, 3]

    insert_orders(db, (4, 5), (5, 6))
    second, state = read(db.reader(**spec), state)
    assert ids(second) == [4, 5]

    third, _ = read(db.reader(**spec), state)
    assert third == []


@pytest.mark.parametrize("kind", KINDS)
def test_query_source_is_read_incrementally(db, kind):
    create_orders(db)
    insert_orders(db, (1, 0), (2, 1))
    spec = {"query": "SELECT id, seq, updated_at FROM orders WHERE qty > 0", "key": ["id"],
            "watermark": watermark(kind)}
    first, state = read(db.reader(**spec))
    assert ids(first) == [1, 2]
    insert_orders(db, (3, 4))
    second, _ = read(db.reader(**spec), state)
    assert ids(second) == [3]


@pytest.mark.parametrize("kind", KINDS)
def test_rows_sharing_the_watermark_value_are_picked_up_once(db, kind):
    create_orders(db)
    insert_orders(db, (1, 0), (2, 3), (3, 3))
    spec = {"table": "orders", "key": ["id"], "watermark": watermark(kind, lag=False)}
    first, state = read(db.reader(**spec))
    assert ids(first) == [1, 2, 3]

    insert_orders(db, (4, 3))  # same value as the newest row the first run saw
    second, state = read(db.reader(**spec), state)
    assert ids(second) == [4]

    third, _ = read(db.reader(**spec), state)
    assert third == []


@pytest.mark.parametrize("kind", KINDS)
def test_late_row_inside_the_lag_is_picked_up_once(db, kind):
    create_orders(db)
    insert_orders(db, *((i, 20 + i) for i in range(1, 6)))  # steps 21..25
    spec = {"table": "orders", "key": ["id"], "watermark": watermark(kind)}
    first, state = read(db.reader(**spec))
    assert ids(first) == [1, 2, 3, 4, 5]

    # Committed after the first run, stamped behind the newest row (25); 15 is the lag's edge.
    insert_orders(db, (6, 22), (7, 15))
    second, state = read(db.reader(**spec), state)
    assert ids(second) == [6, 7]

    third, _ = read(db.reader(**spec), state)
    assert third == []


@pytest.mark.parametrize("kind", KINDS)
def test_late_row_older_than_the_lag_is_missed_by_design(db, kind):
    """The contract: a row committing later than `lag` behind the newest row is not read."""
    create_orders(db)
    insert_orders(db, *((i, 20 + i) for i in range(1, 6)))  # steps 21..25
    spec = {"table": "orders", "key": ["id"], "watermark": watermark(kind)}
    _, state = read(db.reader(**spec))

    insert_orders(db, (6, 14), (7, 26))  # 14 is one step past the lag window (25 - 10)
    second, _ = read(db.reader(**spec), state)
    assert ids(second) == [7]


def test_general_path_batches_are_bounded_by_batch_rows(general_db):
    create_orders(general_db)
    insert_orders(general_db, *((i, i) for i in range(1, 251)))
    batches = list(general_db.reader(table="orders", batch_rows=100).batches(None))
    assert [b.num_rows for b in batches] == [100, 100, 50]


@pytest.mark.mariadb
def test_connectorx_batches_are_bounded_by_batch_rows(mariadb_url):
    with database(mariadb_url, fast_path=True) as db:
        create_orders(db)
        insert_orders(db, *((i, i) for i in range(1, 251)))
        batches = list(db.reader(table="orders", batch_rows=100).batches(None))
    assert max(b.num_rows for b in batches) <= 100
    assert sum(b.num_rows for b in batches) == 250


# -- identifiers and literals -----------------------------------------------------------

def korean_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "작업 지시", metadata,
        sa.Column("지시 번호", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("수량 (EA)", sa.Integer),
        sa.Column("MixedCase", sa.String(40)),
        sa.Column("수정 일시", sa.DateTime, nullable=False),
    )


def test_korean_spaced_and_mixed_case_identifiers_are_quoted(db):
    table = korean_table(sa.MetaData())
    table.metadata.create_all(db.engine)
    with db.engine.begin() as conn:
        conn.execute(table.insert(), [
            {"지시 번호": 1, "수량 (EA)": 5, "MixedCase": "볼트", "수정 일시": BASE},
            {"지시 번호": 2, "수량 (EA)": 7, "MixedCase": "너트", "수정 일시": BASE + timedelta(hours=1)},
        ])
    spec = {"table": "작업 지시", "columns": ["수량 (EA)", "MixedCase"], "key": ["지시 번호"],
            "watermark": {"column": "수정 일시", "lag": "1m"}}
    assert db.reader(**spec).check().startswith("4 columns readable at ")
    first, state = read(db.reader(**spec))
    assert sorted(first, key=lambda r: r["수량 (EA)"]) == [
        {"수량 (EA)": 5, "MixedCase": "볼트"}, {"수량 (EA)": 7, "MixedCase": "너트"},
    ]

    with db.engine.begin() as conn:
        conn.execute(table.insert(), {"지시 번호": 3, "수량 (EA)": 9, "MixedCase": "와셔",
                                      "수정 일시": BASE + timedelta(hours=2)})
    second, _ = read(db.reader(**spec), state)
    assert second == [{"수량 (EA)": 9, "MixedCase": "와셔"}]


LITERALS = ["it's", 'say "hi"', "a :b", "50%"]


def test_query_source_takes_literals_verbatim(db):
    """Quotes, a `:word` (SQLAlchemy's bind syntax) and `%` (the drivers' format syntax) in a literal."""
    notes = sa.Table("notes", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("note", sa.String(40)))
    notes.metadata.create_all(db.engine)
    with db.engine.begin() as conn:
        conn.execute(notes.insert(), [{"id": i, "note": note} for i, note in enumerate(["other", *LITERALS])])
    for i, literal in enumerate(LITERALS, start=1):
        quoted = literal.replace("'", "''")
        query = f"SELECT id, note, '{quoted}' AS echo FROM notes WHERE note = '{quoted}'"
        rows, _ = read(db.reader(query=query))
        assert rows == [{"id": i, "note": literal, "echo": literal}], literal


# -- read-only sessions -----------------------------------------------------------------

def test_sessions_are_read_only(db_url):
    setup = sa.create_engine(db_url, poolclass=sa.NullPool)
    with setup.begin() as conn:
        conn.execute(sa.text("CREATE TABLE kept (id INTEGER)"))
        conn.execute(sa.text("INSERT INTO kept VALUES (1)"))

    engine = make_engine(make_url(db_url))
    for statement in ("INSERT INTO kept VALUES (2)", "DELETE FROM kept", "CREATE TABLE added (id INTEGER)"):
        with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
            conn.execute(sa.text(statement))
    engine.dispose()

    with setup.connect() as conn:
        assert conn.execute(sa.text("SELECT id FROM kept")).scalars().all() == [1]
        assert sa.inspect(conn).get_table_names() == ["kept"]
    setup.dispose()


WRITING_FUNCTIONS = {
    "postgresql": "CREATE FUNCTION bump() RETURNS integer LANGUAGE sql VOLATILE AS "
                  "$$ INSERT INTO audit VALUES (1) RETURNING 1 $$",
    "mysql": "CREATE FUNCTION bump() RETURNS INTEGER MODIFIES SQL DATA NOT DETERMINISTIC "
             "BEGIN INSERT INTO audit VALUES (1); RETURN 1; END",
}


@pytest.mark.parametrize("server_db", [
    pytest.param(("postgres", True), id="postgres-adbc", marks=pytest.mark.postgres),
    pytest.param(("postgres", False), id="postgres-general", marks=pytest.mark.postgres),
    pytest.param(("mariadb", True), id="mariadb-connectorx", marks=pytest.mark.mariadb),
    pytest.param(("mariadb", False), id="mariadb-general", marks=pytest.mark.mariadb),
])
def test_a_query_cannot_write_through_the_reader(request, server_db):
    """A SELECT calling a function that writes is refused by the reader's read-only session."""
    kind, fast_path = server_db
    with database(request.getfixturevalue(URL_FIXTURES[kind]), fast_path) as db:
        with db.engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE audit (n INTEGER)"))
            conn.exec_driver_sql(WRITING_FUNCTIONS[db.engine.dialect.name])
            conn.execute(sa.text("CREATE TABLE orders (id INTEGER)"))
            conn.execute(sa.text("INSERT INTO orders VALUES (1)"))
        with pytest.raises(StageError) as caught:
            read(db.reader(query="SELECT id, bump() AS n FROM orders"))
        assert "READ ONLY" in str(caught.value).upper().replace("-", " ")
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM audit")).scalar_one() == 0


# -- errors -----------------------------------------------------------------------------

def assert_one_line(err: StageError, *fragments: str) -> None:
    text = str(err)
    assert "\n" not in text
    assert err.source == "mes" and err.table == "t"
    assert text.startswith("extract: source mes, table t")
    for fragment in fragments:
        assert fragment in text
    assert err.hint and f" — {err.hint}" in text


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("scheme", [
    pytest.param("postgresql+psycopg://postgres", marks=pytest.mark.postgres, id="postgres"),
    pytest.param("mysql+pymysql://root", marks=pytest.mark.mariadb, id="mariadb"),
])
def test_unreachable_server(scheme):
    port = unused_port()
    source = SqlSource(kind="sql", name="mes", url=f"{scheme}@127.0.0.1:{port}/plant",
                       tables=[{"name": "t", "table": "orders"}])
    reader = SqlTableReader(source, source.tables[0], connect_url(source))
    for attempt in (reader.check, lambda: list(reader.batches(None))):
        with pytest.raises(StageError) as caught:
            attempt()
        assert_one_line(caught.value, f"cannot connect to {scheme}@127.0.0.1:{port}/plant", "refused")
        assert "server runs" in caught.value.hint


def test_missing_table_lists_the_known_tables(general_db):
    create_orders(general_db)
    korean_table(sa.MetaData()).create(general_db.engine)
    with pytest.raises(StageError) as caught:
        general_db.reader(table="order").check()
    assert_one_line(caught.value, "table 'order' does not exist", "orders", "작업 지시")


def test_missing_column_is_named(general_db):
    create_orders(general_db)
    for attempt in ("check", "batches"):
        reader = general_db.reader(table="orders", columns=["id", "qyt"])
        with pytest.raises(StageError) as caught:
            reader.check() if attempt == "check" else list(reader.batches(None))
        assert caught.value.column == "qyt"
        assert_one_line(caught.value, "column qyt", "column 'qyt' does not exist", "'qty'")


def test_nulls_in_the_watermark_column_are_refused(general_db):
    with general_db.engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE orders (id INTEGER, changed INTEGER)"))
        conn.execute(sa.text("INSERT INTO orders VALUES (1, 5), (2, NULL)"))
    spec = {"table": "orders", "watermark": {"column": "changed", "kind": "integer"}}
    for attempt in ("check", "batches"):
        reader = general_db.reader(**spec)
        with pytest.raises(StageError) as caught:
            reader.check() if attempt == "check" else list(reader.batches(None))
        assert caught.value.column == "changed"
        assert_one_line(caught.value, "NULL in the watermark column", "IS NOT NULL")


def test_query_the_database_refuses_is_a_stage_error(general_db):
    create_orders(general_db)
    insert_orders(general_db, (1, 0))
    for attempt in ("check", "batches"):
        reader = general_db.reader(query="SELECT id, no_such_column FROM orders")
        with pytest.raises(StageError) as caught:
            reader.check() if attempt == "check" else list(reader.batches(None))
        assert_one_line(caught.value, "the database refused the read", "no_such_column")


def test_missing_secret_variable_is_named(monkeypatch):
    monkeypatch.delenv("PLANTSET_TEST_NOT_SET", raising=False)
    source = SqlSource(kind="sql", name="mes", url="postgresql+psycopg://reader@127.0.0.1/plant",
                       password={"env": "PLANTSET_TEST_NOT_SET"}, tables=[{"name": "t", "table": "orders"}])
    with pytest.raises(StageError) as caught:
        connect_url(source)
    assert caught.value.source == "mes"
    assert "PLANTSET_TEST_NOT_SET" in str(caught.value) and "\n" not in str(caught.value)


def test_stage_error_survives_pickling(sqlite_url):
    with database(sqlite_url, fast_path=False) as db:
        create_orders(db)
        with pytest.raises(StageError) as caught:
            db.reader(table="orders", columns=["nope"]).check()
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is StageError
    assert str(copy) == str(caught.value)
    assert (copy.stage, copy.source, copy.table, copy.column, copy.hint) == (
        "extract", "mes", "t", "nope", caught.value.hint)


# -- passwords --------------------------------------------------------------------------

def reader_with_password(url: str, password: str, monkeypatch, fast_path=True, **table) -> SqlTableReader:
    monkeypatch.setenv("PLANTSET_TEST_PASSWORD", password)
    table = table or {"table": "orders"}
    source = SqlSource(kind="sql", name="mes", url=url, password={"env": "PLANTSET_TEST_PASSWORD"},
                       fast_path=fast_path, tables=[{"name": "t", **table}])
    return SqlTableReader(source, source.tables[0], connect_url(source))


def assert_secret_kept(err: StageError, *secrets: str) -> None:
    for text in (str(err), repr(err), *map(str, err.args), str(pickle.loads(pickle.dumps(err)))):
        for secret in secrets:
            assert secret not in text


@pytest.mark.mariadb
def test_wrong_password_is_reported_without_it(mariadb_account, monkeypatch):
    url, password = mariadb_account
    wrong = "Wr0ng-" + password
    reader = reader_with_password(url, wrong, monkeypatch)
    with pytest.raises(StageError) as caught:
        reader.check()
    assert_one_line(caught.value, "cannot connect to", "Access denied")
    assert "password" in caught.value.hint
    assert_secret_kept(caught.value, wrong, password)


def assert_every_case_keeps_the_secret(cases, password, monkeypatch, fast_path):
    """Each (url, table) case fails with a one-line StageError that never shows the password."""
    for case, (case_url, table) in cases.items():
        reader = reader_with_password(case_url, password, monkeypatch, fast_path=fast_path, **table)
        with pytest.raises(StageError) as caught:
            list(reader.batches(None))
        assert "\n" not in str(caught.value), case
        if case == "failing fetch":
            assert "the database refused the read" in str(caught.value)
        assert_secret_kept(caught.value, password)


@pytest.mark.mariadb
@pytest.mark.parametrize("fast_path", [True, False], ids=["connectorx", "general"])
def test_password_never_appears_in_errors_mariadb(mariadb_url, mariadb_account, monkeypatch, fast_path):
    engine = sa.create_engine(mariadb_url, poolclass=sa.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE orders (id INTEGER)"))
        conn.execute(sa.text("INSERT INTO orders VALUES (1), (2)"))
    engine.dispose()
    account, password = mariadb_account
    wrong_port = make_url(account).set(port=unused_port()).render_as_string()
    cases = {
        "wrong port": (wrong_port, {"table": "orders"}),
        "missing table": (account, {"table": "nope"}),
        "refused query": (account, {"query": "SELECT nope FROM orders"}),
        # Fails only once rows are fetched, i.e. inside ConnectorX on the fast path.
        "failing fetch": (account, {"query": "SELECT (SELECT id FROM orders) AS x FROM orders"}),
    }
    assert_every_case_keeps_the_secret(cases, password, monkeypatch, fast_path)


@pytest.mark.postgres
@pytest.mark.parametrize("fast_path", [True, False], ids=["adbc", "general"])
def test_password_never_appears_in_errors_postgres(pg_url, monkeypatch, fast_path):
    """Trust auth on loopback accepts any password, so only the paths after login are checked."""
    password = "Pl4nt-s3cret-x7"
    engine = sa.create_engine(pg_url, poolclass=sa.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE orders (id INTEGER, code TEXT)"))
        conn.execute(sa.text("INSERT INTO orders VALUES (1, 'a'), (2, 'b')"))
    engine.dispose()
    url = make_url(pg_url)
    cases = {
        "wrong port": (url.set(port=unused_port()).render_as_string(), {"table": "orders"}),
        "missing table": (pg_url, {"table": "nope"}),
        "refused query": (pg_url, {"query": "SELECT nope FROM orders"}),
        "failing fetch": (pg_url, {"query": "SELECT CAST(code AS INTEGER) AS n FROM orders"}),
    }
    assert_every_case_keeps_the_secret(cases, password, monkeypatch, fast_path)
