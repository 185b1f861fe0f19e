"""Every kind of source, one line each: the spec model that validates it and the reader that opens it, both as
``module:name`` (Kedro's dotted-path idea). A new kind is its module, holding a spec model (a
``plantset.core.spec_base.SourceBase`` with ``kind: Literal["<kind>"]`` and ``tables``) and a factory that takes
the spec source and the plant's time zone and returns ``SourceTable`` readers, plus one line here.

Spec models are imported when a spec is read (they must import lightly: DAG parsing reads specs); readers only
when a source of their kind is opened, so `--help` and DAG parsing import no driver."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from connectors.base import SourceTable
    from plantset.core.spec_base import SourceBase


@dataclass(frozen=True)
class Kind:
    """Where a kind of source is defined: its spec model and its reader factory, as ``module:name``."""

    spec: str
    reader: str


KINDS: dict[str, Kind] = {
    "sql": Kind("plantset.core.spec:SqlSource", "connectors.sql:open_tables"),
    "files": Kind("plantset.core.spec:FileSource", "connectors.files:open_tables"),
    "opcua": Kind("plantset.core.spec:OpcUaSource", "connectors.opcua.source:open_tables"),
    "documents": Kind("plantset.core.spec:DocumentSource", "connectors.documents.source:open_tables"),
}


def spec_models() -> tuple[type[SourceBase], ...]:
    """The spec model of every kind, in the order above (what ``read_spec`` and ``json_schema`` take)."""
    return tuple(_resolve(kind.spec) for kind in KINDS.values())


def open_tables(source, timezone: str = "UTC") -> list[SourceTable]:
    """The source tables a spec source declares (``timezone``: of naive times in the source's settings)."""
    return _resolve(KINDS[source.kind].reader)(source, timezone)


def _resolve(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)
