"""The ways to extract a table that the benchmark compares, each run once in a child process.

``sql_extract.py --child METHOD`` lands in ``child_main``: it prepares the method (imports and
setup untimed), times the read and the Parquet write, and prints one JSON line with rows,
seconds, CPU seconds, peak RSS and what was written.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

from pg_tables import Server

REPO = Path(__file__).resolve().parents[1]


# Each returns a zero-argument callable that does the timed work and returns the rows written;
# imports and setup happen before, outside the timing.


def plantset_method(server: Server, table: str, out: Path, fast_path: bool):
    import adbc_driver_postgresql.dbapi  # noqa: F401 — imported here so the timing excludes it
    import psycopg  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    from connectors.registry import open_tables
    from plantset.core.spec import SqlSource
    from plantset.pipeline.extract import extract_table

    source = SqlSource.model_validate({
        "kind": "sql", "name": "bench", "url": server.sqlalchemy_url(), "fast_path": fast_path,
        "tables": [{"name": "events", "table": table}],
    })
    [reader] = open_tables(source)
    return lambda: extract_table(reader, None, out).rows


def pandas_method(server: Server, table: str, out: Path):
    import pandas as pd
    import psycopg  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    from sqlalchemy import create_engine

    engine = create_engine(server.sqlalchemy_url())

    def run() -> int:
        df = pd.read_sql(f"SELECT * FROM {table}", engine)
        df.to_parquet(out / "data.parquet", compression="zstd")
        return len(df)

    return run


def connectorx_method(server: Server, table: str, out: Path):
    import connectorx
    import pyarrow.parquet as pq

    def run() -> int:
        data = connectorx.read_sql(server.url(), f"SELECT * FROM {table}", return_type="arrow")
        pq.write_table(data, out / "data.parquet", compression="zstd")
        return data.num_rows

    return run


def prepare(method: str, server: Server, table: str, out: Path):
    if method == "plantset-adbc":
        return plantset_method(server, table, out, fast_path=True)
    if method == "plantset-sqlalchemy":
        return plantset_method(server, table, out, fast_path=False)
    if method == "pandas":
        return pandas_method(server, table, out)
    if method == "connectorx":
        return connectorx_method(server, table, out)
    raise ValueError(method)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cpu_seconds() -> float:
    """User + system CPU of this process, all threads (ADBC, ConnectorX and Arrow use threads)."""
    times = os.times()
    return times.user + times.system


def short_type(type_) -> str:
    """``arrow.opaque(string)`` rather than the extension type's full repr."""
    import pyarrow as pa

    if isinstance(type_, pa.BaseExtensionType):
        return f"{type_.extension_name}({type_.storage_type})"
    return str(type_)


def parquet_summary(out: Path) -> dict:
    """Rows, bytes and Arrow column types of what a method wrote."""
    import pyarrow.parquet as pq

    files = sorted(out.glob("*.parquet"))
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    schema = pq.read_schema(files[0]) if files else None
    return {
        "files": len(files),
        "parquet_rows": rows,
        "parquet_mb": sum(f.stat().st_size for f in files) / 2**20,
        "types": {field.name: short_type(field.type) for field in schema} if schema else {},
    }


def child_main(args: argparse.Namespace) -> None:
    """Run one method once and print its result as one JSON line."""
    sys.path.insert(0, str(REPO))
    server = Server(args.host, args.port, args.user)
    out = Path(args.out)
    run = prepare(args.child, server, args.table, out)
    rss_before = rss_mb()
    cpu_before, started = cpu_seconds(), time.perf_counter()
    rows = run()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu_s": cpu, "peak_mb": peak, "rss_before_mb": rss_before,
                      **parquet_summary(out)}))
