"""Start and stop a CeleryExecutor deployment of plantset's DAGs on one or more machines.

    python deploy/cluster.py start [--workers 2] [--state DIR] …   # db migrate, then every component
    python deploy/cluster.py status                                # which components run
    python deploy/cluster.py stop                                  # stop everything it started
    python deploy/cluster.py env                                   # the environment, to run `airflow …` by hand

Components, each its own process: api-server, scheduler, dag-processor and N Celery
workers, sharing a PostgreSQL metadata database, a Redis (or RabbitMQ) broker and the
output folder. Secrets (the API's JWT and session keys) are generated into the state
folder on first start, never committed. The process ids are kept there too.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/plantset_airflow"


def options(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "stop", "status", "env"])
    parser.add_argument("--state", type=Path, default=ROOT / "airflow-cluster", help="folder for pids, logs, keys")
    parser.add_argument("--db", default=DEFAULT_DB,
                        help="metadata database: a PostgreSQL SQLAlchemy URL; the database is created if missing")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/5", help="Celery broker URL (redis:// or amqp://)")
    parser.add_argument("--executor", choices=["CeleryExecutor", "LocalExecutor"], default="CeleryExecutor",
                        help="LocalExecutor runs tasks on this machine and starts no workers")
    parser.add_argument("--port", type=int, default=8080, help="api-server port")
    parser.add_argument("--host", default="127.0.0.1",
                        help="api-server address; 0.0.0.0 when workers on other machines must reach it")
    parser.add_argument("--api-address", default=None,
                        help="how workers reach the api-server (host name of the machine running it)")
    parser.add_argument("--components", nargs="+", default=None,
                        help="start only these (e.g. worker1 worker2 on a worker machine); all by default")
    parser.add_argument("--workers", type=int, default=2, help="Celery workers to start on this machine")
    parser.add_argument("--concurrency", type=int, default=2, help="task slots per worker")
    parser.add_argument("--specs", type=Path, default=ROOT / "industries", help="dataset specs (PLANTSET_SPECS)")
    parser.add_argument("--out", type=Path, default=ROOT / "out", help="shared output folder (PLANTSET_OUT)")
    return parser.parse_args(argv)


def _keys(state: Path) -> dict[str, str]:
    path = state / "keys.json"
    if not path.exists():
        state.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"jwt": secrets.token_urlsafe(32), "session": secrets.token_urlsafe(32)}))
        path.chmod(0o600)
    return json.loads(path.read_text())


SQLITE_REFUSED = (
    "deploy/cluster.py: --db {url} is SQLite, which lets one writer in at a time; the scheduler, the "
    "dag-processor, the api-server and CLI commands such as `airflow backfill create` write at once and fail "
    "at random with 'database is locked'. Give a PostgreSQL URL (the default is {default}); on one machine "
    "without PostgreSQL use `make airflow-demo` (airflow dags test) or `airflow standalone`."
)


def _refuse_sqlite(opts: argparse.Namespace) -> None:
    if opts.db.startswith("sqlite"):
        raise SystemExit(SQLITE_REFUSED.format(url=opts.db, default=DEFAULT_DB))


def environment(opts: argparse.Namespace) -> dict[str, str]:
    """The environment every component (and `airflow` commands run by hand) needs."""
    keys = _keys(opts.state)
    backend = "db+" + opts.db
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW_HOME": str(opts.state / "airflow-home"),
        "AIRFLOW_CONFIG": str(opts.state / "airflow-home" / "airflow.cfg"),
        "AIRFLOW__CORE__EXECUTOR": opts.executor,
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://{opts.api_address or '127.0.0.1'}:{opts.port}/execution/",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": opts.db,
        "AIRFLOW__CELERY__BROKER_URL": opts.broker,
        "AIRFLOW__CELERY__RESULT_BACKEND": backend,
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": str(opts.concurrency),
        "AIRFLOW__API__PORT": str(opts.port),
        "AIRFLOW__API__SECRET_KEY": keys["session"],
        "AIRFLOW__API_AUTH__JWT_SECRET": keys["jwt"],
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
        "PLANTSET_SPECS": str(opts.specs),
        "PLANTSET_OUT": str(opts.out),
    }
    if "+psycopg://" in opts.db:
        # Airflow also opens an async engine; psycopg 3 serves both, so no asyncpg is needed.
        env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC"] = opts.db.replace("+psycopg://", "+psycopg_async://", 1)
    return env


def components(opts: argparse.Namespace) -> dict[str, list[str]]:
    airflow = str(VENV_BIN / "airflow")
    found = {
        "api-server": [airflow, "api-server", "--host", opts.host, "--port", str(opts.port)],
        "scheduler": [airflow, "scheduler"],
        "dag-processor": [airflow, "dag-processor"],
    }
    for n in range(1, (opts.workers if opts.executor == "CeleryExecutor" else 0) + 1):
        found[f"worker{n}"] = [airflow, "celery", "worker", "--celery-hostname", f"worker{n}@%h",
                               "--concurrency", str(opts.concurrency), "--skip-serve-logs"]
    return found


def _ensure_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                              {"name": target.database}).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))  # name from our own option, quoted
    admin.dispose()


def start(opts: argparse.Namespace) -> None:
    running = opts.state / "pids.json"
    if running.exists() and any(group_members(p) for p in json.loads(running.read_text()).values()):
        raise SystemExit(f"a deployment from {opts.state} is running; `stop` it first")
    env = environment(opts)
    (opts.state / "logs").mkdir(parents=True, exist_ok=True)
    Path(env["AIRFLOW_HOME"]).mkdir(parents=True, exist_ok=True)
    if opts.db.startswith("postgresql"):
        _ensure_database(opts.db)
    subprocess.run([str(VENV_BIN / "airflow"), "db", "migrate"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pids = {}
    chosen = components(opts)
    if opts.components:
        chosen = {name: command for name, command in chosen.items() if name in opts.components}
    for name, command in chosen.items():
        log = (opts.state / "logs" / f"{name}.log").open("ab")
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        pids[name] = process.pid
        print(f"started {name} (pid {process.pid}), log {opts.state / 'logs' / f'{name}.log'}")
    (opts.state / "pids.json").write_text(json.dumps(pids, indent=2))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def group_members(pgid: int) -> list[int]:
    """Processes still in a component's process group (its children outlive a dead leader)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def stop(opts: argparse.Namespace, grace: float = 30.0) -> None:
    path = opts.state / "pids.json"
    if not path.exists():
        print("nothing started from", opts.state)
        return
    pids = json.loads(path.read_text())
    for pgid in pids.values():
        if group_members(pgid):
            os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(group_members(p) for p in pids.values()):
        time.sleep(0.5)
    for name, pgid in pids.items():
        if group_members(pgid):
            os.killpg(pgid, signal.SIGKILL)
        print(f"stopped {name} (process group {pgid})")
    path.unlink()


def status(opts: argparse.Namespace) -> None:
    path = opts.state / "pids.json"
    pids = json.loads(path.read_text()) if path.exists() else {}
    for name, pid in pids.items():
        print(f"{name:14} pid {pid:>7}  {'running' if _alive(pid) else 'stopped'}")


def main(argv: list[str] | None = None) -> None:
    opts = options(argv)
    opts.state = opts.state.resolve()
    if opts.action in ("start", "env"):
        _refuse_sqlite(opts)
    if opts.action == "env":
        for key, value in sorted(environment(opts).items()):
            if key.startswith(("AIRFLOW", "PLANTSET")) and "SECRET" not in key:
                print(f"export {key}={value}")
        return
    {"start": start, "stop": stop, "status": status}[opts.action](opts)


if __name__ == "__main__":
    main()
