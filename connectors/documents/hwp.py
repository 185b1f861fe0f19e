"""HWP 5.0 documents: the binary Hangul format, an OLE compound file of record streams.

Korean plants and agencies write procedures, permits and reports in Hangul (HWPX, its newer
ZIP format, is read by ``hwpx``). Neither format has a maintained Python reader that fits an
offline pipeline, so they are read directly, and only as far as text needs: paragraphs in
reading order, headings with their outline level, list items, tables (merged cells repeated),
captions, page headers/footers, foot/endnotes and text boxes. Formatting, pictures and
equations are skipped.

The layout follows Hancom's published "한글 문서 파일 형식 5.0" as implemented by pyhwp
(mete0r/pyhwp, ``hwp5/binmodel``), hwplib (neolord0/hwplib, ``reader/bodytext``), hwp.js
(hahnlee/hwp.js, ``section-parser.ts``) and rhwp (edwardkim/rhwp, ``src/parser``); each constant
below names where it was cross-checked. Encrypted, DRM and distribution-only documents cannot
be decoded; they raise ``DocumentError``, or, when only the body is unreadable, fall back to
the plain-text preview Hangul stores beside it (``metadata["preview_only"]``).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import olefile

from connectors.documents.hwp_elements import classify, parsed, table_element, text_element
from connectors.documents.model import DocumentError, Element, Parsed

_MAX_STREAM_BYTES = 512 * 1024 * 1024  # a section inflating past this is a deflate bomb

# Record tag ids, HWPTAG_BEGIN + n: pyhwp hwp5/tagids.py, hwplib object/etc/HWPTag.java, rhwp
# src/parser/tags.rs (whose tests pin PARA_HEADER = 66, PARA_TEXT = 67, TABLE = 77).
_TAG_BEGIN = 0x10
_PARA_SHAPE, _STYLE = _TAG_BEGIN + 9, _TAG_BEGIN + 10
_PARA_HEADER, _PARA_TEXT, _CTRL_HEADER, _LIST_HEADER, _TABLE = (
    _TAG_BEGIN + 50, _TAG_BEGIN + 51, _TAG_BEGIN + 55, _TAG_BEGIN + 56, _TAG_BEGIN + 61)
# FileHeader properties: pyhwp filestructure.FileHeader.Flags, hwp.js models/header.ts.
_COMPRESSED, _PASSWORD, _DISTRIBUTION, _DRM, _CERT_ENCRYPTED, _CERT_DRM = 1, 1 << 1, 1 << 2, 1 << 4, 1 << 8, 1 << 10
# PARA_TEXT code units below 32 are controls. These take one WCHAR; every other one takes
# eight (code, 12 bytes, code), the "extended" ones standing for the paragraph's next
# CTRL_HEADER: hwplib HWPChar.type, pyhwp binmodel/controlchar.py, hwp.js visitParaText.
_CHAR_CONTROLS = {0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31}
_EXTENDED_CONTROLS = {1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23}
_CONTROL_TEXT = {9: "\t", 10: "\n", 24: "-", 30: " ", 31: " "}
# Paragraph head shape, PARA_SHAPE property bits 23–24 (level: bits 25–27): hwplib
# ParaShapeProperty1/ParaHeadShape, pyhwp tagid25_para_shape.py.
_HEAD_SHAPES = ("NONE", "OUTLINE", "NUMBER", "BULLET")
_HWP_NOTES = {"head": ("Header", {}), "foot": ("Footer", {}), "fn  ": ("NarrativeText", {"note": "footnote"}),
              "en  ": ("NarrativeText", {"note": "endnote"})}
_TEXT_CONTAINERS = ("tbl ", "gso ")  # controls whose paragraphs are body text (tables, text boxes)
_SUMMARY_FIELDS = {2: "title", 3: "subject", 4: "author", 5: "keywords"}  # [MS-OLEPS] PIDSI_*
# olefile defect messages that mean lost data, as opposed to odd header fields ("… in OLE header").
_OLE_DAMAGE = re.compile(r"out of range|incomplete|less than declared|too large|referenced twice|not enough sectors|"
                         r"larger than MiniFAT")


@dataclass
class _Record:
    tag: int
    level: int
    data: bytes
    children: list[_Record] = field(default_factory=list)


def parse_hwp(path: Path) -> Parsed:
    """Read an HWP 5.0 document; an unreadable body falls back to the stored preview text."""
    with open(path, "rb") as stream:
        head = stream.read(32)
    if head.startswith(b"HWP Document File V"):
        raise DocumentError("HWP 3.x document: this older format is not supported; "
                            "open it in Hangul and save it as HWP or HWPX")
    if not olefile.isOleFile(str(path)):
        raise DocumentError("corrupt or truncated HWP: not an OLE compound file (HWP 5.0 starts with D0 CF 11 E0)")
    try:
        ole = olefile.OleFileIO(str(path))
    except Exception as exc:  # olefile reports damaged sector tables with OSError, IndexError, struct.error …
        raise DocumentError(f"corrupt or truncated HWP: the OLE container is damaged ({exc})") from None
    with ole:
        _check_intact(ole, 0, "its OLE directory")
        flags, version = _file_header(ole)
        summary = _summary(ole)
        metadata = {"version": version, **{k: v for k, v in summary.items() if k != "title"}}
        streams = _body_streams(ole)  # a damaged container raises here, before any fallback
        try:
            if flags & _DISTRIBUTION:
                raise DocumentError("distribution-only HWP: Hangul encrypts its body against copying; "
                                    "save an ordinary copy from Hangul")
            elements = _hwp_body(streams, flags & _COMPRESSED)
        except DocumentError as exc:
            preview = _preview(ole)
            if not preview:
                raise
            metadata.update(preview_only=True, preview_reason=str(exc))
            return parsed("hwp", preview, summary.get("title"), metadata)
    return parsed("hwp", elements, summary.get("title"), {**metadata, "sections": len(streams) - 1})


def _stream(ole, name: str) -> bytes:
    before = len(ole.parsing_issues)
    try:
        data = ole.openstream(name).read()
    except Exception as exc:  # olefile: OSError for sectors past the end, IndexError/struct.error for bad chains
        raise DocumentError(f"corrupt or truncated HWP: stream {name} cannot be read ({exc})") from None
    _check_intact(ole, before, f"stream {name}")
    return data


def _check_intact(ole, since: int, where: str) -> None:
    """Refuse what olefile read past a missing or out-of-range sector: it logs truncation and goes on."""
    damage = [message for _, message in ole.parsing_issues[since:] if _OLE_DAMAGE.search(message)]
    if damage:
        raise DocumentError(f"corrupt or truncated HWP: {where} is damaged ({damage[0]})")


def _file_header(ole) -> tuple[int, str]:
    if not ole.exists("FileHeader"):
        raise DocumentError("not an HWP document: the OLE file has no FileHeader stream (a Word .doc or Excel .xls "
                            "with an .hwp name?)")
    header = _stream(ole, "FileHeader")
    if not header.startswith(b"HWP Document File") or len(header) < 40:
        raise DocumentError("not an HWP 5.0 document: the FileHeader signature is missing")
    version_word, flags = struct.unpack_from("<II", header, 32)
    version = ".".join(str(version_word >> shift & 0xFF) for shift in (24, 16, 8, 0))
    if flags & _PASSWORD:
        raise DocumentError("password-protected HWP: its body is encrypted; save an unprotected copy from Hangul")
    if flags & (_DRM | _CERT_DRM):
        raise DocumentError("DRM-protected HWP: its body is encrypted by document security; export a decrypted copy")
    if flags & _CERT_ENCRYPTED:
        raise DocumentError("certificate-encrypted HWP: it opens only with the recipient's certificate; "
                            "save an unprotected copy")
    return flags, version


def _body_streams(ole) -> dict[str, bytes]:
    """DocInfo and the BodyText/Section<n> streams in section order (Section10 after Section9)."""
    found = [(int(entry[1][7:]), "/".join(entry)) for entry in ole.listdir()
             if len(entry) == 2 and entry[0] == "BodyText" and re.fullmatch(r"Section\d+", entry[1])]
    names = ["DocInfo"] * ole.exists("DocInfo") + [name for _, name in sorted(found)]
    return {name: _stream(ole, name) for name in names}


def _hwp_body(streams: dict[str, bytes], compressed: int) -> list[Element]:
    if "DocInfo" not in streams or len(streams) < 2:
        raise DocumentError("corrupt HWP: the DocInfo stream or the BodyText/Section streams are missing")
    styles = _HwpStyles(_records("DocInfo", _inflate("DocInfo", streams["DocInfo"], compressed)))
    elements: list[Element] = []
    for section, name in enumerate(n for n in streams if n != "DocInfo"):
        for paragraph in _tree(_records(name, _inflate(name, streams[name], compressed))).children:
            if paragraph.tag == _PARA_HEADER:
                _hwp_paragraph(paragraph, styles, section, elements)
    return elements


def _inflate(name: str, data: bytes, compressed: int) -> bytes:
    """A stream's record bytes; compressed documents store raw deflate (wbits -15, as pyhwp compressed.py)."""
    if not compressed:
        return data
    inflater = zlib.decompressobj(-15)
    try:
        out = inflater.decompress(data, _MAX_STREAM_BYTES)
    except zlib.error as exc:
        raise DocumentError(f"corrupt HWP: stream {name} does not decompress ({exc})") from None
    if inflater.unconsumed_tail:
        raise DocumentError(f"HWP stream {name} inflates past {_MAX_STREAM_BYTES >> 20} MiB; "
                            "refusing a likely deflate bomb")
    if not inflater.eof:
        raise DocumentError(f"corrupt or truncated HWP: stream {name} ends in the middle of its compressed data")
    return out


