"""The demo plant: deterministic, shaped like a Korean vendor's systems, and fitting its spec."""

from __future__ import annotations

import csv
import re
import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from connectors.encoding import detect_encoding
from demo.exports import EXCEL_EPOCH, HEADER
from demo.plant import TABLES, generate
from plantset.core.spec import DatasetSpec, SqlSource, column_map
from plantset.pipeline.specs import load_spec

SPEC = Path(__file__).resolve().parents[2] / "industries" / "demo.yaml"
PHONE = re.compile(r"010-\d{4}-\d{4}")
TRANSACTIONS = ("TB_WO_MST", "TB_PROD_RSLT", "TB_ALM_HIST", "QA_DEFECT", "MM_PO_DTL", "SD_SO_DTL",
                "CM_MNT_HIST", "qa_inspection")


@pytest.fixture(scope="module")
def plant(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("plant"))


@pytest.fixture(scope="module")
def spec(plant) -> DatasetSpec:
    return load_spec(SPEC, {"PLANTSET_DEMO_DATA": str(plant.db_path.parent)}).spec


def _query(db_path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db_path)) as db:
        return db.execute(sql).fetchall()


def _dump(db_path: Path) -> list[str]:
    with closing(sqlite3.connect(db_path)) as db:
        return list(db.iterdump())


def _csv_files(plant) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(plant.exports_dir.iterdir())}


def _source_rows(plant, spec: DatasetSpec, ref: str) -> tuple[list[str], list[dict]]:
    """Column names and rows of a spec's `source.table`, read the way the spec says."""
    source_name, table_name = ref.split(".")
    source = spec.source(source_name)
    table = next(t for t in source.tables if t.name == table_name)
    if isinstance(source, SqlSource):
        assert source.url == f"sqlite:///{plant.db_path}"
        with closing(sqlite3.connect(plant.db_path)) as db:
            cursor = db.execute(f'SELECT * FROM "{table.table}"')
            names = [d[0] for d in cursor.description]
            return names, [dict(zip(names, row)) for row in cursor]
    assert Path(source.path) == plant.exports_dir
    names, rows = [], []
    for path in sorted(Path(source.path).glob(table.pattern)):
        encoding = detect_encoding(path.read_bytes()) if table.encoding == "auto" else table.encoding
        assert encoding in ("cp949", "euc-kr")
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.DictReader(handle)
            rows += [{k: (v or None) for k, v in row.items()} for row in reader]
            names = list(reader.fieldnames)
    return names, rows


def test_same_arguments_give_the_same_plant(tmp_path):
    first = generate(tmp_path / "a", days=3)
    second = generate(tmp_path / "b", days=3)
    other_seed = generate(tmp_path / "c", days=3, seed=8)
    assert first.rows == second.rows
    assert _dump(first.db_path) == _dump(second.db_path)
    assert _csv_files(first) == _csv_files(second)
    assert _csv_files(first) != _csv_files(other_seed)
    assert _dump(first.db_path) != _dump(other_seed.db_path)


def test_regenerating_replaces_the_plant(tmp_path):
    generate(tmp_path / "p", days=4, seed=3)
    again = generate(tmp_path / "p", days=2)
    fresh = generate(tmp_path / "fresh", days=2)
    assert _csv_files(again) == _csv_files(fresh)
    assert _dump(again.db_path) == _dump(fresh.db_path)


def test_qa_exports_are_daily_cp949_files_as_excel_writes_them(plant):
    files = _csv_files(plant)
    assert list(files) == [f"qa_inspection_{date(2026, 3, 2) + timedelta(days=d):%Y%m%d}.csv" for d in range(14)]
    for name, data in files.items():
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        rows = list(csv.reader(data.decode("cp949").splitlines()))
        assert tuple(rows[0]) == HEADER
        day = datetime.strptime(name[14:22], "%Y%m%d").date()
        for row in rows[1:]:
            inspected = EXCEL_EPOCH + timedelta(days=float(row[1]))
            assert inspected.date() == day, f"{name}: 검사일시 {row[1]} is not on the file's day"
    text = "".join(data.decode("cp949") for data in files.values())
    assert re.search(r'"\d{1,3},\d{3}"', text), "no quantity with a thousands separator"
    assert re.search(r",\d{5}\.0,", text), "no Excel serial ship date"
    assert PHONE.search(text) and "불합격" in text


