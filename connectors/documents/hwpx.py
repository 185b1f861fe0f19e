"""HWPX documents (OWPML: a ZIP package of XML parts), as Hangul 2010 and later save them.

Sections are read in the order of the package's spine (``Contents/content.hpf``), headings
take their level from ``Contents/header.xml``'s paragraph shapes or an "개요 N" style, and
tables, text boxes, notes and page headers are read where they stand. Password-protected
packages raise ``DocumentError``; formatting, pictures and equations are skipped.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from connectors.documents.hwp_elements import classify, parsed, table_element, text_element
from connectors.documents.model import DocumentError, Element, Parsed

_HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
_HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
_SECTION_PART = re.compile(r"(?:^|/)section(\d+)\.xml$", re.IGNORECASE)
_INLINE_TEXT = {"tab": "\t", "lineBreak": "\n", "nbSpace": " ", "fwSpace": " ", "hyphen": "-"}
_HWPX_NOTES = {"header": ("Header", {}), "footer": ("Footer", {}),
               "footNote": ("NarrativeText", {"note": "footnote"}), "endNote": ("NarrativeText", {"note": "endnote"})}
_OPF_META = {"creator": "author", "subject": "subject", "keyword": "keywords", "CreatedDate": "created",
             "ModifiedDate": "modified"}


def parse_hwpx(path: Path) -> Parsed:
    """Read an HWPX package: sections in spine order, headings from header.xml's paragraph shapes."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DocumentError(f"corrupt or truncated HWPX: not a readable ZIP package ({exc})") from None
    with package:
        names = set(package.namelist())
        if "mimetype" in names and b"hwp" not in (mimetype := _member(package, "mimetype")).lower():
            raise DocumentError(f"not an HWPX package: its mimetype is {mimetype[:60].decode('latin-1')!r}")
        manifest = "META-INF/manifest.xml"
        if manifest in names and b"encryption-data" in _member(package, manifest):
            raise DocumentError("password-protected HWPX: its sections are encrypted; "
                                "save an unprotected copy from Hangul")
        title, metadata, spine = _hwpx_package_info(package, names)
        if not spine:
            raise DocumentError("not an HWPX package: no Contents/section*.xml part; "
                                "the file may be another ZIP format")
        styles = _HwpxStyles(_xml(package, "Contents/header.xml") if "Contents/header.xml" in names else None)
        elements: list[Element] = []
        for index, part in enumerate(spine):
            _hwpx_block(_xml(package, part), styles, index, elements)
    return parsed("hwpx", elements, title, {**metadata, "sections": len(spine)})


def _member(package, name: str) -> bytes:
    try:
        return package.read(name)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError) as exc:
        raise DocumentError(f"corrupt or truncated HWPX: part {name} cannot be read ({exc})") from None


