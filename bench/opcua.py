"""OPC UA capture benchmark: plantset's capture mode against a plain asyncua subscription.

What is measured
    A node-opcua load server (``bench/opcua_server.mjs``, one Node.js process per item count)
    exposes N Double variables, 100 per machine object, and sets every one of them to the tick
    number every ``--tick-ms`` (250 ms: 10k items make 40,000 changes/s). The value is the
    sequence, so a client's captured values say exactly which changes it got.

    Two clients subscribe to all N variables with the same settings (sampling 0 ms, i.e.
    exception-based: every change is reported; publishing ``--publishing-ms``; queue
    ``--queue-size``) for ``--duration`` seconds, each in its own subprocess, one after the other,
    against the same server:

    plantset  ``OpcUaTableReader`` in capture mode from a real ``OpcUaSource`` spec (variables
              selected by type), its batches written to zstd Parquet by ``extract_table``, the
              way the runner's extract stage does
    baseline  ``client.create_subscription(params, handler)`` + ``subscribe_data_change`` in
              chunks of 1,000, the handler's ``datachange_notification`` appending
              (node, value, source timestamp) to a list, as asyncua's docs show

    Creating the subscription (for plantset also browsing the address space) is the warm-up:
    its time is reported as "setup s" and excluded from the rate. The measured window starts
    ``--settle`` seconds after the last monitored item was created and ends one second before
    the capture's deadline. Every tick the server ran in that window is expected for every item:
    "missing" counts (item, tick) pairs that never reached the client (on the Parquet files for
    plantset, on the handler's list for the baseline) — the real zero-loss check — next to the
    counters plantset reports itself (overflows, missing notifications, duplicates dropped).

    values/s  distinct (item, tick) values captured in the window ÷ window length; with no loss
              it equals the offered rate, so "client CPU %" (user + system of the client process
              over the window, 100 % = one core) says how much headroom is left
    latency   publish response arrival minus the source timestamp of its first value
    server    the node process's CPU % over the window and the latest any tick ran: a server
              near 100 % or ticks late by more than a tick would make the server the bottleneck

    Target (printed as PASS/FAIL; the exit code is 0 either way): plantset at 10k items
    >= 20,000 values/s with nothing missing and no overflow or missing notification.

    ``--profile`` keeps the raw bytes of the first publish responses plantset receives and, after
    the capture, times each stage on them (asyncua's decoding, Collector.add and its parts, Arrow,
    Parquet) with the cyclic GC off, next to the GC time measured in the run itself; what is left
    of the measured CPU per value is the event loop, socket reads and the thread hand-off.

How to run (from the repository root; Node.js >= 18 and npm; node-opcua is installed with
``npm ci`` in tests/opcua/nodeopcua when missing, as the OPC UA tests do)
    .venv/bin/python bench/opcua.py                       # 1k, 5k, 10k items, 20 s each (~3 min)
    .venv/bin/python bench/opcua.py --quick               # 1k and 10k items, 6 s each
    .venv/bin/python bench/opcua.py --items 10000 --profile   # where plantset's time goes
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVER_SCRIPT = Path(__file__).resolve().parent / "opcua_server.mjs"
NODEOPCUA = REPO / "tests" / "opcua" / "nodeopcua"
NAMESPACE = "urn:plantset:bench:opcua"
CLIENTS = ("plantset", "baseline")
TARGET_ITEMS, TARGET_RATE = 10_000, 20_000
CREATE_CHUNK = 1_000  # monitored items per CreateMonitoredItems request, as plantset's capture sends them
WINDOW_TAIL_S = 1.0  # the window ends this long before the deadline: what was sampled last is still in flight


# -- the child: one client, one capture, one JSON line ---------------------------------------------


@dataclass
class Marks:
    """Wall and CPU times of one capture, and the publish responses seen, filled while it runs."""

    duration: float
    settle: float
    started: float = field(default_factory=time.time)
    ready: float | None = None
    cpu: dict[str, float] = field(default_factory=dict)
    publishes: list[tuple[float, float, int]] = field(default_factory=list)  # arrival, first source time, values

    def subscribed(self) -> None:
        """Called after each CreateMonitoredItems; the last call starts the clock."""
        self.ready = time.time()

    def watch(self) -> None:
        """CPU time of the process at the window's edges, from a thread so the capture is untouched."""
        def run() -> None:
            while self.ready is None:
                time.sleep(0.01)
            start, end = self.window
            for name, at in (("start", start), ("end", end)):
                time.sleep(max(0.0, at - time.time()))
                self.cpu[name] = time.process_time()
        threading.Thread(target=run, name="bench-marks", daemon=True).start()

    @property
    def window(self) -> tuple[float, float]:
        return self.ready + self.settle, self.ready + self.duration - WINDOW_TAIL_S

    def timed(self, publish_callback):
        """Wrap a Subscription's publish_callback to note when each response arrived."""
        from asyncua import ua

        async def callback(subscription, result):
            data = result.NotificationMessage.NotificationData
            if data and isinstance(data[0], ua.DataChangeNotification) and data[0].MonitoredItems:
                first = data[0].MonitoredItems[0].Value
                stamp = first.SourceTimestamp.timestamp() if first.SourceTimestamp else math.nan
                count = sum(len(n.MonitoredItems) for n in data if isinstance(n, ua.DataChangeNotification))
                self.publishes.append((time.time(), stamp, count))
            await publish_callback(subscription, result)
        return callback


