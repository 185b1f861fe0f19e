"""The spec's anonymization section: no column without a policy, policies that fit, term files that load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from plantset.core.errors import SpecError
from plantset.core.spec import ColumnPolicy, dump
from plantset.pipeline.specs import load_spec

SPEC = {
    "dataset": "press-line", "industry": "machinery", "title": "Press line", "owner": "suppliers",
    "sources": [{"kind": "sql", "name": "mes", "url": "sqlite:///plant.db",
                 "tables": [{"name": "orders", "table": "TB_WO_MST", "key": ["WO_NO"]}]}],
    "tables": [{"target": "work_order", "source": "mes.orders",
                "columns": {"work_order_id": "WO_NO", "material_id": "ITEM", "planned_start": "ST",
                            "quantity_planned": "QTY", "remark": "RMK"}}],
    "anonymize": {"key": {"env": "PLANTSET_TEST_KEY"}, "lexicon": ["lexicon.txt"], "staff": ["staff.txt"],
                  "columns": {"work_order": {"work_order_id": "pseudonym", "material_id": {"rare": 3},
                                             "planned_start": "month", "quantity_planned": {"band": 50},
                                             "remark": "redact"}}},
}


def write(folder: Path, data: dict) -> Path:
    (folder / "lexicon.txt").write_text("COMPANY\t(주)대성정밀\nre:DS-\\d{4}\n", encoding="utf-8")
    (folder / "staff.txt").write_text("홍길동\n", encoding="utf-8")
    path = folder / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_policies_load_in_short_form_and_dump_back_unchanged(tmp_path):
    loaded = load_spec(write(tmp_path, SPEC))
    policies = loaded.spec.anonymize.columns["work_order"]
    assert policies["planned_start"] == ColumnPolicy(action="generalize", to="month")
    assert policies["material_id"].min_count == 3 and policies["quantity_planned"].band == 50
    assert dump(loaded.spec)["anonymize"] == SPEC["anonymize"]


def test_every_policy_problem_is_named_at_check_time(tmp_path):
    bad = json.loads(json.dumps(SPEC))
    columns = bad["anonymize"]["columns"]["work_order"]
    del columns["remark"]  # no policy: an error, never a pass-through
    columns["work_order_id"] = "shift"  # a time policy on text
    columns["quantity_planned"] = "redact"  # text policy on a number
    columns["status"] = "keep"  # not mapped
    bad["anonymize"]["columns"]["alarm"] = {"alarm_id": "keep"}  # not built
    bad["anonymize"]["quasi_identifiers"] = {"work_order": ["colour"]}
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, bad))
    problems = "\n".join(caught.value.problems)
    assert "anonymize.columns.work_order: no policy for remark" in problems
    assert "anonymize.columns.work_order.work_order_id: `shift` does not apply to a string column" in problems
    assert "anonymize.columns.work_order.quantity_planned: `redact` does not apply to a float64 column" in problems
    assert "anonymize.columns.work_order.status: not a mapped column of work_order" in problems
    assert "anonymize.columns.alarm: not a table this spec builds" in problems
    assert "anonymize.quasi_identifiers.work_order: colour not mapped columns of work_order" in problems
    assert len(caught.value.problems) == 6


def test_a_spec_without_anonymization_or_with_a_bad_policy_does_not_load(tmp_path):
    bare = {k: v for k, v in SPEC.items() if k != "anonymize"}
    with pytest.raises(SpecError, match="anonymize: missing"):
        load_spec(write(tmp_path, bare))
    bad = json.loads(json.dumps(SPEC))
    bad["anonymize"]["columns"]["work_order"]["remark"] = "hide"
    with pytest.raises(SpecError, match="'hide'"):
        load_spec(write(tmp_path, bad))
    bad["anonymize"]["columns"]["work_order"]["remark"] = {"action": "generalize"}
    with pytest.raises(SpecError, match="needs exactly one of `to`"):
        load_spec(write(tmp_path, bad))


def test_term_files_are_checked_when_the_spec_loads(tmp_path):
    path = write(tmp_path, SPEC)
    (tmp_path / "staff.txt").unlink()
    (tmp_path / "lexicon.txt").write_text("company\t대성정밀\nre:DS-(\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    problems = "\n".join(caught.value.problems)
    assert "staff.txt: lexicon file not found" in problems
    assert "lexicon.txt: line 1: category 'company' must be upper case" in problems
    (tmp_path / "lexicon.txt").write_bytes("대성정밀\n".encode("cp949"))
    with pytest.raises(SpecError, match="not UTF-8"):
        load_spec(path)