def _xml(package, name: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(_member(package, name), parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"corrupt HWPX: part {name} is not well-formed XML ({exc})") from None


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _hwpx_package_info(package, names: set[str]) -> tuple[str | None, dict, list[str]]:
    """Title, metadata and section parts in reading order, from the OPF manifest Contents/content.hpf."""
    title, metadata, spine = None, {}, []
    if "Contents/content.hpf" in names:
        opf = _xml(package, "Contents/content.hpf")
        hrefs = {item.get("id"): item.get("href", "") for item in opf.iter() if _local(item) == "item"}
        for element in opf.iter():
            name, text = _local(element), (element.text or "").strip()
            if name == "title" and text:
                title = title or text
            elif name in ("meta", "creator") and text and (key := _OPF_META.get(element.get("name", name))):
                metadata.setdefault(key, text)
            elif name == "itemref" and (part := hrefs.get(element.get("idref"), "")) in names:
                if _SECTION_PART.search(part):  # Hancom writes hrefs from the package root
                    spine.append(part)
    if not spine:  # hrefs relative to Contents/ (some generators) or no content.hpf: go by section number
        found = [(int(m.group(1)), n) for n in names if n.startswith("Contents/") and (m := _SECTION_PART.search(n))]
        spine = [name for _, name in sorted(found)]
    return title, metadata, spine


class _HwpxStyles:
    """Heading type/level of each paragraph shape (hh:paraPr/hh:heading) and the style names."""

    def __init__(self, head) -> None:
        self.shapes: dict[str, tuple[str, int]] = {}
        self.styles: dict[str, tuple[str, ...]] = {}
        if head is None:
            return
        for shape in head.iter(_HH + "paraPr"):
            heading = next(shape.iter(_HH + "heading"), None)
            if heading is not None:
                self.shapes[shape.get("id")] = (heading.get("type", "NONE").upper(), _int(heading.get("level")))
        for style in head.iter(_HH + "style"):
            self.styles[style.get("id")] = (style.get("name", ""), style.get("engName", ""))

    def kind(self, paragraph) -> tuple[str, int | None]:
        head, level = self.shapes.get(paragraph.get("paraPrIDRef"), ("NONE", 0))
        return classify(head, level, self.styles.get(paragraph.get("styleIDRef"), ()))


def _hwpx_block(container, styles: _HwpxStyles, section: int, out: list[Element]) -> None:
    for paragraph in container.iterchildren(_HP + "p"):
        _hwpx_paragraph(paragraph, styles, section, out)


def _hwpx_paragraph(paragraph, styles: _HwpxStyles, section: int, out: list[Element]) -> None:
    """One hp:p: its text, then tables and text boxes where they stand, then its notes and headers."""
    kind, level = styles.kind(paragraph)
    parts: list[str] = []
    notes: list[Element] = []

    def flush() -> None:
        out.extend(text_element(kind, level, "".join(parts), section))
        parts.clear()

    for run in paragraph.iterchildren(_HP + "run"):
        for child in run:
            name = _local(child)
            if name == "t":
                parts.append(_run_text(child))
            elif name == "tbl":
                flush()
                out.extend(_hwpx_table(child, section))
            elif name == "ctrl":
                for control in child:
                    if _local(control) in _HWPX_NOTES:
                        note_kind, metadata = _HWPX_NOTES[_local(control)]
                        notes.extend(text_element(note_kind, None, _hwpx_plain(control), section, **metadata))
            elif boxes := list(_outermost(child, _HP + "drawText")):  # shapes holding text boxes
                flush()
                for box in boxes:
                    for sub_list in box.iterchildren(_HP + "subList"):
                        _hwpx_block(sub_list, styles, section, out)
    flush()
    out.extend(notes)


def _outermost(element, tag: str) -> Iterator:
    for child in element:
        if child.tag == tag:
            yield child
        else:
            yield from _outermost(child, tag)


def _run_text(t) -> str:
    parts = [t.text or ""]
    for child in t:
        parts += [_INLINE_TEXT.get(_local(child), ""), child.tail or ""]
    return "".join(parts)


def _hwpx_plain(element) -> str:
    """All paragraph text under an element (a cell, a header, a note), one line per paragraph."""
    lines = ("".join(_run_text(t) for run in p.iterchildren(_HP + "run") for t in run.iterchildren(_HP + "t"))
             for p in element.iter(_HP + "p"))
    return "\n".join(line.strip() for line in lines if line.strip())


def _hwpx_table(tbl, section: int) -> list[Element]:
    out = []
    caption = tbl.find(_HP + "caption")
    if caption is not None:
        out += text_element("FigureCaption", None, _hwpx_plain(caption), section)
    cells = []
    for row_index, tr in enumerate(tbl.iterchildren(_HP + "tr")):
        for col_index, tc in enumerate(tr.iterchildren(_HP + "tc")):
            address, span = tc.find(_HP + "cellAddr"), tc.find(_HP + "cellSpan")
            row = _int(address.get("rowAddr"), row_index) if address is not None else row_index
            col = _int(address.get("colAddr"), col_index) if address is not None else col_index
            rowspan = _int(span.get("rowSpan"), 1) if span is not None else 1
            colspan = _int(span.get("colSpan"), 1) if span is not None else 1
            cells.append((row, col, rowspan, colspan, _hwpx_plain(tc)))
    out.append(table_element(cells, _int(tbl.get("rowCnt")), _int(tbl.get("colCnt")), section))
    return out


def _int(value: str | None, default: int = 0) -> int:
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default
