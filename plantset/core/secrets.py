"""Resolving secret references (environment variable or Airflow connection id).

Resolved values never leave this process in logs, manifests or errors: callers put them
straight into a connection and describe the source by its redacted URL.
"""

from __future__ import annotations

import sys

from sqlalchemy.engine import make_url

from plantset.core import environment
from plantset.core.errors import StageError
from plantset.core.spec import SecretRef

# Airflow connection types whose URI scheme differs from the SQLAlchemy driver name.
_AIRFLOW_SCHEMES = {
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "mysql": "mysql+pymysql",
    "mariadb": "mysql+pymysql",
    "sqlite": "sqlite",
}


def describe(ref: SecretRef) -> str:
    """Where a secret is kept, safe to print."""
    return f"environment variable {ref.env}" if ref.env else f"Airflow connection {ref.airflow_conn!r}"


def _masked(value: str) -> str:
    """Inside an Airflow task, register the value with Airflow's log masker before anything can log it."""
    if "airflow.sdk" in sys.modules:
        from airflow.sdk.log import mask_secret

        mask_secret(value)
    return value


def resolve_uri(ref: SecretRef, *, source: str | None) -> str:
    """The full connection URI a reference points at."""
    if ref.env:
        return _masked(_from_env(ref.env, source))
    uri = _airflow_uri(ref.airflow_conn, source)
    scheme, sep, rest = uri.partition("://")
    return _masked(f"{_AIRFLOW_SCHEMES.get(scheme, scheme)}{sep}{rest}")


def resolve_password(ref: SecretRef, *, source: str | None) -> str:
    """The password a reference points at (for an Airflow connection, its password part)."""
    if ref.env:
        return _masked(_from_env(ref.env, source))
    password = make_url(_airflow_uri(ref.airflow_conn, source)).password
    if password is None:
        raise StageError("check", f"Airflow connection {ref.airflow_conn!r} has no password", source=source,
                         hint="set one with `airflow connections add`")
    return _masked(password)


def _from_env(name: str, source: str | None) -> str:
    value = environment.variable(name)
    if value is None:
        raise StageError("check", f"secret environment variable {name} is not set", source=source,
                         hint=f"export {name}=... before the run, or point the spec at another secret")
    return value


def _airflow_uri(conn_id: str, source: str | None) -> str:
    uri = environment.airflow_connection_uri(conn_id)
    if uri:
        return uri
    try:
        from airflow.sdk import Connection

        return Connection.get(conn_id).get_uri()
    except Exception:  # noqa: BLE001 — any failure means the connection is not usable here
        raise StageError("check", f"Airflow connection {conn_id!r} is not defined", source=source,
                         hint=f"add it with `airflow connections add {conn_id} --conn-uri ...` "
                              f"or export AIRFLOW_CONN_{conn_id.upper()}") from None
