"""Born-digital PDF corpus for the document benchmark (``bench/documents.py``), with what was written on each page.

``build_corpus(folder, quick)`` writes manuals, an MSDS, a standard, a table-heavy inspection
record, a two-column paper and one 500-page manual with fpdf2 (Nanum Gothic for Korean,
Helvetica for one English manual): headings of several sizes, bullet and numbered lists,
paragraphs, ruled tables with wrapped cells, running headers, footers and page numbers. Text is
laid out line by line here rather than by fpdf2's page breaks, so the ground truth knows which
line landed on which page. The same arguments give the same bytes (fixed creation date, seeded
text); the PDFs and ``truth.json`` are cached in ``folder`` and reused while ``CORPUS_VERSION``
and the size match. The full corpus (about 600 pages) takes about 30 s to write.

Ground truth per document: the text of each page in writing order (header, body, footer; a
table row-major), the headings with their level (the rank of their font size among heading
sizes; bold at body size ranks last), every table's cells, the list items and the title.
"""

from __future__ import annotations

import itertools
import json
import logging
import random
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

CORPUS_VERSION = 1
FONTS = Path("/usr/share/fonts/truetype/nanum")
CREATED = datetime(2024, 1, 15, 9, 0, tzinfo=timezone.utc)
BODY_SIZE = 10.0
LINE_MM = 5.0
CELL_LINE_MM = 4.5
MARGIN_MM = 20.0
COLUMN_GAP_MM = 8.0


@dataclass
class Truth:
    """What was written into one PDF."""

    name: str
    title: str | None  # the PDF metadata title, or the first level-1 heading
    pages: list[list[str]] = field(default_factory=list)  # per page: lines and cells in writing order
    headings: list[dict] = field(default_factory=list)  # {"page", "level", "text"}
    tables: list[dict] = field(default_factory=list)  # {"page", "cells"}
    list_items: list[dict] = field(default_factory=list)  # {"page", "text"}


@dataclass(frozen=True)
class Style:
    """How one kind of document looks and reads."""

    korean: bool
    font: str  # "nanum" or "helvetica"
    heading_sizes: tuple[float, ...]  # cover, section, subsection[, paragraph heading]; BODY_SIZE: bold at body size
    header: str
    footer: str  # "{page}" and "{nb}" are filled in
    bullets: tuple[str, ...]
    metadata_title: bool


STYLES = {
    "manual_en": Style(False, "helvetica", (20, 15, 12), "EM-200 Hydraulic Press | Operation Manual",
                       "Rev. 3 (2024-01-15)   Page {page} of {nb}", ("-", "1.", "a)"), True),
    "msds_ko": Style(True, "nanum", (18, 13, 11), "물질안전보건자료 (MSDS) | 세척제 CL-7",
                     "- {page} -", ("가.", "•", "(1)"), False),
    "standard_ko": Style(True, "nanum", (17, 13, 11, BODY_SIZE), "KS B 6001 : 2024 | 유압 프레스 — 안전 요구사항",
                         "{page}", ("①", "1)", "○"), True),
    "inspection_tables": Style(True, "nanum", (16, 12, 11), "설비 점검 기록부 | Equipment Inspection Records",
                               "Page {page}", ("•",), False),
    "paper_en": Style(False, "nanum", (18, 12, BODY_SIZE), "J. Plant Eng. 12(3), 2024 | Fault detection of presses",
                      "{page}", ("•", "(1)"), False),
    "manual_500": Style(True, "nanum", (20, 15, 12, BODY_SIZE), "통합 설비 매뉴얼 Integrated Equipment Manual | Vol. 1",
                        "{page} / {nb}", ("•", "1.", "-", "가."), True),
}

EN_THINGS = ("the hydraulic pump", "the coolant circuit", "the conveyor belt", "the welding robot",
             "the air compressor", "the safety valve", "the control cabinet", "the reduction gear",
             "the spindle motor", "the dust collector", "the light curtain", "the emergency stop switch",
             "the lubrication unit", "the pressure sensor")
