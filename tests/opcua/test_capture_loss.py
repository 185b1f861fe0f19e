"""A capture never loses values silently: against a node-opcua load server (bench/opcua_server.mjs: N Double
variables all set to the tick number every tick, so the values say which changes arrived), values missing from
the capture's window are always matched by a loss in the reader's report; a client too slow for the offered rate
says so; the report's losses reach the manifest and the card."""

from __future__ import annotations

import json
import logging
import math
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from connectors.opcua import modes
from connectors.opcua.source import OpcUaTableReader
from plantset.core.spec import OpcUaSource

REPO = Path(__file__).resolve().parents[2]
NAMESPACE = "urn:plantset:bench:opcua"


class LoadServer:
    def __init__(self, process: subprocess.Popen, ready: dict):
        self.process, self.ready = process, ready
        self.endpoint, self.started_ms, self.tick_ms = ready["endpoint"], ready["started_ms"], ready["tick_ms"]

    def tick_at(self, moment: datetime) -> float:
        """The tick number the server had reached at ``moment``."""
        return (moment.timestamp() * 1000 - self.started_ms) / self.tick_ms


@pytest.fixture
def load_server(nodeopcua_installed, tmp_path, request) -> Iterator[LoadServer]:
    items, tick_ms, per_publish = request.param
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "server.out"
    with out.open("wb") as stdout:
        process = subprocess.Popen(["node", str(REPO / "bench" / "opcua_server.mjs"), "--port", str(port), "--items",
                                    str(items), "--tick-ms", str(tick_ms), "--pki", str(tmp_path / "pki"),
                                    "--max-per-publish", str(per_publish)],
                                   stdout=stdout, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not out.read_text().startswith('{"ready"'):
            assert process.poll() is None and time.monotonic() < deadline, "the load server did not start"
            time.sleep(0.1)
        yield LoadServer(process, json.loads(out.read_text().splitlines()[0])["ready"])
    finally:
        process.terminate()
        process.wait(timeout=10)


def capture(server: LoadServer, duration: str = "3s") -> tuple[pa.Table, OpcUaTableReader, datetime, datetime]:
    source = OpcUaSource.model_validate({
        "kind": "opcua", "name": "bench", "endpoint": server.endpoint, "anonymous": True,
        "tables": [{"name": "signals", "mode": "capture", "sampling_interval": "0ms", "publishing_interval": "500ms",
                    "queue_size": 100, "duration": duration,
                    "nodes": [{"type": f"{NAMESPACE}:BenchMachineType", "under": "Bench"}]}]})
    reader = OpcUaTableReader(source, source.tables[0])
    began = datetime.now(timezone.utc)
    batches = list(reader.batches(None))
    return pa.Table.from_batches(batches), reader, began, datetime.now(timezone.utc)


def missing_in(table: pa.Table, server: LoadServer, end: datetime) -> int:
    """(item, tick) values the server made from the first tick every item had delivered until ``end`` that the
    capture does not hold."""
    first = int(pc.max(table.group_by("node_id").aggregate([("value", "min")])["value_min"]).as_py()) + 1
    last = math.floor(server.tick_at(end))
    assert last - first >= 3, f"a window of ticks {first}..{last} is too short to tell"
    values = table["value"]
    inside = pc.and_(pc.greater_equal(values, first), pc.less_equal(values, last))
    pairs = table.filter(inside).select(["node_id", "value"]).group_by(["node_id", "value"]).aggregate([])
    return server.ready["items"] * (last - first + 1) - pairs.num_rows


@pytest.mark.parametrize("load_server", [(1000, 250, 0)], indirect=True)
def test_values_missing_from_a_capture_are_always_reported_as_lost(load_server, monkeypatch):
    deadline = []
    drain = modes._drain

    async def noting_the_end(*args):  # the window runs to the capture's end, when it starts to drain
        deadline.append(datetime.now(timezone.utc))
        return await drain(*args)

    monkeypatch.setattr(modes, "_drain", noting_the_end)
    table, reader, _, _ = capture(load_server)
    assert table.num_rows > 0
    missing = missing_in(table, load_server, deadline[0])
    assert missing == 0 or reader.report.get("losses"), f"{missing} values missing and no loss reported"
    assert reader.report["duplicates_dropped"] == 0


# 20,000 values/s offered, at most 100 values per publish response: a client this slow cannot get the backlog
@pytest.mark.parametrize("load_server", [(2000, 100, 100)], indirect=True)
def test_a_client_too_slow_for_the_offered_rate_says_so_and_counts_it_as_a_loss(load_server, monkeypatch, caplog):
    add = modes.Collector.add

    def slow_add(self, index, signal, data):  # about 5,000 values/s at most, against 20,000 offered
        until = time.perf_counter() + 200e-6
        while time.perf_counter() < until:
            pass
        add(self, index, signal, data)

    monkeypatch.setattr(modes.Collector, "add", slow_add)
    with caplog.at_level(logging.WARNING, logger="connectors.opcua.source"):
        table, reader, _, _ = capture(load_server, "2s")
    behind = reader.report["behind"]
    assert 0 < behind["values_per_s"] < 20_000 and behind["lag_s"] > 0
    assert "capture fell behind" in reader.report["losses"]
    assert table.num_rows == reader.report["rows"]
    line = next(r.getMessage() for r in caplog.records if "fell behind" in r.getMessage())
    assert "\n" not in line and "values/s" in line and "`publishing_interval`" in line


def test_notification_messages_never_received_are_counted_from_the_sequence_numbers():
    capture = modes._Capture.__new__(modes._Capture)
    capture.sequences = {1, 2, 4, 7}
    assert capture.gaps() == 3  # 3, 5 and 6: numbered by the server, never received nor republished
    capture.sequences = set()
    assert capture.gaps() == 0
