"""Text blocks to PDF (fpdf2, NanumGothic cut down to the characters used) and DOCX (python-docx).

Both write the same bytes on every run: the PDFs carry ISSUED as their date, and the DOCX archive's
members are restamped with it.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import timezone
from pathlib import Path
from typing import NamedTuple

import docx
from docx.oxml.ns import qn
from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace

from demo.documents.blocks import FONT_DIR, ISSUED
from demo.secrets import ADDRESS, COMPANY, PHONE, PLANT

FONT = "NanumGothic"
HEADING_SIZES = {"h1": 14, "h2": 12, "h3": 10.5}
TABLE_HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))


class _PdfJob(NamedTuple):
    path: Path
    title: str
    lang: str
    author: str
    blocks: tuple | list

    @property
    def running_head(self) -> str:
        return f"{COMPANY} · {self.title}"


class _Pdf(FPDF):
    """A4 pages in NanumGothic with a running head and page numbers, rendering text blocks."""

    LINE = 5.5

    def __init__(self, job: _PdfJob, fonts: Path):
        super().__init__(format="A4")
        self.running_head = job.running_head
        self.set_creation_date(ISSUED)
        self.set_title(job.title)
        self.set_author(job.author)
        self.set_lang(job.lang)
        self.set_creator("plantset demo")
        self.add_font(FONT, "", fonts / "NanumGothic.ttf")
        self.add_font(FONT, "B", fonts / "NanumGothicBold.ttf")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(120)
        self.cell(0, 6, self.running_head, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.cell(self.epw * 0.8, 6, f"{PLANT} · {ADDRESS} · Tel {PHONE}", align="L")
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align="R")

    def render(self, blocks) -> None:
        for kind, *args in blocks:
            if kind in HEADING_SIZES:
                self._heading(args[0], int(kind[1]) - 1)
            else:
                getattr(self, f"_{kind}")(*args)

    def _title(self, text: str) -> None:
        self.set_font(FONT, "B", 20)
        self.multi_cell(0, 10, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def _heading(self, text: str, level: int) -> None:
        size = HEADING_SIZES[f"h{level + 1}"]
        if self.will_page_break(30):  # a heading does not end a page
            self.add_page()
        self.ln(4 - level)
        self.start_section(text, level=level)  # the PDF outline, as authoring tools write it
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def _p(self, text: str) -> None:
        self.set_font(FONT, "", 10)
        self.multi_cell(0, self.LINE, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def _ul(self, items) -> None:
        self._items(["•"] * len(items), items)

    def _ol(self, items) -> None:
        self._items([f"{n}." for n in range(1, len(items) + 1)], items)

    def _items(self, markers: list[str], items) -> None:
        self.set_font(FONT, "", 10)
        for marker, text in zip(markers, items):
            self.set_x(self.l_margin + 3)
            self.cell(6, self.LINE, marker)
            self.multi_cell(0, self.LINE, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def _table(self, rows, widths) -> None:
        self.set_font(FONT, "", 9)
        with self.table(col_widths=widths, line_height=5, text_align="LEFT", padding=1.2,
                        headings_style=TABLE_HEADINGS) as table:
            for row in rows:
                cells = table.row()
                for text in row:
                    cells.cell(text)
        self.ln(3)


def _write_pdfs(jobs: list[_PdfJob]) -> list[Path]:
    with _corpus_fonts(jobs) as fonts:
        for job in jobs:
            pdf = _Pdf(job, fonts)
            pdf.render(job.blocks)
            job.path.write_bytes(bytes(pdf.output()))
    return [job.path for job in jobs]


@contextmanager
def _corpus_fonts(jobs: list[_PdfJob]):
    """A folder with NanumGothic regular and bold cut down to the characters ``jobs`` use.

    fpdf2 parses its fonts again for every PDF, and parsing the full 20,000-glyph fonts would be
    most of the generation time; the cut also drops the hinting sources fontTools warns about.
    """
    characters = set("0123456789 ./·•{}nb")  # list markers and page numbers, as the writer adds them
    for job in jobs:
        characters.update(job.running_head, *_strings(job.blocks))
    options = subset.Options()
    options.hinting, options.notdef_outline, options.recalc_timestamp = False, True, False
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    with tempfile.TemporaryDirectory(prefix="plantset-fonts-") as folder:
        for name in ("NanumGothic", "NanumGothicBold"):
            font = TTFont(FONT_DIR / f"{name}.ttf", recalcTimestamp=False, lazy=True)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=sorted(map(ord, characters)))
            subsetter.subset(font)
            font.save(Path(folder) / f"{name}.ttf")
        yield Path(folder)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)


def _write_docx(path: Path, blocks, *, title: str, author: str) -> Path:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "맑은 고딕"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "맑은 고딕")
    props = document.core_properties
    props.title, props.author, props.last_modified_by, props.language = title, author, author, "ko-KR"
    props.created = props.modified = ISSUED.astimezone(timezone.utc).replace(tzinfo=None)  # the format is UTC
    props.revision = 3
    styles = {"ul": "List Bullet", "ol": "List Number"}
    for kind, *args in blocks:
        if kind == "title" or kind in HEADING_SIZES:
            document.add_heading(args[0], 0 if kind == "title" else int(kind[1]))
        elif kind == "p":
            document.add_paragraph(args[0])
        elif kind in styles:
            for item in args[0]:
                document.add_paragraph(item, style=styles[kind])
        else:
            _docx_table(document, args[0])
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_restamped_zip(buffer.getvalue()))
    return path


def _docx_table(document, rows) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for cell, text in zip(table.rows[r].cells, row):
            cell.text = text
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True


def _restamped_zip(data: bytes) -> bytes:
    """The same archive with every member dated ISSUED: python-docx stamps members with the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(zipfile.ZipInfo(member.filename, ISSUED.timetuple()[:6]), source.read(member),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