def spec_source(args: argparse.Namespace):
    """The OPC UA source a user would write for this server: every variable of every bench machine."""
    from plantset.core.spec import OpcUaSource

    return OpcUaSource.model_validate({
        "kind": "opcua", "name": "bench", "endpoint": args.endpoint, "anonymous": True,
        "tables": [{"name": "signals", "mode": "capture",
                    "nodes": [{"type": f"{NAMESPACE}:BenchMachineType", "under": "Bench"}],
                    "sampling_interval": f"{args.sampling_ms}ms", "publishing_interval": f"{args.publishing_ms}ms",
                    "queue_size": args.queue_size, "duration": f"{args.duration}s"}],
    })


def run_plantset(args: argparse.Namespace, marks: Marks, out: Path) -> dict:
    """Capture through the reader and the extract stage; read the Parquet back for the loss check."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from connectors.opcua import modes
    from connectors.opcua.source import OpcUaTableReader
    from plantset.pipeline.extract import extract_table

    create = modes._Capture.create_monitored_items

    async def create_and_mark(self, requests):
        results = await create(self, requests)
        marks.subscribed()
        return results

    modes._Capture.create_monitored_items = create_and_mark
    modes._Capture.publish_callback = marks.timed(modes._Capture.publish_callback)
    source = spec_source(args)
    reader = OpcUaTableReader(source, source.tables[0])
    result = extract_table(reader, None, out / "raw")
    table = pq.read_table(result.files, columns=["node_id", "value"]) if result.files else None
    if table is None:
        return {"rows": 0, "items": [], "values": [], "report": result.report, "parquet_mb": 0.0}
    expected = pa.array([f"nsu={NAMESPACE};s={name}" for name in item_names(args.items)])
    items = pc.fill_null(pc.index_in(table["node_id"], value_set=expected), -1).to_numpy()
    return {"rows": result.rows, "items": items, "values": table["value"].to_numpy(), "report": result.report,
            "parquet_mb": result.bytes / 2**20}


def run_baseline(args: argparse.Namespace, marks: Marks) -> dict:
    """A plain asyncua subscription, as asyncua's documentation shows it."""
    import numpy as np
    from asyncua import Client, ua
    from asyncua.common.subscription import Subscription

    Subscription.publish_callback = marks.timed(Subscription.publish_callback)

    class Handler:
        def __init__(self) -> None:
            self.received: list = []

        def datachange_notification(self, node, val, data) -> None:
            self.received.append((node, val, data.monitored_item.Value.SourceTimestamp))

    async def capture() -> list:
        handler = Handler()
        async with Client(args.endpoint) as client:
            index = await client.get_namespace_index(NAMESPACE)
            nodes = [client.get_node(f"ns={index};s={name}") for name in item_names(args.items)]
            params = ua.CreateSubscriptionParameters()
            params.RequestedPublishingInterval = args.publishing_ms
            params.RequestedLifetimeCount = 10_000
            params.RequestedMaxKeepAliveCount = client.get_keepalive_count(args.publishing_ms)
            params.MaxNotificationsPerPublish = 0
            params.PublishingEnabled = True
            subscription = await client.create_subscription(params, handler)
            for start in range(0, len(nodes), CREATE_CHUNK):
                await subscription.subscribe_data_change(nodes[start:start + CREATE_CHUNK], queuesize=args.queue_size,
                                                         sampling_interval=args.sampling_ms)
                marks.subscribed()
            await asyncio.sleep(args.duration + args.publishing_ms / 1000 * 1.5)  # as long as plantset's capture
            await subscription.delete()
        return handler.received

    received = asyncio.run(capture())
    position = {name: i for i, name in enumerate(item_names(args.items))}
    items = np.fromiter((position[node.nodeid.Identifier] for node, _, _ in received), dtype=np.int64,
                        count=len(received))
    values = np.fromiter((value for _, value, _ in received), dtype=np.float64, count=len(received))
    return {"rows": len(received), "items": items, "values": values, "report": {}}


