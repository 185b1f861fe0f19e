"""CSV export benchmark: peak memory and time of plantset's file source on a large Korean export.

What is measured
    A CP949 CSV export of ``--mb`` megabytes (default 200), shaped like an MES lot report: two
    title lines above the header, Korean headers and text, thousands separators in quoted
    numbers, empty cells. It is generated once into ``--folder`` (deterministic) and reused.
    Each method reads the whole file into Arrow record batches and counts the rows, in its own
    subprocess, so its peak RSS (``getrusage`` of that child) is its alone:

    plantset      ``FileTableReader.batches``: streamed through pyarrow's CSV reader a block at a
                  time, transcoded to UTF-8 on the way, the encoding decided by streaming decoders
    whole-file    the reader plantset had before: the file read, decoded and split in memory,
                  then handed to pyarrow (the baseline, measured in the same run)
    pandas        ``pandas.read_csv(path, encoding="cp949", dtype=str, skiprows=2)``

    The ratio printed is whole-file's peak RSS over plantset's. Target (PASS/MISS; exit code 0
    either way): plantset's peak RSS under 300 MB for a 200 MB file.

How to run (from the repository root)
    .venv/bin/python bench/files.py                 # 200 MB
    .venv/bin/python bench/files.py --mb 20         # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 300
HEADER = "로트번호,품목명,설비,작업자,양품수량,불량수량,측정값,비고,등록일시"
ITEMS = ["고장력강판 코일", "합금강 환봉", "밸브 바디", "유압 플랜지", "볼트 M8", "똠방 와셔"]
NOTES = ["", "재작업 후 양품 처리", "소재 코일 교체", "냉각 불량으로 과열 정지", "작업자 교대"]


def generate(path: Path, megabytes: int) -> int:
    """Write the export unless it is there already; its row count."""
    marker = path.with_suffix(".rows")
    if path.exists() and marker.exists():
        return int(marker.read_text())
    rng = random.Random(7)
    target, rows = megabytes << 20, 0
    with path.open("w", encoding="cp949", newline="") as out:
        out.write("생산실적 보고서\r\n출력일시: 2026-03-02 08:00\r\n" + HEADER + "\r\n")
        while out.tell() < target:
            lines = []
            for _ in range(10_000):
                rows += 1
                lines.append(f"LOT-{rows:09d},{rng.choice(ITEMS)},PRS-{rng.randint(1, 12):02d},작업자{rng.randint(1, 80)},"
                             f"\"{rng.randint(0, 20000):,}\",{rng.randint(0, 30)},{rng.uniform(10, 99):.3f},"
                             f"{rng.choice(NOTES)},2026-03-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:00:00")
            out.write("\r\n".join(lines) + "\r\n")
    marker.write_text(str(rows))
    return rows


def run_plantset(path: Path) -> int:
    from connectors.files import FileTableReader
    from plantset.core.spec import FileSource

    source = FileSource(kind="files", name="mes", path=str(path.parent),
                        tables=[{"name": "lots", "pattern": path.name, "skip_rows": 2}])
    return sum(batch.num_rows for batch in FileTableReader(source, source.tables[0]).batches(None))


def run_whole_file(path: Path) -> int:
    import io

    import pyarrow as pa
    from pyarrow import csv

    text = path.read_bytes().decode("cp949")
    body = "".join(text.splitlines(keepends=True)[2:]).encode("utf-8")
    names = csv.read_csv(io.BytesIO(body.split(b"\n", 1)[0] + b"\n")).schema.names
    reader = csv.open_csv(io.BytesIO(body), read_options=csv.ReadOptions(block_size=8 << 20),
                          convert_options=csv.ConvertOptions(column_types={n: pa.string() for n in names}))
    return sum(batch.num_rows for batch in reader)


def run_pandas(path: Path) -> int:
    import pandas as pd

    return len(pd.read_csv(path, encoding="cp949", dtype=str, skiprows=2))


METHODS = {"plantset": run_plantset, "whole-file": run_whole_file, "pandas": run_pandas}


def child(method: str, path: Path) -> None:
    import resource

    started = time.perf_counter()
    rows = METHODS[method](path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": round(seconds, 2), "peak_mb": round(peak_mb)}))


def measure(method: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", method, "--file", str(path)], capture_output=True,
                          text=True, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200, help="size of the generated export")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/plantset-bench-files"))
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    parser.add_argument("--child", choices=list(METHODS), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file)
        return
    args.folder.mkdir(parents=True, exist_ok=True)
    path = args.folder / f"lots_{args.mb}mb.csv"
    rows = generate(path, args.mb)
    size_mb = path.stat().st_size / 2**20
    print(f"{path}: {size_mb:,.0f} MB, {rows:,} rows, CP949")
    results = {}
    for method in args.methods:
        results[method] = found = measure(method, path)
        assert found["rows"] == rows, f"{method} read {found['rows']:,} rows of {rows:,}"
        print(f"{method:11} {found['seconds']:7.2f} s  peak RSS {found['peak_mb']:6,} MB  "
              f"({found['peak_mb'] / size_mb:.2f}x the file)")
    if {"plantset", "whole-file"} <= set(results):
        ratio = results["whole-file"]["peak_mb"] / results["plantset"]["peak_mb"]
        print(f"peak RSS: whole-file / plantset = {ratio:.1f}x")
    if "plantset" in results and args.mb >= 200:
        peak = results["plantset"]["peak_mb"]
        print(f"target plantset peak RSS < {TARGET_MB} MB for {args.mb} MB: {'PASS' if peak < TARGET_MB else 'MISS'}")


if __name__ == "__main__":
    main()