def _records(name: str, data: bytes) -> list[_Record]:
    """Records: a 32-bit header (tag 10 bits, level 10 bits, size 12 bits; 0xFFF: size in the next 4 bytes)."""
    records, pos = [], 0
    while pos + 4 <= len(data):
        (header,) = struct.unpack_from("<I", data, pos)
        tag, level, size = header & 0x3FF, header >> 10 & 0x3FF, header >> 20
        pos += 4
        if size == 0xFFF and pos + 4 <= len(data):
            (size,) = struct.unpack_from("<I", data, pos)
            pos += 4
        if pos + size > len(data):
            raise DocumentError(f"corrupt or truncated HWP: stream {name} ends inside a record at byte {pos}")
        records.append(_Record(tag, level, data[pos:pos + size]))
        pos += size
    return records


def _tree(records: list[_Record]) -> _Record:
    """Nest records by level: each becomes a child of the latest record one level up."""
    root = _Record(-1, -1, b"")
    stack = [root]
    for record in records:
        while stack[-1].level >= record.level:
            stack.pop()
        stack[-1].children.append(record)
        stack.append(record)
    return root


class _HwpStyles:
    """Paragraph shapes (property word 1) and style names from DocInfo, indexed by id in record order."""

    def __init__(self, records: list[_Record]) -> None:
        self.shapes = [struct.unpack_from("<I", r.data)[0] if len(r.data) >= 4 else 0
                       for r in records if r.tag == _PARA_SHAPE]
        self.styles = [_style_names(r.data) for r in records if r.tag == _STYLE]

    def kind(self, para_header: bytes) -> tuple[str, int | None]:
        # PARA_HEADER: text count u32, control mask u32, shape id u16 @8, style id u8 @10 (hwplib ForParaHeader).
        shape_id, style_id = struct.unpack_from("<HB", para_header, 8) if len(para_header) >= 11 else (0, 0)
        shape = self.shapes[shape_id] if shape_id < len(self.shapes) else 0
        names = self.styles[style_id] if style_id < len(self.styles) else ()
        return classify(_HEAD_SHAPES[shape >> 23 & 3], shape >> 25 & 7, names)


