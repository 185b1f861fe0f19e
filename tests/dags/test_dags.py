"""DAGs generated from specs: light parsing, their shape, and real Airflow DAG runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec

ROOT = Path(__file__).resolve().parents[2]
DAG_FILE = ROOT / "dags" / "plantset_datasets.py"
HEAVY = ("pandas", "pyarrow", "psycopg", "pymysql", "adbc_driver_postgresql", "connectorx",
         "great_expectations", "asyncua", "pint", "unstructured", "pdfplumber")


@pytest.fixture
def demo_data(demo_plant) -> Path:
    return demo_plant


def parse_env(demo_data: Path, out: Path) -> dict[str, str]:
    return {**os.environ, "PLANTSET_DEMO_DATA": str(demo_data), "PLANTSET_OUT": str(out),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}


def test_parsing_the_dag_file_imports_nothing_heavy(demo_data, tmp_path):
    code = ("import json, runpy, sys\n"
            f"found = runpy.run_path({str(DAG_FILE)!r})\n"
            "dags = sorted(k for k, v in found.items() if type(v).__name__ == 'DAG')\n"
            "print(json.dumps({'dags': dags, 'modules': sorted(sys.modules)}))")
    result = subprocess.run([sys.executable, "-c", code], env=parse_env(demo_data, tmp_path),
                            capture_output=True, text=True, check=True, cwd=tmp_path)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["dags"] == ["plantset_demo_documents", "plantset_demo_machinery", "plantset_demo_sensors",
                              "plantset_release"]
    assert [m for m in HEAVY if m in report["modules"]] == []


def test_dag_shape_doc_and_asset(demo_data, tmp_path, monkeypatch):
    from plantset.dags import dataset_dag

    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(demo_data))
    dag = dataset_dag(ROOT / "industries" / "demo.yaml", str(tmp_path))
    assert dag.dag_id == "plantset_demo_machinery" and dag.max_active_runs == 1
    assert {t.task_id for t in dag.tasks} == {"plan", "extract", "normalize", "anonymize", "validate", "publish"}
    assert "owner: plantset maintainers" in dag.doc_md and "sql (MES)" in dag.doc_md
    publish = dag.get_task("publish")
    assert [a.name for a in publish.outlets] == ["plantset.demo-machinery"]
    assert dag.get_task("extract").retries == 2


def test_the_steps_can_be_retried_and_give_the_cli_result(demo_data, demo_version, tmp_path, monkeypatch):
    from plantset.pipeline import tasks

    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(demo_data))
    spec = str(ROOT / "industries" / "demo.yaml")
    out = tmp_path / "steps"
    labels = tasks.plan(spec, str(out), "run-1")
    first = tasks.extract(spec, str(out), "run-1", labels[1])
    assert tasks.extract(spec, str(out), "run-1", labels[1]) == first  # a retry replaces, never appends
    for label in labels:
        tasks.extract(spec, str(out), "run-1", label)
    tasks.normalize(spec, str(out), "run-1")
    tasks.normalize(spec, str(out), "run-1")
    tasks.anonymize(spec, str(out), "run-1")
    tasks.anonymize(spec, str(out), "run-1")
    tasks.validate(spec, str(out), "run-1")
    tasks.validate(spec, str(out), "run-1")
    version = tasks.publish(spec, str(out), "run-1")
    assert tasks.publish(spec, str(out), "run-1") == version  # retry after success: same version
    from plantset.pipeline.report import summarize

    (summary,) = summarize(out)
    assert (summary.runs, summary.current_version, summary.failed) == (1, "v0001", 0)
    tasks.record_failure(spec, str(out), "run-2", "extract: source mes: cannot connect\nmore")
    assert summarize(out)[0].failed == 1
    assert data_files(Path(version)) == data_files(demo_version)


def data_files(version_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(version_dir).as_posix(): p.read_bytes() for p in sorted(version_dir.rglob("*.parquet"))}


def test_two_interval_runs_at_once_keep_both_days(demo_data, tmp_path, monkeypatch):
    """Backfill runs overlap: the one that publishes second is assembled again on the first one's version."""
    from datetime import datetime, timedelta, timezone

    from plantset.pipeline import tasks

    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(demo_data))
    spec = str(ROOT / "industries" / "demo.yaml")
    out = str(tmp_path / "both")
    day = datetime(2026, 3, 1, 15, 0, tzinfo=timezone.utc)

    def up_to_validate(run: str, start: datetime, end: datetime) -> None:
        for label in tasks.plan(spec, out, run):
            tasks.extract(spec, out, run, label, (start.isoformat(), end.isoformat()))
        tasks.normalize(spec, out, run)
        tasks.anonymize(spec, out, run)
        tasks.validate(spec, out, run)

    up_to_validate("day-1", day, day + timedelta(days=1))
    up_to_validate("day-2", day + timedelta(days=1), day + timedelta(days=2))  # both start from no version
    assert tasks.publish(spec, out, "day-1").endswith("v0001")
    second = Path(tasks.publish(spec, out, "day-2"))
    assert second.name == "v0002"
    one = str(tmp_path / "one")
    for label in tasks.plan(spec, one, "one"):
        tasks.extract(spec, one, "one", label, (day.isoformat(), (day + timedelta(days=2)).isoformat()))
    for step in (tasks.normalize, tasks.anonymize, tasks.validate):
        step(spec, one, "one")
    assert data_files(second) == data_files(Path(tasks.publish(spec, one, "one")))


