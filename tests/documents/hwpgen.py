"""Writers of HWP 5.0 and HWPX test documents, laid out as Hangul lays them out.

There is no Hangul on the test machines and no sample corpus, so fixtures are built from the
published format as other implementations read it. Every constant here is written from those
readers, not from connectors.documents.hwp, so that the parser and this generator cannot
merely agree with each other:

* records, tags, PARA_HEADER/PARA_TEXT/TABLE/LIST_HEADER layouts: hwplib (neolord0/hwplib,
  ``reader/bodytext/**``), rhwp (edwardkim/rhwp, ``src/parser/record.rs``, ``tags.rs``,
  ``control.rs``), hwp.js (hahnlee/hwp.js, ``section-parser.ts``);
* FileHeader flags, raw-deflate streams, PARA_SHAPE/STYLE: pyhwp (mete0r/pyhwp,
  ``hwp5/filestructure.py``, ``compressed.py``, ``binmodel/tagid25_para_shape.py``,
  ``tagid26_style.py``);
* HwpSummaryInformation: [MS-OLEPS] property set, FMTID 9FA2B660-1061-11D4-B4C6-006097C09D8C;
* HWPX: OWPML as Hangul writes it (namespaces, hp:p/hp:run/hp:t, hp:tbl with hp:cellAddr and
  hp:cellSpan, content.hpf spine, header.xml hh:paraPr/hh:heading and hh:style).

A document is a list of sections; a section is a list of blocks (``Para``, ``Table``, ``TextBox``).
"""

from __future__ import annotations

import struct
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

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
        "PrvText": _preview(doc).encode("utf-16-le"),
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
    shape, style = _shape_and_style(para)
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


def _shape_and_style(para: Para) -> tuple[int, int]:
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


def _preview(doc: Document) -> str:
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


# --- HWPX ------------------------------------------------------------------------------------

NS = {
    "ha": "http://www.hancom.co.kr/hwpml/2011/app", "hp": "http://www.hancom.co.kr/hwpml/2011/paragraph",
    "hs": "http://www.hancom.co.kr/hwpml/2011/section", "hc": "http://www.hancom.co.kr/hwpml/2011/core",
    "hh": "http://www.hancom.co.kr/hwpml/2011/head", "hpf": "http://www.hancom.co.kr/schema/2011/hpf",
    "dc": "http://purl.org/dc/elements/1.1/", "opf": "http://www.idpf.org/2007/opf/",
}
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>'
HEADINGS = ["NONE", "OUTLINE", "OUTLINE", "OUTLINE", "BULLET"]  # paraPr ids 0–4, as the HWP shapes


