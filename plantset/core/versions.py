"""Comparing and checking published versions: semantic versions, `plantset diff`, `plantset verify`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plantset.core.digest import sha256_file
from plantset.core.publish import MANIFEST, FileEntry, Manifest, read_manifest


def _columns(table: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["type"] for f in table["schema"]}


def diff(old: Manifest, new: Manifest) -> dict[str, Any]:
    """What changed from manifest ``old`` to ``new``: tables, rows, columns, data files."""
    tables: dict[str, Any] = {}
    for name in sorted(set(old["tables"]) | set(new["tables"])):
        before, after = old["tables"].get(name), new["tables"].get(name)
        if before is None or after is None:
            tables[name] = {"change": "added" if before is None else "removed"}
            continue
        was, now = _columns(before), _columns(after)
        files_before = {f["path"]: f["sha256"] for f in before["files"]}
        files_after = {f["path"]: f["sha256"] for f in after["files"]}
        changed = sorted(p for p in files_before.keys() & files_after.keys() if files_before[p] != files_after[p])
        entry = {
            "rows": [before["rows"], after["rows"]],
            "columns_added": sorted(now.keys() - was.keys()),
            "columns_removed": sorted(was.keys() - now.keys()),
            "types_changed": sorted(c for c in was.keys() & now.keys() if was[c] != now[c]),
            "files_added": sorted(files_after.keys() - files_before.keys()),
            "files_removed": sorted(files_before.keys() - files_after.keys()),
            "files_changed": changed,
        }
        if any(entry[k] for k in entry if k != "rows") or before["rows"] != after["rows"]:
            tables[name] = {"change": "changed", **entry}
    return {"from": old["version"], "to": new["version"], "tables": tables}


def next_semver(previous: Manifest | None, manifest: Manifest) -> str:
    """1.0.0 first; then major for a removed table or column or a changed type, minor for an added one,
    patch for data alone."""
    if previous is None:
        return "1.0.0"
    major, minor, patch = (int(p) for p in previous.get("semver", "1.0.0").split("."))
    changes = diff(previous, manifest)["tables"].values()
    if any(c["change"] == "removed" or c.get("columns_removed") or c.get("types_changed") for c in changes):
        return f"{major + 1}.0.0"
    if any(c["change"] == "added" or c.get("columns_added") for c in changes):
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def file_checksums(folder: Path, skip: set[str]) -> list[FileEntry]:
    """sha256 and size of every file under ``folder`` except ``skip`` (relative paths), in path order."""
    return [{"path": p.relative_to(folder).as_posix(), "bytes": p.stat().st_size, "sha256": sha256_file(p)}
            for p in sorted(folder.rglob("*")) if p.is_file() and p.relative_to(folder).as_posix() not in skip]


def verify(version_dir: Path) -> list[str]:
    """Every checksum of a version recomputed; one line per missing, changed or unlisted file."""
    manifest = read_manifest(version_dir)
    listed = [f for table in manifest["tables"].values() for f in table["files"]] + manifest.get("files", [])
    problems = _file_problems(version_dir, listed)
    known = {entry["path"] for entry in listed} | {MANIFEST}
    problems += [f"{f['path']}: not in the manifest" for f in file_checksums(version_dir, known)]
    return problems


def damage(version_dir: Path) -> list[str]:
    """What keeps a version from being built on: no readable manifest, or a data file missing or changed."""
    try:
        manifest = read_manifest(version_dir)
    except FileNotFoundError:
        return [f"{MANIFEST}: missing"]
    except (OSError, ValueError):
        return [f"{MANIFEST}: unreadable"]
    return _file_problems(version_dir, [f for table in manifest["tables"].values() for f in table["files"]])


def _file_problems(version_dir: Path, listed: list[dict[str, Any]]) -> list[str]:
    problems = []
    for entry in listed:
        path = version_dir / entry["path"]
        if not path.is_file():
            problems.append(f"{entry['path']}: missing")
        elif path.stat().st_size != entry["bytes"] or sha256_file(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: checksum differs from the manifest")
    return problems
