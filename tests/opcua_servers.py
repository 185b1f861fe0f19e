"""A small asyncua test server in a background thread: two machine instances of a type, units,
Bad and Uncertain values, a historized variable with known values, optional security and
users, and a restart on the same port for reconnect tests."""

from __future__ import annotations

import asyncio
import selectors
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

NAMESPACE = "urn:plantset:test:asyncua"
HISTORY_START = datetime(2026, 3, 2, tzinfo=timezone.utc)
HISTORY_COUNT = 1_500
HISTORY_PERIOD = timedelta(seconds=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def history_value(i: int) -> float:
    return round(20 + i * 0.25, 2)


@dataclass
class AsyncuaServer:
    """Runs an asyncua server on its own event loop thread until ``stop()``."""

    port: int = field(default_factory=free_port)
    certificate: Path | None = None
    private_key: Path | None = None
    users: dict[str, str] | None = None
    allow_anonymous: bool = True
    tick: float = 0.05  # seconds between live value updates

    def __post_init__(self) -> None:
        self.endpoint = f"opc.tcp://127.0.0.1:{self.port}/plantset/test"
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: asyncio.Event | None = None
        self.updates = 0

    def start(self) -> AsyncuaServer:
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            try:
                self._loop.run_until_complete(self._serve(ready))
            except BaseException as exc:  # noqa: BLE001 — reported to the starting thread
                failure.append(exc)
                ready.set()
            finally:
                self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not ready.wait(30) or failure:
            raise RuntimeError(f"test OPC UA server did not start: {failure[0] if failure else 'timeout'}")
        return self

    def write_history(self, values: list[tuple[datetime, float]]) -> None:
        """Add values with their source times to the historized variable Plant/Logged."""
        from asyncua import ua

        async def write() -> None:
            for stamp, value in values:
                await self.logged.write_value(ua.DataValue(ua.Variant(value, ua.VariantType.Double),
                                                           SourceTimestamp=stamp, ServerTimestamp=stamp))

        asyncio.run_coroutine_threadsafe(write(), self._loop).result(30)

    def stop(self) -> None:
        if self._loop is not None and self._stopped is not None and self._thread and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stopped.set)
            self._thread.join(15)

    def __enter__(self) -> AsyncuaServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    async def _serve(self, ready: threading.Event) -> None:
        from asyncua import Server, ua
        from asyncua.server.user_managers import UserManager

        users, anonymous = self.users or {}, self.allow_anonymous

        class Users(UserManager):
            def get_user(self, iserver, username=None, password=None, certificate=None):
                from asyncua.crypto.permission_rules import User, UserRole

                if username is None:
                    return User(role=UserRole.User) if anonymous else None
                return User(role=UserRole.User) if users.get(username) == password else None

        server = Server(user_manager=Users())
        await server.init()
        server.set_endpoint(self.endpoint)
        server.set_server_name("plantset test server")
        if self.certificate is not None:
            await server.load_certificate(str(self.certificate))
            await server.load_private_key(str(self.private_key))
            server.set_security_policy([ua.SecurityPolicyType.NoSecurity,
                                        ua.SecurityPolicyType.Basic256Sha256_Sign,
                                        ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt])
        tokens = [ua.UserNameIdentityToken] + ([ua.AnonymousIdentityToken] if anonymous else [])
        server.set_identity_tokens(tokens)
        ns = await server.register_namespace(NAMESPACE)
        machine_type = await server.nodes.base_object_type.add_object_type(ns, "MachineType")
        press_type = await machine_type.add_object_type(ns, "PressType")
        objects = server.nodes.objects
        plant = await objects.add_folder(ua.NodeId("Plant", ns), "Plant")
        line = await plant.add_folder(ua.NodeId("Line1", ns), "Line1")
        self.live = []
        for name, kind in (("M1", machine_type), ("M2", press_type)):
            machine = await line.add_object(ua.NodeId(name, ns), ua.QualifiedName(name, ns), objecttype=kind.nodeid)
            monitoring = await machine.add_object(ua.NodeId(f"{name}.Monitoring", ns), ua.QualifiedName("Monitoring", ns))
            temp = await monitoring.add_variable(ua.NodeId(f"{name}.Temperature", ns), ua.QualifiedName("Temperature", ns),
                                                 20.0, varianttype=ua.VariantType.Double)
            info = ua.EUInformation(NamespaceUri="http://www.opcfoundation.org/UA/units/un/cefact", UnitId=4408652,
                                    DisplayName=ua.LocalizedText("°C"), Description=ua.LocalizedText("degree Celsius"))
            await temp.add_property(ua.NodeId(f"{name}.Temperature.EngineeringUnits", ns),
                                    ua.QualifiedName("EngineeringUnits", 0), info)
            state = await monitoring.add_variable(ua.NodeId(f"{name}.State", ns), ua.QualifiedName("State", ns), "Idle")
            await machine.add_property(ua.NodeId(f"{name}.Serial", ns), ua.QualifiedName("SerialNumber", ns), f"SN-{name}")
            self.live += [temp, state]
        faulty = await objects.add_variable(ua.NodeId("Faulty", ns), ua.QualifiedName("Faulty", ns), 1.0)
        await faulty.write_value(ua.DataValue(ua.Variant(1.5, ua.VariantType.Double),
                                              StatusCode=ua.StatusCode(ua.StatusCodes.BadSensorFailure)))
        drifting = await objects.add_variable(ua.NodeId("Drifting", ns), ua.QualifiedName("Drifting", ns), 1.0)
        await drifting.write_value(ua.DataValue(ua.Variant(2.5, ua.VariantType.Double),
                                                StatusCode=ua.StatusCode(ua.StatusCodes.UncertainLastUsableValue)))
        logged = self.logged = await plant.add_variable(ua.NodeId("Logged", ns), ua.QualifiedName("Logged", ns), 0.0)
        before = HISTORY_START - HISTORY_PERIOD  # the value history starts with: stamped, not "when the test ran"
        await logged.write_value(ua.DataValue(ua.Variant(0.0, ua.VariantType.Double), SourceTimestamp=before,
                                              ServerTimestamp=before))
        await server.historize_node_data_change(logged, period=None, count=0)
        await server.start()
        for i in range(HISTORY_COUNT):
            stamp = HISTORY_START + i * HISTORY_PERIOD
            await logged.write_value(ua.DataValue(ua.Variant(history_value(i), ua.VariantType.Double),
                                                  SourceTimestamp=stamp, ServerTimestamp=stamp))
        self._stopped = asyncio.Event()
        ready.set()
        try:
            while not self._stopped.is_set():
                self.updates += 1
                for node in self.live[::2]:
                    await node.write_value(20.0 + self.updates * 0.1)
                try:
                    await asyncio.wait_for(self._stopped.wait(), self.tick)
                except asyncio.TimeoutError:
                    pass
        finally:
            await server.stop()


class ServerProcess:
    """The same server in its own process, killed like a crashing or rebooting server (all sockets at once)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.endpoint = f"opc.tcp://127.0.0.1:{self.port}/plantset/test"
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float) -> ServerProcess:
        """Start the process and wait up to ``timeout`` s for its ready line."""
        self._process = subprocess.Popen([sys.executable, __file__, str(self.port)], stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, text=True)
        with selectors.DefaultSelector() as waiting:
            waiting.register(self._process.stdout, selectors.EVENT_READ)
            line = self._process.stdout.readline() if waiting.select(timeout) else ""
        if line.strip() != "ready":
            self._process.kill()
            raise RuntimeError(f"test OPC UA server process was not ready within {timeout:g} s (printed {line!r})")
        return self

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(10)


if __name__ == "__main__":
    server = AsyncuaServer(port=int(sys.argv[1])).start()
    print("ready", flush=True)
    threading.Event().wait()
