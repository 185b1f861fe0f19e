"""The build: extract → normalize → anonymize → validate → publish → commit state, each stage durable on disk.

The CLI runs every stage here in one process; Airflow runs the same stage functions
(``plantset.pipeline.stages``) one per task through ``plantset.pipeline.tasks``. A crash at any
point loses nothing and duplicates nothing: staging is private, a version appears only by
rename with its manifest inside, and the watermarks move only after that rename.
"""

from __future__ import annotations

import errno
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from plantset.core import environment, errors, history
from plantset.core.errors import PlantsetError, StageError
from plantset.core.state import DatasetLock, Layout
from plantset.pipeline.extract import TableExtract
from plantset.pipeline.recovery import start_point
from plantset.pipeline.run import Run, note_extracts

if TYPE_CHECKING:
    from plantset.core.specfile import LoadedSpec


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
    spec = loaded.spec
    layout = Layout(Path(out), spec.dataset)
    record = history.RunRecord(dataset=spec.dataset, industry=spec.industry, run_id=uuid.uuid4().hex[:12],
                               started_at=history.now())
    try:
        layout.make_private()
        result = _build(loaded, layout, record, reporter or Reporter(), fault)
    except (PlantsetError, OSError) as exc:
        error = exc if isinstance(exc, PlantsetError) else file_error(_stage_of(record), exc)
        try:
            history.append(layout, record.finish("failed", error=str(error).splitlines()[0]))
        except OSError:
            pass  # the disk that failed the run may refuse the history line too; the error still says what
        if error is exc:
            raise
        raise error from None
    finally:  # a failed run's raw extracts are not kept; a crash's are removed by a later run (clear_leftovers)
        shutil.rmtree(layout.run(record.run_id), ignore_errors=True)
    history.append(layout, record.finish("published" if result.tables else "unchanged", result.version))
    return result


def _build(loaded: LoadedSpec, layout: Layout, record, reporter: Reporter, fault: Callable[[str], None]) -> BuildResult:
    result = BuildResult(dataset=loaded.spec.dataset, version=None, path=None, seconds=record.seconds)
    with DatasetLock(layout):
        layout.clear_leftovers()
        last = start_point(layout)
        run = Run(loaded, layout, layout.run(record.run_id))
        with _timed(result.seconds, "extract"):
            reporter.stage("extract")
            result.extracts = [run.extract(label, last["tables"], reporter) for label in run.labels()]
        note_extracts(record, result.extracts)
        fault("extracted")
        with _timed(result.seconds, "normalize"):
            reporter.stage("normalize")
            run.normalize(result.extracts)
        fault("normalized")
        with _timed(result.seconds, "anonymize"):
            reporter.stage("anonymize")
            run.anonymize()
        fault("anonymized")
        with _timed(result.seconds, "validate"):
            reporter.stage("validate")
            run.validate(last["version"])
        with _timed(result.seconds, "publish"):
            reporter.stage("publish")
            result.version, result.tables = run.publish(result.extracts, record, fault, base_version=last["version"],
                                                         lock=False)
    result.path = layout.published / result.version if result.version else None
    return result


def _stage_of(record) -> str:
    """The stage a run was in: the last one timed (a stage's time is noted however it ends)."""
    return next(reversed(record.seconds), "prepare")


def file_error(stage: str, exc: OSError):
    """An operating-system error as one line naming the path and what to do."""
    path = exc.filename or "the output folder"
    hints = {
        errno.ENOSPC: "free disk space or give --out a larger disk",
        errno.EDQUOT: "free space in the user's quota or give --out another disk",
        errno.EACCES: "let the user running plantset write there, or give --out a folder it owns",
        errno.EPERM: "let the user running plantset write there, or give --out a folder it owns",
        errno.EROFS: "the disk is mounted read-only: give --out a writable folder",
        errno.ENOENT: "a file or folder vanished during the run; `plantset verify` checks the published versions",
    }
    hint = hints.get(exc.errno, "check the disk and the path")
    return StageError(stage, f"{path}: {exc.strerror or type(exc).__name__}",
                      hint=f"{hint}; nothing was published and the state is unchanged")


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Time a stage, and name it in any StageError raised inside it."""
    started = time.perf_counter()
    try:
        with errors.stage(stage):
            yield
    finally:
        seconds[stage] = round(time.perf_counter() - started, 3)
