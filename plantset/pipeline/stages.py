"""Stage functions with one shape: read from disk, write to disk, fail with a StageError.

``plantset.pipeline.runner`` calls them in order for the CLI; ``plantset.pipeline.tasks`` calls
the same functions one per Airflow task, passing the paths between them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from connectors.registry import open_tables
from plantset.core.errors import StageError
from plantset.core.history import now
from plantset.core.publish import MANIFEST, Manifest, TableEntry, read_manifest, tool_versions
from plantset.core.spec import label, split_label
from plantset.core.state import DatasetLock, RunFolders, StateStore, fsync_dir, write_json_atomic
from plantset.core.versions import file_checksums, next_semver
from plantset.pipeline import anonymization
from plantset.pipeline.assemble import RECORD, CandidateRecord, assemble, link_into, load_record, table_files
from plantset.pipeline.card import dataset_card
from plantset.pipeline.extract import RAW_COMPRESSION, TableExtract, extract_table
from plantset.pipeline.training import INSTRUCTIONS
from plantset.pipeline.validation import validate_tables
from schemas.catalog import catalog
from schemas.expectations import suite_for
from transforms.mapping import normalize_batch

if TYPE_CHECKING:
    from connectors.base import Interval
    from plantset.core.spec import DatasetSpec
    from plantset.core.specfile import LoadedSpec
    from plantset.core.state import Layout
    from plantset.pipeline.runner import Reporter


def source_labels(spec: DatasetSpec) -> list[str]:
    """The `source.table` labels a build extracts: those a mapping uses, in spec order."""
    used = {m.source for m in spec.tables}
    return [label(s.name, t.name) for s in spec.sources for t in s.tables if label(s.name, t.name) in used]


def extract_one(spec: DatasetSpec, committed: dict[str, Any], run: Path, table_label: str,
                reporter: Reporter | None = None, interval: Interval | None = None) -> TableExtract:
    """Extract one source table from its committed state (or a data interval) into the run; record it there."""
    source_name, table_name = split_label(table_label)
    reader = next(r for r in open_tables(spec.source(source_name), spec.timezone) if r.table == table_name)
    dest = RunFolders(run).raw_table(table_label)
    if reporter is not None:
        reporter.table_started(table_label)
    on_rows = (lambda n: reporter.rows(table_label, n)) if reporter is not None else None
    result = extract_table(reader, committed.get(table_label), dest, on_rows=on_rows, interval=interval)
    result.interval = interval is not None and reader.read_by_interval()
    result.save(dest)
    return result


def load_extracts(spec: DatasetSpec, run: Path) -> list[TableExtract]:
    """The recorded extract results of a run, in spec order; a missing one is an error."""
    results = []
    for table_label in source_labels(spec):
        record = RunFolders(run).raw_table(table_label) / TableExtract.RECORD
        if not record.is_file():
            raise StageError("normalize", f"no extract result for {table_label} in {run}",
                             hint="run the extract step for every source table first")
        results.append(TableExtract.load(record))
    return results


def normalize_all(spec: DatasetSpec, extracts: list[TableExtract], folder: Path) -> None:
    """Map every raw file onto its canonical table, one file per batch under ``folder/<table>/``."""
    by_label = {e.label: e for e in extracts}
    shutil.rmtree(folder, ignore_errors=True)  # a retry rewrites, never appends
    for mapping in spec.tables:
        definition = catalog().tables[mapping.target]
        for raw in by_label[mapping.source].files:
            for index, batch in enumerate(pq.ParquetFile(raw).iter_batches(batch_size=100_000)):
                table = normalize_batch(batch, mapping, definition, spec.timezone, spec.decimal_mark)
                path = folder / mapping.target / f"{raw.parent.parent.name}-{raw.stem}-{index:05d}.parquet"
                path.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(table, path, **RAW_COMPRESSION)


def validate_candidate(loaded: LoadedSpec, layout: Layout, run: Path, base_version: str | None) -> CandidateRecord:
    """Assemble the candidate version from the run and the version it started from, then validate it with
    Great Expectations; a failing critical expectation raises and nothing is published."""
    spec = loaded.spec
    record = assemble(loaded, layout, run, base_version)
    now = datetime.now(timezone.utc)
    suites = {t: suite_for(t, spec.expectations.get(t, []), now=now) for t in record["tables"]}
    candidate = RunFolders(run).candidate
    record["validation"] = validate_tables(table_files(run), suites, candidate / VALIDATION)
    write_json_atomic(candidate / RECORD, record)
    return record


VALIDATION = "validation"


def publish_version(
    loaded: LoadedSpec,
    layout: Layout,
    version: str,
    run: Path,
    extracts: list[TableExtract],
    fault: Callable[[str], None],
    run_metrics: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Stage the run's validated candidate with the run's metrics, the reports, the card and the manifest
    (last); the leakage scan must pass over all of it."""
    spec = loaded.spec
    record = load_record(run)
    if "validation" not in record:
        raise StageError("publish", f"the candidate in {run} was not validated", hint="run the validate step first")
    staging = layout.staging(version)
    staging.mkdir(parents=True)
    link_into(run, staging)
    tables = record["tables"]
    fault("written")
    if run_metrics is not None:
        write_json_atomic(staging / "run.json", {**run_metrics, "status": "published", "version": version})
    report = {**anonymization.start_report(spec, run), "tables": record["suppression"]}
    needles = anonymization.needles(loaded, run, layout.private)
    report["leakage_scan"] = anonymization.gate_version(staging, needles, spec)
    write_json_atomic(staging / anonymization.REPORT, report)
    manifest = _manifest(loaded, version, tables, extracts)
    manifest["anonymization"] = anonymization.summary(report)
    base = record["base_version"]
    if record["training"]["instructions"]:
        manifest["training"] = {"instructions": {"path": INSTRUCTIONS, "examples": record["training"]["instructions"]}}
    for name in ("retrieval", "sensor_wide", "sensor_windows"):
        if name in record["training"]:
            manifest.setdefault("training", {})[name] = record["training"][name]
    manifest["validation"] = {**record["validation"], "report": f"{VALIDATION}/validation.json",
                              "data_docs": f"{VALIDATION}/{record['validation']['data_docs']}"}
    manifest["semver"] = next_semver(read_manifest(layout.published / base) if base else None, manifest)
    (staging / "README.md").write_text(dataset_card(spec, manifest), encoding="utf-8")
    table_files = {f["path"] for t in tables.values() for f in t["files"]}
    manifest["files"] = file_checksums(staging, table_files | {MANIFEST})
    write_json_atomic(staging / MANIFEST, manifest)
    anonymization.gate_version(staging, needles, spec, identity=False)  # the card and manifest too
    return {name: entry["rows"] for name, entry in tables.items()}


