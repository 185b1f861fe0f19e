"""CSV and Excel exports as Korean plants write them, read from real files in tmp_path."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from connectors.encoding import detect_encoding
from connectors.files import FileTableReader
from plantset.core.errors import StageError
from plantset.core.spec import FileSource

HEADER = ["검사번호", "품목명", "측정값"]


def file_reader(folder, **table) -> FileTableReader:
    source = FileSource(kind="files", name="qa", path=str(folder), tables=[{"name": "t", **table}])
    return FileTableReader(source, source.tables[0])


def read(reader, state=None) -> tuple[list[dict], dict]:
    rows = [row for batch in reader.batches(state) for row in batch.to_pylist()]
    return rows, json.loads(json.dumps(reader.next_state()))


def csv_text(*rows: tuple[str, str, str]) -> str:
    return "\n".join(",".join(r) for r in (HEADER, *rows)) + "\n"


def assert_names_file(err: StageError, path) -> None:
    text = str(err)
    assert "\n" not in text
    assert err.source == "qa" and err.table == "t"
    assert str(path) in text
    assert err.hint


# -- encodings --------------------------------------------------------------------------

# 똠 exists in CP949 but not in EUC-KR, so the CP949 file cannot pass as EUC-KR.
ENCODINGS = [
    pytest.param("utf-8", "볼트 M8", "utf-8", id="utf-8"),
    pytest.param("utf-8-sig", "볼트 M8", "utf-8-sig", id="utf-8-bom"),
    pytest.param("cp949", "똠방 와셔", "cp949", id="cp949"),
    pytest.param("euc-kr", "볼트 M8", "euc-kr", id="euc-kr"),
    pytest.param("utf-16", "볼트 M8", "utf-16", id="utf-16-bom"),
]


@pytest.mark.parametrize(("encoding", "item", "detected"), ENCODINGS)
def test_csv_encodings_are_detected_with_korean_headers(tmp_path, encoding, item, detected):
    data = csv_text(("Q-001", item, "12.5"), ("Q-002", "너트", "7")).encode(encoding)
    (tmp_path / "inspection.csv").write_bytes(data)
    assert detect_encoding(data) == detected

    reader = file_reader(tmp_path, pattern="*.csv")
    assert reader.check() == f"1 files match '*.csv' in {tmp_path}"
    batches = list(reader.batches(None))
    assert [b.schema.names for b in batches] == [HEADER]
    assert batches[0].to_pylist() == [
        {"검사번호": "Q-001", "품목명": item, "측정값": "12.5"},
        {"검사번호": "Q-002", "품목명": "너트", "측정값": "7"},
    ]


def test_an_explicit_encoding_is_used_as_given(tmp_path):
    (tmp_path / "a.csv").write_bytes(csv_text(("Q-001", "똠방", "1")).encode("cp949"))
    rows, _ = read(file_reader(tmp_path, pattern="*.csv", encoding="cp949"))
    assert rows == [{"검사번호": "Q-001", "품목명": "똠방", "측정값": "1"}]

    with pytest.raises(StageError) as caught:
        read(file_reader(tmp_path, pattern="*.csv", encoding="utf-8"))
    assert_names_file(caught.value, tmp_path / "a.csv")
    assert "not valid utf-8 at byte" in str(caught.value)


def test_unknown_encoding_names_the_file(tmp_path):
    # Shift-JIS "データ": 0x81 0x5B is no CP949 character and no UTF-8 either.
    data = "データ,値\nテスト,1\n".encode("shift_jis")
    assert detect_encoding(data) is None
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    reader = file_reader(tmp_path, pattern="*.csv")
    for attempt in (reader.check, lambda: list(reader.batches(None))):
        with pytest.raises(StageError) as caught:
            attempt()
        assert_names_file(caught.value, path)
        assert "not UTF-8, CP949 or EUC-KR" in str(caught.value)


def test_skip_rows_skips_lines_above_the_header(tmp_path):
    text = "검사 결과 보고서\n출력일: 2024-05-01\n" + csv_text(("Q-001", "볼트", "1"))
    (tmp_path / "report.csv").write_bytes(text.encode("cp949"))
    rows, _ = read(file_reader(tmp_path, pattern="*.csv", skip_rows=2))
    assert rows == [{"검사번호": "Q-001", "품목명": "볼트", "측정값": "1"}]


def test_a_missing_folder_is_a_stage_error(tmp_path):
    with pytest.raises(StageError, match="does not exist"):
        file_reader(tmp_path / "nope", pattern="*.csv").check()


# -- a folder of daily files ------------------------------------------------------------

def test_daily_files_are_picked_up_incrementally(tmp_path):
    def day(n: int, *rows) -> None:
        (tmp_path / f"inspection_2024-05-0{n}.csv").write_text(csv_text(*rows), encoding="utf-8")

    day(1, ("Q-1", "볼트", "1"))
    day(2, ("Q-2", "너트", "2"), ("Q-3", "와셔", "3"))
    (tmp_path / "notes.txt").write_text("not an export", encoding="utf-8")
    spec = {"pattern": "inspection_*.csv"}

    first, state = read(file_reader(tmp_path, **spec))
    assert [r["검사번호"] for r in first] == ["Q-1", "Q-2", "Q-3"]
    assert sorted(state["files"]) == ["inspection_2024-05-01.csv", "inspection_2024-05-02.csv"]

    day(3, ("Q-4", "핀", "4"))
    day(2, ("Q-2", "너트", "2"), ("Q-3", "와셔", "3"))  # rewritten with the same content
    second, state = read(file_reader(tmp_path, **spec), state)
    assert [r["검사번호"] for r in second] == ["Q-4"]

    day(1, ("Q-1", "볼트", "1.5"))  # corrected after the fact: the whole file is read again
    third, state = read(file_reader(tmp_path, **spec), state)
    assert third == [{"검사번호": "Q-1", "품목명": "볼트", "측정값": "1.5"}]

    fourth, _ = read(file_reader(tmp_path, **spec), state)
    assert fourth == []


# -- Excel ------------------------------------------------------------------------------

def test_excel_is_read_with_korean_header_numbers_and_dates(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "검사"
    sheet.append(["월간 검사 보고서"])
    sheet.append(["품목명", "수량", "검사일", "측정 시각"])
    sheet.append(["볼트 M8", 12, date(2024, 5, 1), datetime(2024, 5, 1, 8, 30)])
    sheet.append(["너트", 3.5, date(2024, 5, 2), datetime(2024, 5, 2, 14, 5, 9)])
    workbook.create_sheet("다른 시트").append(["x"])
    workbook.save(tmp_path / "inspection.xlsx")

    for sheet_ref in ("검사", 0):
        reader = file_reader(tmp_path, pattern="*.xlsx", sheet=sheet_ref, skip_rows=1)
        assert reader.check().startswith("1 files match")
        rows, state = read(reader)
        assert rows == [
            {"품목명": "볼트 M8", "수량": 12, "검사일": date(2024, 5, 1), "측정 시각": datetime(2024, 5, 1, 8, 30)},
            {"품목명": "너트", "수량": 3.5, "검사일": date(2024, 5, 2), "측정 시각": datetime(2024, 5, 2, 14, 5, 9)},
        ]
        assert list(state["files"]) == ["inspection.xlsx"]


def test_a_missing_sheet_names_the_file(tmp_path):
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "a.xlsx")
    with pytest.raises(StageError) as caught:
        read(file_reader(tmp_path, pattern="*.xlsx", sheet="없는 시트"))
    assert_names_file(caught.value, tmp_path / "a.xlsx")


@pytest.mark.parametrize("content", [b"PK\x03\x04 truncated zip", b"name,qty\nbolt,1\n"],
                         ids=["broken-zip", "csv-bytes"])
def test_a_corrupt_workbook_names_the_file(tmp_path, content):
    path = tmp_path / "inspection.xlsx"
    path.write_bytes(content)
    with pytest.raises(StageError) as caught:
        read(file_reader(tmp_path, pattern="*.xlsx"))
    assert_names_file(caught.value, path)
    assert "cannot read the workbook" in str(caught.value)


def test_check_opens_workbooks_so_a_corrupt_one_fails_before_extraction(tmp_path):
    path = tmp_path / "inspection.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated zip")
    with pytest.raises(StageError) as caught:
        file_reader(tmp_path, pattern="*.xlsx").check()
    assert_names_file(caught.value, path)


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/shadow", "outside"])
def test_a_link_out_of_the_folder_fails_the_run_unread(tmp_path, target):
    outside = tmp_path / "private" / "protect.json"
    outside.parent.mkdir()
    outside.write_text("secret,key,value\npseudonym,key-never-published-9d2e,x\n", encoding="utf-8")
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.csv").write_text(csv_text(("I-001", "ok", "1")), encoding="utf-8")
    (folder / "b.csv").symlink_to(outside if target == "outside" else target)
    with pytest.raises(StageError) as caught:
        read(file_reader(folder, pattern="*.csv"))
    assert_names_file(caught.value, folder)
    assert "b.csv is a link to something outside the source folder" in str(caught.value)
    assert "key-never-published" not in str(caught.value)


def test_a_ragged_row_is_named_by_line_and_counts_never_by_its_values(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    lines = ["report generated 2026-03-02", ",".join(HEADER), "I-001,ok,1", "김철수,010-9876-5432", "I-002,ok,2"]
    (folder / "a.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StageError) as caught:
        read(file_reader(folder, pattern="*.csv", skip_rows=1))
    assert_names_file(caught.value, folder / "a.csv")
    message = str(caught.value)
    assert "line 4 has 2 fields, the header has 3" in message
    assert "김철수" not in message and "9876" not in message


def test_a_workbook_that_unpacks_past_its_limit_is_refused_unopened(tmp_path):
    import zipfile

    bomb = tmp_path / "lots.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(600):  # 563 MB of one repeated cell: about half a megabyte on disk
                sheet.write(b"<c><v>0</v></c>" * (1 << 16))
    assert bomb.stat().st_size < 4 << 20
    with pytest.raises(StageError) as caught:
        read(file_reader(tmp_path, pattern="*.xlsx"))
    assert_names_file(caught.value, bomb)
    assert "unpacks to 563 MB, over the table's limit of 512 MB" in str(caught.value)


def test_a_sheet_over_its_cell_limit_is_refused_before_its_rows_are_read(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    for i in range(40):
        workbook.active.append([f"c{j}" if i == 0 else i * j for j in range(30)])
    workbook.save(tmp_path / "wide.xlsx")
    with pytest.raises(StageError) as caught:
        read(file_reader(tmp_path, pattern="*.xlsx", max_cells=1000))
    assert_names_file(caught.value, tmp_path / "wide.xlsx")
    assert "40 rows × 30 columns, over the table's limit of 1,000 cells" in str(caught.value)
    assert "export it as CSV" in str(caught.value)
    rows, _ = read(file_reader(tmp_path, pattern="*.xlsx", max_cells=1200))
    assert len(rows) == 39


def test_a_long_sheet_streams_in_blocks_with_every_row_once(tmp_path, monkeypatch):
    import openpyxl

    import connectors.files

    monkeypatch.setattr(connectors.files, "EXCEL_BLOCK_ROWS", 100)
    workbook = openpyxl.Workbook()
    workbook.active.append(["번호", "값"])
    for i in range(250):
        workbook.active.append([i, f"v{i}"])
    workbook.save(tmp_path / "long.xlsx")
    batches = list(file_reader(tmp_path, pattern="*.xlsx").batches(None))
    assert [b.num_rows for b in batches] == [100, 100, 50]
    assert [r["번호"] for b in batches for r in b.to_pylist()] == list(range(250))


# -- NULL tokens ----------------------------------------------------------------------------

def test_null_tokens_become_null_and_are_counted_per_column(tmp_path):
    text = csv_text(("Q-001", "N/A", " - "), ("Q-002", "너트", "NULL"), ("Q-003", "N/A-1", "7"), ("Q-004", "", "n/a"))
    (tmp_path / "inspection.csv").write_text(text, encoding="utf-8")
    reader = file_reader(tmp_path, pattern="*.csv")
    rows, _ = read(reader)
    assert [(r["품목명"], r["측정값"]) for r in rows] == [(None, None), ("너트", None), ("N/A-1", "7"), (None, None)]
    assert reader.report == {"null_tokens": {"-": {"측정값": 1}, "N/A": {"품목명": 1}, "NULL": {"측정값": 1},
                                             "n/a": {"측정값": 1}}}


def test_a_table_lists_its_own_null_tokens_and_an_unlisted_token_stays_text(tmp_path):
    (tmp_path / "inspection.csv").write_text(csv_text(("Q-001", "없음", "N/A"), ("Q-002", "-", "3")), encoding="utf-8")
    reader = file_reader(tmp_path, pattern="*.csv", null_tokens=["없음"])
    rows, _ = read(reader)
    assert [(r["품목명"], r["측정값"]) for r in rows] == [(None, "N/A"), ("-", "3")]
    assert reader.report == {"null_tokens": {"없음": {"품목명": 1}}}
    nothing = file_reader(tmp_path, pattern="*.csv", null_tokens=[])
    assert [r["품목명"] for r in read(nothing)[0]] == ["없음", "-"] and nothing.report == {}


def test_null_tokens_in_a_workbook_are_counted_too(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in (["품목명", "수량"], ["볼트", 3], ["N/A", "-"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "q.xlsx")
    reader = file_reader(tmp_path, pattern="*.xlsx")
    rows, _ = read(reader)
    assert rows[1] == {"품목명": None, "수량": None}
    assert reader.report == {"null_tokens": {"-": {"수량": 1}, "N/A": {"품목명": 1}}}
