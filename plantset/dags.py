"""Airflow DAGs generated from dataset specs: one DAG per spec, tasks passing paths.

Parsing imports only ``airflow.sdk`` and the spec models (no pandas, pyarrow, drivers, GX
or OPC UA) and touches no database: specs are read without their cross-checks, and every
task imports what it needs when it runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from plantset.core.spec import DatasetSpec

DAG_PREFIX = "plantset_"
START = datetime(2026, 1, 1)


def final_unless_retryable(step, *args):
    """Run a pipeline step in a task: an error that trying again cannot fix (a bad value, a refused key, a
    blocked publish, a spec problem) fails the task at once, without spending its retries; one that can
    (a server down, another build holding the lock) is raised for Airflow to retry."""
    from airflow.sdk.exceptions import AirflowFailException

    from plantset.core.errors import PlantsetError

    try:
        return step(*args)
    except PlantsetError as exc:
        if getattr(exc, "retryable", False):
            raise
        raise AirflowFailException(str(exc)) from None


def dataset_asset_name(dataset: str) -> str:
    """The Airflow asset a dataset's publish task updates."""
    return f"plantset.{dataset}"


def doc_md(spec: DatasetSpec, spec_path: Path) -> str:
    """What the DAG builds, from which kinds of sources, and who owns it."""
    sources = ", ".join(sorted({f"{s.kind} ({s.system})" if s.system else s.kind for s in spec.sources}))
    tables = ", ".join(sorted(m.target for m in spec.tables))
    return (f"### {spec.title}\n\n{spec.description}\n\n- dataset: `{spec.dataset}` ({spec.industry})\n"
            f"- owner: {spec.owner}\n- sources: {sources}\n- canonical tables: {tables}\n"
            f"- spec: `{spec_path}`\n")


def dataset_dag(spec_path: Path, out: str, spec: DatasetSpec | None = None):
    """The DAG that builds the dataset ``spec_path`` describes (``spec``, when already read), publishing under ``out``."""
    from airflow.sdk import Asset, CronDataIntervalTimetable, dag, get_current_context, task

    from connectors.registry import spec_models
    from plantset.core.specfile import read_spec

    spec = spec or read_spec(spec_path, kinds=spec_models()).spec
    # Data intervals in plant time: a daily run covers one plant day, and backfills cover the past.
    schedule = CronDataIntervalTimetable(spec.schedule, timezone=spec.timezone) if spec.schedule else None
    spec_file = str(spec_path)
    asset = Asset(name=dataset_asset_name(spec.dataset), uri=f"file://{Path(out).resolve()}/{spec.dataset}")

    def run_id() -> str:
        return get_current_context()["run_id"]

    def attempt() -> int:
        return get_current_context()["ti"].try_number

    @task
    def plan() -> list[str]:
        from plantset.pipeline import tasks

        return final_unless_retryable(tasks.plan, spec_file, out, run_id(), attempt())

    @task
    def extract(label: str) -> str:
        from plantset.pipeline import tasks

        context = get_current_context()
        start, end = context.get("data_interval_start"), context.get("data_interval_end")
        interval = (start.isoformat(), end.isoformat()) if start and end and start < end else None
        return final_unless_retryable(tasks.extract, spec_file, out, run_id(), label, interval, attempt())

    @task
    def normalize(records: list[str]) -> str:
        from plantset.pipeline import tasks

        return final_unless_retryable(tasks.normalize, spec_file, out, run_id(), attempt())

    @task
    def anonymize(canonical: str) -> str:
        from plantset.pipeline import tasks

        return final_unless_retryable(tasks.anonymize, spec_file, out, run_id(), attempt())

    @task
    def validate(anonymized: str) -> str:
        from plantset.pipeline import tasks

        return final_unless_retryable(tasks.validate, spec_file, out, run_id(), attempt())

    @task(outlets=[asset])
    def publish(candidate: str) -> str:
        from plantset.pipeline import tasks

        return final_unless_retryable(tasks.publish, spec_file, out, run_id(), attempt())

    def record_failure(context) -> None:
        """A step failed for good (retries spent): the run goes into the history as failed."""
        from plantset.pipeline import tasks

        tasks.record_failure(spec_file, out, context["run_id"], str(context.get("exception") or "failed"))

    @dag(dag_id=f"{DAG_PREFIX}{spec.dataset.replace('-', '_')}", schedule=schedule, start_date=START,
         catchup=False, max_active_runs=1, doc_md=doc_md(spec, spec_path), tags=["plantset", spec.industry],
         default_args={"owner": spec.owner, "retries": spec.retries, "on_failure_callback": record_failure,
                       "retry_delay": timedelta(seconds=spec.retry_delay_seconds)})
    def build():
        publish(validate(anonymize(normalize(extract.expand(label=plan())))))

    return build()


