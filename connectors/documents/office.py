"""Office documents, web pages, Markdown, plain text and e-mail into elements, through unstructured.

unstructured's ``partition_*`` functions read DOCX, PPTX, HTML, Markdown and text (after
``ensure_offline``, so nothing reaches the network). Its element categories are ours; headings
take their level from ``category_depth``; tables keep their HTML and get cells with merged
cells repeated (``html_tables``). XLSX is read with openpyxl because unstructured's XLSX
partitioner needs xlrd and msoffcrypto, which the lock does not carry; each sheet is one page.

unstructured types an element without structure (a Word paragraph in Normal style, an HTML
``<p>``, a line of text) from English part-of-speech tags, which do not work on Korean: such
elements with mostly Hangul text are typed again from Korean morphology (``korean.korean_kind``).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import olefile
import openpyxl
import pptx
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER

from connectors.documents.html_tables import SourceTable, restore_spans, spanned_rows, table_cells
from connectors.documents.korean import korean_kind
from connectors.documents.model import ELEMENT_TYPES, DocumentError, Element, Parsed
from connectors.documents.offline import ensure_offline
from connectors.encoding import detect_encoding

LANGUAGES = ["kor", "eng"]  # given, so unstructured does not run language detection per element
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_INLINE_DOT = re.compile(r"(?<=\S)[·∙]")
_DOT_STAND_IN = {"·": "\ufdd0", "∙": "\ufdd1"}  # Unicode noncharacters: never in real text


@dataclass(frozen=True)
class _Heuristics:
    """Which elements of a format unstructured typed from their text, and whether that can make titles."""

    typed_from_text: Callable[[Any], bool]
    titles: bool = False


_PARAGRAPHS = _Heuristics(lambda e: e.category in ("NarrativeText", "UncategorizedText"))
_LINES = _Heuristics(lambda e: e.category in ("NarrativeText", "UncategorizedText", "Title"), titles=True)
# a slide's title placeholder gives depth 0; a title found in other text boxes gets depth 1 or more
_SLIDES = _Heuristics(lambda e: e.category in ("NarrativeText", "UncategorizedText")
                      or (e.category == "Title" and (e.metadata.category_depth or 0) > 0), titles=True)


def parse_docx(path: Path) -> Parsed:
    """A Word document: headings from Heading styles, pages where Word recorded page breaks."""
    core_title = _open_ooxml(path, "DOCX", "word/document.xml")
    ensure_offline()
    from unstructured.partition.docx import STYLE_TO_ELEMENT_MAPPING, partition_docx

    unstyled = _Heuristics(lambda e: e.category in ("NarrativeText", "UncategorizedText")
                           and e.metadata.style_name not in STYLE_TO_ELEMENT_MAPPING)
    elements = _convert(_ooxml_partition(partition_docx, path, "DOCX"), unstyled)
    pages = max((e.page for e in elements if e.page), default=None)
    return Parsed("docx", elements, title=core_title or _first_title(elements), pages=pages)


def parse_pptx(path: Path) -> Parsed:
    """A PowerPoint deck: one page per slide, the slide title at level 1."""
    core_title = _open_ooxml(path, "PPTX", "ppt/presentation.xml")
    ensure_offline()
    from unstructured.partition.pptx import partition_pptx

    elements = _convert(_ooxml_partition(partition_pptx, path, "PPTX"), _SLIDES, title_shift=1)
    bulleted, tables = _deck_structure(path)
    for element in elements:
        if element.type != "Table" and element.level != 1 and _words(element.text) in bulleted[element.page - 1]:
            element.type, element.level = "ListItem", None
    restore_spans([e for e in elements if e.type == "Table"], tables)
    return Parsed("pptx", elements, title=core_title or _first_title(elements), pages=len(bulleted))


def parse_xlsx(path: Path) -> Parsed:
    """An Excel workbook: each sheet one page, each block of rows a table (a lone cell a text)."""
    core_title = _open_ooxml(path, "XLSX", "xl/workbook.xml")
    ensure_offline()
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, SyntaxError) as exc:  # ParseError
        raise _corrupt("XLSX", exc) from None
    elements = []
    for page, sheet in enumerate(workbook.worksheets, start=1):
        elements += _sheet_elements(sheet, page)
    return Parsed("xlsx", elements, title=core_title or _first_title(elements), pages=len(workbook.worksheets))


def parse_html(path: Path) -> Parsed:
    """A web page: headings from h1–h6, its title from ``<title>``."""
    elements, title = _html_elements(decode_text(path.read_bytes(), "HTML"))
    return Parsed("html", elements, title=title or _first_title(elements))


def parse_md(path: Path) -> Parsed:
    """A Markdown file: headings from ``#`` levels."""
    ensure_offline()
    from unstructured.partition.md import partition_md

    found = partition_md(text=decode_text(path.read_bytes(), "Markdown"), languages=LANGUAGES)
    elements = _convert(found, _PARAGRAPHS)
    return Parsed("md", elements, title=_first_title(elements))


