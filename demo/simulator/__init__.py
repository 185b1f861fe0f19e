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

The signals are modelled in ``model``, their history computed in ``history``, the nodes built in
``address`` and served by ``server``.
"""

from __future__ import annotations

# beyond __all__, for the tests and for callers that import NodeSets into their own server
from demo.simulator.address import DI, MACHINERY, NAMESPACE, NODESETS, import_nodesets  # noqa: F401
from demo.simulator.errors import NodeSetError, SimulatorError
from demo.simulator.history import (
           ComputedHistory,
           Series,  # noqa: F401
)
from demo.simulator.model import FAULTS, PLANT_START, SIGNALS, MachineModel, load_plant
from demo.simulator.server import APPLICATION_URI, DEFAULT_ENDPOINT, POLICIES, PlantSimulator, free_port, run_in_thread

__all__ = ["APPLICATION_URI", "DEFAULT_ENDPOINT", "FAULTS", "NAMESPACE", "NODESETS", "PLANT_START", "POLICIES", "SIGNALS",
           "ComputedHistory", "MachineModel", "NodeSetError", "PlantSimulator", "SimulatorError", "free_port",
           "load_plant", "run_in_thread"]