def release_dag(datasets: list[str], out: str):
    """The lead institution's DAG: runs when any dataset publishes, lists every current version."""
    from functools import reduce
    from operator import or_

    from airflow.sdk import Asset, dag, task

    assets = [Asset(name=dataset_asset_name(d), uri=f"file://{Path(out).resolve()}/{d}") for d in datasets]

    @task
    def assemble() -> str:
        from plantset.pipeline.release import assemble as write_release

        return str(write_release(Path(out)))

    @dag(dag_id=f"{DAG_PREFIX}release", schedule=reduce(or_, assets), start_date=START, catchup=False,
         max_active_runs=1, tags=["plantset", "release"],
         doc_md="### Shared release\n\nLists the current version of every dataset, with its manifest hash, in "
                "`release/release.json` under the output folder. Runs whenever a dataset publishes.")
    def release():
        assemble()

    return release()


def broken_spec_dag(spec_path: Path, error: Exception):
    """A stand-in for a spec that does not load: shows the error and fails when run.

    Airflow keeps import errors per file, and all specs share one DAG file; so a bad spec
    becomes this DAG instead of an import error that would hide every other dataset.
    """
    from airflow.sdk import dag, task

    message = str(error)

    @task
    def fix_the_spec() -> None:
        from plantset.core.errors import PlantsetError

        raise PlantsetError(message)

    @dag(dag_id=f"{DAG_PREFIX}broken_{spec_path.stem.replace('-', '_')}", schedule=None, start_date=START,
         catchup=False, tags=["plantset", "broken-spec"],
         doc_md=f"### The spec {spec_path} does not load\n\n```\n{message}\n```\n")
    def broken():
        fix_the_spec()

    return broken()


def generate(specs: Path | list[Path], out: str) -> dict[str, object]:
    """One DAG per ``*.yaml`` spec in the ``specs`` folder(s), and the release DAG over all of them, by DAG id."""
    import logging

    from connectors.registry import spec_models
    from plantset.core.errors import SpecError
    from plantset.core.specfile import read_spec

    folders = [specs] if isinstance(specs, Path) else list(specs)
    dags, datasets = {}, []
    for spec_path in [p for folder in folders for p in sorted(folder.glob("*.yaml"))]:
        try:
            spec = read_spec(spec_path, kinds=spec_models()).spec
            if spec.dataset in datasets:
                raise SpecError(str(spec_path), [f"dataset: {spec.dataset!r}: another spec builds it already"])
            built = dataset_dag(spec_path, out, spec)
            datasets.append(spec.dataset)
        except Exception as exc:  # noqa: BLE001 — one bad spec must never hide the other datasets' DAGs
            error = exc if isinstance(exc, SpecError) else SpecError(str(spec_path), [f"{type(exc).__name__}: {exc}"])
            logging.getLogger(__name__).error("%s", error)
            built = broken_spec_dag(spec_path, error)
        dags[built.dag_id] = built
    if datasets:
        released = release_dag(sorted(datasets), out)
        dags[released.dag_id] = released
    return dags
