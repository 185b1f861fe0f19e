"""Ruled tables of a PDF page, rebuilt from pdfium's path objects the way pdfplumber's "lines" strategy does.

pdfplumber finds a ruled table from the page's drawn lines and rectangles: it snaps nearly
collinear edges together, joins broken ones, takes their crossings and calls the smallest
rectangle closed by edges on all four sides a cell. Its cost is pdfminer's parse of the whole
page (50-120 ms), not the geometry; here the same geometry runs on the segments pdfium reads
in about a millisecond, and each cell's text is read by pdfium from the cell's box.

Only straight horizontal and vertical segments count, as in pdfplumber (curves are skipped).
Tolerances are pdfplumber's defaults: 3 points to snap, join and intersect, edges of at least
3 points, and a table has at least two cells. Unlike pdfplumber, a grid without text and a box
whose cell holds a page of running text (a page border, a boxed section) are not tables: their
text stays in the narrative, with its headings.
"""

from __future__ import annotations

import ctypes
import html
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

TOLERANCE = 3.0  # points: pdfplumber's snap, join and intersection tolerances and its shortest edge
FRAME_CHARS = 1000  # a cell holding more text than this is a frame around running text, not a table cell
_FLAT = 0.5  # a segment whose ends differ by less than this in y (x) is horizontal (vertical)
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

Edge = tuple[float, float, float]  # position across, start and end along: (y, x0, x1) or (x, y0, y1)
Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass
class RuledTable:
    """One table: its box on the page and its cells, rows top to bottom."""

    bbox: Box
    cells: list[list[str]]  # merged cells repeated in every row and column they span
    text: str  # each cell once, row by row, cells apart by spaces
    html: str


def find_tables(page, textpage) -> list[RuledTable]:
    """The ruled tables of a pypdfium2 page, top to bottom, with their cells' text from ``textpage``."""
    horizontal: list[Edge] = []
    vertical: list[Edge] = []
    _collect(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, _IDENTITY, horizontal, vertical)
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    points = _intersections(_merge(horizontal), _merge(vertical))
    tables = [_table(cells, textpage) for cells in _group(_cells(points))]
    return sorted((table for table in tables if _holds_data(table)), key=lambda table: -table.bbox[3])


def _holds_data(table: RuledTable) -> bool:
    """Not an empty grid (a form's frame, a title block) nor a box around running text (a page border)."""
    cells = [cell for row in table.cells for cell in row]
    return any(cells) and max(map(len, cells)) <= FRAME_CHARS


