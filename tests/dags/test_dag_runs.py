"""Real DAG runs against a password-protected PostgreSQL source: secrets stay out, failures publish nothing."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import psycopg
import pytest
import yaml

pytestmark = [pytest.mark.airflow, pytest.mark.postgres, pytest.mark.slow]

PASSWORD = f"Pl4nt-{uuid.uuid4().hex[:12]}"
KEY = f"pseudonym-key-{uuid.uuid4().hex}"


@pytest.fixture
def protected_db(pg_url):
    """A database with a table, read by a role that has a password and SELECT only."""
    database = pg_url.rsplit("/", 1)[1]
    role = f"plantset_reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={database}", autocommit=True) as conn:
        conn.execute("CREATE TABLE equipment (eqp_id text, eqp_nm text, upd_dt timestamp)")
        conn.execute("INSERT INTO equipment VALUES ('PRS-01', '프레스 1호기', '2026-03-02 08:00'),"
                     " ('CNC-01', 'CNC 1호기', '2026-03-02 09:00')")
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
        conn.execute(f"GRANT SELECT ON equipment TO {role}")
    yield database, role
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={database}", autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {role}")
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        conn.execute(f"DROP ROLE IF EXISTS {role}")


def write_spec(folder: Path, sources: list[dict], retries: int = 2, key: dict | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    spec = {
        "dataset": "protected", "industry": "machinery", "title": "Protected source", "owner": "tests",
        "retries": retries, "retry_delay_seconds": 1, "sources": sources,
        "tables": [{"target": "equipment", "source": f"{sources[0]['name']}.equipment",
                    "columns": {"equipment_id": "eqp_id", "name": "eqp_nm"}}],
        "anonymize": {"key": key or {"env": "PLANTSET_TEST_KEY"},
                      "columns": {"equipment": {"equipment_id": "pseudonym", "name": "keep"}}},
    }
    path = folder / "protected.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return folder


def everything_written(home) -> bytes:
    found = b""
    for path in sorted(home.folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found += path.read_bytes()
    return found


def test_credentials_never_reach_logs_xcom_rendered_fields_or_outputs(protected_db, airflow_home, tmp_path):
    database, role = protected_db
    url = f"postgresql+psycopg://{role}@127.0.0.1:5432/{database}"
    specs = write_spec(tmp_path / "specs", [
        {"kind": "sql", "name": "plant", "url": url, "password": {"env": "PLANT_DB_PASSWORD"},
         "tables": [{"name": "equipment", "table": "equipment"}]},
        {"kind": "sql", "name": "viaconn", "connection": {"airflow_conn": "plant_pg"},
         "tables": [{"name": "equipment", "table": "equipment"}]},
    ], key={"airflow_conn": "plant_key"})
    home = airflow_home(specs, PLANT_DB_PASSWORD=PASSWORD,
                        AIRFLOW_CONN_PLANT_PG=f"postgres://{role}:{PASSWORD}@127.0.0.1:5432/{database}",
                        AIRFLOW_CONN_PLANT_KEY=f"generic://:{KEY}@")
    run = home.dags_test("plantset_protected")
    assert run.returncode == 0 and "state=success" in run.stdout + run.stderr, run.stderr[-3000:]
    assert (home.out / "protected" / "v0001" / "manifest.json").is_file()
    assert PASSWORD not in run.stdout + run.stderr
    written = everything_written(home)
    assert PASSWORD.encode() not in written  # task logs, the metadata DB (XCom, rendered
    # fields), the published version, the private state and history
    assert KEY not in run.stdout + run.stderr and KEY.encode() not in written  # nor the pseudonym key


def test_a_source_that_keeps_failing_fails_after_its_retries_and_publishes_nothing(protected_db, airflow_home,
                                                                                tmp_path):
    database, role = protected_db
    specs = write_spec(tmp_path / "specs", [
        {"kind": "sql", "name": "plant", "url": f"postgresql+psycopg://{role}@127.0.0.1:1/{database}",
         "password": {"env": "PLANT_DB_PASSWORD"}, "tables": [{"name": "equipment", "table": "equipment"}]},
    ], retries=1)
    home = airflow_home(specs, PLANT_DB_PASSWORD=PASSWORD)
    run = home.dags_test("plantset_protected")
    output = run.stdout + run.stderr
    assert "state=failed" in output
    assert output.count("cannot connect to postgresql+psycopg://") >= 2  # the first try and one retry
    assert not (home.out / "protected").exists() or not list((home.out / "protected").glob("v*"))
    assert not (home.out / ".plantset" / "protected" / "state.json").exists()
    assert PASSWORD not in output
    (record,) = [json.loads(line) for line in (home.out / ".plantset" / "protected" / "history.jsonl").read_text()
                 .splitlines()]
    assert record["status"] == "failed" and "cannot connect" in record["error"] and PASSWORD not in record["error"]


def test_an_error_retrying_cannot_fix_fails_the_task_at_once(protected_db, airflow_home, tmp_path):
    """A missing pseudonym key will not appear by waiting: the anonymize task fails on its first try, the run
    is recorded as failed, and the retries the spec allows are not spent on it."""
    database, role = protected_db
    specs = write_spec(tmp_path / "specs", [
        {"kind": "sql", "name": "plant", "url": f"postgresql+psycopg://{role}@127.0.0.1:5432/{database}",
         "password": {"env": "PLANT_DB_PASSWORD"}, "tables": [{"name": "equipment", "table": "equipment"}]},
    ], retries=2, key={"env": "PLANTSET_KEY_NOBODY_SET"})
    home = airflow_home(specs, PLANT_DB_PASSWORD=PASSWORD)
    run = home.dags_test("plantset_protected")
    output = run.stdout + run.stderr
    assert "state=failed" in output
    assert "AirflowFailException: anonymize: " in output and "PLANTSET_KEY_NOBODY_SET is not set" in output
    assert "new_state=failed" in output and "up_for_retry" not in output  # the retries were not spent
    (record,) = [json.loads(line) for line in (home.out / ".plantset" / "protected" / "history.jsonl").read_text()
                 .splitlines()]
    assert record["status"] == "failed" and "PLANTSET_KEY_NOBODY_SET is not set" in record["error"]
    assert not (home.out / "protected").exists() or not list((home.out / "protected").glob("v*"))