def _style_names(data: bytes) -> tuple[str, ...]:
    """STYLE record: local then English name, each a u16 length and UTF-16LE (pyhwp tagid26_style.py)."""
    names, pos = [], 0
    for _ in range(2):
        if pos + 2 > len(data):
            break
        (length,) = struct.unpack_from("<H", data, pos)
        names.append(data[pos + 2:pos + 2 + 2 * length].decode("utf-16-le", "replace"))
        pos += 2 + 2 * length
    return tuple(names)


def _segments(data: bytes) -> list[str | None]:
    """PARA_TEXT as text pieces, with None where an extended control (table, note, header …) stands."""
    count = len(data) // 2
    units = struct.unpack_from(f"<{count}H", data)
    out: list[str | None] = []
    start = i = 0
    while i < count:
        unit = units[i]
        if unit >= 32:
            i += 1
            continue
        if start < i:
            out.append(data[2 * start:2 * i].decode("utf-16-le", "replace"))
        out.append(None if unit in _EXTENDED_CONTROLS else _CONTROL_TEXT.get(unit, ""))
        i = start = i + (1 if unit in _CHAR_CONTROLS else 8)
    if start < count:
        out.append(data[2 * start:2 * count].decode("utf-16-le", "replace"))
    return out


def _control_id(ctrl: _Record) -> str:
    # The id is a DWORD of four ASCII letters, first letter in the high byte (rhwp tags.rs ctrl_id).
    return ctrl.data[:4][::-1].decode("latin-1")


def _hwp_paragraph(paragraph: _Record, styles: _HwpStyles, section: int, out: list[Element]) -> None:
    """One paragraph: text, then each table/text box where its control stands, then notes and headers."""
    kind, level = styles.kind(paragraph.data)
    text_record = next((r for r in paragraph.children if r.tag == _PARA_TEXT), None)
    controls = iter([r for r in paragraph.children if r.tag == _CTRL_HEADER])
    parts: list[str] = []
    notes: list[Element] = []

    def flush() -> None:
        out.extend(text_element(kind, level, "".join(parts), section))
        parts.clear()

    for segment in _segments(text_record.data) if text_record else []:
        if segment is not None:
            parts.append(segment)
            continue
        control = next(controls, None)  # the n-th extended control is the n-th CTRL_HEADER (hwplib textextractor)
        control_id = _control_id(control) if control else ""
        if control_id == "tbl ":
            flush()
            out.extend(_hwp_table(control, section))
        elif control_id == "gso ":
            flush()
            for inner in _paragraphs_under(control):
                _hwp_paragraph(inner, styles, section, out)
        elif control_id in _HWP_NOTES:
            note_kind, metadata = _HWP_NOTES[control_id]
            notes.extend(text_element(note_kind, None, _hwp_plain(_paragraphs_under(control)), section, **metadata))
    flush()
    out.extend(notes)


