"""The demo plant's documents: the same bytes every run, readable by the libraries the document source uses,
one file broken on purpose, and the names and partners the anonymizer must find in their text."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import ezdxf
import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytesseract
import pytest
from PIL import Image

from demo.documents import BROKEN_PDF, CODONS, document_staff, generate_documents
from demo.secrets import COMPANY, lexicon_lines, staff_names

MSDS_KO = ("화학제품과 회사에 관한 정보", "유해성·위험성", "구성성분의 명칭 및 함유량", "응급조치 요령",
           "폭발·화재 시 대처방법", "누출 사고 시 대처방법", "취급 및 저장방법", "노출방지 및 개인보호구", "물리화학적 특성",
           "안정성 및 반응성", "독성에 관한 정보", "환경에 미치는 영향", "폐기 시 주의사항", "운송에 필요한 정보",
           "법적 규제현황", "그 밖의 참고사항")
MSDS_EN = ("Identification", "Hazard identification", "Composition and information on ingredients",
           "First-aid measures", "Fire-fighting measures", "Accidental release measures", "Handling and storage",
           "Exposure controls and personal protection", "Physical and chemical properties", "Stability and reactivity",
           "Toxicological information", "Ecological information", "Disposal considerations",
           "Transport information", "Regulatory information", "Other information")
SUBSTANCES = ("hydraulic_oil", "cutting_fluid", "degreaser")
PARTNERS = [term for line in lexicon_lines() for category, term in [line.split("\t")]
            if category == "COMPANY" and term != COMPANY]
DRAWING_NO = re.compile(r"\bDWG-\d{4}-[A-Z]\b")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return {path.name: path for path in generate_documents(tmp_path_factory.mktemp("documents"))}


@pytest.fixture(scope="module")
def staff():
    return document_staff()


def _pdf_text(path: Path) -> tuple[int, str]:
    """Page count and text, lines joined by spaces so that a wrapped name or phone number reads whole."""
    pdf = pdfium.PdfDocument(path)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
        return len(pdf), text.replace("\r\n", " ")
    finally:
        pdf.close()


def _docx_text(path: Path) -> str:
    document = docx.Document(path)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _dxf_text(path: Path) -> str:
    msp = ezdxf.readfile(path).modelspace()
    texts = [e.dxf.text for e in msp.query("TEXT")] + [e.plain_text() for e in msp.query("MTEXT")]
    texts += [attrib.dxf.text for ref in msp.query("INSERT") for attrib in ref.attribs]
    return "\n".join(texts)


def test_every_run_writes_the_same_bytes(corpus, tmp_path):
    # another interpreter with another string hash seed, so that set order cannot leak into the bytes either
    subprocess.run([sys.executable, "-c", f"from demo.documents import generate_documents; "
                                          f"generate_documents(__import__('pathlib').Path({str(tmp_path)!r}))"],
                   check=True, env={**os.environ, "PYTHONHASHSEED": "0"}, cwd=Path(__file__).parents[2])
    again = sorted(tmp_path.iterdir())
    assert [p.name for p in again] == sorted(corpus)
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in again} == {
        name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in corpus.items()}
    assert all(name.isascii() for name in corpus)


def test_the_seed_draws_the_staff():
    assert document_staff(7) == document_staff(7)
    assert document_staff(8) != document_staff(7)
    assert {p.name for p in document_staff(8).values()} <= set(staff_names())


def test_corpus_stays_small(corpus):
    assert len(corpus) == 15
    assert sum(p.stat().st_size for p in corpus.values()) < 2_000_000


@pytest.mark.parametrize(("name", "pages", "expected"), [
    ("press_maintenance_manual_ko.pdf", 3, ("프레스 설비 보전 매뉴얼", "1. 개요", "4.2 체결 토크", "5. 고장 유형과 대책",
                                            "5.1 유압 누유 (F03)", "5.2 베어링 마모 (F01)", "5.3 과열 (F02)", "PRS-04")),
    ("cnc_maintenance_manual_en.pdf", 3, ("CNC Lathe and Machining Centre Maintenance Manual", "1. Scope",
                                          "4.1 Inspection items and intervals", "5.1 Spindle bearing wear (F01)",
                                          "5.2 Overheating (F02)", "5.3 Hydraulic leak (F03)", "CNC-06")),
])
def test_manuals_are_born_digital_pdfs_with_headings_and_an_outline(corpus, name, pages, expected):
    count, text = _pdf_text(corpus[name])
    assert count >= pages
    assert [heading for heading in expected if heading not in text] == []
    pdf = pdfium.PdfDocument(corpus[name])
    outline = [(item.level, item.get_title()) for item in pdf.get_toc()]
    pdf.close()
    assert (0, expected[1]) in outline and any(level == 1 for level, _ in outline)


def test_manual_tables_are_ruled(corpus):
    with pdfplumber.open(corpus["press_maintenance_manual_ko.pdf"]) as pdf:
        tables = [table for page in pdf.pages for table in page.extract_tables()]
    headers = [table[0] for table in tables]
    assert ["점검 항목", "점검 방법", "주기", "판정 기준"] in headers
    assert ["체결 부위", "볼트 규격", "체결 토크 (N·m)"] in headers


@pytest.mark.parametrize("substance", SUBSTANCES)
@pytest.mark.parametrize(("lang", "title", "sections"), [("ko", "물질안전보건자료", MSDS_KO),
                                                         ("en", "SAFETY DATA SHEET", MSDS_EN)])
def test_safety_data_sheets_have_the_16_ghs_sections(corpus, substance, lang, title, sections):
    count, text = _pdf_text(corpus[f"msds_{substance}_{lang}.pdf"])
    assert count >= 2 and title in text
    assert [s for n, s in enumerate(sections, 1) if f"{n}. {s}" not in text] == []
    assert re.search(r"\bH\d{3} ", text) and re.search(r"\bP\d{3}(\+P\d{3})* ", text)
    assert "CAS" in text


def test_procedure_is_a_docx_with_heading_styles_and_tables(corpus):
    document = docx.Document(corpus["cnc_procedure_ko.docx"])
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "List Number"} <= styles
    assert document.paragraphs[0].text == "CNC 가공 공정 관리 절차서"
    assert ["역할", "부서", "담당자", "책임"] in [[c.text for c in t.rows[0].cells] for t in document.tables]


def test_drawing_has_a_title_block_a_parts_list_and_rendered_dimensions(corpus, staff):
    doc = ezdxf.readfile(corpus["bracket_drawing.dxf"])
    assert doc.dxfversion == "AC1024"  # R2010
    msp = doc.modelspace()
    refs = {}
    for ref in msp.query("INSERT"):
        refs.setdefault(ref.dxf.name, []).append({a.dxf.tag: a.dxf.text for a in ref.attribs})
    (title,) = refs["TITLE_BLOCK"]
    assert {"TITLE", "DWG_NO", "REV", "SCALE", "DRAWN_BY", "DATE", "MATERIAL"} <= set(title)
    assert title["DRAWN_BY"] == staff["designer"].name and DRAWING_NO.fullmatch(title["DWG_NO"])
    assert [row["ITEM"] for row in refs["BOM_ROW"]] == ["1", "2", "3", "4"]
    assert all(set(row) == {"ITEM", "PART_NO", "NAME", "QTY", "MATERIAL"} for row in refs["BOM_ROW"])
    dimensions = msp.query("DIMENSION")
    assert {round(d.get_measurement(), 1) for d in dimensions} >= {120.0, 86.5, 80.0}
    assert all(len(doc.blocks.get(d.dxf.geometry)) > 0 for d in dimensions)  # rendered, not just defined
    assert "KS B 0412" in _dxf_text(corpus["bracket_drawing.dxf"])
    assert {"OUTLINE", "CENTER", "DIM", "TEXT", "TITLE"} <= {layer.dxf.name for layer in doc.layers}


def test_fasta_records_are_proteins_and_the_gene_that_codes_the_first(corpus):
    text = corpus["coolant_enzymes.fasta"].read_text(encoding="ascii")
    records = [(block.split("\n", 1)[0], block.split("\n", 1)[1].replace("\n", ""))
               for block in text.strip().lstrip(">").split("\n>")]
    assert len(records) == 5 and all("synthetic" in header for header, _ in records)
    proteins, (_, gene) = records[:4], records[4]
    assert all(re.fullmatch("M[ACDEFGHIKLMNPQRSTVWY]+", seq) for _, seq in proteins)
    assert re.fullmatch("[ACGT]+", gene) and len(gene) % 3 == 0 and gene.endswith("TAA")
    codon_to_aa = {codon: aa for aa, codons in CODONS.items() for codon in codons.split()}
    assert "".join(codon_to_aa[gene[i:i + 3]] for i in range(0, len(gene) - 3, 3)) == proteins[0][1]


def test_warning_label_is_a_png(corpus):
    with Image.open(corpus["warning_label.png"]) as image:
        assert (image.format, image.mode) == ("PNG", "RGB") and image.width > image.height


def test_scanned_sheet_is_a_pdf_of_one_picture_without_text(corpus):
    pdf = pdfium.PdfDocument(corpus["scanned_inspection_sheet.pdf"])
    try:
        (page,) = pdf
        assert page.get_textpage().get_text_range().strip() == ""
        assert [obj.type for obj in page.get_objects()] == [pdfium_raw.FPDF_PAGEOBJ_IMAGE]
    finally:
        pdf.close()


@pytest.mark.slow
def test_scanned_sheet_reads_back_with_ocr(corpus, staff):
    pdf = pdfium.PdfDocument(corpus["scanned_inspection_sheet.pdf"])
    image = pdf[0].render(scale=200 / 72).to_pil()
    pdf.close()
    text = pytesseract.image_to_string(image, lang="kor+eng")
    assert "점검" in text and staff["press"].name in text and staff["maintenance"].phone in text


def test_spice_log_is_an_ngspice_batch_log_with_a_warning(corpus):
    log = corpus["press_psu_sim.log"].read_text(encoding="utf-8")
    assert "ngspice" in log and re.search(r"^Circuit: \* PRS-01 ", log, re.M)
    assert re.search(r"^Warning: ", log, re.M) and "Measurements for Transient Analysis" in log


def test_broken_manual_looks_like_a_pdf_but_does_not_open(corpus):
    data = corpus[BROKEN_PDF].read_bytes()
    assert data.startswith(b"%PDF-") and corpus["press_maintenance_manual_ko.pdf"].read_bytes().startswith(data)
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(corpus[BROKEN_PDF])


def test_documents_name_staff_with_phones_and_partners_for_the_anonymizer(corpus, staff):
    texts = {name: _pdf_text(path)[1] for name, path in corpus.items()
             if name.endswith(".pdf") and name not in (BROKEN_PDF, "scanned_inspection_sheet.pdf")}
    texts["cnc_procedure_ko.docx"] = _docx_text(corpus["cnc_procedure_ko.docx"])
    texts["bracket_drawing.dxf"] = _dxf_text(corpus["bracket_drawing.dxf"])
    assert {p.name for p in staff.values()} <= set(staff_names())
    expected = {"press_maintenance_manual_ko.pdf": ("maintenance", "press", "quality"),
                "cnc_maintenance_manual_en.pdf": ("maintenance", "machining", "quality"),
                "cnc_procedure_ko.docx": ("machining", "maintenance", "quality"),
                "bracket_drawing.dxf": ("designer", "checker"),
                **{f"msds_{s}_{lang}.pdf": ("safety",) for s in SUBSTANCES for lang in ("ko", "en")}}
    missing = [(name, role) for name, roles in expected.items() for role in roles
               if staff[role].name not in texts[name]]
    assert missing == []
    contacts = {"press_maintenance_manual_ko.pdf": "maintenance", "cnc_maintenance_manual_en.pdf": "maintenance",
                "cnc_procedure_ko.docx": "maintenance", **{n: "safety" for n in expected if n.startswith("msds_")}}
    assert [name for name, role in contacts.items() if staff[role].phone not in texts[name]] == []
    assert [name for name, text in texts.items() if not any(partner in text for partner in PARTNERS)] == []
    assert DRAWING_NO.search(texts["cnc_procedure_ko.docx"]) and "\\\\PDMSRV01\\" in texts["cnc_procedure_ko.docx"]
