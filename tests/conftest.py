"""Real databases for the tests: each test gets a fresh one that it creates and drops itself.

PostgreSQL and MariaDB run on loopback (`postgres` / `mariadb` markers select the tests that
need them); SQLite lives in the test's tmp_path. Nothing depends on what a previous run left.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PG_HOST, PG_PORT = "127.0.0.1", 5432
TEST_KEY = "plantset-test-key-0123456789abcdef"


@pytest.fixture(scope="session")
def key_environment() -> dict[str, str]:
    """The environment variables holding the pseudonym keys that test specs name."""
    from demo.secrets import DEMO_KEY, KEY_VARIABLE

    return {"PLANTSET_TEST_KEY": TEST_KEY, KEY_VARIABLE: DEMO_KEY}


@pytest.fixture(autouse=True)
def pseudonym_keys(monkeypatch, key_environment):
    """The keys test specs name; a test that checks the missing-key error unsets one."""
    for name, value in key_environment.items():
        monkeypatch.setenv(name, value)


MARIADB_HOST, MARIADB_PORT = "127.0.0.1", 3306


def fresh_name(prefix: str = "plantset_t") -> str:
    """A database or role name no earlier run can have left behind."""
    return f"{prefix}_{secrets.token_hex(6)}"


def pg_admin():
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres", autocommit=True)


def mariadb_admin():
    import pymysql

    return pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user="root", password="",
                           autocommit=True, charset="utf8mb4")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """SQLAlchemy URL of a new, empty PostgreSQL database, dropped after the test."""
    name = fresh_name()
    with pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def mariadb_url() -> Iterator[str]:
    """SQLAlchemy URL of a new, empty MariaDB database (utf8mb4), dropped after the test."""
    name = fresh_name()
    admin = mariadb_admin()
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    finally:
        admin.close()
    try:
        yield f"mysql+pymysql://root@{MARIADB_HOST}:{MARIADB_PORT}/{name}?charset=utf8mb4"
    finally:
        admin = mariadb_admin()
        try:
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        finally:
            admin.close()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """SQLAlchemy URL of a new SQLite file in the test's tmp_path."""
    return f"sqlite:///{tmp_path / 'plant.db'}"


