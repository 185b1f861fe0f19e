"""Line-by-line redaction for `plantset redact`: the pipeline's detectors on text files or stdin."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from anonymize.lexicon import Lexicon, read_terms
from anonymize.text import Redactor

BATCH_LINES = 2000  # the analyzer runs over a batch at once; memory stays flat on any input size


def lexicon_from_files(lexicon: list[Path], staff: list[Path]) -> Lexicon:
    """A lexicon from term files (default category SECRET) and staff files (PERSON)."""
    terms = Lexicon()
    for paths, category in ((lexicon, "SECRET"), (staff, "PERSON")):
        for path in paths:
            for term_category, term in read_terms(path, category):
                terms.add(term, term_category)
    return terms


def redact_lines(lines: Iterable[str], redactor: Redactor, *, spans: bool = False) -> Iterator[str]:
    """Each input line redacted, or as a JSON line of its spans; line for line, in order."""
    lines = iter(lines)
    while batch := [line.rstrip("\r\n") for line in islice(lines, BATCH_LINES)]:
        if spans:
            for found in redactor.spans_many(batch):
                yield json.dumps([{"start": s.start, "end": s.end, "entity": s.entity} for s in found])
        else:
            yield from redactor.redact_many(batch)
