"""Born-digital PDF parsing (``connectors.documents.pdf``) on PDFs written here with fpdf2 and the Nanum fonts.

Each PDF is laid out line by line at known places, so the expected elements are exact: heading
levels from font sizes, list items and paragraphs from markers and gaps, ruled tables from drawn
boxes (checked against pdfplumber's own reading of the same table), running headers and footers,
two-column reading order, and the files a parser must refuse.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from fpdf import FPDF

from connectors.documents.model import DocumentError
from connectors.documents.pdf import parse_pdf

FONTS = Path("/usr/share/fonts/truetype/nanum")
LEFT = 20.0
LINE = 5.0  # mm between the lines of a paragraph at 10 pt


def new_pdf(title: str | None = None) -> FPDF:
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(datetime(2024, 1, 15, 9, 0, tzinfo=timezone.utc))
    pdf.set_auto_page_break(False)
    pdf.add_font("Nanum", "", FONTS / "NanumGothic.ttf")
    pdf.add_font("Nanum", "B", FONTS / "NanumGothicBold.ttf")
    if title:
        pdf.set_title(title)
    return pdf


def write(pdf: FPDF, y: float, text: str, size: float = 10, bold: bool = False, x: float = LEFT) -> float:
    """One line at ``y`` mm; returns the ``y`` of the next line of the same paragraph."""
    pdf.set_font("Nanum", "B" if bold else "", size)
    pdf.set_xy(x, y)
    pdf.cell(text=text)
    return y + max(LINE, size * 0.5)


def lines(pdf: FPDF, y: float, texts: list[str], x: float = LEFT) -> float:
    """A paragraph of lines; returns the ``y`` after it and a paragraph gap."""
    for text in texts:
        y = write(pdf, y, text, x=x)
    return y + 3


def ruled_table(pdf: FPDF, x: float, y: float, rows: list[list[str]], widths: list[float], height: float = 7,
                merged_header: str | None = None) -> float:
    """Boxed cells, the first row bold; ``merged_header`` spans the first two columns above them."""
    pdf.set_fill_color(225, 225, 225)
    if merged_header:
        pdf.rect(x, y, widths[0] + widths[1], height, style="DF")
        pdf.rect(x + widths[0] + widths[1], y, sum(widths[2:]), height, style="DF")
        write(pdf, y + 1, merged_header, size=9, bold=True, x=x + 1)
        y += height
    for index, row in enumerate(rows):
        left = x
        for text, width in zip(row, widths):
            pdf.rect(left, y, width, height, style="DF" if index == 0 else "D")
            if text:
                write(pdf, y + 1, text, size=9, bold=index == 0, x=left + 1)
            left += width
        y += height
    return y + 5


def save(pdf: FPDF, path: Path) -> Path:
    pdf.output(str(path))
    return path


def kinds(parsed) -> list[tuple[str, str]]:
    return [(element.type, element.text) for element in parsed.elements]


# --- structure ---

def test_headings_get_levels_from_font_size_and_bold_body_text_ranks_last(tmp_path):
    pdf = new_pdf(title="Hydraulic Press Manual")
    pdf.add_page()
    y = write(pdf, 30, "Hydraulic Press Manual", size=20, bold=True) + 4
    y = lines(pdf, y, ["Model HP-200, revision 3."])
    y = write(pdf, y, "1 Safety", size=16, bold=True) + 2
    y = lines(pdf, y, ["Read this chapter before you switch the press on."])
    y = write(pdf, y, "1.1 Protective equipment", size=13, bold=True) + 2
    y = lines(pdf, y, ["Wear safety glasses and gloves near the press."])
    y = write(pdf, y, "1.1.1 Gloves", bold=True) + 1
    y = lines(pdf, y, ["Cut-resistant gloves of class 5 or better."])
    write(pdf, y, "2 안전 수칙", size=16, bold=True)

    parsed = parse_pdf(save(pdf, tmp_path / "levels.pdf"))

    titles = [(e.text, e.level) for e in parsed.elements if e.type == "Title"]
    assert titles == [("Hydraulic Press Manual", 1), ("1 Safety", 2), ("1.1 Protective equipment", 3),
                      ("1.1.1 Gloves", 4), ("2 안전 수칙", 2)]
    assert parsed.title == "Hydraulic Press Manual" and parsed.file_type == "pdf" and parsed.pages == 1
    assert parsed.metadata["created"] == "2024-01-15T09:00:00Z"
    assert all(e.page == 1 for e in parsed.elements)


def test_title_without_metadata_is_the_first_level_one_heading(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    y = lines(pdf, 20, ["Preface in body text."])
    y = write(pdf, y, "물질안전보건자료", size=18, bold=True) + 3
    y = lines(pdf, y, ["세척제 CL-7의 취급과 보관에 관한 자료이다."])
    write(pdf, y, "1. 화학제품과 회사에 관한 정보", size=13, bold=True)

    parsed = parse_pdf(save(pdf, tmp_path / "msds.pdf"))

    assert parsed.title == "물질안전보건자료"
    assert [e.level for e in parsed.elements if e.type == "Title"] == [1, 2]


def test_table_of_contents_entries_are_not_headings_and_a_roman_folio_is_a_page_number(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    y = write(pdf, 20, "Contents", size=16, bold=True) + 2
    y = write(pdf, y, "1 Safety . . . . . . . . . . . . . . . . 3", bold=True)
    y = write(pdf, y, "2 Installation ........................ 7", bold=True)
    lines(pdf, y + 5, ["Read the safety chapter first."])
    write(pdf, 285, "iii", size=8, x=105)

    parsed = parse_pdf(save(pdf, tmp_path / "contents.pdf"))

    assert kinds(parsed) == [("Title", "Contents"),
                             ("NarrativeText", "1 Safety . . . . . . . . . . . . . . . . 3"),
                             ("NarrativeText", "2 Installation ........................ 7"),
                             ("NarrativeText", "Read the safety chapter first."), ("PageNumber", "iii")]


def test_list_items_of_every_marker_and_wrapped_items_stay_whole(tmp_path):
    markers = ["•", "-", "1.", "2)", "(3)", "①", "가.", "a)"]
    pdf = new_pdf()
    pdf.add_page()
    y = lines(pdf, 20, ["The checks before start-up:"])
    for marker in markers:
        write(pdf, y, marker, x=LEFT + 2)
        y = write(pdf, y, f"check {marker} 항목을 확인한다", x=LEFT + 8)
    write(pdf, y, "•", x=LEFT + 2)
    y = write(pdf, y, "a long item that goes on past the end of", x=LEFT + 8)
    y = write(pdf, y, "its first line and ends on the second", x=LEFT + 8) + 3
    lines(pdf, y, ["After the list, a paragraph again."])

    parsed = parse_pdf(save(pdf, tmp_path / "lists.pdf"))

    assert kinds(parsed) == [("NarrativeText", "The checks before start-up:")] + [
        ("ListItem", f"{marker} check {marker} 항목을 확인한다") for marker in markers] + [
        ("ListItem", "• a long item that goes on past the end of its first line and ends on the second"),
        ("NarrativeText", "After the list, a paragraph again.")]


def test_lines_join_into_paragraphs_and_gaps_part_them_in_korean_and_english(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    y = lines(pdf, 20, ["운전을 시작하기 전에 유압 펌프의 압력이", "60~90 bar 범위에 있는지 확인한다."])
    y = lines(pdf, y, ["Inspect the coolant circuit every 500 operating", "hours and record the result in the log."])
    lines(pdf, y, ["마지막 문단. The last paragraph."])

    parsed = parse_pdf(save(pdf, tmp_path / "paragraphs.pdf"))

    assert kinds(parsed) == [
        ("NarrativeText", "운전을 시작하기 전에 유압 펌프의 압력이 60~90 bar 범위에 있는지 확인한다."),
        ("NarrativeText", "Inspect the coolant circuit every 500 operating hours and record the result in the log."),
        ("NarrativeText", "마지막 문단. The last paragraph.")]


# --- tables ---

def test_ruled_table_cells_html_and_place_agree_with_pdfplumber(tmp_path):
    import pdfplumber

    rows = [["항목", "규격", "단위", "비고"], ["유압 펌프", "150 ± 4", "bar", "KS 인증"],
            ["Spindle motor", "3000", "rpm", "-"], ["감속기", "250 ± 15", "℃", "교체 주기 1년"]]
    pdf = new_pdf()
    pdf.add_page()
    y = lines(pdf, 20, ["Table 1 lists the specifications."])
    y = ruled_table(pdf, LEFT, y, rows, [45, 35, 20, 50], merged_header="Specifications 규격")
    lines(pdf, y, ["The table ends above this line."])
    path = save(pdf, tmp_path / "table.pdf")

    parsed = parse_pdf(path)

    assert [e.type for e in parsed.elements] == ["NarrativeText", "Table", "NarrativeText"]
    table = parsed.elements[1]
    merged = ["Specifications 규격", "Specifications 규격", "", ""]
    assert table.table_cells == [merged] + rows
    assert table.page == 1
    assert table.table_html.startswith('<table><tr><td colspan="2">Specifications 규격</td><td colspan="2"></td></tr>')
    assert "<td>150 ± 4</td>" in table.table_html
    assert "유압 펌프 150 ± 4 bar KS 인증" in table.text
    assert not any("유압 펌프" in e.text for e in parsed.elements if e.type != "Table")
    with pdfplumber.open(path) as reference:
        theirs = reference.pages[0].extract_tables()
    assert len(theirs) == 1
    # pdfplumber leaves the cells a merged cell covers empty (None); we repeat its text there
    assert [[cell or "" for cell in row] for row in theirs[0]] == [["Specifications 규격", "", "", ""]] + rows


def test_header_rule_and_a_framed_note_are_not_tables(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    pdf.line(LEFT, 15, 190, 15)
    pdf.rect(LEFT, 30, 150, 20)
    write(pdf, 35, "Note: a framed note is one box, not a table.")

    parsed = parse_pdf(save(pdf, tmp_path / "frames.pdf"))

    assert kinds(parsed) == [("NarrativeText", "Note: a framed note is one box, not a table.")]


def test_page_border_around_running_text_and_an_empty_grid_are_not_tables(tmp_path):
    sentence = "The press stops when the light curtain is broken and restarts only after a reset. "
    pdf = new_pdf()
    pdf.add_page()
    pdf.rect(15, 15, 180, 12)  # a title strip on top of a border around the page: two cells
    pdf.rect(15, 27, 180, 255)
    write(pdf, 18, "Work instruction WI-7", size=14, bold=True)
    y = write(pdf, 32, "1 Purpose", size=13, bold=True) + 2
    paragraph = [sentence.strip()] * 14  # over 1,000 characters in the border's cell
    y = lines(pdf, y, paragraph)
    ruled_table(pdf, LEFT, y, [["", ""], ["", ""]], [40, 40])

    parsed = parse_pdf(save(pdf, tmp_path / "border.pdf"))

    assert kinds(parsed) == [("Title", "Work instruction WI-7"), ("Title", "1 Purpose"),
                             ("NarrativeText", " ".join(paragraph))]


# --- page furniture and order ---

def test_running_headers_footers_and_page_numbers(tmp_path):
    pdf = new_pdf()
    for page in range(1, 6):
        pdf.add_page()
        write(pdf, 10, "EM-200 Operation Manual", size=8)
        pdf.line(LEFT, 15, 190, 15)
        write(pdf, 22, f"Chapter {page}", size=16, bold=True)
        lines(pdf, 34, [f"Body text of page {page} about the press."])
        write(pdf, 280, f"Rev. 3 (2024-01-15)  Page {page} of 5", size=8)
        write(pdf, 286, f"- {page} -", size=8, x=100)

    parsed = parse_pdf(save(pdf, tmp_path / "furniture.pdf"))

    for page in range(1, 6):
        on_page = [(e.type, e.text) for e in parsed.elements if e.page == page]
        assert on_page == [("Header", "EM-200 Operation Manual"), ("Title", f"Chapter {page}"),
                           ("NarrativeText", f"Body text of page {page} about the press."),
                           ("Footer", f"Rev. 3 (2024-01-15) Page {page} of 5"), ("PageNumber", f"- {page} -")]


def test_two_columns_read_left_column_first(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    y = write(pdf, 20, "Abstract", size=14, bold=True) + 2
    top = lines(pdf, y, ["A summary across the whole width of the page."])
    y = lines(pdf, top, ["Left column, first paragraph,", "second line."], x=LEFT)
    lines(pdf, y, ["Left column, second paragraph."], x=LEFT)
    y = lines(pdf, top, ["Right column, first paragraph,", "second line."], x=110)
    lines(pdf, y, ["오른쪽 단의 두 번째 문단."], x=110)

    parsed = parse_pdf(save(pdf, tmp_path / "columns.pdf"))

    assert [e.text for e in parsed.elements] == [
        "Abstract", "A summary across the whole width of the page.", "Left column, first paragraph, second line.",
        "Left column, second paragraph.", "Right column, first paragraph, second line.", "오른쪽 단의 두 번째 문단."]


# --- pages without text ---

def scanned_page(pdf: FPDF, tmp_path: Path, text: str) -> None:
    """A page that is only a picture of ``text``, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2480, 800), 255)
    ImageDraw.Draw(image).text((150, 300), text, font=ImageFont.truetype(str(FONTS / "NanumGothic.ttf"), 70), fill=0)
    picture = tmp_path / "scan.png"
    image.save(picture)
    pdf.add_page()
    pdf.image(str(picture), x=0, y=0, w=210)


