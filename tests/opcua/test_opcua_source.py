"""The OPC UA source against real servers: asyncua's (tests/opcua_servers.py) and node-opcua's.

Every test connects over TCP on loopback; nothing is mocked. Covered: the three modes,
selection by node id, browse path and type (Machinery companion types on node-opcua),
units and statuses, security (Sign, SignAndEncrypt, users), a server down at the start, a
server restart during a capture and during a history read, and clear errors.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pytest
from opcua_servers import (
    HISTORY_COUNT,
    HISTORY_PERIOD,
    HISTORY_START,
    NAMESPACE,
    AsyncuaServer,
    ServerProcess,
    free_port,
    history_value,
)

from connectors.opcua.source import OpcUaTableReader
from plantset.core.errors import StageError
from plantset.core.spec import OpcUaSource

MACHINERY = "http://opcfoundation.org/UA/Machinery/"


def source(endpoint: str, *tables: dict, **settings) -> OpcUaSource:
    config = {"kind": "opcua", "name": "line", "endpoint": endpoint, "tables": list(tables), "connect_attempts": 2}
    config.update(settings)
    if "username" not in config:
        config.setdefault("anonymous", True)
    return OpcUaSource.model_validate(config)


def read(src: OpcUaSource, state=None, interval=None, index: int = 0) -> tuple[pa.Table, OpcUaTableReader]:
    reader = OpcUaTableReader(src, src.tables[index])
    batches = list(reader.batches(state, interval))
    return (pa.Table.from_batches(batches) if batches else pa.table({})), reader


@pytest.fixture(scope="module")
def server():
    with AsyncuaServer() as running:
        yield running


def test_snapshot_selects_by_type_path_and_node_id_with_units_and_statuses(server):
    src = source(server.endpoint, {"name": "now", "mode": "snapshot", "nodes": [
        {"type": f"{NAMESPACE}:MachineType", "variables": ["Monitoring/*"]},
        {"browse_path": "Faulty"}, {"node_id": f"nsu={NAMESPACE};s=Drifting"}]})
    table, reader = read(src)
    rows = {r["browse_path"]: r for r in table.to_pylist()}
    assert sorted(rows) == ["Drifting", "Faulty", "Plant/Line1/M1/Monitoring/State",
                            "Plant/Line1/M1/Monitoring/Temperature", "Plant/Line1/M2/Monitoring/State",
                            "Plant/Line1/M2/Monitoring/Temperature"]  # M2 is a PressType, a subtype: selected too
    temp = rows["Plant/Line1/M2/Monitoring/Temperature"]
    assert (temp["equipment"], temp["signal"], temp["unit"], temp["status"]) == ("M2", "Monitoring/Temperature", "°C", "Good")
    assert temp["node_id"] == f"nsu={NAMESPACE};s=M2.Temperature" and temp["value"] >= 20
    assert rows["Plant/Line1/M1/Monitoring/State"]["text_value"] == "Idle"
    assert rows["Faulty"]["status"] == "BadSensorFailure" and rows["Faulty"]["status_code"] == 0x808C0000
    assert rows["Drifting"]["status"] == "UncertainLastUsableValue"  # kept, with its status
    assert table.schema.field("source_time").type == pa.timestamp("us", tz="UTC")
    assert reader.report["statuses"] == {"BadSensorFailure": 1, "Good": 4, "UncertainLastUsableValue": 1}
    assert reader.next_state() == {}


def test_capture_streams_changes_without_duplicates(server):
    src = source(server.endpoint, {"name": "live", "mode": "capture", "duration": "1500ms", "sampling_interval": "50ms",
                                   "publishing_interval": "200ms", "queue_size": 50,
                                   "nodes": [{"browse_path": "Plant/Line1/M1/Monitoring/Temperature"}]})
    table, reader = read(src)
    times = table.column("source_time").to_pylist()
    assert len(times) >= 15, f"expected about 30 changes at 50 ms, got {len(times)}"
    assert times == sorted(times) and len(set(times)) == len(times)
    values = table.column("value").to_pylist()
    assert values == sorted(values)  # the server's counter only grows
    assert reader.report["overflows"] == 0 and reader.report["missing_notifications"] == 0
    assert reader.report["gaps"] == []


def test_history_reads_every_value_once_in_pages_and_commits_its_end(server):
    src = source(server.endpoint, {"name": "hist", "mode": "history", "start": "2026-03-02T09:00:00+09:00",
                                   "end": "2026-03-02T14:00:00+09:00", "values_per_request": 100,
                                   "nodes": [{"browse_path": "Plant/Logged"}]})
    table, reader = read(src)
    assert table.num_rows == HISTORY_COUNT
    assert table.column("value").to_pylist() == [history_value(i) for i in range(HISTORY_COUNT)]
    assert table.column("source_time").to_pylist()[0] == HISTORY_START
    assert reader.next_state() == {"until": "2026-03-02T05:00:00+00:00"}
    # the next run starts at the committed end: nothing new
    again, _ = read(src, state=reader.next_state())
    assert again.num_rows == 0


def test_history_with_a_data_interval_reads_that_interval_and_leaves_the_state(server):
    from connectors.base import Interval

    src = source(server.endpoint, {"name": "hist", "mode": "history", "start": "2026-03-01T00:00:00+00:00",
                                   "nodes": [{"browse_path": "Plant/Logged"}]})
    begin = HISTORY_START + 100 * HISTORY_PERIOD
    interval = Interval(begin, begin + 50 * HISTORY_PERIOD, "UTC")
    table, reader = read(src, state={"until": "2026-03-05T00:00:00+00:00"}, interval=interval)
    assert table.column("value").to_pylist() == [history_value(i) for i in range(100, 150)]
    assert reader.read_by_interval() and reader.next_state() == {"until": "2026-03-05T00:00:00+00:00"}


@pytest.mark.parametrize("selection, expected", [
    ({"browse_path": "Plant/Line1/M3/Monitoring/Temperature"}, "closest existing paths: Plant/Line1/M"),
    ({"browse_path": "Plant/Lien1"}, "closest existing paths: Plant/Line1"),
    ({"node_id": f"nsu={NAMESPACE};s=Nope"}, "no node"),
    ({"node_id": "nsu=urn:other;s=X"}, "namespace 'urn:other'"),
    ({"type": "MachinType"}, "closest types: MachineType"),
])
def test_unknown_nodes_fail_with_the_closest_existing_ones(server, selection, expected):
    src = source(server.endpoint, {"name": "now", "mode": "snapshot", "nodes": [selection]})
    with pytest.raises(StageError) as caught:
        read(src)
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_server_down_at_start_retries_then_fails_in_one_line():
    endpoint = f"opc.tcp://127.0.0.1:{free_port()}/nothing"
    src = source(endpoint, {"name": "now", "mode": "snapshot", "nodes": [{"browse_path": "X"}]}, connect_attempts=3)
    started = time.monotonic()
    with pytest.raises(StageError) as caught:
        read(src)
    assert time.monotonic() - started >= 1.0  # two backoff waits: 0.5 s and 1 s
    assert "server unreachable" in str(caught.value) and endpoint in str(caught.value)


# A restarted server process must be back within this long, and the source waits as long for it:
# one clock for both, generous because a Python process with asyncua starts slowly on a busy machine.
RESTART_S = 120


def test_server_restart_during_capture_is_a_recorded_gap_without_duplicates(monkeypatch):
    import connectors.opcua.modes as modes

    monkeypatch.setattr(modes, "BATCH_ROWS", 5)  # batches arrive while the capture runs, so the test can act
    first = ServerProcess().start(timeout=RESTART_S)
    src = source(first.endpoint, {"name": "live", "mode": "capture", "duration": f"{2 * RESTART_S}s",
                                  "sampling_interval": "50ms", "publishing_interval": "100ms", "queue_size": 100,
                                  "nodes": [{"browse_path": "Plant/Line1/M1/Monitoring/Temperature"}]},
                 reconnect_max_delay=1, reconnect_timeout=RESTART_S)
    reader = OpcUaTableReader(src, src.tables[0])
    batches = reader.batches(None)
    rows, second, restarted = [], None, None
    try:
        for batch in batches:
            rows += batch.to_pylist()
            if second is None and len(rows) >= 10:
                first.kill()  # the server process dies; its sessions and subscriptions with it
                second = ServerProcess(first.port).start(timeout=RESTART_S)
                restarted = datetime.now(timezone.utc)
            elif restarted is not None and sum(r["source_time"] > restarted for r in rows) >= 15:
                break  # enough values from the new server: stop the capture early
    finally:
        batches.close()
        first.kill()
        if second is not None:
            second.kill()
    gaps = reader.report["gaps"]
    assert len(gaps) == 1 and gaps[0]["to"] is not None and gaps[0]["seconds"] > 0
    before = [r for r in rows if r["source_time"] < datetime.fromisoformat(gaps[0]["from"])]
    after = [r for r in rows if r["source_time"] > datetime.fromisoformat(gaps[0]["to"])]
    assert len(before) >= 10 and len(after) >= 10, "values before and after the restart"
    keys = [(r["node_id"], r["source_time"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_server_restart_during_history_resumes_after_the_last_value(monkeypatch):
    import connectors.opcua.modes as modes

    monkeypatch.setattr(modes, "BATCH_ROWS", 100)  # a batch per page, so the test can act between pages
    first = ServerProcess().start(timeout=RESTART_S)
    src = source(first.endpoint, {"name": "hist", "mode": "history", "start": "2026-03-02T00:00:00+00:00",
                                  "end": "2026-03-03T00:00:00+00:00", "values_per_request": 100,
                                  "nodes": [{"browse_path": "Plant/Logged"}]},
                 reconnect_max_delay=1, reconnect_timeout=RESTART_S)
    reader = OpcUaTableReader(src, src.tables[0])
    batches = reader.batches(None)
    second = None
    try:
        rows = next(batches).to_pylist()  # the first page has arrived: the server dies under the reader
        first.kill()
        second = ServerProcess(first.port).start(timeout=RESTART_S)
        for batch in batches:
            rows += batch.to_pylist()
    finally:
        first.kill()
        if second is not None:
            second.kill()
    assert [r["value"] for r in rows] == [history_value(i) for i in range(HISTORY_COUNT)]
    assert reader.report["gaps"] and reader.report["history_resumed"] >= 0


def test_a_server_that_stays_down_fails_the_read_after_reconnect_timeout(monkeypatch):
    import connectors.opcua.modes as modes

    monkeypatch.setattr(modes, "BATCH_ROWS", 100)
    first = ServerProcess().start(timeout=RESTART_S)
    src = source(first.endpoint, {"name": "hist", "mode": "history", "start": "2026-03-02T00:00:00+00:00",
                                  "end": "2026-03-03T00:00:00+00:00", "values_per_request": 100,
                                  "nodes": [{"browse_path": "Plant/Logged"}]},
                 reconnect_max_delay=1, reconnect_timeout=3)
    batches = OpcUaTableReader(src, src.tables[0]).batches(None)
    try:
        next(batches)
        first.kill()  # and never comes back
        with pytest.raises(StageError, match=r"not restored within 3 s") as failed:
            list(batches)
    finally:
        first.kill()
    assert "reconnect_timeout" in str(failed.value)


# -- security ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> dict[str, Path]:
    from asyncua.crypto.cert_gen import setup_self_signed_certificate
    from cryptography.x509.oid import ExtendedKeyUsageOID

    folder = tmp_path_factory.mktemp("pki")
    paths = {name: folder / f"{name}.{ext}" for name, ext in
             (("server_key", "pem"), ("server_cert", "der"), ("client_key", "pem"), ("client_cert", "der"))}
    attrs = {"countryName": "KR", "organizationName": "plantset tests"}
    asyncio.run(setup_self_signed_certificate(paths["server_key"], paths["server_cert"], "urn:plantset:test:server",
                                              "127.0.0.1", [ExtendedKeyUsageOID.SERVER_AUTH], attrs))
    asyncio.run(setup_self_signed_certificate(paths["client_key"], paths["client_cert"], "urn:plantset:test:client",
                                              "127.0.0.1", [ExtendedKeyUsageOID.CLIENT_AUTH], attrs))
    return paths


@pytest.fixture(scope="module")
def secure_server(certificates):
    with AsyncuaServer(certificate=certificates["server_cert"], private_key=certificates["server_key"],
                    users={"reader": "pa55-w0rd"}, allow_anonymous=False) as running:
        yield running


@pytest.mark.parametrize("mode", ["Sign", "SignAndEncrypt"])
def test_basic256sha256_with_user_and_password(secure_server, certificates, monkeypatch, mode):
    monkeypatch.setenv("OPCUA_TEST_PASSWORD", "pa55-w0rd")
    src = source(secure_server.endpoint, {"name": "now", "mode": "snapshot", "nodes": [{"browse_path": "Drifting"}]},
                 username="reader", password={"env": "OPCUA_TEST_PASSWORD"},
                 security={"policy": "Basic256Sha256", "mode": mode, "certificate": str(certificates["client_cert"]),
                           "private_key": str(certificates["client_key"])})
    table, _ = read(src)
    assert table.column("value").to_pylist() == [2.5]


def test_wrong_password_fails_without_echoing_it(secure_server, certificates, monkeypatch, capfd):
    monkeypatch.setenv("OPCUA_TEST_PASSWORD", "not-the-password-x9")
    src = source(secure_server.endpoint, {"name": "now", "mode": "snapshot", "nodes": [{"browse_path": "Drifting"}]},
                 username="reader", password={"env": "OPCUA_TEST_PASSWORD"},
                 security={"policy": "Basic256Sha256", "mode": "SignAndEncrypt",
                           "certificate": str(certificates["client_cert"]), "private_key": str(certificates["client_key"])})
    with pytest.raises(StageError) as caught:
        read(src)
    assert "refused the user" in str(caught.value)
    out, err = capfd.readouterr()
    assert "not-the-password-x9" not in str(caught.value) + out + err


def test_anonymous_is_refused_where_the_server_wants_a_user(secure_server):
    src = source(secure_server.endpoint, {"name": "now", "mode": "snapshot", "nodes": [{"browse_path": "Drifting"}]})
    with pytest.raises(StageError) as caught:
        read(src)
    assert "refused" in str(caught.value)


def test_spec_requires_anonymous_to_be_said():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="anonymous: true"):
        OpcUaSource.model_validate({"kind": "opcua", "name": "x", "endpoint": "opc.tcp://h:4840",
                                    "tables": [{"name": "t", "mode": "snapshot", "nodes": [{"browse_path": "A"}]}]})
    with pytest.raises(ValidationError, match="certificate"):
        OpcUaSource.model_validate({"kind": "opcua", "name": "x", "endpoint": "opc.tcp://h:4840", "anonymous": True,
                                    "security": {"policy": "Basic256Sha256", "mode": "Sign"},
                                    "tables": [{"name": "t", "mode": "snapshot", "nodes": [{"browse_path": "A"}]}]})


# -- NodeSets --------------------------------------------------------------------------------------
NODESETS = Path(__file__).resolve().parents[2] / "demo" / "nodesets"


def test_nodesets_name_companion_types_and_a_broken_one_is_reported_not_fatal(tmp_path):
    from connectors.opcua.nodesets import NodeSetIndex

    broken = tmp_path / "Opc.Ua.Broken.NodeSet2.xml"
    broken.write_text('<?xml version="1.0"?><UANodeSet xmlns="http://opcfoundation.org/UA/2011/03/UANodeSet.xsd">'
                      '<NamespaceUris><Uri>urn:broken</Uri></NamespaceUris>'
                      '<UAObjectType NodeId="ns=4;i=1" BrowseName="1:JobType"/></UANodeSet>')
    truncated = tmp_path / "Opc.Ua.Truncated.NodeSet2.xml"
    truncated.write_text((NODESETS / "Opc.Ua.Machinery.NodeSet2.xml").read_text()[:5000])
    index = NodeSetIndex.load([str(NODESETS / "Opc.Ua.Di.NodeSet2.xml"), str(broken),
                               str(NODESETS / "Opc.Ua.Machinery.NodeSet2.xml"), str(truncated)])
    assert index.find(MACHINERY, "MachineIdentificationType") == (MACHINERY, "i=1012")
    assert index.find("", "MachineryItemState_StateMachineType")[0] == MACHINERY
    assert len(index.problems) == 2
    assert str(broken) in index.problems[0] and "JobType" in index.problems[0]
    assert str(truncated) in index.problems[1] and "not well-formed" in index.problems[1]


# -- node-opcua: another implementation ------------------------------------------------------------
def test_node_opcua_snapshot_by_machinery_type(nodeopcua_server):
    src = source(nodeopcua_server.endpoint, {"name": "now", "mode": "snapshot", "nodes": [
        {"type": f"{MACHINERY}:MachineIdentificationType", "equipment_level": 1, "properties": True},
        {"browse_path": "Machines/Press-7/Monitoring/Temperature"},
        {"browse_path": "Machines/Press-7/Monitoring/Faulty"}, {"browse_path": "Machines/Press-7/Monitoring/Drifting"}]},
        nodesets=[str(NODESETS / name) for name in ("Opc.Ua.Di.NodeSet2.xml", "Opc.Ua.Machinery.NodeSet2.xml")])
    table, _ = read(src)
    rows = {r["browse_path"]: r for r in table.to_pylist()}
    manufacturer = rows["Machines/Press-7/Identification/Manufacturer"]
    assert (manufacturer["equipment"], manufacturer["signal"]) == ("Press-7", "Identification/Manufacturer")
    assert manufacturer["text_value"]
    temperature = rows["Machines/Press-7/Monitoring/Temperature"]
    assert temperature["unit"] == "°C" and 54 <= temperature["value"] <= 66
    assert (temperature["equipment"], temperature["signal"]) == ("Monitoring", "Temperature")  # the parent object
    assert rows["Machines/Press-7/Monitoring/Faulty"]["status"] == "BadSensorFailure"
    assert rows["Machines/Press-7/Monitoring/Drifting"]["status"] == "UncertainLastUsableValue"


def test_node_opcua_history_with_continuation_points(nodeopcua_server):
    start = nodeopcua_server.history_start
    src = source(nodeopcua_server.endpoint, {"name": "hist", "mode": "history", "start": start.isoformat(),
                                             "end": "2026-03-03T00:00:00+00:00", "values_per_request": 300,
                                             "nodes": [{"node_id": nodeopcua_server.node_ids["history"].replace(
                                                 f"ns={nodeopcua_server.namespace_index};",
                                                 f"nsu={nodeopcua_server.namespace};")}]})
    table, reader = read(src)
    assert table.num_rows == nodeopcua_server.history_count
    assert table.column("value").to_pylist() == [i * nodeopcua_server.history_step
                                                 for i in range(nodeopcua_server.history_count)]
    assert reader.report["rows"] == nodeopcua_server.history_count


def test_node_opcua_capture(nodeopcua_server):
    src = source(nodeopcua_server.endpoint, {"name": "live", "mode": "capture", "duration": "1500ms",
                                             "sampling_interval": "100ms", "publishing_interval": "250ms",
                                             "nodes": [{"browse_path": "Machines/Press-7/Monitoring/Counter"}]})
    table, reader = read(src)
    counts = table.column("value").to_pylist()
    assert len(counts) >= 8 and counts == sorted(set(counts))
    assert reader.report["overflows"] == 0


def test_node_opcua_queue_overflow_is_counted_not_silent(nodeopcua_server):
    # a value every 100 ms, published every second, two queued per item: the server must discard and flag
    # (asyncua's server keeps no queues, so this runs against node-opcua, which implements them)
    src = source(nodeopcua_server.endpoint, {"name": "live", "mode": "capture", "duration": "2500ms",
                                             "sampling_interval": "100ms", "publishing_interval": "1s", "queue_size": 2,
                                             "nodes": [{"browse_path": "Machines/Press-7/Monitoring/Counter"}]})
    table, reader = read(src)
    assert table.num_rows > 0
    assert reader.report["overflows"] > 0
    assert reader.report["losses"] == {"values discarded by the server's queues": reader.report["overflows"]}


def test_node_opcua_sign_and_encrypt_with_user(nodeopcua_server, certificates):
    import os

    os.environ["NODEOPCUA_TEST_PASSWORD"] = nodeopcua_server.password
    try:
        src = source(nodeopcua_server.endpoint, {"name": "now", "mode": "snapshot",
                                                 "nodes": [{"browse_path": "Machines/Press-7/Monitoring/Program"}]},
                     username=nodeopcua_server.user, password={"env": "NODEOPCUA_TEST_PASSWORD"},
                     security={"policy": "Basic256Sha256", "mode": "SignAndEncrypt",
                               "certificate": str(certificates["client_cert"]),
                               "private_key": str(certificates["client_key"])})
        table, _ = read(src)
    finally:
        del os.environ["NODEOPCUA_TEST_PASSWORD"]
    assert table.column("text_value").to_pylist()[0]
