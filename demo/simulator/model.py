"""The demo machines' signals as a deterministic function of (machine, signal, plant time).

Levels follow the MES work orders (Executing) and the CMMS failures (OutOfService from
CM_FAIL_HIST's failure until its recovery), with hash-seeded noise, slow drift, sensor glitches
and, before each failure, its signature: F01 bearing wear raises vibration, F02 overheating raises
temperature, F03 a hydraulic leak lowers pressure. ``load_plant`` reads the machines, work orders
and failures from the demo plant's database.
"""

from __future__ import annotations

import math
import sqlite3
from bisect import bisect_right
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from hashlib import blake2b
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from asyncua import ua

from demo.plant import BASE_DAY
from demo.simulator.errors import SimulatorError

KST = ZoneInfo("Asia/Seoul")  # the plant's times are naive KST
PLANT_START = BASE_DAY.replace(tzinfo=KST).astimezone(timezone.utc)
EXECUTING, NOT_EXECUTING, OUT_OF_SERVICE = "Executing", "NotExecuting", "OutOfService"
_GLITCH_EPISODE, _BAD_SHARE, _UNCERTAIN_SHARE = 300, 0.004, 0.008  # sensor glitches last a 5-minute episode
_BAD, _UNCERTAIN = ua.StatusCodes.BadSensorFailure, ua.StatusCodes.UncertainLastUsableValue
_MASK = (1 << 64) - 1


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
