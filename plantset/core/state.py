"""Where a dataset's files live, and its incremental state.

``<out>/<dataset>/<version>/`` holds published versions (a version exists only once its
manifest does). ``<out>/.plantset/<dataset>/`` is private to the plant: the committed
state (watermarks and the lag windows), the state pending for a version being published,
staging for runs, and the lock that keeps two builds of one dataset apart.

The state is committed only after a version is published. Before renaming a version into
place the runner writes that version's state as pending; if a crash comes between the
rename and the commit, the next run finds the published version and commits the pending
state it left, so nothing is read twice or lost.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantset.core.errors import StageError
from plantset.core.publish import MANIFEST
from plantset.core.spec import split_label

_VERSION = re.compile(r"^v(\d{4,})$")


def fsync_dir(folder: Path) -> None:
    """Make a rename or replace inside ``folder`` survive a power loss."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON so that readers see the old file or the new one, never half of one, even after a power loss."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


@dataclass(frozen=True)
class RunFolders:
    """The folders of one run, each named here once. A run writes its raw extracts per source table, the
    normalized and the anonymized files per canonical table, the candidate version, and one record per step."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    def raw_table(self, label: str) -> Path:
        """Where the run keeps what it extracted from `source.table`, with its record."""
        source, table = split_label(label)
        return self.raw / source / table

    @property
    def canonical(self) -> Path:
        return self.root / "canonical"

    @property
    def anonymized(self) -> Path:
        return self.root / "anonymized"

    @property
    def candidate(self) -> Path:
        return self.root / "candidate"

    @property
    def steps(self) -> Path:
        return self.root / "steps"

    def canonical_tables(self) -> dict[str, list[Path]]:
        """The normalized files per canonical table."""
        return _files_per_table(self.canonical)

    def anonymized_tables(self) -> dict[str, list[Path]]:
        """The anonymized files per canonical table."""
        return _files_per_table(self.anonymized)


def _files_per_table(folder: Path) -> dict[str, list[Path]]:
    if not folder.is_dir():
        return {}
    return {table.name: sorted(table.glob("*.parquet")) for table in sorted(folder.iterdir()) if table.is_dir()}


@dataclass(frozen=True)
class Layout:
    """Paths of one dataset under an output folder."""

    out: Path
    dataset: str

    @property
    def published(self) -> Path:
        return self.out / self.dataset

    @property
    def private(self) -> Path:
        return self.out / ".plantset" / self.dataset

    def versions(self) -> list[str]:
        """Published versions, oldest first (only those whose manifest exists)."""
        if not self.published.is_dir():
            return []
        found = [p.name for p in self.published.iterdir()
                 if _VERSION.match(p.name) and (p / MANIFEST).is_file()]
        return sorted(found, key=lambda name: int(_VERSION.match(name).group(1)))

    def latest(self) -> str | None:
        versions = self.versions()
        return versions[-1] if versions else None

    def next_version(self, after: str | None = None) -> str:
        """The version after the latest one and after ``after`` (the highest ever committed: a version that was
        deleted or damaged never has its number given to other data)."""
        numbers = [int(v[1:]) for v in (self.latest(), after) if v]
        return f"v{max(numbers, default=0) + 1:04d}"

    def run(self, run_id: str) -> Path:
        """A run's private working folder: raw extracts, canonical and anonymized files, step records."""
        return self.private / "runs" / run_id

    def make_private(self) -> None:
        """Create the private area readable by its owner only: runs hold raw, un-anonymized extracts."""
        root = self.private.parent
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if root.stat().st_mode & 0o077:
            root.chmod(0o700)
        self.private.mkdir(mode=0o700, exist_ok=True)

    def staging(self, version: str) -> Path:
        """Where ``version`` is written before it is renamed into place."""
        return self.published / f".tmp-{version}"

    def remove_partial_versions(self) -> None:
        """Remove staged versions a crash left unrenamed (call it holding the dataset lock)."""
        for path in self.published.glob(".tmp-*") if self.published.is_dir() else []:
            shutil.rmtree(path, ignore_errors=True)

    def clear_leftovers(self, keep: str | None = None, max_age_hours: float = 24.0) -> None:
        """Remove what crashed runs left: half-written versions, and staging older than ``max_age_hours``.

        Call it holding the dataset lock. Younger run folders may belong to a run still in progress
        (another Airflow run of the dataset); ``keep`` names the caller's own.
        """
        self.remove_partial_versions()
        runs = self.private / "runs"
        if runs.is_dir():
            cutoff = time.time() - max_age_hours * 3600
            for path in runs.iterdir():
                if path.name != keep and path.stat().st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)


