"""What the HWP 5.0 and HWPX readers share: paragraph typing, tables and the parse result.

Both formats describe a paragraph by a paragraph shape (its head: outline, number, bullet) and
a style name, and a table by cells with a row, column and spans; the element each becomes
does not depend on the format it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from connectors.documents.model import DocumentError, Element, Parsed

# Heading styles Hangul ships ("개요 1" … "개요 10", English names "Outline 1" …). Some
# generators use them without an outline paragraph shape to avoid automatic numbering.
_OUTLINE_STYLE = re.compile(r"^(?:개요|outline)\s*(\d{1,2})$", re.IGNORECASE)
_MAX_TABLE_CELLS = 200_000  # a grid larger than this comes from a corrupt row/column count


def classify(head: str, level: int, style_names: Iterable[str]) -> tuple[str, int | None]:
    """Element type and heading level of a paragraph from its paragraph shape and style."""
    if head == "OUTLINE":
        return "Title", level + 1
    for name in style_names:
        if match := _OUTLINE_STYLE.match(name.strip()):
            return "Title", int(match.group(1))
    if head in ("NUMBER", "BULLET"):
        return "ListItem", None
    return "NarrativeText", None


def table_element(cells: list[tuple[int, int, int, int, str]], rows: int, cols: int, section: int) -> Element:
    """A Table element from (row, col, rowspan, colspan, text) cells; merged cells repeat their text."""
    rows = max([rows] + [r + 1 for r, _, _, _, _ in cells])
    cols = max([cols] + [c + 1 for _, c, _, _, _ in cells])
    if rows * cols > _MAX_TABLE_CELLS:
        raise DocumentError(f"corrupt table: {rows}×{cols} cells declared; the document structure is damaged")
    grid = [[""] * cols for _ in range(rows)]
    covered = [[False] * cols for _ in range(rows)]
    starts = {}
    for row, col, rowspan, colspan, text in cells:
        rowspan, colspan = min(max(rowspan, 1), rows - row), min(max(colspan, 1), cols - col)
        starts[row, col] = (rowspan, colspan, text)
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                grid[r][c], covered[r][c] = text, True
    html_rows = []
    for r in range(rows):
        tds = []
        for c in range(cols):
            if (r, c) in starts:
                rowspan, colspan, text = starts[r, c]
                span = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + \
                    (f' colspan="{colspan}"' if colspan > 1 else "")
                tds.append(f"<td{span}>{escape(text).replace(chr(10), '<br>')}</td>")
            elif not covered[r][c]:
                tds.append("<td></td>")
        html_rows.append("<tr>" + "".join(tds) + "</tr>")
    return Element("Table", "\n".join(" | ".join(row) for row in grid), table_cells=grid,
                   table_html="<table>" + "".join(html_rows) + "</table>", metadata={"section": section})


def text_element(kind: str, level: int | None, text: str, section: int, **metadata) -> list[Element]:
    """One element of ``text`` stripped, tagged with its section; none when the text is blank."""
    text = text.strip()
    return [Element(kind, text, level=level, metadata={"section": section, **metadata})] if text else []


def parsed(file_type: str, elements: list[Element], title: str | None, metadata: dict) -> Parsed:
    """The parse result; without a stored title, the first heading's text is the title."""
    title = title or next((e.text for e in elements if e.type == "Title"), None)
    return Parsed(file_type, elements, title=title, metadata=metadata)