def test_sources_have_the_vendor_tables_and_columns(plant):
    expected = {
        "TB_WO_MST": {"WO_NO", "ITEM_CD", "EQP_ID", "PLAN_QTY", "WO_STAT_CD", "PLAN_ST_DT", "RMK", "UPD_DT"},
        "TB_PROD_RSLT": {"RSLT_SEQ", "WO_NO", "GOOD_QTY", "BAD_QTY", "CYCLE_TM_MS", "RSLT_DT", "WORKER_NM", "UPD_DT"},
        "QA_DEFECT": {"불량번호", "작업지시번호", "불량유형", "불량수량", "발견일시", "비고"},
        "TB_RECIPE": {"PRESS_TON_SP", "DIE_TEMP_SP", "FEED_RATE", "COOLANT_TEMP_SP"},
        "BA_ITEM_MST": {"ITEM_CD", "ITEM_ACCT", "UNIT_WGT"},
        "PDM_PART_REV": {"PART_NO", "REV_NO", "LEN_IN", "RLS_DT"},
        "TB_EQP_MST": {"EQP_ID", "EQP_TP_CD", "RATED_PWR", "INST_YMD"},
        "CM_MNT_HIST": {"MNT_NO", "MNT_TP_CD", "DOWN_HR"},
        "CM_FAIL_HIST": {"FAIL_NO", "FAIL_CD", "FAIL_DTM", "RCVR_DTM"},
    }
    for table, columns in expected.items():
        present = {row[1] for row in _query(plant.db_path, f"PRAGMA table_info({table})")}
        assert columns <= present, f"{table} lacks {columns - present}"
    assert set(TABLES) == {row[0] for row in _query(plant.db_path, "SELECT name FROM sqlite_master WHERE type='table'")}
    starts, updates = zip(*_query(plant.db_path, "SELECT PLAN_ST_DT, UPD_DT FROM TB_WO_MST"))
    assert all(re.fullmatch(r"2026\d{10}", s) for s in starts)
    assert all(re.fullmatch(r"2026-\d\d-\d\d \d\d:\d\d:\d\d", u) for u in updates)
    statuses = {s for (s,) in _query(plant.db_path, "SELECT DISTINCT WO_STAT_CD FROM TB_WO_MST")}
    assert statuses == {"10", "20", "30", "40", "90"}


def test_rows_are_counted_and_grow_with_scale(tmp_path):
    small = generate(tmp_path / "s", scale=1, days=3)
    big = generate(tmp_path / "b", scale=4, days=3)
    for plant in (small, big):
        for table in TABLES:
            assert plant.rows[table] == _query(plant.db_path, f"SELECT COUNT(*) FROM {table}")[0][0]
    for table in TRANSACTIONS:
        assert 2 * small.rows[table] < big.rows[table] < 7 * small.rows[table], table
    assert 3.6 < big.rows["TB_PROD_RSLT"] / small.rows["TB_PROD_RSLT"] < 4.4
    assert big.rows["TB_EQP_MST"] == 4 * small.rows["TB_EQP_MST"]
    assert big.rows["BA_ITEM_MST"] == small.rows["BA_ITEM_MST"]


def test_production_results_hold_identical_duplicates(plant):
    total, ids, distinct = _query(plant.db_path, """
        SELECT COUNT(*), COUNT(DISTINCT RSLT_SEQ), (SELECT COUNT(*) FROM (SELECT DISTINCT * FROM TB_PROD_RSLT))
        FROM TB_PROD_RSLT""")[0]
    assert 1_500 <= total <= 2_500
    assert ids < total, "no report was delivered twice"
    assert distinct == ids, "a repeated RSLT_SEQ differs in some column"


