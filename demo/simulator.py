"""The demo plant's presses and CNC machines as an OPC UA server (Machinery companion specification).

Each PRS and CNC machine of ``TB_EQP_MST`` is an object under the Machinery ``Machines`` folder whose
browse name is its EQP_ID, so sensor readings join the plant's failure records. Its signals are a
deterministic function of (machine, signal, plant time): levels follow the MES work orders
(Executing) and the CMMS failures (OutOfService from CM_FAIL_HIST's failure until its recovery),
with hash-seeded noise, slow drift, sensor glitches and, before each failure, its signature:
F01 bearing wear raises vibration, F02 overheating raises temperature, F03 a hydraulic leak
lowers pressure. History is computed on demand for the plant's days (``history_period`` grid,
source times in UTC); live values advance plant time from its start at ``speed`` times real
time, wrapping around the plant's days.

    async with PlantSimulator("plant.db", "opc.tcp://127.0.0.1:0/plantset/demo") as sim:
        print(sim.endpoint, sim.machines)      # or, from synchronous code: with run_in_thread(...) as sim:

Node ids are strings in the simulator's namespace, stable across restarts:
``nsu=http://plantset.dev/UA/DemoPlant/;s=PRS-01.Monitoring.Temperature``; browse path
``Objects/Machines/PRS-01/Monitoring/Temperature``.
"""

from __future__ import annotations

import asyncio
import logging
import math
import socket
import sqlite3
import threading
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from hashlib import blake2b
from hmac import compare_digest
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from asyncua import Server, ua
from asyncua.common.xmlimporter import XmlImporter
from asyncua.crypto.permission_rules import User, UserRole
from asyncua.server.history import HistoryManager, HistoryStorageInterface

from demo.plant import BASE_DAY
from plantset.errors import PlantsetError

__all__ = ["APPLICATION_URI", "DEFAULT_ENDPOINT", "FAULTS", "NAMESPACE", "NODESETS", "PLANT_START", "POLICIES", "SIGNALS",
           "ComputedHistory", "MachineModel", "NodeSetError", "PlantSimulator", "SimulatorError", "free_port",
           "load_plant", "run_in_thread"]

NAMESPACE = "http://plantset.dev/UA/DemoPlant/"
APPLICATION_URI = "urn:plantset:demo:simulator"  # a server certificate's subjectAltName URI should match it
DEFAULT_ENDPOINT = "opc.tcp://127.0.0.1:4840/plantset/demo"
DI, MACHINERY = "http://opcfoundation.org/UA/DI/", "http://opcfoundation.org/UA/Machinery/"
NODESETS = tuple(Path(__file__).parent / "nodesets" / f"Opc.Ua.{n}.NodeSet2.xml" for n in ("Di", "IA", "Machinery"))
POLICIES = ("NoSecurity", "Basic256Sha256_Sign", "Basic256Sha256_SignAndEncrypt")
KST = ZoneInfo("Asia/Seoul")  # the plant's times are naive KST
PLANT_START = BASE_DAY.replace(tzinfo=KST).astimezone(timezone.utc)
EXECUTING, NOT_EXECUTING, OUT_OF_SERVICE = "Executing", "NotExecuting", "OutOfService"
_STATE_NODES = {EXECUTING: 5006, NOT_EXECUTING: 5007, OUT_OF_SERVICE: 5004}  # Machinery's state objects
_MACHINES_FOLDER, _IDENTIFICATION_TYPE, _STATE_MACHINE_TYPE = 1001, 1012, 1002  # in the Machinery namespace
_GLITCH_EPISODE, _BAD_SHARE, _UNCERTAIN_SHARE = 300, 0.004, 0.008  # sensor glitches last a 5-minute episode
_BAD, _UNCERTAIN = ua.StatusCodes.BadSensorFailure, ua.StatusCodes.UncertainLastUsableValue
_MASK = (1 << 64) - 1
logger = logging.getLogger("plantset.simulator")


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


