"""The demo OPC UA simulator, through a real server and a real asyncua client: the Machinery address
space, live values, deterministic history with the failures' signatures, sensor glitches and security."""

from __future__ import annotations

import asyncio
import copy
import os
import pickle
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
from contextlib import asynccontextmanager, closing
from datetime import datetime, timedelta, timezone

import pytest
from asyncua import Client, ua
from asyncua.crypto import cert_gen
from asyncua.crypto.security_policies import SecurityPolicyBasic256Sha256
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID
from waiting import MARGIN, wait_for_async

from demo.plant import BASE_DAY, generate
from demo.simulator import (
    APPLICATION_URI,
    FAULTS,
    MACHINERY,
    NODESETS,
    PLANT_START,
    SIGNALS,
    ComputedHistory,
    NodeSetError,
    PlantSimulator,
    Series,
    SimulatorError,
    load_plant,
    run_in_thread,
)

pytestmark = pytest.mark.timeout(60)
ANY_PORT = "opc.tcp://127.0.0.1:0/plantset/demo"
UPDATE_PERIOD = 0.2  # seconds between the simulator's live updates
# Clients probe the server's state every watchdog interval and drop the connection when a probe takes longer;
# asyncua's default of 1 s is too short while the in-process server answers a 14-day history read on a busy
# machine (CI saw "client is disconnected").
WATCHDOG_S = 10
UNITS = {"Temperature": "°C", "Vibration": "mm/s", "HydraulicPressure": "bar", "SpindleLoad": "%"}


@pytest.fixture(scope="module")
def plant(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("plant"))  # 14 days: an F03 on PRS-02, an F02 on CNC-06


@pytest.fixture(scope="module")
def sim(plant):
    with run_in_thread(plant.db_path, ANY_PORT, update_period=UPDATE_PERIOD) as simulator:
        yield simulator


def query(plant, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(plant.db_path)) as db:
        return db.execute(sql).fetchall()


def kst(c14: str) -> datetime:
    return datetime.strptime(c14, "%Y%m%d%H%M%S") - BASE_DAY + PLANT_START


@asynccontextmanager
async def connected(simulator):
    async with Client(simulator.endpoint, timeout=10, watchdog_intervall=WATCHDOG_S) as client:
        yield client, await client.get_namespace_index(simulator.namespace)


async def history(client, ns: int, machine: str, signal: str, start: datetime, end: datetime) -> list[ua.DataValue]:
    return await client.get_node(ua.NodeId(f"{machine}.Monitoring.{signal}", ns)).read_raw_history(start, end)


def rows(values: list[ua.DataValue]) -> list[tuple]:
    return [(v.SourceTimestamp, v.Value.Value, v.StatusCode.value) for v in values]


