"""The test document model and the writer of HWP 5.0 test documents, laid out as Hangul lays them out.

There is no Hangul on the test machines and no sample corpus, so fixtures are built from the
published format as other implementations read it. Every constant here is written from those
readers, not from connectors.documents.hwp, so that the parser and this generator cannot
merely agree with each other (HWPX packages are written by ``hwpxgen`` from the same model):

* records, tags, PARA_HEADER/PARA_TEXT/TABLE/LIST_HEADER layouts: hwplib (neolord0/hwplib,
  ``reader/bodytext/**``), rhwp (edwardkim/rhwp, ``src/parser/record.rs``, ``tags.rs``,
  ``control.rs``), hwp.js (hahnlee/hwp.js, ``section-parser.ts``);
* FileHeader flags, raw-deflate streams, PARA_SHAPE/STYLE: pyhwp (mete0r/pyhwp,
  ``hwp5/filestructure.py``, ``compressed.py``, ``binmodel/tagid25_para_shape.py``,
  ``tagid26_style.py``);
* HwpSummaryInformation: [MS-OLEPS] property set, FMTID 9FA2B660-1061-11D4-B4C6-006097C09D8C.

A document is a list of sections; a section is a list of blocks (``Para``, ``Table``, ``TextBox``).
"""

from __future__ import annotations

import struct
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from cfb import write_cfb


@dataclass
class Para:
    """A paragraph. kind: "body", "heading" (with level 1–3) or "item" (a bulleted list item).

    ``marked``: how a heading is marked, as Hangul allows: "both" (style "개요 N" and an outline
    paragraph shape), "shape" (outline paragraph shape, style 바탕글) or "style" (the style only).
    ``link``: text appended inside a hyperlink field. ``footnote``: a footnote's text.
    "\\t" and "\\n" in ``text`` become a tab and a line break.
    """

    text: str
    kind: str = "body"
    level: int = 0
    marked: str = "both"
    link: str | None = None
    footnote: str | None = None


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    rows: int
    cols: int
    cells: list[Cell]
    caption: str | None = None
    short_headers: bool = False  # cell LIST_HEADERs of 30 bytes with a 2-byte count (seen by hwp.js)


@dataclass
class TextBox:
    """A rectangle drawing object holding a text box (common for title blocks in Korean forms).

    ``grouped``: the rectangle sits in a group of drawing objects (HWPX hp:container only).
    """

    text: str
    grouped: bool = False


@dataclass
class Section:
    blocks: list[Para | Table | TextBox]
    header: str | None = None  # page header text


@dataclass
class Document:
    sections: list[Section]
    title: str | None = None
    author: str | None = None
    meta: dict = field(default_factory=dict)


def sample_document() -> Document:
    """Korean and English text, three heading levels, a list, a merged-cell table, two sections."""
    table = Table(4, 3, [
        Cell(0, 0, "항목 Item"), Cell(0, 1, "값 Value"), Cell(0, 2, "단위 Unit"),
        Cell(1, 0, "온도 Temperature", rowspan=2), Cell(1, 1, "85"), Cell(1, 2, "°C"),
        Cell(2, 1, "90"), Cell(2, 2, "°C"),
        Cell(3, 0, "비고: 운전 중 측정 Measured in operation", colspan=3),
    ], caption="표 1. 반응기 운전 조건 Reactor operating conditions")
    first = Section([
        Para("반응기 운전 절차 Reactor Operating Procedure", "heading", 1),
        Para("이 절차서는 반응기 R-101의 시운전을 다룬다. This procedure covers the start-up of reactor R-101. 근거 ",
             link="SOP-12", footnote="KOSHA 지침 참조 See KOSHA guide"),
        Para("1.1 준비 Preparation", "heading", 2, marked="shape"),
        Para("밸브를 확인한다\tCheck the valves\n압력계를 본다"),
        Para("냉각수 공급 확인 Confirm cooling water", "item"),
        Para("질소 퍼지 완료 Nitrogen purge done", "item"),
        table,
        Para("표 아래 문단 Paragraph after the table."),
    ], header="대외비 Confidential")
    second = Section([
        TextBox("긴급 연락처 Emergency contact: 내선 119"),
        Para("2. 비상 정지 Emergency Shutdown", "heading", 1),
        Para("2.1 경보 Alarms", "heading", 3, marked="style"),
        Para("경보가 울리면 즉시 공급을 차단한다. Cut the feed when the alarm sounds."),
    ])
    return Document([first, second], title="반응기 운전 절차서", author="홍길동")


