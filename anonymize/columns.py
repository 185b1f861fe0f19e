"""Row-by-row column policies on Arrow tables: drop, pseudonym, shift, generalize, protect, redact.

Each policy gives the same output for the same input value under the same key, so rows
anonymized in different runs merge and de-duplicate like the originals would. Policies that
need the whole table (`rare`, k-anonymity) run at publish time, in ``anonymize.gate``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from anonymize.people import StaffNames
from schemas.catalog import catalog

if TYPE_CHECKING:
    from anonymize.pseudonym import KeyedPseudonym
    from anonymize.text import Redactor
    from plantset.core.spec import ColumnPolicy


def shift_days(key: bytes, max_days: int) -> int:
    """The company's one date offset: chosen by the key, never zero, within ±``max_days``."""
    number = int.from_bytes(hmac.new(key, b"plantset date shift", hashlib.sha256).digest()[:8], "big")
    days = number % (2 * max_days) - max_days
    return days if days < 0 else days + 1


def describe(policy: ColumnPolicy) -> str:
    """A policy as the spec's short form, for reports and the card."""
    if policy.action == "generalize":
        return f"generalize to {policy.to}" if policy.to else f"generalize to bands of {policy.band:g}"
    if policy.action == "protect":
        return f"protect ({policy.method})"
    if policy.action == "rare":
        return f"suppress categories with fewer than {policy.min_count} rows"
    return policy.action


@dataclass
class ColumnAnonymizer:
    """Applies the row-local policies of one dataset; counts what it changed."""

    pseudonym: KeyedPseudonym
    redactor: Redactor
    offset_days: int
    protect: dict[str, tuple[float, float]] = field(default_factory=dict)  # "table.column" → (mean, std)
    staff: StaffNames = field(default_factory=StaffNames)

    def table(self, name: str, data: pa.Table, policies: dict[str, ColumnPolicy]) -> pa.Table:
        definition = catalog().tables.get(name)
        original = data
        for column, policy in policies.items():
            index = data.schema.get_field_index(column)
            field = definition.field(column) if definition is not None and column in definition.field_names else None
            named_by = field.named_by if field is not None else None
            if named_by and named_by in policies and policies[named_by].action == "pseudonym" and policy.action == "keep":
                values = self._renamed(original.column(column), original.column(named_by))
            else:
                values = self.column(f"{name}.{column}", data.column(index), policy,
                                     person=field is not None and field.person,
                                     prefixed=field is not None and field.prefixed_by is not None)
            data = data.set_column(index, data.schema.field(index), values)
        return data

    def column(self, where: str, values: pa.ChunkedArray, policy: ColumnPolicy, *, person: bool = False,
               prefixed: bool = False) -> Any:
        action = policy.action
        if action in ("keep", "rare"):
            return values
        if action == "drop":
            return pa.nulls(len(values), values.type)
        if action == "pseudonym":
            return self._prefixed(values) if prefixed else self.pseudonym.column(values)
        if action == "shift":
            return _shift(values, self.offset_days)
        if action == "redact":
            return self._redact_people(values) if person else self._redact(values)
        if action == "protect":
            mean, std = self.protect[where]
            return pc.divide(pc.subtract(values, mean), std)
        return _generalize(values, policy)

    def _redact(self, values: pa.ChunkedArray) -> pa.Array:
        encoded = values.combine_chunks().dictionary_encode()
        texts = encoded.dictionary.to_pylist()
        return pa.array(self.redactor.redact_many(texts), pa.string()).take(encoded.indices)


    def _prefixed(self, values: pa.ChunkedArray) -> pa.Array:
        """``<doc_id>:<suffix>`` with the doc_id's pseudonym in front: the same token as the doc_id column's."""
        encoded = values.combine_chunks().dictionary_encode()
        tokens = []
        for value in encoded.dictionary.to_pylist():
            prefix, colon, suffix = value.partition(":") if value is not None else (None, "", "")
            tokens.append(None if value is None else self.pseudonym.token(prefix) + colon + suffix)
        return pa.array(tokens, pa.string()).take(encoded.indices)

    def _renamed(self, paths: pa.ChunkedArray, ids: pa.ChunkedArray) -> pa.Array:
        """File paths named after an id (assets/<image_id>.png) with the id's pseudonym in its place."""
        return pa.array([None if path is None or name is None else path.replace(name, self.pseudonym.token(name))
                         for path, name in zip(paths.to_pylist(), ids.to_pylist())], pa.string())

    def _redact_people(self, values: pa.ChunkedArray) -> pa.Array:
        """A person column: each whole value becomes the token of the staff member it names, however written."""
        encoded = values.combine_chunks().dictionary_encode()
        tokens = [None if name is None or not name.strip() else self.redactor.token("PERSON", self.staff.canonical(name))
                  for name in encoded.dictionary.to_pylist()]
        return pa.array(tokens, pa.string()).take(encoded.indices)


def _shift(values: pa.ChunkedArray, days: int) -> Any:
    unit = "s" if pa.types.is_date(values.type) else values.type.unit
    return pc.add(values, pa.scalar(dt.timedelta(days=days), pa.duration(unit))).cast(values.type)


def _generalize(values: pa.ChunkedArray, policy: ColumnPolicy) -> Any:
    if policy.band is not None:
        banded = pc.multiply(pc.floor(pc.divide(pc.cast(values, pa.float64()), policy.band)), policy.band)
        return pc.cast(banded, values.type)
    if policy.to == "country":
        return pc.utf8_slice_codeunits(values, 0, 2)
    return pc.floor_temporal(values, unit=policy.to, week_starts_monday=True)


def protect_parameters(values: pa.ChunkedArray) -> tuple[float, float]:
    """Mean and standard deviation to standardize a column with (1 when the column is constant)."""
    mean = pc.mean(values).as_py()
    std = pc.stddev(values).as_py()
    return (mean or 0.0), (std if std else 1.0)
