"""The only module that reads the process environment.

Everything else asks here, so that what plantset takes from the environment is visible in
one place: spec variables, secret values and Airflow connection URIs.
"""

from __future__ import annotations

import os


def variable(name: str) -> str | None:
    """The value of environment variable ``name``, or None when it is unset."""
    return os.environ.get(name)


def airflow_connection_uri(conn_id: str) -> str | None:
    """The URI Airflow keeps for ``conn_id`` in its environment form (AIRFLOW_CONN_<ID>)."""
    return os.environ.get(f"AIRFLOW_CONN_{conn_id.upper()}")


def specs_folder(default: str) -> str:
    """Folders of dataset specs that DAGs are generated from (PLANTSET_SPECS, separated by os.pathsep)."""
    return os.environ.get("PLANTSET_SPECS", default)


def output_folder(default: str) -> str:
    """Where DAG runs publish dataset versions (PLANTSET_OUT)."""
    return os.environ.get("PLANTSET_OUT", default)


def set_default(name: str, value: str) -> None:
    """Set ``name`` for this process unless it is already set (the demo's own key)."""
    os.environ.setdefault(name, value)
