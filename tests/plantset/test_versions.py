"""Versions: semantic versions, `plantset diff`, `plantset verify`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from plantset.cli import app
from plantset.core.versions import diff, next_semver
from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec


def test_verify_passes_on_a_fresh_version_and_names_every_tampered_file(make_plant, tmp_path):
    plant = make_plant(results=30, defects=2)
    version = build(load_spec(plant.spec()), tmp_path / "out").path
    ok = CliRunner().invoke(app, ["verify", str(version)])
    assert ok.exit_code == 0 and "match the manifest" in ok.output
    manifest = json.loads((version / "manifest.json").read_text())
    listed = {f["path"] for f in manifest["files"]}
    assert {"README.md", "anonymization.json", "run.json"} <= listed
    data = version / manifest["tables"]["defect"]["files"][0]["path"]
    data.write_bytes(data.read_bytes()[:-1] + b"X")
    (version / "README.md").write_text("edited", encoding="utf-8")
    (version / "extra.txt").write_text("smuggled", encoding="utf-8")
    (version / "run.json").unlink()
    bad = CliRunner().invoke(app, ["verify", str(version)])
    assert bad.exit_code == 1
    out = " ".join(bad.output.split())
    assert f"{manifest['tables']['defect']['files'][0]['path']}: checksum differs" in out
    assert "README.md: checksum differs" in out and "extra.txt: not in the manifest" in out
    assert "run.json: missing" in out and "4 of" in out


def test_diff_and_semver_follow_rows_and_schema(make_plant, tmp_path):
    plant = make_plant(results=30, defects=2)
    spec = load_spec(plant.spec())
    first = build(spec, tmp_path / "out").path
    plant.add_results(5, day=3)
    second = build(spec, tmp_path / "out").path
    one, two = (json.loads((v / "manifest.json").read_text()) for v in (first, second))
    assert one["semver"] == "1.0.0" and two["semver"] == "1.0.1"  # data only: a patch
    changes = diff(one, two)
    assert changes["tables"]["production_result"]["rows"] == [30, 35]
    assert "defect" not in changes["tables"]
    shown = CliRunner().invoke(app, ["diff", str(first), str(second)])
    assert shown.exit_code == 0 and '"production_result"' in shown.output
    widened = json.loads(json.dumps(two))
    widened["tables"]["defect"]["schema"].append({"name": "extra", "type": "string"})
    assert next_semver(two, widened) == "1.1.0"
    narrowed = json.loads(json.dumps(two))
    narrowed["tables"]["defect"]["schema"] = narrowed["tables"]["defect"]["schema"][1:]
    assert next_semver(two, narrowed) == "2.0.0"
    del narrowed["tables"]["defect"]
    assert diff(two, narrowed)["tables"]["defect"] == {"change": "removed"}
