"""The build as separate steps that pass paths, for orchestrators (Airflow tasks).

Each step loads the spec itself, reads what the previous step left in the run folder and
leaves its own result there, so any step can be retried alone: extraction of a table
starts over from the committed state, normalization rewrites its folder, and publishing
commits the state only after the version is in place. Concurrent runs of one dataset are
kept out by the orchestrator (one active run per dataset) and the publish lock.
"""

from __future__ import annotations

import functools
import json
import shutil
import time
from datetime import datetime
from pathlib import Path

from connectors.base import Interval
from plantset.core import errors, history
from plantset.core.state import DatasetLock, Layout, RunFolders, StateStore, write_json_atomic
from plantset.pipeline.recovery import start_point
from plantset.pipeline.run import Run
from plantset.pipeline.runner import crash_if_requested
from plantset.pipeline.specs import load_spec

RUN_RECORD = "record.json"
LOCK_WAIT = 3600.0  # seconds a step waits for another run of the dataset to finish publishing (backfills queue up)


def _named(stage: str):
    """A step whose StageErrors carry its stage's name, wherever in the libraries they were raised."""
    def wrap(step):
        @functools.wraps(step)
        def run(*args, **kwargs):
            with errors.stage(stage):
                return step(*args, **kwargs)
        return run
    return wrap


def _file_name(text: str) -> str:
    """``text`` (an Airflow run id, a `source.table` label) usable as one file or folder name."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)


def _setup(spec_path: str, out: str, run_id: str, *, plan: bool = False) -> Run:
    """The run an Airflow run id names, rebuilt in this task's process from the spec and the output folder.

    The plan step checks the spec's declared expectations against Great Expectations; the later steps do not
    import GX for that (seconds per task process): the validate step runs them anyway."""
    loaded = load_spec(spec_path, check_gx=plan)
    layout = Layout(Path(out), loaded.spec.dataset)
    layout.make_private()
    return Run(loaded, layout, layout.run(_file_name(run_id)))


@_named("prepare")
def plan(spec_path: str, out: str, run_id: str, attempt: int = 1) -> list[str]:
    """Check the spec, recover an interrupted publish, clear stale staging; the tables to extract."""
    record_start = time.perf_counter()
    run = _setup(spec_path, out, run_id, plan=True)
    with DatasetLock(run.layout, wait=LOCK_WAIT):
        run.layout.clear_leftovers(keep=run.root.name)
        base = start_point(run.layout)["version"]
    spec = run.loaded.spec
    record = history.RunRecord(dataset=spec.dataset, industry=spec.industry, run_id=run_id,
                               started_at=history.now(), base_version=base)
    write_json_atomic(run.root / RUN_RECORD, record.to_json())
    _step_done(run.root, "plan", "plan", record_start, attempt)
    return run.labels()


@_named("extract")
def extract(spec_path: str, out: str, run_id: str, label: str,
            interval: tuple[str, str] | None = None, attempt: int = 1) -> str:
    """Extract one `source.table` into the run folder; the path of its record.

    With a data ``interval`` (ISO times, UTC), timestamp-watermarked tables are read for
    that interval alone, so a backfill gives the rows one big run gives.
    """
    started = time.perf_counter()
    run = _setup(spec_path, out, run_id)
    bounds = None
    if interval is not None:
        bounds = Interval(datetime.fromisoformat(interval[0]), datetime.fromisoformat(interval[1]),
                          run.loaded.spec.timezone)
    result = run.extract(label, StateStore(run.layout).load(), interval=bounds)
    _step_done(run.root, "extract", label, started, attempt)
    return str(run.folders.raw_table(label) / result.RECORD)


@_named("normalize")
def normalize(spec_path: str, out: str, run_id: str, attempt: int = 1) -> str:
    """Map every extracted table onto the canonical tables; the canonical folder."""
    started = time.perf_counter()
    run = _setup(spec_path, out, run_id)
    canonical = run.normalize(run.extracts())
    _step_done(run.root, "normalize", "normalize", started, attempt)
    return str(canonical)


@_named("anonymize")
def anonymize(spec_path: str, out: str, run_id: str, attempt: int = 1) -> str:
    """Apply the spec's anonymization policies to the normalized tables; the anonymized folder."""
    started = time.perf_counter()
    run = _setup(spec_path, out, run_id)
    anonymized = run.anonymize()
    _step_done(run.root, "anonymize", "anonymize", started, attempt)
    return str(anonymized)


@_named("validate")
def validate(spec_path: str, out: str, run_id: str, attempt: int = 1) -> str:
    """Assemble the candidate version (merged with the version the run started from) and validate it;
    the candidate folder. A failing critical expectation fails the step and nothing is published."""
    started = time.perf_counter()
    run = _setup(spec_path, out, run_id)
    run.validate(_record(run, run_id).base_version)
    _step_done(run.root, "validate", "validate", started, attempt)
    return str(run.folders.candidate)


@_named("publish")
def publish(spec_path: str, out: str, run_id: str, attempt: int = 1) -> str:
    """Publish the run, commit the sources' state and record the run; the path of the current version.

    A retry after this run committed returns the same version and records nothing twice.
    The run folder (raw plant data) is removed once the state is committed.
    """
    run = _setup(spec_path, out, run_id)
    layout = run.layout
    last = StateStore(layout).last_commit()
    if last.get("run_id") == run_id:
        shutil.rmtree(run.root, ignore_errors=True)
        return str(layout.published / last["version"]) if last["version"] else ""
    record = _record(run, run_id)
    record.seconds, record.retries = _steps(run.root)
    record.retries += attempt - 1
    version, tables = run.publish(run.extracts(), record, crash_if_requested, base_version=record.base_version,
                                  lock=True, lock_wait=LOCK_WAIT)
    history.append(layout, record.finish("published" if tables else "unchanged", version))
    shutil.rmtree(run.root, ignore_errors=True)
    return str(layout.published / version) if version else ""


def record_failure(spec_path: str, out: str, run_id: str, error: str) -> None:
    """Record a failed run in the dataset's history (called when a DAG run fails)."""
    run = _setup(spec_path, out, run_id)
    history.append(run.layout, _record(run, run_id).finish("failed", error=error.splitlines()[0] if error else ""))
    shutil.rmtree(run.root, ignore_errors=True)  # the run failed for good: its raw extracts are not kept


def _step_done(run: Path, step: str, key: str, started: float, attempt: int) -> None:
    """Note a step's duration and retries in the run folder; publish adds them up for the run record."""

    write_json_atomic(RunFolders(run).steps / f"{_file_name(key)}.json",
                      {"step": step, "seconds": round(time.perf_counter() - started, 3), "retries": attempt - 1})


def _steps(run: Path) -> tuple[dict[str, float], int]:
    seconds: dict[str, float] = {}
    retries = 0
    for path in sorted(RunFolders(run).steps.glob("*.json")):
        step = json.loads(path.read_text(encoding="utf-8"))
        seconds[step["step"]] = round(seconds.get(step["step"], 0.0) + step["seconds"], 3)
        retries += step["retries"]
    return seconds, retries


def _record(run: Run, run_id: str) -> history.RunRecord:
    """The run record the plan step wrote (a fresh one if the run failed before it)."""
    path = run.root / RUN_RECORD
    if path.is_file():
        return history.RunRecord(**json.loads(path.read_text(encoding="utf-8")))
    spec = run.loaded.spec
    return history.RunRecord(dataset=spec.dataset, industry=spec.industry, run_id=run_id, started_at=history.now())
