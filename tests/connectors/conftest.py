"""Databases for the SQL core's tests (test_sql*.py), on both read paths.

PostgreSQL's fast path is ADBC and MariaDB's is ConnectorX; the general path streams
through SQLAlchemy. Each test builds its own tables in a fresh database, with the `Db`
methods below; helpers reach the tests as fixtures (`database`, `read`) because the test
folder is not a package.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

import pytest
import sqlalchemy as sa

from connectors import sql_arrow
from connectors.sql import SqlTableReader, connect_url
from plantset.core.spec import SqlSource

READ_PATHS = [
    pytest.param(("sqlite", False), id="sqlite"),
    pytest.param(("postgres", True), id="postgres-adbc", marks=pytest.mark.postgres),
    pytest.param(("postgres", False), id="postgres-general", marks=pytest.mark.postgres),
    pytest.param(("mariadb", True), id="mariadb-connectorx", marks=pytest.mark.mariadb),
    pytest.param(("mariadb", False), id="mariadb-general", marks=pytest.mark.mariadb),
]
URL_FIXTURES = {"sqlite": "sqlite_url", "postgres": "pg_url", "mariadb": "mariadb_url"}


def orders_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "orders", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("qty", sa.Integer),
    )


def korean_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "작업 지시", metadata,
        sa.Column("지시 번호", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("수량 (EA)", sa.Integer),
        sa.Column("MixedCase", sa.String(40)),
        sa.Column("수정 일시", sa.DateTime, nullable=False),
    )


@dataclass
class Db:
    """A fresh database, a read-write engine to set it up, and the read path under test."""

    BASE: ClassVar[datetime] = datetime(2024, 5, 1, 8, 0)

    url: str
    fast_path: bool
    engine: sa.Engine

    def reader(self, **table) -> SqlTableReader:
        source = SqlSource(kind="sql", name="mes", url=self.url, fast_path=self.fast_path,
                           tables=[{"name": "t", **table}])
        return SqlTableReader(source, source.tables[0], connect_url(source))

    def create_orders(self) -> sa.Table:
        table = orders_table(sa.MetaData())
        table.metadata.create_all(self.engine)
        return table

    def insert_orders(self, *rows: tuple[int, int]) -> None:
        """Rows as (id, step): both watermark columns advance with the step, from BASE."""
        table = orders_table(sa.MetaData())
        with self.engine.begin() as conn:
            conn.execute(table.insert(), [
                {"id": i, "seq": n, "updated_at": self.BASE + timedelta(minutes=n), "qty": i * 10}
                for i, n in rows
            ])

    def create_korean_table(self) -> sa.Table:
        """'작업 지시': Korean, spaced and mixed-case identifiers that must be quoted."""
        table = korean_table(sa.MetaData())
        table.metadata.create_all(self.engine)
        return table


@contextmanager
def open_database(url: str, fast_path: bool) -> Iterator[Db]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        yield Db(url, fast_path, engine)
    finally:
        engine.dispose()


def read_all(reader, state=None) -> tuple[list[dict], dict]:
    """All rows of one run, and the state to commit, as the runner would store it (JSON)."""
    rows = [row for batch in reader.batches(state) for row in batch.to_pylist()]
    return rows, json.loads(json.dumps(reader.next_state()))


@pytest.fixture(params=READ_PATHS)
def db(request) -> Iterator[Db]:
    kind, fast_path = request.param
    with open_database(request.getfixturevalue(URL_FIXTURES[kind]), fast_path) as db:
        if fast_path:  # otherwise the "fast" run would silently test the general path twice
            assert sql_arrow.available(db.engine.dialect.name), f"no Arrow-native reader installed for {kind}"
        yield db


@pytest.fixture
def general_db(db_url) -> Iterator[Db]:
    """Each database once, on the general path: for what happens before the read paths part."""
    with open_database(db_url, fast_path=False) as db:
        yield db


@pytest.fixture
def database() -> Callable[[str, bool], AbstractContextManager[Db]]:
    """`with database(url, fast_path) as db:` for a test that picks its database and read path."""
    return open_database


@pytest.fixture
def read() -> Callable[..., tuple[list[dict], dict]]:
    """`rows, state = read(reader, state)`: one run read to the end (see `read_all`)."""
    return read_all
