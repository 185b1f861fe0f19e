"""Text from pictures of pages: Tesseract (Korean and English) over scanned PDF pages and image files.

The settings below were measured on rendered Korean and English pages with Tesseract 5.3 (the
figures are in tests/documents/test_ocr.py):

- Page segmentation mode 4 (one column of lines of varying size). Mode 3, Tesseract's default
  automatic layout, drops or garbles Hangul (tesseract-ocr/tesseract#4016, #3423): it read a clean
  Korean page with accuracy 0.00 where mode 4 read 0.98. The price is that a two-column scan is
  read row by row across both columns; mode 3 would have dropped the Korean column altogether.
- One OpenMP thread per Tesseract process: a page takes about 0.8 s instead of 3 s on two cores,
  because Tesseract's threads contend more than they share. A limit the operator sets wins.
- One Tesseract run writes both its text and its TSV. The TSV has each line's box and confidence
  but splits Hangul words into syllables without saying which had a space between them; the text
  output keeps the spacing, so a line's words come from there.
- No binarization or denoising of our own: on blurred, noisy and low-contrast renderings Tesseract's
  own thresholding did as well as grayscale, fixed-threshold and auto-contrast preprocessing.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from connectors.documents.model import DocumentError, SetupError
from plantset.core import environment

LANGUAGES = "kor+eng"
PAGE_SEGMENTATION = "4"
PAGE_TIMEOUT_S = 60.0
MAX_RENDER_PIXELS = 40_000_000  # an A2 page at 300 dpi; larger pages are rendered at a lower resolution

Box = tuple[int, int, int, int]  # left, top, right, bottom in image pixels


@dataclass(frozen=True)
class OcrLine:
    """One line of recognized text on a page, in reading order."""

    text: str
    confidence: float  # Tesseract's mean word confidence, 0–100
    bbox: Box
    paragraph: int  # 1-based number of the paragraph on the page: lines sharing it belong together


def ocr_image(image: Image.Image, languages: str = LANGUAGES, *, timeout: float = PAGE_TIMEOUT_S) -> list[OcrLine]:
    """The text lines Tesseract reads in ``image``; the same image always gives the same lines.

    ``languages`` is Tesseract's ``-l`` value (``kor+eng``); ``timeout`` is in seconds. Raises
    ``DocumentError`` when Tesseract or a language's data is missing, fails or takes too long.
    """
    _require(languages)
    text, tsv = _run_tesseract(_grayscale(image), languages, timeout)
    return _lines(text, tsv)


def ocr_pdf_page(path: Path, page_index: int, dpi: int = 300, *, languages: str = LANGUAGES,
                 timeout: float = PAGE_TIMEOUT_S) -> list[str]:
    """The text lines of page ``page_index`` (0-based) of the PDF at ``path``, read from a rendering at ``dpi``.

    For pages that carry no text layer: scans, or text drawn as outlines.
    """
    try:
        lines = ocr_image(_render(path, page_index, dpi), languages, timeout=timeout)
    except DocumentError as exc:
        raise DocumentError(f"page {page_index + 1}: {exc}") from exc
    return [line.text for line in lines]


def _render(path: Path, page_index: int, dpi: int) -> Image.Image:
    """The page in gray at ``dpi``, or at less where that would pass ``MAX_RENDER_PIXELS`` (a poster-sized page)."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"cannot open the PDF to OCR it: {exc}") from exc
    try:
        page = pdf[page_index]
        width, height = page.get_size()
        scale = min(dpi / 72, math.sqrt(MAX_RENDER_PIXELS / max(width * height, 1.0)))
        return page.render(scale=scale, grayscale=True).to_pil()
    finally:
        pdf.close()