# -- what the machines measure -------------------------------------------------------------------
class Unit(NamedTuple):
    code: str  # UN/CEFACT Recommendation 20 common code
    symbol: str
    name: str

    def information(self) -> ua.EUInformation:
        unit_id = int.from_bytes(self.code.encode().rjust(3, b"\0"), "big")  # OPC UA Part 8's mapping
        return ua.EUInformation("http://www.opcfoundation.org/UA/units/un/cefact", unit_id,
                                ua.LocalizedText(self.symbol, "en"), ua.LocalizedText(self.name, "en"))


@dataclass(frozen=True)
class Signal:
    """An analog signal: its unit and range, its steady levels idle and running, noise, drift and inertia."""

    name: str
    unit: Unit
    low: float
    high: float
    idle: float
    running: float
    noise: float  # standard deviation while running
    drift: float  # amplitude of the daily and multi-day drift
    lag: float  # seconds for 63 % of a change of level


@dataclass(frozen=True)
class Fault:
    """A failure's signature: ``signal`` moves by ``share`` of its running-minus-idle span, growing
    quadratically over the ``hours`` before the failure."""

    signal: str
    hours: float
    share: float


CELSIUS, MM_PER_S = Unit("CEL", "°C", "degree Celsius"), Unit("C16", "mm/s", "millimetre per second")
BAR, PERCENT, ONE = Unit("BAR", "bar", "bar"), Unit("P1", "%", "percent"), Unit("C62", "1", "one")
SIGNALS = {
    "PRS": (Signal("Temperature", CELSIUS, -20, 150, 24, 48, 0.35, 2.5, 1200),
            Signal("Vibration", MM_PER_S, 0, 50, 0.4, 2.8, 0.15, 0.2, 30),
            Signal("HydraulicPressure", BAR, 0, 350, 40, 210, 2.0, 3.0, 45)),
    "CNC": (Signal("Temperature", CELSIUS, -20, 150, 23, 38, 0.3, 2.0, 900),
            Signal("Vibration", MM_PER_S, 0, 50, 0.3, 1.6, 0.1, 0.15, 30),
            Signal("SpindleLoad", PERCENT, 0, 150, 0, 55, 4.0, 3.0, 20)),
}
COUNTER, STATE = "CycleCounter", "MachineState"
FAULTS = {"F01": Fault("Vibration", 36, 2.5),  # bearing wear
          "F02": Fault("Temperature", 8, 1.6),  # overheating
          "F03": Fault("HydraulicPressure", 24, -0.45)}  # hydraulic leak
_VARIANTS = {COUNTER: ua.VariantType.UInt32, STATE: ua.VariantType.String}  # the analog signals are Double
MACHINE_TYPES = {"PRS": ("PressType", "Press"), "CNC": ("MachineToolType", "Machine tool")}
_CYCLES_PER_HOUR = {"PRS": 600.0, "CNC": 30.0}  # when the MES reported no cycle times


# -- the plant, read from plant.db ---------------------------------------------------------------
@dataclass(frozen=True)
class Machine:
    eqp_id: str
    name: str
    kind: str  # EQP_TP_CD: PRS or CNC
    line: str
    maker: str
    installed: datetime  # naive KST


def _seconds(c14: str) -> float:
    return (datetime.strptime(c14, "%Y%m%d%H%M%S") - BASE_DAY).total_seconds()


