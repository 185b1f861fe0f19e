"""Stage functions with one shape: read from disk, write to disk, fail with a StageError.

The runner calls them in order for the CLI; Airflow tasks will call the same functions,
passing the paths between them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantset.extract import TableExtract, extract_table
from plantset.publish import schema_entry, tool_versions, write_table
from plantset.state import write_json_atomic

if TYPE_CHECKING:
    import pyarrow as pa

    from plantset.runner import Reporter
    from plantset.spec import DatasetSpec
    from plantset.specfile import LoadedSpec
    from plantset.state import Layout


def extract_all(spec: DatasetSpec, committed: dict[str, Any], raw: Path, reporter: Reporter) -> list[TableExtract]:
    """Extract every source table that a mapping uses, from its committed state."""
    from connectors.base import open_tables

    used = {m.source for m in spec.tables}
    results = []
    for source in spec.sources:
        for reader in open_tables(source):
            label = f"{reader.source}.{reader.table}"
            if label not in used:
                continue
            reporter.table_started(label)
            results.append(extract_table(reader, committed.get(label), raw / reader.source / reader.table,
                                         on_rows=lambda n, label=label: reporter.rows(label, n)))
    return results


def normalize_all(spec: DatasetSpec, extracts: list[TableExtract], folder: Path) -> dict[str, list[Path]]:
    """Map every raw file onto its canonical table; return canonical files per table."""
    import pyarrow.parquet as pq

    from schemas.catalog import catalog
    from transforms.mapping import normalize_batch

    by_label = {f"{e.source}.{e.table}": e for e in extracts}
    outputs: dict[str, list[Path]] = {}
    for mapping in spec.tables:
        definition = catalog().tables[mapping.target]
        files = outputs.setdefault(mapping.target, [])
        for raw in by_label[mapping.source].files:
            for index, batch in enumerate(pq.ParquetFile(raw).iter_batches(batch_size=100_000)):
                table = normalize_batch(batch, mapping, definition, spec.timezone)
                path = folder / mapping.target / f"{raw.parent.parent.name}-{raw.stem}-{index:05d}.parquet"
                path.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(table, path, compression="zstd", compression_level=1)
                files.append(path)
    return outputs


def _previous_rows(layout: Layout, table: str) -> pa.Table | None:
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    latest = layout.latest()
    if latest is None:
        return None
    manifest = json.loads((layout.published / latest / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["tables"].get(table)
    if entry is None:
        return None
    parts = [pq.read_table(layout.published / latest / f["path"]) for f in entry["files"]]
    return pa.concat_tables(parts) if parts else None


def _is_incremental(spec: DatasetSpec, source_label: str) -> bool:
    source_name, _, table_name = source_label.partition(".")
    source = spec.source(source_name)
    if source.kind == "files":
        return True
    return next(t for t in source.tables if t.name == table_name).watermark is not None


def publish_version(
    loaded: LoadedSpec,
    layout: Layout,
    version: str,
    canonical: dict[str, list[Path]],
    extracts: list[TableExtract],
    fault: Callable[[str], None],
) -> dict[str, int]:
    """Write every table, the card and the manifest into the version's staging folder."""
    import pyarrow.parquet as pq

    from plantset.card import dataset_card
    from schemas.catalog import catalog
    from transforms.mapping import merge

    spec = loaded.spec
    staging = layout.published / f".tmp-{version}"
    staging.mkdir(parents=True)
    tables: dict[str, Any] = {}
    for mapping in sorted(spec.tables, key=lambda m: m.target):
        definition = catalog().tables[mapping.target]
        parts = []
        previous = _previous_rows(layout, mapping.target) if _is_incremental(spec, mapping.source) else None
        if previous is not None:
            parts.append(previous)
        parts.extend(pq.read_table(p) for p in canonical.get(mapping.target, []))
        merged = merge(parts, definition, mapping.deduplicate)
        files = write_table(merged, definition, staging / mapping.target, spec.partition)
        tables[mapping.target] = {"rows": merged.num_rows, "files": files, "schema": schema_entry(definition)}
    fault("written")
    manifest = _manifest(loaded, version, tables, extracts)
    (staging / "README.md").write_text(dataset_card(spec, manifest), encoding="utf-8")
    write_json_atomic(staging / "manifest.json", manifest)
    return {name: entry["rows"] for name, entry in tables.items()}


def _manifest(loaded: LoadedSpec, version: str, tables: dict[str, Any], extracts: list[TableExtract]) -> dict:
    spec = loaded.spec
    return {
        "dataset": spec.dataset,
        "version": version,
        "industry": spec.industry,
        "title": spec.title,
        "published_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "spec_sha256": loaded.sha256,
        "tools": tool_versions(),
        "tables": tables,
        "sources": {
            f"{e.source}.{e.table}": {"kind": spec.source(e.source).kind, "system": spec.source(e.source).system,
                                      "rows_extracted": e.rows, "watermark": e.state.get("watermark"),
                                      "files_seen": len(e.state["files"]) if "files" in e.state else None}
            for e in extracts
        },
    }


def same_data(layout: Layout, previous: str, version: str) -> bool:
    """Whether the staged ``version`` holds exactly the data files of ``previous``."""
    import json

    def files(folder: Path) -> dict[str, list]:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return {name: [(f["path"], f["sha256"]) for f in table["files"]] for name, table in manifest["tables"].items()}

    return files(layout.published / previous) == files(layout.published / f".tmp-{version}")


def rename_into_place(layout: Layout, version: str) -> Path:
    """Make the staged version visible: one rename, after its files reached the disk."""
    staging = layout.published / f".tmp-{version}"
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    final = layout.published / version
    os.rename(staging, final)
    return final
