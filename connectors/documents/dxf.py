"""DXF drawings (machinery, shipbuilding) into title block, notes, dimensions and parts lists.

A drawing is searched for by what its title block says (number, revision, material, who drew
and checked it), by its notes and dimensions and by the parts it lists; geometry is not text
and is left out. Files are read with ezdxf's recover mode, because CAD exports are often
slightly wrong: what it repaired goes into ``metadata["problems"]``, and only a file it cannot
read at all (or one cut off before any entity) is a ``DocumentError``.

Title blocks and parts lists are block references whose attributes carry well-known tags
(TITLE, DWG_NO, REV… / ITEM, PART_NO, QTY…); parts-list rows drawn as one block reference
each are gathered into one table per set of tags, ordered by item number.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ezdxf import recover
from ezdxf.entities.acad_table import read_acad_table_content
from ezdxf.lldxf.const import DXFError
from ezdxf.render.dim_base import format_text
from ezdxf.render.dim_curved import format_angular_text
from ezdxf.tools.text import plain_mtext
from ezdxf.units import unit_name

from connectors.documents.model import DocumentError, Element, Parsed

TITLE_TAGS = ("TITLE", "DWG_TITLE", "DRAWING_TITLE")
TITLE_BLOCK_TAGS = frozenset(TITLE_TAGS + (
    "DWG_NO", "DWGNO", "DRAWING_NO", "DRAWING_NUMBER", "DWG_NUMBER", "REV", "REVISION", "SCALE",
    "DRAWN_BY", "DRAWN", "DESIGNER", "DESIGNED_BY", "CHECKED", "CHECKED_BY", "APPROVED", "APPROVED_BY",
    "SHEET", "COMPANY", "PROJECT"))
ITEM_TAGS = ("ITEM", "ITEM_NO", "NO", "POS", "FIND_NO")
PART_TAGS = frozenset(("PART_NO", "PARTNO", "PART_NUMBER", "NAME", "DESCRIPTION", "DESC"))
QUANTITY_TAGS = frozenset(("QTY", "QUANTITY"))
DIMENSION_TYPES = {0: "linear", 1: "aligned", 2: "angular", 3: "diameter", 4: "radius", 5: "angular_3point",
                   6: "ordinate", 8: "arc_length"}
ORDINATE_X = 64  # DIMENSION flag: an ordinate dimension measures x, not y
# What ezdxf raises for an entity whose data are inconsistent; such an entity is skipped and reported.
ENTITY_ERRORS = (ValueError, TypeError, AttributeError, IndexError, KeyError, ZeroDivisionError)
BINARY_DXF = b"AutoCAD Binary DXF"


@dataclass
class _Drawing:
    """What is read from the layouts, kept apart until the reading order is assembled."""

    title_block: list[Element] = field(default_factory=list)
    body: list[Element] = field(default_factory=list)
    part_rows: dict[tuple[str, ...], list[dict[str, str]]] = field(default_factory=dict)
    part_sources: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def parse_dxf(path: Path) -> Parsed:
    """Read a DXF drawing's title block, notes, dimensions and parts lists, model and paper space."""
    doc, problems = _read(path)
    drawing = _Drawing(problems=problems)
    for name in doc.layouts.names_in_taborder():
        for entity in doc.layouts.get(name):
            try:
                _add(drawing, entity, name)
            except ENTITY_ERRORS as error:
                drawing.problems.append(f"{entity.dxftype()} {entity.dxf.get('handle', '?')} in {name}: "
                                        f"skipped ({error})")
    elements = drawing.title_block + drawing.body + _parts_tables(drawing)
    title = next((element.text for element in elements if element.type == "Title"), None)
    metadata = {"dxf_version": doc.dxfversion, "release": doc.acad_release, "units": _units(doc),
                "layouts": doc.layouts.names_in_taborder(), "layers": _layers(doc), "problems": drawing.problems}
    return Parsed("dxf", elements, title=title or path.stem, metadata=metadata)


