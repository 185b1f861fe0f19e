"""Builds killed at random moments (kill -9) while the plant's MES keeps writing to PostgreSQL.

The writer commits rows late (a transaction holds its rows for up to a second and a half before
committing), many rows share one timestamp, and builds are killed wherever the timer falls: while
importing, extracting, publishing or committing. After the writer stops and one build finishes,
every row it wrote is published exactly once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import psycopg
import pyarrow.dataset as ds

from plantset.core.state import Layout

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 12


class LateWriter(threading.Thread):
    """Inserts rows stamped with the plant's clock, committing each small batch after a random delay."""

    def __init__(self, dsn: str, seed: int):
        super().__init__(daemon=True)
        self.dsn, self.random, self.stop, self.written = dsn, random.Random(seed), threading.Event(), 0

    def run(self) -> None:
        with psycopg.connect(self.dsn) as conn:
            while not self.stop.is_set():
                stamp = datetime.now().replace(microsecond=0)  # whole seconds: several rows tie
                rows = [(self.written + i + 1, f"WO-{i % 3}", "1", 1.0, stamp) for i in range(self.random.randint(1, 5))]
                with conn.transaction():
                    conn.cursor().executemany('INSERT INTO "TB_RESULT" VALUES (%s, %s, %s, %s, %s)', rows)
                    time.sleep(self.random.uniform(0, 1.5))  # committed late: after a build may have read past it
                self.written += len(rows)


def test_kill_9_at_random_moments_with_a_late_committing_writer_loses_and_duplicates_nothing(make_plant, pg_url,
                                                                                              tmp_path):
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute('CREATE TABLE "TB_RESULT" ("RSLT_ID" integer, "WO_NO" text, "GOOD_QTY" text, "CT_MS" double '
                     'precision, "UPD_DT" timestamp)')
    plant = make_plant(results=0, defects=2)
    spec = plant.spec(dedup=False, url=pg_url, batch_rows=100)  # no de-duplication: a row read twice would show
    out = tmp_path / "out"
    command = [sys.executable, "-m", "plantset.cli", "build", str(spec), "--out", str(out)]
    writer = LateWriter(dsn, seed=12)
    writer.start()
    timer, killed, finished = random.Random(7), 0, 0
    try:
        started = time.monotonic()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        duration = time.monotonic() - started  # of one whole build on this machine: kills fall across all of it
        for _ in range(ROUNDS):
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                code = process.wait(timeout=timer.uniform(0.1, 1.3) * duration)
                assert code == 0, process.stderr.read().decode()
                finished += 1
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                killed += 1
    finally:
        writer.stop.set()
        writer.join()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    print(f"{killed} builds killed, {finished} finished, {writer.written} rows written")
    assert killed >= 3, f"only {killed} of {ROUNDS} builds were killed; the timer no longer falls inside builds"

    version = Layout(out, "tiny").latest()
    ids = ds.dataset(out / "tiny" / version / "production_result").to_table().column("result_id").to_pylist()
    assert len(ids) == len(set(ids)), "a row was published twice"
    assert sorted(map(int, ids)) == list(range(1, writer.written + 1)), "a row was lost"
