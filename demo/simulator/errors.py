"""The simulator's errors: a bad option or plant database, and a NodeSet that would not import."""

from __future__ import annotations

from plantset.core.errors import PlantsetError


class SimulatorError(PlantsetError):
    """The simulator cannot start: a bad option or plant database; the message says what to change."""


class NodeSetError(SimulatorError):
    """A NodeSet2 file failed to import; names the file and, where known, the node."""

    def __init__(self, path: str, what: str, node: str | None = None) -> None:
        self.path, self.what, self.node = path, what, node
        where = f"{path}: node {node}" if node else path
        super().__init__(f"{where}: cannot import the NodeSet ({what}); NodeSets load in the order DI, IA, Machinery")

    def __reduce__(self):
        return NodeSetError, (self.path, self.what, self.node)
