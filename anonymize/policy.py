"""Checks of the spec's anonymization section: every mapped column has a policy that fits its type."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from anonymize.lexicon import read_terms
from plantset.core.errors import SpecError
from schemas.catalog import catalog

if TYPE_CHECKING:
    from plantset.core.spec import ColumnPolicy, DatasetSpec

_TIME = ("timestamp", "date")
PERSON_POLICIES = ("pseudonym", "drop", "redact")  # what a column marked `person` in canonical.yaml accepts
_NUMBER = ("float64", "int64")
# policy (and generalization target) → canonical types it applies to
_FITS = {"shift": _TIME, "week": _TIME, "month": _TIME, "year": _TIME, "band": _NUMBER, "protect": _NUMBER,
         "redact": ("string",), "country": ("string",)}


def _kind(policy: ColumnPolicy) -> str:
    if policy.action == "generalize":
        return "band" if policy.band is not None else policy.to
    return policy.action


def check_policies(spec: DatasetSpec) -> list[str]:
    """Problems with ``spec.anonymize``, each naming the field and what to write instead."""
    problems: list[str] = []
    section = spec.anonymize
    mapped = {m.target: m for m in spec.tables if m.target in catalog().tables}
    for table, policies in section.columns.items():
        if table not in mapped:
            problems.append(f"anonymize.columns.{table}: not a table this spec builds; valid: {sorted(mapped)}")
            continue
        definition = catalog().tables[table]
        for column, policy in policies.items():
            where = f"anonymize.columns.{table}.{column}"
            if column not in mapped[table].columns:
                problems.append(f"{where}: not a mapped column of {table}; mapped: {sorted(mapped[table].columns)}")
                continue
            kind, field = _kind(policy), definition.field(column)
            if kind in _FITS and field.type not in _FITS[kind]:
                problems.append(f"{where}: `{kind}` does not apply to a {field.type} column")
            elif (field.content_hash or field.prefixed_by) and policy.action not in ("pseudonym", "drop"):
                problems.append(f"{where}: a hash of a source file's content links rows back to the company's files; "
                                "use pseudonym (keyed: joins survive) or drop")
            elif field.person and policy.action not in PERSON_POLICIES:
                problems.append(f"{where}: holds a person's name and cannot be published with `{kind}`; use "
                                "pseudonym, drop or redact (the whole value becomes a <PERSON_…> token)")
    for table, mapping in mapped.items():
        canonical = set(catalog().tables[table].field_names)
        missing = sorted(set(mapping.columns) & canonical - set(section.columns.get(table, {})))
        if missing:
            problems.append(f"anonymize.columns.{table}: no policy for {', '.join(missing)}; give each one "
                            "(keep, drop, pseudonym, shift, redact, month, {band: N}, standardize, {rare: N}, …)")
    for table, columns in section.quasi_identifiers.items():
        unknown = sorted(set(columns) - set(mapped[table].columns)) if table in mapped else None
        if unknown is None:
            problems.append(f"anonymize.quasi_identifiers.{table}: not a table this spec builds; valid: {sorted(mapped)}")
        elif unknown:
            problems.append(f"anonymize.quasi_identifiers.{table}: {', '.join(unknown)} not mapped columns of {table}")
    return problems


def term_files(spec: DatasetSpec, spec_path: Path) -> list[tuple[Path, str]]:
    """The lexicon and staff files with their default category, relative paths resolved against the spec."""
    section = spec.anonymize
    pairs = [(name, "SECRET") for name in section.lexicon] + [(name, "PERSON") for name in section.staff]
    return [((spec_path.parent / name) if not Path(name).is_absolute() else Path(name), category)
            for name, category in pairs]


def check_term_files(spec: DatasetSpec, spec_path: Path) -> list[str]:
    problems = []
    for path, category in term_files(spec, spec_path):
        try:
            read_terms(path, category)
        except SpecError as exc:
            problems += [f"anonymize: {exc.path}: {p}" for p in exc.problems]
    return problems
