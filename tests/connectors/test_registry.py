"""A new source kind is one module and one registry line: tests/connectors/jsonl_kind.py, registered here with the
one line a developer would add to connectors.registry.KINDS, is validated, described and built end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from connectors import registry
from plantset.core.errors import SpecError
from plantset.core.spec import json_schema
from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec
from tests.conftest import keep_everything

JSONL = registry.Kind("tests.connectors.jsonl_kind:JsonLinesSource", "tests.connectors.jsonl_kind:open_tables")


@pytest.fixture
def gateway(tmp_path) -> Path:
    """A folder of JSON Lines defect records, and a spec reading it as a `jsonl` source."""
    folder = tmp_path / "gateway"
    folder.mkdir()
    write_day(folder, 2, 3)
    mapping = {"target": "defect", "source": "gw.defects",
               "columns": {"defect_id": "id", "quantity": {"source": "qty", "unit": "EA"}, "detected_at": "at"}}
    data = {"dataset": "gateway", "industry": "machinery", "title": "Gateway", "owner": "tests",
            "sources": [{"kind": "jsonl", "name": "gw", "system": "IoT gateway", "path": str(folder),
                         "tables": [{"name": "defects", "pattern": "*.jsonl"}]}],
            "tables": [mapping], "anonymize": keep_everything([mapping])}
    path = tmp_path / "gateway.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def write_day(folder: Path, day: int, count: int) -> None:
    rows = [{"id": f"D{day}-{i}", "qty": i + 1, "at": f"2026-03-{day:02d} 10:{i:02d}:00"} for i in range(count)]
    (folder / f"defects_{day:02d}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_a_kind_not_in_the_registry_is_refused_with_the_valid_kinds(gateway):
    with pytest.raises(SpecError) as caught:
        load_spec(gateway)
    assert "sources[0]" in str(caught.value) and "'jsonl'" in str(caught.value)
    assert "documents" in str(caught.value) and "files" in str(caught.value)


def test_one_registry_line_makes_a_new_kind_validate_describe_and_build(gateway, tmp_path, monkeypatch):
    monkeypatch.setitem(registry.KINDS, "jsonl", JSONL)

    schema = json.dumps(json_schema(registry.spec_models()))
    assert "JsonLinesSource" in schema and "`jsonl` for a folder of JSON Lines files." in schema

    out = tmp_path / "out"
    first = build(load_spec(gateway), out)
    write_day(gateway.parent / "gateway", 3, 2)
    second = build(load_spec(gateway), out)
    assert (first.version, second.version) == ("v0001", "v0002")
    assert [e.rows for e in second.extracts] == [2]  # the reader's state: each file read once
    manifest = json.loads((second.path / "manifest.json").read_text(encoding="utf-8"))
    ids = sorted(i for f in manifest["tables"]["defect"]["files"]
                 for i in pq.read_table(second.path / f["path"]).column("defect_id").to_pylist())
    assert ids == ["D2-0", "D2-1", "D2-2", "D3-0", "D3-1"]  # appends: the new day added to the last version


def test_a_misspelt_key_of_a_new_kind_names_its_own_valid_keys(gateway, monkeypatch):
    monkeypatch.setitem(registry.KINDS, "jsonl", JSONL)
    spec = yaml.safe_load(gateway.read_text(encoding="utf-8"))
    spec["sources"][0]["folder"] = spec["sources"][0].pop("path")
    gateway.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(gateway)
    assert "sources[0].folder: unknown key; valid keys: ['kind', 'name', 'path', 'system', 'tables']" in str(caught.value)


def test_what_a_reader_reports_as_lost_reaches_the_manifest_and_the_card(gateway, tmp_path, monkeypatch):
    monkeypatch.setitem(registry.KINDS, "jsonl", JSONL)
    with (gateway.parent / "gateway" / "defects_02.jsonl").open("a", encoding="utf-8") as torn:
        torn.write('{"id": "D2-9", "qty": ')
    version = build(load_spec(gateway), tmp_path / "out").path
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"]["gw.defects"]["losses"] == {"lines that are not JSON": 1}
    card = (version / "README.md").read_text(encoding="utf-8")
    assert "- gw.defects: lines that are not JSON: 1" in card
