"""`plantset parse FILE...`: elements as JSON lines, unreadable files named with their reason."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from plantset.cli import app


def test_parse_prints_elements_as_json_lines_and_names_what_it_cannot_read(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANTSET_CACHE", str(tmp_path / "cache"))
    guide = tmp_path / "guide.md"
    guide.write_text("# 절삭유 관리\n\n## 희석\n\n원액을 5 %로 희석하여 사용한다.\n\n| 항목 | 주기 |\n|---|---|\n| 농도 | 매일 |\n",
                     encoding="utf-8")
    fasta = tmp_path / "lipase.fasta"
    fasta.write_text(">lip1 lipase\nMKKLLVAGAS\n", encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<")
    result = CliRunner().invoke(app, ["parse", str(guide), str(fasta), str(broken), "--no-ocr"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    elements = [e for e in lines if e["file"] == str(guide)]
    assert [e["type"] for e in elements][:3] == ["Title", "Title", "NarrativeText"]
    assert elements[2]["section_path"] == "절삭유 관리 > 희석"
    table = next(e for e in elements if e["type"] == "Table")
    assert table["table_cells"] == [["항목", "주기"], ["농도", "매일"]]
    record = next(e for e in lines if e.get("record") == "sequence")
    assert record["record_id"] == "lip1" and record["alphabet"] == "protein"
    assert f"{broken}: corrupt or truncated PDF" in " ".join(result.stderr.split())