def parse_txt(path: Path) -> Parsed:
    """A plain-text file in UTF-8, UTF-16 (with BOM), EUC-KR or CP949; paragraphs typed from their text."""
    elements = _text_elements(decode_text(path.read_bytes(), "text"))
    return Parsed("txt", elements, title=_first_title(elements))


def parse_eml(path: Path) -> Parsed:
    """An e-mail: its body (HTML preferred) as elements; sender, recipients, subject, date and
    attachment names in ``metadata`` (personal data: the source anonymizes it)."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    metadata = _mail_headers(message)
    body = message.get_body(preferencelist=("html", "plain"))
    elements: list[Element] = []
    if body is not None:
        text = _part_text(body)
        elements = _html_elements(text)[0] if body.get_content_subtype() == "html" else _text_elements(text)
    return Parsed("eml", elements, title=metadata.get("subject") or _first_title(elements), metadata=metadata)


def decode_text(data: bytes, what: str) -> str:
    """``data`` decoded the way plants write text; a ``DocumentError`` names the first bad byte."""
    encoding = detect_encoding(data)
    failures = []
    for name in [encoding] if encoding else ["utf-8", "cp949"]:
        try:
            return data.decode(name)
        except UnicodeDecodeError as exc:
            failures.append((exc.start, name))
    offset, name = max(failures)
    raise DocumentError(f"{what} is not UTF-8, UTF-16 (with BOM), EUC-KR or CP949: byte {offset} is invalid "
                        f"{name.upper()}; re-save the file as UTF-8")


# --- Office Open XML: encrypted, corrupt and truncated files ---------------------------------

def _open_ooxml(path: Path, kind: str, main_part: str) -> str | None:
    """Check that ``path`` is a readable, unencrypted ``kind`` package; its core title, if any."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        _refuse_ole(path, kind)
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            if bad is not None:
                raise _corrupt(kind, f"part {bad} fails its checksum")
            if main_part not in archive.namelist():
                raise _corrupt(kind, f"the package has no {main_part}")
            core = archive.read("docProps/core.xml") if "docProps/core.xml" in archive.namelist() else None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _corrupt(kind, exc) from None
    return _core_title(core) if core else None


