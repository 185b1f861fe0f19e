"""A tiny plant for runner, task and report tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml


class Plant:
    """A tiny plant: a SQLite MES table with a watermark, and a folder of CP949 CSV exports."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.db = folder / "mes.db"
        self.exports = folder / "exports"
        self.exports.mkdir(parents=True)
        with sqlite3.connect(self.db) as conn:
            conn.execute('CREATE TABLE "TB_RESULT" (RSLT_ID INTEGER, WO_NO TEXT, GOOD_QTY TEXT, '
                         'CT_MS REAL, UPD_DT DATETIME)')
        self.next_id = 1

    def add_results(self, count: int, day: int = 2, hour: int = 8, minute: int = 0) -> None:
        rows = [(self.next_id + i, f"WO-{(self.next_id + i) % 7}", f"{1000 + i:,}", 1500.0 + i,
                 f"2026-03-{day:02d} {hour:02d}:{(minute + i) % 60:02d}:00") for i in range(count)]
        self.next_id += count
        with sqlite3.connect(self.db) as conn:
            conn.executemany('INSERT INTO "TB_RESULT" VALUES (?, ?, ?, ?, ?)', rows)

    def add_export(self, day: int, defects: int) -> None:
        lines = ["불량번호,작업지시번호,불량수량,발생일시"]
        lines += [f"D{day:02d}-{i},WO-{i},\"{1000 + i:,}\",2026-03-{day:02d} 10:{i:02d}:00" for i in range(defects)]
        (self.exports / f"defect_202603{day:02d}.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))

    def spec(self, dedup: bool = True, url: str | None = None, batch_rows: int = 100) -> Path:
        data = {
            "dataset": "tiny", "industry": "machinery", "title": "Tiny plant", "owner": "tests",
            "sources": [
                {"kind": "sql", "name": "mes", "system": "MES", "url": url or f"sqlite:///{self.db}",
                 "tables": [{"name": "results", "table": "TB_RESULT", "key": ["RSLT_ID"], "batch_rows": batch_rows,
                             "watermark": {"column": "UPD_DT", "lag": "10m"}}]},
                {"kind": "files", "name": "qa", "system": "QA", "path": str(self.exports),
                 "tables": [{"name": "defects", "pattern": "defect_*.csv"}]},
            ],
            "tables": [
                {"target": "production_result", "source": "mes.results", "deduplicate": dedup,
                 "columns": {"result_id": "RSLT_ID", "work_order_id": "WO_NO", "quantity_good": "GOOD_QTY",
                             "cycle_time": {"source": "CT_MS", "unit": "ms"}, "reported_at": "UPD_DT"}},
                {"target": "defect", "source": "qa.defects", "deduplicate": dedup,
                 "columns": {"defect_id": "불량번호", "work_order_id": "작업지시번호",
                             "quantity": {"source": "불량수량", "unit": "EA"}, "detected_at": "발생일시"}},
            ],
        }
        data["anonymize"] = keep_everything(data["tables"])
        path = self.folder / "tiny.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path


def keep_everything(tables: list[dict]) -> dict:
    """An anonymization section that publishes every mapped column as it is (runner tests compare values)."""
    return {"key": {"env": "PLANTSET_TEST_KEY"},
            "columns": {t["target"]: {column: "keep" for column in t["columns"]} for t in tables}}


@pytest.fixture
def make_plant(tmp_path):
    """A plant with ``results`` production results on 2 March and one export of ``defects`` defects."""
    def make(results: int, defects: int) -> Plant:
        plant = Plant(tmp_path / "plant")
        plant.add_results(results)
        plant.add_export(2, defects)
        return plant
    return make
