"""Which text encoding a plant's export is in: UTF-8 (with or without BOM), UTF-16 with BOM, EUC-KR or CP949.

``file_encoding`` decides it by streaming the file through incremental decoders, a
megabyte at a time, so a large export never sits in memory whole; ``detect_encoding``
does the same for bytes already read (a document).
"""

from __future__ import annotations

import codecs
from pathlib import Path

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# EUC-KR before CP949: CP949 is its superset, and a file that is valid EUC-KR is reported as such
CANDIDATES = ("utf-8", "euc-kr", "cp949")
CHUNK = 1 << 20


class EncodingProblem(ValueError):
    """The bytes are not text in the encoding given (``at``: offset of the first bad byte) or in any we know."""

    def __init__(self, encoding: str | None, at: int | None = None):
        self.encoding, self.at = encoding, at
        super().__init__(encoding, at)


def detect_encoding(data: bytes) -> str | None:
    """The encoding of a text export held in memory, or None when it is none of the ones plants use."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for name in CANDIDATES:
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    return None


def file_encoding(path: Path, declared: str = "auto") -> str:
    """The encoding of the file at ``path``: ``declared`` when it decodes the whole file, else detected.

    Raises ``EncodingProblem`` naming the first bad byte of a declared encoding, or with no encoding when
    auto-detection finds none that fits.
    """
    if declared != "auto":
        bad = _first_bad_byte(path, declared)
        if bad is not None:
            raise EncodingProblem(declared, bad)
        return declared
    with path.open("rb") as handle:
        head = handle.read(4)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    for name in CANDIDATES:
        if _first_bad_byte(path, name) is None:
            return name
    raise EncodingProblem(None)


def _first_bad_byte(path: Path, encoding: str) -> int | None:
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(CHUNK)
            pending = len(decoder.getstate()[0])  # bytes of a character cut at the last chunk's end
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                return offset - pending + exc.start
            if not chunk:
                return None
            offset += len(chunk)
