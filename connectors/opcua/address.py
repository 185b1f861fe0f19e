"""Finding the variables a spec selects: by node id, by browse path, or by type.

Browsing is batched (one Browse request for a whole level of the tree, not one per node),
so selecting every variable under a few hundred machine instances takes a handful of
round trips. Paths are browse names joined by ``/`` below Objects, without namespace
indexes (which differ between servers); a name is qualified as ``<uri>:<name>`` only where
two children share a name. A path that does not exist fails with the closest existing ones.
"""

from __future__ import annotations

import difflib
import fnmatch
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from asyncua import ua

from connectors.opcua.nodesets import NodeSetIndex
from connectors.opcua.readings import Signal
from connectors.opcua.session import expanded, fail

if TYPE_CHECKING:
    from asyncua import Client

    from plantset.core.spec import OpcUaNodes, OpcUaSource

BROWSE_BATCH = 200  # nodes per Browse request: servers cap MaxNodesPerBrowse, often at a few hundred
MAX_DEPTH = 12


@dataclass(frozen=True)
class Ref:
    """One child reference of a browsed node."""

    node: ua.NodeId
    name: str
    namespace: int
    node_class: int
    type_definition: ua.NodeId
    is_property: bool


class AddressSpace:
    """A connected server's address space, browsed as needed and cached for the session."""

    def __init__(self, client: Client, source: OpcUaSource, table: str | None = None, stage: str = "extract"):
        self.client = client
        self.source = source
        self.table = table
        self.stage = stage
        self.namespaces: list[str] = []
        self._children: dict[ua.NodeId, list[Ref]] = {}
        self.nodesets = NodeSetIndex.load(source.nodesets)

    async def open(self) -> AddressSpace:
        self.namespaces = await self.client.get_namespace_array()
        return self

    def _fail(self, what: str, hint: str):
        return fail(self.source, what, hint, self.table, self.stage)

    # -- browsing ---------------------------------------------------------------------------
    async def children(self, nodes: list[ua.NodeId]) -> list[list[Ref]]:
        """Hierarchical children (components, organizes, properties) of each node, batched."""
        missing = list(dict.fromkeys(n for n in nodes if n not in self._children))
        for start in range(0, len(missing), BROWSE_BATCH):
            chunk = missing[start:start + BROWSE_BATCH]
            params = ua.BrowseParameters()
            params.NodesToBrowse = [_description(node) for node in chunk]
            results = await self.client.uaclient.browse(params)
            for node, result in zip(chunk, results):
                refs = list(result.References)
                point = result.ContinuationPoint
                while point:
                    more = ua.BrowseNextParameters()
                    more.ContinuationPoints = [point]
                    nxt = (await self.client.uaclient.browse_next(more))[0]
                    refs += nxt.References
                    point = nxt.ContinuationPoint
                self._children[node] = [_ref(r) for r in refs if r.IsForward]
        return [self._children[n] for n in nodes]

    async def resolve_path(self, path: str) -> tuple[ua.NodeId, list[str]]:
        """The node at a browse path below Objects (Objects itself for an empty path), with the names on the way."""
        node = ua.NodeId(ua.ObjectIds.ObjectsFolder)
        names: list[str] = []
        for part in [p for p in path.strip("/").split("/") if p]:
            uri, _, name = part.rpartition(":") if "://" in part or part.startswith("urn:") else ("", "", part)
            (refs,) = await self.children([node])
            matches = [r for r in refs if r.name == name and (not uri or self._uri(r.namespace) == uri)]
            if not matches:
                raise self._fail(f"no node at browse path {path!r}",
                                 f"closest existing paths: {self._closest(names, name, refs)}")
            node = matches[0].node
            names.append(name)
        return node, names

    def _closest(self, names: list[str], name: str, refs: list[Ref]) -> str:
        prefix = "/".join(names)
        candidates = [r.name for r in refs if not r.is_property]
        close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.3) or sorted(candidates)[:3]
        return ", ".join(f"{prefix}/{c}".lstrip("/") for c in close) or f"{prefix or 'Objects'} has no children"

    def _uri(self, index: int) -> str:
        return self.namespaces[index] if index < len(self.namespaces) else str(index)

    # -- types and instances ------------------------------------------------------------------
    async def find_type(self, text: str) -> ua.NodeId:
        """An ObjectType from its node id, ``<uri>:<name>`` or a browse name unique on the server."""
        if text.startswith(("ns=", "nsu=", "i=", "s=", "g=", "b=")):
            return self._node_id(text)
        uri, _, name = text.rpartition(":") if ("://" in text or text.startswith("urn:")) else ("", "", text)
        known = self.nodesets.find(uri, name)
        if known is not None and known[0] in self.namespaces:
            return ua.NodeId(_identifier(known[1]), self.namespaces.index(known[0]))
        found = [t for t in await self._all_types() if t.name == name and (not uri or self._uri(t.namespace) == uri)]
        if len(found) == 1:
            return found[0].node
        every = sorted({t.name for t in await self._all_types()})
        if not found:
            close = difflib.get_close_matches(name, every, n=3, cutoff=0.5)
            raise self._fail(f"no ObjectType {text!r} on the server",
                             f"closest types: {', '.join(close) or 'none'}; load its NodeSet with `nodesets:`")
        raise self._fail(f"ObjectType name {name!r} is in several namespaces",
                         f"qualify it: {', '.join(self._uri(t.namespace) + ':' + name for t in found)}")

    async def _all_types(self) -> list[Ref]:
        level, found = [ua.NodeId(ua.ObjectIds.BaseObjectType)], []
        while level:
            refs = [r for group in await self._subtypes(level) for r in group]
            found += refs
            level = [r.node for r in refs]
        return found

    async def subtypes(self, type_id: ua.NodeId) -> set[ua.NodeId]:
        """A type and all its subtypes."""
        every, level = {type_id}, [type_id]
        while level:
            level = [r.node for group in await self._subtypes(level) for r in group if r.node not in every]
            every.update(level)
        return every

    async def _subtypes(self, nodes: list[ua.NodeId]) -> list[list[Ref]]:
        params = ua.BrowseParameters()
        params.NodesToBrowse = [_description(node, ua.ObjectIds.HasSubtype) for node in nodes]
        results = await self.client.uaclient.browse(params) if nodes else []
        return [[_ref(r) for r in result.References if r.IsForward] for result in results]

    async def _walk(self, root: ua.NodeId, path: list[str], follow) -> list[tuple[Ref, list[str]]]:
        """Every child reference below ``root`` that ``follow(ref, parent_path)`` accepts, level by level
        (one Browse request per level), with its path; only accepted references are descended into."""
        found, level = [], [(root, path)]
        for _ in range(MAX_DEPTH):
            if not level:
                break
            groups = await self.children([node for node, _ in level])
            nxt = []
            for (_, names), refs in zip(level, groups):
                for ref in refs:
                    if follow(ref, names):
                        found.append((ref, [*names, ref.name]))
                        nxt.append((ref.node, [*names, ref.name]))
            level = nxt
        return found

    async def instances(self, types: set[ua.NodeId], under: ua.NodeId, path: list[str]) -> list[tuple[ua.NodeId, list[str]]]:
        """Objects below ``under`` whose type is in ``types``, each with its path; namespace 0 is skipped."""
        def objects(ref: Ref, _names: list[str]) -> bool:
            return not ref.is_property and ref.node_class == ua.NodeClass.Object and ref.node.NamespaceIndex != 0

        return [(ref.node, names) for ref, names in await self._walk(under, path, objects)
                if ref.type_definition in types]

    async def variables(self, root: ua.NodeId, path: list[str], properties: bool = False) -> list[tuple[ua.NodeId, list[str]]]:
        """Data variables below a node (components of components too), and its properties if asked."""
        def parts(ref: Ref, names: list[str]) -> bool:
            if ref.is_property and not (properties and ref.node_class == ua.NodeClass.Variable
                                        and ref.name != "EngineeringUnits" and len(names) == len(path)):
                return False
            return ref.node_class in (ua.NodeClass.Variable, ua.NodeClass.Object)

        return [(ref.node, names) for ref, names in await self._walk(root, path, parts)
                if ref.node_class == ua.NodeClass.Variable]

    # -- selecting ----------------------------------------------------------------------------
    async def select(self, selections: list[OpcUaNodes]) -> list[Signal]:
        """Every variable the selections name, once each, in selection order, with units."""
        picked: list[tuple[ua.NodeId, list[str], int | None, OpcUaNodes]] = []  # node, path, machine path length
        for selection in selections:
            if selection.node_id is not None:
                node = self._node_id(selection.node_id)
                picked.append((node, await self._path_of(node, selection.node_id), None, selection))
            elif selection.browse_path is not None:
                node, names = await self.resolve_path(selection.browse_path)
                picked.append((node, names, None, selection))
            else:
                picked += [(node, names, machine, selection) for node, names, machine in await self._by_type(selection)]
        signals, seen = [], set()
        for node, names, machine, selection in picked:
            if node in seen:
                continue
            seen.add(node)
            # the machine is the path element equipment_level names, else the instance, else the parent object
            cut = selection.equipment_level + 1 if selection.equipment_level is not None else machine or len(names) - 1
            cut = max(1, min(cut, len(names) - 1)) if len(names) > 1 else 1
            signals.append(Signal(node=node, node_id=expanded(node, self.namespaces), browse_path="/".join(names),
                                  equipment=names[cut - 1], signal="/".join(names[cut:]) or names[-1]))
        if not signals:
            raise self._fail("the node selection matches no variable",
                             "check `nodes:` with `plantset opcua browse ENDPOINT`")
        return await self.with_units(signals)

    async def _by_type(self, selection: OpcUaNodes) -> list[tuple[ua.NodeId, list[str], int]]:
        """Variables under each instance of the type, with the length of the instance's path."""
        type_id = await self.find_type(selection.type)
        under, names = await self.resolve_path(selection.under)
        picked = []
        for instance, path in await self.instances(await self.subtypes(type_id), under, names):
            for node, var_path in await self.variables(instance, path, selection.properties):
                below = "/".join(var_path[len(path):])
                if any(fnmatch.fnmatchcase(below, glob) or glob == "**" for glob in selection.variables):
                    picked.append((node, var_path, len(path)))
        if not picked:
            raise self._fail(f"no variable under any instance of {selection.type!r}",
                             "check `type`, `under` and `variables` with `plantset opcua browse ENDPOINT`")
        return picked

    def _node_id(self, text: str) -> ua.NodeId:
        try:
            if text.startswith("nsu="):
                uri, _, rest = text[4:].partition(";")
                if uri not in self.namespaces:
                    raise self._fail(f"namespace {uri!r} of node {text!r} is not on the server",
                                     f"namespaces the server has: {', '.join(self.namespaces[1:]) or 'none'}")
                return ua.NodeId.from_string(f"ns={self.namespaces.index(uri)};{rest}")
            return ua.NodeId.from_string(text)
        except ua.UaStringParsingError:
            raise self._fail(f"{text!r} is not a node id", "write e.g. `ns=2;s=Line1.Temperature` or "
                             "`nsu=<namespace uri>;i=1001`") from None

    async def _path_of(self, node: ua.NodeId, text: str) -> list[str]:
        """The browse path of a node given by id: walked up through its hierarchical parents."""
        names, current = [], node
        for _ in range(MAX_DEPTH + 4):
            if current == ua.NodeId(ua.ObjectIds.ObjectsFolder):
                return names
            params = ua.BrowseParameters()
            desc = _description(current)
            desc.BrowseDirection = ua.BrowseDirection.Inverse
            params.NodesToBrowse = [desc]
            (result,) = await self.client.uaclient.browse(params)
            if not result.StatusCode.is_good():
                break
            name = (await self.client.uaclient.read_attributes([current], ua.AttributeIds.BrowseName))[0]
            if not name.StatusCode.is_good():
                break
            names.insert(0, name.Value.Value.Name)
            if not result.References:
                return names
            current = result.References[0].NodeId
        if not names:
            raise self._fail(f"no node {text!r} on the server", "check the id with `plantset opcua browse ENDPOINT`")
        return names

    async def with_units(self, signals: list[Signal]) -> list[Signal]:
        """Each signal with the display name of its EngineeringUnits property, where it has one."""
        groups = await self.children([s.node for s in signals])
        unit_nodes = {s.node: next((r.node for r in refs if r.is_property and r.name == "EngineeringUnits"), None)
                      for s, refs in zip(signals, groups)}
        wanted = [n for n in unit_nodes.values() if n is not None]
        units = {}
        for start in range(0, len(wanted), 1000):
            chunk = wanted[start:start + 1000]
            values = await self.client.uaclient.read_attributes(chunk, ua.AttributeIds.Value)
            for node, value in zip(chunk, values):
                info = value.Value.Value if value.StatusCode.is_good() and value.Value is not None else None
                text = getattr(getattr(info, "DisplayName", None), "Text", None)
                units[node] = text or None
        return [replace(s, unit=units.get(unit_nodes[s.node])) for s in signals]


def _description(node: ua.NodeId, reference: int | None = None) -> ua.BrowseDescription:
    desc = ua.BrowseDescription()
    desc.NodeId = node
    desc.BrowseDirection = ua.BrowseDirection.Forward
    desc.ReferenceTypeId = ua.NodeId(reference or ua.ObjectIds.HierarchicalReferences)
    desc.IncludeSubtypes = True
    desc.NodeClassMask = 0
    desc.ResultMask = ua.BrowseResultMask.All
    return desc


def _ref(ref: ua.ReferenceDescription) -> Ref:
    node = ua.NodeId(ref.NodeId.Identifier, ref.NodeId.NamespaceIndex, ref.NodeId.NodeIdType)
    type_def = ua.NodeId(ref.TypeDefinition.Identifier, ref.TypeDefinition.NamespaceIndex,
                         ref.TypeDefinition.NodeIdType)
    return Ref(node=node, name=ref.BrowseName.Name, namespace=ref.BrowseName.NamespaceIndex,
               node_class=ref.NodeClass, type_definition=type_def,
               is_property=ref.ReferenceTypeId == ua.NodeId(ua.ObjectIds.HasProperty))


def _identifier(text: str):
    kind, _, value = text.partition("=")
    return int(value) if kind == "i" else value
