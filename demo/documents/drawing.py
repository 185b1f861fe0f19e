"""The part drawing (DXF): FG-3001's bracket with dimensions, notes, a parts list and a title block."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import ezdxf
from ezdxf.enums import TextEntityAlignment

from demo.documents.blocks import ISSUED, _format
from demo.secrets import COMPANY

LAYERS = (("OUTLINE", 7, "Continuous"), ("CENTER", 1, "CENTER"), ("DIM", 3, "Continuous"),
          ("TEXT", 2, "Continuous"), ("TITLE", 7, "Continuous"), ("BORDER", 7, "Continuous"))
TITLE_CELLS = (  # (tag, label, x from, x to, y) of the 180 x 40 mm title block's 10 mm high cells
    ("COMPANY", "회사명", 0, 180, 30), ("TITLE", "도면명", 0, 110, 20), ("DWG_NO", "도면번호", 110, 180, 20),
    ("MATERIAL", "재질", 0, 60, 10), ("SCALE", "척도", 60, 90, 10), ("REV", "개정", 90, 110, 10),
    ("DATE", "일자", 110, 180, 10), ("DRAWN_BY", "설계", 0, 60, 0), ("CHECKED_BY", "검도", 60, 110, 0),
    ("PROJECTION", "투상법", 110, 180, 0),
)
BOM_COLUMNS = (("ITEM", "품번", 0, 12), ("PART_NO", "부품번호", 12, 50), ("NAME", "품명", 50, 110),
               ("QTY", "수량", 110, 125), ("MATERIAL", "재질", 125, 180))
BOM_ROW = 7.0
DIMSTYLE = {"dimtxt": 3.0, "dimasz": 3.0, "dimexo": 1.0, "dimexe": 2.0, "dimgap": 1.0, "dimtad": 1, "dimdec": 1,
            "dimzin": 8, "dimdsep": ord(".")}  # millimetres at 1:1, closed arrows, "86.5" not "86,500"
PARTS = (("1", "SF-2001", "브라켓 블랭크 A", "1", "SPCC 2.0t"), ("2", "BT-M10X25", "육각 플랜지 볼트 M10×25", "2", "SCM435"),
         ("3", "NT-M10", "플랜지 너트 M10", "2", "S45C"), ("4", "BS-1205", "방진 부시", "1", "NBR"))
DRAWING_NOTES = ("주기\\P1. 일반 공차 KS B 0412 보통급\\P2. 지시 없는 모서리는 R0.5, 버 제거\\P"
                 "3. 표면 처리: 방청유 도포\\P4. 소재 SPCC 2.0t ({sheet_supplier} 공급)")


def _write_drawing(path: Path, values: dict) -> Path:
    """FG-3001's engine mounting bracket on A3: two views, dimensions, notes, parts list and title block."""
    with _reproducible_dxf():
        doc = _drawing(values)
        # ezdxf lists the CLASSES of the entity types in use in set order, which varies between runs
        for dxftype in sorted(doc.entitydb.dxf_types_in_use()):
            doc.classes.add_class(dxftype)
        doc.saveas(path)
    return path


@contextmanager
def _reproducible_dxf():
    """ezdxf's own switch for a fixed creation date, GUIDs and version marker instead of the clock's."""
    prior = ezdxf.options.write_fixed_meta_data_for_testing
    ezdxf.options.write_fixed_meta_data_for_testing = True
    try:
        yield
    finally:
        ezdxf.options.write_fixed_meta_data_for_testing = prior


def _drawing(values: dict):
    doc = ezdxf.new("R2010", setup=["linetypes"], units=ezdxf.units.MM)
    doc.styles.add("KOREAN", font="NanumGothic.ttf")
    doc.dimstyles.add("KS_MM", dxfattribs=DIMSTYLE)
    for name, color, linetype in LAYERS:
        doc.layers.add(name, color=color, linetype=linetype)
    msp = doc.modelspace()
    msp.add_lwpolyline([(10, 10), (410, 10), (410, 287), (10, 287)], close=True, dxfattribs={"layer": "BORDER"})
    _bracket_views(msp)
    text = {"style": "KOREAN", "layer": "TEXT"}
    msp.add_mtext(_format(DRAWING_NOTES, values), dxfattribs={**text, "char_height": 3.5, "width": 150}).set_location(
        (20, 90))
    for label, x in (("정면도", 110), ("측면도", 201)):
        msp.add_text(label, height=4, dxfattribs=text).set_placement((x, 102), align=TextEntityAlignment.MIDDLE_CENTER)
    msp.add_text("2-Ø10.5 관통", height=3, dxfattribs=text).set_placement((52, 158))
    msp.add_text("\\\\PDMSRV01\\vault\\FG-3001\\DWG-3001-A.dwg", height=2, dxfattribs=text).set_placement((14, 13))
    _title_block(doc)
    _parts_list(doc, msp)
    designer, checker = values["designer"], values["checker"]
    msp.add_blockref("TITLE_BLOCK", (230, 10), dxfattribs={"layer": "TITLE"}).add_auto_attribs({
        "COMPANY": COMPANY, "TITLE": "엔진 마운팅 브라켓 ASSY (FG-3001)", "DWG_NO": "DWG-3001-A", "MATERIAL": "SPCC 2.0t",
        "SCALE": "1:1", "REV": "A", "DATE": f"{ISSUED:%Y-%m-%d}", "DRAWN_BY": designer.name,
        "CHECKED_BY": checker.name, "PROJECTION": "3각법, 단위 mm"})
    return doc