EN_SENTENCES = (
    "Before starting {t}, check that the pressure reads between {a} and {b} bar.",
    "Inspect {t} every {n} operating hours and record the result in the maintenance log.",
    "Do not open {t} while the main power is on; lock out and tag out the supply first.",
    "If {t} makes an abnormal noise, stop the machine and call the maintenance team.",
    "The nominal temperature of {t} is {a} degrees Celsius with a tolerance of {n} degrees.",
    "Replace the filter of {t} when the differential pressure exceeds {a} kPa.",
    "Operators shall wear safety glasses and gloves when working near {t}.",
    "Clean {t} with a dry cloth; solvents may damage the seals and the coating.",
    "The torque of the mounting bolts on {t} is {a} N·m, checked with a calibrated wrench.",
    "Record the serial number of {t} before sending it for repair.",
)
KO_THINGS = ("유압 펌프", "냉각수 순환 장치", "컨베이어 벨트", "용접 로봇", "공기 압축기", "안전 밸브", "제어반", "감속기",
             "스핀들 모터", "집진기", "광전 안전장치", "비상 정지 스위치", "윤활 장치", "압력 센서")
KO_SENTENCES = (
    "운전을 시작하기 전에 {t}의 압력이 {a}~{b} bar 범위에 있는지 확인한다.",
    "{t_topic} {n}시간 운전마다 점검하고 그 결과를 정비 일지에 기록한다.",
    "주 전원이 켜진 상태에서 {t}의 덮개를 열지 않으며, 작업 전에 전원을 차단하고 잠금 표지를 부착한다.",
    "{t}에서 이상 소음이 발생하면 즉시 설비를 정지하고 정비 담당자에게 연락한다.",
    "{t}의 정격 온도는 {a} ℃이며 허용 오차는 ±{n} ℃이다.",
    "차압이 {a} kPa를 넘으면 {t}의 필터를 교체한다.",
    "{t} 주변에서 작업할 때에는 보안경과 보호 장갑을 착용하여야 한다.",
    "{t_topic} 마른 천으로 청소하며, 용제를 사용하면 실링과 도장이 손상될 수 있다.",
    "{t} 고정 볼트의 체결 토크는 {a} N·m이며 교정된 토크 렌치로 확인한다.",
    "수리를 의뢰하기 전에 {t}의 일련번호를 기록해 둔다.",
)
EN_REMARKS = ("weekly", "-", "certified", "replace yearly; use ISO VG 46 oil only",
              "check the seals for leaks after every restart of the line")
KO_REMARKS = ("정기 점검", "-", "KS 인증", "교체 주기 1년, 윤활유는 ISO VG 46만 사용",
              "라인 재가동 후마다 실링 누유 여부를 확인한다")
EN_HEADINGS = ("Safety Instructions", "Installation", "Start-up Procedure", "Daily Inspection", "Lubrication",
               "Troubleshooting", "Technical Data", "Maintenance Schedule", "Spare Parts", "Decommissioning",
               "Electrical Connections", "Hydraulic System", "Control Panel", "Calibration")
KO_HEADINGS = ("안전 지침", "설치", "시운전 절차", "일상 점검", "윤활", "고장 진단", "기술 자료", "정비 주기", "예비 부품",
               "폐기", "전기 결선", "유압 계통", "제어반 조작", "교정", "적용 범위", "인용 표준", "용어와 정의")


class _Full(Exception):
    """The document has its pages."""