# --- HWP 5.0 ---------------------------------------------------------------------------------

# HWPTAG_BEGIN + n, as rhwp tags.rs (its tests: PARA_HEADER 66, PARA_TEXT 67, TABLE 77).
TAG_DOCUMENT_PROPERTIES, TAG_ID_MAPPINGS, TAG_PARA_SHAPE, TAG_STYLE = 16, 17, 25, 26
TAG_PARA_HEADER, TAG_PARA_TEXT, TAG_PARA_CHAR_SHAPE = 66, 67, 68
TAG_CTRL_HEADER, TAG_LIST_HEADER, TAG_PAGE_DEF = 71, 72, 73
TAG_SHAPE_COMPONENT, TAG_TABLE, TAG_RECTANGLE = 76, 77, 79
# Paragraph shapes written to DocInfo (ids 0–4) and their head shape / level bits (hwplib
# ParaShapeProperty1: bits 23–24 head shape 0 none, 1 outline, 2 number, 3 bullet; 25–27 level).
SHAPE_BODY, SHAPE_BULLET = 0, 4
PARA_SHAPES = [0, 1 << 23 | 0 << 25, 1 << 23 | 1 << 25, 1 << 23 | 2 << 25, 3 << 23]
STYLES = [("바탕글", "Normal", SHAPE_BODY), ("개요 1", "Outline 1", 1), ("개요 2", "Outline 2", 2),
          ("개요 3", "Outline 3", 3)]
VERSION = 0x05010001  # 5.1.0.1: major in the high byte (pyhwp VERSION.decode)
SUMMARY_FMTID = uuid.UUID("9FA2B660-1061-11D4-B4C6-006097C09D8C")


def write_hwp(path: Path, doc: Document, **options) -> None:
    """Write ``doc`` as an HWP 5.0 file; options as for ``hwp_streams``."""
    write_cfb(path, hwp_streams(doc, **options))


def hwp_streams(doc: Document, *, compressed: bool = True, password: bool = False, drm: bool = False,
                distribution: bool = False, certificate: bool = False) -> dict[str, bytes]:
    """The OLE streams of an HWP 5.0 file; tests may damage one before ``write_cfb``.

    The protection flags only set FileHeader bits (pyhwp FileHeader.Flags: 1 password,
    2 distribution, 4 DRM, 8 certificate encryption); the body stays readable, so a reader
    that ignores them would be caught returning text.
    """
    flags = compressed | password << 1 | distribution << 2 | drm << 4 | certificate << 8
    pack = _deflate if compressed else bytes
    streams = {
        "FileHeader": b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", VERSION, flags).ljust(224, b"\0"),
        "DocInfo": pack(_docinfo(len(doc.sections))),
        "\x05HwpSummaryInformation": _summary({2: doc.title, 4: doc.author}),
        "PrvText": preview_text(doc).encode("utf-16-le"),
    }
    for index, section in enumerate(doc.sections):
        streams[f"BodyText/Section{index}"] = pack(_section(section))
    return streams


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, no zlib header
    return compressor.compress(data) + compressor.flush()


def _record(tag: int, level: int, data: bytes) -> bytes:
    # rhwp record.rs: tag bits 0–9, level 10–19, size 20–31; 0xFFF means "size follows".
    if len(data) < 0xFFF:
        return struct.pack("<I", tag | level << 10 | len(data) << 20) + data
    return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(data)) + data


