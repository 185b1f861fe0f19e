"""Deployments started by deploy/cluster.py: two dataset DAGs at once, the same bytes as local CLI runs;
`airflow backfill create` over days, the same bytes as one run over them.

CeleryExecutor with PostgreSQL metadata, a Redis broker and two workers; and the embedded
default, LocalExecutor with SQLite metadata.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from demo.plant import generate
from deploy.cluster import group_members
from plantset.runner import build
from plantset.specfile import load_spec

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = [sys.executable, str(ROOT / "deploy" / "cluster.py")]
DATASETS = {"plantset_demo_machinery": "demo-machinery", "plantset_demo_copy": "demo-copy"}

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
EXECUTORS = [pytest.param("CeleryExecutor", marks=[pytest.mark.celery, pytest.mark.postgres]), "LocalExecutor"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=EXECUTORS)
def deployment(request, tmp_path, monkeypatch, demo_specs):
    """A started cluster on a fresh metadata database and Redis database; stopped and dropped after."""
    import redis
    import sqlalchemy as sa

    data = tmp_path / "plant"
    generate(data)
    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(data))
    specs = demo_specs(tmp_path / "specs", {"demo.yaml": "demo-machinery", "copy.yaml": "demo-copy"})
    executor = request.param
    database = f"plantset_af_{uuid.uuid4().hex[:10]}"
    redis_db = 11
    if executor == "CeleryExecutor":
        redis.Redis(host="127.0.0.1", port=6379, db=redis_db).flushdb()
        metadata = f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}"
    else:
        metadata = f"sqlite:///{tmp_path / 'airflow.db'}"
    args = ["--state", str(tmp_path / "state"), "--db", metadata, "--executor", executor,
            "--broker", f"redis://127.0.0.1:6379/{redis_db}", "--port", str(free_port()),
            "--specs", str(specs), "--out", str(tmp_path / "out")]
    subprocess.run([*CLUSTER, "start", *args], check=True, env=os.environ)
    try:
        yield {"args": args, "specs": specs, "out": tmp_path / "out", "state": tmp_path / "state",
               "executor": executor}
    finally:
        groups = json.loads((tmp_path / "state" / "pids.json").read_text()).values()
        subprocess.run([*CLUSTER, "stop", *args], check=True)
        assert not [g for g in groups if group_members(g)], "a process of the deployment outlived `stop`"
        if executor != "CeleryExecutor":
            return
        admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def airflow(deployment, *command: str) -> subprocess.CompletedProcess:
    env_lines = subprocess.run([*CLUSTER, "env", *deployment["args"]], check=True, capture_output=True,
                               text=True).stdout.splitlines()
    env = dict(os.environ)
    env.update(line.removeprefix("export ").split("=", 1) for line in env_lines)
    return subprocess.run([str(Path(sys.executable).with_name("airflow")), *command], env=env,
                          capture_output=True, text=True)


def json_rows(output: str) -> list[dict]:
    """The JSON list an `airflow … -o json` command printed, among its log lines."""
    for line in output.splitlines():
        if line.startswith("["):
            return json.loads(line)
    return []


def wait_for_dags(deployment, timeout: float = 420) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = airflow(deployment, "dags", "list", "-o", "json")
        if listed.returncode == 0 and set(DATASETS) <= {d["dag_id"] for d in json_rows(listed.stdout)}:
            return
        time.sleep(3)
    raise AssertionError("the dag-processor did not register the DAGs in time")


def run_state(deployment, dag_id: str) -> str | None:
    listed = airflow(deployment, "dags", "list-runs", dag_id, "-o", "json")
    runs = json_rows(listed.stdout) if listed.returncode == 0 else []
    return runs[0]["state"] if runs else None


def data_files(version_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(version_dir).as_posix(): p.read_bytes() for p in sorted(version_dir.rglob("*.parquet"))}


def test_two_dataset_dags_at_once_publish_what_local_runs_publish(deployment, tmp_path):
    wait_for_dags(deployment)
    for dag_id in DATASETS:
        triggered = airflow(deployment, "dags", "trigger", dag_id)
        assert triggered.returncode == 0, triggered.stderr[-2000:]
    deadline = time.monotonic() + 420
    states = {}
    while time.monotonic() < deadline:
        states = {dag_id: run_state(deployment, dag_id) for dag_id in DATASETS}
        if all(s in ("success", "failed") for s in states.values()):
            break
        time.sleep(5)
    assert states == {dag_id: "success" for dag_id in DATASETS}
    for spec_file, dataset in (("demo.yaml", "demo-machinery"), ("copy.yaml", "demo-copy")):
        local = build(load_spec(deployment["specs"] / spec_file), tmp_path / "local")
        assert data_files(deployment["out"] / dataset / "v0001") == data_files(local.path)
    if deployment["executor"] == "CeleryExecutor":
        logs = {n: (deployment["state"] / "logs" / f"worker{n}.log").read_text() for n in (1, 2)}
        assert all("execute_workload" in text for text in logs.values()), "both workers should have run tasks"
    leftover = subprocess.run([*CLUSTER, "status", *deployment["args"]], capture_output=True, text=True).stdout
    assert "stopped" not in leftover  # every component still up until the fixture stops them


DAILY_DAG = "plantset_daily_demo"


DAILY_SPEC = """\
dataset: daily-demo
industry: demo
title: Demo press results, daily
owner: tests
schedule: "@daily"
retries: 1
retry_delay_seconds: 1
sources:
  - kind: sql
    name: mes
    url: "sqlite:///${PLANTSET_DEMO_DATA}/plant.db"
    tables:
      - {name: results, table: TB_PROD_RSLT, key: [RSLT_SEQ], watermark: {column: UPD_DT, lag: 10m}}