def _mix(x: int) -> int:
    """splitmix64: a well-spread 64-bit hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _seed(*parts: str) -> int:
    return int.from_bytes(blake2b(":".join(parts).encode(), digest_size=8).digest(), "big")


def _gauss(h: int) -> float:
    """About standard normal: four 16-bit uniforms of ``h`` summed (Irwin-Hall)."""
    total = (h & 0xFFFF) + ((h >> 16) & 0xFFFF) + ((h >> 32) & 0xFFFF) + (h >> 48)
    return (total / 65536 - 2.0) * 1.7320508


class MachineModel:
    """One machine's values as a function of plant seconds since BASE_DAY, periodic over the plant's days."""

    def __init__(self, machine: Machine, span: float, busy: list, outages: list, cycles_per_hour: float):
        self.machine, self.span, self.rate = machine, span, cycles_per_hour / 3600
        self.signals = {s.name: s for s in SIGNALS[machine.kind]}
        self.starts, self.states = _timeline(busy, [(a, b) for a, b, _ in outages], span)
        self.running_before = [0.0]
        for i, start in enumerate(self.starts[1:], 1):
            previous = start - self.starts[i - 1] if self.states[i - 1] == EXECUTING else 0.0
            self.running_before.append(self.running_before[-1] + previous)
        last = span - self.starts[-1] if self.states[-1] == EXECUTING else 0.0
        self.running_per_span = self.running_before[-1] + last
        self.faults = [(at - FAULTS[code].hours * 3600, at, FAULTS[code]) for at, _, code in outages
                       if FAULTS[code].signal in self.signals]
        self.counter_offset = 100_000 + _seed(machine.eqp_id, COUNTER) % 2_000_000
        self.seeds = {name: _seed(machine.eqp_id, name) for name in self.signals}

    def state(self, s: float) -> str:
        return self.states[bisect_right(self.starts, s % self.span) - 1]

    def count(self, s: float) -> int:
        loops, p = divmod(s, self.span)
        i = bisect_right(self.starts, p) - 1
        running = self.running_before[i] + (p - self.starts[i] if self.states[i] == EXECUTING else 0.0)
        return self.counter_offset + int((loops * self.running_per_span + running) * self.rate)

    def level(self, name: str, s: float) -> float:
        """The signal's true value: the state's level reached with inertia, drift, fault and noise."""
        signal, p = self.signals[name], s % self.span
        i = bisect_right(self.starts, p) - 1
        state, previous = self.states[i], self.states[i - 1] if i else self.states[i]
        target = signal.running if state == EXECUTING else signal.idle
        before = signal.running if previous == EXECUTING else signal.idle
        value = target + (before - target) * math.exp((self.starts[i] - p) / signal.lag)
        phase = self.seeds[name] % 1000 / 159.15
        value += signal.drift * (0.6 * math.sin(math.tau * (p / 86400 - 0.375)) + 0.4 * math.sin(p / 72_870 + phase))
        load = 1.0 if state == EXECUTING else 0.3
        if state != OUT_OF_SERVICE:
            for start, at, fault in self.faults:
                if start <= p < at and fault.signal == name:
                    value += fault.share * (signal.running - signal.idle) * ((p - start) / (at - start)) ** 2 * load
        value += _gauss(_mix(self.seeds[name] ^ int(s))) * signal.noise * (1.0 if state == EXECUTING else 0.4)
        return min(signal.high, max(signal.low, value))

    def sample(self, name: str, s: float) -> tuple[Any, int]:
        """(value, status code) of signal ``name`` at plant second ``s``, sensor glitches included."""
        if name == COUNTER:
            return self.count(s), 0
        if name == STATE:
            return self.state(s), 0
        episode = int(s) // _GLITCH_EPISODE
        draw = _mix(self.seeds[name] ^ (episode << 20) ^ 0xB1) / 2**64
        if draw < _BAD_SHARE:
            return None, _BAD
        if draw < _BAD_SHARE + _UNCERTAIN_SHARE:  # stuck at the value before the episode
            return self.level(name, episode * _GLITCH_EPISODE - 1), _UNCERTAIN
        return self.level(name, s), 0


def _timeline(busy: list, outages: list, span: float) -> tuple[list[float], list[str]]:
    """Where the machine's state changes, and the state from each change on (outages win over work)."""
    cuts = sorted({0.0, *(min(max(t, 0.0), span) for pair in busy + outages for t in pair)} - {span})
    starts, states = [], []
    for cut in cuts:
        state = (OUT_OF_SERVICE if any(a <= cut < b for a, b in outages)
                 else EXECUTING if any(a <= cut < b for a, b in busy) else NOT_EXECUTING)
        if not states or states[-1] != state:
            starts.append(cut)
            states.append(state)
    return starts, states


