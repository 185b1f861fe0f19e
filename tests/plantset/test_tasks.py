"""The build as separate retryable steps (what Airflow tasks call): retries and concurrent runs."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from plantset.core.errors import StageError
from plantset.core.state import Layout
from plantset.pipeline import tasks


@pytest.fixture
def plant(make_plant):
    return make_plant(results=50, defects=3)


def run_steps(spec: str, out: str, run_id: str, publish: bool = True) -> str | None:
    for label in tasks.plan(spec, out, run_id):
        tasks.extract(spec, out, run_id, label)
    tasks.normalize(spec, out, run_id)
    tasks.anonymize(spec, out, run_id)
    tasks.validate(spec, out, run_id)
    return tasks.publish(spec, out, run_id) if publish else None


def result_ids(version_dir) -> list[str]:
    return sorted(pq.read_table(version_dir / "production_result").column("result_id").to_pylist())


def test_a_retried_publish_neither_duplicates_rows_nor_records_the_run_twice(plant, tmp_path):
    spec, out = str(plant.spec(dedup=False)), str(tmp_path / "out")
    first = run_steps(spec, out, "run-1")
    assert tasks.publish(spec, out, "run-1") == first
    assert Layout(tmp_path / "out", "tiny").versions() == ["v0001"]
    assert result_ids(tmp_path / "out" / "tiny" / "v0001") == sorted(str(i) for i in range(1, 51))
    history = (tmp_path / "out" / ".plantset" / "tiny" / "history.jsonl").read_text().splitlines()
    assert [json.loads(line)["status"] for line in history] == ["published"]
    record = json.loads(history[0])
    assert set(record["seconds"]) == {"plan", "extract", "normalize", "anonymize", "validate"} and record["retries"] == 0
    assert not (tmp_path / "out" / ".plantset" / "tiny" / "runs" / "run-1").exists()  # raw plant data removed


def test_a_run_overtaken_by_another_publishes_nothing(plant, tmp_path):
    spec, out = str(plant.spec(dedup=False)), str(tmp_path / "out")
    run_steps(spec, out, "slow", publish=False)
    run_steps(spec, out, "fast")  # started later, published first
    with pytest.raises(StageError, match="v0001 was published by another run"):
        tasks.publish(spec, out, "slow")
    assert Layout(tmp_path / "out", "tiny").versions() == ["v0001"]
    assert result_ids(tmp_path / "out" / "tiny" / "v0001") == sorted(str(i) for i in range(1, 51))
    plant.add_results(5, day=3)
    run_steps(spec, out, "next")
    assert result_ids(tmp_path / "out" / "tiny" / "v0002") == sorted(str(i) for i in range(1, 56))


def test_retried_steps_are_counted_in_the_run_record(plant, tmp_path):
    spec, out = str(plant.spec()), str(tmp_path / "out")
    labels = tasks.plan(spec, out, "run-r")
    for label in labels:
        tasks.extract(spec, out, "run-r", label)
    tasks.extract(spec, out, "run-r", labels[0], attempt=3)  # the third try of one extract succeeded
    tasks.normalize(spec, out, "run-r")
    tasks.anonymize(spec, out, "run-r", attempt=2)
    tasks.validate(spec, out, "run-r")
    version = tasks.publish(spec, out, "run-r", attempt=2)
    run = json.loads((tmp_path / "out" / "tiny" / "v0001" / "run.json").read_text())
    assert version.endswith("v0001") and run["retries"] == 4  # two for the extract, one each for anonymize and publish
