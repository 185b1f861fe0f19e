"""The CLI: help everywhere, light imports, and one-line errors with a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from plantset.cli import app

HEAVY = ("pandas", "pyarrow", "numpy", "sqlalchemy", "psycopg", "pymysql", "adbc_driver_postgresql",
         "connectorx", "great_expectations", "asyncua", "pint", "unstructured")


def test_help_imports_no_heavy_library():
    code = ("import sys; from plantset.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "import json; print(json.dumps(sorted(m for m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert not [m for m in HEAVY if m in loaded]


@pytest.mark.parametrize("command", ["build", "check", "inspect", "demo", "spec-schema"])
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