def _bracket_views(msp) -> None:
    """The 120 x 86.5 mm plate with its holes (front view) and its 2 mm thickness (side view), dimensioned."""
    outline, center, dim = {"layer": "OUTLINE"}, {"layer": "CENTER"}, {"layer": "DIM"}
    msp.add_lwpolyline([(50, 130), (170, 130), (170, 216.5), (50, 216.5)], close=True, dxfattribs=outline)
    msp.add_lwpolyline([(200, 130), (202, 130), (202, 216.5), (200, 216.5)], close=True, dxfattribs=outline)
    hole_y = 173.25
    for x, radius in ((70, 5.25), (110, 12.5), (150, 5.25)):
        msp.add_circle((x, hole_y), radius, dxfattribs=outline)
        msp.add_line((x, hole_y - radius - 4), (x, hole_y + radius + 4), dxfattribs=center)
    msp.add_line((44, hole_y), (176, hole_y), dxfattribs=center)
    linear = (((110, 118), (50, 130), (170, 130), 0), ((38, 173), (50, 130), (50, 216.5), 90),
              ((110, 226), (70, hole_y), (150, hole_y), 0), ((201, 226), (200, 216.5), (202, 216.5), 0))
    for base, p1, p2, angle in linear:  # overall width and height, hole pitch, sheet thickness
        msp.add_linear_dim(base=base, p1=p1, p2=p2, angle=angle, dimstyle="KS_MM", dxfattribs=dim).render()
    msp.add_diameter_dim(center=(110, hole_y), radius=12.5, angle=45, dimstyle="KS_MM", dxfattribs=dim).render()


def _title_block(doc) -> None:
    block = doc.blocks.new("TITLE_BLOCK")
    for tag, label, x0, x1, y in TITLE_CELLS:
        block.add_lwpolyline([(x0, y), (x1, y), (x1, y + 10), (x0, y + 10)], close=True)
        block.add_text(label, height=1.8, dxfattribs={"style": "KOREAN"}).set_placement((x0 + 1.5, y + 7.2))
        block.add_attdef(tag, (x0 + 3, y + 2), dxfattribs={"height": 3.5, "style": "KOREAN", "prompt": label})


def _parts_list(doc, msp) -> None:
    """One block reference per part, numbered from the bottom up as drawings do, under a header row."""
    block = doc.blocks.new("BOM_ROW")
    for tag, label, x0, x1 in BOM_COLUMNS:
        block.add_lwpolyline([(x0, 0), (x1, 0), (x1, BOM_ROW), (x0, BOM_ROW)], close=True)
        block.add_attdef(tag, (x0 + 1.5, 2), dxfattribs={"height": 3, "style": "KOREAN", "prompt": label})
    for row, part in enumerate(PARTS):
        reference = msp.add_blockref("BOM_ROW", (230, 50 + row * BOM_ROW), dxfattribs={"layer": "TITLE"})
        reference.add_auto_attribs(dict(zip((c[0] for c in BOM_COLUMNS), part)))
    top = 50 + len(PARTS) * BOM_ROW
    for _, label, x0, x1 in BOM_COLUMNS:
        msp.add_lwpolyline([(230 + x0, top), (230 + x1, top), (230 + x1, top + BOM_ROW), (230 + x0, top + BOM_ROW)],
                           close=True, dxfattribs={"layer": "TITLE"})
        msp.add_text(label, height=3, dxfattribs={"style": "KOREAN", "layer": "TITLE"}).set_placement(
            (230 + x0 + 1.5, top + 2))
