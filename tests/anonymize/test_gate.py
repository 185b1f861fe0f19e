"""Whole-table policies and the leakage scan, on small tables and folders."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq

from anonymize.gate import OTHER, LeakageScan, Needles, k_anonymize, suppress_rare
from plantset.core.spec import ColumnPolicy


def test_rare_categories_become_other():
    data = pa.table({"currency": ["KRW"] * 5 + ["JPY"] + [None], "n": list(range(7))})
    out, changed = suppress_rare(data, {"currency": ColumnPolicy.model_validate({"rare": 2}),
                                        "n": ColumnPolicy.model_validate("keep")})
    assert out.column("currency").to_pylist() == ["KRW"] * 5 + [OTHER, None] and changed == {"currency": 1}


def test_k_anonymity_suppresses_then_borrows_then_reports_k():
    data = pa.table({"role": ["S"] * 6 + ["S"] + ["C"] * 7, "region": ["KR"] * 6 + ["JP"] + ["KR"] * 7,
                     "row": list(range(14))})
    out, stats = k_anonymize(data, ["role", "region"], 2)
    assert stats == {"required": 2, "achieved": 2, "suppressed": 2, "dropped": 0}
    assert out.num_rows == 14 and out.column("region").to_pylist()[6] is None  # the one JP row is hidden
    assert "JP" not in out.column("region").to_pylist()
    out, stats = k_anonymize(pa.table({"a": ["x", "y"]}), ["a"], 3)  # nowhere to borrow from: drop
    assert stats["dropped"] == 2 and out.num_rows == 0


def test_the_scan_finds_terms_raw_values_and_secret_file_names_but_not_tokens(tmp_path):
    (tmp_path / "t").mkdir()
    pq.write_table(pa.table({"remark": ["ok", "<PERSON_1A2B3C4D> 확인", "대성정밀에서 납품"],
                             "id": ["7d138d958d128df2", "WO2603020001", "x"],
                             "value": [0.5, 172.4, 1.0]}), tmp_path / "t" / "part-0.parquet")
    (tmp_path / "README.md").write_text("clean card", encoding="utf-8")
    needles = Needles(terms={"대성정밀"})
    needles.add_values("t.id", ["WO2603020001"])
    needles.add_values("t.value", [172.4])
    findings = LeakageScan(needles).scan_folder(tmp_path)
    assert {(f.column, f.row) for f in findings} == {("remark", 2), ("id", 1), ("value", 1)}
    assert all("대성정밀" not in f.line() and "WO26" not in f.line() for f in findings)
    (tmp_path / "대성정밀.json").write_text(json.dumps({}), encoding="utf-8")
    assert any("file name" in f.what for f in LeakageScan(Needles(terms={"대성정밀"})).scan_folder(tmp_path))


def test_redact_command_works_line_for_line_with_spans_and_keys(tmp_path):
    (tmp_path / "lexicon.txt").write_text("COMPANY\t(주)대성정밀\n", encoding="utf-8")
    (tmp_path / "staff.txt").write_text("홍길동\n", encoding="utf-8")
    lines = "홍길동님이 대성정밀에서 010-1234-5678로 연락\nLOT 8001011234568 정상\n\n홍길동 확인\n"
    cli = [sys.executable, "-m", "plantset.cli", "redact", "--lexicon", str(tmp_path / "lexicon.txt"),
           "--staff", str(tmp_path / "staff.txt")]
    run = subprocess.run(cli, input=lines, capture_output=True, text=True, check=True)
    assert run.stdout.splitlines() == ["<PERSON_1>님이 <COMPANY_1>에서 <PHONE_1>로 연락", "LOT 8001011234568 정상", "",
                                       "<PERSON_1> 확인"]
    spans = subprocess.run([*cli, "--spans"], input=lines, capture_output=True, text=True, check=True)
    first = json.loads(spans.stdout.splitlines()[0])
    assert [s["entity"] for s in first] == ["PERSON", "COMPANY", "PHONE"] and first[0] == {"start": 0, "end": 3,
                                                                                          "entity": "PERSON"}
    env = {"PATH": "", "PLANTSET_CLI_KEY": "cli-key-0123456789abcdef"}
    keyed = subprocess.run([*cli, "--key-env", "PLANTSET_CLI_KEY"], input=lines, capture_output=True, text=True,
                           check=True, env=env)
    tokens = keyed.stdout.split()
    assert tokens[0].startswith("<PERSON_") and tokens[0][:-2] != "<PERSON_1" and "cli-key" not in keyed.stdout
    missing = subprocess.run([*cli, str(tmp_path / "none.txt")], capture_output=True, text=True)
    assert missing.returncode == 1 and "none.txt: cannot read the file" in missing.stderr


def test_the_identity_scan_blocks_what_looks_identifying_in_a_kept_column_unless_allowed(tmp_path):
    from anonymize.gate import identity_findings

    folder = tmp_path / "version"
    (folder / "business_partner").mkdir(parents=True)
    pq.write_table(pa.table({"partner_id": ["a1", "b2", "c3"], "role": ["supplier", "customer", "supplier"],
                             "region": ["KR", "KR", "DE"],
                             "name": ["정상", "납품처", "대한정밀㈜ 시화공장"],
                             "contact": ["-", "Tel 031-499-2000", "-"]}),
                   folder / "business_partner" / "part-0.parquet")
    kept = {"business_partner": {"role", "region", "name", "contact"}}
    findings = identity_findings(folder, kept)
    assert sorted((f.table, f.column, f.row, f.what) for f in findings) == [
        ("business_partner", "contact", 1, "looks like PHONE in a kept column"),
        ("business_partner", "name", 2, "looks like COMPANY in a kept column")]
    assert "시화" not in " ".join(f.line() for f in findings)  # places, never values
    assert [f.column for f in identity_findings(folder, kept, allow=["COMPANY"])] == ["contact"]
    assert identity_findings(folder, {"business_partner": {"role", "region"}}) == []
