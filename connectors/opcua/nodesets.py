"""Types named in companion-specification NodeSet2 files, so a spec can select by type name.

Only what selection needs is read: each ObjectType's namespace URI, browse name and node id.
The files are parsed with the standard XML parser, not imported into an address space, so
a NodeSet whose structure definitions asyncua cannot decode still names its types. A file
that cannot be read at all is reported (file and element) and skipped: type names then
resolve through the server's own type tree, and the rest of the run goes on.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

_NS = "{http://opcfoundation.org/UA/2011/03/UANodeSet.xsd}"
logger = logging.getLogger("plantset.opcua")


class NodeSetError(ValueError):
    """A NodeSet2 file that cannot be read; the message names the file and the element."""


@dataclass
class NodeSetIndex:
    """ObjectTypes by (namespace URI, browse name) → node id text (``i=1001``), and what failed to load."""

    types: dict[tuple[str, str], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, paths: list[str]) -> NodeSetIndex:
        index = cls()
        for path in paths:
            try:
                index.types.update(read_types(Path(path)))
            except NodeSetError as exc:
                index.problems.append(str(exc))
                logger.warning("%s", exc)
        return index

    def find(self, uri: str, name: str) -> tuple[str, str] | None:
        """(namespace URI, node id text) of a type; ``uri`` may be empty when the name is unique."""
        if uri:
            found = self.types.get((uri, name))
            return (uri, found) if found else None
        matches = [(u, i) for (u, n), i in self.types.items() if n == name]
        return matches[0] if len(matches) == 1 else None


def read_types(path: Path) -> dict[tuple[str, str], str]:
    """The ObjectTypes a NodeSet2 file defines."""
    try:
        root = ET.parse(path).getroot()
    except OSError as exc:
        raise NodeSetError(f"NodeSet {path}: cannot read it ({exc.strerror})") from None
    except ET.ParseError as exc:
        raise NodeSetError(f"NodeSet {path}: not well-formed XML ({exc})") from None
    if root.tag != f"{_NS}UANodeSet":
        raise NodeSetError(f"NodeSet {path}: not a NodeSet2 file (root element {root.tag!r})")
    uris = ["http://opcfoundation.org/UA/"] + [u.text or "" for u in root.iter(f"{_NS}Uri")]
    types = {}
    for element in root.iter(f"{_NS}UAObjectType"):
        node_id, browse = element.get("NodeId", ""), element.get("BrowseName", "")
        try:
            ns, _, identifier = node_id.partition(";") if node_id.startswith("ns=") else ("ns=0", "", node_id)
            uri = uris[int(ns[3:])]
            prefix, _, name = browse.rpartition(":")
            if not name or not identifier:
                raise ValueError
        except (ValueError, IndexError):
            raise NodeSetError(f"NodeSet {path}: ObjectType {browse or node_id or '?'} has a bad NodeId or "
                               f"BrowseName ({node_id!r}, {browse!r})") from None
        types[(uri, name)] = identifier
    return types
