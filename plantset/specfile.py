"""Loading a dataset spec file: variables, typed validation, cross-checks, every error at once."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantset import environment
from plantset.errors import SpecError
from plantset.spec import DatasetSpec, FileSource, OpcUaSource, SqlSource, column_map

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_SOURCE_KINDS = ("sql", "files", "opcua", "documents")


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec with where it came from and the hash that goes into the manifest."""

    spec: DatasetSpec
    path: Path
    sha256: str


def load_spec(path: str | Path, variables: Mapping[str, str] | None = None) -> LoadedSpec:
    """Read, interpolate and validate a spec file; raise ``SpecError`` listing every problem.

    ``${NAME}`` and ``${NAME:-default}`` in string values are replaced by ``variables`` or
    the environment. Secrets must not be passed this way: use ``{env: NAME}`` references.
    """
    from anonymize.policy import check_term_files

    loaded = read_spec(path, variables)
    problems = cross_check(loaded.spec) + check_term_files(loaded.spec, loaded.path)
    if problems:
        raise SpecError(str(loaded.path), problems)
    return loaded


def read_spec(path: str | Path, variables: Mapping[str, str] | None = None) -> LoadedSpec:
    """Like ``load_spec`` without the cross-checks (which need pint): for DAG parsing."""
    import yaml
    from pydantic import ValidationError

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(str(path), [f"cannot read the file: {exc.strerror}"]) from None
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SpecError(str(path), [f"not valid UTF-8 YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise SpecError(str(path), ["the file must hold a mapping with `dataset`, `sources` and `tables`"])
    problems: list[str] = []
    data = _interpolate(data, variables or {}, problems)
    try:
        spec = DatasetSpec.model_validate(data)
    except ValidationError as exc:
        problems.extend(_describe(err) for err in _without_union_noise(exc.errors()))
        raise SpecError(str(path), problems) from None
    if problems:
        raise SpecError(str(path), problems)
    digest = _spec_hash(spec)
    _resolve_paths(spec, path.parent)
    return LoadedSpec(spec=spec, path=path, sha256=digest)


def _resolve_paths(spec: DatasetSpec, folder: Path) -> None:
    """Make the files an OPC UA source names (NodeSets, certificates) relative to the spec file, not the cwd."""
    def resolved(name: str) -> str:
        return name if Path(name).is_absolute() else str(folder / name)

    for source in spec.sources:
        if isinstance(source, OpcUaSource):
            source.nodesets = [resolved(name) for name in source.nodesets]
            for attr in ("certificate", "private_key", "server_certificate"):
                if getattr(source.security, attr):
                    setattr(source.security, attr, resolved(getattr(source.security, attr)))


def _spec_hash(spec: DatasetSpec) -> str:
    """Hash of the spec as resolved (variables filled in), so two builds against different plants differ."""
    import json

    from plantset.spec import dump

    canonical = json.dumps(dump(spec), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _interpolate(value: Any, variables: Mapping[str, str], problems: list[str]) -> Any:
    if isinstance(value, dict):
        return {k: _interpolate(v, variables, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, variables, problems) for v in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        found = variables.get(name, environment.variable(name))
        if found is None and default is None:
            problems.append(f"variable ${{{name}}} is not set: export it or write ${{{name}:-default}}")
            return ""
        return found if found is not None else default

    return _VARIABLE.sub(substitute, value)


_SECRET_FIELDS = ("password", "connection")


def _without_union_noise(errors: list) -> list:
    """Drop the "not a string" error of a column mapping given in its full form, which has its own errors."""
    full_form = {tuple(e["loc"][:4]) for e in errors if len(e["loc"]) > 4}
    return [e for e in errors if not (e["loc"][-1] == "str" and tuple(e["loc"][:-1]) in full_form)]


def _tag(part: Any) -> Any:
    """pydantic names a validated union member `function-after[…, ColumnMap]`; that is the ColumnMap branch."""
    return "ColumnMap" if isinstance(part, str) and part.startswith("function-after[") else part
_URL_PASSWORD = re.compile(r"(://[^/:@\s]*:)[^@\s]*@")


def _describe(error: Mapping[str, Any]) -> str:
    raw_loc = [_tag(part) for part in error["loc"]]
    loc = list(raw_loc)
    if len(loc) > 2 and loc[0] == "sources" and loc[2] in _SOURCE_KINDS:
        del loc[2]
    if len(loc) > 3 and loc[0] == "tables" and loc[2] == "columns":
        loc = [part for part in loc if part not in ("str", "ColumnMap")]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".") or "(top level)"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        return f"{where}: missing; {message.lower()}"
    if error["type"] == "extra_forbidden":
        valid = _valid_keys(raw_loc[:-1])
        return f"{where}: unknown key" + (f"; valid keys: {valid}" if valid else "")
    return f"{where}: {_shown(loc, error.get('input'))}: {message}"


def _shown(loc: list, value: Any) -> str:
    """The bad value as it may be printed: never a secret, never a whole source entry."""
    if any(part in _SECRET_FIELDS for part in loc):
        return "<redacted>"
    if isinstance(value, (dict, list)):
        return "(this entry)"
    if isinstance(value, str):
        return repr(_URL_PASSWORD.sub(r"\1***@", value))
    return repr(value)


def _valid_keys(loc: list) -> list[str]:
    """Field names of the spec model at ``loc`` (pydantic's location of an unknown key)."""
    import typing

    from pydantic import BaseModel

    from plantset.spec import ColumnMap, DocumentSource, FileSource, OpcUaSource, SqlSource

    by_tag = {"sql": SqlSource, "files": FileSource, "opcua": OpcUaSource, "documents": DocumentSource,
              "ColumnMap": ColumnMap}
    model: Any = DatasetSpec
    for part in loc:
        if part in by_tag:
            model = by_tag[part]
        elif isinstance(part, str) and model is not None and part in getattr(model, "model_fields", {}):
            annotation = model.model_fields[part].annotation
            found = [a for a in typing.get_args(annotation) or (annotation,)
                     if isinstance(a, type) and issubclass(a, BaseModel)]
            nested = [a for arg in typing.get_args(annotation) for a in typing.get_args(arg)
                      if isinstance(a, type) and issubclass(a, BaseModel)]
            model = (found or nested or [None])[0]
    if model is None:
        return []
    return sorted(f.alias or name for name, f in model.model_fields.items())


def cross_check(spec: DatasetSpec) -> list[str]:
    """Checks that span fields: references, canonical columns, units, time zones."""
    problems: list[str] = []
    problems += _check_names(spec)
    for index, source in enumerate(spec.sources):
        if isinstance(source, SqlSource):
            problems += _check_watermarks(f"sources[{index}]", source)
    tables = {f"{s.name}.{t.name}" for s in spec.sources for t in s.tables}
    for index, mapping in enumerate(spec.tables):
        where = f"tables[{index}]"
        if mapping.source not in tables:
            problems.append(f"{where}.source: {mapping.source!r}: no such source table; valid: {sorted(tables)}")
        problems += _check_mapping(where, mapping)
    from anonymize.policy import check_policies
    from plantset.training import check_templates
    from schemas.catalog import catalog
    from schemas.expectations import check_expectations

    built = {m.target: catalog().tables[m.target].field_names for m in spec.tables if m.target in catalog().tables}
    return (problems + check_policies(spec) + check_templates(spec)
            + (check_expectations(built, spec.expectations) if spec.expectations else []))


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


def _check_watermarks(where: str, source: SqlSource | FileSource) -> list[str]:
    problems = []
    for index, table in enumerate(source.tables):
        mark = getattr(table, "watermark", None)
        if mark is None:
            continue
        if mark.kind == "integer" and isinstance(mark.lag, str):
            problems.append(f"{where}.tables[{index}].watermark.lag: {mark.lag!r}: an integer watermark takes a count of ids")
        if mark.kind == "timestamp" and isinstance(mark.lag, int) and mark.lag != 0:
            problems.append(f"{where}.tables[{index}].watermark.lag: {mark.lag!r}: a timestamp watermark takes a duration like '10m'")
        if table.columns is not None and mark.column not in table.columns:
            problems.append(f"{where}.tables[{index}].watermark.column: {mark.column!r}: must be one of the selected columns")
    return problems


def _check_mapping(where: str, mapping) -> list[str]:
    from schemas.catalog import catalog

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
    from transforms.units import UnitError, conversion

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