tables:
  - target: production_result
    source: mes.results
    columns:
      result_id: RSLT_SEQ
      work_order_id: WO_NO
      equipment_id: EQP_ID
      quantity_good: {source: GOOD_QTY, unit: EA}
      reported_at: {source: RSLT_DT, format: "%Y%m%d%H%M%S"}
anonymize:
  key: {env: PLANTSET_TEST_KEY}
  columns:
    production_result: {result_id: pseudonym, work_order_id: pseudonym, equipment_id: keep, quantity_good: keep,
                        reported_at: shift}
"""


@pytest.fixture
def scheduled(tmp_path, monkeypatch):
    """A small daily dataset of the demo plant (one incremental table), on a LocalExecutor deployment."""
    data = tmp_path / "plant"
    generate(data, days=4)
    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(data))
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "daily.yaml").write_text(DAILY_SPEC, encoding="utf-8")
    args = ["--state", str(tmp_path / "state"), "--db", f"sqlite:///{tmp_path / 'airflow.db'}",
            "--executor", "LocalExecutor", "--port", str(free_port()), "--specs", str(specs),
            "--out", str(tmp_path / "out")]
    subprocess.run([*CLUSTER, "start", *args], check=True, env=os.environ)
    try:
        yield {"args": args, "specs": specs, "out": tmp_path / "out"}
    finally:
        subprocess.run([*CLUSTER, "stop", *args], check=True)


def finished_runs(deployment) -> list[dict]:
    listed = airflow(deployment, "dags", "list-runs", DAILY_DAG, "-o", "json")
    return json_rows(listed.stdout) if listed.returncode == 0 else []


def test_a_backfill_publishes_the_rows_of_one_run_over_its_days(scheduled, tmp_path):
    from plantset import tasks

    deadline = time.monotonic() + 300
    while DAILY_DAG not in {d["dag_id"] for d in json_rows(airflow(scheduled, "dags", "list", "-o", "json").stdout)}:
        assert time.monotonic() < deadline, "the dag-processor did not register the DAG in time"
        time.sleep(3)
    created = airflow(scheduled, "backfill", "create", "--dag-id", DAILY_DAG, "--from-date", "2026-03-02",
                      "--to-date", "2026-03-04")
    assert created.returncode == 0, created.stderr[-2000:]
    deadline = time.monotonic() + 900
    runs: list[dict] = []
    while time.monotonic() < deadline:  # backfill create makes every run at once, queued
        runs = [r for r in finished_runs(scheduled) if r["run_id"].startswith("backfill__")]
        if runs and all(r["state"] in ("success", "failed") for r in runs):
            break
        time.sleep(5)
    # the plant-time days inside the window; the runs overlap and the lock queues their publishes
    assert len(runs) >= 2 and {r["state"] for r in runs} == {"success"}, runs
    # list-runs shows each run's logical date (its interval's start) and run_after (its end)
    starts = sorted(datetime.fromisoformat(r.get("data_interval_start") or r["logical_date"]) for r in runs)
    ends = sorted(datetime.fromisoformat(r.get("data_interval_end") or r["run_after"]) for r in runs)
    assert all((end - start).days == 1 for start, end in zip(starts, ends)), runs
    while any(r["state"] not in ("success", "failed") for r in finished_runs(scheduled)):
        time.sleep(3)  # the latest scheduled interval runs too (catchup is off): let it finish
    spec = str(scheduled["specs"] / "daily.yaml")
    out = str(tmp_path / "one")  # one run over the days the backfill covered, step by step
    for label in tasks.plan(spec, out, "one"):
        tasks.extract(spec, out, "one", label, (starts[0].isoformat(), ends[-1].isoformat()))
    for step in (tasks.normalize, tasks.anonymize, tasks.validate):
        step(spec, out, "one")
    one = tasks.publish(spec, out, "one")
    latest = max(p for p in (scheduled["out"] / "daily-demo").iterdir() if p.name.startswith("v"))
    assert data_files(latest) == data_files(tmp_path / "one" / "daily-demo" / os.path.basename(one))
