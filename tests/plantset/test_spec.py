"""Dataset spec: typed validation, every error at once, round trip, JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from plantset.core.errors import SpecError
from plantset.core.spec import DatasetSpec, dump, json_schema
from plantset.pipeline.specs import load_spec

ROOT = Path(__file__).resolve().parents[2]

GOOD = {
    "dataset": "press-line",
    "industry": "machinery",
    "title": "Press line",
    "owner": "supplier data team",
    "sources": [
        {"kind": "sql", "name": "mes", "url": "postgresql+psycopg://reader@plantdb/mes",
         "password": {"env": "MES_PASSWORD"},
         "tables": [{"name": "orders", "table": "TB_WO_MST", "key": ["WO_NO"],
                     "watermark": {"column": "UPD_DT", "lag": "10m"}}]},
        {"kind": "files", "name": "qa", "path": "/data/qa", "tables": [{"name": "insp", "pattern": "*.csv"}]},
    ],
    "tables": [
        {"target": "work_order", "source": "mes.orders",
         "columns": {"work_order_id": "WO_NO", "quantity_planned": {"source": "PLAN_QTY", "unit": "EA"},
                     "status": {"source": "STAT", "codes": {"10": "released"}}}},
    ],
    "anonymize": {"key": {"env": "PLANTSET_TEST_KEY"},
                  "columns": {"work_order": {"work_order_id": "pseudonym", "quantity_planned": {"band": 100},
                                             "status": "keep"}}},
}


def write(tmp_path: Path, data: dict, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_good_spec_loads_and_dumps_back_unchanged(tmp_path):
    loaded = load_spec(write(tmp_path, GOOD))
    assert loaded.spec.dataset == "press-line"
    assert dump(loaded.spec) == GOOD
    assert len(loaded.sha256) == 64


def test_every_problem_is_reported_at_once_with_path_value_and_valid_values(tmp_path):
    bad = json.loads(json.dumps(GOOD))
    bad["industry"] = "textiles"
    bad["sources"][0]["tables"][0]["watermark"]["lag"] = "soon"
    bad["sources"][1]["tables"][0]["encoding"] = "latin-9"
    bad["tables"][0]["source"] = "mes.nothing"
    path = write(tmp_path, bad)
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    text = str(caught.value)
    problems = caught.value.problems
    assert len(problems) == 3, problems  # cross-checks run only once the models parse
    assert "industry: 'textiles'" in text and "'machinery'" in text
    assert "sources[0].tables[0].watermark.lag: 'soon'" in text
    assert "sources[1].tables[0].encoding: 'latin-9'" in text and "'cp949'" in text
    assert all(line.strip().startswith(str(path)) for line in text.splitlines())


def test_cross_checks_name_canonical_columns_units_and_references(tmp_path):
    bad = json.loads(json.dumps(GOOD))
    bad["tables"][0]["source"] = "mes.nothing"
    bad["tables"][0]["columns"]["quantity_planned"]["unit"] = "kg"
    bad["tables"][0]["columns"]["colour"] = "COL"
    del bad["tables"][0]["columns"]["work_order_id"]
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, bad))
    text = str(caught.value)
    assert "tables[0].source: 'mes.nothing': no such source table; valid: ['mes.orders', 'qa.insp']" in text
    assert "tables[0].columns.quantity_planned.unit: 'kg'" in text and "different dimensions" in text
    assert "tables[0].columns.colour: not a column of work_order" in text
    assert "'work_order_id' is required by work_order but not mapped" in text
    assert "anonymize.columns.work_order.work_order_id: not a mapped column of work_order" in text
    assert len(caught.value.problems) == 5


def test_time_zones_and_schedules_are_checked_when_the_spec_is_read(tmp_path):
    from plantset.core.specfile import read_spec

    bad = json.loads(json.dumps(GOOD))
    bad["timezone"] = "Asia/Nowhere"
    bad["schedule"] = "every morning"
    bad["tables"][0]["columns"]["planned_start"] = {"source": "ST", "timezone": "Mars/Base"}
    with pytest.raises(SpecError) as caught:
        read_spec(write(tmp_path, bad))  # the light reader used when Airflow parses DAGs
    text = str(caught.value)
    assert "timezone: 'Asia/Nowhere': unknown time zone" in text
    assert "schedule: 'every morning': not a cron expression or preset" in text
    assert "tables[0].columns.planned_start.timezone: 'Mars/Base': unknown time zone" in text


def test_inline_password_is_refused(tmp_path):
    bad = json.loads(json.dumps(GOOD))
    bad["sources"][0]["url"] = "postgresql+psycopg://reader:hunter2@plantdb/mes"
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, bad))
    assert "holds a password inline" in str(caught.value)


def test_variables_fill_paths_and_a_missing_one_is_named(tmp_path):
    data = json.loads(json.dumps(GOOD))
    data["sources"][1]["path"] = "${QA_DIR}/exports"
    path = write(tmp_path, data)
    assert load_spec(path, {"QA_DIR": "/srv/qa"}).spec.sources[1].path == "/srv/qa/exports"
    with pytest.raises(SpecError, match=r"variable \$\{QA_DIR\} is not set"):
        load_spec(path)


def test_unreadable_and_non_mapping_files(tmp_path):
    with pytest.raises(SpecError, match="cannot read the file"):
        load_spec(tmp_path / "missing.yaml")
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n")
    with pytest.raises(SpecError, match="must hold a mapping"):
        load_spec(tmp_path / "list.yaml")


def test_spec_error_is_picklable():
    import pickle

    error = SpecError("a.yaml", ["x: bad", "y: worse"])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and str(again) == str(error)


def _properties(schema: dict):
    for name, definition in schema.get("$defs", {}).items():
        for prop, body in definition.get("properties", {}).items():
            yield f"{name}.{prop}", body
    for prop, body in schema.get("properties", {}).items():
        yield f"DatasetSpec.{prop}", body


def test_json_schema_describes_every_field_and_is_committed_up_to_date():
    schema = json_schema()
    undocumented = [name for name, body in _properties(schema) if not body.get("description")]
    assert undocumented == []
    committed = json.loads((ROOT / "schemas" / "dataset-spec.schema.json").read_text(encoding="utf-8"))
    assert committed == schema, "run `make spec-schema` and commit schemas/dataset-spec.schema.json"


def test_every_model_field_has_a_description():
    from plantset.core import spec as module

    models = [getattr(module, n) for n in dir(module)]
    models = [m for m in models if isinstance(m, type) and issubclass(m, module.SpecModel) and m is not module.SpecModel]
    missing = [f"{m.__name__}.{f}" for m in models for f, info in m.model_fields.items() if not info.description]
    assert missing == []
    assert DatasetSpec in models


@pytest.mark.parametrize("url", ["postgresql+psycopg://reader:S3cret/PW@plantdb/mes",
                                 "postgresql+psycopg://reader@plantdb/mes?password=S3cret/PW",
                                 "mysql+pymysql://reader:S3cret%2FPW@plantdb/erp"])
def test_a_password_in_the_spec_is_refused_and_never_echoed(tmp_path, url):
    bad = json.loads(json.dumps(GOOD))
    bad["sources"][0]["url"] = url
    bad["sources"][0]["tables"][0]["bogus"] = 1  # a second error in the same source entry
    bad["sources"][0]["password"] = "S3cret/PW"  # a secret written inline where a reference belongs
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, bad))
    text = str(caught.value)
    assert "S3cret" not in text
    assert "sources[0].password: <redacted>" in text
    assert "sources[0].tables[0].bogus: unknown key; valid keys: ['batch_rows'" in text
    del bad["sources"][0]["tables"][0]["bogus"]
    bad["sources"][0]["password"] = {"env": "MES_PASSWORD"}
    with pytest.raises(SpecError, match="holds a password inline") as again:
        load_spec(write(tmp_path, bad))
    assert "S3cret" not in str(again.value)