class StateStore:
    """The committed incremental state of one dataset's sources."""

    KEEP_SNAPSHOTS = 20  # states of the newest versions kept, to start again from one if a newer one is damaged

    def __init__(self, layout: Layout):
        self.layout = layout
        self.file = layout.private / "state.json"
        self.pending_file = layout.private / "pending.json"
        self.snapshots = layout.private / "states"

    def load(self) -> dict[str, Any]:
        """Committed state per `source.table`, recovering a publish whose commit was lost."""
        return self.last_commit()["tables"]

    def last_commit(self) -> dict[str, Any]:
        """The committed record (version, run id, tables), after recovering a lost commit."""
        committed = self._read(self.file) or {"version": None, "run_id": None, "tables": {}}
        pending = self._read(self.pending_file)
        if pending and pending["version"] in self.layout.versions() and pending["version"] != committed["version"]:
            self.commit(pending["version"], pending["tables"], pending.get("run_id"))
            return pending
        return committed

    def stage(self, version: str, tables: dict[str, Any], run_id: str | None = None) -> None:
        """Record the state that becomes committed once ``version`` is published by ``run_id``."""
        write_json_atomic(self.pending_file, {"version": version, "run_id": run_id, "tables": tables})

    def commit(self, version: str, tables: dict[str, Any], run_id: str | None = None) -> None:
        record = {"version": version, "run_id": run_id, "tables": tables, "highest": self._highest(version)}
        write_json_atomic(self.snapshots / f"{version}.json", record)
        write_json_atomic(self.file, record)
        self.pending_file.unlink(missing_ok=True)
        kept = sorted(self.snapshots.glob("v*.json"), key=lambda p: int(p.stem[1:]))
        for old in kept[:-self.KEEP_SNAPSHOTS]:
            old.unlink(missing_ok=True)

    def snapshot(self, version: str) -> dict[str, Any] | None:
        """The state committed with ``version``, if it is still kept."""
        return self._read(self.snapshots / f"{version}.json")

    def roll_back(self, version: str) -> None:
        """Make the state committed with the older ``version`` current again (its newer versions are damaged)."""
        record = {**self.snapshot(version), "highest": self._highest(version)}
        write_json_atomic(self.file, record)
        self.pending_file.unlink(missing_ok=True)

    def _highest(self, version: str) -> str:
        """The highest version ever committed, so that a number is never given out twice."""
        current = self._read(self.file) or {}
        known = [v for v in (current.get("highest"), current.get("version"), version) if v]
        return max(known, key=lambda v: int(v[1:]))

    def _read(self, path: Path) -> dict[str, Any] | None:
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StageError("state", f"{path} is unreadable: {exc}", hint="restore it from backup or delete it to "
                             "re-extract everything into a new version") from None


class DatasetLock:
    """An exclusive lock on one dataset, so two builds never interleave.

    ``wait`` seconds to wait for another holder (Airflow runs of one dataset queue up); 0 fails at once
    (the CLI says another build is running)."""

    def __init__(self, layout: Layout, wait: float = 0):
        self.path = layout.private / "lock"
        self.wait = wait

    def __enter__(self) -> DatasetLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("w")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.5)
        self._handle.close()
        waited = f" after waiting {self.wait:g} s" if self.wait else ""
        raise StageError("build", f"another build of this dataset is running (lock {self.path}){waited}",
                         hint="wait for it to finish; the lock is released when that process ends", retryable=True)

    def __exit__(self, *exc_info: object) -> None:
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
