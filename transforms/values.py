"""Turning one source column into one canonical column: cast, codes, units, times.

Everything is vectorized in Arrow. A value that does not cast raises ``CastFailure``; its
message shows the value's shape (``'9,99'`` for ``1,95``), never the value, so errors and
history name what is wrong without copying plant data into logs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from plantset.core.errors import shape
from transforms.units import convert

if TYPE_CHECKING:
    from plantset.core.spec import ColumnMap
    from schemas.catalog import FieldDef

# Excel's 1900 date system counts days from 1899-12-30 (it treats 1900 as a leap year).
_EXCEL_EPOCH_US = -2_209_161_600 * 1_000_000


class CastFailure(ValueError):
    """A source value cannot become the canonical type; the message shows its shape, not the value."""

    def __init__(self, value: object, target: str, reason: str = "", show: bool = False):
        self.value = value
        self.target = target
        what = repr(value) if show else f"shaped {shape(value)!r}"
        super().__init__(f"a value {what} cannot be read as {target}" + (f" ({reason})" if reason else ""))


def apply_codes(values: pa.Array, entry: ColumnMap) -> pa.Array:
    """Source codes mapped to canonical values, per ``entry.codes`` and ``entry.unmapped``."""
    text = _as_text(values)
    keys = pa.array(list(entry.codes), pa.string())
    mapped = pc.take(pa.array(list(entry.codes.values()), pa.string()), pc.index_in(text, keys))
    missing = pc.and_(pc.is_null(pc.index_in(text, keys)), pc.is_valid(text))
    if not pc.any(missing).as_py():
        return mapped
    if entry.unmapped == "error":
        bad = pc.filter(text, missing)[0].as_py()
        # A code is spec vocabulary, not plant data: it is shown so that it can be added to `codes:`.
        raise CastFailure(bad, "a mapped code", f"valid codes: {sorted(entry.codes)}; add it to `codes:` or set "
                          "`unmapped:`", show=True)
    if entry.unmapped == "keep":
        return pc.if_else(missing, text, mapped)
    return mapped


def to_field(values: pa.Array, field: FieldDef, entry: ColumnMap, plant_timezone: str,
             decimal_mark: str = ".") -> pa.Array:
    """``values`` as the canonical field's Arrow type (units and time zones applied); text numbers read with
    the column's decimal mark, else ``decimal_mark`` (the spec's)."""
    if field.type in ("int64", "float64"):
        return _to_number(values, field, entry, entry.decimal_mark or decimal_mark)
    if field.type in ("timestamp", "date"):
        return _to_time(values, field, entry, entry.timezone or plant_timezone)
    if field.type == "bool":
        return _cast(_as_text(values) if _is_text(values) else values, "bool")
    return _as_text(values)


def _is_text(values: pa.Array) -> bool:
    return pa.types.is_string(values.type) or pa.types.is_large_string(values.type)


def _as_text(values: pa.Array) -> pa.Array:
    if pa.types.is_floating(values.type):
        # 3.0 → "3", so codes exported as numbers match their text form.
        whole = pc.equal(values, pc.floor(values))
        return pc.if_else(whole, values.cast(pa.int64(), safe=False).cast(pa.string()), values.cast(pa.string()))
    return values.cast(pa.string())


def _cast(values: pa.Array, target: str) -> pa.Array:
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


# A text number may hold the other mark only as a thousands separator, in groups of three: with a decimal
# point, "1,234.5" is 1234.5 and "1,95" is refused (it is 1.95 written with a decimal comma, and would
# silently become 195); with a decimal comma, "1.234,5" is 1234.5 and "1.95" is refused.
_GROUPED = {".": r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$", ",": r"^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$"}


def _clean_number_text(values: pa.Array, decimal_mark: str = ".") -> pa.Array:
    """Text numbers as plants export them: padding, empty cells, thousands separators and the decimal mark."""
    stripped = pc.utf8_trim_whitespace(values)
    stripped = pc.if_else(pc.equal(stripped, ""), None, stripped)
    group = "," if decimal_mark == "." else "."
    grouped = pc.match_substring(stripped, group)
    misplaced = pc.and_not(grouped, pc.match_substring_regex(stripped, _GROUPED[decimal_mark]))
    if pc.any(misplaced).as_py():
        bad = pc.filter(stripped, misplaced)
        other = "decimal comma" if decimal_mark == "." else "decimal point"
        raise CastFailure(bad[0].as_py(), "a number", f"{len(bad)} such values; `{group}` is this column's "
                          f"thousands separator, but these do not group digits by three: if the column writes a "
                          f"{other}, set `decimal_mark: '{group}'` on it")
    plain = pc.replace_substring(stripped, group, "")
    return plain if decimal_mark == "." else pc.replace_substring(plain, ",", ".")


def _to_number(values: pa.Array, field: FieldDef, entry: ColumnMap, decimal_mark: str = ".") -> pa.Array:
    if _is_text(values):
        values = _clean_number_text(values, decimal_mark)
        if field.type == "int64":
            values = _cast(values, "float64")
    number = _cast(values, "float64")
    if entry.unit and field.unit:
        number = convert(number, entry.unit, field.unit)
    if field.type == "int64":
        return _cast(number, "int64")
    return number


def _to_time(values: pa.Array, field: FieldDef, entry: ColumnMap, timezone: str) -> pa.Array:
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