@pytest.mark.airflow
@pytest.mark.slow
def test_a_real_airflow_dag_run_publishes_what_the_cli_publishes(demo_data, demo_version, tmp_path, airflow_home):
    home = airflow_home(ROOT / "industries", PLANTSET_DEMO_DATA=str(demo_data))
    run = home.dags_test("plantset_demo_machinery")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "state=success" in run.stdout + run.stderr
    assert data_files(tmp_path / "out" / "demo-machinery" / "v0001") == data_files(demo_version)
    history = (tmp_path / "out" / ".plantset" / "demo-machinery" / "history.jsonl").read_text().splitlines()
    assert [json.loads(line)["status"] for line in history] == ["published"]


def test_release_dag_runs_on_every_dataset_asset_and_lists_current_versions(demo_data, tmp_path, monkeypatch,
                                                                             demo_specs):
    from plantset.dags import generate
    from plantset.pipeline.release import assemble

    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(demo_data))
    specs = demo_specs(tmp_path / "specs", {"a.yaml": "demo-machinery", "b.yaml": "demo-copy"})
    dags = generate(specs, str(tmp_path))
    assert sorted(dags) == ["plantset_demo_copy", "plantset_demo_machinery", "plantset_release"]
    condition = repr(dags["plantset_release"].timetable.asset_condition)
    assert "AssetAny" in condition and "plantset.demo-machinery" in condition and "plantset.demo-copy" in condition
    build(load_spec(ROOT / "industries" / "demo.yaml"), tmp_path)
    listing = json.loads(assemble(tmp_path).read_text(encoding="utf-8"))
    (entry,) = listing["datasets"]
    assert (entry["dataset"], entry["version"], entry["industry"]) == ("demo-machinery", "v0001", "demo")
    assert entry["tables"]["production_result"] == 1734 and len(entry["manifest_sha256"]) == 64


def test_a_bad_spec_does_not_hide_the_other_datasets(demo_data, tmp_path, monkeypatch, demo_specs):
    from plantset.dags import generate

    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(demo_data))
    specs = demo_specs(tmp_path / "specs", {"demo.yaml": "demo-machinery", "twin.yaml": "demo-machinery"})
    (specs / "bad-one.yaml").write_text("dataset: bad\nindustry: textiles\n", encoding="utf-8")
    dags = generate(specs, str(tmp_path))
    assert sorted(dags) == ["plantset_broken_bad_one", "plantset_broken_twin", "plantset_demo_machinery",
                            "plantset_release"]
    doc = dags["plantset_broken_bad_one"].doc_md
    assert "bad-one.yaml" in doc and "industry: 'textiles'" in doc
    assert "builds it already" in dags["plantset_broken_twin"].doc_md


def test_a_backfill_by_day_gives_the_rows_of_one_big_run(tmp_path, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from demo.plant import generate
    from plantset.pipeline import tasks

    generate(tmp_path / "plant", days=4)
    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(tmp_path / "plant"))
    spec = str(ROOT / "industries" / "demo.yaml")
    out = tmp_path / "backfill"
    day = datetime(2026, 3, 1, 15, 0, tzinfo=timezone.utc)  # 2026-03-02 00:00 in Seoul
    for n in range(6):  # the plant's days, the planned day after them, and one beyond
        run = f"backfill-{n}"
        start, end = day + timedelta(days=n), day + timedelta(days=n + 1)
        for label in tasks.plan(spec, str(out), run):
            tasks.extract(spec, str(out), run, label, (start.isoformat(), end.isoformat()))
        tasks.normalize(spec, str(out), run)
        tasks.anonymize(spec, str(out), run)
        tasks.validate(spec, str(out), run)
        last = tasks.publish(spec, str(out), run)
    state = json.loads((out / ".plantset" / "demo-machinery" / "state.json").read_text())
    assert not state["tables"].get("mes.production_results")  # interval runs leave the watermark alone
    one_big = build(load_spec(spec), tmp_path / "one")
    assert data_files(Path(last)) == data_files(one_big.path)


@pytest.mark.airflow
@pytest.mark.slow
def test_a_scheduled_airflow_run_extracts_its_data_interval(demo_data, tmp_path, airflow_home, demo_specs):
    specs = demo_specs(tmp_path / "specs", {"demo.yaml": "demo-machinery"}, extra='schedule: "@daily"')
    home = airflow_home(specs, PLANTSET_DEMO_DATA=str(demo_data))
    run = home.dags_test("plantset_demo_machinery", "2026-03-05T00:00:00+09:00")
    assert run.returncode == 0 and "state=success" in run.stdout + run.stderr, run.stderr[-3000:]
    out = tmp_path / "out" / "demo-machinery"
    manifest = json.loads((out / "v0001" / "manifest.json").read_text())
    one_day = manifest["sources"]["mes.production_results"]["rows_extracted"]
    assert 0 < one_day < 1754 / 5  # one plant day of the fourteen, not the whole history
    state = json.loads((tmp_path / "out" / ".plantset" / "demo-machinery" / "state.json").read_text())
    assert not state["tables"].get("mes.production_results")  # an interval run commits no watermark


def test_parsing_touches_no_database(tmp_path):
    """A spec whose database is unreachable (and whose secret is unset) still parses into a DAG."""
    from plantset.dags import generate

    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "remote.yaml").write_text(
        "dataset: remote\nindustry: bio\ntitle: t\nowner: o\n"
        "sources:\n  - {kind: sql, name: erp, url: 'postgresql+psycopg://reader@127.0.0.1:1/erp',"
        " password: {env: PLANTSET_TEST_NEVER_SET}, tables: [{name: t, table: T}]}\n"
        "tables:\n  - {target: equipment, source: erp.t, columns: {equipment_id: ID}}\n"
        "anonymize: {key: {env: PLANTSET_TEST_KEY}, columns: {equipment: {equipment_id: keep}}}\n", encoding="utf-8")
    assert sorted(generate(specs, str(tmp_path))) == ["plantset_release", "plantset_remote"]
