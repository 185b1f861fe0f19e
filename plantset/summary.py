"""Summary tables for the end of a build and for `plantset inspect`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plantset.core.errors import PlantsetError
from plantset.pipeline.runner import BuildResult


def print_build(console, result: BuildResult) -> None:
    """Where the version went and what it holds."""
    from rich.table import Table

    extracted = Table("source table", "rows read", "raw bytes", title="extracted")
    for e in result.extracts:
        extracted.add_row(e.label, f"{e.rows:,}", f"{e.bytes:,}")
    console.print(extracted)
    for e in result.extracts:
        if e.report.get("null_tokens"):
            counts = ", ".join(f"{token!r} {sum(columns.values()):,} ({', '.join(columns)})"
                               for token, columns in e.report["null_tokens"].items())
            console.print(f"{e.label}: NULL tokens read as no value: {counts}", soft_wrap=True)
        for what, count in e.report.get("losses", {}).items():
            console.print(f"[yellow]{e.label}: {what}: {count:,}[/]" if isinstance(count, int)
                          else f"[yellow]{e.label}: {what}: {count}[/]", soft_wrap=True)
        if e.report.get("behind"):
            console.print(f"{e.label}: {e.report['behind']['advice']}", soft_wrap=True)
    if not result.tables:
        console.print(f"no data changed: {result.dataset} {result.version} is current at {result.path}", soft_wrap=True)
        return
    published = Table("table", "rows", title=f"{result.dataset} {result.version}")
    for name, rows in result.tables.items():
        published.add_row(name, f"{rows:,}")
    console.print(published)
    timings = ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items())
    console.print(f"published {result.dataset} {result.version} at {result.path} ({timings})", soft_wrap=True)


def find_manifest(path: Path) -> tuple[Path, dict[str, Any]]:
    """The manifest of a version folder, or of the latest version in a dataset folder."""
    from plantset.core.publish import MANIFEST, read_manifest
    from plantset.core.state import Layout

    path = Path(path)
    if not (path / MANIFEST).is_file() and path.is_dir():
        latest = Layout(path.parent, path.name).latest()
        if latest:
            path = path / latest
    if not (path / MANIFEST).is_file():
        raise PlantsetError(f"inspect: {path} holds no manifest.json — give a published version folder "
                            f"such as out/<dataset>/v0001, or the dataset folder")
    return path, read_manifest(path)


def print_manifest(console, path: Path, manifest: dict[str, Any]) -> None:
    from rich.table import Table

    console.print(f"{manifest['dataset']} {manifest['version']} ({manifest['industry']}): {manifest['title']}")
    console.print(f"at {path}, published {manifest['published_at']}, spec sha256 {manifest['spec_sha256'][:12]}…")
    tables = Table("table", "rows", "files", "bytes", "columns")
    for name, entry in manifest["tables"].items():
        tables.add_row(name, f"{entry['rows']:,}", str(len(entry["files"])),
                       f"{sum(f['bytes'] for f in entry['files']):,}", ", ".join(c["name"] for c in entry["schema"]))
    console.print(tables)
    sources = Table("source table", "kind", "rows extracted", "read")
    for name, entry in manifest["sources"].items():
        read = entry.get("read", "")
        if entry["files_seen"] is not None:
            read = f"{read} ({entry['files_seen']} files seen)"
        sources.add_row(name, entry["kind"], f"{entry['rows_extracted']:,}", read)
    console.print(sources)