def item_names(count: int) -> list[str]:
    """The server's node id strings, in its order: M0000.S00 … (100 variables per machine)."""
    return [f"M{i // 100:04d}.S{i % 100:02d}" for i in range(count)]


def loss(items, values, count: int, first_tick: int, last_tick: int) -> dict:
    """Which (item, tick) pairs of the window arrived; every item should have every tick."""
    import numpy as np

    span = last_tick - first_tick + 1
    inside = (values >= first_tick) & (values <= last_tick) & (items >= 0)
    keys = np.unique(items[inside].astype(np.int64) * span + (values[inside].astype(np.int64) - first_tick))
    per_item = np.bincount(keys // span, minlength=count) if len(keys) else np.zeros(count, dtype=np.int64)
    return {"captured": int(len(keys)), "expected": count * span, "missing": int(count * span - len(keys)),
            "items_with_holes": int((per_item < span).sum()), "repeats": int(inside.sum() - len(keys))}


def child_main(args: argparse.Namespace) -> None:
    import numpy as np

    marks = Marks(duration=args.duration, settle=args.settle)
    marks.watch()
    recorder = PublishRecorder(marks) if args.profile else None
    if recorder:
        recorder.install()
    with tempfile.TemporaryDirectory(prefix="bench-opcua-") as tmp:
        data = run_plantset(args, marks, Path(tmp)) if args.child == "plantset" else run_baseline(args, marks)
    profile = {**stage_costs(recorder.raw, args.items), "gc_s": recorder.gc_seconds} if recorder else None
    start, end = marks.window
    first_tick = math.ceil((start * 1000 - args.started_ms) / args.tick_ms)
    last_tick = math.floor((end * 1000 - args.started_ms) / args.tick_ms)
    counted = loss(np.asarray(data["items"]), np.asarray(data["values"]), args.items, first_tick, last_tick)
    seconds = (last_tick - first_tick + 1) * args.tick_ms / 1000
    inside = [(arrived - stamp, count) for arrived, stamp, count in marks.publishes if start <= arrived <= end]
    latencies = sorted(latency for latency, _ in inside)
    received = sum(count for _, count in inside)  # values handled in the window, whichever tick they carry
    cpu = marks.cpu.get("end", math.nan) - marks.cpu.get("start", math.nan)
    print(json.dumps({
        "client": args.child, "items": args.items, "rows": data["rows"], "setup_s": marks.ready - marks.started,
        "window": [start, end], "ticks": [first_tick, last_tick], "values_per_s": counted["captured"] / seconds,
        **counted, "report": data["report"], "cpu_pct": 100 * cpu / (end - start),
        "received": received, "cpu_us_per_value": 1e6 * cpu / received if received else math.nan,
        "latency_p50_s": latencies[len(latencies) // 2] if latencies else math.nan,
        "latency_max_s": latencies[-1] if latencies else math.nan,
        "publishes_per_s": len(latencies) / (end - start),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "parquet_mb": data.get("parquet_mb"), "profile": profile,
    }))


# -- profiling: where the CPU of one value goes, stage by stage -------------------------------------


class PublishRecorder:
    """Keeps the raw bytes of the first publish responses after setup, to time each stage on them later."""

    KEEP = 45  # responses of up to 1,000 values each (node-opcua's cap): fewer values than a batch

    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.raw: list[bytes] = []
        self.gc_seconds = 0.0  # cyclic garbage collection inside the window
        self._gc_began = 0.0

    def _time_gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_began = time.thread_time()  # the GC runs in the thread whose allocation triggered it
        elif self.marks.ready and self.marks.window[0] <= time.time() <= self.marks.window[1]:
            self.gc_seconds += time.thread_time() - self._gc_began

    def install(self) -> None:
        import gc

        from asyncua import ua
        from asyncua.client import ua_session

        gc.callbacks.append(self._time_gc)

        decode = ua_session.struct_from_binary

        def recording(objtype, data):
            if objtype is ua.PublishResponse and self.marks.ready and len(self.raw) < self.KEEP:
                self.raw.append(bytes(data))
            return decode(objtype, data)

        ua_session.struct_from_binary = recording


def stage_costs(raw: list[bytes], items: int) -> dict:
    """CPU µs per value of each stage plantset runs, replayed on recorded publish responses (fastest of 3).

    The stages are timed with the cyclic GC off, so each is its own cost; what the GC adds is
    timed apart, on the reader's loop as it runs (decode a response, add its values), with the
    GC as it is, off, and after ``gc.freeze()``.
    """
    import gc

    import pyarrow.parquet as pq
    from asyncua import ua
    from asyncua.common.utils import Buffer
    from asyncua.ua.ua_binary import struct_from_binary

    from connectors.opcua.modes import Collector, Tally
    from connectors.opcua.readings import BATCH_ROWS, Rows, Signal, split_value, status_name
    from plantset.pipeline.extract import RAW_COMPRESSION

    signals = [Signal(node=None, node_id=f"nsu={NAMESPACE};s={name}", browse_path=f"Bench/{name.replace('.', '/')}",
                      equipment=name[:5], signal=name[6:]) for name in item_names(items)]
    per_value = 1e6 / max(1, sum(len(n.MonitoredItems) for n in _notifications(raw)))
    effect = {name: per_value * seconds for name, seconds in gc_effect(raw, signals).items()}
    gc.disable()
    try:
        values = [(item.ClientHandle, item.Value) for n in _notifications(raw) for item in n.MonitoredItems]
        values = values[:BATCH_ROWS - 1]  # no flush inside Collector.add
        per_value = 1e6 / max(1, len(values))

        def collect() -> Rows:
            collector = Collector(lambda batch: None, Tally())
            for handle, data in values:
                collector.add(handle, signals[handle], data)
            return collector.rows

        def rows_add() -> None:
            rows = Rows()
            for handle, data in values:
                rows.add(signals[handle], data)

        filled, batches = [collect() for _ in range(3)], []

        def parquet() -> None:
            with tempfile.TemporaryDirectory() as tmp, \
                    pq.ParquetWriter(Path(tmp) / "part.parquet", batches[0].schema, **RAW_COMPRESSION) as writer:
                writer.write_batch(batches[0])

        stages = {
            "asyncua: decode PublishResponse": lambda: [struct_from_binary(ua.PublishResponse, Buffer(d)) for d in raw],
            "Collector.add (all of it)": collect,
            "  of which Rows.add": rows_add,
            "    of which status_name": lambda: [status_name(data.StatusCode.value) for _, data in values],
            "    of which split_value": lambda: [split_value(data.Value.Value) for _, data in values],
            "Arrow: Rows.batch (from_pydict)": lambda: batches.append(filled.pop().batch()),
            "Parquet: write_batch (zstd)": parquet,
        }
        costs = {name: per_value * fastest(step) for name, step in stages.items()}
    finally:
        gc.enable()
    return {"values": len(values), "us_per_value": costs, "gc_effect": effect}


def _notifications(raw: list[bytes]) -> list:
    from asyncua import ua
    from asyncua.common.utils import Buffer
    from asyncua.ua.ua_binary import struct_from_binary

    messages = [struct_from_binary(ua.PublishResponse, Buffer(data)).Parameters.NotificationMessage for data in raw]
    return [n for message in messages for n in message.NotificationData if isinstance(n, ua.DataChangeNotification)]


def gc_effect(raw: list[bytes], signals: list) -> dict[str, float]:
    """CPU seconds of the reader's loop over the recorded responses: GC as it is, off, after gc.freeze()."""
    import gc

    from asyncua import ua
    from asyncua.common.utils import Buffer
    from asyncua.ua.ua_binary import struct_from_binary

    from connectors.opcua.modes import Collector, Tally

    def loop() -> None:
        collector = Collector(lambda batch: None, Tally())
        for data in raw:
            response = struct_from_binary(ua.PublishResponse, Buffer(data))
            for notification in response.Parameters.NotificationMessage.NotificationData:
                for item in getattr(notification, "MonitoredItems", ()):
                    collector.add(item.ClientHandle, signals[item.ClientHandle], item.Value)

    effect = {"decode + Collector.add, GC as it is": fastest(loop)}
    gc.disable()
    effect["decode + Collector.add, GC off"] = fastest(loop)
    gc.enable()
    gc.freeze()
    effect["decode + Collector.add, after gc.freeze()"] = fastest(loop)
    gc.unfreeze()
    return effect


def fastest(step, repeats: int = 3) -> float:
    """The least process CPU time of ``repeats`` calls."""
    best = math.inf
    for _ in range(repeats):
        began = time.process_time()
        step()
        best = min(best, time.process_time() - began)
    return best


# -- the parent: the server, the children, the report ------------------------------------------------


def install_server() -> None:
    """`npm ci` tests/opcua/nodeopcua unless node_modules matches its package-lock.json (as tests/opcua does)."""
    lock, marker = NODEOPCUA / "package-lock.json", NODEOPCUA / "node_modules" / ".package-lock.json"
    with lock.open("rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
            return
        print(f"installing node-opcua: npm ci in {NODEOPCUA}", file=sys.stderr)
        subprocess.run([shutil.which("npm") or "npm", "ci", "--no-audit", "--no-fund"], cwd=NODEOPCUA, check=True)


@dataclass
class Server:
    """A running load server and the stats lines it printed."""

    process: subprocess.Popen
    ready: dict
    stdout: Path

    def stats(self, start: float, end: float) -> dict:
        """CPU % and worst tick lateness of the server between two wall times (s)."""
        lines = [json.loads(line)["stats"] for line in self.stdout.read_text().splitlines()
                 if line.startswith('{"stats"')]
        inside = [s for s in lines if start * 1000 <= s["t"] <= end * 1000 + 1000]
        if len(inside) < 2:
            return {"cpu_pct": math.nan, "late_ms": math.nan}
        first, last = inside[0], inside[-1]
        return {"cpu_pct": 100 * (last["cpu_ms"] - first["cpu_ms"]) / (last["t"] - first["t"]),
                "late_ms": max(s["late_ms_max"] for s in inside[1:])}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(items: int, args: argparse.Namespace, workdir: Path) -> Server:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stdout, stderr = workdir / f"server-{items}.out", workdir / f"server-{items}.err"
    command = ["node", str(SERVER_SCRIPT), "--port", str(port), "--items", str(items), "--tick-ms", str(args.tick_ms),
               "--pki", str(workdir / "pki"), "--max-per-publish", str(args.max_per_publish)]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        first = stdout.read_text().splitlines()[:1]
        if first and first[0].startswith('{"ready"'):
            return Server(process, json.loads(first[0])["ready"], stdout)
        if process.poll() is not None:
            raise RuntimeError(f"the load server exited ({process.returncode}):\n{stderr.read_text()[-3000:]}")
        time.sleep(0.1)
    process.kill()
    process.wait()
    raise RuntimeError(f"the load server printed no ready line in 180 s:\n{stderr.read_text()[-3000:]}")


def run_child(client: str, server: Server, args: argparse.Namespace) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", client, "--endpoint", server.ready["endpoint"],
               "--items", str(server.ready["items"]), "--started-ms", str(server.ready["started_ms"]),
               "--tick-ms", str(args.tick_ms), "--duration", str(args.duration), "--settle", str(args.settle),
               "--publishing-ms", str(args.publishing_ms), "--sampling-ms", str(args.sampling_ms),
               "--queue-size", str(args.queue_size)] + (["--profile"] if args.profile and client == "plantset" else [])
    load = os.getloadavg()[0]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=args.duration + 600,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"client": client, "items": server.ready["items"], "error": last}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["server"] = server.stats(*result["window"])
    result["load"] = load
    return result


def print_table(results: list[dict], tick_ms: int) -> None:
    header = (f"{'items':>6} {'client':<9} {'setup s':>7} {'offered/s':>9} {'values/s':>9} {'missing':>7} "
              f"{'holes':>5} {'overfl':>6} {'miss.msg':>8} {'behind':>6} {'agrees':>6} {'dups':>5} {'lat p50':>7} "
              f"{'lat max':>7} "
              f"{'CPU %':>6} {'µs/val':>6} {'RSS MB':>7} {'srv CPU%':>8} {'late ms':>7} {'load':>5}")
    print(header)
    print("-" * len(header))
    for r in results:
        offered = r["items"] * 1000 / tick_ms
        if "error" in r:
            print(f"{r['items']:>6} {r['client']:<9} error: {r['error']}")
            continue
        report, server = r["report"], r["server"]
        overflows = str(report.get("overflows", "-")) if report else "-"
        missing_msgs = str(report.get("missing_notifications", "-")) if report else "-"
        dups = str(report.get("duplicates_dropped", "-")) if report else str(r["repeats"])
        behind = f"{report['behind']['lag_s']:g}s" if report.get("behind") else "-"
        agrees = ("NO" if r["missing"] > 0 and not report.get("losses") else "yes") if report else "-"
        print(f"{r['items']:>6} {r['client']:<9} {r['setup_s']:>7.1f} {offered:>9,.0f} {r['values_per_s']:>9,.0f} "
              f"{r['missing']:>7,} {r['items_with_holes']:>5,} {overflows:>6} {missing_msgs:>8} {behind:>6} {agrees:>6} "
              f"{dups:>5} "
              f"{r['latency_p50_s']:>7.2f} {r['latency_max_s']:>7.2f} {r['cpu_pct']:>6.0f} "
              f"{r['cpu_us_per_value']:>6.1f} "
              f"{r['peak_rss_mb']:>7,.0f} {server['cpu_pct']:>8.0f} {server['late_ms']:>7.0f} {r['load']:>5.1f}")
    print("setup: connect + (plantset) browse + create the monitored items, excluded from the rate;\n"
          "missing: (item, tick) values of the window never captured; holes: items missing any;\n"
          "overfl/miss.msg/behind/dups: plantset's own counters (baseline: dups = values seen twice); behind:\n"
          "the capture's lag when it could not keep up (it then reports a loss); agrees: NO when values are\n"
          "missing and plantset reported no loss;\n"
          "lat: publish arrival - source time of its first value (s); CPU %: the client over the window,\n"
          "100 = one core; µs/val: its CPU per value received; srv CPU%, late ms: the node server's CPU and\n"
          "its latest tick in the window; load: 1-minute load average when the client started (on 2 cores a\n"
          "noisy neighbour shows as load > 2 and late ticks)")


def passed(r: dict) -> bool:
    report = r.get("report") or {}
    return ("error" not in r and r["values_per_s"] >= TARGET_RATE and r["missing"] == 0
            and not report.get("losses"))


def print_verdict(results: list[dict]) -> None:
    by = {(r["items"], r["client"]): r for r in results}
    print("\nplantset ÷ baseline")
    for items in sorted({r["items"] for r in results}):
        ours, theirs = by.get((items, "plantset")), by.get((items, "baseline"))
        if not ours or not theirs or "error" in ours or "error" in theirs or not theirs["values_per_s"]:
            continue
        print(f"  {items:>6} items: values/s {ours['values_per_s'] / theirs['values_per_s']:.2f}x, "
              f"CPU per value {theirs['cpu_us_per_value'] / ours['cpu_us_per_value']:.2f}x less, "
              f"missing {ours['missing']:,} vs {theirs['missing']:,}")
    ours = by.get((TARGET_ITEMS, "plantset"))
    if ours is None:
        print(f"\ntarget ({TARGET_RATE:,} values/s, no loss, {TARGET_ITEMS:,} items): not run")
        return
    verdict = "PASS" if passed(ours) else "FAIL"
    print(f"\ntarget: plantset >= {TARGET_RATE:,} values/s with no loss at {TARGET_ITEMS:,} items: "
          f"{ours.get('values_per_s', 0):,.0f} values/s, {ours.get('missing', '?')} missing  {verdict}")


def print_profile(results: list[dict]) -> None:
    """Each stage's CPU per value, replayed on recorded responses, against the run's measured CPU per value."""
    for r in results:
        profile = r.get("profile")
        if not profile or "error" in r:
            continue
        stages = profile["us_per_value"]
        measured = r["cpu_us_per_value"]
        print(f"\nwhere plantset's CPU goes at {r['items']:,} items ({profile['values']:,} recorded values replayed "
              f"stage by stage; µs per value)")
        for name, cost in stages.items():
            print(f"  {cost:6.2f}  {100 * cost / measured:5.1f} %  {name}")
        gc_cost = 1e6 * profile["gc_s"] / r["received"]
        print(f"  {gc_cost:6.2f}  {100 * gc_cost / measured:5.1f} %  cyclic GC (timed in the run)")
        rest = measured - gc_cost - sum(cost for name, cost in stages.items() if not name.startswith(" "))
        print(f"  {rest:6.2f}  {100 * rest / measured:5.1f} %  the rest: event loop, socket reads, chunk reassembly, "
              f"publish loop, hand-off to the writer thread")
        print(f"  {measured:6.2f}  100.0 %  measured in the run (process CPU over the window ÷ values received in it)")
        print("  the GC's share, replayed (µs per value):")
        for name, cost in profile["gc_effect"].items():
            print(f"  {cost:6.2f}  {name}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1_000, 5_000, 10_000], help="item counts to run")
    parser.add_argument("--duration", type=float, default=20, help="seconds each client captures (after setup)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1k and 10k items, 6 s each")
    parser.add_argument("--clients", nargs="+", choices=CLIENTS, default=list(CLIENTS))
    parser.add_argument("--tick-ms", type=int, default=250, help="every variable changes this often")
    parser.add_argument("--publishing-ms", type=int, default=1000)
    parser.add_argument("--sampling-ms", type=int, default=0, help="0: exception-based, every change reported")
    parser.add_argument("--queue-size", type=int, default=100)
    parser.add_argument("--settle", type=float, default=2.0, help="seconds after setup before the window opens")
    parser.add_argument("--max-per-publish", type=int, default=0,
                        help="server's cap on notifications per publish response (0: node-opcua's 1,000)")
    parser.add_argument("--profile", action="store_true",
                        help="time each stage of plantset's capture per value, and the GC")
    parser.add_argument("--child", choices=CLIENTS, help=argparse.SUPPRESS)
    parser.add_argument("--endpoint", help=argparse.SUPPRESS)
    parser.add_argument("--started-ms", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.items, args.duration = [1_000, 10_000], 6
    return args


def main() -> None:
    args = parse_args()
    if args.child:
        args.items = args.items[0]
        child_main(args)
        return
    install_server()
    results = []
    print(f"tick {args.tick_ms} ms, publishing {args.publishing_ms} ms, sampling {args.sampling_ms} ms, queue "
          f"{args.queue_size}, {args.duration:g} s per client; {os.cpu_count()} cores\n", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-opcua-server-") as tmp:
        for items in args.items:
            server = start_server(items, args, Path(tmp))
            try:
                for client in args.clients:
                    print(f"{items:,} items: {client} …", file=sys.stderr)
                    results.append(run_child(client, server, args))
            finally:
                server.stop()
    print_table(results, args.tick_ms)
    print_verdict(results)
    print_profile(results)


if __name__ == "__main__":
    main()
