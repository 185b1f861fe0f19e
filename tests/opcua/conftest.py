"""An OPC UA server on node-opcua, so the OPC UA source is tested against a second implementation.

The server lives in tests/opcua/nodeopcua (server.mjs, pinned by package-lock.json). The first
session installs it with `npm ci` (registry access needed once; about 15 s); later sessions reuse
node_modules until package-lock.json changes. A missing Node.js or a failed install is an error,
never a skip: these tests are the only check against a non-asyncua server.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

SERVER_DIR = Path(__file__).parent / "nodeopcua"
LOCK_FILE = SERVER_DIR / "package-lock.json"
# npm ci writes this last; its age says which package-lock.json node_modules was installed from.
INSTALLED_MARKER = SERVER_DIR / "node_modules" / ".package-lock.json"
NPM_CI_TIMEOUT_S = 300
READY_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10


@dataclass(frozen=True)
class NodeOpcuaServer:
    """A running node-opcua server, as announced on its ready line."""

    endpoint: str
    namespace: str
    namespace_index: int
    namespace_array: list[str]
    node_ids: dict[str, str]  # machine, identification, monitoring, temperature, ... history
    browse_paths: dict[str, list[str]]  # same keys; "idx:Name" from 0:Objects, for Node.get_child
    history_start: datetime
    history_period: timedelta
    history_count: int
    history_step: float  # sample i has value i * history_step at history_start + i * history_period
    tick: timedelta  # live values change this often
    user: str
    password: str
    allow_anonymous: bool
    pki: Path  # the server's certificate stores; trusted/ fills with accepted client certificates

    @property
    def history_end(self) -> datetime:
        """Source timestamp of the last history sample."""
        return self.history_start + (self.history_count - 1) * self.history_period

    @classmethod
    def from_ready_line(cls, ready: dict, pki: Path) -> NodeOpcuaServer:
        return cls(
            endpoint=ready["endpoint"],
            namespace=ready["namespace"],
            namespace_index=ready["namespace_index"],
            namespace_array=ready["namespace_array"],
            node_ids=ready["node_ids"],
            browse_paths=ready["browse_paths"],
            history_start=datetime.fromisoformat(ready["history_start"]),
            history_period=timedelta(milliseconds=ready["history_period_ms"]),
            history_count=ready["history_count"],
            history_step=ready["history_step"],
            tick=timedelta(milliseconds=ready["tick_ms"]),
            user=ready["user"],
            password=ready["password"],
            allow_anonymous=ready["allow_anonymous"],
            pki=pki,
        )


def _require(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise RuntimeError(
            f"{program} is not on PATH: the node-opcua test server needs Node.js >= 18 with npm "
            f"(https://nodejs.org); install it and run the OPC UA tests again."
        )
    return path


def _install_is_current() -> bool:
    return INSTALLED_MARKER.exists() and INSTALLED_MARKER.stat().st_mtime >= LOCK_FILE.stat().st_mtime


def install_server() -> None:
    """`npm ci` the test server unless node_modules already matches package-lock.json."""
    npm = _require("npm")
    # The lock keeps two pytest processes from running npm ci into one node_modules at once.
    with LOCK_FILE.open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _install_is_current():
            return
        command = [npm, "ci", "--no-audit", "--no-fund"]
        try:
            result = subprocess.run(command, cwd=SERVER_DIR, capture_output=True, text=True,
                                    timeout=NPM_CI_TIMEOUT_S)
        except subprocess.TimeoutExpired as timeout:
            raise RuntimeError(
                f"`npm ci` in {SERVER_DIR} took over {NPM_CI_TIMEOUT_S} s; check that the npm "
                f"registry is reachable (npm config get registry).\n{timeout.stderr or ''}"
            ) from None
        if result.returncode != 0:
            raise RuntimeError(
                f"`npm ci` in {SERVER_DIR} failed with exit code {result.returncode}; the node-opcua "
                f"test server needs the npm registry once. Run it by hand to see why:\n"
                f"  cd {SERVER_DIR} && npm ci\n{result.stderr[-4000:]}"
            )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ready_line(stdout: Path) -> dict | None:
    for line in stdout.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            return json.loads(line)
    return None


def _wait_until_ready(process: subprocess.Popen, stdout: Path, stderr: Path) -> dict:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        ready = _ready_line(stdout)
        if ready is not None:
            return ready
        if process.poll() is not None:
            raise RuntimeError(
                f"the node-opcua test server exited with code {process.returncode} before it was "
                f"ready:\n{stderr.read_text(encoding='utf-8')[-4000:]}"
            )
        time.sleep(0.05)
    raise RuntimeError(
        f"the node-opcua test server printed no ready line within {READY_TIMEOUT_S} s:\n"
        f"{stderr.read_text(encoding='utf-8')[-4000:]}"
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_server(workdir: Path, *, allow_anonymous: bool = True) -> Iterator[NodeOpcuaServer]:
    """Start server.mjs on a free loopback port with its PKI under workdir; stop it afterwards."""
    node = _require("node")
    pki = workdir / "pki"
    stdout, stderr = workdir / "stdout.log", workdir / "stderr.log"
    command = [node, "server.mjs", "--port", str(_free_port()), "--pki", str(pki)]
    if not allow_anonymous:
        command.append("--no-anonymous")
    # Output goes to files, so a chatty server can never block on a full pipe.
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, cwd=SERVER_DIR, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    try:
        yield NodeOpcuaServer.from_ready_line(_wait_until_ready(process, stdout, stderr), pki)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def nodeopcua_installed() -> None:
    install_server()


@pytest.fixture(scope="session")
def nodeopcua_server(nodeopcua_installed, tmp_path_factory) -> Iterator[NodeOpcuaServer]:
    """The node-opcua server with anonymous, user/password and certificate access."""
    yield from run_server(tmp_path_factory.mktemp("nodeopcua"))


@pytest.fixture(scope="session")
def nodeopcua_server_no_anonymous(nodeopcua_installed, tmp_path_factory) -> Iterator[NodeOpcuaServer]:
    """A second node-opcua server, started on first use, that refuses anonymous sessions."""
    yield from run_server(tmp_path_factory.mktemp("nodeopcua-no-anonymous"), allow_anonymous=False)
