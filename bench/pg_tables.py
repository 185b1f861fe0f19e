"""The PostgreSQL side of the SQL-to-Parquet benchmark: the server, and the generated tables.

One table per size (``bench_events_1m``, ``bench_events_10m``, …) in the database
``plantset_bench``, filled server-side with ``INSERT … SELECT generate_series``. A table is
stamped with the generator version and reused when it exists with the right row count.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

DATABASE = "plantset_bench"
GENERATOR_VERSION = "plantset bench_events v1"


@dataclass(frozen=True)
class Server:
    """The PostgreSQL server holding the bench database."""

    host: str
    port: int
    user: str

    def url(self, database: str = DATABASE) -> str:
        """libpq / ConnectorX URL."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def sqlalchemy_url(self) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{DATABASE}"


def log(message: str) -> None:
    """Progress on stderr; stdout carries the report."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def table_name(rows: int) -> str:
    """bench_events_1m, bench_events_10m, bench_events_500k, bench_events_1234."""
    for size, suffix in ((1_000_000, "m"), (1_000, "k")):
        if rows % size == 0:
            return f"bench_events_{rows // size}{suffix}"
    return f"bench_events_{rows}"


CREATE_TABLE = """
CREATE UNLOGGED TABLE {t} (
    id          bigint            NOT NULL,
    line_no     integer           NOT NULL,
    reading     double precision,
    amount      numeric(12, 3),
    note        text,
    code        varchar(16)       NOT NULL,
    created_at  timestamp         NOT NULL,
    passed      boolean
)
"""

# Korean and mixed phrases (7-16 characters) + " #" + 10-24 hex characters: notes of 19-42 characters.
FILL_TABLE = """
INSERT INTO {t}
SELECT i,
       (i % 1000)::int,
       CASE WHEN i % 50 = 0 THEN NULL ELSE sin(i) * 1000 END,
       CASE WHEN i % 97 = 0 THEN NULL ELSE (((i * 7919) % 100000000) / 1000.0)::numeric(12, 3) END,
       CASE WHEN i % 31 = 0 THEN NULL
            ELSE (ARRAY['설비 점검 완료', '불량 재작업 필요', '정상 가동 중', '온도 이상 경보 발생',
                        'lot hold - QA 확인', '금형 교체 후 시운전'])[1 + i % 6]
                 || ' #' || left(md5(i::text), 10 + (i % 15)::int) END,
       'EQ-' || lpad((i % 500)::text, 4, '0'),
       timestamp '2024-01-01' + i * interval '1 second',
       CASE WHEN i % 101 = 0 THEN NULL ELSE i % 7 <> 0 END
FROM generate_series(1, {rows}::bigint) AS i
"""


def ensure_database(server: Server) -> None:
    import psycopg

    with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')


def existing_rows(conn, table: str) -> int | None:
    """Row count of ``table`` if it exists and was made by this generator version, else None."""
    found = conn.execute("SELECT obj_description(to_regclass(%s), 'pg_class')", (table,)).fetchone()
    if found is None or found[0] != GENERATOR_VERSION:
        return None
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def ensure_table(server: Server, rows: int) -> str:
    """Create and fill the table for ``rows`` unless it is already there with that many rows."""
    import psycopg

    table = table_name(rows)
    with psycopg.connect(server.url(), autocommit=True) as conn:
        if existing_rows(conn, table) == rows:
            log(f"{table}: exists with {rows:,} rows, reused")
        else:
            started = time.perf_counter()
            conn.execute(f"DROP TABLE IF EXISTS {table}")
            conn.execute(CREATE_TABLE.format(t=table))
            conn.execute(FILL_TABLE.format(t=table, rows=rows))
            conn.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (id)")
            conn.execute(f"COMMENT ON TABLE {table} IS '{GENERATOR_VERSION}'")
            # Set hint bits and the visibility map now, so the first reader does not pay for them.
            conn.execute(f"VACUUM (FREEZE, ANALYZE) {table}")
            log(f"{table}: created {rows:,} rows in {time.perf_counter() - started:.1f} s")
        size = conn.execute("SELECT pg_size_pretty(pg_table_size(%s::regclass))", (table,)).fetchone()[0]
        conn.execute(f"SELECT count(note) FROM {table}")  # a heap scan: warms the page cache
        log(f"{table}: {size} on disk, page cache warmed")
    return table


def drop_tables(server: Server, tables: list[str]) -> None:
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as conn:
        for table in tables:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    log(f"dropped {', '.join(tables)}")

