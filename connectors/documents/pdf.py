"""Born-digital PDF into titles, list items, paragraphs, tables and page furniture, read with pdfium alone.

pdfium (pypdfium2) gives a page's text in reading order in about a millisecond, while
pdfplumber's pdfminer parse takes 50-130 ms a page before it finds a single table; running it
only on the pages with tables would still leave a parse about 3x faster than plain pdfplumber
on a manual where a third of the pages hold one (bench/documents.py measures 20x as it is). So
everything comes from pdfium:

- lines from its text, each with the font size (scaled by the text matrix), weight and position
  read at its first and last character (and the middle one where those two differ);
- ruled tables from the page's path objects (``pdf_tables``), their characters taken out of the
  lines and the table put where its first character stood;
- structure from the typography of the whole document: the body size is the size most
  characters have, larger sizes are heading levels by rank, bold at body size ranks below them,
  and lines join into a paragraph while the baseline step stays within the document's usual
  line spacing;
- running headers and footers are lines at the top or bottom edge of a page that come back on at
  least half of the pages, numbers aside; a lone page number there is a ``PageNumber``.

Pages are read one at a time and closed; only their lines stay (a few MB for 500 pages). A page
without a text layer but with something drawn on it (a scan) is read by ``ocr(path, page_index)``
when given, else listed in ``metadata["pages_without_text"]``; an empty page is neither.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from connectors.documents.model import DocumentError, Element, Parsed

Ocr = Callable[[Path, int], list[str]]

_LIST_ITEM = re.compile(r"(?:[•·▪■□○◦●◆◇▶►\-*–※✓ㆍ]|\d{1,3}[.)]|\(\d{1,3}\)|[①-⑳]|[가나다라마바사아자차카타파하][.)]"
                        r"|\([가나다라마바사아자차카타파하]\)|[A-Za-z][.)]|\([a-z]\))\s+\S")
_PAGE_NUMBER = re.compile(r"(?:page\s+|p\.\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?"
                          r"\s*(?:쪽|페이지)?", re.IGNORECASE)
_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}|·{4,}")  # the dots between a table-of-contents entry and its page
_LINE = re.compile(r"[^\r\n]+")
_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'?\d\d)?")
_INFO = {"Author": "author", "CreationDate": "created", "Producer": "producer"}  # PDF Info key → metadata key
_EDGE_BAND = 0.12  # header and footer lines lie within this share of the page height from its edge
_EDGE_LINES = 2  # and are among the outermost two lines there
_HEADING_STEP = 0.75  # points above the body size that make a heading size
_PARAGRAPH_GAP = 1.25  # a baseline step this much above the usual line spacing starts a paragraph


@dataclass(slots=True)
class _Line:
    text: str
    size: float  # points, rounded to 0.5
    bold: bool
    left: float
    top: float  # PDF points from the page bottom
    baseline: float


@dataclass
class _Page:
    number: int  # 1-based
    height: float
    lines: list[_Line]
    tables: list[tuple[int, Element]]  # (index of the line the table comes before, the table)
    has_text: bool
    needs_ocr: bool = False  # no text, but something drawn: a scan, or text as outlines (an empty page needs none)


def parse_pdf(path: Path, *, ocr: Ocr | None = None) -> Parsed:
    """The elements of a PDF in reading order; its title from the metadata or its first level-1 heading.

    ``ocr(path, page_index)`` reads pages that have no text layer (empty pages aside); without it
    they are listed in ``metadata["pages_without_text"]`` (1-based), with it in
    ``metadata["ocr_pages"]``. Raises ``DocumentError`` for an encrypted, corrupt or truncated PDF
    and for one without pages.
    """
    document = _open(pdfium, path)
    try:
        pages = [_read_page(pdfium, document, index) for index in range(len(document))]
        title = document.get_metadata_value("Title").strip()
        metadata = {name: document.get_metadata_value(key).strip() for key, name in _INFO.items()}
    finally:
        document.close()
    furniture = _furniture(pages, _Layout.of(pages, {}))  # headings told apart by all lines' sizes
    layout = _Layout.of(pages, furniture)  # then the body size without the (often smaller) furniture
    elements: list[Element] = []
    metadata = {name: _pdf_date(value) if name == "created" else value for name, value in metadata.items() if value}
    scanned = [page.number for page in pages if page.needs_ocr]
    for page in pages:
        if page.has_text:
            elements += _page_elements(page, layout, furniture)
        elif page.needs_ocr and ocr is not None:
            elements += [Element("NarrativeText", line.strip(), page=page.number, metadata={"ocr": True})
                         for line in ocr(path, page.number - 1) if line.strip()]
    if scanned:
        metadata["ocr_pages" if ocr is not None else "pages_without_text"] = scanned
    first = next((e.text for e in elements if e.type == "Title" and e.level == 1), None)
    return Parsed("pdf", elements, title=title or first, pages=len(pages), metadata=metadata)


def _open(pdfium, path: Path):
    """The pdfium document, or the reason it cannot be read.

    pdfium is called directly: pypdfium2 reports any document without pages with pdfium's last
    error, which pdfium does not set for that case and keeps from an earlier file (a PDF without
    pages read after an encrypted one would be called encrypted).
    """
    raw = pdfium.raw
    handle = raw.FPDF_LoadDocument(os.fsencode(path) + b"\x00", None)
    if not handle:
        error = raw.FPDF_GetLastError()
        if error == raw.FPDF_ERR_PASSWORD:
            raise DocumentError("encrypted PDF: it needs a password; ask for an unprotected copy")
        if error == raw.FPDF_ERR_SECURITY:
            raise DocumentError("encrypted PDF with a security scheme pdfium does not support: "
                                "ask for an unprotected copy")
        reason = pdfium.internal.ErrorToStr.get(error, f"pdfium error {error}")
        raise DocumentError(f"corrupt or truncated PDF: {reason}")
    document = pdfium.PdfDocument(handle)
    if len(document) == 0:
        document.close()
        raise DocumentError("PDF has no pages: re-export it from the application that made it")
    return document


def _pdf_date(value: str) -> str:
    """``D:20240115090000+09'00'`` as ``2024-01-15T09:00:00+09:00``; a value in another form as it is."""
    found = _PDF_DATE.match(value)
    if not found:
        return value
    year, month, day, hour, minute, second, zone = found.groups()
    zone = (zone or "").replace("'", "")
    if zone not in ("", "Z"):
        zone = f"{zone[:3]}:{zone[3:]}"
    return f"{year}-{month or '01'}-{day or '01'}T{hour or '00'}:{minute or '00'}:{second or '00'}{zone}"


# --- one page: lines and tables ---

def _read_page(pdfium, document, index: int) -> _Page:
    # pdf_tables imports pypdfium2's raw API at module level: loaded with the first page, like pdfium itself
    from connectors.documents.pdf_tables import find_tables

    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"corrupt or truncated PDF: page {index + 1} cannot be loaded ({exc})") from None
    textpage = page.get_textpage()
    try:
        height = page.get_height()
        text = _page_text(pdfium.raw, textpage)
        if not text.strip():
            drawn = pdfium.raw.FPDFPage_CountObjects(page.raw) > 0
            return _Page(index + 1, height, [], [], has_text=False, needs_ocr=drawn)
        tables = find_tables(page, textpage)
        lines, places = _lines(pdfium.raw, textpage, text, [table.bbox for table in tables])
        elements = [Element("Table", table.text, page=index + 1, table_html=table.html, table_cells=table.cells)
                    for table in tables]
        at = [place if place is not None else _place_by_height(lines, table.bbox[3])
              for place, table in zip(places, tables)]
        return _Page(index + 1, height, lines, sorted(zip(at, elements), key=lambda pair: pair[0]), True)
    finally:
        textpage.close()
        page.close()


def _page_text(raw, textpage) -> str:
    """All characters of the page, one string index per pdfium character index."""
    count = raw.FPDFText_CountChars(textpage.raw)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(textpage.raw, 0, count, buffer)
    text = bytes(memoryview(buffer)[:max(written - 1, 0)].cast("B")).decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    # characters outside the BMP or dropped by pdfium shift the indices: take them one by one
    return "".join(_char(raw.FPDFText_GetUnicode(textpage.raw, index)) for index in range(count))


def _char(code: int) -> str:
    return chr(code) if code and not 0xD800 <= code < 0xE000 else "\ufffd"


def _lines(raw, textpage, text: str, boxes: list[tuple]) -> tuple[list[_Line], list[int | None]]:
    """The page's lines outside the tables, and for each table the number of lines before its first character."""
    lines: list[_Line] = []
    places: list[int | None] = [None] * len(boxes)
    loose = raw.FS_RECTF()
    for match in _LINE.finditer(text):
        segment = match.group()
        words = segment.split()
        if not words:
            continue
        first = match.start() + len(segment) - len(segment.lstrip())
        last = match.start() + len(segment.rstrip()) - 1
        raw.FPDFText_GetLooseCharBox(textpage.raw, first, loose)
        across = {n: box for n, box in enumerate(boxes) if box[1] <= loose.top and loose.bottom <= box[3]}
        if across:  # the line runs through a table: keep the characters outside it
            visible = [index for index in range(first, last + 1) if not text[index].isspace()]
            visible, hits = _outside(raw, textpage, visible, across, loose)
            for table in hits:
                if places[table] is None:
                    places[table] = len(lines)
            if not visible:
                continue
            words = _words(text, visible)
            first, last = visible[0], visible[-1]
            raw.FPDFText_GetLooseCharBox(textpage.raw, first, loose)
        lines.append(_line(raw, textpage, " ".join(words), first, last, loose))
    return lines, places


