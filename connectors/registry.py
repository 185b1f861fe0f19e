"""Which reader opens each kind of source: one line per kind, ``module:factory``, imported when a source of
that kind is opened (so `--help` and DAG parsing import no driver). A new kind is its module, whose factory
takes the spec source and the plant's time zone and returns ``SourceTable`` readers, plus one line here."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connectors.base import SourceTable

READERS = {
    "sql": "connectors.sql:open_tables",
    "files": "connectors.files:open_tables",
    "opcua": "connectors.opcua.source:open_tables",
    "documents": "connectors.documents.source:open_tables",
}


def open_tables(source, timezone: str = "UTC") -> list[SourceTable]:
    """The source tables a spec source declares (``timezone``: of naive times in the source's settings)."""
    module, _, factory = READERS[source.kind].partition(":")
    return getattr(importlib.import_module(module), factory)(source, timezone)
