"""Run history and `plantset report`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from typer.testing import CliRunner

from plantset.cli import app
from plantset.core.errors import StageError
from plantset.pipeline.report import summarize
from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec


@pytest.fixture
def plant(make_plant):
    return make_plant(results=20, defects=3)


def test_every_run_is_recorded_and_the_version_carries_its_metrics(plant, tmp_path):
    out = tmp_path / "out"
    first = build(load_spec(plant.spec()), out)
    build(load_spec(plant.spec()), out)  # nothing new
    (plant.exports / "defect_20260309.csv").write_bytes("불량번호\r\n".encode("utf-16-le"))
    with pytest.raises(StageError):
        build(load_spec(plant.spec()), out)
    runs = [json.loads(line) for line in (out / ".plantset" / "tiny" / "history.jsonl").read_text().splitlines()]
    assert [r["status"] for r in runs] == ["published", "unchanged", "failed"]
    assert runs[0]["sources"]["mes.results"] == {"rows": 20, "bytes": runs[0]["sources"]["mes.results"]["bytes"]}
    assert "text is not UTF-8" in runs[2]["error"] and runs[2]["version"] is None
    metrics = json.loads((first.path / "run.json").read_text())
    assert metrics["version"] == "v0001" and metrics["sources"]["qa.defects"]["rows"] == 3

    (summary,) = summarize(out)
    assert (summary.runs, summary.succeeded, summary.failed, summary.current_version) == (3, 2, 1, "v0001")
    assert summary.success_rate == pytest.approx(2 / 3)
    later = datetime.fromisoformat(summary.last_success) + timedelta(hours=5)
    assert summary.freshness_hours(later) == pytest.approx(5)


def test_report_command_prints_per_industry_figures(plant, tmp_path):
    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    result = CliRunner().invoke(app, ["report", "--out", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "machinery" in result.output and "tiny" in result.output and "100%" in result.output
    assert "datasets per industry: machinery 1" in result.output
    empty = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "none")])
    assert empty.exit_code == 0 and "no runs recorded" in empty.output


def test_a_torn_history_line_is_skipped_with_a_warning(plant, tmp_path, caplog):
    out = tmp_path / "out"
    build(load_spec(plant.spec()), out)
    history = out / ".plantset" / "tiny" / "history.jsonl"
    with history.open("a", encoding="utf-8") as handle:
        handle.write('{"dataset": "tiny", "status": "publ')  # a crash in the middle of a write
    result = CliRunner().invoke(app, ["report", "--out", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "tiny" in result.output and "100%" in result.output
    assert "line 2 is not a whole run record" in caplog.text
