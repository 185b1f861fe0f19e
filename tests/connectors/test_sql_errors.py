"""The SQL core's errors: one line naming the source, table and fix, picklable, never the password.

Bad input (unreachable server, missing table, column or secret, NULL watermarks, refused
queries) against real databases (see conftest.py), and a password that no error shows.
"""

from __future__ import annotations

import pickle
import socket

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from connectors.sql import SqlTableReader, connect_url
from plantset.core.errors import StageError
from plantset.core.spec import SqlSource


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


# -- bad input --------------------------------------------------------------------------

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
        assert caught.value.retryable  # a server that is down may be back at the next try


def test_missing_table_lists_the_known_tables(general_db):
    general_db.create_orders()
    general_db.create_korean_table()
    with pytest.raises(StageError) as caught:
        general_db.reader(table="order").check()
    assert_one_line(caught.value, "table 'order' does not exist", "orders", "작업 지시")


def test_missing_column_is_named(general_db):
    general_db.create_orders()
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
    general_db.create_orders()
    general_db.insert_orders((1, 0))
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


def test_stage_error_survives_pickling(sqlite_url, database):
    with database(sqlite_url, fast_path=False) as db:
        db.create_orders()
        with pytest.raises(StageError) as caught:
            db.reader(table="orders", columns=["nope"]).check()
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is StageError
    assert str(copy) == str(caught.value)
    assert (copy.stage, copy.source, copy.table, copy.column, copy.hint, copy.retryable) == (
        "extract", "mes", "t", "nope", caught.value.hint, False)
    named = copy.at("check")
    assert named.stage == "check" and str(named).startswith("check: source mes") and named.hint == copy.hint


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
    assert "password" in caught.value.hint and not caught.value.retryable  # retrying will not change the password
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
