"""What every demo document shares: its issue date, its fonts, and the text blocks' placeholders.

Text is written as blocks — ``("h1", text)``, ``("p", text)``, ``("ul", items)``,
``("table", rows, widths)`` … — that the PDF and DOCX writers both render; ``{placeholders}`` in
them (a company, a partner, ``{safety.name}``) are filled per document by ``_format``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/nanum")  # Debian fonts-nanum, installed by `make system`
ISSUED = datetime(2026, 2, 16, 9, 0, tzinfo=timezone(timedelta(hours=9)))  # every document's date, in KST


def _format(value, values: dict):
    """``value`` (a string or nested tuples of them) with its ``{placeholders}`` filled from ``values``."""
    if isinstance(value, str):
        return value.format_map(values)
    if isinstance(value, (tuple, list)):
        return type(value)(_format(v, values) for v in value)
    return value