def _refuse_ole(path: Path, kind: str) -> None:
    """An OLE compound file where OOXML belongs: Office's encrypted wrapper, or a legacy binary file."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            encrypted = ole.exists("EncryptedPackage")
    except OSError as exc:
        raise _corrupt(kind, f"broken OLE compound file ({exc})") from None
    if encrypted:
        raise DocumentError(f"encrypted Office document: the {kind} needs a password; save an unprotected copy")
    raise DocumentError(f"legacy binary Office file, not {kind}: open it in Office and save it as {kind}")


def _corrupt(kind: str, reason: object) -> DocumentError:
    return DocumentError(f"corrupt or truncated {kind}: {reason}; copy it again from its source or re-save it")


def _core_title(core_xml: bytes) -> str | None:
    try:
        title = etree.fromstring(core_xml).findtext("{http://purl.org/dc/elements/1.1/}title")
    except etree.XMLSyntaxError:
        return None
    return (title or "").strip() or None


def _deck_structure(path: Path) -> tuple[list[set[str]], list[SourceTable]]:
    """What unstructured does not read from a deck: for each slide, the paragraphs that show a
    bullet inherited from the slide layout (it sees only bullets set on the paragraph itself),
    and the tables with their merged cells."""
    body = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
    bulleted: list[set[str]] = []
    tables: list[SourceTable] = []
    for slide in pptx.Presentation(str(path)).slides:
        bulleted.append(set())
        for shape in slide.shapes:
            if shape.has_table:
                rows = [[(_words(cell.text), cell.span_width, cell.span_height)
                         for cell in row.cells if not cell.is_spanned] for row in shape.table.rows]
                tables.append((" ".join(cell.text for row in shape.table.rows for cell in row.cells).split(), rows))
            elif shape.is_placeholder and shape.placeholder_format.type in body:
                layout = slide.slide_layout.placeholders.get(idx=shape.placeholder_format.idx)
                bulleted[-1] |= {_words(p.text) for p in shape.text_frame.paragraphs
                                 if p.text.strip() and not _bullet_off(p, shape, layout)}
    return bulleted, tables


def _words(text: str) -> str:
    return " ".join(text.split())


def _bullet_off(paragraph: Any, shape: Any, layout: Any) -> bool:
    level = f"a:lvl{paragraph.level + 1}pPr/a:buNone"
    return bool(paragraph._p.xpath("./a:pPr/a:buNone") or shape._element.xpath(f"./p:txBody/a:lstStyle/{level}")
                or (layout is not None and layout._element.xpath(f"./p:txBody/a:lstStyle/{level}")))


def _ooxml_partition(partition: Callable[..., list], path: Path, kind: str) -> list:
    try:
        return partition(str(path), languages=LANGUAGES)
    except (zipfile.BadZipFile, zlib.error, KeyError, etree.XMLSyntaxError) as exc:
        raise _corrupt(kind, exc) from None


# --- unstructured elements into ours ---------------------------------------------------------

def _convert(found: Iterable[Any], heuristics: _Heuristics, title_shift: int = 0) -> list[Element]:
    """Our elements for unstructured's, Korean text typed again; page breaks dropped."""
    elements = []
    for e in found:
        kind = e.category if e.category in ELEMENT_TYPES else "UncategorizedText"
        if e.category == "PageBreak" or not (e.text.strip() or kind in ("Table", "Image")):
            continue
        depth = e.metadata.category_depth
        if heuristics.typed_from_text(e):
            retyped = _korean_type(e.text, kind, heuristics.titles)
            if retyped == "Title" and kind != "Title" and depth is not None:
                depth += title_shift  # as unstructured places titles found in body text
            kind = retyped
        element = Element(kind, e.text, page=e.metadata.page_number,
                          level=depth + 1 if kind == "Title" and depth is not None else None)
        if kind == "Table" and e.metadata.text_as_html:
            element.table_html = e.metadata.text_as_html
            element.table_cells = table_cells(element.table_html)
        elements.append(element)
    return elements


def _korean_type(text: str, category: str, titles: bool) -> str:
    """The category of mostly-Hangul text from its morphology; other text keeps ``category``."""
    kind = korean_kind(text)
    if kind is None:
        return category
    if kind == "narrative":
        return "NarrativeText"
    return "Title" if kind == "title" and titles else "UncategorizedText"


def _first_title(elements: list[Element]) -> str | None:
    return next((e.text for e in elements if e.type == "Title"), None)


def _text_elements(text: str) -> list[Element]:
    ensure_offline()
    from unstructured.partition.text import partition_text

    return _convert(partition_text(text=text, paragraph_grouper=_group_paragraphs, languages=LANGUAGES), _LINES)


def _group_paragraphs(text: str) -> str:
    """unstructured's paragraph grouping, except that a middle dot inside a word does not split a line.

    Its grouper cuts short lines at bullet glyphs anywhere in them, "·" and "∙" among them, which
    Korean writes between nouns: "유해성·위험성" would become two elements.
    """
    from unstructured.cleaners.core import auto_paragraph_grouper

    grouped = auto_paragraph_grouper(_INLINE_DOT.sub(lambda m: _DOT_STAND_IN[m[0]], text))
    return grouped.translate({ord(v): k for k, v in _DOT_STAND_IN.items()})