def load_plant(db_path: Path) -> tuple[float, list[MachineModel]]:
    """The plant's span in seconds and a model of each press and CNC machine, from the demo plant's database."""
    if not Path(db_path).is_file():
        raise SimulatorError(f"{db_path}: no plant database; generate one with `plantset demo --no-build --data DIR`")
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        last = db.execute("SELECT MAX(WO_DT) FROM TB_WO_MST").fetchone()[0]
        if last is None:
            raise SimulatorError(f"{db_path}: TB_WO_MST has no work orders, so the plant's days are unknown")
        span = (datetime.strptime(last, "%Y%m%d") - BASE_DAY).days * 86400.0  # the last day is only planned
        rows = db.execute("SELECT EQP_ID, EQP_NM, EQP_TP_CD, UPR_EQP_ID, MAKER_NM, INST_YMD FROM TB_EQP_MST "
                          "WHERE EQP_TP_CD IN ('PRS', 'CNC') ORDER BY rowid").fetchall()
        busy: dict[str, list] = {}
        for eqp, start, end in db.execute("SELECT EQP_ID, PLAN_ST_DT, PLAN_ED_DT FROM TB_WO_MST "
                                          "WHERE WO_STAT_CD IN ('30', '40')"):
            busy.setdefault(eqp, []).append((_seconds(start), _seconds(end)))
        outages: dict[str, list] = {}
        for eqp, code, failed, recovered in db.execute("SELECT EQP_ID, FAIL_CD, FAIL_DTM, RCVR_DTM "
                                                       "FROM CM_FAIL_HIST"):
            outages.setdefault(eqp, []).append((_seconds(failed), _seconds(recovered) if recovered else span, code))
        cycle_ms = dict(db.execute("SELECT EQP_ID, AVG(CYCLE_TM_MS) FROM TB_PROD_RSLT GROUP BY EQP_ID"))
    models = []
    for eqp, name, kind, line, maker, installed in rows:
        installed = datetime.strptime(installed or "20100101", "%Y%m%d")
        machine = Machine(eqp, name, kind, line or "", maker or "", installed)
        rate = 3_600_000 / cycle_ms[eqp] if cycle_ms.get(eqp) else _CYCLES_PER_HOUR[kind]
        models.append(MachineModel(machine, span, busy.get(eqp, []), outages.get(eqp, []), rate))
    return span, models


# -- history computed on demand --------------------------------------------------------------------
class Series(NamedTuple):
    model: MachineModel
    signal: str
    variant: ua.VariantType


_BUDGET: ContextVar[list[int] | None] = ContextVar("plantset_history_budget", default=None)  # values left in a request


class ComputedHistory(HistoryStorageInterface):
    """Raw history of every signal on a ``period`` grid over the plant's days, computed when read (no storage).

    A read from StartTime without EndTime runs forward, one from EndTime without StartTime backward
    (without continuation point), and StartTime after EndTime backward; bounding values are not
    added (ReturnBounds is ignored), times outside the plant's days have no values. A node gets at most
    ``nb_values`` (or ``max_values``) values and a continuation point when more remain, also when the
    request has used up its ``request_values``: asyncua serves a connection's requests one at a time,
    and its clients drop a server that keeps their 1-second keep-alive read waiting.
    """

    def __init__(self, series: dict[ua.NodeId, Series], span: float, period: float, max_values: int = 10_000,
                 request_values: int = 20_000):
        super().__init__(max_values)
        self.series, self.period, self.samples = series, period, math.ceil(span / period)
        self.request_values = request_values

    async def init(self) -> None:
        pass

    async def save_node_value(self, node_id, datavalue) -> None:
        pass  # history is a function of time: nothing to keep

    async def read_node_history(self, node_id, start, end, nb_values):
        series, start, end = self.series.get(node_id), _since_start(start), _since_start(end)
        if series is None or start is end is None:
            return [], None
        if end is None or (start is not None and start <= end):
            last = self.samples - 1 if end is None else min(self.samples - 1, math.floor(end / self.period))
            indexes = range(max(0, math.ceil(start / self.period)), last + 1)
        else:
            first = min(self.samples - 1, math.floor((end if start is None else start) / self.period))
            indexes = range(first, (0 if start is None else max(0, math.ceil(end / self.period))) - 1, -1)
        limit = min(nb_values or self.max_history_data_response_size, self.max_history_data_response_size)
        budget = _BUDGET.get() if start is not None else None  # backward reads from EndTime cannot continue
        values = []
        for n, k in enumerate(indexes[:limit if budget is None else min(limit, budget[0])], 1):
            values.append(history_value(series, k * self.period))
            if n % 1000 == 0:
                await asyncio.sleep(0)  # let live updates and other clients in during long reads
        if budget is not None:
            budget[0] -= len(values)
        more = len(indexes) > len(values) and start is not None
        return values, PLANT_START + timedelta(seconds=indexes[len(values)] * self.period) if more else None

    async def read_event_history(self, source_id, start, end, nb_values, evfilter):
        return [], None

    async def stop(self) -> None:
        pass


