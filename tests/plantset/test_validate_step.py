"""The validate step in a build: a failing critical expectation publishes nothing and keeps the current version."""

from __future__ import annotations

import json

import pytest
import yaml

from plantset.core.errors import SpecError, StageError
from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec


def with_expectations(spec_path, expectations: dict) -> None:
    data = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    data["expectations"] = expectations
    spec_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_failing_critical_expectation_blocks_publishing_and_keeps_the_current_version(make_plant, tmp_path):
    plant = make_plant(results=30, defects=3)
    spec_path = plant.spec()
    out = tmp_path / "out"
    first = build(load_spec(spec_path), out)
    assert first.version == "v0001" and (first.path / "validation" / "data_docs" / "index.html").is_file()
    manifest = json.loads((first.path / "manifest.json").read_text())
    assert manifest["validation"]["failed_critical"] == 0 and manifest["validation"]["expectations"] > 10
    state_before = (out / ".plantset" / "tiny" / "state.json").read_bytes()

    plant.add_results(10, day=3)
    with_expectations(spec_path, {"production_result": [
        {"expectation": "expect_column_values_to_be_between", "column": "quantity_good",
         "kwargs": {"max_value": 1005}},
        {"expectation": "expect_column_values_to_match_regex", "column": "work_order_id",
         "kwargs": {"regex": "^WO-[0-3]$"}, "severity": "warning"}]})
    with pytest.raises(StageError) as caught:
        build(load_spec(spec_path), out)
    message = str(caught.value)
    assert message.startswith("validate: 1 critical expectation") or "1 critical expectation failed" in message
    assert "production_result.quantity_good: expect_column_values_to_be_between" in message
    assert "of 40 values unexpected" in message
    assert sorted(p.name for p in (out / "tiny").iterdir() if p.name.startswith("v")) == ["v0001"]
    assert not list((out / "tiny").glob(".tmp-*"))
    assert (out / ".plantset" / "tiny" / "state.json").read_bytes() == state_before  # watermarks unchanged


def test_an_expectation_on_a_missing_column_fails_at_check_time(make_plant):
    plant = make_plant(results=5, defects=1)
    spec_path = plant.spec()
    with_expectations(spec_path, {"defect": [
        {"expectation": "expect_column_values_to_not_be_null", "column": "colour"}]})
    with pytest.raises(SpecError, match=r"expectations.defect\[0\].*colour"):
        load_spec(spec_path)
