"""What a folder source may read: regular files inside its folder, nothing a link points to elsewhere.

A link in a plant's document share or export folder can point anywhere the pipeline can read:
`/proc/self/environ`, `/etc/shadow`, a `.pgpass`, the dataset's own private state with the
pseudonym key. Reading it would publish it. So a folder source reads only regular files whose
real path is inside its real folder; links leading out, devices, FIFOs and sockets are refused
with a reason (documents quarantine them, exports fail the run), and never opened.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

# Kernel and device trees: their "files" are live views of processes and hardware, never plant data.
_SYSTEM_TREES = (Path("/proc"), Path("/sys"), Path("/dev"))


@dataclass(frozen=True)
class Refused:
    """A path of the folder that is not read, and why (the why is safe to show: it names no content)."""

    name: str
    reason: str


@dataclass(frozen=True)
class Listing:
    """The regular files a pattern matches in a folder (sorted), and what was refused."""

    files: list[Path]
    refused: list[Refused]


def list_folder(folder: Path, pattern: str, *, hidden: bool = True) -> Listing:
    """Match ``pattern`` in ``folder``; keep regular files whose real path stays inside the folder."""
    root = folder.resolve()
    files, refused = [], []
    for path in sorted(folder.glob(pattern)):
        name = path.relative_to(folder).as_posix()
        if not hidden and path.name.startswith("."):
            continue
        reason = _refusal(path, root)
        if reason == "":
            continue  # a folder: its files are matched by the pattern themselves
        if reason is None:
            files.append(path)
        else:
            refused.append(Refused(name, reason))
    return Listing(files, refused)


def _refusal(path: Path, root: Path) -> str | None:
    """None for a file to read, "" for a folder to pass over, else why the path is not read."""
    real = path.resolve()
    if not real.is_relative_to(root) or any(real.is_relative_to(tree) for tree in _SYSTEM_TREES):
        return ("a link to something outside the source folder, not followed: copy the file into the folder "
                "if it belongs to the dataset")
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return "a link to nothing (its target is missing), not followed"
    if stat.S_ISDIR(mode):
        return ""
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, FIFO or socket), not opened"
    return None
