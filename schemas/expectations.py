"""Expectation suites as data: what each canonical table must satisfy.

A suite is a list of ``ExpectationSpec``: a Great Expectations expectation named in
snake_case, its column and arguments, and a severity. ``suite_for`` derives one from the
canonical schema (types, required columns, the key, plausible units, freshness) and appends
what the dataset spec declares. Nothing here runs GX except ``check_expectations`` and
``scope``, which import it only when asked; ``plantset.pipeline.validation`` is the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.catalog import catalog

if TYPE_CHECKING:
    from schemas.catalog import TableDef

Severity = Literal["critical", "warning"]
Scope = Literal["batch", "table"]

# GX compares these against the pandas dtype of each column; they hold for the frames
# plantset.pipeline.validation.to_frame builds (nullable Int64/boolean, dates as datetime64).
PANDAS_TYPES = {
    "string": "str",
    "int64": "int64",
    "float64": "float64",
    "bool": "bool",
    "timestamp": "Timestamp",
    "date": "datetime64",
}
# Units whose values cannot be negative, with the severity of a negative value: counts,
# durations and masses are physically impossible below zero; the others are settings or
# nominal values where a sign convention is conceivable.
NON_NEGATIVE_UNITS: dict[str, Severity] = {
    "count": "critical", "ms": "critical", "s": "critical", "min": "critical", "h": "critical",
    "g": "critical", "kg": "critical", "mm": "warning", "kW": "warning", "kN": "warning",
}
FRESHNESS_DAYS = 3650

# Expectations that need the whole table: plantset computes them across batches.
TABLE_WIDE = frozenset({
    "expect_table_row_count_to_be_between", "expect_table_row_count_to_equal",
    "expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique",
    "expect_column_min_to_be_between", "expect_column_max_to_be_between",
})
# Table-level expectations that hold for the table exactly when they hold for every batch.
EVERY_BATCH = frozenset({
    "expect_column_to_exist", "expect_column_type_to_be", "expect_table_columns_to_match_set",
    "expect_table_columns_to_match_ordered_list", "expect_table_column_count_to_equal",
    "expect_table_column_count_to_be_between",
})
# Row-wise in GX, but each row is judged against the whole column (order, distribution).
WHOLE_COLUMN = frozenset({
    "expect_column_values_to_be_increasing", "expect_column_values_to_be_decreasing",
    "expect_column_value_z_scores_to_be_less_than", "expect_column_values_to_not_be_outliers",
})
# Arguments plantset sets itself: the column has its own field; the rest would change what GX reports.
RESERVED_KWARGS = ("column", "severity", "meta", "notes", "description", "id", "result_format", "catch_exceptions")
COLUMN_KWARGS = ("column_A", "column_B")
COLUMN_LIST_KWARGS = ("column_list",)


class ExpectationSpec(BaseModel):
    """One expectation on one canonical table."""

    model_config = ConfigDict(extra="forbid")

    expectation: str = Field(
        pattern=r"^expect_[a-z0-9_]+$",
        description="Great Expectations expectation in snake_case, e.g. `expect_column_values_to_be_between`.",
    )
    column: str | None = Field(None, description="Column the expectation is about; omitted for table-level ones.")
    kwargs: dict[str, Any] = Field(
        default_factory=dict,
        description="Further arguments of the expectation: min_value, max_value, value_set, regex, mostly, column_list, ….",
    )
    severity: Severity = Field(
        "critical", description="`critical` blocks publishing when it fails; `warning` is reported only."
    )
    description: str | None = Field(None, description="Why the data should satisfy it; shown in reports and Data Docs.")

    @field_validator("kwargs")
    @classmethod
    def _no_reserved_kwargs(cls, kwargs: dict[str, Any]) -> dict[str, Any]:
        reserved = [key for key in RESERVED_KWARGS if key in kwargs]
        if reserved:
            raise ValueError(f"kwargs may not set {', '.join(reserved)}: the column goes in `column:`, "
                             "the severity in `severity:`, the reason in `description:`")
        return kwargs

    def columns(self) -> list[str]:
        """Every column the expectation names, in its own argument or in kwargs."""
        named = [self.column] if self.column else []
        named += [self.kwargs[k] for k in COLUMN_KWARGS if isinstance(self.kwargs.get(k), str)]
        for key in COLUMN_LIST_KWARGS:
            value = self.kwargs.get(key)
            named += [value] if isinstance(value, str) else list(value or [])
        return named


def suite_for(
    table_name: str,
    extra: Iterable[ExpectationSpec] = (),
    *,
    now: dt.datetime | None = None,
    max_age_days: int = FRESHNESS_DAYS,
) -> list[ExpectationSpec]:
    """The suite of canonical table ``table_name``: expectations from its schema, then ``extra``.

    Freshness is measured from ``now`` (default: the current time), truncated to the day so
    that the suite is the same all day long.
    """
    tables = catalog().tables
    if table_name not in tables:
        raise ValueError(f"no canonical table {table_name!r}; the tables are {', '.join(sorted(tables))}")
    table = tables[table_name]
    return [*_shape(table), *_required(table), *_key(table), *_units(table),
            *_freshness(table, now, max_age_days), *extra]


def _shape(table: TableDef) -> list[ExpectationSpec]:
    columns = ExpectationSpec(
        expectation="expect_table_columns_to_match_set", kwargs={"column_set": table.field_names, "exact_match": True},
        description="The file has exactly the canonical columns.")
    rows = ExpectationSpec(
        expectation="expect_table_row_count_to_be_between", kwargs={"min_value": 1}, severity="warning",
        description="An empty table is publishable but usually means the extraction found nothing.")
    types = [ExpectationSpec(expectation="expect_column_values_to_be_of_type", column=f.name,
                             kwargs={"type_": PANDAS_TYPES[f.type]}, description=f"Canonical type {f.type}.")
             for f in table.fields]
    return [columns, rows, *types]


def _required(table: TableDef) -> list[ExpectationSpec]:
    return [ExpectationSpec(expectation="expect_column_values_to_not_be_null", column=f.name,
                            description="Required: part of the key." if f.name in table.key
                            else "Required: not nullable in the canonical schema.")
            for f in table.fields if not f.nullable or f.name in table.key]


def _key(table: TableDef) -> list[ExpectationSpec]:
    why = f"The key ({', '.join(table.key)}) identifies one row."
    if len(table.key) == 1:
        return [ExpectationSpec(expectation="expect_column_values_to_be_unique", column=table.key[0], description=why)]
    return [ExpectationSpec(expectation="expect_compound_columns_to_be_unique",
                            kwargs={"column_list": list(table.key)}, description=why)]


def _units(table: TableDef) -> list[ExpectationSpec]:
    return [ExpectationSpec(expectation="expect_column_values_to_be_between", column=f.name,
                            kwargs={"min_value": 0}, severity=NON_NEGATIVE_UNITS[f.unit],
                            description=f"A value in {f.unit} cannot be negative.")
            for f in table.fields if f.type in ("int64", "float64") and f.unit in NON_NEGATIVE_UNITS]


def _freshness(table: TableDef, now: dt.datetime | None, max_age_days: int) -> list[ExpectationSpec]:
    if table.time is None:
        return []
    day = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    oldest = day - dt.timedelta(days=max_age_days)
    return [ExpectationSpec(expectation="expect_column_max_to_be_between", column=table.time,
                            kwargs={"min_value": oldest.isoformat()}, severity="warning",
                            description=f"The newest {table.time} is at most {max_age_days} days old.")]


def scope(expectation: str) -> Scope | None:
    """How the engine evaluates ``expectation`` over a table it reads batch by batch.

    ``batch``: GX runs it on every batch and the results add up (row-wise expectations, and
    table-level ones that must hold in every batch). ``table``: plantset computes it across
    all batches. None: it cannot be checked batch by batch, or GX does not know it.
    """
    if expectation in TABLE_WIDE:
        return "table"
    if expectation in EVERY_BATCH:
        return "batch"
    if expectation in WHOLE_COLUMN:
        return None
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )

    impl = _gx_class(expectation)
    row_wise = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
    return "batch" if impl is not None and issubclass(impl, row_wise) else None


def _gx_class(expectation: str) -> type | None:
    from great_expectations.exceptions import ExpectationNotFoundError
    from great_expectations.expectations.registry import get_expectation_impl

    try:
        return get_expectation_impl(expectation)
    except ExpectationNotFoundError:
        return None


def check_expectations(
    table_columns: Mapping[str, list[str]], declared: Mapping[str, list[ExpectationSpec]]
) -> list[str]:
    """Every problem with the expectations a spec declares, as `expectations.<table>[i]: …` lines.

    ``table_columns`` maps each table the spec builds to the columns it may name. Imports GX
    (a few seconds) only when something is declared.
    """
    problems = []
    for table, specs in declared.items():
        if table not in table_columns:
            problems.append(f"expectations.{table}: the spec builds no table {table!r}; "
                            f"it builds {', '.join(sorted(table_columns)) or 'none'}")
            continue
        for index, spec in enumerate(specs):
            where = f"expectations.{table}[{index}]"
            problems += [f"{where}: {table} has no column {column!r}; the columns are {', '.join(table_columns[table])}"
                         for column in spec.columns() if column not in table_columns[table]]
            problem = _gx_problem(spec)
            if problem:
                problems.append(f"{where}: {problem}")
    return problems


def _gx_problem(spec: ExpectationSpec) -> str | None:
    import difflib

    impl = _gx_class(spec.expectation)
    if impl is None:
        from great_expectations.expectations.registry import list_registered_expectation_implementations

        close = difflib.get_close_matches(spec.expectation, list_registered_expectation_implementations(), n=1)
        return f"Great Expectations has no {spec.expectation}" + (f"; did you mean {close[0]}?" if close else "")
    if scope(spec.expectation) is None:
        return (f"{spec.expectation} needs the whole column at once, and plantset reads tables batch by batch; "
                f"use a row-wise expectation or one of {', '.join(sorted(TABLE_WIDE))}")
    try:
        impl(**({"column": spec.column} if spec.column else {}), **spec.kwargs)
    except ValueError as exc:  # pydantic (v1 in GX) ValidationError
        return f"invalid arguments for {spec.expectation}: {_first_errors(exc)}"
    return None


def _first_errors(exc: ValueError) -> str:
    """One message per argument; GX's union-typed fields repeat a failure once per member."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    seen: dict[str, str] = {}
    for error in errors():
        name = ".".join(str(part) for part in error["loc"]).replace("__root__", "arguments")
        seen.setdefault(name, error["msg"])
    return "; ".join(f"{name}: {message}" for name, message in seen.items())