class _Writer:
    """fpdf2 with line-by-line layout in one or two columns, so every written line is recorded on its page."""

    def __init__(self, name: str, style: Style, seed: int):
        from fpdf import FPDF

        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "TSI0 NOT subset": hinting tables, dropped
        self.style, self.rng = style, random.Random(seed)
        self.truth = Truth(name, None)
        self.pdf = pdf = FPDF(unit="mm", format="A4")
        pdf.set_creation_date(CREATED)
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        pdf.header, pdf.footer = self._header, self._footer
        if style.font == "nanum":
            pdf.add_font("Body", "", FONTS / "NanumGothic.ttf")
            pdf.add_font("Body", "B", FONTS / "NanumGothicBold.ttf")
            self.family = "Body"
        else:
            self.family = "Helvetica"
        self.max_pages: int | None = None
        self.page_width = pdf.w - 2 * MARGIN_MM
        self.bottom = pdf.h - 22
        self.columns, self.column, self.column_top = 1, 0, MARGIN_MM
        self.left, self.width = MARGIN_MM, self.page_width

    # --- page furniture and flow ---

    def _header(self) -> None:
        self.truth.pages.append([])
        if self.pdf.page_no() > 1:
            left, right = self.style.header.split(" | ")
            self.pdf.set_font(self.family, "", 8)
            self.pdf.set_xy(MARGIN_MM, 10)
            self.pdf.cell(self.page_width / 2, 4, left)
            self.pdf.cell(self.page_width / 2, 4, right, align="R")
            self.pdf.line(MARGIN_MM, 15, MARGIN_MM + self.page_width, 15)
            self._record(left)
            self._record(right)
        self.pdf.set_xy(MARGIN_MM, MARGIN_MM)

    def _footer(self) -> None:
        self.pdf.set_font(self.family, "", 8)
        self.pdf.set_xy(MARGIN_MM, self.pdf.h - 14)
        text = self.style.footer.format(page=self.pdf.page_no(), nb="{nb}")
        self.pdf.cell(self.page_width, 4, text, align="C")
        self._record(text)

    def _record(self, text: str) -> None:
        self.truth.pages[-1].append(text)

    def _room(self, height: float) -> None:
        """Go to the next column or page unless ``height`` mm fit below."""
        if self.pdf.page and self.pdf.get_y() + height <= self.bottom:
            return
        if self.pdf.page and self.column + 1 < self.columns:
            self.column += 1
        else:
            if self.pdf.page == self.max_pages:
                raise _Full
            self.pdf.add_page()
            self.column, self.column_top = 0, MARGIN_MM
        self._place_column()
        self.pdf.set_y(self.column_top)

    def new_page(self) -> None:
        self.pdf.set_y(self.bottom + 1)
        self._room(1)

    def _place_column(self) -> None:
        self.width = (self.page_width - COLUMN_GAP_MM * (self.columns - 1)) / self.columns
        self.left = MARGIN_MM + self.column * (self.width + COLUMN_GAP_MM)

    def two_columns(self) -> None:
        """From here on the text runs in two columns, the left one first."""
        self.columns, self.column, self.column_top = 2, 0, self.pdf.get_y()
        self._place_column()

    def _lines(self, text: str, width: float) -> list[str]:
        return self.pdf.multi_cell(width, LINE_MM, text, dry_run=True, output="LINES")

    def _write_line(self, text: str, x: float, width: float, height: float = LINE_MM) -> None:
        self.pdf.set_x(x)
        self.pdf.cell(width, height, text, new_x="LMARGIN", new_y="NEXT")
        self._record(text)

    # --- content ---

    def cover(self, title: str, subtitle: str) -> None:
        self._room(200)
        if self.style.metadata_title:
            self.pdf.set_title(title)
            self.truth.title = title
        self.pdf.set_y(60)
        self.heading(0, title)
        self.paragraph(subtitle)

    def heading(self, depth: int, text: str) -> None:
        size = self.style.heading_sizes[depth]
        self._room(size * 0.5 + 4 + 3 * LINE_MM)  # with the first lines of what follows
        self.pdf.ln(3)
        self.pdf.set_font(self.family, "B", size)
        self._write_line(text, self.left, self.width, size * 0.5)
        self.pdf.ln(1.5)
        self.truth.headings.append({"page": self.pdf.page_no(), "size": size, "text": text})
        if self.truth.title is None and depth == 0:
            self.truth.title = text

    def paragraph(self, text: str) -> None:
        self.pdf.set_font(self.family, "", BODY_SIZE)
        for line in self._lines(text, self.width):
            self._room(LINE_MM)
            self._write_line(line, self.left, self.width)
        self.pdf.ln(2.5)

    def bullets(self, items: list[str], marker: str) -> None:
        self.pdf.set_font(self.family, "", BODY_SIZE)
        for number, item in enumerate(items, 1):
            mark = _marker(marker, number)
            lines = self._lines(item, self.width - 8)
            self._room(LINE_MM * min(len(lines), 2))
            self.truth.list_items.append({"page": self.pdf.page_no(), "text": f"{mark} {item}"})
            for index, line in enumerate(lines):
                self._room(LINE_MM)
                if index == 0:
                    self.pdf.set_x(self.left + 2)
                    self.pdf.cell(6, LINE_MM, mark)
                    self._record(mark)
                self._write_line(line, self.left + 8, self.width - 8)
        self.pdf.ln(2.5)

    def table(self, rows: list[list[str]], widths: list[float]) -> None:
        """A ruled table: every cell boxed, long cells wrapped, the header row bold on grey; kept on one page."""
        widths = [w * self.width / sum(widths) for w in widths]
        wrapped = []
        for index, row in enumerate(rows):
            self.pdf.set_font(self.family, "B" if index == 0 else "", 9)
            wrapped.append([self.pdf.multi_cell(w - 2, CELL_LINE_MM, text, dry_run=True, output="LINES")
                            for text, w in zip(row, widths)])
        heights = [max(map(len, cells)) * CELL_LINE_MM + 2 for cells in wrapped]
        self._room(sum(heights) + 4)
        self.pdf.set_fill_color(225, 225, 225)
        y = self.pdf.get_y()
        for index, (cells, height) in enumerate(zip(wrapped, heights)):
            self.pdf.set_font(self.family, "B" if index == 0 else "", 9)
            x = self.left
            for lines, width in zip(cells, widths):
                self.pdf.rect(x, y, width, height, style="DF" if index == 0 else "D")
                for number, line in enumerate(lines):
                    self.pdf.set_xy(x + 1, y + 1 + number * CELL_LINE_MM)
                    self.pdf.cell(width - 2, CELL_LINE_MM, line)
                    self._record(line)
                x += width
            y += height
        self.pdf.set_y(y + 4)
        cells = [[" ".join(lines) for lines in row] for row in wrapped]
        self.truth.tables.append({"page": self.pdf.page_no(), "cells": cells})

    def save(self, path: Path) -> Truth:
        self.pdf.alias_nb_pages("{nb}")
        self.pdf.output(str(path))
        total = str(self.pdf.page_no())
        self.truth.pages = [[line.replace("{nb}", total) for line in page] for page in self.truth.pages]
        sizes = sorted({h["size"] for h in self.truth.headings if h["size"] > BODY_SIZE}, reverse=True)
        for heading in self.truth.headings:
            size = heading.pop("size")
            heading["level"] = sizes.index(size) + 1 if size in sizes else len(sizes) + 1
        return self.truth