def _read(path: Path):
    try:
        doc, auditor = recover.readfile(path)
    except (DXFError, *ENTITY_ERRORS) as error:  # recover mode still fails on some damage with plain errors
        reason = str(error).rstrip(".") or type(error).__name__
        raise DocumentError(f"not a readable DXF drawing ({reason}); open it in the CAD program and save it "
                            f"as DXF again") from None
    problems = [entry.message for entry in auditor.fixes + auditor.errors]
    if not _complete(path):
        if not any(len(doc.layouts.get(name)) for name in doc.layouts.names()):
            raise DocumentError("truncated DXF: the file ends before any drawing entity (no EOF marker); "
                                "copy or export it again")
        problems.append("the file ends without the EOF marker: it is cut off and entities after the cut are lost")
    return doc, problems


def _complete(path: Path) -> bool:
    """Whether an ASCII DXF ends with its EOF marker; ezdxf silently drops a section cut off."""
    with path.open("rb") as file:
        if file.read(len(BINARY_DXF)) == BINARY_DXF:
            return True
        file.seek(max(0, path.stat().st_size - 32))
        return file.read().rstrip().endswith(b"EOF")


def _add(drawing: _Drawing, entity, layout: str) -> None:
    kind = entity.dxftype()
    if kind == "INSERT" and entity.attribs:
        _insert(drawing, entity, layout)
    elif kind in ("TEXT", "MTEXT"):
        text = entity.plain_text().strip()
        if text:
            drawing.body.append(Element("Annotation", text, metadata=_where(entity, layout, entity.dxf.insert)))
    elif kind == "DIMENSION":
        drawing.body.append(_dimension(entity, layout))
    elif kind == "ACAD_TABLE":
        drawing.body.append(_acad_table(entity, layout))


def _insert(drawing: _Drawing, insert, layout: str) -> None:
    """A block reference with attributes: a title block, a parts-list row or a block of plain fields."""
    values = {attrib.dxf.tag: _attrib_text(attrib) for attrib in insert.attribs}
    tags = {_norm(tag) for tag in values}
    if tags & QUANTITY_TAGS or (tags & set(ITEM_TAGS) and tags & PART_TAGS):
        key = tuple(values)
        drawing.part_rows.setdefault(key, []).append(values)
        drawing.part_sources.setdefault(key, {"block": insert.dxf.name, "layout": layout, "layer": insert.dxf.layer})
        return
    where = _where(insert, layout, insert.dxf.insert) | {"block": insert.dxf.name}
    titles, fields = [], []
    for tag, value in values.items():
        if not value:
            continue
        metadata = where | {"tag": tag, "value": value}
        if _norm(tag) in TITLE_TAGS:
            titles.append(Element("Title", value, level=1, metadata=metadata))
        else:
            fields.append(Element("Field", f"{tag}: {value}", metadata=metadata))
    (drawing.title_block if tags & TITLE_BLOCK_TAGS else drawing.body).extend(titles + fields)


def _attrib_text(attrib) -> str:
    return (attrib.plain_mtext() if attrib.has_embedded_mtext_entity else attrib.plain_text()).strip()


def _dimension(dimension, layout: str) -> Element:
    """The measurement as the drawing shows it: the override text if set, else the formatted measurement."""
    value, text = _measure(dimension)
    position = dimension.dxf.get("text_midpoint") or dimension.dxf.get("defpoint")
    metadata = _where(dimension, layout, position) | {
        "measurement": value, "dimension_type": DIMENSION_TYPES.get(dimension.dimtype, str(dimension.dimtype)),
        "text_override": dimension.dxf.text not in ("", "<>")}
    return Element("Dimension", text, metadata=metadata)


