"""A deployment's Airflow REST API (v2), as the tests use it: one HTTP client, one token.

Polling over HTTP costs milliseconds; every `airflow …` CLI call starts a Python process that
imports Airflow (seconds of CPU on a 2-core machine that is also running the deployment).
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx


class AirflowApi:
    """The api-server at ``base_url``, signed in as the simple auth manager's generated admin."""

    def __init__(self, base_url: str, airflow_home: Path):
        self.base_url = base_url
        self.airflow_home = airflow_home
        self.http = httpx.Client(base_url=base_url, timeout=30)

    def sign_in(self) -> bool:
        """Take a token once the api-server answers and has written its passwords file; False until then."""
        passwords = self.airflow_home / "simple_auth_manager_passwords.json.generated"
        try:
            users = json.loads(passwords.read_text())
            answer = self.http.post("/auth/token", json={"username": "admin", "password": users["admin"]})
        except (OSError, ValueError, KeyError, httpx.TransportError):
            return False
        if answer.status_code != 201:
            return False
        self.http.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
        return True

    def _get(self, path: str, **params) -> dict:
        answer = self.http.get(f"/api/v2{path}", params=params)
        answer.raise_for_status()
        return answer.json()

    def _post(self, path: str, body: dict) -> dict:
        answer = self.http.post(f"/api/v2{path}", json=body)
        assert answer.is_success, f"POST {path}: {answer.status_code} {answer.text[:2000]}"
        return answer.json()

    def dag_ids(self) -> set[str]:
        return {d["dag_id"] for d in self._get("/dags", limit=1000)["dags"]}

    def trigger(self, dag_id: str) -> str:
        """Start a run with no logical date (an incremental run); its run id."""
        return self._post(f"/dags/{dag_id}/dagRuns", {"logical_date": None})["dag_run_id"]

    def run(self, dag_id: str, run_id: str) -> dict:
        return self._get(f"/dags/{dag_id}/dagRuns/{run_id}")

    def runs(self, dag_id: str) -> list[dict]:
        return self._get(f"/dags/{dag_id}/dagRuns", limit=1000)["dag_runs"]

    def backfill(self, dag_id: str, from_date: str, to_date: str) -> dict:
        return self._post("/backfills", {"dag_id": dag_id, "from_date": from_date, "to_date": to_date})

    def close(self) -> None:
        self.http.close()