def _marker(kind: str, number: int) -> str:
    """The label of item ``number`` in a list whose first label is ``kind``."""
    sequences = {"a)": "abcdefghij", "가.": "가나다라마바사아자차", "①": "①②③④⑤⑥⑦⑧⑨⑩"}
    if kind in sequences:
        return sequences[kind][number - 1] + kind[1:]
    return kind.replace("1", str(number))


# --- text ---

def _sentence(rng: random.Random, korean: bool) -> str:
    templates, things = (KO_SENTENCES, KO_THINGS) if korean else (EN_SENTENCES, EN_THINGS)
    a, thing = rng.randint(2, 90), rng.choice(things)
    topic = thing + ("은" if (ord(thing[-1]) - 0xAC00) % 28 else "는")  # 은 after a final consonant
    return rng.choice(templates).format(t=thing, t_topic=topic, a=a, b=a + rng.randint(5, 40), n=rng.randint(2, 500))


def _paragraph(rng: random.Random, korean: bool, sentences: tuple[int, int] = (2, 6)) -> str:
    return " ".join(_sentence(rng, korean) for _ in range(rng.randint(*sentences)))


def _heading(rng: random.Random, korean: bool, numbers: list[int]) -> str:
    words = rng.choice(KO_HEADINGS if korean else EN_HEADINGS)
    return f"{'.'.join(map(str, numbers))} {words}"


def _table(rng: random.Random, korean: bool, rows: int) -> tuple[list[list[str]], list[float]]:
    """A specification table or an inspection record: header row first, relative column widths."""
    things = KO_THINGS if korean else [t.replace("the ", "").capitalize() for t in EN_THINGS]
    if rng.random() < 0.5:
        head = ["항목", "규격", "단위", "비고"] if korean else ["Item", "Specification", "Unit", "Remarks"]
        units = ("bar", "kPa", "℃" if korean else "°C", "rpm", "mm")
        body = [[rng.choice(things), f"{rng.randint(1, 900)} ± {rng.randint(1, 20)}", rng.choice(units),
                 rng.choice(KO_REMARKS if korean else EN_REMARKS)] for _ in range(rows)]
        return [head] + body, [50, 35, 20, 45]
    head = ["No.", "점검 항목", "기준", "측정값", "판정"] if korean else ["No.", "Check item", "Limit", "Measured", "Result"]
    body = []
    for number in range(1, rows + 1):
        limit = rng.randint(10, 200)
        measured = round(limit * rng.uniform(0.8, 1.1), 1)
        verdict = ("합격" if measured <= limit else "불합격") if korean else ("OK" if measured <= limit else "NG")
        limit_text = f"≤ {limit}" if korean else f"max {limit}"
        body.append([str(number), rng.choice(things), limit_text, f"{measured}", verdict])
    return [head] + body, [14, 56, 30, 35, 35]


