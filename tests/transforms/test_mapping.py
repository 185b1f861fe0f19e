"""Normalizing batches onto canonical tables, and merging generations by key."""

from __future__ import annotations

import pyarrow as pa
import pytest

from plantset.core.errors import StageError
from plantset.core.spec import TableMapping
from schemas.catalog import catalog
from transforms.mapping import merge, normalize_batch

ORDERS = catalog().tables["work_order"]


def mapping(**columns) -> TableMapping:
    return TableMapping(target="work_order", source="mes.orders", columns=columns)


def test_normalize_renames_casts_and_fills_unmapped_columns_with_nulls():
    batch = pa.record_batch({"WO_NO": ["W1", "W2"], "QTY": ["1,000", "20"]})
    table = normalize_batch(batch, mapping(work_order_id="WO_NO", quantity_planned="QTY"), ORDERS, "Asia/Seoul")
    assert table.schema == ORDERS.arrow_schema()
    assert table.column("quantity_planned").to_pylist() == [1000.0, 20.0]
    assert table.column("status").null_count == 2


def test_missing_source_column_and_null_keys_are_stage_errors():
    batch = pa.record_batch({"WO_NO": ["W1", None]})
    with pytest.raises(StageError) as caught:
        normalize_batch(batch, mapping(work_order_id="WO_NO", status="STAT"), ORDERS, "UTC")
    assert caught.value.column == "STAT" and "the columns are ['WO_NO']" in str(caught.value)
    with pytest.raises(StageError, match="1 rows have no value for required work_order.work_order_id"):
        normalize_batch(batch, mapping(work_order_id="WO_NO"), ORDERS, "UTC")


def test_bad_value_names_source_table_column_and_the_values_shape_never_the_value():
    batch = pa.record_batch({"WO_NO": ["W1"], "QTY": ["many"]})
    with pytest.raises(StageError) as caught:
        normalize_batch(batch, mapping(work_order_id="WO_NO", quantity_planned="QTY"), ORDERS, "UTC")
    error = caught.value
    assert (error.stage, error.source, error.table, error.column) == ("normalize", "mes", "orders", "QTY")
    assert "shaped 'aaaa'" in str(error) and "many" not in str(error)


def _orders(ids, statuses) -> pa.Table:
    batch = pa.record_batch({"WO_NO": ids, "STAT": statuses})
    return normalize_batch(batch, mapping(work_order_id="WO_NO", status="STAT"), ORDERS, "UTC")


def test_merge_keeps_newest_generation_and_is_order_independent():
    old = _orders(["W1", "W2"], ["released", "released"])
    new = _orders(["W2", "W3", "W3"], ["completed", "running", "running"])
    merged = merge([old, new], ORDERS, deduplicate=True)
    assert merged.column("work_order_id").to_pylist() == ["W1", "W2", "W3"]
    assert merged.column("status").to_pylist() == ["released", "completed", "running"]
    shuffled = merge([old, new.take([2, 0, 1])], ORDERS, deduplicate=True)
    assert shuffled.equals(merged)


def test_merge_without_dedup_keeps_every_row_sorted():
    merged = merge([_orders(["B", "A", "A"], ["x", "y", "x"])], ORDERS, deduplicate=False)
    assert merged.column("work_order_id").to_pylist() == ["A", "A", "B"]
    assert merged.column("status").to_pylist() == ["x", "y", "x"]

