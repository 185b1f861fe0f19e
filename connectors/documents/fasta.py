"""FASTA sequence files (protein, DNA, RNA) into ``sequence`` records, bad records reported by line.

The bio consortium's files can be large and are often gzip-compressed, so they are read line
by line. A record with a character that is no amino-acid or nucleotide code is reported in
``metadata["problems"]`` with its line and column and left out; so are sequence data before
the first header, records without sequence and repeated record ids. The good records are
kept: one bad record in a thousand should not quarantine the file.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from connectors.documents.model import DocumentError, Element, Parsed

GZIP_MAGIC = b"\x1f\x8b"
# The protein alphabet (20 amino acids plus BZXJUO) covers every letter, and every IUPAC
# nucleotide code is a letter: a character is valid when it is a letter, '*' (stop) or '-' (gap).
INVALID = re.compile(r"[^A-Za-z*\-\s]")
DNA = frozenset("ACGTN-")
RNA = frozenset("ACGUN-")
IUPAC_NUCLEOTIDES = frozenset("ACGTURYSWKMBDHVN-")
# A sequence of IUPAC codes that is mostly plain bases is a nucleotide sequence with a few
# ambiguity codes, not a protein: real proteins are far from 90% A, C, G, T/U and N.
NUCLEOTIDE_SHARE = 0.9
MAX_PROBLEMS = 200


@dataclass
class _Record:
    record_id: str
    description: str
    line: int
    chunks: list[str] = field(default_factory=list)
    bad: str | None = None  # why the record is left out, once a bad character is seen


def parse_fasta(path: Path) -> Parsed:
    """Read a plain or gzip-compressed FASTA file into ``records["sequence"]``, one row per good record."""
    problems: list[str] = []
    rows: list[dict] = []
    first_line_of: dict[str, int] = {}
    with _open_text(path) as lines:
        try:
            for record in _records(lines, problems):
                row = _row(record, problems, first_line_of)
                if row is not None:
                    rows.append(row)
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            problems.append(f"compressed data is cut off or corrupt ({error}); records after that point are lost")
    if not rows:
        reason = problems[0] if problems else "no '>' header line"
        raise DocumentError(f"no valid FASTA record in {path.name}: {reason}")
    elements = [Element("NarrativeText", f"{row['record_id']} {row['description']}".strip(),
                        metadata={"record_id": row["record_id"], "alphabet": row["alphabet"],
                                  "length": row["length"], "line": row["line"]})
                for row in rows]
    metadata = {"problems": problems[:MAX_PROBLEMS], "problem_count": len(problems)}
    return Parsed("fasta", elements, records={"sequence": rows}, metadata=metadata)


def _open_text(path: Path) -> io.TextIOBase:
    with path.open("rb") as probe:
        compressed = probe.read(2) == GZIP_MAGIC
    if compressed:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def _records(lines: Iterator[str], problems: list[str]) -> Iterator[_Record]:
    """The records in file order, each with its sequence lines checked character by character."""
    record: _Record | None = None
    orphans: list[int] = []  # numbers of the sequence lines before the first header
    for number, raw in enumerate(lines, start=1):
        text = raw.rstrip("\r\n")
        if text.startswith(">"):
            if record is not None:
                yield record
            elif orphans:
                _report_orphans(orphans, problems)
            record_id, description = (text[1:].split(maxsplit=1) + ["", ""])[:2]
            record = _Record(record_id, description.strip(), number)
        elif not text.strip() or text.startswith(";"):  # blank lines and old-style comments
            continue
        elif record is None:
            orphans[1:] = [number]  # the first and the last are all the report needs
        elif record.bad is None:
            _check_line(record, text, number)
    if record is not None:
        yield record
    elif orphans:
        _report_orphans(orphans, problems)


def _report_orphans(orphans: list[int], problems: list[str]) -> None:
    lines = f"line {orphans[0]}" if len(orphans) == 1 else f"lines {orphans[0]}-{orphans[-1]}"
    problems.append(f"{lines}: sequence data before the first '>' header; skipped")


def _check_line(record: _Record, text: str, number: int) -> None:
    bad = INVALID.search(text)
    if bad:
        record.bad = (f"line {number}: record {record.record_id}: character {bad.group()!r} at column "
                      f"{bad.start() + 1} is not an amino-acid or nucleotide code")
        record.chunks.clear()  # the record is dropped; its sequence need not be held
    else:
        record.chunks.append("".join(text.split()).upper())


def _row(record: _Record, problems: list[str], first_line_of: dict[str, int]) -> dict | None:
    where = f"line {record.line}: record {record.record_id}"
    if not record.record_id:
        problems.append(f"line {record.line}: header without a record id; skipped")
        return None
    if record.record_id in first_line_of:
        problems.append(f"{where}: duplicate record id (first at line {first_line_of[record.record_id]}); skipped")
        return None
    first_line_of[record.record_id] = record.line
    if record.bad:
        problems.append(record.bad)
        return None
    sequence = "".join(record.chunks)
    if not sequence:
        problems.append(f"{where}: empty record (no sequence); skipped")
        return None
    return {"record_id": record.record_id, "description": record.description, "alphabet": alphabet(sequence),
            "length": len(sequence), "sequence": sequence, "line": record.line}


def alphabet(sequence: str) -> str:
    """``dna``, ``rna`` or ``protein`` for an upper-case sequence of valid codes."""
    letters = set(sequence)
    if letters <= DNA:
        return "dna"
    if letters <= RNA:
        return "rna"
    if letters <= IUPAC_NUCLEOTIDES and not {"T", "U"} <= letters:
        plain = sum(sequence.count(base) for base in "ACGTUN")
        residues = len(sequence) - sequence.count("-")
        if residues and plain / residues >= NUCLEOTIDE_SHARE:
            return "rna" if "U" in letters else "dna"
    return "protein"