def test_machines_are_the_plants_presses_and_cnc_machines_in_the_machinery_folder(plant, sim):
    expected = query(plant, "SELECT EQP_ID, EQP_TP_CD, MAKER_NM FROM TB_EQP_MST WHERE EQP_TP_CD IN ('PRS', 'CNC')")

    async def check():
        async with connected(sim) as (client, ns):
            machinery = await client.get_namespace_index(MACHINERY)
            machines = client.get_node(ua.NodeId(1001, machinery))
            children = {(await c.read_browse_name()).Name: c for c in await machines.get_children()}
            assert sorted(children) == sorted(e[0] for e in expected) == sorted(sim.machines)
            for eqp, kind, maker in expected:
                machine = children[eqp]
                kind_type = client.get_node(await machine.read_type_definition())
                assert (await kind_type.read_browse_name()).Name == {"PRS": "PressType", "CNC": "MachineToolType"}[kind]
                base = await kind_type.get_parent()  # HasSubtype inverse
                assert (await base.read_browse_name()).Name == "ProductionMachineType"
                assert (await base.read_attribute(ua.AttributeIds.IsAbstract)).Value.Value is True
                ident = client.get_node(ua.NodeId(f"{eqp}.Identification", ns))
                assert (await ident.read_browse_name()).NamespaceIndex == await client.get_namespace_index(
                    "http://opcfoundation.org/UA/DI/")
                manufacturer = client.get_node(ua.NodeId(f"{eqp}.Identification.Manufacturer", ns))
                assert (await manufacturer.read_value()).Text == maker
                state = await client.get_node(ua.NodeId(f"{eqp}.MachineryItemState.CurrentState", ns)).read_value()
                assert state.Text in ("Executing", "NotExecuting", "OutOfService")
                for signal in SIGNALS[kind]:
                    node = client.get_node(ua.NodeId(f"{eqp}.Monitoring.{signal.name}", ns))
                    assert await node.read_type_definition() == ua.NodeId(ua.ObjectIds.AnalogItemType)
                    assert await node.read_data_type() == ua.NodeId(ua.ObjectIds.Double)
                    assert (await node.read_attribute(ua.AttributeIds.Historizing)).Value.Value is True
                    units = await (await node.get_child(["0:EngineeringUnits"])).read_value()
                    assert units.DisplayName.Text == UNITS[signal.name]
                    assert units.NamespaceUri == "http://www.opcfoundation.org/UA/units/un/cefact"
                    limits = await (await node.get_child(["0:EURange"])).read_value()
                    assert limits.Low <= signal.idle < signal.running < limits.High
                counter = await client.nodes.objects.get_child(
                    [f"{machinery}:Machines", f"{ns}:{eqp}", f"{ns}:Monitoring", f"{ns}:CycleCounter"])
                assert counter.nodeid == ua.NodeId(f"{eqp}.Monitoring.CycleCounter", ns)
                assert await counter.read_data_type() == ua.NodeId(ua.ObjectIds.UInt32)

    asyncio.run(check())


def test_machine_state_agrees_with_the_machinery_state_machine(sim):
    async def check():
        async with connected(sim) as (client, ns):
            machinery, agreeing = await client.get_namespace_index(MACHINERY), 0
            for eqp in sim.machines:
                text, state_id, state = await client.read_values([
                    client.get_node(ua.NodeId(f"{eqp}.MachineryItemState.CurrentState", ns)),
                    client.get_node(ua.NodeId(f"{eqp}.MachineryItemState.CurrentState.Id", ns)),
                    client.get_node(ua.NodeId(f"{eqp}.Monitoring.MachineState", ns))])
                if text.Text == state:  # the three are written together; a tick may fall between the reads
                    expected = {"Executing": 5006, "NotExecuting": 5007, "OutOfService": 5004}[state]
                    assert state_id == ua.NodeId(expected, machinery)
                    agreeing += 1
            assert agreeing >= len(sim.machines) - 2

    asyncio.run(check())


def test_live_values_change_with_wall_clock_timestamps(sim):
    async def check():
        async with connected(sim) as (client, ns):
            nodes = [client.get_node(ua.NodeId(f"PRS-01.Monitoring.{s}", ns)) for s in ("Temperature", "Vibration")]
            first = [await n.read_data_value() for n in nodes]

            async def changed():
                second = [await n.read_data_value() for n in nodes]
                return second if all(a.SourceTimestamp < b.SourceTimestamp for a, b in zip(first, second)) else None

            second = await wait_for_async(changed, seconds=3 * UPDATE_PERIOD * MARGIN, what="both signals updating")
            now = datetime.now(timezone.utc)
            for a, b in zip(first, second):
                assert a.SourceTimestamp < b.SourceTimestamp <= now
                assert now - b.SourceTimestamp < timedelta(seconds=5)
            assert [v.Value.Value for v in first] != [v.Value.Value for v in second]

    asyncio.run(check())


def test_history_is_identical_across_reads_and_server_starts(plant, sim):
    start = PLANT_START + timedelta(days=3)
    end = start + timedelta(hours=12)

    async def read(simulator):
        async with connected(simulator) as (client, ns):
            return [rows(await history(client, ns, m, s, start, end))
                    for m in ("PRS-03", "CNC-02") for s in simulator.signals[m]]

    first, again = asyncio.run(read(sim)), asyncio.run(read(sim))
    with run_in_thread(plant.db_path, ANY_PORT) as restarted:
        assert restarted.endpoint != sim.endpoint and ":0/" not in restarted.endpoint
        after_restart = asyncio.run(read(restarted))
    assert first == again == after_restart
    stamps = [t for t, _, _ in first[0]]
    assert stamps[0] == start and stamps[-1] == end and len(stamps) == 12 * 60 + 1
    assert all(b - a == timedelta(seconds=60) for a, b in zip(stamps, stamps[1:]))


