"""The CLI: help everywhere, light imports, and one-line errors with a non-zero exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from plantset.cli import app, demo_spec_path

HEAVY = ("pandas", "pyarrow", "numpy", "sqlalchemy", "psycopg", "pymysql", "adbc_driver_postgresql",
         "connectorx", "great_expectations", "asyncua", "pint", "unstructured")


def test_help_imports_no_heavy_library():
    code = ("import sys; from plantset.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "import json; print(json.dumps(sorted(m for m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert not [m for m in HEAVY if m in loaded]


@pytest.mark.parametrize("command", ["build", "check", "inspect", "report", "demo", "spec-schema"])
def test_every_command_has_help(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_bad_spec_exits_non_zero_with_every_problem(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("dataset: Bad Name\nindustry: x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(spec)])
    assert result.exit_code == 1
    assert "dataset: 'Bad Name'" in result.output and "industry: 'x'" in result.output
    assert "Traceback" not in result.output


def test_inspect_without_manifest_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["inspect", str(tmp_path)])
    assert result.exit_code == 1
    assert "holds no manifest.json" in result.output


def test_spec_schema_prints_json():
    result = CliRunner().invoke(app, ["spec-schema"])
    assert result.exit_code == 0 and json.loads(result.output)["title"] == "plantset dataset spec"


def test_demo_builds_and_inspect_and_check_describe_it(tmp_path):
    out, data = tmp_path / "out", tmp_path / "plant"
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert f"published demo-machinery v0001 at {out}/demo-machinery/v0001" in " ".join(result.output.split())
    assert f"published demo-sensors v0001 at {out}/demo-sensors/v0001" in " ".join(result.output.split())
    assert "stage: anonymize" in result.output and ".py:" not in result.output  # stages, not our source lines
    shown = CliRunner().invoke(app, ["inspect", str(out / "demo-machinery")])
    assert shown.exit_code == 0 and "production_result" in shown.output and "v0001" in shown.output
    env = {**os.environ, "PLANTSET_DEMO_DATA": str(data), "COLUMNS": "200"}
    spec = demo_spec_path()
    checked = subprocess.run([sys.executable, "-m", "plantset.cli", "check", str(spec)], env=env,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "mes.production_results" in checked.stdout and "qa_exports.inspections" in checked.stdout


def test_check_reports_a_broken_connection_and_exits_non_zero(tmp_path):
    spec = tmp_path / "broken.yaml"
    spec.write_text(
        "dataset: broken\nindustry: demo\ntitle: t\nowner: o\n"
        "sources:\n  - {kind: sql, name: mes, url: 'postgresql+psycopg://reader@127.0.0.1:1/x',"
        " tables: [{name: t, table: T}]}\n"
        "tables:\n  - {target: equipment, source: mes.t, columns: {equipment_id: ID}}\n"
        "anonymize: {key: {env: PLANTSET_TEST_KEY}, columns: {equipment: {equipment_id: keep}}}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "plantset.cli", "check", str(spec)],
                            capture_output=True, text=True, env={**os.environ, "COLUMNS": "300"})
    assert result.returncode == 1
    assert "cannot connect to postgresql+psycopg://reader@127.0.0.1:1/x" in result.stdout


def test_error_text_is_printed_as_text_never_as_markup(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text("dataset: '[/x]'\nindustry: demo\ntitle: 'width [mm]'\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(spec)])
    assert result.exit_code == 1, result.output
    assert "'[/x]'" in result.output and "error:" in result.output and "Traceback" not in result.output
