"""What every document parser returns: a document's elements in reading order, and its domain records.

Parsers (one module per format family) turn one file into a ``Parsed``: the document's
title, page count and kind of file, its ``Element``s in reading order (titles with their
heading level, narrative text, list items, tables as HTML and cells, images), and records
for the domain tables a format feeds (``sequence`` from FASTA, ``image`` from pictures,
``simulation_log`` from SPICE logs, ``drawing`` entities from DXF). A file a parser cannot
read raises ``DocumentError`` with a reason a person can act on; the source quarantines
it and goes on. Section paths, language, chunks and ids are computed by the source from
what parsers return, the same way for every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Element types, as unstructured names them (so its partitioners map one to one), plus the few
# that structured formats add.
ELEMENT_TYPES = ("Title", "NarrativeText", "ListItem", "Table", "Image", "FigureCaption", "Header", "Footer",
                 "Address", "EmailAddress", "Formula", "CodeSnippet", "PageNumber", "UncategorizedText",
                 "Dimension", "Annotation", "Field")


class SetupError(Exception):
    """The machine lacks what every file needs (a spaCy model, Tesseract or its language data).

    Not the file's fault: the run fails with this one line, nothing is quarantined and the state
    stays as it was, so the files are read once the install is fixed.
    """


class DocumentError(Exception):
    """A file that cannot be parsed: the reason is one line, says what is wrong and, where it helps, what to do.

    Examples: ``encrypted PDF: it needs a password; export an unprotected copy``,
    ``empty file (0 bytes)``, ``content is a ZIP archive (DOCX), not PDF as the extension says``.
    """


@dataclass
class Element:
    """One piece of a document in reading order."""

    type: str  # one of ELEMENT_TYPES
    text: str
    page: int | None = None  # 1-based page (or slide, or sheet) number; None for formats without pages
    level: int | None = None  # for Title: 1 for a top-level heading, 2 below it, …; None when unknown
    table_html: str | None = None  # for Table: the table as <table>…</table>
    table_cells: list[list[str]] | None = None  # for Table: rows of cell texts (merged cells repeated)
    metadata: dict[str, Any] = field(default_factory=dict)  # format specifics: DXF layer, e-mail headers, …


@dataclass
class Parsed:
    """What a parser read from one file."""

    file_type: str  # pdf, docx, html, xlsx, pptx, md, txt, eml, hwp, hwpx, image, dxf, fasta, spice
    elements: list[Element]
    title: str | None = None  # from the document's metadata or its first title
    pages: int | None = None
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # domain table → rows
    metadata: dict[str, Any] = field(default_factory=dict)  # author, created, … (never published as is)