def _collect(handle, count, get, matrix, horizontal: list[Edge], vertical: list[Edge]) -> None:
    """Every straight horizontal and vertical path segment, in page space, descending into form XObjects."""
    for index in range(count(handle)):
        obj = get(handle, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        own = pdfium_c.FS_MATRIX()
        pdfium_c.FPDFPageObj_GetMatrix(obj, own)
        combined = _compose(matrix, (own.a, own.b, own.c, own.d, own.e, own.f))
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            _collect(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, combined, horizontal,
                     vertical)
        else:
            _path_edges(obj, combined, horizontal, vertical)


def _compose(outer, inner):
    a, b, c, d, e, f = outer
    ia, ib, ic, id_, ie, if_ = inner
    return (a * ia + c * ib, b * ia + d * ib, a * ic + c * id_, b * ic + d * id_,
            a * ie + c * if_ + e, b * ie + d * if_ + f)


def _path_edges(path, matrix, horizontal: list[Edge], vertical: list[Edge]) -> None:
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    get_segment, get_point = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint
    get_type, get_close = pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose
    start = previous = None
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = get_segment(path, index)
        get_point(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = get_type(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            _add(previous, point, horizontal, vertical)
        previous = point
        if get_close(segment) and start is not None:
            _add(point, start, horizontal, vertical)
            previous = start


def _add(p, q, horizontal: list[Edge], vertical: list[Edge]) -> None:
    if abs(p[1] - q[1]) < _FLAT and abs(p[0] - q[0]) >= _FLAT:
        horizontal.append(((p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
    elif abs(p[0] - q[0]) < _FLAT and abs(p[1] - q[1]) >= _FLAT:
        vertical.append(((p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))


def _merge(edges: list[Edge]) -> list[Edge]:
    """Snap edges within the tolerance of each other onto their mean position, then join overlapping ones."""
    edges.sort()
    clusters: list[list[Edge]] = []
    for edge in edges:
        if clusters and edge[0] - clusters[-1][-1][0] <= TOLERANCE:
            clusters[-1].append(edge)
        else:
            clusters.append([edge])
    merged = []
    for cluster in clusters:
        position = sum(edge[0] for edge in cluster) / len(cluster)
        spans = sorted((edge[1], edge[2]) for edge in cluster)
        low, high = spans[0]
        for start, end in spans[1:]:
            if start <= high + TOLERANCE:
                high = max(high, end)
            else:
                merged.append((position, low, high))
                low, high = start, end
        merged.append((position, low, high))
    return [edge for edge in merged if edge[2] - edge[1] >= TOLERANCE]


Point = tuple[float, float]


def _intersections(horizontal: list[Edge], vertical: list[Edge]) -> dict[Point, tuple[set[int], set[int]]]:
    """Each crossing of a vertical and a horizontal edge, with the edges through it (vertical ids, horizontal ids)."""
    horizontal.sort()
    heights = [edge[0] for edge in horizontal]
    points: dict[Point, tuple[set[int], set[int]]] = {}
    for v_id, (x, bottom, top) in enumerate(vertical):
        for h_id in range(bisect_left(heights, bottom - TOLERANCE), bisect_right(heights, top + TOLERANCE)):
            y, left, right = horizontal[h_id]
            if left - TOLERANCE <= x <= right + TOLERANCE:
                through = points.setdefault((x, y), (set(), set()))
                through[0].add(v_id)
                through[1].add(h_id)
    return points


def _cells(points: dict[Point, tuple[set[int], set[int]]]) -> list[Box]:
    """The smallest rectangles whose four corners are crossings joined by edges, as pdfplumber finds them."""
    columns: dict[float, list[float]] = {}
    rows: dict[float, list[float]] = {}
    for x, y in points:
        columns.setdefault(x, []).append(y)
        rows.setdefault(y, []).append(x)
    for ys in columns.values():
        ys.sort(reverse=True)
    for xs in rows.values():
        xs.sort()
    cells = []
    for (x, y), (v_ids, h_ids) in points.items():
        cell = _cell_from(x, y, v_ids, h_ids, points, columns, rows)
        if cell:
            cells.append(cell)
    return cells


def _cell_from(x, y, v_ids, h_ids, points, columns, rows) -> Box | None:
    """The cell whose top-left corner is ``(x, y)``, if edges close one."""
    for below in columns[x]:
        if below >= y or not v_ids & points[(x, below)][0]:
            continue
        for right in rows[y]:
            if right <= x or not h_ids & points[(right, y)][1]:
                continue
            corner = points.get((right, below))
            if corner and corner[0] & points[(right, y)][0] and corner[1] & points[(x, below)][1]:
                return (x, below, right, y)
    return None


def _group(cells: list[Box]) -> list[list[Box]]:
    """Cells sharing a corner belong to one table; a table has at least two cells."""
    parent = list(range(len(cells)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[Point, int] = {}
    for index, (left, bottom, right, top) in enumerate(cells):
        for corner in ((left, bottom), (left, top), (right, bottom), (right, top)):
            if corner in owner:
                parent[root(index)] = root(owner[corner])
            else:
                owner[corner] = index
    groups: dict[int, list[Box]] = {}
    for index, cell in enumerate(cells):
        groups.setdefault(root(index), []).append(cell)
    return [group for group in groups.values() if len(group) > 1]


def _table(boxes: list[Box], textpage) -> RuledTable:
    tops = sorted({box[3] for box in boxes}, reverse=True)
    lefts = sorted({box[0] for box in boxes})
    grid: list[list[str]] = [[""] * len(lefts) for _ in tops]
    spans = []
    for left, bottom, right, top in boxes:
        text = " ".join(_text_in(textpage, left, bottom, right, top).split())
        row_ids = [i for i, t in enumerate(tops) if bottom < t <= top]
        col_ids = [i for i, x in enumerate(lefts) if left <= x < right]
        for row in row_ids:
            for col in col_ids:
                grid[row][col] = text
        spans.append((row_ids[0], col_ids[0], len(row_ids), len(col_ids), text))
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    spans.sort()
    rows = (" ".join(span[4] for span in spans if span[0] == row and span[4]) for row in range(len(tops)))
    return RuledTable(bbox, grid, "\n".join(row for row in rows if row), _html(spans, len(tops)))


def _text_in(textpage, left: float, bottom: float, right: float, top: float) -> str:
    """pdfium's text within a box (what ``PdfTextPage.get_text_bounded`` does, without its per-call overhead)."""
    count = pdfium_c.FPDFText_GetBoundedText(textpage.raw, left, top, right, bottom, None, 0)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * count)()
    pdfium_c.FPDFText_GetBoundedText(textpage.raw, left, top, right, bottom, buffer, count)
    return bytes(buffer).decode("utf-16-le", errors="replace").rstrip("\x00")


def _html(spans: list[tuple[int, int, int, int, str]], rows: int) -> str:
    by_row: list[list[tuple[int, int, int, str]]] = [[] for _ in range(rows)]
    for row, col, height, width, text in spans:
        by_row[row].append((col, height, width, text))
    out = ["<table>"]
    for cells in by_row:
        out.append("<tr>")
        for _col, height, width, text in sorted(cells):
            attributes = (f' rowspan="{height}"' if height > 1 else "") + (f' colspan="{width}"' if width > 1 else "")
            out.append(f"<td{attributes}>{html.escape(text)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)
