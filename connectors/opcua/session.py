"""Connecting to an OPC UA server as the spec says: security, user, retries, reconnects.

The first connection is tried ``connect_attempts`` times with exponential backoff; after
that asyncua's supervisor reconnects on its own (and restores subscriptions), while
``Gaps`` records when the connection was down so the run report can show it and ``Outage``
lets a reader wait for it for at most ``reconnect_timeout`` seconds. Passwords and
key paths come from secret references and never reach an error message or a log.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from asyncua import Client, ua
from asyncua.client.ua_client import UaClientState
from asyncua.crypto import security_policies
from cryptography import x509

from plantset.core.errors import StageError
from plantset.core.secrets import resolve_password

if TYPE_CHECKING:
    from plantset.core.spec import OpcUaSource

CLIENT_URI = "urn:plantset:client"

# asyncua logs every failed reconnect attempt and every unknown handle at WARNING with a
# traceback; plantset reports gaps itself, once, in the run report.
for _name in ("asyncua", "asyncua.client.client", "asyncua.common.subscription"):
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass
class Gaps:
    """Intervals (UTC) during which the connection was down, with how often it came back."""

    spans: list[tuple[datetime, datetime | None]] = field(default_factory=list)

    def lost(self) -> None:
        if not self.spans or self.spans[-1][1] is not None:
            self.spans.append((datetime.now(timezone.utc), None))

    def back(self) -> None:
        if self.spans and self.spans[-1][1] is None:
            self.spans[-1] = (self.spans[-1][0], datetime.now(timezone.utc))

    @property
    def down(self) -> bool:
        return bool(self.spans) and self.spans[-1][1] is None

    def report(self) -> list[dict]:
        return [{"from": start.isoformat(), "to": end.isoformat() if end else None,
                 "seconds": round((end - start).total_seconds(), 3) if end else None} for start, end in self.spans]


@dataclass
class Outage:
    """How long requests have failed for want of a connection: waits with backoff, gives up after ``timeout`` s."""

    timeout: float
    max_delay: float
    since: float | None = None
    delay: float = 0.25

    @classmethod
    def of(cls, source: OpcUaSource) -> Outage:
        return cls(timeout=source.reconnect_timeout, max_delay=source.reconnect_max_delay)

    async def wait(self, cause: BaseException) -> None:
        """Sleep before the next try, or raise ConnectionError once the connection has been down too long."""
        now = time.monotonic()
        if self.since is None:
            self.since = now
        left = self.timeout - (now - self.since)
        if left <= 0:
            raise ConnectionError(f"down for {self.timeout:g} s ({type(cause).__name__})")
        await asyncio.sleep(min(self.delay, left))
        self.delay = min(self.delay * 2, self.max_delay)

    def over(self) -> None:
        """A request went through: the next outage starts its clock afresh."""
        self.since, self.delay = None, 0.25


def fail(source: OpcUaSource, what: str, hint: str, table: str | None = None, stage: str = "extract",
         retryable: bool = False) -> StageError:
    return StageError(stage, f"{source.endpoint}: {what}", source=source.name, table=table, hint=hint,
                      retryable=retryable)


@asynccontextmanager
async def connect(source: OpcUaSource, *, gaps: Gaps | None = None, table: str | None = None,
                  stage: str = "extract") -> AsyncIterator[Client]:
    """A connected client; retries the first connection, then reconnects by itself until closed."""
    attempt, delay = 0, 0.5
    while True:
        attempt += 1
        # the health probe may wait behind a long HistoryRead (servers answer a session's requests in
        # order): give it the request timeout, not asyncua's 1 s, or a busy server looks like a lost one
        client = Client(source.endpoint, timeout=source.timeout, watchdog_intervall=source.timeout,
                        auto_reconnect=True, reconnect_max_delay=source.reconnect_max_delay,
                        reconnect_request_timeout=source.reconnect_timeout)
        client.name = client.description = "plantset"
        await _authenticate(client, source, table, stage)
        try:
            await client.connect()
            break
        except Exception as exc:  # noqa: BLE001 — every failure to connect is reported the same way
            problem = _connect_problem(exc)
            if problem.permanent or attempt >= source.connect_attempts:
                raise fail(source, problem.what, problem.hint, table, stage, retryable=not problem.permanent) from None
            await asyncio.sleep(delay)
            delay = min(delay * 2, source.reconnect_max_delay)
    watcher = asyncio.create_task(_watch(client, gaps)) if gaps is not None else None
    try:
        yield client
    finally:
        if watcher is not None:
            watcher.cancel()
        try:
            await asyncio.wait_for(client.disconnect(), timeout=5)
        except Exception:  # noqa: BLE001 — the server may already be gone; nothing is lost by not saying goodbye
            pass


async def _watch(client: Client, gaps: Gaps) -> None:
    async with client.uaclient.subscribe_state() as states:
        while True:
            state = await states.next_change()
            if state is UaClientState.CONNECTED:
                gaps.back()
            elif state in (UaClientState.RECONNECTING, UaClientState.DISCONNECTED):
                gaps.lost()


async def _authenticate(client: Client, source: OpcUaSource, table: str | None, stage: str) -> None:
    if source.username is not None:
        client.set_user(source.username)
        client.set_password(resolve_password(source.password, source=source.name))
    security = source.security
    if security.policy == "None":
        return
    key_path = security.private_key
    client.application_uri = _certificate_uri(source, security.certificate, table, stage)
    try:
        await client.set_security(
            getattr(security_policies, f"SecurityPolicy{security.policy}"), security.certificate, key_path,
            server_certificate=security.server_certificate, mode=getattr(ua.MessageSecurityMode, security.mode))
    except FileNotFoundError as exc:
        what = "the private key file" if exc.filename == key_path else f"{exc.filename}"
        raise fail(source, f"cannot read {what}", "check `security.certificate`, `security.private_key` and "
                   "`security.server_certificate`", table, stage) from None
    except (OSError, asyncio.TimeoutError):
        raise fail(source, "server unreachable while fetching its certificate",
                   "check the endpoint, or give `security.server_certificate`", table, stage) from None
    except ValueError as exc:
        raise fail(source, f"certificate or key not usable ({type(exc).__name__})",
                   "give a PEM or DER certificate and an unencrypted PEM private key", table, stage) from None
    except Exception as exc:  # noqa: BLE001 — asyncua raises UaError subclasses and bare Exceptions here
        raise fail(source, f"the server offers no {security.policy} {security.mode} endpoint ({type(exc).__name__})",
                   "list what it offers with `plantset opcua browse ENDPOINT` or change `security:`",
                   table, stage) from None


def _certificate_uri(source: OpcUaSource, path: str, table: str | None, stage: str) -> str:
    """The application URI in the client certificate: the client must announce the same one."""
    try:
        data = open(path, "rb").read()
    except OSError:
        raise fail(source, f"cannot read the client certificate {path}", "check `security.certificate`",
                   table, stage) from None
    try:
        cert = x509.load_pem_x509_certificate(data) if data.startswith(b"-----") else x509.load_der_x509_certificate(data)
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        uris = names.get_values_for_type(x509.UniformResourceIdentifier)
    except (ValueError, x509.ExtensionNotFound):
        uris = []
    return uris[0] if uris else CLIENT_URI


@dataclass(frozen=True)
class _Problem:
    what: str
    hint: str
    permanent: bool


def _connect_problem(exc: Exception) -> _Problem:
    name = type(exc).__name__
    if isinstance(exc, ua.UaStatusCodeError):
        code = exc.code if hasattr(exc, "code") else None
        text = ua.StatusCode(code).name if code is not None else name
        if "Identity" in text or "UserAccess" in text:
            return _Problem(f"the server refused the user ({text})", "check `username` and the password it points "
                            "at, or whether the server allows `anonymous`", True)
        if "Security" in text or "Certificate" in text:
            return _Problem(f"the server refused the secure channel ({text})", "make the server trust the client "
                            "certificate, and check `security:`", True)
        return _Problem(f"the server refused the session ({text})", "check the server's log", False)
    if isinstance(exc, (OSError, asyncio.TimeoutError, ConnectionError)):
        return _Problem(f"server unreachable ({name})", "check the endpoint's host and port, that the server runs "
                        "and that a firewall lets the client through", False)
    return _Problem(f"connection failed ({name})", "check the endpoint and `security:`", False)


def expanded(node, namespaces: list[str]) -> str:
    """A node id with its namespace URI instead of the server's index, e.g. ``nsu=urn:x;s=PRS-01.Temp``."""
    text = node.to_string()
    if node.NamespaceIndex == 0:
        return text
    rest = text.split(";", 1)[1]
    index = node.NamespaceIndex
    uri = namespaces[index] if index < len(namespaces) else str(index)
    return f"nsu={uri};{rest}"
