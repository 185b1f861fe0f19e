"""Run history: one JSON line per build, success or failure, for the programme's figures.

Kept in the plant-private area (``<out>/.plantset/<dataset>/history.jsonl``); the run that
publishes a version also writes its metrics into the version as ``run.json``.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from plantset.core.state import Layout

HISTORY = "history.jsonl"
log = logging.getLogger(__name__)


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class RunRecord:
    """What one build did: when, how it ended, and what it moved."""

    dataset: str
    industry: str
    run_id: str
    started_at: str
    ended_at: str = ""
    status: str = "running"  # published, unchanged or failed
    version: str | None = None
    error: str | None = None
    retries: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    sources: dict[str, dict[str, int]] = field(default_factory=dict)
    quarantined: list[str] = field(default_factory=list)
    base_version: str | None = None  # the version whose state the run extracted from

    def finish(self, status: str, version: str | None = None, error: str | None = None) -> RunRecord:
        self.ended_at, self.status, self.version, self.error = now(), status, version, error
        return self

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def published(self) -> dict[str, Any]:
        """The record as a published version's ``run.json`` holds it: durations and counts, never a wall-clock
        time. A build's start or the span a sensor reading covered, set beside the shifted dates of the data,
        would give the secret date shift away (a capture's values are stamped while the build runs); the full
        record stays in the private history."""
        record = self.to_json()
        for name in ("started_at", "ended_at"):
            record.pop(name)
        for entry in record["sources"].values():
            reading = dict(entry.get("reading") or {})
            if "range" in reading:
                start, end = (datetime.fromisoformat(t) for t in reading.pop("range"))
                reading["range_seconds"] = round((end - start).total_seconds(), 3)
            if "gaps" in reading:
                reading["gaps"] = [{"seconds": gap["seconds"]} for gap in reading["gaps"]]
            if reading:
                entry["reading"] = reading
        return record


def append(layout: Layout, record: RunRecord) -> None:
    """Add a run to the dataset's history (one line, flushed to disk)."""
    layout.private.mkdir(parents=True, exist_ok=True)
    with (layout.private / HISTORY).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_all(out: Path) -> list[dict[str, Any]]:
    """Every recorded run of every dataset under ``out``, oldest first per dataset."""
    private = Path(out) / ".plantset"
    records: list[dict[str, Any]] = []
    if not private.is_dir():
        return records
    for history in sorted(private.glob(f"*/{HISTORY}")):
        for number, line in enumerate(history.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:  # a line torn by a crash or a full disk: the other runs still count
                log.warning("%s line %d is not a whole run record (torn by a crash?); skipped", history, number)
    return records
