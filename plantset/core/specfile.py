"""Reading a dataset spec file: variables, typed validation, every error at once.

The checks that need the libraries (units, policies, templates, expectations) are
``plantset.pipeline.specs.load_spec``'s; ``read_spec`` is what DAG parsing needs."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantset.core import environment
from plantset.core.errors import SpecError
from plantset.core.spec import BUILT_IN_KINDS, ColumnMap, DatasetSpec, SourceBase, dump, kinds_of, spec_model

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec with where it came from and the hash that goes into the manifest."""

    spec: DatasetSpec
    path: Path
    sha256: str


def read_spec(path: str | Path, variables: Mapping[str, str] | None = None,
              kinds: tuple[type[SourceBase], ...] = BUILT_IN_KINDS) -> LoadedSpec:
    """Read, interpolate and validate a spec file against its models, with sources of these ``kinds``
    (``connectors.registry.spec_models()``); raise ``SpecError`` listing every problem.
    ``plantset.pipeline.specs.load_spec`` adds the checks that span fields and libraries."""
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
    model = spec_model(kinds)
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_describe(err, model) for err in _without_union_noise(exc.errors()))
        raise SpecError(str(path), problems) from None
    if problems:
        raise SpecError(str(path), problems)
    digest = _spec_hash(spec)
    _resolve_paths(spec, path.parent)
    return LoadedSpec(spec=spec, path=path, sha256=digest)


def _resolve_paths(spec: DatasetSpec, folder: Path) -> None:
    """Make the files sources name relative to the spec file, not the cwd (each kind knows its own)."""
    for source in spec.sources:
        source.resolve_files(folder)


def _spec_hash(spec: DatasetSpec) -> str:
    """Hash of the spec as resolved (variables filled in), so two builds against different plants differ."""
    import json

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


def _describe(error: Mapping[str, Any], model: type[DatasetSpec]) -> str:
    raw_loc = [_tag(part) for part in error["loc"]]
    loc = list(raw_loc)
    if len(loc) > 2 and loc[0] == "sources" and loc[2] in kinds_of(model):
        del loc[2]
    if len(loc) > 3 and loc[0] == "tables" and loc[2] == "columns":
        loc = [part for part in loc if part not in ("str", "ColumnMap")]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".") or "(top level)"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        return f"{where}: missing; {message.lower()}"
    if error["type"] == "extra_forbidden":
        valid = _valid_keys(raw_loc[:-1], model)
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


def _valid_keys(loc: list, spec: type[DatasetSpec]) -> list[str]:
    """Field names of the spec model at ``loc`` (pydantic's location of an unknown key)."""
    import typing

    from pydantic import BaseModel

    by_tag = {**kinds_of(spec), "ColumnMap": ColumnMap}
    model: Any = spec
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
