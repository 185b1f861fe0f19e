"""A deployment started by deploy/cluster.py, shared by this module's tests: CeleryExecutor with
PostgreSQL metadata, a Redis broker and two workers, each component its own process.

Two dataset DAGs at once publish the same bytes as local CLI runs; a backfill over days
publishes the same bytes as one run over them. The tests watch the deployment through its REST
API and wait for conditions with deadlines, never for fixed times.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from airflow_api import AirflowApi
from waiting import MARGIN, wait_for

from deploy.cluster import group_members

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = [sys.executable, str(ROOT / "deploy" / "cluster.py")]
DATASETS = {"plantset_demo_machinery": "demo-machinery", "plantset_demo_copy": "demo-copy"}
DAILY_DAG = "plantset_daily_demo"

# Quiet-machine times of each step, times MARGIN (tests/waiting.py).
API_UP_S = 15 * MARGIN  # db migrate is done before `start` returns; the api-server then starts in ~10 s
DAGS_PARSED_S = 20 * MARGIN  # the dag-processor's first pass over dags/
DEMO_RUN_S = 60 * MARGIN  # both demo datasets end to end on two workers
BACKFILL_S = 60 * MARGIN  # three daily runs of a one-table dataset, their publishes queued on the lock

# the deadlines above fail first, with what was awaited; the test timeout is the backstop
pytestmark = [pytest.mark.airflow, pytest.mark.slow, pytest.mark.celery, pytest.mark.postgres,
              pytest.mark.timeout(2 * BACKFILL_S)]

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def empty_redis_database():
    """A Redis database no one uses (another suite on this machine may run a deployment of its own)."""
    import redis

    for number in range(15, 0, -1):
        db = redis.Redis(host="127.0.0.1", port=6379, db=number)
        if db.set("plantset-test-cluster", "1", nx=True):
            if db.dbsize() == 1:
                return number, db
            db.delete("plantset-test-cluster")  # keys of a deployment that was killed: leave them be
        db.close()
    raise RuntimeError("no empty Redis database among 1-15 on 127.0.0.1:6379; `redis-cli flushall` frees them")


def drop_database(name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, demo_plant, demo_specs, key_environment):
    """One started deployment on a fresh metadata database and Redis database; stopped and dropped after."""
    folder = tmp_path_factory.mktemp("cluster")
    data = demo_plant
    specs = demo_specs(folder / "specs", {"demo.yaml": "demo-machinery", "copy.yaml": "demo-copy"})
    (specs / "daily.yaml").write_text(DAILY_SPEC, encoding="utf-8")
    database = f"plantset_af_{uuid.uuid4().hex[:10]}"
    redis_db, broker = empty_redis_database()
    port = free_port()
    args = ["--state", str(folder / "state"), "--db", f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}",
            "--broker", f"redis://127.0.0.1:6379/{redis_db}", "--port", str(port), "--specs", str(specs),
            "--out", str(folder / "out")]
    # the components inherit this environment: the demo plant's folder and the specs' pseudonym keys
    env = {**os.environ, **key_environment, "PLANTSET_DEMO_DATA": str(data)}
    subprocess.run([*CLUSTER, "start", *args], check=True, env=env)
    api = AirflowApi(f"http://127.0.0.1:{port}", folder / "state" / "airflow-home")
    try:
        wait_for(api.sign_in, seconds=API_UP_S, what="the api-server answering with a token")
        wait_for(lambda: {*DATASETS, DAILY_DAG} <= api.dag_ids(), seconds=DAGS_PARSED_S,
                 what="the dag-processor registering the DAGs", seen=api.dag_ids)
        yield {"api": api, "args": args, "data": data, "specs": specs, "out": folder / "out",
               "state": folder / "state"}
    finally:
        api.close()
        groups = json.loads((folder / "state" / "pids.json").read_text()).values()
        subprocess.run([*CLUSTER, "stop", *args], check=True)
        drop_database(database)
        broker.flushdb()
        broker.close()
        assert not [g for g in groups if group_members(g)], "a process of the deployment outlived `stop`"


def data_files(version_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(version_dir).as_posix(): p.read_bytes() for p in sorted(version_dir.rglob("*.parquet"))}


def finished(states: dict[str, str]) -> bool:
    return all(state in ("success", "failed") for state in states.values())


def test_two_dataset_dags_at_once_publish_what_local_runs_publish(deployment, demo_version):
    api = deployment["api"]
    run_ids = {dag_id: api.trigger(dag_id) for dag_id in DATASETS}

    def states() -> dict[str, str]:
        return {dag_id: api.run(dag_id, run_id)["state"] for dag_id, run_id in run_ids.items()}

    wait_for(lambda: finished(states()), seconds=DEMO_RUN_S, what="both dataset runs finishing", every=3,
             seen=states)
    assert states() == {dag_id: "success" for dag_id in DATASETS}
    for dataset in DATASETS.values():  # the copy differs from the demo in its name only, and names are not data
        assert data_files(deployment["out"] / dataset / "v0001") == data_files(demo_version)
    logs = {n: (deployment["state"] / "logs" / f"worker{n}.log").read_text() for n in (1, 2)}
    assert all("execute_workload" in text for text in logs.values()), "both workers should have run tasks"
    status = subprocess.run([*CLUSTER, "status", *deployment["args"]], capture_output=True, text=True).stdout
    assert "stopped" not in status  # every component still up until the fixture stops them


def test_a_backfill_publishes_the_rows_of_one_run_over_its_days(deployment, tmp_path, monkeypatch):
    from plantset.pipeline import tasks

    api = deployment["api"]
    api.backfill(DAILY_DAG, "2026-03-02T00:00:00Z", "2026-03-04T00:00:00Z")

    def runs() -> list[dict]:
        return api.runs(DAILY_DAG)

    def backfilled() -> list[dict]:
        return [r for r in runs() if r["run_type"] == "backfill"]

    # backfill create makes every run at once, queued; then the latest scheduled interval (catchup is
    # off) runs beside them: wait until every run of the DAG has finished
    wait_for(lambda: backfilled() and finished({r["dag_run_id"]: r["state"] for r in runs()}),
             seconds=BACKFILL_S, what="the backfill's runs finishing", every=3, seen=runs)
    done = backfilled()
    # the plant-time days inside the window; the runs overlap and the lock queues their publishes
    assert len(done) >= 2 and {r["state"] for r in done} == {"success"}, done
    starts = sorted(datetime.fromisoformat(r["data_interval_start"]) for r in done)
    ends = sorted(datetime.fromisoformat(r["data_interval_end"]) for r in done)
    assert all((end - start).days == 1 for start, end in zip(starts, ends)), done
    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(deployment["data"]))
    spec = str(deployment["specs"] / "daily.yaml")
    out = str(tmp_path / "one")  # one run over the days the backfill covered, step by step
    for label in tasks.plan(spec, out, "one"):
        tasks.extract(spec, out, "one", label, (starts[0].isoformat(), ends[-1].isoformat()))
    for step in (tasks.normalize, tasks.anonymize, tasks.validate):
        step(spec, out, "one")
    one = tasks.publish(spec, out, "one")
    latest = max(p for p in (deployment["out"] / "daily-demo").iterdir() if p.name.startswith("v"))
    assert data_files(latest) == data_files(tmp_path / "one" / "daily-demo" / os.path.basename(one))


def test_the_cluster_script_refuses_sqlite_metadata_in_one_line(tmp_path):
    refused = subprocess.run([*CLUSTER, "start", "--state", str(tmp_path / "state"),
                              "--db", f"sqlite:///{tmp_path / 'airflow.db'}"], capture_output=True, text=True)
    assert refused.returncode != 0
    message = refused.stderr.strip()
    assert "\n" not in message and "SQLite" in message and "PostgreSQL" in message, message
    assert not (tmp_path / "airflow.db").exists() and not (tmp_path / "state" / "pids.json").exists()
