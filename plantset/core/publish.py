"""Publish stage: canonical tables into an atomically renamed dataset version.

Files are written into ``<out>/<dataset>/.tmp-<version>/``, the manifest last, and the
folder is renamed into place. Parquet output is deterministic: rows sorted by key,
partitions in order, zstd at a fixed level, no timestamps in the files.
"""

from __future__ import annotations

import json
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import pyarrow.compute as pc
import pyarrow.parquet as pq

from plantset import __version__
from plantset.core.digest import sha256_file

if TYPE_CHECKING:
    import pyarrow as pa

    from schemas.catalog import TableDef

PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 6, "row_group_size": 256_000,
                   "write_statistics": True, "use_dictionary": True}
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
MANIFEST = "manifest.json"


class FileEntry(TypedDict):
    """A file of a version: its path inside the version folder, size and checksum."""

    path: str
    bytes: int
    sha256: str


class ColumnEntry(TypedDict):
    name: str
    type: str
    nullable: bool
    unit: str | None
    description: str


class TableEntry(TypedDict):
    """A published table: its rows, its Parquet files and its schema."""

    rows: int
    files: list[FileEntry]
    schema: list[ColumnEntry]


class SourceEntry(TypedDict, total=False):
    """How a source table was read for a version (never up to when: see the private state)."""

    kind: str
    system: str | None
    rows_extracted: int
    read: str
    files_seen: int | None
    losses: dict[str, Any]  # what the reader knows it lost (its report's `losses`), only when it lost something


class Manifest(TypedDict, total=False):
    """``manifest.json``, written last into every version; ``plantset verify`` recomputes its checksums."""

    dataset: str
    version: str
    industry: str
    title: str
    published_at: str
    spec_sha256: str
    tools: dict[str, str]
    tables: dict[str, TableEntry]
    sources: dict[str, SourceEntry]
    anonymization: dict[str, Any]
    training: dict[str, Any]
    validation: dict[str, Any]
    semver: str
    files: list[FileEntry]


def read_manifest(version_dir: Path) -> Manifest:
    """The manifest of a published (or staged) version folder."""
    return json.loads((version_dir / MANIFEST).read_text(encoding="utf-8"))


def partition_keys(table: pa.Table, definition: TableDef, granularity: str) -> pa.Array | None:
    """The hive partition value of each row (UTC day or month of the time column), or None."""
    if definition.time is None or granularity == "none":
        return None
    fmt = "%Y-%m-%d" if granularity == "day" else "%Y-%m"
    return pc.strftime(table.column(definition.time), format=fmt)


def write_table(table: pa.Table, definition: TableDef, folder: Path, granularity: str) -> list[FileEntry]:
    """Write one canonical table under ``folder``; return its file entries for the manifest."""
    keys = partition_keys(table, definition, granularity)
    label = "date" if granularity == "day" else "month"
    groups: list[tuple[str, pa.Table]]
    if keys is None:
        groups = [("", table)]
    else:
        # One stable sort by partition (rows keep their key order inside one), then contiguous slices.
        keys = pc.fill_null(keys, NULL_PARTITION).combine_chunks()
        order = pc.sort_indices(keys)
        table, runs = table.take(order), pc.run_end_encode(keys.take(order))
        starts = [0, *runs.run_ends.to_pylist()[:-1]]
        groups = [(f"{label}={value}", table.slice(start, end - start))
                  for value, start, end in zip(runs.values.to_pylist(), starts, runs.run_ends.to_pylist())]
    entries = []
    for partition, rows in groups:
        path = folder / partition / "part-0.parquet" if partition else folder / "part-0.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(rows, path, **PARQUET_OPTIONS)
        entries.append({"path": path.relative_to(folder.parent).as_posix(), "rows": rows.num_rows,
                        "bytes": path.stat().st_size, "sha256": sha256_file(path)})
    if not entries or (keys is not None and table.num_rows == 0):
        path = folder / "part-0.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.schema.empty_table(), path, **PARQUET_OPTIONS)
        entries = [{"path": path.relative_to(folder.parent).as_posix(), "rows": 0,
                    "bytes": path.stat().st_size, "sha256": sha256_file(path)}]
    return entries


def schema_entry(definition: TableDef) -> list[ColumnEntry]:
    return [{"name": f.name, "type": f.type, "nullable": f.nullable, "unit": f.unit, "description": f.description}
            for f in definition.fields]


def tool_versions() -> dict[str, str]:
    tools = {"plantset": __version__, "python": platform.python_version()}
    for name in ("pyarrow", "sqlalchemy", "pint"):
        try:
            tools[name] = version(name)
        except PackageNotFoundError:
            continue
    return tools
