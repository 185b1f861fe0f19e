"""One SQL core for every plant database (MES, ERP, QA, PDM): a source is configuration.

Statements are built with SQLAlchemy Core, so identifiers are quoted by the dialect and
watermark values travel as bound parameters; no SQL is assembled from config strings.
Sessions are read-only. Rows stream through a server-side cursor in bounded batches; for
PostgreSQL an Arrow-native reader (ADBC) takes the same statement when it is installed.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

import pyarrow as pa
from sqlalchemy import MetaData, Table, column, create_engine, event, false, func, literal, literal_column, select, text
from sqlalchemy import types as t
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, NoSuchTableError
from sqlalchemy.pool import NullPool

from connectors import sql_arrow
from connectors.base import SourceTable
from connectors.sql_arrow import DriverError
from connectors.watermark import WatermarkWindow
from plantset.core import secrets
from plantset.core.errors import StageError, without_values

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection

    from connectors.base import Interval, State
    from plantset.core.spec import SqlSource, SqlTable

_READ_ONLY = {
    "postgresql": "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
    "mysql": "SET SESSION TRANSACTION READ ONLY",
    "mariadb": "SET SESSION TRANSACTION READ ONLY",
    "sqlite": "PRAGMA query_only = ON",
}


def connect_url(source: SqlSource) -> URL:
    """The SQLAlchemy URL of a source, with its referenced secret filled in."""
    try:
        if source.connection is not None:
            return make_url(secrets.resolve_uri(source.connection, source=source.name))
        url = make_url(source.url)
    except Exception as exc:  # noqa: BLE001 — sqlalchemy raises several types for a bad URL
        if isinstance(exc, StageError):
            raise
        raise StageError("check", "the connection URL is not a valid SQLAlchemy URL", source=source.name,
                         hint="write it as dialect+driver://user@host:port/database") from None
    if source.password is not None:
        url = url.set(password=secrets.resolve_password(source.password, source=source.name))
    return url


def safe_url(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def make_engine(url: URL):
    """An engine whose every connection is read-only."""
    connect_args: dict[str, Any] = {}
    if url.get_backend_name() in ("postgresql", "mysql", "mariadb"):
        connect_args["connect_timeout"] = 10
    engine = create_engine(url, poolclass=NullPool, connect_args=connect_args)
    statement = _READ_ONLY.get(engine.dialect.name)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection, _record):  # pragma: no branch — one line per dialect
        if statement:
            cursor = dbapi_connection.cursor()
            cursor.execute(statement)
            cursor.close()
            # PostgreSQL rolls a SET back with the transaction it opened; the pool's reset would undo it.
            dbapi_connection.commit()

    return engine


class SqlTableReader(SourceTable):
    """Reads one table or query of a SQL source as Arrow batches."""

    def __init__(self, source: SqlSource, table: SqlTable, url: URL):
        self.spec = table
        self.source = source.name
        self.table = table.name
        self.url = url
        self.fast_path = source.fast_path
        self._window: WatermarkWindow | None = None
        self._kept_state: State | None = None
        self._by_interval = False  # the last read was a timestamp watermark's data interval

    def read_by_interval(self) -> bool:
        return self._by_interval

    # -- errors -------------------------------------------------------------------------
    def _fail(self, what: str, hint: str, column: str | None = None) -> StageError:
        return StageError("extract", what, source=self.source, table=self.table, column=column, hint=hint)

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        engine = make_engine(self.url)
        try:
            conn = engine.connect()
        except DBAPIError as exc:
            raise self._connect_error(exc) from None
        try:
            yield conn
        finally:
            conn.close()
            engine.dispose()

    def _connect_error(self, exc: Exception) -> StageError:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        reason = _without_password(reason, self.url)
        lowered = reason.lower()
        refused = "password" in lowered or "access denied" in lowered or "authentication" in lowered
        if refused:
            hint = "check the user name and the password the spec references"
        else:
            hint = "check that the server runs and is reachable; `plantset check SPEC` tests every connection"
        error = self._fail(f"cannot connect to {safe_url(self.url)}: {reason}", hint)
        error.retryable = not refused  # a server that is down may be back; a refused password will not change
        return error

    # -- statements ---------------------------------------------------------------------
    def _selectable(self, conn: Connection):
        if self.spec.table is not None:
            try:
                return Table(self.spec.table, MetaData(), schema=self.spec.db_schema, autoload_with=conn)
            except NoSuchTableError:
                from sqlalchemy import inspect

                known = inspect(conn).get_table_names(schema=self.spec.db_schema)
                raise self._fail(f"table {self.spec.table!r} does not exist in {safe_url(self.url)}",
                                 f"use one of {sorted(known)[:20]}") from None
        query = _literal_colons(self.spec.query)
        probe = select(literal_column("*")).select_from(text(query).columns().subquery("q")).where(false())
        names = list(conn.execute(probe).keys())
        return text(query).columns(*(column(n) for n in names)).subquery("q")

    def _columns(self, selectable) -> list[str]:
        available = list(selectable.c.keys())
        wanted = list(self.spec.columns or available)
        needed = [*wanted, *self.spec.key, *([self.spec.watermark.column] if self.spec.watermark else [])]
        for name in needed:
            if name not in available:
                raise self._fail(f"column {name!r} does not exist", f"columns are {available}", column=name)
        return list(dict.fromkeys(needed))  # the watermark window needs its columns even when not wanted

    def statement(self, conn: Connection, selectable, low: Any = None, interval: Interval | None = None):
        """The SELECT over ``selectable``, from the watermark's low bound, or inside a data interval."""
        stmt = select(*(selectable.c[n] for n in self._columns(selectable)))
        if self.spec.watermark is None:
            return stmt
        column = selectable.c[self.spec.watermark.column]
        if interval is not None:
            start, end = interval.bounds(naive=not getattr(column.type, "timezone", False))
            return stmt.where(self._compare(conn, column, ">=", start), self._compare(conn, column, "<", end))
        if low is not None:
            stmt = stmt.where(self._compare(conn, column, ">=", low))
        return stmt

    def _compare(self, conn: Connection, column, op: str, value):
        """``column op value``; SQLite keeps times as text in several formats, so both sides are normalized."""
        compare = {">=": operator.ge, "<": operator.lt}[op]
        if conn.dialect.name == "sqlite" and self.spec.watermark.kind == "timestamp":
            fmt = "%Y-%m-%d %H:%M:%f"
            return compare(func.strftime(fmt, column), func.strftime(fmt, literal(value.isoformat(sep=" "))))
        return compare(column, value)

    # -- the SourceTable protocol -------------------------------------------------------
    def check(self) -> str:
        # One row, not a count: a count scans the whole table, and plant tables can be huge.
        try:
            with self._connection() as conn:
                selectable = self._selectable(conn)
                sample = conn.execute(self.statement(conn, selectable).limit(1))
                columns, has_rows = list(sample.keys()), sample.first() is not None
                if self.spec.watermark is not None:
                    self._check_watermark_nulls(conn, selectable)
        except DBAPIError as exc:
            raise self._refused(exc.orig) from None
        state = "readable" if has_rows else "readable but empty"
        return f"{len(columns)} columns {state} at {safe_url(self.url)}"

    def _check_watermark_nulls(self, conn: Connection, selectable) -> None:
        column = selectable.c[self.spec.watermark.column]
        if conn.execute(select(literal(1)).where(column.is_(None)).limit(1)).first() is not None:
            raise self._fail("rows have NULL in the watermark column",
                             "exclude them with a `query:` (… WHERE col IS NOT NULL) or choose a column that is always set",
                             column=self.spec.watermark.column)

    def batches(self, state: State | None, interval: Interval | None = None) -> Iterator[pa.RecordBatch]:
        """Rows since ``state``; for a timestamp watermark and a data ``interval``, the rows inside it.

        An interval run leaves the watermark state as it found it, so scheduled runs,
        backfills and manual incremental runs can share one dataset.
        """
        mark = self.spec.watermark
        if mark is None or mark.kind != "timestamp":
            interval = None
        self._by_interval = interval is not None
        self._kept_state = dict(state or {}) if interval is not None else None
        self._window = window = (
            WatermarkWindow(mark, self.spec.key, state, source=self.source, table=self.table)
            if mark and interval is None else None
        )
        try:
            with self._connection() as conn:
                selectable = self._selectable(conn)  # reflected once per run
                if mark is not None:
                    self._check_watermark_nulls(conn, selectable)
                stmt = self.statement(conn, selectable, window.low_bound() if window else None, interval)
                wanted = self.spec.columns
                for batch in self._stream(conn, stmt):
                    batch = window.admit(batch) if window else batch
                    if batch.num_rows:  # the lag window re-reads rows that admit() then drops
                        yield batch.select(wanted) if wanted else batch
        except DBAPIError as exc:
            raise self._refused(exc.orig) from None
        except DriverError as exc:
            raise self._refused(exc) from None

    def _refused(self, exc: Exception) -> StageError:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        reason = without_values(_without_password(reason, self.url))
        return self._fail(f"the database refused the read: {reason}",
                          "check the table, the columns and the account's SELECT grant")

    def next_state(self) -> State:
        if self._kept_state is not None:
            return self._kept_state
        return self._window.next_state() if self._window else {}

    def _stream(self, conn: Connection, stmt) -> Iterator[pa.RecordBatch]:
        if self.fast_path and sql_arrow.available(conn.dialect.name):
            yield from sql_arrow.stream(self.url, stmt, conn.dialect.name, self.spec.batch_rows)
            return
        result = conn.execution_options(stream_results=True, yield_per=self.spec.batch_rows).execute(stmt)
        names = list(result.keys())
        types = [arrow_type(c.type) for c in stmt.selected_columns]
        for rows in result.partitions(self.spec.batch_rows):
            yield rows_to_batch(names, rows, types)


