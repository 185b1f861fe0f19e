"""The build: extract → normalize → anonymize → validate → publish → commit state, each stage durable on disk.

The same stage functions back the CLI and (later) the Airflow tasks. A crash at any
point loses nothing and duplicates nothing: staging is private, a version appears only by
rename with its manifest inside, and the watermarks move only after that rename.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from plantset import environment
from plantset.extract import TableExtract, quarantined
from plantset.state import DatasetLock, Layout, StateStore

if TYPE_CHECKING:
    from plantset.specfile import LoadedSpec


class Reporter:
    """Receives progress; the CLI draws it with rich, tests and DAG tasks ignore it."""

    def stage(self, name: str) -> None:
        """A stage starts."""

    def table_started(self, label: str) -> None:
        """Extraction of ``source.table`` starts."""

    def rows(self, label: str, count: int) -> None:
        """``count`` more rows arrived from ``source.table``."""


@dataclass
class BuildResult:
    """What a build did, for the summary table and the run report."""

    dataset: str
    version: str | None
    path: Path | None
    tables: dict[str, int] = field(default_factory=dict)
    extracts: list[TableExtract] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def crash_if_requested(point: str) -> None:
    """Fault injection for crash tests: PLANTSET_FAULT=<point> ends the process there, uncleanly."""
    if environment.variable("PLANTSET_FAULT") == point:
        import os

        os._exit(70)


def build(
    loaded: LoadedSpec,
    out: Path,
    *,
    reporter: Reporter | None = None,
    fault: Callable[[str], None] = crash_if_requested,
) -> BuildResult:
    """Build a new version of the dataset ``loaded`` describes under ``out``; record the run either way."""
    from plantset import history
    from plantset.errors import PlantsetError

    spec = loaded.spec
    layout = Layout(Path(out), spec.dataset)
    record = history.RunRecord(dataset=spec.dataset, industry=spec.industry, run_id=uuid.uuid4().hex[:12],
                               started_at=history.now())
    try:
        result = _build(loaded, layout, record, reporter or Reporter(), fault)
    except PlantsetError as exc:
        history.append(layout, record.finish("failed", error=str(exc).splitlines()[0]))
        raise
    history.append(layout, record.finish("published" if result.tables else "unchanged", result.version))
    return result


def _build(loaded: LoadedSpec, layout: Layout, record, reporter: Reporter, fault: Callable[[str], None]) -> BuildResult:
    from anonymize.stage import anonymize_run
    from plantset import stages

    spec = loaded.spec
    result = BuildResult(dataset=spec.dataset, version=None, path=None, seconds=record.seconds)
    with DatasetLock(layout):
        layout.clear_leftovers()
        last = StateStore(layout).last_commit()
        committed = last["tables"]
        run = layout.private / "runs" / record.run_id
        with _timed(result.seconds, "extract"):
            reporter.stage("extract")
            result.extracts = [stages.extract_one(spec, committed, run, label, reporter)
                               for label in stages.source_labels(spec)]
        record.sources = {f"{e.source}.{e.table}": {"rows": e.rows, "bytes": e.bytes, **({"reading": e.report}
                                                                                          if e.report else {})}
                          for e in result.extracts}
        record.quarantined = quarantined(result.extracts)
        fault("extracted")
        with _timed(result.seconds, "normalize"):
            reporter.stage("normalize")
            stages.normalize_all(spec, result.extracts, run / "canonical")
        fault("normalized")
        with _timed(result.seconds, "anonymize"):
            reporter.stage("anonymize")
            anonymize_run(loaded, layout, run)
        fault("anonymized")
        with _timed(result.seconds, "validate"):
            reporter.stage("validate")
            stages.validate_candidate(loaded, layout, run, last["version"])
        with _timed(result.seconds, "publish"):
            reporter.stage("publish")
            result.version, result.tables = stages.publish_run(
                loaded, layout, run, result.extracts, fault, run_id=record.run_id, base_version=last["version"],
                lock=False, run_metrics=record.to_json())
        shutil.rmtree(run, ignore_errors=True)
    result.path = layout.published / result.version if result.version else None
    return result


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = round(time.perf_counter() - started, 3)
