"""The shared release a lead institution publishes: every dataset's current version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plantset.core.digest import sha256_file
from plantset.core.history import now
from plantset.core.publish import MANIFEST, read_manifest
from plantset.core.state import Layout, write_json_atomic

RELEASE_FOLDER = "release"


def current_versions(out: Path) -> list[dict[str, Any]]:
    """Each published dataset under ``out`` with its latest version, sorted by industry and name."""
    entries = []
    for folder in sorted(p for p in Path(out).iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.name == RELEASE_FOLDER:
            continue
        latest = Layout(Path(out), folder.name).latest()
        if latest is None:
            continue
        manifest = read_manifest(folder / latest)
        entries.append({
            "dataset": manifest["dataset"], "industry": manifest["industry"], "title": manifest["title"],
            "version": latest, "path": f"{folder.name}/{latest}", "published_at": manifest["published_at"],
            "manifest_sha256": sha256_file(folder / latest / MANIFEST),
            "tables": {name: table["rows"] for name, table in manifest["tables"].items()},
        })
    return sorted(entries, key=lambda e: (e["industry"], e["dataset"]))


def assemble(out: Path) -> Path:
    """Write ``<out>/release/release.json`` listing the current versions; return its path."""
    target = Path(out) / RELEASE_FOLDER / "release.json"
    datasets = current_versions(Path(out))
    write_json_atomic(target, {
        "assembled_at": now(),
        "datasets": datasets,
        "industries": sorted({d["industry"] for d in datasets}),
    })
    return target