def _docinfo(sections: int) -> bytes:
    counts = [0] * 18
    counts[13], counts[14] = len(PARA_SHAPES), len(STYLES)  # pyhwp IdMappings: parashapes, styles
    out = _record(TAG_DOCUMENT_PROPERTIES, 0, struct.pack("<7H3I", sections, 1, 1, 1, 1, 1, 1, 0, 0, 0))
    out += _record(TAG_ID_MAPPINGS, 0, struct.pack("<18i", *counts))
    for prop in PARA_SHAPES:
        # property 1, margins, indent, spacing, tab/numbering/border ids, border offsets, properties 2–3, spacing
        shape = struct.pack("<I6i3H4hIII", prop, 0, 0, 0, 0, 0, 160, 0, 0, 0, 0, 0, 0, 0, 0, 0, 160)
        out += _record(TAG_PARA_SHAPE, 1, shape)
    for name, english, shape in STYLES:
        out += _record(TAG_STYLE, 1, _bstr(name) + _bstr(english) + struct.pack("<BBhHHH", 0, 0, 1042, shape, 0, 0))
    return out


def _bstr(text: str) -> bytes:
    return struct.pack("<H", len(text.encode("utf-16-le")) // 2) + text.encode("utf-16-le")


def _section(section: Section) -> bytes:
    out = b""
    for index, block in enumerate(section.blocks):
        controls = _section_controls(section) if index == 0 else []
        last = index == len(section.blocks) - 1
        if isinstance(block, Table):
            out += _table_paragraph(block, 0, controls, last)
        elif isinstance(block, TextBox):
            out += _box_paragraph(block, 0, controls, last)
        else:
            out += _paragraph(block, 0, controls, last)
    return out


def _section_controls(section: Section) -> list[tuple[int, str, bytes]]:
    """What Hangul puts in a section's first paragraph: section and column definitions, the page header."""
    # hwplib ForCtrlHeaderSecd / writer: properties … equation start, language, 8 reserved bytes.
    secd = struct.pack("<IHHHIHHHHHH8x", 0, 1134, 0, 0, 8000, 0, 1, 1, 1, 1, 1042)
    page = struct.pack("<10I", 59528, 84188, 8504, 8504, 5668, 4252, 4252, 4252, 0, 0)
    cold = struct.pack("<HHHBBI", 1 << 12 | 1 << 2, 0, 0, 0, 0, 0)  # one column, same widths (pyhwp ColumnsDef)
    controls = [(2, "secd", _record(TAG_CTRL_HEADER, 1, _ctrl_id("secd") + secd) + _record(TAG_PAGE_DEF, 2, page)),
                (2, "cold", _record(TAG_CTRL_HEADER, 1, _ctrl_id("cold") + cold))]
    if section.header:
        # Header list: text width, height, text/number reference bitmaps (pyhwp HeaderParagraphList).
        body = _list_header(2, 1, struct.pack("<IIBB", 42520, 4252, 0, 0))
        body += _paragraph(Para(section.header), 2, [], True)
        controls.append((16, "head", _record(TAG_CTRL_HEADER, 1, _ctrl_id("head") + struct.pack("<I", 0)) + body))
    return controls


def _ctrl_id(name: str) -> bytes:
    # A DWORD whose high byte is the first letter, stored little-endian (rhwp tags.rs ctrl_id).
    return name.encode("ascii")[::-1]


def _list_header(level: int, paragraphs: int, cell: bytes = b"") -> bytes:
    # INT32 paragraph count, UINT32 properties (hwplib ForCell reads SInt4 then UInt4).
    return _record(TAG_LIST_HEADER, level, struct.pack("<iI", paragraphs, 0) + cell)


def _paragraph(para: Para, level: int, controls: list[tuple[int, str, bytes]], last: bool) -> bytes:
    """PARA_HEADER, PARA_TEXT, PARA_CHAR_SHAPE, then the CTRL_HEADERs of its extended controls."""
    units, mask = [], 0
    for code, name, _ in controls:
        units += _extended(code, name)
        mask |= 1 << code
    for char in para.text:
        if char == "\t":
            units += [9, 4000, 0, 0, 0, 0, 0, 9]  # inline control: 8 WCHARs, code first and last
            mask |= 1 << 9
        elif char == "\n":
            units.append(10)
            mask |= 1 << 10
        else:
            units += _units(char)
    records = [record for _, _, record in controls]
    if para.link:
        command = "https://example.invalid/sop"
        # rhwp parse_field_control: properties, extra properties, command (u16 length + UTF-16), id.
        field_record = (_ctrl_id("%hlk") + struct.pack("<IBH", 0, 0, len(command)) + command.encode("utf-16-le")
                        + struct.pack("<I", 7))
        units += _extended(3, "%hlk") + _units(para.link)
        units += [4, 0, 0, 0, 0, 0, 0, 4]  # field end: inline control, no CTRL_HEADER
        records.append(_record(TAG_CTRL_HEADER, level + 1, field_record))
        mask |= 1 << 3 | 1 << 4
    if para.footnote:
        units += _extended(17, "fn  ")
        note = _list_header(level + 2, 1) + _paragraph(Para(para.footnote), level + 2, [], True)
        # hwplib ForControlFootnote: number, decoration characters before/after, number shape, instance id.
        footnote = _ctrl_id("fn  ") + struct.pack("<IHHII", 1, 0, 0x29, 0, 0)
        records.append(_record(TAG_CTRL_HEADER, level + 1, footnote) + note)
        mask |= 1 << 17
    units.append(13)  # paragraph end
    shape, style = shape_and_style(para)
    count = len(units) | (0x80000000 if last else 0)  # hwplib: bit 31 marks the last paragraph of a list
    header = struct.pack("<IIHBBHHHIH", count, mask, shape, style, 0, 1, 0, 0, 0, 0)
    text = struct.pack(f"<{len(units)}H", *units)
    return (_record(TAG_PARA_HEADER, level, header) + _record(TAG_PARA_TEXT, level + 1, text)
            + _record(TAG_PARA_CHAR_SHAPE, level + 1, struct.pack("<II", 0, 0)) + b"".join(records))


def _units(text: str) -> list[int]:
    encoded = text.encode("utf-16-le")
    return list(struct.unpack(f"<{len(encoded) // 2}H", encoded))


def _extended(code: int, name: str) -> list[int]:
    # Extended control: code, ctrl id (2 WCHARs), 4 WCHARs of zeros, code (hwplib ForParaText).
    return [code, *struct.unpack("<2H", _ctrl_id(name)), 0, 0, 0, 0, code]


def shape_and_style(para: Para) -> tuple[int, int]:
    """The paragraph shape and style ids of ``para``, the same in HWP's DocInfo and HWPX's header.xml."""
    if para.kind == "heading":
        shape = SHAPE_BODY if para.marked == "style" else para.level  # shape id n is outline level n - 1
        return shape, (0 if para.marked == "shape" else para.level)
    return (SHAPE_BULLET if para.kind == "item" else SHAPE_BODY), 0


def _table_paragraph(table: Table, level: int, controls: list[tuple[int, str, bytes]], last: bool) -> bytes:
    """A paragraph holding a 'tbl ' control: CTRL_HEADER, [caption], TABLE, then each cell."""
    inner = level + 2
    common = struct.pack("<IiiIIi4hIiH", 0x082A2210, 0, 0, 42520, 6000, 0, 140, 140, 140, 140, 1, 0, 0)
    body = _record(TAG_CTRL_HEADER, level + 1, _ctrl_id("tbl ") + common)
    if table.caption:
        body += _list_header(inner, 1, struct.pack("<IIHI", 2, 8000, 850, 42520))
        body += _paragraph(Para(table.caption), inner, [], True)
    per_row = [sum(1 for c in table.cells if c.row == r) for r in range(table.rows)]
    body += _record(TAG_TABLE, inner, struct.pack(f"<IHHH4H{table.rows}HHH", 0x04000006, table.rows, table.cols, 0,
                                                    510, 510, 141, 141, *per_row, 1, 0))
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        # Cell attributes after the list header (rhwp parse_cell, hwplib ForCell): col, row,
        # colspan, rowspan, width, height, four margins, border fill id, then hwplib's text width.
        address = struct.pack("<4HII4HHI", cell.col, cell.row, cell.colspan, cell.rowspan, 14000 * cell.colspan,
                              1500 * cell.rowspan, 510, 510, 141, 141, 1, 0)
        if table.short_headers:
            header = _record(TAG_LIST_HEADER, inner, struct.pack("<hI", 1, 0) + address[:24])
        else:
            header = _list_header(inner, 1, address)
        body += header + _paragraph(Para(cell.text), inner, [], True)
    return _paragraph(Para(""), level, controls + [(11, "tbl ", body)], last)


def _box_paragraph(box: TextBox, level: int, controls: list[tuple[int, str, bytes]], last: bool) -> bytes:
    """A paragraph holding a 'gso ' rectangle: CTRL_HEADER > SHAPE_COMPONENT > text box list, RECTANGLE.

    SHAPE_COMPONENT as hwplib ForShapeComponent reads it: the shape id twice, offsets, sizes,
    rotation, an identity translation matrix, line, fill (none) and shadow information.
    """
    common = struct.pack("<IiiIIi4hIiH", 0x0A210311, 0, 0, 20000, 3000, 1, 0, 0, 0, 0, 2, 0, 0)
    shape = _ctrl_id("$rec") * 2 + struct.pack("<iiHHIIIIIHiiH6d", 0, 0, 0, 1, 20000, 3000, 20000, 3000, 0, 0,
                                                 10000, 1500, 0, 1, 0, 0, 0, 1, 0)
    shape += struct.pack("<IiIB", 0, 33, 0, 0) + struct.pack("<II", 0, 0) + struct.pack("<IIii", 0, 0, 0, 0)
    inner = level + 3
    text_box = _list_header(inner, 1, struct.pack("<4HI", 283, 283, 283, 283, 19434))  # margins, max width
    text_box += _paragraph(Para(box.text), inner, [], True)
    rectangle = _record(TAG_RECTANGLE, inner, struct.pack("<B8i", 0, 0, 0, 20000, 0, 20000, 3000, 0, 3000))
    body = (_record(TAG_CTRL_HEADER, level + 1, _ctrl_id("gso ") + common)
            + _record(TAG_SHAPE_COMPONENT, level + 2, shape) + text_box + rectangle)
    return _paragraph(Para(""), level, controls + [(11, "gso ", body)], last)


def _summary(values: dict[int, str | None]) -> bytes:
    """An [MS-OLEPS] property set stream: an empty dictionary, then VT_LPWSTR strings.

    pyhwp (msoleprops.py), written against Hangul's files, expects the dictionary (id 0).
    """
    blobs = [(0, struct.pack("<I", 0))]
    for pid, text in values.items():
        if text:
            blob = struct.pack("<II", 0x1F, len(text) + 1) + (text + "\0").encode("utf-16-le")
            blobs.append((pid, blob + b"\0" * (-len(blob) % 4)))
    table, body, offset = b"", b"", 8 + 8 * len(blobs)
    for pid, blob in blobs:
        table += struct.pack("<II", pid, offset + len(body))
        body += blob
    section = struct.pack("<II", offset + len(body), len(blobs)) + table + body
    header = struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, SUMMARY_FMTID.bytes_le, 1)
    return header + SUMMARY_FMTID.bytes_le + struct.pack("<I", 48) + section


def preview_text(doc: Document) -> str:
    """The preview text Hangul stores beside the body: only the document's beginning, cells in <…>."""
    lines = []
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, Table):
                lines.append("".join(f"<{c.text}>" for c in block.cells))
            elif isinstance(block, TextBox):
                lines.append(block.text)
            else:
                lines.append(block.text.replace("\t", " ").replace("\n", " "))
    return "\r\n".join(lines)[:1024]
