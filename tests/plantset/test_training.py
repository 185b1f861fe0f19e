"""Instruction-tuning JSONL from the demo plant's maintenance, failure and QA records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from plantset.core.errors import SpecError
from plantset.pipeline.specs import load_spec

ROOT = Path(__file__).resolve().parents[2]


def test_examples_are_traceable_and_load_in_datasets_duckdb_and_polars(demo_version, tmp_path, monkeypatch):
    path = demo_version / "training" / "instructions.jsonl"
    examples = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    templates = {e["source"]["template"] for e in examples}
    assert templates == {"failure_report", "maintenance_summary", "defect_countermeasure"}
    failures = [e for e in examples if e["source"]["template"] == "failure_report"]
    assert failures and all(e["output"].startswith("원인: ") and "\n조치: " in e["output"] for e in failures)
    import pyarrow.dataset as ds

    ids = set(ds.dataset(demo_version / "failure_event", partitioning="hive").to_table()
              .column("failure_id").to_pylist())
    assert {e["source"]["key"]["failure_id"] for e in failures} <= ids  # each example points at its row
    assert not any("010-" in e["output"] + e["input"] for e in examples)  # built from anonymized rows

    import duckdb
    import polars

    assert duckdb.sql(f"SELECT count(*) FROM read_json('{path}')").fetchall()[0][0] == len(examples)
    assert polars.read_ndjson(path).height == len(examples)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    loaded = datasets.load_dataset("json", data_files=str(path), cache_dir=str(tmp_path / "hf"))
    assert loaded["train"].num_rows == len(examples)
    assert set(loaded["train"].column_names) == {"instruction", "input", "output", "source"}
    manifest = json.loads((demo_version / "manifest.json").read_text())
    assert manifest["training"]["instructions"]["examples"] == len(examples)
    assert "training/instructions.jsonl" in (demo_version / "README.md").read_text(encoding="utf-8")


def test_a_template_naming_an_unknown_column_fails_at_check_time(tmp_path):
    data = yaml.safe_load((ROOT / "industries" / "demo.yaml").read_text(encoding="utf-8"))
    data["training"]["instructions"][0]["output"] = "{root_cause}"
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError, match=r"training.instructions\[0\]: root_cause not columns of failure_event"):
        load_spec(path, {"PLANTSET_DEMO_DATA": str(tmp_path)})