def test_history_honours_the_value_limit_with_continuation_points(sim):
    start, end = PLANT_START + timedelta(days=1), PLANT_START + timedelta(days=2) - timedelta(seconds=1)

    async def check():
        async with connected(sim) as (client, ns):
            node = ua.NodeId("CNC-01.Monitoring.SpindleLoad", ns)
            whole = rows(await history(client, ns, "CNC-01", "SpindleLoad", start, end))
            pieces, point, requests = [], None, 0
            while True:
                details = ua.ReadRawModifiedDetails(IsReadModified=False, StartTime=start, EndTime=end,
                                                    NumValuesPerNode=100, ReturnBounds=False)
                result = await client.get_node(node).history_read(details, point)
                requests += 1
                assert len(result.HistoryData.DataValues) <= 100
                pieces += rows(result.HistoryData.DataValues)
                point = result.ContinuationPoint
                if point is None:
                    break
            backward = rows(await client.get_node(node).read_raw_history(end, start))
            return whole, pieces, requests, backward

    whole, pieces, requests, backward = asyncio.run(check())
    assert len(whole) == 1440 and pieces == whole and requests == 15
    assert backward == whole[::-1]


def test_history_follows_the_history_period_and_stays_inside_the_plant_days(plant):
    span, models = load_plant(plant.db_path)
    storage = ComputedHistory({ua.NodeId("x"): Series(models[0], "Temperature", ua.VariantType.Double)}, span, 600)

    def read(start, end):
        values, point = asyncio.run(storage.read_node_history(ua.NodeId("x"), start, end, 0))
        return [v.SourceTimestamp for v in values], point

    day, _ = read(PLANT_START + timedelta(days=2), PLANT_START + timedelta(days=3) - timedelta(seconds=1))
    assert len(day) == 144 and day[1] - day[0] == timedelta(minutes=10)
    whole, point = read(PLANT_START - timedelta(days=30), PLANT_START + timedelta(days=30))
    assert point is None and whole[0] == PLANT_START and whole[-1] == PLANT_START + timedelta(seconds=span - 600)


def failures(plant) -> list[tuple]:
    return query(plant, "SELECT f.EQP_ID, f.FAIL_CD, f.FAIL_DTM, f.RCVR_DTM FROM CM_FAIL_HIST f "
                        "JOIN TB_EQP_MST e USING (EQP_ID) WHERE e.EQP_TP_CD IN ('PRS', 'CNC')")


def signature(values: list[tuple], states: list[tuple], failed: datetime, hours: float) -> float:
    """Mean deviation of the last ``hours`` before the failure from the machine's usual level in each state,
    away from state changes (temperature takes a while to settle)."""
    usual: dict[str, list[float]] = {}
    deviations, last_change, previous = [], None, None
    for (at, value, status), (_, state, _) in zip(values, states):
        if state != previous:
            last_change, previous = at, state
        if status or at - last_change < timedelta(hours=1):
            continue
        if at < failed - timedelta(hours=48):
            usual.setdefault(state, []).append(value)
        elif failed - timedelta(hours=hours) <= at < failed:
            deviations.append((state, value))
    return statistics.mean(value - statistics.median(usual[state]) for state, value in deviations)


def test_failures_show_their_signature_before_and_out_of_service_after(plant, sim):
    cases = failures(plant)
    assert {code for _, code, _, _ in cases} >= {"F02", "F03"}

    async def read():
        async with connected(sim) as (client, ns):
            end = PLANT_START + timedelta(days=14) - timedelta(seconds=1)
            return {(eqp, signal): rows(await history(client, ns, eqp, signal, PLANT_START, end))
                    for eqp, code, _, _ in cases for signal in (FAULTS[code].signal, "MachineState")}

    series = asyncio.run(read())
    for eqp, code, failed, recovered in cases:
        failed = kst(failed)
        recovered = kst(recovered) if recovered else PLANT_START + timedelta(days=14)
        fault = FAULTS[code]
        signal = next(s for s in SIGNALS[eqp[:3]] if s.name == fault.signal)
        shift = signature(series[eqp, fault.signal], series[eqp, "MachineState"], failed, 3)
        assert shift * fault.share > 0.08 * (signal.running - signal.idle) * abs(fault.share), (eqp, code, shift)
        states = {state for at, state, _ in series[eqp, "MachineState"] if failed <= at < recovered}
        assert states == {"OutOfService"}
        assert "OutOfService" not in {state for at, state, _ in series[eqp, "MachineState"]
                                      if failed - timedelta(hours=fault.hours) <= at < failed}