def test_image_only_page_is_listed_without_ocr_and_an_empty_page_is_not(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    lines(pdf, 20, ["Page one has text."])
    scanned_page(pdf, tmp_path, "Scanned page")
    pdf.add_page()

    parsed = parse_pdf(save(pdf, tmp_path / "scan.pdf"))

    assert parsed.metadata["pages_without_text"] == [2]
    assert kinds(parsed) == [("NarrativeText", "Page one has text.")] and parsed.pages == 3


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed (make system)")
def test_scanned_page_is_read_by_the_ocr_function(tmp_path):
    from connectors.documents.ocr import ocr_pdf_page

    pdf = new_pdf()
    pdf.add_page()
    lines(pdf, 20, ["Page one has text."])
    scanned_page(pdf, tmp_path, "Check the oil level every 500 hours.")

    parsed = parse_pdf(save(pdf, tmp_path / "scan.pdf"), ocr=ocr_pdf_page)

    read = [e for e in parsed.elements if e.page == 2]
    assert [e.type for e in read] == ["NarrativeText"] and read[0].metadata == {"ocr": True}
    assert read[0].text == "Check the oil level every 500 hours."
    assert parsed.metadata["ocr_pages"] == [2] and "pages_without_text" not in parsed.metadata


# --- files a parser must refuse ---

def test_password_protected_pdf_is_refused_with_what_to_do(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    write(pdf, 20, "secret")
    pdf.set_encryption(owner_password="owner", user_password="reader")

    with pytest.raises(DocumentError, match=r"^encrypted PDF: it needs a password; ask for an unprotected copy$"):
        parse_pdf(save(pdf, tmp_path / "locked.pdf"))


def test_owner_password_alone_does_not_stop_reading(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    write(pdf, 20, "printable, not editable")
    pdf.set_encryption(owner_password="owner")

    assert kinds(parse_pdf(save(pdf, tmp_path / "restricted.pdf"))) == [("NarrativeText", "printable, not editable")]


def test_truncated_pdf_is_refused(tmp_path):
    pdf = new_pdf()
    for _ in range(3):
        pdf.add_page()
        lines(pdf, 20, ["Some text on the page."])
    whole = save(pdf, tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) * 2 // 3])

    with pytest.raises(DocumentError, match=r"^corrupt or truncated PDF: "):
        parse_pdf(cut)


def test_pdf_without_pages_is_refused_as_such_even_after_an_encrypted_one(tmp_path):
    import pypdf

    locked = new_pdf()
    locked.add_page()
    locked.set_encryption(owner_password="owner", user_password="reader")
    empty = tmp_path / "empty.pdf"
    pypdf.PdfWriter().write(empty)

    with pytest.raises(DocumentError, match="^encrypted PDF"):
        parse_pdf(save(locked, tmp_path / "locked.pdf"))
    # pdfium sets no error for a document without pages and keeps the last one: not "encrypted" again
    with pytest.raises(DocumentError, match=r"^PDF has no pages: re-export it"):
        parse_pdf(empty)


def test_the_parser_table_loads_a_format_s_libraries_only_when_a_file_of_it_is_parsed():
    code = ("import sys, connectors.documents.formats as f; "
            "before = sorted(m for m in ('pdfplumber', 'ezdxf', 'unstructured', 'pptx', 'olefile') if m in sys.modules); "
            "f.parser('dxf'); print(before, 'ezdxf' in sys.modules, 'unstructured' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[] True False"
