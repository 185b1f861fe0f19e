"""Running real `airflow dags test` runs in a throwaway Airflow home."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class AirflowHome:
    """An Airflow home with its own SQLite metadata database (a copy of one migrated once per session), the
    repo's dags/ and airflow.cfg."""

    def __init__(self, folder: Path, specs: Path, extra_env: dict[str, str], migrated: Path | None = None):
        self.folder = folder
        self.out = folder / "out"
        self.env = {**os.environ, "AIRFLOW_HOME": str(folder / "airflow-home"),
                    "AIRFLOW_CONFIG": str(ROOT / "airflow.cfg"), "PLANTSET_HOME": str(folder),
                    "PLANTSET_SPECS": str(specs), "PLANTSET_OUT": str(self.out), **extra_env}
        (folder / "airflow-home").mkdir()
        (folder / "dags").symlink_to(ROOT / "dags")
        self.airflow = str(Path(sys.executable).with_name("airflow"))
        if migrated is not None:
            shutil.copyfile(migrated, folder / "airflow-home" / "airflow.db")
        else:
            subprocess.run([self.airflow, "db", "migrate"], env=self.env, check=True, capture_output=True, cwd=folder)

    def dags_test(self, dag_id: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([self.airflow, "dags", "test", dag_id, *args], env=self.env, capture_output=True,
                              text=True, cwd=self.folder)


@pytest.fixture(scope="session")
def migrated_airflow_db(tmp_path_factory) -> Path:
    """An empty Airflow metadata database migrated once (`airflow db migrate` takes seconds); each home copies it."""
    folder = tmp_path_factory.mktemp("airflow-template")
    specs = folder / "specs"
    specs.mkdir()
    AirflowHome(folder, specs, {})
    return folder / "airflow-home" / "airflow.db"


@pytest.fixture
def airflow_home(tmp_path, migrated_airflow_db):
    def make(specs: Path, **extra_env: str) -> AirflowHome:
        return AirflowHome(tmp_path, specs, extra_env, migrated=migrated_airflow_db)
    return make