def test_every_fault_code_moves_its_signal_in_the_hours_before_the_failure(tmp_path):
    seen = set()
    for days in (3, 14):  # the 3-day plant has an F01
        _, models = load_plant(generate(tmp_path / f"days{days}", days=days).db_path)
        for model in models:
            healthy = copy.copy(model)
            healthy.faults = []
            for start, failed, fault in model.faults:
                span = model.signals[fault.signal].running - model.signals[fault.signal].idle
                shift = [model.level(fault.signal, failed - 60 * m) - healthy.level(fault.signal, failed - 60 * m)
                         for m in range(1, 61)]
                assert all(s * fault.share > 0 for s in shift), (model.machine.eqp_id, fault)
                assert abs(shift[0]) > 0.25 * abs(fault.share) * span
                assert model.level(fault.signal, start - 60) == healthy.level(fault.signal, start - 60)
                assert model.state(failed + 1) == "OutOfService"
                seen.add(fault.signal)
    assert seen == {"Vibration", "Temperature", "HydraulicPressure"}


def test_sensor_glitches_are_bad_or_uncertain_and_rare(sim):
    async def read():
        async with connected(sim) as (client, ns):
            end = PLANT_START + timedelta(days=14) - timedelta(seconds=1)
            return [rows(await history(client, ns, "PRS-04", s, PLANT_START, end))
                    for s in ("Temperature", "Vibration", "HydraulicPressure")]

    values = [v for series in asyncio.run(read()) for v in series]
    bad = [v for v in values if v[2] == ua.StatusCodes.BadSensorFailure]
    uncertain = [v for v in values if v[2] == ua.StatusCodes.UncertainLastUsableValue]
    assert bad and uncertain and len(bad) + len(uncertain) < 0.03 * len(values)
    assert all(value is None for _, value, _ in bad)
    assert all(isinstance(value, float) for _, value, _ in uncertain)


