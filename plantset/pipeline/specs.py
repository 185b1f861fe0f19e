"""Loading a spec for a build: the file read by ``plantset.core.specfile``, then the checks that span fields
and need the libraries (canonical columns, units, policies, term files, templates, expectations)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from anonymize.policy import check_policies, check_term_files
from connectors.registry import spec_models
from plantset.core.errors import SpecError
from plantset.core.spec import DatasetSpec, SourceBase, column_map, label
from plantset.core.specfile import LoadedSpec, read_spec
from plantset.pipeline.training import check_templates
from schemas.catalog import catalog
from schemas.expectations import check_expectations
from transforms.units import UnitError, conversion


def load_spec(path: str | Path, variables: Mapping[str, str] | None = None, *, check_gx: bool = True) -> LoadedSpec:
    """Read, interpolate and validate a spec file; raise ``SpecError`` listing every problem.

    ``${NAME}`` and ``${NAME:-default}`` in string values are replaced by ``variables`` or
    the environment. Secrets must not be passed this way: use ``{env: NAME}`` references.
    ``check_gx=False`` leaves out the check of declared expectations against Great Expectations
    (importing GX takes seconds): for a step of a run whose first step checked the spec.
    """
    loaded = read_spec(path, variables, spec_models())
    problems = cross_check(loaded.spec, check_gx=check_gx) + check_term_files(loaded.spec, loaded.path)
    if problems:
        raise SpecError(str(loaded.path), problems)
    return loaded


def cross_check(spec: DatasetSpec, *, check_gx: bool = True) -> list[str]:
    """Checks that span fields: references, canonical columns, units, time zones."""
    problems: list[str] = []
    problems += _check_names(spec)
    for index, source in enumerate(spec.sources):
        problems += _check_watermarks(f"sources[{index}]", source)
    tables = {label(s.name, t.name) for s in spec.sources for t in s.tables}
    for index, mapping in enumerate(spec.tables):
        where = f"tables[{index}]"
        if mapping.source not in tables:
            problems.append(f"{where}.source: {mapping.source!r}: no such source table; valid: {sorted(tables)}")
        problems += _check_mapping(where, mapping)

    built = {m.target: catalog().tables[m.target].field_names for m in spec.tables if m.target in catalog().tables}
    return (problems + check_policies(spec) + check_templates(spec)
            + (check_expectations(built, spec.expectations) if spec.expectations and check_gx else []))


def _check_names(spec: DatasetSpec) -> list[str]:
    problems = []
    names = [s.name for s in spec.sources]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"sources: {dup!r}: source names must be unique")
    for index, source in enumerate(spec.sources):
        tnames = [t.name for t in source.tables]
        for dup in sorted({n for n in tnames if tnames.count(n) > 1}):
            problems.append(f"sources[{index}].tables: {dup!r}: table names must be unique within a source")
    targets = [m.target for m in spec.tables]
    for dup in sorted({t for t in targets if targets.count(t) > 1}):
        problems.append(f"tables: {dup!r}: each canonical table is built from one mapping")
    return problems


def _check_watermarks(where: str, source: SourceBase) -> list[str]:
    problems = []
    for index, table in enumerate(source.tables):
        mark = getattr(table, "watermark", None)
        if mark is None:
            continue
        if mark.kind == "integer" and isinstance(mark.lag, str):
            problems.append(f"{where}.tables[{index}].watermark.lag: {mark.lag!r}: an integer watermark takes a count of ids")
        if mark.kind == "timestamp" and isinstance(mark.lag, int) and mark.lag != 0:
            problems.append(f"{where}.tables[{index}].watermark.lag: {mark.lag!r}: a timestamp watermark takes a duration like '10m'")
        if getattr(table, "columns", None) is not None and mark.column not in table.columns:
            problems.append(f"{where}.tables[{index}].watermark.column: {mark.column!r}: must be one of the selected columns")
    return problems


def _check_mapping(where: str, mapping) -> list[str]:
    tables = catalog().tables
    if mapping.target not in tables:
        return [f"{where}.target: {mapping.target!r}: no such canonical table; valid: {sorted(tables)}"]
    table = tables[mapping.target]
    problems = []
    for name, entry in mapping.columns.items():
        if name not in table.field_names:
            problems.append(f"{where}.columns.{name}: not a column of {mapping.target}; valid: {table.field_names}")
            continue
        problems += _check_column(f"{where}.columns.{name}", table.field(name), column_map(entry))
    for field in table.fields:
        if (not field.nullable or field.name in table.key) and field.name not in mapping.columns:
            problems.append(f"{where}.columns: {field.name!r} is required by {mapping.target} but not mapped")
    return problems


def _check_column(where: str, field, entry) -> list[str]:
    problems = []
    if entry.unit is not None:
        if field.unit is None:
            problems.append(f"{where}.unit: {entry.unit!r}: the canonical column has no unit; drop `unit`")
        else:
            try:
                conversion(entry.unit, field.unit)
            except UnitError as exc:
                problems.append(f"{where}.unit: {entry.unit!r}: {exc}")
    if (entry.timezone or entry.format or entry.excel_serial) and field.type not in ("timestamp", "date"):
        problems.append(f"{where}: time options given but {field.name} is {field.type}, not a time")
    return problems
