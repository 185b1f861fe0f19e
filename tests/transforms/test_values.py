"""Column conversion: text numbers, units, codes, Excel serial dates, plant time to UTC."""

from __future__ import annotations

from datetime import datetime, timezone

import pyarrow as pa
import pytest

from plantset.core.spec import ColumnMap
from schemas.catalog import FieldDef
from transforms.units import UnitError, conversion
from transforms.values import CastFailure, apply_codes, to_field

UTC = timezone.utc


def field(type_: str, unit: str | None = None) -> FieldDef:
    return FieldDef(name="x", type=type_, description="test", unit=unit)


def test_text_numbers_with_thousands_separators_and_blanks():
    values = pa.array(["1,234", " 56 ", "", None, "7.5"])
    out = to_field(values, field("float64"), ColumnMap(source="x"), "Asia/Seoul")
    assert out.to_pylist() == [1234.0, 56.0, None, None, 7.5]


def test_integers_from_text_and_a_bad_value_is_named():
    assert to_field(pa.array(["1,000", "2"]), field("int64"), ColumnMap(source="x"), "UTC").to_pylist() == [1000, 2]
    with pytest.raises(CastFailure) as caught:
        to_field(pa.array(["12", "twelve"]), field("int64"), ColumnMap(source="x"), "UTC")
    assert caught.value.value == "twelve"


def test_a_decimal_comma_is_refused_where_comma_groups_thousands_never_misread():
    # The probe's case: "1,95" was published as 195.0. With the Korean decimal point it is refused, by shape.
    with pytest.raises(CastFailure) as caught:
        to_field(pa.array(["1,234", "1,95", "2,5"]), field("float64"), ColumnMap(source="x"), "UTC")
    message = str(caught.value)
    assert "shaped '9,99'" in message and "2 such values" in message and "decimal_mark: ','" in message
    assert "1,95" not in message
    grouped = ["1,234", "12,345,678.5", "-1,000", " 7 ", "1.5e3"]
    assert to_field(pa.array(grouped), field("float64"), ColumnMap(source="x"), "UTC").to_pylist() == [
        1234.0, 12345678.5, -1000.0, 7.0, 1500.0]


def test_a_column_or_spec_with_a_decimal_comma_reads_points_as_thousands():
    values = pa.array(["1,95", "1.234,5", "-0,5", "1,234", None])
    comma = ColumnMap(source="x", decimal_mark=",")
    assert to_field(values, field("float64"), comma, "UTC").to_pylist() == [1.95, 1234.5, -0.5, 1.234, None]
    spec_wide = to_field(values, field("float64"), ColumnMap(source="x"), "UTC", decimal_mark=",")
    assert spec_wide.to_pylist() == [1.95, 1234.5, -0.5, 1.234, None]
    with pytest.raises(CastFailure, match=r"shaped '9\.99'.*decimal_mark: '\.'"):
        to_field(pa.array(["1,5", "1.95"]), field("float64"), comma, "UTC")
    point = ColumnMap(source="x", decimal_mark=".")  # a column may keep the point in a decimal-comma spec
    assert to_field(pa.array(["1,234.5"]), field("float64"), point, "UTC", decimal_mark=",").to_pylist() == [1234.5]


def test_unit_conversion_through_pint_including_offset_units():
    degf = to_field(pa.array([32.0, 212.0]), field("float64", "degC"), ColumnMap(source="x", unit="degF"), "UTC")
    assert degf.to_pylist() == pytest.approx([0.0, 100.0])
    grams = to_field(pa.array(["1,500"]), field("float64", "kg"), ColumnMap(source="x", unit="g"), "UTC")
    assert grams.to_pylist() == pytest.approx([1.5])
    assert conversion("hr", "min") == (60.0, 0.0)
    with pytest.raises(UnitError, match="different dimensions"):
        conversion("kg", "mm")
    with pytest.raises(UnitError, match="unknown unit"):
        conversion("furlongs_per_blip", "mm")


def test_codes_map_and_unmapped_policies():
    values = pa.array(["10", "20", None, "99"])
    codes = {"10": "released", "20": "running"}
    with pytest.raises(CastFailure, match="'99'"):
        apply_codes(values, ColumnMap(source="x", codes=codes))
    assert apply_codes(values, ColumnMap(source="x", codes=codes, unmapped="keep")).to_pylist() == [
        "released", "running", None, "99"]
    assert apply_codes(values, ColumnMap(source="x", codes=codes, unmapped="null")).to_pylist() == [
        "released", "running", None, None]
    as_floats = apply_codes(pa.array([10.0, 20.0]), ColumnMap(source="x", codes=codes))
    assert as_floats.to_pylist() == ["released", "running"]


def test_plant_local_time_becomes_utc():
    naive = pa.array([datetime(2026, 3, 2, 9, 0)], pa.timestamp("us"))
    out = to_field(naive, field("timestamp"), ColumnMap(source="x"), "Asia/Seoul")
    assert out.type == pa.timestamp("us", tz="UTC")
    assert out.to_pylist() == [datetime(2026, 3, 2, 0, 0, tzinfo=UTC)]
    other = to_field(naive, field("timestamp"), ColumnMap(source="x", timezone="Europe/Berlin"), "Asia/Seoul")
    assert other.to_pylist() == [datetime(2026, 3, 2, 8, 0, tzinfo=UTC)]


def test_vendor_text_times_with_format_and_iso():
    compact = to_field(pa.array(["20260302083000", ""]), field("timestamp"),
                       ColumnMap(source="x", format="%Y%m%d%H%M%S"), "Asia/Seoul")
    assert compact.to_pylist() == [datetime(2026, 3, 1, 23, 30, tzinfo=UTC), None]
    iso = to_field(pa.array(["2026-03-02 08:30:00"]), field("timestamp"), ColumnMap(source="x"), "UTC")
    assert iso.to_pylist() == [datetime(2026, 3, 2, 8, 30, tzinfo=UTC)]
    with pytest.raises(CastFailure, match="shaped '99/99/9999'") as caught:
        to_field(pa.array(["02/03/2026"]), field("timestamp"), ColumnMap(source="x"), "UTC")
    assert "02/03/2026" not in str(caught.value)  # the shape says what is wrong; the value stays out of logs


def test_excel_serial_dates():
    # 45352 is 2024-03-01 in Excel's 1900 date system; .5 is noon.
    out = to_field(pa.array(["45352.5", "45352"]), field("timestamp"), ColumnMap(source="x", excel_serial=True), "UTC")
    assert out.to_pylist() == [datetime(2024, 3, 1, 12, 0, tzinfo=UTC), datetime(2024, 3, 1, 0, 0, tzinfo=UTC)]
    day = to_field(pa.array([45352.0]), field("date"), ColumnMap(source="x", excel_serial=True), "UTC")
    assert str(day[0]) == "2024-03-01"