def test_failures_are_rare_and_warned_of(plant):
    failures = _query(plant.db_path, "SELECT EQP_ID, FAIL_CD, FAIL_DTM FROM CM_FAIL_HIST")
    assert 0 < len(failures) < plant.rows["CM_MNT_HIST"] / 3
    for equipment, code, at in failures:
        assert code in ("F01", "F02", "F03")
        occurred = datetime.strptime(at, "%Y%m%d%H%M%S")
        warnings = _query(plant.db_path, f"""SELECT COUNT(*) FROM TB_ALM_HIST WHERE EQP_ID = '{equipment}'
            AND ALM_CD LIKE 'W8%' AND OCCR_DT BETWEEN '{occurred - timedelta(hours=6)}' AND '{occurred}'""")
        assert warnings[0][0] == 1


def test_spec_names_only_columns_the_sources_have(plant, spec):
    for mapping in spec.tables:
        names, _ = _source_rows(plant, spec, mapping.source)
        for target, entry in mapping.columns.items():
            source = column_map(entry).source
            assert source in names, f"{mapping.target}.{target}: {source!r} is not a column of {mapping.source}"
    for source in spec.sources:
        for table in source.tables:
            names, rows = _source_rows(plant, spec, f"{source.name}.{table.name}")
            assert rows, f"{source.name}.{table.name} is empty"
            marks = [table.watermark.column] if getattr(table, "watermark", None) else []
            assert set(getattr(table, "key", [])) | set(marks) <= set(names)
    assert {m.target for m in spec.tables} >= {"work_order", "production_result", "inspection", "defect", "alarm",
                                               "failure_event", "maintenance_event", "business_partner"}


def test_spec_codes_and_time_formats_fit_every_value(plant, spec):
    for mapping in spec.tables:
        _, rows = _source_rows(plant, spec, mapping.source)
        for target, entry in mapping.columns.items():
            entry = column_map(entry)
            values = {row[entry.source] for row in rows} - {None}
            where = f"{mapping.target}.{target} ({entry.source})"
            if entry.codes is not None:
                assert values <= set(entry.codes), f"{where}: codes miss {values - set(entry.codes)}"
            if entry.format is not None:
                for value in values:
                    datetime.strptime(value, entry.format)
            if entry.excel_serial:
                assert all(40_000 < float(v) < 50_000 for v in values), where


def test_spec_hides_people_partners_and_recipes(plant, spec):
    """Columns that carry phones, company names or recipe setpoints are mapped with a hiding policy."""
    hiding = {"pseudonym", "drop", "redact", "protect"}
    for mapping in spec.tables:
        _, rows = _source_rows(plant, spec, mapping.source)
        policies = spec.anonymize.columns[mapping.target]
        for target, entry in mapping.columns.items():
            source = column_map(entry).source
            values = [str(row[source]) for row in rows]
            if any(PHONE.search(v) or "(주)" in v for v in values):
                assert policies[target].action in hiding, f"{mapping.target}.{target} would publish phones or names"
    recipe = spec.anonymize.columns["recipe"]
    assert {recipe[c].action for c in ("press_force", "spindle_speed", "feed_rate")} == {"protect"}
    remarks = " ".join(r for (r,) in _query(plant.db_path, "SELECT RMK FROM TB_WO_MST WHERE RMK IS NOT NULL"))
    assert PHONE.search(remarks), "the remarks should give the anonymizer phone numbers to find"


def test_connectors_read_every_spec_table(plant, spec):
    from connectors.registry import open_tables

    expected = {"inspections": plant.rows["qa_inspection"]}
    for source in spec.sources:
        for reader in open_tables(source):
            rows = sum(batch.num_rows for batch in reader.batches(None))
            table = getattr(reader.spec, "table", None)
            assert rows == expected.get(reader.table, plant.rows.get(table)), f"{source.name}.{reader.table}"
