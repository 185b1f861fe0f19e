"""`plantset opcua browse` and `plantset opcua read`: look at a server before writing a spec.

Both connect exactly as a source would (same security, user and retry settings) and print
what a spec's ``nodes:`` can name: browse paths, node ids with their namespace URI, node
classes, data types, units and current values.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from asyncua import ua

from connectors.opcua.address import AddressSpace
from connectors.opcua.readings import Signal, split_value, status_name
from connectors.opcua.session import connect, expanded
from plantset.core.spec import OpcUaNodes

if TYPE_CHECKING:
    from plantset.core.spec import OpcUaSource

_CLASSES = {1: "Object", 2: "Variable", 4: "Method", 8: "ObjectType", 16: "VariableType", 32: "ReferenceType",
            64: "DataType", 128: "View"}


@dataclass(frozen=True)
class Entry:
    depth: int
    path: str
    name: str
    node_id: str
    node_class: str
    type_name: str  # the data type of a variable, the type definition of an object
    unit: str | None


def browse(source: OpcUaSource, path: str = "", depth: int = 3, limit: int = 2_000) -> list[Entry]:
    """The tree below ``path`` (Objects when empty), ``depth`` levels deep, at most ``limit`` nodes."""
    return asyncio.run(_browse(source, path, depth, limit))


async def _browse(source: OpcUaSource, path: str, depth: int, limit: int) -> list[Entry]:
    async with connect(source, stage="browse") as client:
        space = await AddressSpace(client, source, stage="browse").open()
        root, names = await space.resolve_path(path)
        entries, level = [], [(root, names)]
        for current in range(depth):
            if not level or len(entries) >= limit:
                break
            groups = await space.children([node for node, _ in level])
            nxt = []
            for (_, parent), refs in zip(level, groups):
                for ref in sorted(refs, key=lambda r: (r.is_property, r.name)):
                    if ref.is_property and ref.name != "EngineeringUnits":
                        continue
                    if not names and current == 0 and ref.node.NamespaceIndex == 0:
                        continue  # the Server object and other standard folders: `browse ENDPOINT Server` shows them
                    entries.append(((parent, ref, current)))
                    nxt.append((ref.node, [*parent, ref.name]))
            level = nxt
        entries = entries[:limit]
        variables = [ref.node for _, ref, _ in entries if ref.node_class == ua.NodeClass.Variable]
        types = await _data_types(client, variables)
        units = await _units(space, variables)
        names_of = await _type_names(client, {ref.type_definition for _, ref, _ in entries})
        # depth-first order for printing: sort by the path
        ordered = sorted(entries, key=lambda e: [*e[0], e[1].name])
        return [Entry(depth=len(parent) - len(names), path="/".join([*parent, ref.name]), name=ref.name,
                      node_id=expanded(ref.node, space.namespaces), node_class=_CLASSES.get(int(ref.node_class), "?"),
                      type_name=types.get(ref.node) or names_of.get(ref.type_definition, ""),
                      unit=units.get(ref.node)) for parent, ref, _ in ordered]


async def _data_types(client, nodes: list) -> dict:
    found = {}
    for start in range(0, len(nodes), 1000):
        chunk = nodes[start:start + 1000]
        values = await client.uaclient.read_attributes(chunk, ua.AttributeIds.DataType)
        ids = {v.Value.Value for v in values if v.StatusCode.is_good() and v.Value is not None}
        names = await _type_names(client, ids)
        for node, value in zip(chunk, values):
            if value.StatusCode.is_good() and value.Value is not None:
                found[node] = names.get(value.Value.Value, "")
    return found


async def _type_names(client, ids: set) -> dict:
    ids = [i for i in ids if i is not None and not i.is_null()]
    names = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        values = await client.uaclient.read_attributes(chunk, ua.AttributeIds.BrowseName)
        for node, value in zip(chunk, values):
            if value.StatusCode.is_good() and value.Value is not None:
                names[node] = value.Value.Value.Name
    return names


async def _units(space: AddressSpace, nodes: list) -> dict:
    signals = [Signal(node=n, node_id="", browse_path="", equipment="", signal="") for n in nodes]
    return {s.node: s.unit for s in await space.with_units(signals)} if signals else {}


def read(source: OpcUaSource, nodes: list[str]) -> list[dict]:
    """Current values of nodes given by node id or browse path."""
    return asyncio.run(_read(source, nodes))


async def _read(source: OpcUaSource, texts: list[str]) -> list[dict]:
    async with connect(source, stage="read") as client:
        space = await AddressSpace(client, source, stage="read").open()
        selections = [OpcUaNodes(node_id=t) if t.startswith(("ns=", "nsu=", "i=", "s=")) else OpcUaNodes(browse_path=t)
                      for t in texts]
        signals = await space.select(selections)
        params = ua.ReadParameters()
        params.TimestampsToReturn = ua.TimestampsToReturn.Both
        for signal in signals:
            item = ua.ReadValueId()
            item.NodeId, item.AttributeId = signal.node, ua.AttributeIds.Value
            params.NodesToRead.append(item)
        rows = []
        for signal, value in zip(signals, await client.uaclient.read(params)):
            number, text = split_value(value.Value.Value if value.Value is not None else None)
            code = value.StatusCode.value if value.StatusCode is not None else 0
            rows.append({"browse_path": signal.browse_path, "node_id": signal.node_id,
                         "value": number if number is not None else text, "unit": signal.unit,
                         "status": status_name(code),
                         "source_time": (value.SourceTimestamp or value.ServerTimestamp).isoformat()
                         if (value.SourceTimestamp or value.ServerTimestamp) else None})
        return rows


def tree_lines(entries: list[Entry]) -> Iterator[str]:
    """The browse result as an indented tree: name, node class, type, unit, node id."""
    for entry in entries:
        unit = f" [{entry.unit}]" if entry.unit else ""
        kind = f"{entry.node_class}" + (f" {entry.type_name}" if entry.type_name else "")
        yield f"{'  ' * entry.depth}{entry.name}  ({kind}{unit})  {entry.node_id}"