def _measure(dimension) -> tuple[float | None, str]:
    stored = dimension.dxf.get("text", "")
    try:
        value = dimension.get_measurement()
    except (DXFError, *ENTITY_ERRORS):  # no measuring tool for the type, or broken definition points
        value = dimension.dxf.get("actual_measurement")
    if value is None:
        return None, plain_mtext(stored).strip()
    if dimension.dimtype == 6:
        value = abs(value.x if dimension.dxf.dimtype & ORDINATE_X else value.y)
    formatted = _format(dimension, float(value))
    shown = formatted if stored in ("", "<>", " ") else stored.replace("<>", formatted, 1)  # " " hides the text
    return round(float(value), 9), plain_mtext(shown).strip()


def _format(dimension, value: float) -> str:
    """The measurement as the dimension style formats it (DIMLFAC, DIMDEC, DIMZIN, DIMDSEP, DIMRND, DIMPOST).

    ezdxf's renderer is not reused: it reads DIMRND 0 as "round to integers", where AutoCAD
    (and every drawing it writes) means "no rounding".
    """
    get = dimension.override().get
    separator = chr(get("dimdsep", 0) or ord("."))  # not set (R12 and some exporters) means a point
    if dimension.dimtype in (2, 5):
        return format_angular_text(math.radians(value), get("dimaunit", 0), None, get("dimadec", 0),
                                   get("dimazin", 0) << 2, separator)
    text = format_text(value * get("dimlfac", 1.0), get("dimrnd", 0.0) or None, get("dimdec", 4),
                       get("dimzin", 0), separator)
    text = {3: "Ø", 4: "R"}.get(dimension.dimtype, "") + text
    post = get("dimpost", "") or ""
    return post.replace("<>", text, 1) if "<>" in post else text + post


def _acad_table(table, layout: str) -> Element:
    cells = [[plain_mtext(cell).strip() for cell in row] for row in read_acad_table_content(table)]
    layer = table.xtags.get_subclass("AcDbEntity").get_first_value(8, "0")  # ezdxf keeps ACAD_TABLE as raw tags
    metadata = _where(table, layout, table.dxf.get("insert")) | {"layer": layer, "source": "ACAD_TABLE"}
    return _table(cells, metadata, header=False)


def _parts_tables(drawing: _Drawing) -> list[Element]:
    """One table per set of tags the parts-list rows share, rows in item order."""
    tables = []
    for tags, rows in drawing.part_rows.items():
        item = next((tag for tag in tags if _norm(tag) in ITEM_TAGS), None)
        if item:
            rows = sorted(rows, key=lambda row: _natural(row.get(item, "")))
        cells = [list(tags)] + [[row.get(tag, "") for tag in tags] for row in rows]
        tables.append(_table(cells, drawing.part_sources[tags] | {"source": "block attributes"}, header=True))
    return tables


def _table(cells: list[list[str]], metadata: dict[str, Any], header: bool) -> Element:
    def row_html(row: list[str], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(cell)}</{tag}>" for cell in row) + "</tr>"

    rows = [row_html(row, "th" if header and index == 0 else "td") for index, row in enumerate(cells)]
    text = "\n".join(" | ".join(row) for row in cells)
    return Element("Table", text, table_html="<table>" + "".join(rows) + "</table>", table_cells=cells,
                   metadata=metadata)


def _where(entity, layout: str, point) -> dict[str, Any]:
    where = {"entity": entity.dxftype(), "handle": entity.dxf.get("handle"), "layout": layout,
             "layer": entity.dxf.get("layer", "0")}
    if point is not None:
        where["position"] = [round(point[0], 4), round(point[1], 4)]
    return where


def _layers(doc) -> list[dict[str, Any]]:
    return [{"name": layer.dxf.name, "color": layer.color, "linetype": layer.dxf.get("linetype", "Continuous"),
             "on": layer.is_on(), "frozen": layer.is_frozen(), "locked": layer.is_locked()}
            for layer in doc.layers]


def _units(doc) -> dict[str, Any]:
    code = doc.header.get("$INSUNITS", 0)
    return {"insunits": code, "name": unit_name(code)}


def _norm(tag: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", tag.upper()).strip("_")


def _natural(text: str) -> tuple:
    """Sort key that puts item 2 before item 10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)
