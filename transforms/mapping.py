"""Mapping source batches onto canonical tables, and merging them into one keyed table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from plantset.core.errors import StageError
from plantset.core.spec import column_map
from transforms.values import CastFailure, apply_codes, to_field

if TYPE_CHECKING:
    from plantset.core.spec import TableMapping
    from schemas.catalog import TableDef

GENERATION = "__generation"


def normalize_batch(batch: pa.RecordBatch, mapping: TableMapping, table: TableDef, timezone: str,
                    decimal_mark: str = ".") -> pa.Table:
    """One raw batch as rows of the canonical table (schema with docs and units)."""
    source, _, source_table = mapping.source.partition(".")
    arrays = []
    for field in table.fields:
        entry = mapping.columns.get(field.name)
        if entry is None:
            arrays.append(pa.nulls(batch.num_rows, table.arrow_schema().field(field.name).type))
            continue
        entry = column_map(entry)
        values = _source_values(batch, entry, source, source_table)
        try:
            if entry.codes is not None:
                values = apply_codes(values, entry)
            arrays.append(to_field(values, field, entry, timezone, decimal_mark))
        except CastFailure as exc:
            raise StageError("normalize", f"{exc} for {mapping.target}.{field.name}", source=source,
                             table=source_table, column=entry.source or field.name,
                             hint="fix the source value, or adjust `codes:`/`format:`/`unit:`/`decimal_mark:` in the spec mapping") from None
    result = pa.Table.from_arrays(arrays, schema=table.arrow_schema())
    _check_required(result, table, mapping, source, source_table)
    return result


def _source_values(batch: pa.RecordBatch, entry, source: str, source_table: str) -> pa.Array:
    if entry.source is None:
        return pa.array([entry.value] * batch.num_rows)
    if entry.source not in batch.schema.names:
        raise StageError("normalize", f"the source has no column {entry.source!r}", source=source,
                         table=source_table, column=entry.source,
                         hint=f"the columns are {batch.schema.names}; fix the mapping in the spec")
    values = batch.column(entry.source)
    return values.cast(pa.string()) if pa.types.is_decimal(values.type) or pa.types.is_null(values.type) else values


def _check_required(result: pa.Table, table: TableDef, mapping: TableMapping, source: str, source_table: str) -> None:
    for field in table.fields:
        if (not field.nullable or field.name in table.key) and result.column(field.name).null_count:
            entry = column_map(mapping.columns[field.name])
            raise StageError("normalize", f"{result.column(field.name).null_count} rows have no value for "
                             f"required {mapping.target}.{field.name}", source=source, table=source_table,
                             column=entry.source, hint="filter those rows with a `query:` or map another column")


def merge(parts: list[pa.Table], table: TableDef, deduplicate: bool) -> pa.Table:
    """Concatenate generations (oldest first) and keep one row per key, the newest.

    Among rows of one key in the same generation the choice is by sorting on every
    column, so the result does not depend on the order the database returned rows in.
    """
    schema = table.arrow_schema()
    tagged = [t.select(schema.names).cast(schema).append_column(GENERATION, pa.array([g] * t.num_rows, pa.int32()))
              for g, t in enumerate(parts)]
    combined = pa.concat_tables(tagged) if tagged else schema.empty_table().append_column(
        GENERATION, pa.array([], pa.int32()))
    others = [n for n in schema.names if n not in table.key]
    order = [(k, "ascending", "at_start") for k in [*table.key, GENERATION, *others]]
    combined = combined.take(pc.sort_indices(combined, sort_keys=order))
    if deduplicate and combined.num_rows:
        combined = combined.filter(_last_of_each_key(combined, table.key))
    return combined.drop_columns([GENERATION])


def _last_of_each_key(sorted_table: pa.Table, key: list[str]) -> pa.Array:
    """Mask of the last row of each run of equal keys in a table sorted by key."""
    n = sorted_table.num_rows
    differs = pa.array([False] * (n - 1), pa.bool_())
    for name in key:
        column = sorted_table.column(name).combine_chunks()
        current, following = column.slice(0, n - 1), column.slice(1)
        changed = pc.fill_null(pc.not_equal(current, following), True)
        both_null = pc.and_(pc.is_null(current), pc.is_null(following))
        differs = pc.or_(differs, pc.and_not(changed, both_null))
    return pa.concat_arrays([differs, pa.array([True])])
