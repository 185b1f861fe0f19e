"""SQL-to-Parquet benchmark: plantset's extract stage against the ways users do it by hand.

What is measured
    One PostgreSQL table per size (``bench_events_1m``, ``bench_events_10m``, …) in the
    database ``plantset_bench``, with mixed types: bigint id, int, double, numeric(12,3),
    text of 20-40 characters including Korean, varchar code, timestamp, boolean, and NULLs
    in four columns. Rows are generated server-side (``INSERT … SELECT generate_series``);
    a table is reused when it exists with the right row count, and dropped at the end
    unless ``--keep``.

    Each method reads the whole table and writes zstd Parquet to a temporary folder, in its
    own subprocess, so peak memory is that method's alone:

    plantset-adbc        ``extract_table(reader, None, dest)`` with ``fast_path: true`` (ADBC)
    plantset-sqlalchemy  the same with ``fast_path: false`` (SQLAlchemy + psycopg server-side cursor)
    pandas               ``pandas.read_sql(sql, engine)`` + ``df.to_parquet(...)``, the whole table at once
    connectorx           ``connectorx.read_sql(url, sql, return_type="arrow")`` + ``pyarrow.parquet.write_table``

    Seconds are wall time from the start of the read until the Parquet file is closed
    (interpreter start and imports excluded). Peak RSS is the child's
    ``getrusage(RUSAGE_SELF).ru_maxrss``; the parent also samples RSS with psutil and kills
    a child that passes ``--mem-cap-gb`` so the machine never swaps or OOMs. Before the
    methods run, the table is read once so every method starts from a warm page cache.

    With ``--repeat N`` each method runs N times; the fastest run is reported, with the highest
    peak RSS of the N. CPU seconds (user + system of the method's process) are printed too: on a
    shared machine they vary less than wall time. The 1-minute load average at the start of each
    run is shown so a noisy neighbour is visible in the table.

    Targets (printed as PASS/MISS; the exit code is 0 either way):
      plantset-adbc rows/s >= 3x pandas, >= 0.7x ConnectorX, peak RSS < 1 GB at the largest
      size, and peak RSS flat across sizes (largest <= 1.2x smallest).

How to run (from the repository root; PostgreSQL on 127.0.0.1:5432, user postgres, trust auth)
    .venv/bin/python bench/sql_extract.py                       # 1M and 10M rows
    .venv/bin/python bench/sql_extract.py --rows 200000 --keep  # quick run, keep the table
    .venv/bin/python bench/sql_extract.py --methods plantset-adbc connectorx --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATABASE = "plantset_bench"
GENERATOR_VERSION = "plantset bench_events v1"
METHODS = ("plantset-adbc", "plantset-sqlalchemy", "pandas", "connectorx")
PLANTSET = "plantset-adbc"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str

    def url(self, database: str = DATABASE) -> str:
        """libpq / ConnectorX URL."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def sqlalchemy_url(self) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{DATABASE}"


# -- test data -------------------------------------------------------------------------------


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


# -- the methods (run in the child process) --------------------------------------------------
# Each returns a zero-argument callable that does the timed work and returns the rows written;
# imports and setup happen before, outside the timing.


def plantset_method(server: Server, table: str, out: Path, fast_path: bool):
    import adbc_driver_postgresql.dbapi  # noqa: F401 — imported here so the timing excludes it
    import psycopg  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    from connectors.base import open_tables
    from plantset.extract import extract_table
    from plantset.spec import SqlSource

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


# -- the parent: run children, collect, report ------------------------------------------------


@dataclass
class Result:
    method: str
    size: int
    rows: int = 0
    seconds: float = 0.0
    cpu_s: float = 0.0
    peak_mb: float = 0.0
    rss_before_mb: float = 0.0
    parquet_mb: float = 0.0
    files: int = 0
    types: dict | None = None
    load: float = 0.0
    error: str | None = None

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds and not self.error else 0.0


