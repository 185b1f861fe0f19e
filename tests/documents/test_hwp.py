"""HWP 5.0 and HWPX documents, written by tests/documents/hwpgen.py and hwpxgen.py as Hangul lays them out.

The same document goes through both formats and must come out the same: headings with their
outline level, list items, a table with a row- and a column-merged cell and its caption,
notes, page headers, text boxes, two sections in order. Then the files a plant actually
sends: password/DRM/distribution-protected, truncated, damaged, mislabelled.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from cfb import write_cfb
from hwpgen import Document, Para, Section, Table, TextBox, hwp_streams, sample_document, write_hwp
from hwpxgen import write_hwpx

from connectors.documents import hwp
from connectors.documents.hwp import parse_hwp
from connectors.documents.hwpx import parse_hwpx
from connectors.documents.model import DocumentError

FORMATS = [pytest.param(write_hwp, parse_hwp, "hwp", id="hwp"), pytest.param(write_hwpx, parse_hwpx, "hwpx", id="hwpx")]

EXPECTED = [
    ("Title", 1, "반응기 운전 절차 Reactor Operating Procedure"),
    ("Header", None, "대외비 Confidential"),
    ("NarrativeText", None, "이 절차서는 반응기 R-101의 시운전을 다룬다. "
                            "This procedure covers the start-up of reactor R-101. 근거 SOP-12"),
    ("NarrativeText", None, "KOSHA 지침 참조 See KOSHA guide"),
    ("Title", 2, "1.1 준비 Preparation"),
    ("NarrativeText", None, "밸브를 확인한다\tCheck the valves\n압력계를 본다"),
    ("ListItem", None, "냉각수 공급 확인 Confirm cooling water"),
    ("ListItem", None, "질소 퍼지 완료 Nitrogen purge done"),
    ("FigureCaption", None, "표 1. 반응기 운전 조건 Reactor operating conditions"),
    ("Table", None, "항목 Item | 값 Value | 단위 Unit\n온도 Temperature | 85 | °C\n온도 Temperature | 90 | °C\n"
                    + " | ".join(["비고: 운전 중 측정 Measured in operation"] * 3)),
    ("NarrativeText", None, "표 아래 문단 Paragraph after the table."),
    ("NarrativeText", None, "긴급 연락처 Emergency contact: 내선 119"),
    ("Title", 1, "2. 비상 정지 Emergency Shutdown"),
    ("Title", 3, "2.1 경보 Alarms"),
    ("NarrativeText", None, "경보가 울리면 즉시 공급을 차단한다. Cut the feed when the alarm sounds."),
]


def _roundtrip(tmp_path: Path, write, parse, suffix: str, doc: Document | None = None, **options):
    path = tmp_path / f"doc.{suffix}"
    write(path, doc or sample_document(), **options)
    return parse(path)


@pytest.mark.parametrize("write, parse, suffix", FORMATS)
def test_reads_headings_lists_tables_and_text_in_reading_order(tmp_path, write, parse, suffix):
    parsed = _roundtrip(tmp_path, write, parse, suffix)
    assert parsed.file_type == suffix
    assert [(e.type, e.level, e.text) for e in parsed.elements] == EXPECTED
    assert [e.metadata["section"] for e in parsed.elements] == [0] * 11 + [1] * 4
    note = parsed.elements[3]
    assert note.metadata["note"] == "footnote"


@pytest.mark.parametrize("write, parse, suffix", FORMATS)
def test_table_repeats_merged_cells_and_keeps_spans_in_html(tmp_path, write, parse, suffix):
    (table,) = [e for e in _roundtrip(tmp_path, write, parse, suffix).elements if e.type == "Table"]
    note = "비고: 운전 중 측정 Measured in operation"
    assert table.table_cells == [
        ["항목 Item", "값 Value", "단위 Unit"],
        ["온도 Temperature", "85", "°C"],
        ["온도 Temperature", "90", "°C"],
        [note, note, note],
    ]
    assert table.table_html == (
        "<table><tr><td>항목 Item</td><td>값 Value</td><td>단위 Unit</td></tr>"
        '<tr><td rowspan="2">온도 Temperature</td><td>85</td><td>°C</td></tr>'
        "<tr><td>90</td><td>°C</td></tr>"
        f'<tr><td colspan="3">{note}</td></tr></table>'
    )


@pytest.mark.parametrize("write, parse, suffix", FORMATS)
def test_title_and_author_come_from_document_properties(tmp_path, write, parse, suffix):
    parsed = _roundtrip(tmp_path, write, parse, suffix)
    assert parsed.title == "반응기 운전 절차서"
    assert parsed.metadata["author"] == "홍길동"
    assert parsed.metadata["sections"] == 2


@pytest.mark.parametrize("write, parse, suffix", FORMATS)
def test_title_falls_back_to_the_first_heading(tmp_path, write, parse, suffix):
    doc = sample_document()
    doc.title = None
    assert _roundtrip(tmp_path, write, parse, suffix, doc).title == "반응기 운전 절차 Reactor Operating Procedure"


@pytest.mark.parametrize("write, parse, suffix", FORMATS)
def test_sections_are_read_in_numeric_order(tmp_path, write, parse, suffix):
    doc = Document([Section([Para(f"구역 {n} section {n}")]) for n in range(12)])
    parsed = _roundtrip(tmp_path, write, parse, suffix, doc)
    assert [e.text for e in parsed.elements] == [f"구역 {n} section {n}" for n in range(12)]  # Section10 after Section9
    assert [e.metadata["section"] for e in parsed.elements] == list(range(12))


def test_hwpx_sections_follow_the_content_hpf_spine(tmp_path):
    parsed = _roundtrip(tmp_path, write_hwpx, parse_hwpx, "hwpx", spine=[1, 0])
    assert parsed.elements[0].text == "긴급 연락처 Emergency contact: 내선 119"


def test_hwpx_text_box_inside_a_group_of_shapes(tmp_path):
    doc = Document([Section([TextBox("묶음 개체 안의 글상자 Text box in a group", grouped=True), Para("본문 Body")])])
    parsed = _roundtrip(tmp_path, write_hwpx, parse_hwpx, "hwpx", doc)
    assert [e.text for e in parsed.elements] == ["묶음 개체 안의 글상자 Text box in a group", "본문 Body"]


def test_hwp_cell_list_headers_with_a_short_paragraph_count(tmp_path):
    doc = sample_document()
    (table,) = [block for block in doc.sections[0].blocks if isinstance(block, Table)]
    table.short_headers = True
    (parsed,) = [e for e in _roundtrip(tmp_path, write_hwp, parse_hwp, "hwp", doc).elements if e.type == "Table"]
    assert parsed.table_cells[2] == ["온도 Temperature", "90", "°C"]


def test_third_party_hwpx_without_header_or_cell_addresses(tmp_path):
    """Generators other than Hangul leave out header.xml and hp:cellAddr and write hrefs relative to Contents/."""
    hp = 'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"'
    cell = "<hp:tc><hp:subList><hp:p><hp:run><hp:t>{}</hp:t></hp:run></hp:p></hp:subList></hp:tc>"
    section = (f"<hs:sec {hp}><hp:p><hp:run><hp:t>점검표 Checklist</hp:t></hp:run></hp:p><hp:p><hp:run><hp:tbl>"
               f"<hp:tr>{cell.format('설비 Unit')}{cell.format('상태 State')}</hp:tr>"
               f"<hp:tr>{cell.format('P-101')}{cell.format('정상 OK')}</hp:tr></hp:tbl></hp:run></hp:p></hs:sec>")
    with zipfile.ZipFile(tmp_path / "third.hwpx", "w") as package:
        package.writestr("mimetype", "application/hwp+zip")
        package.writestr("Contents/content.hpf", '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest>'
                         '<opf:item id="s0" href="section0.xml" media-type="application/xml"/></opf:manifest>'
                         '<opf:spine><opf:itemref idref="s0"/></opf:spine></opf:package>')
        package.writestr("Contents/section0.xml", section)
    parsed = parse_hwpx(tmp_path / "third.hwpx")
    assert [(e.type, e.text) for e in parsed.elements][0] == ("NarrativeText", "점검표 Checklist")
    assert parsed.elements[1].table_cells == [["설비 Unit", "상태 State"], ["P-101", "정상 OK"]]


def test_hwpx_without_content_hpf_reads_sections_by_number(tmp_path):
    path = tmp_path / "doc.hwpx"
    write_hwpx(path, Document([Section([Para(f"구역 {n}")]) for n in range(11)]))
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist() if name != "Contents/content.hpf"}
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    assert [e.text for e in parse_hwpx(path).elements] == [f"구역 {n}" for n in range(11)]


def test_uncompressed_hwp_and_records_longer_than_4095_bytes(tmp_path):
    long_text = "반응기 냉각수 유량을 점검한다 Check the reactor cooling water flow. " * 80  # > 0xFFF bytes of UTF-16
    doc = sample_document()
    doc.sections[1].blocks.append(Para(long_text))
    compressed = _roundtrip(tmp_path, write_hwp, parse_hwp, "hwp", doc)
    plain = _roundtrip(tmp_path, write_hwp, parse_hwp, "hwp", doc, compressed=False)
    assert compressed.elements[-1].text == long_text.strip()
    assert [(e.type, e.text) for e in plain.elements] == [(e.type, e.text) for e in compressed.elements]


@pytest.mark.parametrize("write, parse, suffix", FORMATS)
def test_password_protected_document_is_refused(tmp_path, write, parse, suffix):
    with pytest.raises(DocumentError, match=f"password-protected {suffix.upper()}"):
        _roundtrip(tmp_path, write, parse, suffix, password=True)


@pytest.mark.parametrize("flag, reason", [("drm", "DRM-protected HWP"), ("certificate", "certificate-encrypted HWP")])
def test_drm_and_certificate_protected_hwp_is_refused(tmp_path, flag, reason):
    with pytest.raises(DocumentError, match=reason):
        _roundtrip(tmp_path, write_hwp, parse_hwp, "hwp", **{flag: True})


def test_distribution_only_hwp_falls_back_to_the_preview_text(tmp_path):
    parsed = _roundtrip(tmp_path, write_hwp, parse_hwp, "hwp", distribution=True)
    assert parsed.metadata["preview_only"] is True
    assert parsed.metadata["preview_reason"].startswith("distribution-only HWP")
    assert parsed.elements[0].text == "반응기 운전 절차 Reactor Operating Procedure"
    assert parsed.title == "반응기 운전 절차서"


def test_section_that_does_not_decompress_is_named_or_falls_back_to_the_preview(tmp_path):
    streams = hwp_streams(sample_document())
    streams["BodyText/Section1"] = b"\x07 not deflate data \xff" * 10
    write_cfb(tmp_path / "preview.hwp", streams)
    parsed = parse_hwp(tmp_path / "preview.hwp")
    assert parsed.metadata["preview_only"] is True
    assert "stream BodyText/Section1 does not decompress" in parsed.metadata["preview_reason"]
    last_sentence = "경보가 울리면 즉시 공급을 차단한다. Cut the feed when the alarm sounds."
    assert last_sentence in [e.text for e in parsed.elements]

    del streams["PrvText"]
    write_cfb(tmp_path / "bare.hwp", streams)
    with pytest.raises(DocumentError, match="corrupt HWP: stream BodyText/Section1 does not decompress"):
        parse_hwp(tmp_path / "bare.hwp")


def test_section_inflating_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(hwp, "_MAX_STREAM_BYTES", 64)
    streams = hwp_streams(sample_document())
    del streams["PrvText"]
    write_cfb(tmp_path / "bomb.hwp", streams)
    with pytest.raises(DocumentError, match="stream DocInfo inflates past .* likely deflate bomb"):
        parse_hwp(tmp_path / "bomb.hwp")


@pytest.mark.parametrize("write, parse, suffix", FORMATS)
@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.6, 0.9])
def test_truncated_file_is_refused(tmp_path, write, parse, suffix, fraction):
    path = tmp_path / f"doc.{suffix}"
    write(path, sample_document())
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * fraction)])
    with pytest.raises(DocumentError, match=f"corrupt or truncated {suffix.upper()}"):
        parse(path)


def test_damaged_hwpx_part_is_named(tmp_path):
    path = tmp_path / "doc.hwpx"
    write_hwpx(path, sample_document())
    with zipfile.ZipFile(path) as package:
        info = package.getinfo("Contents/section0.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 20:start + 60] = bytes(40)  # zero a run of deflate data in the middle of the part
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentError, match="corrupt .*HWPX: part Contents/section0.xml"):
        parse_hwpx(path)


def test_files_that_are_not_hwp_say_what_they_are(tmp_path):
    write_cfb(tmp_path / "word.hwp", {"WordDocument": b"\0" * 600, "1Table": b"\0" * 100})
    with pytest.raises(DocumentError, match="no FileHeader stream"):
        parse_hwp(tmp_path / "word.hwp")

    (tmp_path / "old.hwp").write_bytes(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + bytes(200))
    with pytest.raises(DocumentError, match="HWP 3.x document"):
        parse_hwp(tmp_path / "old.hwp")

    (tmp_path / "text.hwp").write_text("회의록 meeting notes", encoding="utf-8")
    with pytest.raises(DocumentError, match="not an OLE compound file"):
        parse_hwp(tmp_path / "text.hwp")

    with zipfile.ZipFile(tmp_path / "odt.hwpx", "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(DocumentError, match="not an HWPX package: its mimetype is 'application/vnd.oasis"):
        parse_hwpx(tmp_path / "odt.hwpx")

    (tmp_path / "plain.hwpx").write_bytes(b"")
    with pytest.raises(DocumentError, match="corrupt or truncated HWPX: not a readable ZIP package"):
        parse_hwpx(tmp_path / "plain.hwpx")
