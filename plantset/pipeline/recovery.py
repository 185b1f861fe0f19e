"""Where a build starts when the latest version is damaged or gone.

A build merges its rows onto the version its state was committed with. If that version's
manifest or one of its data files is missing or no longer matches its checksum (a disk
error, a hand-made cleanup), building on it would publish the damage or fail half-way. The
build then starts again from the newest intact version whose state is still kept: the
state goes back to that version's, the sources are read again from there, and the next
version gets a new number (a damaged or deleted version's number is never given out twice).
"""

from __future__ import annotations

import logging
from typing import Any

from plantset.core.errors import StageError
from plantset.core.state import Layout, StateStore
from plantset.core.versions import damage

log = logging.getLogger(__name__)


def start_point(layout: Layout) -> dict[str, Any]:
    """The committed state a build starts from, after falling back past a damaged latest version.

    Call it holding the dataset lock."""
    store = StateStore(layout)
    last = store.last_commit()
    version = last["version"]
    if version is None:
        return last
    problems = damage(layout.published / version)
    if not problems:
        return last
    older = [v for v in layout.versions() if int(v[1:]) < int(version[1:])]
    for candidate in reversed(older):
        if store.snapshot(candidate) is not None and not damage(layout.published / candidate):
            log.warning("%s is damaged (%s); this build starts again from %s, the newest intact version, and reads "
                        "the sources again from there", layout.published / version, _what(problems), candidate)
            store.roll_back(candidate)
            return store.last_commit()
    raise StageError("prepare", f"{layout.published / version}, the dataset's latest version, is damaged "
                     f"({_what(problems)}) and no older intact version with its state is kept",
                     hint="restore it from a backup, or build the dataset from scratch into a new output folder "
                     "(`plantset build SPEC --out NEW`); nothing was published and the state is unchanged")


def _what(problems: list[str]) -> str:
    return problems[0] + (f", and {len(problems) - 1} more" if len(problems) > 1 else "")
