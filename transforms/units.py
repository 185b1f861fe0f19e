"""Unit conversion through pint: a source unit to the canonical unit as ``a*x + b``.

Offset units (degC, degF) are affine, so the conversion is taken from two points rather
than a single factor. The arithmetic then runs vectorized in Arrow.
"""

from __future__ import annotations

from functools import lru_cache

import pint
import pyarrow as pa
import pyarrow.compute as pc


class UnitError(ValueError):
    """A unit is unknown or cannot be converted to the canonical one."""


@lru_cache(maxsize=1)
def _registry():
    registry = pint.UnitRegistry(autoconvert_offset_to_baseunit=False)
    for alias in ("EA", "ea", "pcs"):  # how Korean ERPs write "pieces"
        registry.define(f"{alias} = count")
    return registry


@lru_cache(maxsize=256)
def conversion(source: str, target: str) -> tuple[float, float]:
    """Scale and offset turning values in ``source`` units into ``target`` units."""
    registry = _registry()
    try:
        zero = registry.Quantity(0.0, source).to(target).magnitude
        one = registry.Quantity(1.0, source).to(target).magnitude
    except pint.errors.UndefinedUnitError as exc:
        raise UnitError(f"unknown unit {exc.unit_names!r}; write units in pint notation, e.g. 'mm', 'degC', 'kgf/cm**2'") from None
    except pint.errors.DimensionalityError:
        raise UnitError(f"cannot convert {source!r} to {target!r}: different dimensions") from None
    return float(one - zero), float(zero)


def convert(values: pa.Array, source: str, target: str) -> pa.Array:
    """``values`` (numeric) converted from ``source`` to ``target`` units."""
    scale, offset = conversion(source, target)
    values = values.cast(pa.float64())
    if scale != 1.0:
        values = pc.multiply(values, scale)
    if offset != 0.0:
        values = pc.add(values, offset)
    return values
