"""What a file is, read from its content rather than its name, and which parser reads it.

A file whose content and extension disagree is not guessed at: it is quarantined with both
named, because a PDF renamed ``.docx`` usually means a broken export, not a lucky one.
Formats told apart only by name (Markdown vs text, SPICE logs, FASTA) are checked for
plausibility instead.
"""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Callable
from pathlib import Path

from connectors.documents.model import DocumentError, Parsed
from connectors.documents.ocr import ocr_pdf_page

# file type → its parse function, imported on first use: each parser module loads its own libraries (PDFium,
# unstructured, ezdxf, Tesseract …) at import, and a folder of PDFs should not pay for the DXF reader.
PARSERS = {
    "pdf": "connectors.documents.pdf:parse_pdf",
    **{kind: f"connectors.documents.office:parse_{kind}" for kind in ("docx", "html", "xlsx", "pptx", "md", "txt",
                                                                       "eml")},
    "hwp": "connectors.documents.hwp:parse_hwp",
    "hwpx": "connectors.documents.hwpx:parse_hwpx",
    "image": "connectors.documents.image:parse_image",
    "dxf": "connectors.documents.dxf:parse_dxf",
    "fasta": "connectors.documents.fasta:parse_fasta",
    "spice": "connectors.documents.spice:parse_spice",
}

# extension → file type, for formats the content alone does not tell
_BY_EXTENSION = {
    ".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".pptx": "pptx", ".hwpx": "hwpx",
    ".hwp": "hwp", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt",
    ".eml": "eml", ".dxf": "dxf", ".fa": "fasta", ".fasta": "fasta", ".faa": "fasta", ".fna": "fasta",
    ".log": "spice", ".out": "spice", ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image",
    ".tiff": "image", ".bmp": "image", ".gif": "image", ".webp": "image",
}
_TEXT_TYPES = {"html", "md", "txt", "eml", "dxf", "fasta", "spice"}
_ZIP_TYPES = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/", "hwpx": "Contents/"}
_NAMES = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "pptx": "PPTX", "hwpx": "HWPX", "hwp": "HWP",
          "image": "an image", "zip": "a ZIP archive", "ole": "an OLE compound file (old Office or HWP)",
          "gzip": "gzip data", "text": "text"}


def suffix(path: Path) -> str:
    """The extension that names the format: ``.fasta`` for ``x.fasta.gz``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz" and len(suffixes) > 1:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def sniff(path: Path, head: bytes) -> str:
    """The content's format from its first bytes: pdf, zip, ole, image, gzip, text or unknown."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")) or \
            (head[:4] == b"RIFF" and head[8:12] == b"WEBP") or (head[:2] == b"BM" and head[6:10] == bytes(4)):
        return "image"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head:
        return "text"
    return "unknown"


def file_type(path: Path) -> str:
    """The parser a file goes to, checked against its content; a mismatch is a ``DocumentError``."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise DocumentError("empty file (0 bytes): nothing to read; re-export or remove it")
    content = sniff(path, head)
    claimed = _BY_EXTENSION.get(suffix(path))
    if claimed is None:
        raise DocumentError(f"unknown kind of file (extension {path.suffix or 'none'!r}, content looks like "
                            f"{_NAMES.get(content, 'unknown binary data')}): not a format plantset reads")
    expected = _expected_content(claimed)
    if (content == "gzip" and claimed == "fasta") or (content == "ole" and claimed in ("docx", "xlsx", "pptx")):
        return claimed  # gzip'd FASTA; a password-protected or legacy Office file, which its parser names
    if content != expected and not (expected == "text" and content == "unknown" and claimed == "spice"):
        raise DocumentError(f"content is {_NAMES.get(content, 'unknown binary data')}, but the extension "
                            f"{path.suffix!r} says {_NAMES.get(claimed, claimed)}: fix the export or the file name")
    if content == "zip":
        _check_zip(path, claimed)
    return claimed


def _expected_content(kind: str) -> str:
    if kind in _ZIP_TYPES:
        return "zip"
    if kind == "hwp":
        return "ole"
    return "text" if kind in _TEXT_TYPES else kind


def _check_zip(path: Path, claimed: str) -> None:
    """A ZIP-based format must hold its own parts: a DOCX renamed .xlsx is caught here."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"corrupt or truncated {_NAMES[claimed]}: {exc}") from None
    found = next((kind for kind, part in _ZIP_TYPES.items() if any(n.startswith(part) for n in names)), None)
    if found is not None and found != claimed:
        raise DocumentError(f"content is {_NAMES[found]}, but the extension {path.suffix!r} says {_NAMES[claimed]}: "
                            "fix the export or the file name")


def parser(kind: str) -> Callable[..., Parsed]:
    """The parse function of a file type."""
    if kind not in PARSERS:
        raise DocumentError(f"no parser for {kind}")
    module, _, name = PARSERS[kind].partition(":")
    return getattr(importlib.import_module(module), name)


def parse_file(path: Path, ocr: bool = True) -> Parsed:
    """Read one file with the parser its content calls for."""
    kind = file_type(path)
    if kind == "pdf" and ocr:
        return parser(kind)(path, ocr=ocr_pdf_page)
    if kind == "image" and not ocr:
        raise DocumentError("an image, and OCR is off for this source: set `ocr: true` to read it")
    return parser(kind)(path)