def _since_start(at: datetime | None) -> float | None:
    """Seconds from the plant's start to ``at`` (naive means UTC); None for OPC UA's unspecified time."""
    if at is None:
        return None
    at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    return None if at <= ua.get_win_epoch() else (at - PLANT_START).total_seconds()


class _PacedHistory(HistoryManager):
    """asyncua's history manager, giving each HistoryRead request its budget of values."""

    async def read_history(self, params: ua.HistoryReadParameters) -> list[ua.HistoryReadResult]:
        _BUDGET.set([self.storage.request_values])
        return await super().read_history(params)


_STATUS = {0: ua.StatusCode(0), _BAD: ua.StatusCode(_BAD), _UNCERTAIN: ua.StatusCode(_UNCERTAIN)}


def history_value(series: Series, s: float, at: datetime | None = None) -> ua.DataValue:
    """The DataValue of ``series`` at plant second ``s``, stamped ``at`` (the sample's own time by default)."""
    value, status = series.model.sample(series.signal, s)
    at = at or PLANT_START + timedelta(seconds=s)
    variant = ua.Variant() if value is None else ua.Variant(value, series.variant)
    return ua.DataValue(variant, _STATUS[status], SourceTimestamp=at, ServerTimestamp=at)


# -- the address space -------------------------------------------------------------------------------
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


# -- the server ------------------------------------------------------------------------------------------
class PasswordUsers:
    """asyncua user manager: the given users with their passwords, and anonymous clients when allowed."""

    def __init__(self, users: dict[str, str], allow_anonymous: bool):
        self.users, self.allow_anonymous = dict(users), allow_anonymous

    def get_user(self, iserver, username=None, password=None, certificate=None) -> User | None:
        if username is None:
            return User(role=UserRole.User, name="anonymous") if self.allow_anonymous else None
        expected = self.users.get(username)
        if expected is None or password is None or not compare_digest(expected.encode(), str(password).encode()):
            logger.info("simulator: refused user %r", username)
            return None
        return User(role=UserRole.User, name=username)


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


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _resolve(endpoint: str) -> str:
    """The endpoint with port 0 replaced by a free port."""
    parts = urlsplit(endpoint)
    if parts.scheme != "opc.tcp" or not parts.hostname:
        raise SimulatorError(f"endpoint {endpoint!r}: write it as opc.tcp://HOST:PORT/PATH")
    if parts.port:
        return endpoint
    return urlunsplit(parts._replace(netloc=f"{parts.hostname}:{free_port(parts.hostname)}"))