# --- HTML: title and merged table cells from the source --------------------------------------

def _html_elements(html_text: str) -> tuple[list[Element], str | None]:
    """Elements of a page and its ``<title>``; tables keep the colspan/rowspan unstructured drops."""
    ensure_offline()
    from unstructured.partition.html import partition_html

    elements = _convert(partition_html(text=html_text, languages=LANGUAGES), _PARAGRAPHS)
    try:
        root = lxml.html.document_fromstring(html_text)
    except (etree.ParserError, ValueError):
        return elements, None
    sources = [(" ".join(t.itertext()).split(), spanned_rows(t)) for t in root.xpath("//table[not(ancestor::table)]")]
    restore_spans([e for e in elements if e.type == "Table"], sources)
    title = " ".join((root.findtext(".//title") or "").split())
    return elements, title or None


# --- XLSX ------------------------------------------------------------------------------------

def _sheet_elements(sheet: Any, page: int) -> list[Element]:
    """Blocks of rows between empty rows: a block with one cell is text, any other a table."""
    from unstructured.partition.text import element_from_text

    grid, keys = _sheet_grid(sheet)
    elements = []
    for block in _blocks(grid):
        texts = [text for r in block for text in grid[r] if text]
        if len(texts) == 1:
            elements += _convert([element_from_text(texts[0])], _LINES)
        else:
            elements.append(_sheet_table([grid[r] for r in block], [keys[r] for r in block]))
    for element in elements:
        element.page, element.metadata["sheet"] = page, sheet.title
    return elements


def _sheet_grid(sheet: Any) -> tuple[list[list[str]], list[list[object]]]:
    """Cell texts of the used range, a merged range's value in each of its cells, and merge keys."""
    grid = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    keys: list[list[object]] = [[(r, c) for c in range(len(row))] for r, row in enumerate(grid)]
    for merged in sheet.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else ""
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                grid[r][c], keys[r][c] = value, merged.coord
    return grid, keys


def _blocks(grid: list[list[str]]) -> list[list[int]]:
    blocks: list[list[int]] = [[]]
    for r, row in enumerate(grid):
        if any(row):
            blocks[-1].append(r)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _sheet_table(rows: list[list[str]], keys: list[list[object]]) -> Element:
    from unstructured.common.html_table import (
        collapse_matrix_of_keyed_cells_to_spans,
        htmlify_matrix_of_spanned_cell_texts,
    )

    used = [c for c in range(max(map(len, rows))) if any(c < len(row) and row[c] for row in rows)]
    first, last = used[0], used[-1] + 1
    cells = [row[first:last] + [""] * (last - len(row)) for row in rows]
    keyed = [[(text, key) for text, key in zip(row, key_row[first:last])] for row, key_row in zip(cells, keys)]
    spanned = collapse_matrix_of_keyed_cells_to_spans(keyed)
    text = " ".join(t for row in spanned for t, _, _ in row if t)
    return Element("Table", text, table_html=htmlify_matrix_of_spanned_cell_texts(spanned), table_cells=cells)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


# --- e-mail ----------------------------------------------------------------------------------

def _mail_headers(message: Any) -> dict[str, Any]:
    """From, To, Cc, Subject, Date (ISO 8601 when it parses) and the attachments' file names."""
    metadata: dict[str, Any] = {k: str(message[k]) for k in ("from", "to", "cc", "subject") if message[k] is not None}
    date = message["date"]
    if date is not None:
        metadata["date"] = date.datetime.isoformat() if getattr(date, "datetime", None) else str(date)
    metadata["attachments"] = [name for part in message.iter_attachments() if (name := part.get_filename())]
    return metadata


def _part_text(part: Any) -> str:
    """A MIME text part's text; a part with an unknown charset is decoded the way text files are."""
    try:
        return part.get_content()
    except LookupError:
        return decode_text(part.get_payload(decode=True), "the e-mail body")