def _manifest(loaded: LoadedSpec, version: str, tables: dict[str, TableEntry], extracts: list[TableExtract]) -> Manifest:
    spec = loaded.spec
    return {
        "dataset": spec.dataset,
        "version": version,
        "industry": spec.industry,
        "title": spec.title,
        "published_at": now(),
        "spec_sha256": loaded.sha256,
        "tools": tool_versions(),
        "tables": tables,
        # how each source was read, never up to when: a real timestamp beside the shifted dates would give the
        # secret shift away, so watermarks stay in the private state
        "sources": {
            e.label: {"kind": spec.source(e.source).kind, "system": spec.source(e.source).system,
                                      "rows_extracted": e.rows, "read": _read_kind(e.state),
                                      "files_seen": len(e.state["files"]) if "files" in e.state else None,
                                      **({"losses": e.report["losses"]} if e.report.get("losses") else {})}
            for e in extracts
        },
    }


def _read_kind(state: dict[str, Any]) -> str:
    if "files" in state:
        return "new or changed files"
    return "incremental" if state.get("watermark") or state.get("until") else "full"


def same_data(layout: Layout, previous: str, version: str) -> bool:
    """Whether the staged ``version`` holds exactly the data files of ``previous``."""
    def files(folder: Path) -> dict[str, list]:
        manifest = read_manifest(folder)
        return {name: [(f["path"], f["sha256"]) for f in table["files"]] for name, table in manifest["tables"].items()}

    return files(layout.published / previous) == files(layout.staging(version))


def rename_into_place(layout: Layout, version: str) -> Path:
    """Make the staged version visible: one rename, after its files and folders reached the disk."""
    staging = layout.staging(version)
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        else:
            fsync_dir(path)
    fsync_dir(staging)
    final = layout.published / version
    os.rename(staging, final)
    fsync_dir(layout.published)  # the rename itself is durable before the state commit that follows
    return final


def publish_run(
    loaded: LoadedSpec,
    layout: Layout,
    run: Path,
    extracts: list[TableExtract],
    fault: Callable[[str], None],
    *,
    run_id: str,
    base_version: str | None,
    lock: bool = True,
    lock_wait: float = 0,
    run_metrics: dict[str, Any] | None = None,
) -> tuple[str | None, dict[str, int]]:
    """Publish the run's validated candidate, then commit the sources' state; return (version, rows per table).

    ``base_version`` is the version the run's candidate was assembled on. If another run has
    published since, an incremental run publishes nothing (its rows could be counted twice);
    a run that read by data interval is assembled and validated again on the newer version,
    so both runs' rows are kept. A run that already committed (a retried step) gets its
    version back. Takes the dataset lock (waiting up to ``lock_wait`` seconds) unless the
    caller holds it. When no data changed, the current version stays and only the state
    moves on; the returned table counts are then empty.
    """
    with DatasetLock(layout, wait=lock_wait) if lock else nullcontext():
        store = StateStore(layout)
        last = store.last_commit()
        if last.get("run_id") == run_id:
            return last["version"], {}
        if last["version"] != base_version:
            if not any(e.interval for e in extracts):
                raise StageError("publish", f"{last['version']} was published by another run after this run read "
                                 f"its sources (from {base_version or 'no version'})",
                                 hint="nothing was published; run the build again and it reads from the new watermarks")
            validate_candidate(loaded, layout, run, last["version"])
        next_state = {**last["tables"], **{e.label: e.state for e in extracts if not e.interval}}
        previous = last["version"]  # the version the candidate is merged onto (never a damaged newer one)
        layout.remove_partial_versions()
        if previous is not None and not any(e.rows for e in extracts):
            store.commit(previous, next_state, run_id)
            return previous, {}
        version = layout.next_version(after=last.get("highest"))
        try:
            tables = publish_version(loaded, layout, version, run, extracts, fault, run_metrics)
        except StageError:
            shutil.rmtree(layout.staging(version), ignore_errors=True)
            raise
        if previous is not None and same_data(layout, previous, version):
            shutil.rmtree(layout.staging(version), ignore_errors=True)
            store.commit(previous, next_state, run_id)
            return previous, {}
        store.stage(version, next_state, run_id)
        rename_into_place(layout, version)
        fault("published")
        store.commit(version, next_state, run_id)
        return version, tables
