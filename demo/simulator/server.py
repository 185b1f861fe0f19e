"""The OPC UA server: PlantSimulator (an async context manager) and run_in_thread for synchronous callers."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from hmac import compare_digest
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from asyncua import Server, ua
from asyncua.crypto.permission_rules import User, UserRole

from demo.simulator.address import (
    _MACHINES_FOLDER,
    _STATE_NODES,
    DI,
    MACHINERY,
    NAMESPACE,
    NODESETS,
    _add,
    _add_types,
    _machine_nodes,
    _nameplate,
    _Namespaces,
    _object,
    _quiet,
    import_nodesets,
)
from demo.simulator.errors import SimulatorError
from demo.simulator.history import ComputedHistory, Series, _PacedHistory, history_value
from demo.simulator.model import _VARIANTS, COUNTER, MACHINE_TYPES, ONE, STATE, MachineModel, load_plant

APPLICATION_URI = "urn:plantset:demo:simulator"  # a server certificate's subjectAltName URI should match it
DEFAULT_ENDPOINT = "opc.tcp://127.0.0.1:4840/plantset/demo"
POLICIES = ("NoSecurity", "Basic256Sha256_Sign", "Basic256Sha256_SignAndEncrypt")
logger = logging.getLogger("plantset.simulator")


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
