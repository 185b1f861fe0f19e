"""Cells of HTML tables, merged cells repeated in every position they cover.

unstructured keeps a table's HTML but drops its colspan/rowspan; the spans are read back from
the source (an HTML page, a deck's tables) and matched to the table elements by their words.
"""

from __future__ import annotations

from typing import Any

import lxml.html

from connectors.documents.model import Element
from connectors.documents.offline import ensure_offline

MAX_SPAN = 1000  # a colspan/rowspan beyond this is a broken table, not a layout
SpannedRows = list[list[tuple[str, int, int]]]  # (text, colspan, rowspan) of each cell that starts a span
SourceTable = tuple[list[str], SpannedRows]  # a table's words, to find its element, and its cells


def restore_spans(tables: list[Element], sources: list[SourceTable]) -> None:
    """Give each table element the merged cells of the next source table with the same words."""
    from unstructured.common.html_table import htmlify_matrix_of_spanned_cell_texts

    start = 0
    for table in tables:
        words = table.text.split()
        match = next((i for i in range(start, len(sources)) if sources[i][0] == words), None)
        if match is not None:
            rows = sources[match][1]
            table.table_html = htmlify_matrix_of_spanned_cell_texts(rows)
            table.table_cells = _expand(rows)
            start = match + 1


def table_cells(table_html: str) -> list[list[str]]:
    """Rows of cell texts of an HTML table, a merged cell's text repeated in every position it covers."""
    ensure_offline()  # the cell text normalizer is unstructured's
    return _expand(spanned_rows(lxml.html.fragment_fromstring(table_html)))


def spanned_rows(table: Any) -> SpannedRows:
    """(text, colspan, rowspan) of each cell of an lxml ``<table>``, row by row (nested tables as text)."""
    from unstructured.common.html_table import normalize_html_cell_text

    return [[(normalize_html_cell_text(cell), _span(cell.get("colspan")), _span(cell.get("rowspan")))
             for cell in tr.xpath("./td | ./th")]
            for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")]


def _expand(rows: SpannedRows) -> list[list[str]]:
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # positions covered by a rowspan from a row above
    for r, cells in enumerate(rows):
        row: list[str] = []
        for text, colspan, rowspan in cells:
            while (r, len(row)) in pending:
                row.append(pending.pop((r, len(row))))
            for c in range(len(row), len(row) + colspan):
                pending.update({(r + dr, c): text for dr in range(1, rowspan)})
            row += [text] * colspan
        while (r, len(row)) in pending:
            row.append(pending.pop((r, len(row))))
        grid.append(row)
    return grid


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_SPAN)
    except ValueError:
        return 1
