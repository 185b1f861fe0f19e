"""The validation engine with real Great Expectations runs, and the suites it enforces.

Every run here happens with sockets blocked: a connection attempt fails the test even if GX
would swallow the error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from plantset.core.errors import StageError
from plantset.pipeline.validation import EXAMPLES, validate_tables
from schemas.catalog import catalog
from schemas.expectations import ExpectationSpec, check_expectations, suite_for

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
QUANTITY_RANGE = ExpectationSpec(expectation="expect_column_values_to_be_between", column="quantity_planned",
                                 kwargs={"min_value": 0, "max_value": 100000}, description="Plausible order size.")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Refuse and record every connection attempt; the test fails if there was one."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] or kwargs)
        raise OSError("network access is blocked in this test")

    for owner, name in [(socket.socket, "connect"), (socket.socket, "connect_ex"),
                        (socket, "create_connection"), (socket, "getaddrinfo")]:
        monkeypatch.setattr(owner, name, refuse)
    yield
    assert attempts == []


def schema_allowing_nulls(table: str) -> pa.Schema:
    """The canonical schema with every field nullable, so a test can write nulls into required columns."""
    return pa.schema([f.with_nullable(True) for f in catalog().tables[table].arrow_schema()])


def write(path: Path, rows: list[dict], table: str = "work_order") -> Path:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema_allowing_nulls(table)), path)
    return path


def orders(start: int, count: int, **values) -> list[dict]:
    return [{"work_order_id": f"WO-{i:05d}", "material_id": "M-1", "quantity_planned": 10.0 + i,
             "status": "released", "planned_start": NOW - dt.timedelta(hours=i), **values}
            for i in range(start, start + count)]


def run(out: Path, files: list[Path], extra=(), **options) -> dict:
    return validate_tables({"work_order": files}, {"work_order": suite_for("work_order", extra, now=NOW)}, out,
                           **options)


def report(out: Path) -> dict:
    return json.loads((out / "validation.json").read_text(encoding="utf-8"))


def entry(out: Path, expectation: str, column: str | None = None, kwargs: dict | None = None) -> dict:
    """The first reported expectation that matches (a suite can hold two ranges on one column)."""
    return next(e for e in report(out)["tables"]["work_order"]["expectations"]
                if e["expectation"] == expectation and e.get("column") == column
                and (kwargs is None or e["kwargs"] == kwargs))


def test_a_clean_table_passes_with_report_and_data_docs(tmp_path):
    from importlib.metadata import version

    out = tmp_path / "out"
    summary = run(out, [write(tmp_path / "a.parquet", orders(0, 20))], [QUANTITY_RANGE])

    suite = suite_for("work_order", [QUANTITY_RANGE], now=NOW)
    assert summary == {"tables": 1, "expectations": len(suite), "failed_critical": 0, "failed_warning": 0,
                       "data_docs": "data_docs/index.html"}
    data = report(out)
    assert data["great_expectations"] == version("great_expectations")
    assert data["tables"]["work_order"]["rows"] == 20
    assert all(e["success"] for e in data["tables"]["work_order"]["expectations"])
    assert entry(out, "expect_column_max_to_be_between", "planned_start")["observed_value"] == NOW.isoformat()
    docs = out / "data_docs"
    assert (docs / "index.html").is_file()
    assert [p.name for p in (docs / "validations" / "work_order").rglob("*.html")] == ["work_order.html"]


def test_data_docs_are_a_self_contained_folder(tmp_path):
    import re

    out = tmp_path / "out"
    run(out, [write(tmp_path / "a.parquet", orders(0, 3))])
    docs = out / "data_docs"
    pages = list(docs.rglob("*.html"))
    local = {(page, link.split("#")[0].split("?")[0]) for page in pages
             for link in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8"))
             if not link.startswith(("http:", "https:", "#", "javascript:", "mailto:"))}
    assert local, "the pages link to their own files"
    # GX's favicon.j2 puts validation pages one folder shallower than its own store does (GX 1.24).
    missing = [link for page, link in local
               if link and not link.endswith("favicon.ico") and not (page.parent / link).resolve().exists()]
    assert missing == []
    assert all(docs in (page.parent / link).resolve().parents for page, link in local if link)


def test_every_critical_failure_is_listed_with_counts(tmp_path):
    first = orders(0, 6)
    first[4]["work_order_id"] = None
    second = orders(6, 6)
    second[3]["work_order_id"] = "WO-00001"  # the same key in another file and another batch
    second[5]["quantity_planned"] = 250000.0
    out = tmp_path / "out"
    files = [write(tmp_path / "a.parquet", first), write(tmp_path / "b.parquet", second)]

    with pytest.raises(StageError) as caught:
        run(out, files, [QUANTITY_RANGE], batch_rows=4)

    lines = caught.value.what.splitlines()
    assert lines[0] == "3 critical expectations failed:"
    assert sorted(lines[1:]) == [
        "  work_order.quantity_planned: expect_column_values_to_be_between 1 of 12 values unexpected",
        "  work_order.work_order_id: expect_column_values_to_be_unique 2 of 12 values unexpected",
        "  work_order.work_order_id: expect_column_values_to_not_be_null 1 of 12 values unexpected",
    ]
    assert caught.value.stage == "validate" and "validation.json" in caught.value.hint
    assert pickle.loads(pickle.dumps(caught.value)).line() == caught.value.line()
    data = report(out)
    assert data["totals"]["failed_critical"] == 3
    assert data["tables"]["work_order"]["batches"] == 4
    assert entry(out, "expect_column_values_to_be_unique", "work_order_id")["examples"] == ["WO-00001"]
    assert entry(out, "expect_column_values_to_be_between", "quantity_planned",
                 QUANTITY_RANGE.kwargs)["examples"] == [250000.0]
    assert (out / "data_docs" / "index.html").is_file()


def test_warnings_are_recorded_but_do_not_raise(tmp_path):
    old = orders(0, 5, planned_start=dt.datetime(2010, 1, 1, tzinfo=dt.UTC), status="on hold")
    status = ExpectationSpec(expectation="expect_column_values_to_be_in_set", column="status", severity="warning",
                             kwargs={"value_set": ["planned", "released", "running", "completed", "cancelled"]})
    out = tmp_path / "out"

    summary = run(out, [write(tmp_path / "a.parquet", old)], [status])

    assert (summary["failed_critical"], summary["failed_warning"]) == (0, 2)
    fresh = entry(out, "expect_column_max_to_be_between", "planned_start")
    assert (fresh["success"], fresh["severity"], fresh["observed_value"]) == (False, "warning",
                                                                            "2010-01-01T00:00:00+00:00")
    codes = entry(out, "expect_column_values_to_be_in_set", "status")
    assert (codes["success"], codes["unexpected_count"], codes["examples"]) == (False, 5, ["on hold"] * 5)


def test_batches_and_files_do_not_change_the_results(tmp_path):
    rows = orders(0, 30)
    for row in rows[:10]:
        row["material_id"] = None  # the first batches fail `mostly`, the table does not
    for row in rows[12:24]:
        row["quantity_planned"] = -1.0
    rows[29]["work_order_id"] = rows[2]["work_order_id"]
    declared = [ExpectationSpec(expectation="expect_column_values_to_not_be_null", column="material_id",
                                kwargs={"mostly": 0.6}, severity="warning")]
    whole = tmp_path / "whole"
    split = tmp_path / "split"
    whole.mkdir(), split.mkdir()
    one_file = [write(whole / "all.parquet", rows)]
    three_files = [write(split / f"{i}.parquet", rows[i * 10:(i + 1) * 10]) for i in range(3)]

    with pytest.raises(StageError):
        run(whole / "out", one_file, declared)
    with pytest.raises(StageError):
        run(split / "out", three_files, declared, batch_rows=3)

    whole_report, split_report = report(whole / "out"), report(split / "out")
    assert (whole_report["tables"]["work_order"]["batches"], split_report["tables"]["work_order"]["batches"]) == (1, 12)
    assert whole_report["totals"] == split_report["totals"]
    assert whole_report["tables"]["work_order"]["expectations"] == split_report["tables"]["work_order"]["expectations"]
    assert entry(split / "out", "expect_column_values_to_not_be_null", "material_id")["success"] is True
    negative = entry(split / "out", "expect_column_values_to_be_between", "quantity_planned")
    assert negative["unexpected_count"] == 12 and len(negative["examples"]) == EXAMPLES
    for item in split_report["tables"]["work_order"]["expectations"]:
        assert len(item.get("examples", [])) <= EXAMPLES
        assert not {"partial_unexpected_index_list", "unexpected_rows", "unexpected_list"} & item.keys()


def test_every_canonical_table_passes_its_generated_suite(tmp_path):
    values = {"string": lambda i: f"v{i}", "int64": lambda i: i, "float64": lambda i: 1.5 + i,
              "bool": lambda i: True, "timestamp": lambda i: NOW, "date": lambda i: NOW.date()}
    tables, suites = {}, {}
    for name, table in catalog().tables.items():
        rows = [{f.name: values[f.type](i) for f in table.fields} for i in range(2)]
        tables[name] = [write(tmp_path / f"{name}.parquet", rows, name)]
        suites[name] = suite_for(name, now=NOW)

    summary = validate_tables(tables, suites, tmp_path / "out")

    assert (summary["tables"], summary["failed_critical"], summary["failed_warning"]) == (len(tables), 0, 0)


def test_an_expectation_that_needs_the_whole_column_fails_instead_of_guessing(tmp_path):
    increasing = ExpectationSpec(expectation="expect_column_values_to_be_increasing", column="quantity_planned")
    with pytest.raises(StageError) as caught:
        run(tmp_path / "out", [write(tmp_path / "a.parquet", orders(0, 3))], [increasing])
    assert "expect_column_values_to_be_increasing could not be evaluated" in caught.value.what


def test_no_network_no_progress_bars_and_no_gx_at_import(tmp_path):
    """A fresh interpreter: importing the engine loads no GX (4 s; only the validate step pays it); running it
    connects nowhere."""
    script = textwrap.dedent("""
        import socket, sys
        attempts = []
        def refuse(*args, **kwargs):
            attempts.append(args)
            raise OSError("blocked")
        socket.socket.connect = socket.socket.connect_ex = refuse
        socket.create_connection = socket.getaddrinfo = refuse
        from plantset.pipeline.validation import validate_tables
        from schemas.expectations import suite_for
        assert "great_expectations" not in sys.modules
        import pyarrow as pa, pyarrow.parquet as pq
        from schemas.catalog import catalog
        rows = [{"work_order_id": f"WO-{i}", "quantity_planned": 1.0} for i in range(40)]
        pq.write_table(pa.Table.from_pylist(rows, schema=catalog().tables["work_order"].arrow_schema()), "a.parquet")
        summary = validate_tables({"work_order": ["a.parquet"]}, {"work_order": suite_for("work_order")}, "out",
                                  batch_rows=10)
        assert attempts == [], attempts
        print(summary["failed_warning"])
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"  # freshness: no planned_start at all
    assert "Calculating Metrics" not in done.stderr and "%|" not in done.stderr


