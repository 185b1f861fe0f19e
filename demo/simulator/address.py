"""The simulator's address space: the NodeSets it imports, its machine types, and each machine's nodes.

A machine is an object under the Machinery ``Machines`` folder with its Identification (the
nameplate), its MachineryItemState and its Monitoring signals; node ids are strings in the
simulator's namespace, ``PRS-01.Monitoring.Temperature``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timezone
from pathlib import Path
from typing import Any, NamedTuple

from asyncua import Server, ua
from asyncua.common.xmlimporter import XmlImporter

from demo.simulator.errors import NodeSetError, SimulatorError
from demo.simulator.model import (
    COUNTER,
    EXECUTING,
    KST,
    MACHINE_TYPES,
    NOT_EXECUTING,
    ONE,
    OUT_OF_SERVICE,
    SIGNALS,
    STATE,
    Machine,
    Signal,
    Unit,
    _seed,
)

NAMESPACE = "http://plantset.dev/UA/DemoPlant/"
DI, MACHINERY = "http://opcfoundation.org/UA/DI/", "http://opcfoundation.org/UA/Machinery/"
NODESETS = tuple(Path(__file__).parent.parent / "nodesets" / f"Opc.Ua.{n}.NodeSet2.xml"
                 for n in ("Di", "IA", "Machinery"))  # demo/nodesets
_STATE_NODES = {EXECUTING: 5006, NOT_EXECUTING: 5007, OUT_OF_SERVICE: 5004}  # Machinery's state objects
_MACHINES_FOLDER, _IDENTIFICATION_TYPE, _STATE_MACHINE_TYPE = 1001, 1012, 1002  # in the Machinery namespace


class _Namespaces(NamedTuple):
    sim: int
    di: int
    machinery: int

    def node(self, path: str) -> ua.NodeId:
        return ua.NodeId(path, self.sim)


def _item(nodeid: ua.NodeId, name: ua.QualifiedName, parent: ua.NodeId, typedef: int | ua.NodeId,
          attrs: Any, ref: int = ua.ObjectIds.HasComponent) -> ua.AddNodesItem:
    item = ua.AddNodesItem()
    item.RequestedNewNodeId, item.BrowseName, item.ParentNodeId = nodeid, name, parent
    item.ReferenceTypeId = ua.NodeId(ref)
    item.NodeClass = ua.NodeClass.Object if isinstance(attrs, ua.ObjectAttributes) else ua.NodeClass.Variable
    item.TypeDefinition = typedef if isinstance(typedef, ua.NodeId) else ua.NodeId(typedef)
    attrs.DisplayName = ua.LocalizedText(name.Name)
    item.NodeAttributes = attrs
    return item


def _object(nodeid: ua.NodeId, name: ua.QualifiedName, parent: ua.NodeId, typedef, ref=ua.ObjectIds.HasComponent):
    return _item(nodeid, name, parent, typedef, ua.ObjectAttributes(EventNotifier=0), ref)


def _variable(nodeid: ua.NodeId, name: ua.QualifiedName, parent: ua.NodeId, value: ua.Variant, *,
              typedef: int = ua.ObjectIds.BaseDataVariableType, datatype: int | None = None,
              historizing: bool = False, prop: bool = False) -> ua.AddNodesItem:
    access = ua.AccessLevel.CurrentRead.mask | (ua.AccessLevel.HistoryRead.mask if historizing else 0)
    attrs = ua.VariableAttributes(Value=value, DataType=ua.NodeId(datatype or value.VariantType.value),
                                  ValueRank=ua.ValueRank.Scalar, AccessLevel=access, UserAccessLevel=access,
                                  Historizing=historizing)
    if prop:
        return _item(nodeid, name, parent, ua.ObjectIds.PropertyType, attrs, ua.ObjectIds.HasProperty)
    return _item(nodeid, name, parent, typedef, attrs)


def _machine_nodes(root: str, ns: _Namespaces, signals: Sequence[Signal], *, instance: bool,
                   nameplate: dict[tuple[int, str], ua.Variant] | None = None) -> list[ua.AddNodesItem]:
    """The components of a machine (or of a machine type's declaration) under node ``root``."""
    def qn(name: str, index: int = ns.sim) -> ua.QualifiedName:
        return ua.QualifiedName(name, index)

    ident, state, monitoring = (ns.node(f"{root}.{n}") for n in ("Identification", "MachineryItemState", "Monitoring"))
    current = ns.node(f"{root}.MachineryItemState.CurrentState")
    items = [_object(ident, qn("Identification", ns.di), ns.node(root), ua.NodeId(_IDENTIFICATION_TYPE, ns.machinery))]
    for (index, name), value in (nameplate or {}).items():
        items.append(_variable(ns.node(f"{root}.Identification.{name}"), qn(name, index), ident, value, prop=True))
    items += [
        _object(state, qn("MachineryItemState", ns.machinery), ns.node(root),
                ua.NodeId(_STATE_MACHINE_TYPE, ns.machinery)),
        _variable(current, qn("CurrentState", 0), state, ua.Variant(ua.LocalizedText(NOT_EXECUTING)),
                  typedef=ua.ObjectIds.FiniteStateVariableType),
        _variable(ns.node(f"{root}.MachineryItemState.CurrentState.Id"), qn("Id", 0), current,
                  ua.Variant(ua.NodeId(_STATE_NODES[NOT_EXECUTING], ns.machinery)), prop=True),
        _object(monitoring, qn("Monitoring"), ns.node(root), ua.ObjectIds.BaseObjectType),
    ]
    for signal in signals:
        node = ns.node(f"{root}.Monitoring.{signal.name}")
        items += [_variable(node, qn(signal.name), monitoring, ua.Variant(signal.idle, ua.VariantType.Double),
                            typedef=ua.ObjectIds.AnalogItemType, historizing=instance),
                  _variable(ns.node(f"{node.Identifier}.EURange"), qn("EURange", 0), node,
                            ua.Variant(ua.Range(signal.low, signal.high)), datatype=ua.ObjectIds.Range, prop=True),
                  _units(node, ns, signal.unit)]
    counter = ns.node(f"{root}.Monitoring.{COUNTER}")
    return items + [
        _variable(counter, qn(COUNTER), monitoring, ua.Variant(0, ua.VariantType.UInt32), historizing=instance),
        _units(counter, ns, ONE),
        _variable(ns.node(f"{root}.Monitoring.{STATE}"), qn(STATE), monitoring, ua.Variant(NOT_EXECUTING),
                  historizing=instance),
    ]


def _units(node: ua.NodeId, ns: _Namespaces, unit: Unit) -> ua.AddNodesItem:
    return _variable(ns.node(f"{node.Identifier}.EngineeringUnits"), ua.QualifiedName("EngineeringUnits", 0), node,
                     ua.Variant(unit.information()), datatype=ua.ObjectIds.EUInformation, prop=True)


def _nameplate(machine: Machine, ns: _Namespaces) -> dict[tuple[int, str], ua.Variant]:
    model = machine.name.rsplit(" ", 1)[0] if machine.name.endswith("호기") else machine.name
    installed = machine.installed.replace(tzinfo=KST).astimezone(timezone.utc)
    serial = f"{machine.kind}{machine.installed:%Y%m}-{_seed(machine.eqp_id) % 99991:05d}"
    return {
        (ns.di, "Manufacturer"): ua.Variant(ua.LocalizedText(machine.maker, "ko-KR")),
        (ns.di, "Model"): ua.Variant(ua.LocalizedText(model, "ko-KR")),
        (ns.di, "SerialNumber"): ua.Variant(serial),
        (ns.di, "ProductInstanceUri"): ua.Variant(f"{NAMESPACE}{machine.eqp_id}"),
        (ns.di, "AssetId"): ua.Variant(machine.eqp_id),
        (ns.di, "ComponentName"): ua.Variant(ua.LocalizedText(machine.name, "ko-KR")),
        (ns.di, "DeviceClass"): ua.Variant(MACHINE_TYPES[machine.kind][1]),
        (ns.machinery, "YearOfConstruction"): ua.Variant(machine.installed.year, ua.VariantType.UInt16),
        (ns.machinery, "MonthOfConstruction"): ua.Variant(machine.installed.month, ua.VariantType.Byte),
        (ns.machinery, "InitialOperationDate"): ua.Variant(installed, ua.VariantType.DateTime),
        (ns.machinery, "Location"): ua.Variant(machine.line),
    }


async def _add(server: Server, items: list[ua.AddNodesItem], mandatory: bool = False) -> None:
    for item, result in zip(items, await server.iserver.isession.add_nodes(items)):
        if not result.StatusCode.is_good():
            raise SimulatorError(f"cannot add node {item.RequestedNewNodeId}: {result.StatusCode.name}")
    if mandatory:  # the items declare a type's components: instances must have them
        rule, mandatory_rule = ua.NodeId(ua.ObjectIds.HasModellingRule), ua.NodeId(ua.ObjectIds.ModellingRule_Mandatory)
        refs = [ua.AddReferencesItem(SourceNodeId=i.RequestedNewNodeId, ReferenceTypeId=rule, IsForward=True,
                                     TargetNodeId=mandatory_rule, TargetNodeClass=ua.NodeClass.Object) for i in items]
        await server.iserver.isession.add_references(refs)


async def _add_types(server: Server, ns: _Namespaces) -> None:
    """ProductionMachineType (abstract) with the common signals, PressType and MachineToolType below it."""
    common = [s for s in SIGNALS["PRS"] if s.name in {c.name for c in SIGNALS["CNC"]}]
    base = ua.NodeId(ua.ObjectIds.BaseObjectType)
    for name, parent, signals in (("ProductionMachineType", base, common),
                                  (MACHINE_TYPES["PRS"][0], ns.node("ProductionMachineType"), SIGNALS["PRS"]),
                                  (MACHINE_TYPES["CNC"][0], ns.node("ProductionMachineType"), SIGNALS["CNC"])):
        item = ua.AddNodesItem(RequestedNewNodeId=ns.node(name), BrowseName=ua.QualifiedName(name, ns.sim),
                               NodeClass=ua.NodeClass.ObjectType, ParentNodeId=parent,
                               ReferenceTypeId=ua.NodeId(ua.ObjectIds.HasSubtype),
                               NodeAttributes=ua.ObjectTypeAttributes(DisplayName=ua.LocalizedText(name),
                                                                      IsAbstract=parent == base))
        await _add(server, [item])
        await _add(server, _machine_nodes(name, ns, signals, instance=False), mandatory=True)


class _NodeImporter(XmlImporter):
    """asyncua's importer, failing with the node that would not import."""

    def make_objects(self, node_data):
        made = []
        for nodedata in node_data:
            try:
                made += super().make_objects([nodedata])
            except Exception as exc:
                raise _node_error(exc, nodedata) from exc
        return made

    async def _add_node_data(self, nodedata, no_namespace_migration=False):
        try:
            return await super()._add_node_data(nodedata, no_namespace_migration)
        except Exception as exc:
            raise _node_error(exc, nodedata) from exc


def _node_error(exc: Exception, nodedata) -> NodeSetError:
    def text(x) -> str:
        return x.to_string() if hasattr(x, "to_string") else str(x)

    return NodeSetError("", str(exc) or type(exc).__name__,
                        f"{text(nodedata.browsename)} ({nodedata.nodetype} {text(nodedata.nodeid)})")


async def import_nodesets(server: Server, paths: Sequence[Path]) -> None:
    """Import NodeSet2 files in order; any failure is one NodeSetError naming the file (and node)."""
    for path in paths:
        try:
            with _quiet("asyncua", logging.ERROR):  # the official NodeSets trip harmless importer warnings
                await _NodeImporter(server, strict_mode=True).import_xml(str(path))
        except NodeSetError as exc:
            raise NodeSetError(str(path), exc.what, exc.node) from exc.__cause__
        except Exception as exc:
            raise NodeSetError(str(path), str(exc) or type(exc).__name__) from exc


@contextmanager
def _quiet(name: str, level: int) -> Iterator[None]:
    """Hold an asyncua logger back to ``level`` where we report its failures ourselves."""
    log = logging.getLogger(name)
    before = log.level
    log.setLevel(level)
    try:
        yield
    finally:
        log.setLevel(before)
