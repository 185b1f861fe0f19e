"""One build of one dataset as an object with one method per step.

The CLI runs every step in order in one process (``plantset.pipeline.runner.build``); Airflow
runs one step per task (``plantset.pipeline.tasks``), each in a fresh process that rebuilds
the ``Run`` from the spec, the output folder and the run id. Both go through these methods,
so a step is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantset.core.specfile import LoadedSpec
from plantset.core.state import Layout, RunFolders
from plantset.pipeline import stages
from plantset.pipeline.anonymization import anonymize_run
from plantset.pipeline.assemble import CandidateRecord
from plantset.pipeline.extract import TableExtract, quarantined

if TYPE_CHECKING:
    from connectors.base import Interval
    from plantset.core.history import RunRecord
    from plantset.pipeline.runner import Reporter


@dataclass(frozen=True)
class Run:
    """A run of ``loaded``'s dataset under ``layout``, working in the private folder ``root``."""

    loaded: LoadedSpec
    layout: Layout
    root: Path

    @property
    def folders(self) -> RunFolders:
        return RunFolders(self.root)

    def labels(self) -> list[str]:
        """The `source.table` labels this build extracts."""
        return stages.source_labels(self.loaded.spec)

    def extract(self, label: str, committed: dict[str, Any], reporter: Reporter | None = None,
                interval: Interval | None = None) -> TableExtract:
        return stages.extract_one(self.loaded.spec, committed, self.root, label, reporter, interval)

    def extracts(self) -> list[TableExtract]:
        """What the extract steps recorded, in spec order."""
        return stages.load_extracts(self.loaded.spec, self.root)

    def normalize(self, extracts: list[TableExtract]) -> Path:
        stages.normalize_all(self.loaded.spec, extracts, self.folders.canonical)
        return self.folders.canonical

    def anonymize(self) -> Path:
        anonymize_run(self.loaded, self.layout, self.root)
        return self.folders.anonymized

    def validate(self, base_version: str | None) -> CandidateRecord:
        return stages.validate_candidate(self.loaded, self.layout, self.root, base_version)

    def publish(self, extracts: list[TableExtract], record: RunRecord, fault: Callable[[str], None], *,
                base_version: str | None, lock: bool, lock_wait: float = 0) -> tuple[str | None, dict[str, int]]:
        """Publish the candidate validated on ``base_version`` and commit the state; ``record`` says what the
        run read and goes into the version as its run.json."""
        note_extracts(record, extracts)
        return stages.publish_run(self.loaded, self.layout, self.root, extracts, fault, run_id=record.run_id,
                                  base_version=base_version, lock=lock, lock_wait=lock_wait,
                                  run_metrics=record.published())


def note_extracts(record: RunRecord, extracts: list[TableExtract]) -> None:
    """What each source table gave, and the files that could not be read, into the run record."""
    record.sources = {e.label: e.summary() for e in extracts}
    record.quarantined = quarantined(extracts)
