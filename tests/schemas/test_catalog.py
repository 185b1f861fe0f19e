"""Canonical tables: data that loads, dumps back unchanged, and documents itself in Arrow."""

from __future__ import annotations

import yaml

from schemas.catalog import CATALOG_FILE, Catalog, catalog


def test_catalog_round_trips():
    data = yaml.safe_load(CATALOG_FILE.read_text(encoding="utf-8"))
    assert Catalog.model_validate(data).model_dump(mode="json", exclude_unset=True) == data


def test_catalog_covers_the_isa95_tables_of_the_foundation():
    expected = {"work_order", "production_result", "material", "part", "bom_item", "business_partner",
                "purchase_order", "sales_order", "inspection", "defect", "equipment", "maintenance_event",
                "failure_event", "alarm"}
    assert expected <= set(catalog().tables)


def test_arrow_schemas_carry_descriptions_units_and_utc_times():
    import pyarrow as pa

    for name, table in catalog().tables.items():
        schema = table.arrow_schema()
        for field in schema:
            assert field.metadata[b"description"], f"{name}.{field.name} has no description"
            if pa.types.is_timestamp(field.type):
                assert field.type.tz == "UTC"
        for key in table.key:
            assert schema.field(key).nullable is False, f"key {name}.{key} must be non-nullable"
    cycle_time = catalog().tables["production_result"].arrow_schema().field("cycle_time")
    assert cycle_time.metadata[b"unit"] == b"s"