def _grayscale(image: Image.Image) -> Image.Image:
    """``image`` as 8-bit gray: transparency over white, 16-bit scans scaled rather than clipped to white."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        flat = Image.new("RGBA", image.size, "white")
        flat.alpha_composite(image.convert("RGBA"))
        image = flat
    elif image.mode.startswith("I;16"):
        image = image.point(lambda value: value / 256)
    return image.convert("L")


def _require(languages: str) -> None:
    """Fail with the Debian packages to install when Tesseract or one of ``languages`` is missing."""
    import pytesseract

    wanted = languages.split("+")
    try:
        installed = set(pytesseract.get_languages())
    except pytesseract.TesseractNotFoundError as exc:
        raise _not_installed(wanted) from exc
    missing = [language for language in wanted if language not in installed]
    if missing:
        raise SetupError(f"Tesseract has no language data for {'+'.join(missing)}; install the Debian "
                            f"package(s) {', '.join(_packages(missing))}")


def _not_installed(languages: list[str]) -> SetupError:
    return SetupError(f"Tesseract is not installed; install the Debian packages "
                         f"{', '.join(['tesseract-ocr', *_packages(languages)])}")


def _packages(languages: list[str]) -> list[str]:
    return [f"tesseract-ocr-{language.replace('_', '-')}" for language in languages]


def _run_tesseract(image: Image.Image, languages: str, timeout: float) -> tuple[str, str]:
    """Tesseract's text and TSV outputs for ``image``, from one run."""
    import pytesseract

    environment.set_default("OMP_THREAD_LIMIT", "1")
    with tempfile.TemporaryDirectory(prefix="plantset-ocr-") as work:
        source, out = Path(work, "page.pgm"), Path(work, "page")
        image.save(source)
        command = [pytesseract.pytesseract.tesseract_cmd, str(source), str(out), "-l", languages,
                   "--psm", PAGE_SEGMENTATION, "txt", "tsv"]
        try:
            subprocess.run(command, capture_output=True, check=True, timeout=timeout)
        except FileNotFoundError as exc:
            raise _not_installed(languages.split("+")) from exc
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(f"OCR took longer than {timeout:g} s on one page and was stopped; "
                                "a page that is a photo or drawing rather than text can do that") from exc
        except subprocess.CalledProcessError as exc:
            said = exc.stderr.decode(errors="replace").strip().splitlines()
            raise DocumentError(f"Tesseract failed: {said[-1] if said else f'exit status {exc.returncode}'}") from exc
        return out.with_suffix(".txt").read_text(encoding="utf-8"), out.with_suffix(".tsv").read_text(encoding="utf-8")


def _lines(text: str, tsv: str) -> list[OcrLine]:
    """Lines with boxes and confidences from the TSV, each worded as Tesseract's text output spaces it."""
    printed = iter([line for line in text.splitlines() if line.strip()])
    paragraphs: dict[tuple[str, str], int] = {}
    lines = []
    for found in _tsv_lines(tsv):
        words = [word for word, _ in found.words]
        spaced = next(printed, "")
        lines.append(OcrLine(
            text=" ".join(spaced.split()) if "".join(spaced.split()) == "".join(words) else " ".join(words),
            confidence=round(sum(confidence for _, confidence in found.words) / len(found.words), 1),
            bbox=found.box,
            paragraph=paragraphs.setdefault(found.paragraph, len(paragraphs) + 1),
        ))
    return lines


@dataclass
class _TsvLine:
    paragraph: tuple[str, str]  # Tesseract's block and paragraph numbers
    box: Box
    words: list[tuple[str, float]] = field(default_factory=list)  # (word, confidence)


def _tsv_lines(tsv: str) -> list[_TsvLine]:
    """The lines of Tesseract's TSV that hold words, in reading order."""
    lines: dict[tuple[str, str, str], _TsvLine] = {}
    for row in tsv.splitlines()[1:]:
        level, _, block, paragraph, line, _, left, top, width, height, confidence, word = row.split("\t", 11)
        if level == "4":
            x, y = int(left), int(top)
            lines[block, paragraph, line] = _TsvLine((block, paragraph), (x, y, x + int(width), y + int(height)))
        elif level == "5" and word.strip():
            lines[block, paragraph, line].words.append((word.strip(), max(float(confidence), 0.0)))
    return [line for line in lines.values() if line.words]