def _paragraphs_under(record: _Record) -> Iterator[_Record]:
    """PARA_HEADERs below a control (cells, text boxes, notes), not descending into the paragraphs themselves."""
    for child in record.children:
        if child.tag == _PARA_HEADER:
            yield child
        else:
            yield from _paragraphs_under(child)


def _hwp_plain(paragraphs: Iterable[_Record]) -> str:
    lines = []
    for paragraph in paragraphs:
        text_record = next((r for r in paragraph.children if r.tag == _PARA_TEXT), None)
        lines.append("".join(s for s in _segments(text_record.data) if s) if text_record else "")
        for control in paragraph.children:
            if control.tag == _CTRL_HEADER and _control_id(control) in _TEXT_CONTAINERS:
                lines.append(_hwp_plain(_paragraphs_under(control)))
    return "\n".join(line.strip() for line in lines if line.strip())


def _hwp_table(control: _Record, section: int) -> list[Element]:
    """A 'tbl ' control: [caption LIST_HEADER + paragraphs], TABLE, then per cell a LIST_HEADER + paragraphs.

    The cell paragraphs are siblings of their LIST_HEADER under the CTRL_HEADER (hwp.js
    visitListHeader reads them from the sibling reader; rhwp parse_table_control groups them
    the same way).
    """
    rows = cols = 0
    seen_table = False
    caption: list[_Record] = []
    groups: list[tuple[bytes, list[_Record]]] = []
    target: list[_Record] | None = None  # where the next PARA_HEADER belongs
    for child in control.children:
        if child.tag == _TABLE:
            seen_table = True
            if len(child.data) >= 8:
                rows, cols = struct.unpack_from("<HH", child.data, 4)  # u32 properties, u16 rows, u16 cols
        elif child.tag == _LIST_HEADER:
            target = []
            if seen_table:
                groups.append((child.data, target))
            else:
                caption = target
        elif child.tag == _PARA_HEADER and target is not None:
            target.append(child)
    out = text_element("FigureCaption", None, _hwp_plain(caption), section)
    cells = []
    for header, paragraphs in groups:
        # Cell LIST_HEADER: paragraph count and properties (8 bytes; hwplib ForCell, pyhwp
        # TableCell, rhwp parse_cell), then col, row, colspan, rowspan as u16. hwp.js meets
        # 30-byte headers whose count is only 2 bytes wide.
        offset = 6 if len(header) == 30 else 8
        if len(header) >= offset + 8:
            col, row, colspan, rowspan = struct.unpack_from("<4H", header, offset)
            cells.append((row, col, rowspan, colspan, _hwp_plain(paragraphs)))
    out.append(table_element(cells, rows, cols, section))
    return out


def _preview(ole) -> list[Element]:
    """The PrvText stream: the first part of the text, UTF-16LE, one line per paragraph."""
    try:
        text = _stream(ole, "PrvText").decode("utf-16-le", "replace") if ole.exists("PrvText") else ""
    except DocumentError:  # the preview is a best-effort fallback for an already unreadable file
        return []
    lines = text.replace("\0", "").replace("\r", "\n").split("\n")
    return [Element("NarrativeText", line.strip(), metadata={"preview": True}) for line in lines if line.strip()]


def _summary(ole) -> dict[str, str]:
    """String fields of \\x05HwpSummaryInformation, an [MS-OLEPS] property set.

    olefile.getproperties misreads VT_LPWSTR (it takes the length from the string's first
    characters), so the one section is read here as rhwp src/parser/hwp_summary.rs does.
    """
    name = "\x05HwpSummaryInformation"
    try:
        data = _stream(ole, name) if ole.exists(name) else b""
        (offset,) = struct.unpack_from("<I", data, 44)
        (count,) = struct.unpack_from("<I", data, offset + 4)
        fields = {}
        for index in range(min(count, 256)):
            pid, value_offset = struct.unpack_from("<II", data, offset + 8 + 8 * index)
            kind, length = struct.unpack_from("<II", data, offset + value_offset)
            if pid in _SUMMARY_FIELDS and kind == 0x1F:  # VT_LPWSTR: length in characters, null included
                start = offset + value_offset + 8
                value = data[start:start + 2 * length].decode("utf-16-le", "replace").split("\0")[0].strip()
                if value:
                    fields[_SUMMARY_FIELDS[pid]] = value
        return fields
    except (struct.error, DocumentError):  # a damaged summary only costs the metadata
        return {}