def run_child(method: str, size: int, table: str, server: Server, args: argparse.Namespace) -> Result:
    """One method in a fresh interpreter, watched for memory and time; checks it wrote every row."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix=f"bench-{method}-") as tmp:
        command = [sys.executable, str(Path(__file__).resolve()), "--child", method, "--table", table,
                   "--out", tmp, "--host", server.host, "--port", str(server.port), "--user", server.user]
        output, sampled, error = run_watched(command, args.mem_cap_gb * 1024, args.timeout)
    if error is not None:
        return Result(method, size, peak_mb=sampled, load=load, error=error)
    data = json.loads(output.strip().splitlines()[-1])
    if data["parquet_rows"] != size or data["rows"] != size:
        return Result(method, size, load=load, error=f"wrote {data['parquet_rows']} rows, expected {size}")
    return Result(method, size, rows=data["rows"], seconds=data["seconds"], cpu_s=data["cpu_s"],
                  peak_mb=max(data["peak_mb"], sampled), rss_before_mb=data["rss_before_mb"],
                  parquet_mb=data["parquet_mb"], files=data["files"], types=data["types"], load=load)


def run_watched(command: list[str], cap_mb: float, timeout: float) -> tuple[str, float, str | None]:
    """Run ``command``, sampling its RSS; kill it past ``cap_mb`` or ``timeout``. Returns (stdout, peak MB, error)."""
    import psutil

    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        child = subprocess.Popen(command, cwd=REPO, stdout=stdout, stderr=stderr)
        process, peak, error = psutil.Process(child.pid), 0.0, None
        deadline = time.monotonic() + timeout
        while child.poll() is None:
            try:
                peak = max(peak, process.memory_info().rss / 2**20)
            except psutil.Error:  # the child exited between poll() and the sample
                pass
            if peak > cap_mb or time.monotonic() > deadline:
                child.kill()
                child.wait()
                error = f"killed: RSS passed {cap_mb:,.0f} MB" if peak > cap_mb else f"killed: over {timeout:.0f} s"
                break
            time.sleep(0.1)
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read().strip()
    if error is None and child.returncode != 0:
        error = f"exit {child.returncode}: {errors.splitlines()[-1] if errors else ''}"
    return output, peak, error


def best_of(runs: list[Result]) -> Result:
    """The fastest run, with the highest peak memory of all runs (memory is judged by its worst case)."""
    ok = [r for r in runs if not r.error]
    if not ok:
        return runs[-1]
    best = min(ok, key=lambda r: r.seconds)
    best.peak_mb = max(r.peak_mb for r in runs)
    return best


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def human(rows: int) -> str:
    return table_name(rows).removeprefix("bench_events_").upper()


def print_results(results: list[Result]) -> None:
    header = (f"{'size':>5}  {'method':<20} {'rows':>11} {'seconds':>8} {'rows/s':>10} {'CPU s':>7} "
              f"{'peak RSS MB':>11} {'RSS at start':>12} {'parquet MB':>10} {'files':>5} {'load':>5}")
    print(header)
    print("-" * len(header))
    for r in results:
        if r.error:
            print(f"{human(r.size):>5}  {r.method:<20} {'-':>11} {'-':>8} {'-':>10} {'-':>7} {r.peak_mb:>11,.0f}  "
                  f"{r.error}")
        else:
            print(f"{human(r.size):>5}  {r.method:<20} {r.rows:>11,} {r.seconds:>8.2f} {r.rows_per_s:>10,.0f} "
                  f"{r.cpu_s:>7.2f} {r.peak_mb:>11,.0f} {r.rss_before_mb:>12,.0f} {r.parquet_mb:>10,.1f} "
                  f"{r.files:>5} {r.load:>5.1f}")
    print("seconds: wall, read start to file closed (best of --repeat); CPU s: user+sys of the method's process;\n"
          "peak RSS: ru_maxrss (highest of the repeats); load: 1-minute load average when the method started")


def judge(method: str, ok: bool | None) -> str:
    """PASS/MISS for plantset-adbc, which the targets are about; "info" for the other plantset path."""
    if method != PLANTSET:
        return "info"
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def speed_ratio(results: list[Result], size: int, ours: str, theirs: str) -> float | None:
    by = {r.method: r for r in results if r.size == size}
    if ours not in by or theirs not in by or not by[ours].rows_per_s or not by[theirs].rows_per_s:
        return None
    return by[ours].rows_per_s / by[theirs].rows_per_s


def print_targets(results: list[Result], sizes: list[int]) -> None:
    print("\nTargets (plantset = plantset-adbc; plantset-sqlalchemy shown for information)")
    ran = {r.method for r in results}
    ours = [m for m in ("plantset-adbc", "plantset-sqlalchemy") if m in ran]
    for size in sizes:
        for method in ours:
            print_speed_targets(results, size, method)
    for method in ours:
        print_memory_targets(results, method)


def print_speed_targets(results: list[Result], size: int, method: str) -> None:
    for theirs, target in (("pandas", 3.0), ("connectorx", 0.7)):
        ratio = speed_ratio(results, size, method, theirs)
        shown = "-" if ratio is None else f"{ratio:.3f}x"
        mark = judge(method, None if ratio is None else ratio >= target)
        print(f"  {human(size):>4} {method} ÷ {theirs:<11} rows/s: {shown:>7}  (target >= {target}x)  {mark}")


def print_memory_targets(results: list[Result], method: str) -> None:
    """Peak under 1 GB at the largest size, and flat from the smallest size to the largest."""
    peaks = {r.size: r.peak_mb for r in results if r.method == method and not r.error}
    if not peaks:
        return
    small, large = min(peaks), max(peaks)
    print(f"  {human(large):>4} {method} peak RSS: {peaks[large]:,.0f} MB  (target < 1024 MB)  "
          f"{judge(method, peaks[large] < 1024)}")
    if small == large:
        print(f"       {method} peak RSS growth: {judge(method, None)} (run two sizes to compare)")
        return
    growth = peaks[large] / peaks[small]
    print(f"       {method} peak RSS {human(small)} -> {human(large)}: {peaks[small]:,.0f} -> {peaks[large]:,.0f} MB "
          f"({growth:.2f}x; target flat, <= 1.2x)  {judge(method, growth <= 1.2)}")


def print_types(results: list[Result]) -> None:
    """What each method made of the columns (they differ for numeric and timestamps)."""
    seen: dict[str, dict] = {}
    for r in results:
        if r.types and r.method not in seen:
            seen[r.method] = r.types
    if not seen:
        return
    print("\nParquet column types per method")
    columns = next(iter(seen.values())).keys()
    print(f"  {'column':<11}" + "".join(f" {m:<22}" for m in seen))
    for column in columns:
        print(f"  {column:<11}" + "".join(f" {seen[m].get(column, '-'):<22}" for m in seen))


def print_environment(server: Server) -> None:
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    versions = []
    for name in ("pyarrow", "pandas", "sqlalchemy", "psycopg", "adbc_driver_postgresql", "connectorx"):
        try:
            versions.append(f"{name} {__import__(name).__version__}")
        except Exception:  # noqa: BLE001
            versions.append(f"{name} ?")
    print(f"Python {platform.python_version()}, PostgreSQL {version}, {os.cpu_count()} CPUs; " + ", ".join(versions))


def measure(method: str, size: int, table: str, server: Server, args: argparse.Namespace) -> Result:
    """``--repeat`` runs of one method on one table, each in its own process."""
    runs = []
    for attempt in range(args.repeat):
        log(f"{table}: {method} (run {attempt + 1}/{args.repeat}, load {os.getloadavg()[0]:.1f}) ...")
        r = run_child(method, size, table, server, args)
        log(f"{table}: {method}: " + (r.error or f"{r.seconds:.2f} s, {r.cpu_s:.2f} CPU s, {r.peak_mb:,.0f} MB"))
        runs.append(r)
    return best_of(runs)


def parent_main(args: argparse.Namespace) -> None:
    server = Server(args.host, args.port, args.user)
    ensure_database(server)
    tables: list[str] = []
    results: list[Result] = []
    try:
        for size in args.rows:
            table = ensure_table(server, size)
            tables.append(table)
            results += [measure(method, size, table, server, args) for method in args.methods]
    finally:
        if not args.keep and tables:
            drop_tables(server, tables)
    print()
    print_environment(server)
    print_results(results)
    print_targets(results, args.rows)
    print_types(results)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000], help="table sizes")
    parser.add_argument("--keep", action="store_true", help="keep the bench tables for the next run")
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS))
    parser.add_argument("--repeat", type=int, default=1, help="runs per method and size; the fastest is reported")
    parser.add_argument("--mem-cap-gb", type=float, default=18, help="kill a method whose RSS passes this")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per method")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--child", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--table", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()
    if args.child:
        child_main(args)
    else:
        parent_main(args)


if __name__ == "__main__":
    main()