def write_hwpx(path: Path, doc: Document, *, password: bool = False, spine: list[int] | None = None) -> None:
    """Write ``doc`` as an HWPX package. ``spine``: section order in content.hpf (default: in order)."""
    order = spine if spine is not None else list(range(len(doc.sections)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        package.writestr("version.xml", f'{DECL}<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
                         'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1"/>')
        package.writestr("META-INF/container.xml", f'{DECL}<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:'
                         'xmlns:container"><ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" '
                         'media-type="application/hwpml-package+xml"/></ocf:rootfiles></ocf:container>')
        package.writestr("META-INF/manifest.xml", _manifest(len(doc.sections), password))
        package.writestr("Contents/content.hpf", _content_hpf(doc, order))
        package.writestr("Contents/header.xml", _header_xml(len(doc.sections)))
        for index, section in enumerate(doc.sections):
            xml = f"{DECL}<hs:sec {XMLNS}>{_section_xml(section)}</hs:sec>".encode()
            package.writestr(f"Contents/section{index}.xml", bytes(b ^ 0x5A for b in xml) if password else xml)
        package.writestr("Preview/PrvText.txt", _preview(doc))


def _manifest(sections: int, password: bool) -> str:
    # Encrypted packages describe each encrypted part with ODF-style manifest:encryption-data.
    crypt = ('<odf:encryption-data odf:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
             'odf:checksum="AAAA"><odf:algorithm odf:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
             'odf:initialisation-vector="AAAA"/></odf:encryption-data>') if password else ""
    entries = "".join(f'<odf:file-entry odf:full-path="Contents/section{i}.xml" odf:media-type="application/xml">'
                      f"{crypt}</odf:file-entry>" for i in range(sections))
    return (f'{DECL}<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<odf:file-entry odf:full-path="/" odf:media-type="application/hwp+zip"/>{entries}</odf:manifest>')


def _content_hpf(doc: Document, order: list[int]) -> str:
    items = "".join(f'<opf:item id="section{i}" href="Contents/section{i}.xml" media-type="application/xml"/>'
                    for i in range(len(doc.sections)))
    refs = "".join(f'<opf:itemref idref="section{i}" linear="yes"/>' for i in order)
    meta = f"<opf:title>{escape(doc.title or '')}</opf:title><opf:language>ko</opf:language>"
    meta += f'<opf:meta name="creator" content="text">{escape(doc.author or "")}</opf:meta>'
    meta += '<opf:meta name="CreatedDate" content="text">2024-05-02T09:00:00Z</opf:meta>'
    return (f'{DECL}<opf:package {XMLNS} version="" unique-identifier="" id=""><opf:metadata>{meta}</opf:metadata>'
            '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
            f'{items}</opf:manifest>'
            f'<opf:spine><opf:itemref idref="header" linear="yes"/>{refs}</opf:spine></opf:package>')


def _header_xml(sections: int) -> str:
    levels = [0, 0, 1, 2, 0]
    shapes = "".join(f'<hh:paraPr id="{i}" tabPrIDRef="0" condense="0" fontLineHeight="0" snapToGrid="1" '
                     f'suppressLineNumbers="0" checked="0"><hh:align horizontal="JUSTIFY" vertical="BASELINE"/>'
                     f'<hh:heading type="{kind}" idRef="{1 if kind == "BULLET" else 0}" level="{levels[i]}"/>'
                     '<hh:breakSetting breakLatinWord="KEEP_WORD" breakNonLatinWord="KEEP_WORD" widowOrphan="0" '
                     'keepWithNext="0" keepLines="0" pageBreakBefore="0" lineWrap="BREAK"/></hh:paraPr>'
                     for i, kind in enumerate(HEADINGS))
    styles = "".join(f'<hh:style id="{i}" type="PARA" name={quoteattr(name)} engName={quoteattr(english)} '
                     f'paraPrIDRef="{shape}" charPrIDRef="0" nextStyleIDRef="{i}" langID="1042" lockForm="0"/>'
                     for i, (name, english, shape) in enumerate(STYLES))
    return (f'{DECL}<hh:head {XMLNS} version="1.4" secCnt="{sections}"><hh:beginNum page="1" footnote="1" '
            'endnote="1" pic="1" tbl="1" equation="1"/><hh:refList><hh:bullets itemCnt="1"><hh:bullet id="1" '
            f'char="•" useImage="0"/></hh:bullets><hh:paraProperties itemCnt="{len(HEADINGS)}">{shapes}'
            f'</hh:paraProperties><hh:styles itemCnt="{len(STYLES)}">{styles}</hh:styles></hh:refList></hh:head>')


def _section_xml(section: Section) -> str:
    out = []
    for index, block in enumerate(section.blocks):
        lead = _section_lead(section) if index == 0 else ""
        if isinstance(block, Table):
            out.append(_tbl_p(block, lead))
        elif isinstance(block, TextBox):
            out.append(_box_p(block, lead))
        else:
            out.append(_p(block, lead))
    return "".join(out)


def _section_lead(section: Section) -> str:
    """The run Hangul opens each section with: hp:secPr, the column definition, the page header."""
    lead = ('<hp:run charPrIDRef="0"><hp:secPr id="" textDirection="HORIZONTAL" spaceColumns="1134" tabStop="8000" '
            'outlineShapeIDRef="1" memoShapeIDRef="0"><hp:pagePr landscape="WIDELY" width="59528" height="84188" '
            'gutterType="LEFT_ONLY"><hp:margin header="4252" footer="4252" gutter="0" left="8504" right="8504" '
            'top="5668" bottom="4252"/></hp:pagePr></hp:secPr><hp:ctrl><hp:colPr id="" type="NEWSPAPER" '
            'layout="LEFT" colCount="1" sameSz="1" sameGap="0"/></hp:ctrl>')
    if section.header:
        lead += ('<hp:ctrl><hp:header id="1" applyPageType="BOTH"><hp:subList id="" textDirection="HORIZONTAL" '
                 f'lineWrap="BREAK" vertAlign="TOP">{_p(Para(section.header))}</hp:subList></hp:header></hp:ctrl>')
    return lead + "</hp:run>"


def _p(para: Para, lead: str = "") -> str:
    shape, style = _shape_and_style(para)
    text = "".join({"\t": '<hp:tab width="4000" leader="0" type="1"/>', "\n": "<hp:lineBreak/>"}.get(ch, escape(ch))
                   for ch in para.text)
    runs = f'<hp:run charPrIDRef="0"><hp:t>{text}</hp:t></hp:run>'
    if para.link:
        runs += ('<hp:run charPrIDRef="0"><hp:ctrl><hp:fieldBegin id="7" type="HYPERLINK" name="" editable="0" '
                 'dirty="0" zorder="-1" fieldid="7"><hp:parameters cnt="1" name=""><hp:stringParam name="Command">'
                 'https://example.invalid/sop</hp:stringParam></hp:parameters></hp:fieldBegin></hp:ctrl>'
                 f'<hp:t>{escape(para.link)}</hp:t><hp:ctrl><hp:fieldEnd beginIDRef="7" fieldid="7"/></hp:ctrl>'
                 '</hp:run>')
    if para.footnote:
        runs += ('<hp:run charPrIDRef="0"><hp:ctrl><hp:footNote number="1" suffixChar="41" instId="1">'
                 '<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="TOP">'
                 f'{_p(Para(para.footnote))}</hp:subList></hp:footNote></hp:ctrl></hp:run>')
    return (f'<hp:p id="0" paraPrIDRef="{shape}" styleIDRef="{style}" pageBreak="0" columnBreak="0" merged="0">'
            f"{lead}{runs}</hp:p>")


def _tbl_p(table: Table, lead: str = "") -> str:
    caption = ""
    if table.caption:
        caption = ('<hp:caption side="TOP" fullSz="0" width="8000" gap="850" lastWidth="42520"><hp:subList id="" '
                   f'textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="TOP">{_p(Para(table.caption))}'
                   "</hp:subList></hp:caption>")
    rows = []
    for r in range(table.rows):
        cells = "".join(
            '<hp:tc name="" header="0" hasMargin="0" protect="0" editable="0" dirty="0" borderFillIDRef="1">'
            f'<hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="CENTER">{_p(Para(c.text))}'
            f'</hp:subList><hp:cellAddr colAddr="{c.col}" rowAddr="{c.row}"/><hp:cellSpan colSpan="{c.colspan}" '
            f'rowSpan="{c.rowspan}"/><hp:cellSz width="{14000 * c.colspan}" height="{1500 * c.rowspan}"/>'
            '<hp:cellMargin left="510" right="510" top="141" bottom="141"/></hp:tc>'
            for c in sorted(table.cells, key=lambda c: c.col) if c.row == r)
        rows.append(f"<hp:tr>{cells}</hp:tr>")
    tbl = (f'<hp:tbl id="1" zOrder="0" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" lock="0" '
           f'dropcapstyle="None" pageBreak="CELL" repeatHeader="1" rowCnt="{table.rows}" colCnt="{table.cols}" '
           'cellSpacing="0" borderFillIDRef="1" noAdjust="0"><hp:sz width="42520" widthRelTo="ABSOLUTE" height="6000" '
           'heightRelTo="ABSOLUTE" protect="0"/><hp:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" '
           'allowOverlap="0" holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="PARA" vertAlign="TOP" horzAlign="LEFT" '
           f'vertOffset="0" horzOffset="0"/>{caption}<hp:outMargin left="140" right="140" top="140" bottom="140"/>'
           f'<hp:inMargin left="510" right="510" top="141" bottom="141"/>{"".join(rows)}</hp:tbl>')
    return (f'<hp:p id="0" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">{lead}'
            f'<hp:run charPrIDRef="0">{tbl}<hp:t/></hp:run></hp:p>')


def _box_p(box: TextBox, lead: str = "") -> str:
    rect = ('<hp:rect id="2" zOrder="1" numberingType="FIGURE" textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" '
            'lock="0" dropcapstyle="None" href="" groupLevel="0" instid="2" ratio="0"><hp:offset x="0" y="0"/>'
            '<hp:orgSz width="20000" height="3000"/><hp:curSz width="20000" height="3000"/>'
            '<hp:lineShape color="#000000" width="33" style="SOLID"/><hp:drawText lastWidth="19434" name="" '
            'editable="0"><hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="CENTER">'
            f'{_p(Para(box.text))}</hp:subList><hp:textMargin left="283" right="283" top="283" bottom="283"/>'
            '</hp:drawText><hp:sz width="20000" widthRelTo="ABSOLUTE" height="3000" heightRelTo="ABSOLUTE" '
            'protect="0"/><hp:pos treatAsChar="0" affectLSpacing="0" flowWithText="1" allowOverlap="0" '
            'holdAnchorAndSO="0" vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" horzAlign="LEFT" vertOffset="0" '
            'horzOffset="0"/><hp:outMargin left="0" right="0" top="0" bottom="0"/><hp:pt0 x="0" y="0"/>'
            '<hp:pt1 x="20000" y="0"/><hp:pt2 x="20000" y="3000"/><hp:pt3 x="0" y="3000"/></hp:rect>')
    if box.grouped:
        rect = (f'<hp:container id="3" zOrder="2" numberingType="FIGURE" textWrap="TOP_AND_BOTTOM" '
                f'textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" href="" groupLevel="0" instid="3">{rect}'
                '</hp:container>')
    return (f'<hp:p id="0" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">{lead}'
            f'<hp:run charPrIDRef="0">{rect}<hp:t/></hp:run></hp:p>')