class PlantSimulator:
    """An OPC UA server simulating the demo plant's presses and CNC machines; an async context manager.

    ``endpoint`` may use port 0 for a free port (``endpoint`` then holds the actual one). Values are
    historized on a ``history_period`` (s) grid over the plant's days and written live every
    ``update_period`` (s), at plant time = plant start + (now - server start) x ``speed``, wrapping
    around the plant's days. ``policies`` are among POLICIES (default: NoSecurity, plus both
    Basic256Sha256 modes when ``certificate`` and ``private_key`` are given, PEM or DER); ``users``
    maps user names to passwords; anonymous clients are refused when ``allow_anonymous`` is False.
    """

    def __init__(self, plant_db: str | Path, endpoint: str = DEFAULT_ENDPOINT, *, history_period: float = 60,
                 update_period: float = 1.0, speed: float = 60.0, certificate: str | Path | None = None,
                 private_key: str | Path | None = None, policies: Sequence[str] | None = None,
                 users: dict[str, str] | None = None, allow_anonymous: bool = True,
                 nodesets: Sequence[Path] = NODESETS):
        if history_period <= 0 or update_period <= 0 or speed <= 0:
            raise SimulatorError(f"history_period, update_period and speed must be positive, got {history_period}, "
                                 f"{update_period} and {speed}")
        if (certificate is None) != (private_key is None):
            raise SimulatorError("give both `certificate` and `private_key` (PEM or DER files), or neither")
        secure = POLICIES if certificate else POLICIES[:1]
        self.policies = tuple(policies or secure)
        if bad := [p for p in self.policies if p not in secure]:
            hint = "" if certificate else " (the Basic256Sha256 ones need `certificate` and `private_key`)"
            raise SimulatorError(f"security policies {bad} are not available; choose among {list(secure)}{hint}")
        if not allow_anonymous and not users:
            raise SimulatorError("with `allow_anonymous=False` give `users` (name → password), or nobody can connect")
        self.plant_db, self.endpoint, self.namespace = Path(plant_db), _resolve(endpoint), NAMESPACE
        self.history_period, self.update_period, self.speed = history_period, update_period, speed
        self.certificate, self.private_key, self.nodesets = certificate, private_key, tuple(nodesets)
        self.users, self.allow_anonymous = dict(users or {}), allow_anonymous
        self.span, self.models = load_plant(self.plant_db)
        self.machines = [m.machine.eqp_id for m in self.models]
        self.signals = {m.machine.eqp_id: {**{s.name: s.unit.symbol for s in m.signals.values()}, COUNTER: ONE.symbol,
                                           STATE: ""} for m in self.models}  # machine → signal → unit
        self._server: Server | None = None
        self._machinery = 0  # the Machinery namespace's index on the server
        self._updater: asyncio.Task | None = None
        self._series: dict[ua.NodeId, Series] = {}
        self._states: list[tuple[MachineModel, ua.NodeId, ua.NodeId]] = []
        self._started = datetime.now(timezone.utc)

    def plant_seconds(self, now: datetime) -> float:
        """Plant seconds since BASE_DAY that live values show at wall-clock ``now`` (periodic over the plant's days)."""
        return (now - self._started).total_seconds() * self.speed

    async def __aenter__(self) -> PlantSimulator:
        server = Server(user_manager=PasswordUsers(self.users, self.allow_anonymous))
        await server.init()
        try:
            await self._configure(server)
            await import_nodesets(server, self.nodesets)
            await self._build(server)
        except BaseException:
            await server.iserver.stop()
            raise
        history = _PacedHistory(server.iserver)
        history.set_storage(ComputedHistory(self._series, self.span, self.history_period))
        server.iserver.history_manager = history
        try:
            with _quiet("asyncua.server.server", logging.CRITICAL):
                await server.start()  # stops the internal server itself when it fails
        except OSError as exc:
            raise SimulatorError(f"cannot listen on {self.endpoint} ({exc.strerror or exc}); another server may use "
                                 "the port: choose another, or port 0 for a free one") from exc
        self._server, self._started = server, datetime.now(timezone.utc)
        await self._write_live()
        self._updater = asyncio.create_task(self._update_forever(), name="plantset-simulator-live")
        logger.info("simulator: %s serves %d machines", self.endpoint, len(self.machines))
        return self

    async def __aexit__(self, *exc_info) -> None:
        if self._updater is not None:
            self._updater.cancel()
            await asyncio.gather(self._updater, return_exceptions=True)
        if self._server is not None:
            await self._server.stop()

    async def _configure(self, server: Server) -> None:
        server.set_endpoint(self.endpoint)
        server.set_server_name("plantset demo plant simulator")
        await server.set_application_uri(APPLICATION_URI)
        server.set_security_policy([getattr(ua.SecurityPolicyType, p) for p in self.policies])
        tokens = [ua.UserNameIdentityToken] if self.users else []
        server.set_identity_tokens(tokens + ([ua.AnonymousIdentityToken] if self.allow_anonymous else []))
        if self.certificate:
            try:
                await server.load_certificate(str(self.certificate))
                await server.load_private_key(str(self.private_key))
            except (OSError, ValueError) as exc:
                raise SimulatorError(f"cannot load certificate {self.certificate} or private key {self.private_key}: "
                                     f"{exc}") from exc

    async def _build(self, server: Server) -> None:
        uris = await server.get_namespace_array()
        if MACHINERY not in uris or DI not in uris:
            raise SimulatorError(f"the NodeSets {[str(p) for p in self.nodesets]} do not define the DI and Machinery "
                                 "namespaces; load Opc.Ua.Di, Opc.Ua.IA and Opc.Ua.Machinery in that order")
        ns = _Namespaces(await server.register_namespace(NAMESPACE), uris.index(DI), uris.index(MACHINERY))
        await _add_types(server, ns)
        folder = ua.NodeId(_MACHINES_FOLDER, ns.machinery)
        for model in self.models:
            machine = model.machine
            root = ns.node(machine.eqp_id)
            await _add(server, [_object(root, ua.QualifiedName(machine.eqp_id, ns.sim), folder,
                                        ns.node(MACHINE_TYPES[machine.kind][0]), ua.ObjectIds.Organizes)])
            await _add(server, _machine_nodes(machine.eqp_id, ns, list(model.signals.values()), instance=True,
                                              nameplate=_nameplate(machine, ns)))
            for name in self.signals[machine.eqp_id]:
                variant = _VARIANTS.get(name, ua.VariantType.Double)
                self._series[ns.node(f"{machine.eqp_id}.Monitoring.{name}")] = Series(model, name, variant)
            current = f"{machine.eqp_id}.MachineryItemState.CurrentState"
            self._states.append((model, ns.node(current), ns.node(f"{current}.Id")))
        self._machinery = ns.machinery

    async def _update_forever(self) -> None:
        while True:
            await asyncio.sleep(self.update_period)
            try:
                await self._write_live()
            except Exception:  # a simulator keeps going; the next tick tries again
                logger.exception("simulator: live update failed")

    async def _write_live(self) -> None:
        now = datetime.now(timezone.utc)
        s = self.plant_seconds(now)
        write = self._server.write_attribute_value
        for node, series in self._series.items():
            await write(node, history_value(series, s, now))
        for model, current, state_id in self._states:
            state = model.state(s)
            await write(current, ua.DataValue(ua.Variant(ua.LocalizedText(state)), SourceTimestamp=now))
            await write(state_id, ua.DataValue(ua.Variant(ua.NodeId(_STATE_NODES[state], self._machinery)),
                                               SourceTimestamp=now))


@contextmanager
def run_in_thread(plant_db: str | Path, endpoint: str = DEFAULT_ENDPOINT, **options) -> Iterator[PlantSimulator]:
    """Run a PlantSimulator on its own event loop in a background thread, for synchronous callers.

    Returns once the server accepts connections; stops it on exit. ``options`` are PlantSimulator's.
    """
    simulator = PlantSimulator(plant_db, endpoint, **options)
    ready, failures, control = threading.Event(), [], []

    async def serve() -> None:
        stop = asyncio.Event()
        control.append((asyncio.get_running_loop(), stop))
        async with simulator:
            ready.set()
            await stop.wait()

    def main() -> None:
        try:
            asyncio.run(serve())
        except BaseException as exc:
            failures.append(exc)
        finally:
            ready.set()

    thread = threading.Thread(target=main, name="plantset-simulator", daemon=True)
    thread.start()
    ready.wait()
    if failures:
        thread.join()
        raise failures[0]
    try:
        yield simulator
    finally:
        loop, stop = control[0]
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)
        for failure in failures:
            logger.error("simulator: the server thread failed: %r", failure)
