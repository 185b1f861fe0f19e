"""The SQL core against real SQLite, PostgreSQL and MariaDB databases, on both read paths.

PostgreSQL's fast path is ADBC and MariaDB's is ConnectorX; the general path streams
through SQLAlchemy. Each test builds its own tables in a fresh database (see conftest.py).
Incremental reads are in test_sql_watermark.py, errors in test_sql_errors.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from connectors.sql import make_engine
from plantset.core.errors import StageError

# -- reading ----------------------------------------------------------------------------

def test_table_source_reads_every_row_with_its_values(db, read):
    db.create_orders()
    db.insert_orders((1, 0), (2, 1), (3, 2))
    rows, state = read(db.reader(table="orders"))
    assert sorted(rows, key=lambda r: r["id"]) == [
        {"id": i, "seq": n, "updated_at": db.BASE + timedelta(minutes=n), "qty": i * 10}
        for i, n in ((1, 0), (2, 1), (3, 2))
    ]
    assert state == {}


def test_query_source_reads_what_the_query_selects(db, read):
    db.create_orders()
    db.insert_orders((1, 0), (2, 1), (3, 2))
    rows, _ = read(db.reader(query="SELECT id, qty * 2 AS double_qty FROM orders WHERE qty >= 20"))
    assert sorted(rows, key=lambda r: r["id"]) == [{"id": 2, "double_qty": 40}, {"id": 3, "double_qty": 60}]


def test_columns_selects_and_orders_the_columns(db):
    db.create_orders()
    db.insert_orders((1, 0))
    reader = db.reader(table="orders", columns=["qty", "id"])
    batches = list(reader.batches(None))
    assert [b.schema.names for b in batches] == [["qty", "id"]]
    assert batches[0].to_pylist() == [{"qty": 10, "id": 1}]


def test_check_reads_one_row_and_says_whether_the_table_is_empty(general_db):
    general_db.create_orders()
    assert " columns readable but empty at " in general_db.reader(table="orders").check()
    general_db.insert_orders((1, 0), (2, 1))
    summary = general_db.reader(table="orders").check()
    assert " columns readable at " in summary and "empty" not in summary


# -- batches ----------------------------------------------------------------------------

def test_general_path_batches_are_bounded_by_batch_rows(general_db):
    general_db.create_orders()
    general_db.insert_orders(*((i, i) for i in range(1, 251)))
    batches = list(general_db.reader(table="orders", batch_rows=100).batches(None))
    assert [b.num_rows for b in batches] == [100, 100, 50]


@pytest.mark.mariadb
def test_connectorx_batches_are_bounded_by_batch_rows(mariadb_url, database):
    with database(mariadb_url, fast_path=True) as db:
        db.create_orders()
        db.insert_orders(*((i, i) for i in range(1, 251)))
        batches = list(db.reader(table="orders", batch_rows=100).batches(None))
    assert max(b.num_rows for b in batches) <= 100
    assert sum(b.num_rows for b in batches) == 250


# -- identifiers and literals -----------------------------------------------------------

def test_korean_spaced_and_mixed_case_identifiers_are_quoted(db, read):
    table = db.create_korean_table()
    with db.engine.begin() as conn:
        conn.execute(table.insert(), [
            {"지시 번호": 1, "수량 (EA)": 5, "MixedCase": "볼트", "수정 일시": db.BASE},
            {"지시 번호": 2, "수량 (EA)": 7, "MixedCase": "너트", "수정 일시": db.BASE + timedelta(hours=1)},
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
                                      "수정 일시": db.BASE + timedelta(hours=2)})
    second, _ = read(db.reader(**spec), state)
    assert second == [{"수량 (EA)": 9, "MixedCase": "와셔"}]


LITERALS = ["it's", 'say "hi"', "a :b", "50%"]


def test_query_source_takes_literals_verbatim(db, read):
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
    pytest.param(("pg_url", True), id="postgres-adbc", marks=pytest.mark.postgres),
    pytest.param(("pg_url", False), id="postgres-general", marks=pytest.mark.postgres),
    pytest.param(("mariadb_url", True), id="mariadb-connectorx", marks=pytest.mark.mariadb),
    pytest.param(("mariadb_url", False), id="mariadb-general", marks=pytest.mark.mariadb),
])
def test_a_query_cannot_write_through_the_reader(request, server_db, database, read):
    """A SELECT calling a function that writes is refused by the reader's read-only session."""
    url_fixture, fast_path = server_db
    with database(request.getfixturevalue(url_fixture), fast_path) as db:
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