@pytest.fixture(scope="module")
def secured(plant, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pki")
    files = {}
    for name, uri, use in (("server", APPLICATION_URI, ExtendedKeyUsageOID.SERVER_AUTH),
                           ("client", "urn:plantset:test:client", ExtendedKeyUsageOID.CLIENT_AUTH)):
        key = cert_gen.generate_private_key()
        cert = cert_gen.generate_self_signed_app_certificate(
            key, f"plantset test {name}", {}, [x509.UniformResourceIdentifier(uri), x509.DNSName("localhost")], [use])
        (folder / f"{name}.der").write_bytes(cert.public_bytes(Encoding.DER))
        (folder / f"{name}.pem").write_bytes(cert_gen.dump_private_key_as_pem(key))
        files[name] = (folder / f"{name}.der", folder / f"{name}.pem")
    with run_in_thread(plant.db_path, ANY_PORT, certificate=files["server"][0], private_key=files["server"][1],
                       policies=["Basic256Sha256_SignAndEncrypt"], users={"operator": "Pr3ss-0n"},
                       allow_anonymous=False) as simulator:
        yield simulator, files["client"]


async def secure_read(simulator, client_files, user: str | None, password: str | None):
    client = Client(simulator.endpoint, timeout=10, watchdog_intervall=WATCHDOG_S)
    client.application_uri = "urn:plantset:test:client"
    if user:
        client.set_user(user)
        client.set_password(password)
    await client.set_security(SecurityPolicyBasic256Sha256, str(client_files[0]), str(client_files[1]),
                              mode=ua.MessageSecurityMode.SignAndEncrypt)
    async with client:
        ns = await client.get_namespace_index(simulator.namespace)
        return await client.get_node(ua.NodeId("PRS-01.Monitoring.Temperature", ns)).read_value()


def test_sign_and_encrypt_with_a_password_reads_values(secured):
    simulator, client_files = secured
    assert isinstance(asyncio.run(secure_read(simulator, client_files, "operator", "Pr3ss-0n")), float)


@pytest.mark.parametrize("user, password", [("operator", "wrong"), ("nobody", "Pr3ss-0n"), (None, None)])
def test_wrong_passwords_and_anonymous_clients_are_refused(secured, user, password):
    simulator, client_files = secured
    with pytest.raises(ua.UaStatusCodeError) as refused:
        asyncio.run(secure_read(simulator, client_files, user, password))
    assert refused.value.code in (ua.StatusCodes.BadUserAccessDenied, ua.StatusCodes.BadIdentityTokenRejected,
                                  ua.StatusCodes.BadIdentityTokenInvalid)


def test_unsecured_endpoint_is_not_offered_when_only_sign_and_encrypt_is(secured):
    simulator, _ = secured

    async def endpoints():
        client = Client(simulator.endpoint, timeout=10, watchdog_intervall=WATCHDOG_S)
        return await client.connect_and_get_server_endpoints()

    modes = {(e.SecurityPolicyUri.rsplit("#")[-1], e.SecurityMode) for e in asyncio.run(endpoints())}
    assert modes == {("Basic256Sha256", ua.MessageSecurityMode.SignAndEncrypt)}


def test_a_nodeset_that_cannot_import_is_named(plant, tmp_path):
    broken = tmp_path / "Broken.Machinery.NodeSet2.xml"
    text = NODESETS[2].read_text(encoding="utf-8")
    broken.write_text(text.replace('BrowseName="1:Location" ParentNodeId="ns=1;i=1012" DataType="String"',
                                   'BrowseName="1:Location" ParentNodeId="ns=1;i=1012" DataType="NoSuchType"'),
                      encoding="utf-8")

    async def start(nodesets):
        async with PlantSimulator(plant.db_path, ANY_PORT, nodesets=nodesets):
            pass

    with pytest.raises(NodeSetError) as without_di:
        asyncio.run(start(NODESETS[2:]))
    assert "Opc.Ua.Machinery.NodeSet2.xml" in str(without_di.value) and "DI, IA, Machinery" in str(without_di.value)
    with pytest.raises(NodeSetError) as bad_node:
        asyncio.run(start([*NODESETS[:2], broken]))
    message = str(bad_node.value)
    assert str(broken) in message and "Location" in message and "NoSuchType" in message
    assert str(pickle.loads(pickle.dumps(bad_node.value))) == str(bad_node.value)


@pytest.mark.parametrize("options, message", [
    ({"policies": ["Basic256Sha256_SignAndEncrypt"]}, "need `certificate` and `private_key`"),
    ({"policies": ["Aes128"], "certificate": "c.der", "private_key": "k.pem"}, "choose among"),
    ({"allow_anonymous": False}, "give `users`"),
    ({"speed": 0}, "must be positive"),
])
def test_bad_options_say_what_to_change(plant, options, message):
    with pytest.raises(SimulatorError, match=message):
        PlantSimulator(plant.db_path, ANY_PORT, **options)


def test_simulate_command_generates_the_plant_serves_and_stops_on_ctrl_c(tmp_path):
    command = [sys.executable, "-m", "plantset.cli", "simulate", "--data", str(tmp_path / "demo"),
               "--endpoint", ANY_PORT]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        endpoint = re.search(r"opc\.tcp://[^;\s]+", process.stdout.readline()).group(0)
        machines = [process.stdout.readline() for _ in range(10)]

        async def read():
            async with Client(endpoint, timeout=10, watchdog_intervall=WATCHDOG_S) as client:
                ns = await client.get_namespace_index("http://plantset.dev/UA/DemoPlant/")
                return await client.get_node(ua.NodeId("CNC-06.Monitoring.SpindleLoad", ns)).read_data_value()

        value = asyncio.run(read())
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=20)
    assert (tmp_path / "demo" / "plant.db").is_file()
    assert "Machines/PRS-01/Monitoring: Temperature [°C], Vibration [mm/s], HydraulicPressure [bar]" in machines[0]
    assert value.SourceTimestamp is not None
    assert process.returncode == 0 and "simulator stopped" in errors