def test_suite_from_the_schema():
    suite = suite_for("part", now=NOW)
    names = [(s.expectation, s.column, s.severity) for s in suite]
    assert ("expect_column_values_to_not_be_null", "revision", "critical") in names
    assert ("expect_column_values_to_be_between", "length", "warning") in names  # mm: plausible, not physical
    key = next(s for s in suite if s.expectation == "expect_compound_columns_to_be_unique")
    assert key.kwargs == {"column_list": ["part_id", "revision"]}
    assert not any(s.expectation == "expect_column_max_to_be_between" for s in suite)  # part has no time column
    orders_suite = suite_for("work_order", now=NOW)
    fresh = next(s for s in orders_suite if s.expectation == "expect_column_max_to_be_between")
    assert (fresh.column, fresh.kwargs["min_value"], fresh.severity) == ("planned_start",
                                                                        "2016-03-03T00:00:00+00:00", "warning")
    counts = next(s for s in orders_suite if s.column == "quantity_planned" and "min_value" in s.kwargs)
    assert (counts.kwargs, counts.severity) == ({"min_value": 0}, "critical")
    with pytest.raises(ValueError, match="no canonical table 'orders'"):
        suite_for("orders")


def test_suites_round_trip_through_yaml():
    suite = suite_for("inspection", [QUANTITY_RANGE], now=NOW)
    dumped = yaml.safe_dump([s.model_dump(exclude_defaults=True) for s in suite], sort_keys=False)
    assert [ExpectationSpec.model_validate(item) for item in yaml.safe_load(dumped)] == suite


