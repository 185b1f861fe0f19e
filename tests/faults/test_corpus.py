"""The bad-input corpus: every way a probe lost or leaked data, and the earlier ones that held, so they keep holding.

Each case starts from a published v0001 of the tiny plant (a SQLite MES table and a folder of CP949
QA exports), breaks one thing as a plant or a hostile tester would, and runs `plantset build` as a user
does. Every case must end the same way: exit code 1, one `error:` line naming what, where and what to
do, nothing published, the committed state byte for byte as it was, the failed run in history, and
none of the plant's values in the message or in history.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from plantset.cli import app
from plantset.core.state import Layout

NAME, MOBILE = "김민수", "010-9876-5432"  # plant data that must never reach an error or history


@dataclass(frozen=True)
class Case:
    """One way to break a build: ``breaks(plant, out, monkeypatch)`` changes the plant, the spec or the
    environment (and may return another spec); the message must hold ``says``; ``values`` must be nowhere."""

    id: str
    breaks: Callable
    says: str
    values: tuple[str, ...] = ()


def export(plant, name: str, lines: list[str], encoding: str = "cp949") -> Path:
    path = plant.exports / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


HEADER = "불량번호,작업지시번호,불량수량,발생일시"


def link_out(plant, out, monkeypatch):
    secret = plant.folder / "outside.csv"  # a file beside the folder, say a .pgpass or the private protect.json
    secret.write_text(f"{HEADER}\nD9,{NAME},{MOBILE},2026-03-03 10:00:00\n", encoding="utf-8")
    (plant.exports / "defect_20260303.csv").symlink_to(secret)


def fifo(plant, out, monkeypatch):
    os.mkfifo(plant.exports / "defect_20260303.csv")  # opening it would block the run for ever


def ragged_row(plant, out, monkeypatch):
    export(plant, "defect_20260303.csv", [HEADER, "D03-0,WO-1,1,2026-03-03 10:00:00",
                                          f"D03-1,WO-2,1,2026-03-03 10:01:00,{NAME} {MOBILE}"])


def decimal_comma(plant, out, monkeypatch):
    export(plant, "defect_20260303.csv", [HEADER, 'D03-0,WO-1,"1,95",2026-03-03 10:00:00'])


def text_in_a_number(plant, out, monkeypatch):
    with sqlite3.connect(plant.db) as conn:
        conn.execute('INSERT INTO "TB_RESULT" VALUES (9001, ?, ?, 1.0, ?)', ("WO-1", NAME, "2026-03-03 09:00:00"))


def unknown_encoding(plant, out, monkeypatch):
    export(plant, "defect_20260303.csv", [HEADER, f"D03-0,{NAME},1,2026-03-03 10:00:00"], encoding="utf-16-le")


def schema_drift(plant, out, monkeypatch):
    with sqlite3.connect(plant.db) as conn:
        conn.execute('ALTER TABLE "TB_RESULT" RENAME COLUMN GOOD_QTY TO GOOD_QTY_EA')


def unreachable_database(plant, out, monkeypatch):
    return plant.spec(url="postgresql+psycopg://reader@127.0.0.1:1/mes")


def another_key(plant, out, monkeypatch):
    monkeypatch.setenv("PLANTSET_TEST_KEY", "another-valid-key-of-another-company-77")


def missing_key(plant, out, monkeypatch):
    monkeypatch.delenv("PLANTSET_TEST_KEY")


def torn_state(plant, out, monkeypatch):
    state = out / ".plantset" / "tiny" / "state.json"
    state.write_bytes(state.read_bytes()[:40])  # a disk that filled while it was written


def zip_bomb(plant, out, monkeypatch):
    bomb = plant.exports / "defect_20260303.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(40):
                sheet.write(b"<c><v>0</v></c>" * (1 << 16))
    spec = yaml.safe_load(plant.spec().read_text(encoding="utf-8"))
    spec["sources"][1]["tables"][0].update(pattern="defect_*", max_unpacked_mb=16)
    path = plant.folder / "tiny-excel.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


CASES = [
    Case("link-out-of-the-folder", link_out, "a link to something outside the source folder", (NAME, MOBILE)),
    Case("fifo", fifo, "not a regular file (a device, FIFO or socket), not opened"),
    Case("ragged-row", ragged_row, "line 3 has 5 fields, the header has 4", (NAME, MOBILE)),
    Case("decimal-comma", decimal_comma, "shaped '9,99' cannot be read as a number", ("1,95",)),
    Case("text-in-a-number", text_in_a_number, "column GOOD_QTY: a value shaped '가가가'", (NAME,)),
    Case("unknown-encoding", unknown_encoding, "text is not UTF-8, CP949 or EUC-KR", (NAME,)),
    Case("schema-drift", schema_drift, "GOOD_QTY"),
    Case("unreachable-database", unreachable_database, "cannot connect to postgresql+psycopg://reader@127.0.0.1:1/mes"),
    Case("another-key", another_key, "is not the key tiny was anonymized with", ("another-valid-key-of-another",)),
    Case("missing-key", missing_key, "error: anonymize: secret environment variable PLANTSET_TEST_KEY is not set"),
    Case("torn-state", torn_state, "state.json is unreadable"),
    Case("zip-bomb", zip_bomb, "over the table's limit of 16 MB"),
]


def private_bytes(out: Path, name: str) -> bytes | None:
    path = out / ".plantset" / "tiny" / name
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_input_fails_in_one_line_and_loses_nothing(make_plant, tmp_path, monkeypatch, case):
    plant = make_plant(results=20, defects=3)
    out = tmp_path / "out"
    first = CliRunner().invoke(app, ["build", str(plant.spec()), "--out", str(out)])
    assert first.exit_code == 0, first.output
    plant.add_results(5, day=3)  # new rows wait to be read, so a wrong publish would show
    spec = case.breaks(plant, out, monkeypatch) or plant.spec()
    state, history_lines = private_bytes(out, "state.json"), len(private_bytes(out, "history.jsonl").splitlines())

    result = CliRunner().invoke(app, ["build", str(spec), "--out", str(out)])

    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and case.says in errors[0], result.output
    assert "Traceback" not in result.output and " — " in errors[0]  # what, then what to do
    assert Layout(out, "tiny").versions() == ["v0001"] and not list((out / "tiny").glob(".tmp-*"))
    assert private_bytes(out, "state.json") == state
    runs = private_bytes(out, "history.jsonl").splitlines()
    assert len(runs) == history_lines + 1 and json.loads(runs[-1])["status"] == "failed"
    for value in case.values:
        assert value not in result.output and value.encode() not in runs[-1], value
    leftovers = out / ".plantset" / "tiny" / "runs"
    assert not leftovers.exists() or not list(leftovers.iterdir())  # no raw extract of the failed run is kept


def test_null_tokens_are_counted_in_the_run_report_and_values_kept_apart(make_plant, tmp_path):
    """'N/A' became NULL without a word while '-' was refused: both are the spec's NULL tokens now, counted."""
    plant = make_plant(results=5, defects=0)
    export(plant, "defect_20260303.csv", [HEADER, "D03-0,WO-1,N/A,2026-03-03 10:00:00",
                                          "D03-1,WO-2, - ,2026-03-03 10:01:00", "D03-2,WO-3,\"1,250\",2026-03-03 10:02:00"])
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(plant.spec()), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "qa.defects: NULL tokens read as no value: '-' 1 (불량수량), 'N/A' 1 (불량수량)" in result.output
    run = json.loads((out / "tiny" / "v0001" / "run.json").read_text())
    assert run["sources"]["qa.defects"]["reading"]["null_tokens"] == {"-": {"불량수량": 1}, "N/A": {"불량수량": 1}}
    import pyarrow.dataset as ds

    quantities = ds.dataset(out / "tiny" / "v0001" / "defect").to_table().column("quantity").to_pylist()
    assert sorted(quantities, key=lambda q: (q is not None, q)) == [None, None, 1250]


def test_a_torn_history_line_is_skipped_with_a_warning(make_plant, tmp_path):
    plant = make_plant(results=5, defects=1)
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", str(plant.spec()), "--out", str(out)]).exit_code == 0
    with (out / ".plantset" / "tiny" / "history.jsonl").open("a", encoding="utf-8") as history:
        history.write('{"dataset": "tiny", "run_id": "torn", "sta')  # a crash in mid-line
    report = CliRunner().invoke(app, ["report", "--out", str(out)])
    assert report.exit_code == 0 and "tiny" in report.output
