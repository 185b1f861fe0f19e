"""The demo plant's documents: what a document source meets in a Korean press and CNC shop.

Born-digital PDF maintenance manuals (Korean and English) and safety data sheets in the 16 GHS
sections, an ISO-style procedure (DOCX), a part drawing with a title block and a parts list
(DXF), FASTA records standing in for a bio partner's lab files, a warning label (PNG), a
scanned inspection sheet (a PDF whose only page is a picture, for OCR), an ngspice log, and
``broken_manual.pdf``: a truncated copy of a manual that the document source must quarantine
with a reason instead of failing the run.

The content comes from the same master data as ``demo.plant`` (machines, failure modes,
partners, inspection limits) and names staff drawn like the plant's (``person``) with their
mobile numbers, and partner companies of the secret lexicon (``demo.secrets``): what the
anonymizer must find. Nothing reads the clock and all randomness is seeded, so the same seed
writes the same bytes. Text is written as blocks — ``("h1", text)``, ``("p", text)``,
``("ul", items)``, ``("table", rows, widths)`` … — that the PDF and DOCX writers both render.

Imported only by the code that generates the demo: it pulls in fpdf2, ezdxf, python-docx and Pillow.

The texts live in ``texts`` (manuals, procedure) and ``msds``; ``people`` names the staff and
companies; ``writers`` (PDF, DOCX), ``drawing`` (DXF), ``lab`` (FASTA, SPICE) and ``pictures``
(label, scan) write the files; ``generate_documents`` below puts them together.
"""

from __future__ import annotations

from pathlib import Path
from random import Random

from demo.documents.blocks import _format
from demo.documents.drawing import _write_drawing
from demo.documents.lab import (
    CODONS,  # noqa: F401 - re-exported: the corpus tests translate the CDS with it
    SPICE_LOG,
    _write_fasta,
)
from demo.documents.msds import SUBSTANCES, _msds_blocks, _words
from demo.documents.people import COMPANIES, Person, document_staff
from demo.documents.pictures import _write_label, _write_scan
from demo.documents.texts import CNC_MANUAL_EN, CNC_PROCEDURE_KO, PRESS_MANUAL_KO
from demo.documents.writers import _PdfJob, _write_docx, _write_pdfs
from demo.secrets import COMPANY

__all__ = ["BROKEN_PDF", "Person", "document_staff", "generate_documents"]

BROKEN_PDF = "broken_manual.pdf"  # truncated on purpose: the document source must quarantine it


def generate_documents(folder: Path, *, seed: int = 7) -> list[Path]:
    """Write the demo plant's documents into ``folder`` and return their paths, sorted.

    Existing files of the same names are replaced. ``broken_manual.pdf`` is a truncated copy of
    the Korean press manual, there to be quarantined. ``seed`` draws the staff and the random
    parts (sequences, scanner specks); the same seed writes the same bytes.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staff = document_staff(seed)
    values = {**COMPANIES, **staff}
    maintenance, safety = f"{COMPANY} {staff['maintenance'].team}", f"{COMPANY} {staff['safety'].team}"
    jobs = [_PdfJob(folder / "press_maintenance_manual_ko.pdf", PRESS_MANUAL_KO[0][1], "ko", maintenance,
                   _format(PRESS_MANUAL_KO, values)),
            _PdfJob(folder / "cnc_maintenance_manual_en.pdf", CNC_MANUAL_EN[0][1], "en", maintenance,
                   _format(CNC_MANUAL_EN, values))]
    jobs += [_PdfJob(folder / f"msds_{substance.key}_{lang}.pdf", f"{substance.product} {_words('title', lang)}", lang,
                    safety, _msds_blocks(substance, lang, values)) for substance in SUBSTANCES for lang in ("ko", "en")]
    written = _write_pdfs(jobs)
    manual = written[0].read_bytes()
    written += [
        _write_docx(folder / "cnc_procedure_ko.docx", _format(CNC_PROCEDURE_KO, values),
                    title=CNC_PROCEDURE_KO[0][1], author=staff["machining"].name),
        _write_drawing(folder / "bracket_drawing.dxf", values),
        _write_fasta(folder / "coolant_enzymes.fasta", Random(f"{seed}:documents:fasta")),
        _write_label(folder / "warning_label.png", staff),
        _write_scan(folder / "scanned_inspection_sheet.pdf", staff, Random(f"{seed}:documents:scan")),
        _write_text(folder / "press_psu_sim.log", SPICE_LOG),
        _write_bytes(folder / BROKEN_PDF, manual[: len(manual) // 3]),
    ]
    return sorted(written)


def _write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
