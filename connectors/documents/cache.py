"""Parse results kept by content hash, so the tables of one source parse each file once.

A document source declares several tables (documents, elements, chunks, …) over the same
files; each is extracted on its own (in Airflow, in its own task). Parsing is the costly
part and depends only on the file's bytes and the parsers' version, so its result is kept
under ``$PLANTSET_CACHE`` (default ``~/.cache/plantset``) in ``documents/<key>.pickle``, keyed by
everything the result depends on (``key``).
Quarantine reasons are kept too: a file that hung once is not given another two minutes by
every table (timeouts and crashes, which a quieter machine may not repeat, for an hour only).
Delete the folder (or bump ``PARSERS_VERSION``) to parse everything again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path

from connectors.documents.isolate import Outcome

PARSERS_VERSION = "1"
TRANSIENT_SECONDS = 3600  # a timeout or crash is kept for the tables of one run, not for the next run


def folder() -> Path:
    root = os.environ.get("PLANTSET_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "plantset")
    return Path(root) / "documents" / f"v{PARSERS_VERSION}"


def key(digest: str, path: Path, ocr: bool) -> str:
    """What a parse result depends on: the file's bytes, its extension (which picks the parser, and a copy named
    ``a.pdf.bak`` is not a PDF to it), whether OCR runs, and the parsers' version."""
    return hashlib.sha256(f"{digest}|{path.suffix.lower()}|ocr={int(ocr)}|v{PARSERS_VERSION}".encode()).hexdigest()


def load(entry_key: str, path: Path) -> Outcome | None:
    entry = folder() / f"{entry_key}.pickle"
    try:
        with entry.open("rb") as handle:
            parsed, reason, transient = pickle.load(handle)
        if transient and time.time() - entry.stat().st_mtime > TRANSIENT_SECONDS:
            return None  # a timeout or crash an hour ago: worth another try
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    return Outcome(path, parsed=parsed, reason=reason, transient=transient)


def store(entry_key: str, outcome: Outcome) -> None:
    target = folder()
    try:
        target.mkdir(parents=True, exist_ok=True)
        temporary = target / f".{entry_key}.{os.getpid()}.tmp"
        with temporary.open("wb") as handle:
            pickle.dump((outcome.parsed, outcome.reason, outcome.transient), handle, protocol=5)
        os.replace(temporary, target / f"{entry_key}.pickle")
    except OSError:
        pass  # a read-only home only costs parsing again