@pytest.fixture(
    params=[
        pytest.param("sqlite"),
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def db_url(request) -> str:
    """A fresh database of each kind in turn."""
    fixture = {"sqlite": "sqlite_url", "postgres": "pg_url", "mariadb": "mariadb_url"}[request.param]
    return request.getfixturevalue(fixture)


@pytest.fixture
def mariadb_account(mariadb_url) -> Iterator[tuple[str, str]]:
    """A MariaDB user with a password and SELECT on the test database: (URL without password, password)."""
    from sqlalchemy.engine import make_url

    user, password = fresh_name("plantset_ro"), f"Pl4nt-{secrets.token_hex(8)}"
    database = make_url(mariadb_url).database
    admin = mariadb_admin()
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'")
            cursor.execute(f"GRANT SELECT ON `{database}`.* TO '{user}'@'%'")
        yield f"mysql+pymysql://{user}@{MARIADB_HOST}:{MARIADB_PORT}/{database}", password
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP USER IF EXISTS '{user}'@'%'")
        admin.close()


@pytest.fixture(scope="session")
def demo_plant(tmp_path_factory) -> Path:
    """The demo plant (14 days), generated once per session; tests read it and never write to it."""
    from demo.plant import generate

    folder = tmp_path_factory.mktemp("demo-plant")
    generate(folder)
    return folder


@pytest.fixture(scope="session")
def demo_version(demo_plant, key_environment, tmp_path_factory) -> Path:
    """The demo dataset (industries/demo.yaml) built once by `plantset build` from demo_plant: the reference
    that Airflow and step-by-step runs are compared with. Read it; never write to it."""
    from plantset.pipeline.runner import build
    from plantset.pipeline.specs import load_spec

    with pytest.MonkeyPatch.context() as patch:  # session scope: the autouse key fixture is not active yet
        for name, value in key_environment.items():
            patch.setenv(name, value)
        spec = load_spec(ROOT / "industries" / "demo.yaml", {"PLANTSET_DEMO_DATA": str(demo_plant)})
        return build(spec, tmp_path_factory.mktemp("demo-build")).path


@pytest.fixture(scope="session")
def demo_specs():
    """Write copies of the demo spec into a folder: file name → dataset name, plus optional extra YAML."""
    demo = ROOT / "industries" / "demo.yaml"

    def write(folder: Path, datasets: dict[str, str], extra: str = "") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        text = demo.read_text(encoding="utf-8")
        for name, dataset in datasets.items():
            copy = text.replace("dataset: demo-machinery", f"dataset: {dataset}")
            (folder / name).write_text(copy + (f"\n{extra}\n" if extra else ""), encoding="utf-8")
        return folder
    return write


# -- a tiny plant: runner, task, report and fault tests -------------------------------------------
class Plant:
    """A tiny plant: a SQLite MES table with a watermark, and a folder of CP949 CSV exports."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.db = folder / "mes.db"
        self.exports = folder / "exports"
        self.exports.mkdir(parents=True)
        with sqlite3.connect(self.db) as conn:
            conn.execute('CREATE TABLE "TB_RESULT" (RSLT_ID INTEGER, WO_NO TEXT, GOOD_QTY TEXT, '
                         'CT_MS REAL, UPD_DT DATETIME)')
        self.next_id = 1

    def add_results(self, count: int, day: int = 2, hour: int = 8, minute: int = 0) -> None:
        rows = [(self.next_id + i, f"WO-{(self.next_id + i) % 7}", f"{1000 + i:,}", 1500.0 + i,
                 f"2026-03-{day:02d} {hour:02d}:{(minute + i) % 60:02d}:00") for i in range(count)]
        self.next_id += count
        with sqlite3.connect(self.db) as conn:
            conn.executemany('INSERT INTO "TB_RESULT" VALUES (?, ?, ?, ?, ?)', rows)

    def add_export(self, day: int, defects: int) -> None:
        lines = ["불량번호,작업지시번호,불량수량,발생일시"]
        lines += [f"D{day:02d}-{i},WO-{i},\"{1000 + i:,}\",2026-03-{day:02d} 10:{i:02d}:00" for i in range(defects)]
        (self.exports / f"defect_202603{day:02d}.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))

    def spec(self, dedup: bool = True, url: str | None = None, batch_rows: int = 100) -> Path:
        data = {
            "dataset": "tiny", "industry": "machinery", "title": "Tiny plant", "owner": "tests",
            "sources": [
                {"kind": "sql", "name": "mes", "system": "MES", "url": url or f"sqlite:///{self.db}",
                 "tables": [{"name": "results", "table": "TB_RESULT", "key": ["RSLT_ID"], "batch_rows": batch_rows,
                             "watermark": {"column": "UPD_DT", "lag": "10m"}}]},
                {"kind": "files", "name": "qa", "system": "QA", "path": str(self.exports),
                 "tables": [{"name": "defects", "pattern": "defect_*.csv"}]},
            ],
            "tables": [
                {"target": "production_result", "source": "mes.results", "deduplicate": dedup,
                 "columns": {"result_id": "RSLT_ID", "work_order_id": "WO_NO", "quantity_good": "GOOD_QTY",
                             "cycle_time": {"source": "CT_MS", "unit": "ms"}, "reported_at": "UPD_DT"}},
                {"target": "defect", "source": "qa.defects", "deduplicate": dedup,
                 "columns": {"defect_id": "불량번호", "work_order_id": "작업지시번호",
                             "quantity": {"source": "불량수량", "unit": "EA"}, "detected_at": "발생일시"}},
            ],
        }
        data["anonymize"] = keep_everything(data["tables"])
        path = self.folder / "tiny.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path


def keep_everything(tables: list[dict]) -> dict:
    """An anonymization section that publishes every mapped column as it is (runner tests compare values)."""
    return {"key": {"env": "PLANTSET_TEST_KEY"},
            "columns": {t["target"]: {column: "keep" for column in t["columns"]} for t in tables}}


@pytest.fixture
def make_plant(tmp_path):
    """A plant with ``results`` production results on 2 March and one export of ``defects`` defects."""
    def make(results: int, defects: int) -> Plant:
        plant = Plant(tmp_path / "plant")
        plant.add_results(results)
        plant.add_export(2, defects)
        return plant
    return make
