"""Arrow-native readers for the SQL core: ADBC for PostgreSQL, ConnectorX for MySQL/MariaDB.

They take the statement SQLAlchemy built (dialect-quoted identifiers; watermark values as
bound parameters for ADBC, rendered by the dialect's literal processors for ConnectorX,
which takes no parameters) and stream Arrow batches without a Python row loop.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import TYPE_CHECKING

import adbc_driver_postgresql.dbapi as adbc
import connectorx
import pyarrow as pa
from sqlalchemy import Float, Numeric, Text, cast
from sqlalchemy.dialects import mysql, postgresql

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

_MODULES = {"postgresql": "adbc_driver_postgresql", "mysql": "connectorx", "mariadb": "connectorx"}


class DriverError(Exception):
    """An Arrow-native driver failed; carries the driver's message only."""


def available(dialect: str) -> bool:
    """Whether an Arrow-native reader is installed for ``dialect``."""
    module = _MODULES.get(dialect)
    return module is not None and importlib.util.find_spec(module) is not None


def stream(url: URL, stmt, dialect: str, batch_rows: int) -> Iterator[pa.RecordBatch]:
    """Arrow batches of ``stmt``; any driver failure surfaces as ``DriverError``."""
    reader = _adbc_postgres(url, stmt) if dialect == "postgresql" else _connectorx_mysql(url, stmt, batch_rows)
    try:
        yield from reader
    except Exception as exc:  # noqa: BLE001 — ADBC and pyarrow raise several unrelated types
        raise DriverError(str(exc)) from None
    except BaseException as exc:
        # ConnectorX reports a failed query as a Rust panic, which is not an Exception.
        if type(exc).__name__ != "PanicException":
            raise
        raise DriverError(str(exc)) from None


def _adbc_postgres(url: URL, stmt) -> Iterator[pa.RecordBatch]:
    compiled = _numeric_as_text(stmt).compile(dialect=postgresql.dialect(paramstyle="numeric_dollar"))
    params = tuple(compiled.params[name] for name in compiled.positiontup)
    uri = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with adbc.connect(uri, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cursor.execute(str(compiled), params or None)
        for batch in cursor.fetch_record_batch():
            yield plain(batch)


def _numeric_as_text(stmt):
    """NUMERIC columns cast to text by the server: the same strings the driver would make, at half the cost."""
    def as_text(col):
        if isinstance(col.type, Numeric) and not isinstance(col.type, Float):
            return cast(col, Text).label(col.key)
        return col

    columns = list(stmt.selected_columns)
    if not any(as_text(c) is not c for c in columns):
        return stmt
    return stmt.with_only_columns(*(as_text(c) for c in columns), maintain_column_froms=True)


def _connectorx_mysql(url: URL, stmt, batch_rows: int) -> Iterator[pa.RecordBatch]:
    # A paramstyle without `%`, or literal text would reach the server with every % doubled.
    sql = str(stmt.compile(dialect=mysql.dialect(paramstyle="named"), compile_kwargs={"literal_binds": True}))
    uri = url.set(drivername="mysql", query={}).render_as_string(hide_password=False)
    reader = connectorx.read_sql(
        uri, sql, return_type="arrow_stream", batch_size=batch_rows,
        pre_execution_query=["SET SESSION TRANSACTION READ ONLY"],
    )
    for batch in reader:
        yield plain(batch)


def plain(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch without driver metadata; extension columns (PostgreSQL numeric) as their storage."""
    arrays = [c.storage if isinstance(c.type, pa.BaseExtensionType) else c for c in batch.columns]
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)