def _without_password(text: str, url: URL) -> str:
    """``text`` with the URL's password removed, as typed and as percent-encoded in URIs."""
    password = url.password
    if not password:
        return text
    rendered = make_url("x://u@h").set(password=password).render_as_string(hide_password=False)
    as_sqlalchemy_writes_it = rendered[len("x://u:"):-len("@h")]
    forms = {password, quote(password, safe=""), quote_plus(password), as_sqlalchemy_writes_it}
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "***")
    return text


def _literal_colons(query: str) -> str:
    """The query with every ``:name`` escaped, so SQLAlchemy takes none of it for a bind parameter."""
    return re.sub(r"(?<![:\w$\\]):([\w$]+)(?![:\w$])", r"\\:\1", query)


def arrow_type(sql_type) -> pa.DataType | None:
    """The Arrow type of a column's SQLAlchemy type where it is unambiguous; None to infer from the values."""
    if isinstance(sql_type, t.Boolean):
        return pa.bool_()
    if isinstance(sql_type, t.Integer):
        return pa.int64()
    if isinstance(sql_type, t.Float):
        return pa.float64()
    if isinstance(sql_type, t.Numeric):
        precision, scale = sql_type.precision, sql_type.scale
        if sql_type.asdecimal and precision and scale is not None and precision <= 38:
            return pa.decimal128(precision, scale)
        return None
    if isinstance(sql_type, t.String):  # Text, Unicode, Enum too
        return pa.string()
    return None


def rows_to_batch(names: list[str], rows: list, types: list | None = None) -> pa.RecordBatch:
    """Column-wise Arrow batch from DB-API rows, typed from the column where known; values that do not
    fit that type are inferred instead, and a column of mixed types falls back to text."""
    arrays = []
    for values, type_ in zip(zip(*rows), types or [None] * len(names)):
        try:
            arrays.append(pa.array(values, type_))
            continue
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
        try:
            arrays.append(pa.array(values))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays.append(pa.array([None if v is None else str(v) for v in values], pa.string()))
    return pa.RecordBatch.from_arrays(arrays, names=names)


def open_tables(source: SqlSource, timezone: str = "UTC") -> list[SqlTableReader]:
    """The readers of a SQL source's tables, sharing one connection URL."""
    url = connect_url(source)
    return [SqlTableReader(source, table, url) for table in source.tables]