def test_check_reports_every_problem_with_declared_expectations():
    columns = {"work_order": catalog().tables["work_order"].field_names}
    declared = {
        "work_order": [
            QUANTITY_RANGE,
            ExpectationSpec(expectation="expect_column_values_to_be_betwen", column="quantity_planned"),
            ExpectationSpec(expectation="expect_column_values_to_be_between", column="quantity",
                            kwargs={"min_valu": 0}),
            ExpectationSpec(expectation="expect_column_mean_to_be_between", column="quantity_planned",
                            kwargs={"min_value": 1}),
            ExpectationSpec(expectation="expect_compound_columns_to_be_unique",
                            kwargs={"column_list": ["work_order_id", "line"]}),
        ],
        "orders": [QUANTITY_RANGE],
    }
    problems = check_expectations(columns, declared)
    assert problems[0].startswith("expectations.work_order[1]: Great Expectations has no "
                                  "expect_column_values_to_be_betwen; did you mean expect_column_values_to_be_between?")
    assert problems[1].startswith("expectations.work_order[2]: work_order has no column 'quantity'; the columns are ")
    assert problems[2].startswith("expectations.work_order[2]: invalid arguments for "
                                  "expect_column_values_to_be_between: min_valu: extra fields not permitted")
    assert problems[3].startswith("expectations.work_order[3]: expect_column_mean_to_be_between needs the whole "
                                  "column at once")
    assert problems[4].startswith("expectations.work_order[4]: work_order has no column 'line'")
    assert problems[5] == "expectations.orders: the spec builds no table 'orders'; it builds work_order"
    assert len(problems) == 6
    with pytest.raises(ValueError, match="kwargs may not set column, severity"):
        ExpectationSpec(expectation="expect_column_values_to_not_be_null", kwargs={"column": "x", "severity": "warning"})
    assert check_expectations(columns, {"work_order": [QUANTITY_RANGE]}) == []