# --- documents ---

def _section(writer: _Writer, number: int, korean: bool, table: bool) -> None:
    rng = writer.rng
    writer.heading(1, _heading(rng, korean, [number]))
    writer.paragraph(_paragraph(rng, korean))
    for sub in range(1, rng.randint(3, 5)):
        writer.heading(2, _heading(rng, korean, [number, sub]))
        if len(writer.style.heading_sizes) > 3 and rng.random() < 0.5:
            writer.heading(3, _heading(rng, korean, [number, sub, 1]))
        for _ in range(rng.randint(1, 2)):
            writer.paragraph(_paragraph(rng, korean, (2, 7)))
        if rng.random() < 0.5:
            writer.bullets([_sentence(rng, korean) for _ in range(rng.randint(2, 5))], rng.choice(writer.style.bullets))
    if table:
        writer.paragraph(_sentence(rng, korean))
        writer.table(*_table(rng, korean, rng.randint(4, 14)))


def _inspection(writer: _Writer, pages: int) -> None:
    """One page per line: a heading, a sentence and two tables."""
    rng = writer.rng
    for number in range(1, pages):
        writer.new_page()
        writer.heading(1, f"{number}. 점검 결과 Inspection results, line {number}")
        writer.paragraph(_sentence(rng, number % 2 == 0))
        writer.table(*_table(rng, number % 2 == 1, rng.randint(10, 15)))
        writer.table(*_table(rng, number % 2 == 0, rng.randint(6, 10)))


# name -> cover title, then sections (pages for inspection_tables and manual_500) and a table every N sections,
# for the full and the quick corpus
PLAN = {
    "manual_en": ("EM-200 Hydraulic Press Operation Manual", (30, 3), (8, 3)),
    "msds_ko": ("물질안전보건자료 세척제 CL-7", (16, 2), (6, 2)),
    "standard_ko": ("KS B 6001 유압 프레스 안전 요구사항", (24, 3), (6, 3)),
    "inspection_tables": ("설비 점검 기록부 Equipment Inspection Records", (20, 0), (5, 0)),
    "paper_en": ("Vibration-Based Fault Detection of Hydraulic Presses", (10, 3), (4, 2)),
    "manual_500": ("통합 설비 매뉴얼 Integrated Equipment Manual", (500, 4), (50, 4)),
}


def write_document(name: str, folder: Path, quick: bool, seed: int = 20240115) -> Truth:
    """Write one corpus document to ``folder/<name>.pdf`` and return its ground truth."""
    style = STYLES[name]
    writer = _Writer(name, style, seed + sum(map(ord, name)))
    title, *sizes = PLAN[name]
    count, table_every = sizes[1 if quick else 0]
    writer.cover(title, _paragraph(writer.rng, style.korean, (1, 2)))
    if name == "paper_en":  # a Korean abstract under the English one, then two columns
        writer.paragraph(_paragraph(writer.rng, True, (2, 3)))
        writer.two_columns()
    if name == "inspection_tables":
        _inspection(writer, count)
    elif name == "manual_500":  # sections alternate Korean and English until the page count is reached
        writer.max_pages = count
        try:
            for number in itertools.count(1):
                _section(writer, number, number % 2 == 0, number % table_every == 0)
        except _Full:
            pass
    else:
        for number in range(1, count + 1):
            _section(writer, number, style.korean, bool(table_every) and number % table_every == 0)
    return writer.save(folder / f"{name}.pdf")


def build_corpus(folder: Path, quick: bool = False) -> list[tuple[Path, Truth]]:
    """The corpus PDFs and their ground truth, written into ``folder`` unless already there."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "truth.json"
    key = {"version": CORPUS_VERSION, "quick": quick}
    if manifest.exists():
        saved = json.loads(manifest.read_text())
        if saved["key"] == key and all((folder / f"{t['name']}.pdf").exists() for t in saved["documents"]):
            return [(folder / f"{t['name']}.pdf", Truth(**t)) for t in saved["documents"]]
    truths = [write_document(name, folder, quick) for name in PLAN]
    manifest.write_text(json.dumps({"key": key, "documents": [asdict(t) for t in truths]}, ensure_ascii=False))
    return [(folder / f"{t.name}.pdf", t) for t in truths]