def _outside(raw, textpage, visible: list[int], boxes: dict[int, tuple], loose) -> tuple[list[int], set[int]]:
    """The characters whose centre lies in none of the tables' boxes, and the tables the others lie in."""
    kept, hits = [], set()
    for index in visible:
        raw.FPDFText_GetLooseCharBox(textpage.raw, index, loose)
        x, y = (loose.left + loose.right) / 2, (loose.top + loose.bottom) / 2
        table = next((n for n, (left, bottom, right, top) in boxes.items()
                      if left <= x <= right and bottom <= y <= top), None)
        if table is None:
            kept.append(index)
        else:
            hits.add(table)
    return kept, hits


def _words(text: str, indices: list[int]) -> list[str]:
    """The words of some of a line's characters: characters apart in the text (a space or a table between) part."""
    pieces, previous = [], indices[0] - 1
    for index in indices:
        pieces.append(text[index] if index == previous + 1 else " " + text[index])
        previous = index
    return "".join(pieces).split()


def _line(raw, textpage, text: str, first: int, last: int, loose) -> _Line:
    """A line from its text and its first and last visible characters (``loose`` holds the first one's box).

    Its size and weight are those of its first and last characters, or where they differ (a
    footnote mark, a bold lead-in) the middle one's casting vote.
    """
    samples = [_font(raw, textpage, first), _font(raw, textpage, last)]
    if samples[0] != samples[1]:
        samples.append(_font(raw, textpage, (first + last) // 2))
    sizes = sorted(size for size, _ in samples)
    x, y = ctypes.c_double(), ctypes.c_double()
    raw.FPDFText_GetCharOrigin(textpage.raw, first, x, y)
    return _Line(text, sizes[len(sizes) // 2], sum(bold for _, bold in samples) * 2 > len(samples), loose.left,
                 loose.top, y.value)


def _font(raw, textpage, index: int) -> tuple[float, bool]:
    """A character's size as drawn (font size times the text matrix's scale, to half a point) and whether it is bold."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(textpage.raw, index, matrix)
    size = raw.FPDFText_GetFontSize(textpage.raw, index) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    size = round(size * 2) / 2
    weight = raw.FPDFText_GetFontWeight(textpage.raw, index)
    if weight > 0:
        return size, weight >= 600
    name = ctypes.create_string_buffer(128)
    raw.FPDFText_GetFontInfo(textpage.raw, index, name, len(name), None)
    return size, re.search(rb"bold|black|heavy|semibold|demi", name.value, re.IGNORECASE) is not None


def _place_by_height(lines: list[_Line], top: float) -> int:
    """Where a table without text goes: before the first line below its top."""
    return next((n for n, line in enumerate(lines) if line.top < top), len(lines))


# --- the whole document: typography and furniture ---

@dataclass
class _Layout:
    body: float  # the size most characters have
    headings: list[float]  # sizes above the body size, largest first: level = rank
    spacing: float  # the usual baseline step between lines of a paragraph at body size

    @classmethod
    def of(cls, pages: list[_Page], furniture: dict[tuple[int, int], str]) -> _Layout:
        """Sizes from the characters of all lines but the furniture; the spacing from steps between body lines."""
        chars: Counter[float] = Counter()
        steps: Counter[tuple[float, float]] = Counter()
        for page in pages:
            body_lines = [line for n, line in enumerate(page.lines) if (page.number, n) not in furniture]
            for previous, line in zip([None, *body_lines], body_lines):
                chars[line.size] += len(line.text)
                if previous is not None and previous.size == line.size:
                    steps[(line.size, round(previous.baseline - line.baseline, 1))] += 1
        body = chars.most_common(1)[0][0] if chars else 10.0
        headings = sorted((size for size in chars if size >= body + _HEADING_STEP), reverse=True)
        return cls(body, headings, _spacing(body, [(step, n) for (size, step), n in steps.items() if size == body]))

    def level(self, line: _Line) -> int | None:
        """The heading level of a line, or None for body text."""
        if _LEADER.search(line.text):  # an entry of the table of contents, however it is set
            return None
        if line.size in self.headings:
            return self.headings.index(line.size) + 1
        if line.bold and abs(line.size - self.body) < _HEADING_STEP and len(line.text) <= 120 \
                and not line.text.endswith((".", ":", ",", "다.")):
            return len(self.headings) + 1
        return None

    def continues(self, previous: _Line, line: _Line) -> bool:
        """Whether ``line`` is the next line of the same paragraph as ``previous``."""
        step = previous.baseline - line.baseline
        return previous.size == line.size and 0 < step <= self.spacing * line.size / self.body * _PARAGRAPH_GAP


def _spacing(body: float, steps: list[tuple[float, int]]) -> float:
    """The line spacing of paragraphs: the smallest common step between body lines.

    Not the most common one: in a document of short paragraphs, the steps between paragraphs
    outnumber the steps within them.
    """
    plausible = [(step, count) for step, count in steps if body * 0.9 <= step <= body * 3]
    total = sum(count for _, count in plausible)
    common = [step for step, count in plausible if count >= max(2, total * 0.1)]
    return min(common or [step for step, _ in plausible] or [body * 1.2])


def _furniture(pages: list[_Page], layout: _Layout) -> dict[tuple[int, int], str]:
    """(page, line index) → Header, Footer or PageNumber for the running lines at the pages' edges."""
    candidates: list[tuple[int, int, str, str]] = []  # page, line index, Header/Footer, key
    for page in pages:
        order = sorted(range(len(page.lines)), key=lambda n: -page.lines[n].top)
        top = [n for n in order[:_EDGE_LINES] if page.lines[n].top >= page.height * (1 - _EDGE_BAND)]
        bottom = [n for n in order[::-1][:_EDGE_LINES] if page.lines[n].top <= page.height * _EDGE_BAND]
        for role, indices in (("Header", top), ("Footer", bottom)):
            candidates += [(page.number, n, role, _key(page.lines[n], layout)) for n in indices]
    with_text = sum(page.has_text for page in pages)
    repeated = Counter((role, key) for _, role, key in {(number, role, key) for number, _, role, key in candidates})
    lines = {page.number: page.lines for page in pages}
    roles = {}
    for number, index, role, key in candidates:
        text = lines[number][index].text
        if _PAGE_NUMBER.fullmatch(text):
            roles[(number, index)] = "PageNumber"
        elif with_text >= 3 and repeated[(role, key)] >= max(3, with_text / 2):
            roles[(number, index)] = role
    return roles


def _key(line: _Line, layout: _Layout) -> str:
    """What stays the same on every page: numbers count as one, except in headings (chapter 3 is not chapter 4)."""
    text = line.text.casefold()
    return text if layout.level(line) else re.sub(r"\d+", "#", text)


# --- one page's elements ---

def _page_elements(page: _Page, layout: _Layout, furniture: dict[tuple[int, int], str]) -> list[Element]:
    elements: list[Element] = []
    tables = list(page.tables)
    block: list[_Line] = []
    kind, level = "", None

    def flush() -> None:
        if block:
            elements.append(_element(kind, level, block, page.number))
            block.clear()

    for index, line in enumerate(page.lines):
        while tables and tables[0][0] <= index:
            flush()
            elements.append(tables.pop(0)[1])
        role = furniture.get((page.number, index))
        if role:
            flush()
            elements.append(Element(role, line.text, page=page.number))
            continue
        line_level = layout.level(line)
        line_kind = "Title" if line_level else "ListItem" if _LIST_ITEM.match(line.text) else "NarrativeText"
        if block and _joins(kind, level, block, line_kind, line_level, line, layout):
            block.append(line)
            continue
        flush()
        block.append(line)
        kind, level = line_kind, line_level
    flush()
    elements += [element for _, element in tables]
    return elements


def _joins(kind: str, level: int | None, block: list[_Line], line_kind: str, line_level: int | None, line: _Line,
           layout: _Layout) -> bool:
    """Whether a line continues the block: a wrapped heading, paragraph or list item (indented under its text).

    A table-of-contents entry ends at its page number.
    """
    if not layout.continues(block[-1], line) or _LEADER.search(block[-1].text):
        return False
    if kind == "Title":
        return line_kind == "Title" and line_level == level
    if line_kind != "NarrativeText":
        return False
    return kind == "NarrativeText" or (kind == "ListItem" and line.left > block[0].left + 1)


def _element(kind: str, level: int | None, block: list[_Line], page: int) -> Element:
    text = " ".join(line.text for line in block)
    if kind == "Title" and (len(block) > 3 or len(text) > 200):  # large type, but a paragraph
        return Element("NarrativeText", text, page=page)
    return Element(kind, text, page=page, level=level if kind == "Title" else None)
