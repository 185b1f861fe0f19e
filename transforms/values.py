"""Turning one source column into one canonical column: cast, codes, units, times.

Everything is vectorized in Arrow. A value that does not cast raises ``CastFailure`` with
the offending value, so the stage can name it together with source, table and column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from plantset.spec import ColumnMap
    from schemas.catalog import FieldDef

# Excel's 1900 date system counts days from 1899-12-30 (it treats 1900 as a leap year).
_EXCEL_EPOCH_US = -2_209_161_600 * 1_000_000


class CastFailure(ValueError):
    """A source value cannot become the canonical type."""

    def __init__(self, value: object, target: str, reason: str = ""):
        self.value = value
        self.target = target
        super().__init__(f"value {value!r} cannot be read as {target}" + (f" ({reason})" if reason else ""))


def apply_codes(values: pa.Array, entry: ColumnMap) -> pa.Array:
    """Source codes mapped to canonical values, per ``entry.codes`` and ``entry.unmapped``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = _as_text(values)
    keys = pa.array(list(entry.codes), pa.string())
    mapped = pc.take(pa.array(list(entry.codes.values()), pa.string()), pc.index_in(text, keys))
    missing = pc.and_(pc.is_null(pc.index_in(text, keys)), pc.is_valid(text))
    if not pc.any(missing).as_py():
        return mapped
    if entry.unmapped == "error":
        bad = pc.filter(text, missing)[0].as_py()
        raise CastFailure(bad, "a mapped code", f"valid codes: {sorted(entry.codes)}; add it to `codes:` or set `unmapped:`")
    if entry.unmapped == "keep":
        return pc.if_else(missing, text, mapped)
    return mapped


def to_field(values: pa.Array, field: FieldDef, entry: ColumnMap, plant_timezone: str) -> pa.Array:
    """``values`` as the canonical field's Arrow type (units and time zones applied)."""
    if field.type in ("int64", "float64"):
        return _to_number(values, field, entry)
    if field.type in ("timestamp", "date"):
        return _to_time(values, field, entry, entry.timezone or plant_timezone)
    if field.type == "bool":
        return _cast(_as_text(values) if _is_text(values) else values, "bool")
    return _as_text(values)


def _is_text(values: pa.Array) -> bool:
    import pyarrow as pa

    return pa.types.is_string(values.type) or pa.types.is_large_string(values.type)


def _as_text(values: pa.Array) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_floating(values.type):
        # 3.0 → "3", so codes exported as numbers match their text form.
        whole = pc.equal(values, pc.floor(values))
        return pc.if_else(whole, values.cast(pa.int64(), safe=False).cast(pa.string()), values.cast(pa.string()))
    return values.cast(pa.string())


def _cast(values: pa.Array, target: str) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    types = {"int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    try:
        return values.cast(types[target])
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        for value in pc.unique(values).to_pylist():
            try:
                pa.array([value], values.type).cast(types[target])
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise CastFailure(value, target) from None
        raise CastFailure("?", target, str(exc)) from None


def _clean_number_text(values: pa.Array) -> pa.Array:
    """Text numbers as plants export them: thousands separators, spaces, empty cells."""
    import pyarrow.compute as pc

    stripped = pc.utf8_trim_whitespace(pc.replace_substring(values, ",", ""))
    return pc.if_else(pc.equal(stripped, ""), None, stripped)


def _to_number(values: pa.Array, field: FieldDef, entry: ColumnMap) -> pa.Array:
    from transforms.units import convert

    if _is_text(values):
        values = _clean_number_text(values)
        if field.type == "int64":
            values = _cast(values, "float64")
    number = _cast(values, "float64")
    if entry.unit and field.unit:
        number = convert(number, entry.unit, field.unit)
    if field.type == "int64":
        return _cast(number, "int64")
    return number


def _to_time(values: pa.Array, field: FieldDef, entry: ColumnMap, timezone: str) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    if entry.excel_serial:
        days = _cast(_clean_number_text(values) if _is_text(values) else values, "float64")
        # Excel keeps 15 significant digits, so serial times are only good to the millisecond.
        millis = pc.round(pc.multiply(days, 86_400_000.0)).cast(pa.int64())
        micros = pc.add(pc.multiply(millis, 1000), _EXCEL_EPOCH_US)
        values = micros.cast(pa.timestamp("us"))
    elif _is_text(values):
        values = _parse_time_text(values, entry.format)
    elif pa.types.is_date(values.type):
        values = values.cast(pa.timestamp("us"))
    if not pa.types.is_timestamp(values.type):
        raise CastFailure(values.type, field.type, "the source column is not a date or time")
    if values.type.tz is None:
        values = pc.assume_timezone(values.cast(pa.timestamp("us")), timezone, ambiguous="earliest",
                                    nonexistent="earliest")
    utc = values.cast(pa.timestamp("us", tz="UTC"))
    return utc.cast(pa.date32()) if field.type == "date" else utc


def _parse_time_text(values: pa.Array, fmt: str | None) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(values)
    text = pc.if_else(pc.equal(text, ""), None, text)
    try:
        if fmt:
            return pc.strptime(text, format=fmt, unit="us", error_is_null=False)
        return text.cast(pa.timestamp("us"))
    except pa.ArrowInvalid:
        for value in pc.unique(text).to_pylist():
            try:
                if fmt:
                    pc.strptime(pa.array([value]), format=fmt, unit="us")
                else:
                    pa.array([value]).cast(pa.timestamp("us"))
            except pa.ArrowInvalid:
                hint = f"format {fmt!r}" if fmt else "ISO 8601; set `format:` (strptime) for other layouts"
                raise CastFailure(value, "a time", hint) from None
        raise
