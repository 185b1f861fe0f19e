"""Canonical tables as data: typed models loaded from ``canonical.yaml``.

Each table becomes a ``pyarrow.Schema`` whose fields carry their description and unit as
field metadata, so the published Parquet files document themselves.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    import pyarrow as pa

CATALOG_FILE = Path(__file__).with_name("canonical.yaml")
FieldType = Literal["string", "int64", "float64", "bool", "timestamp", "date"]


class FieldDef(BaseModel):
    """One column of a canonical table."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Column name, snake_case English.")
    type: FieldType = Field(description="Logical type; `timestamp` is microseconds in UTC.")
    description: str = Field(description="What the column holds.")
    unit: str | None = Field(None, description="Unit of the values in pint notation, when they have one.")
    nullable: bool = Field(True, description="Whether the column may hold nulls.")
    content_hash: bool = Field(False, description="A hash of a source file's content: published only as a keyed "
                               "pseudonym, since anyone holding the company's files could link rows back to them.")
    prefixed_by: str | None = Field(None, description="The value is `<that column's value>:<suffix>` (an element id "
                                    "of a document): a pseudonym replaces the prefix with that column's pseudonym.")
    named_by: str | None = Field(None, description="A file path named after that column's value (assets/<image_id>.png):"
                                 " published with that column's pseudonym in its place when it is pseudonymized.")
    person: bool = Field(False, description="Holds a person's name: published only as a pseudonym, dropped, or "
                         "redacted as a whole value, never as written.")


class TableDef(BaseModel):
    """One canonical table, ISA-95 flavoured."""

    model_config = ConfigDict(extra="forbid")

    description: str = Field(description="What one row of the table is.")
    system: str = Field(description="The plant system the table usually comes from: MES, ERP, QA, PDM, CMMS, SCADA.")
    key: list[str] = Field(min_length=1, description="Columns that identify a row.")
    time: str | None = Field(None, description="Time column the table is partitioned by, if any.")
    fields: list[FieldDef] = Field(min_length=1, description="The columns, in order.")

    @model_validator(mode="after")
    def _key_and_time_exist(self) -> TableDef:
        names = {f.name for f in self.fields}
        missing = [k for k in [*self.key, *([self.time] if self.time else [])] if k not in names]
        if missing:
            raise ValueError(f"key/time columns {missing} are not fields of the table")
        return self

    def field(self, name: str) -> FieldDef:
        return next(f for f in self.fields if f.name == name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def arrow_schema(self) -> pa.Schema:
        import pyarrow as pa

        return pa.schema([_arrow_field(f) for f in self.fields])


class Catalog(BaseModel):
    """All canonical tables by name."""

    model_config = ConfigDict(extra="forbid")

    tables: dict[str, TableDef] = Field(description="Canonical tables by name.")


def _arrow_field(field: FieldDef) -> pa.Field:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "date": pa.date32(),
    }
    metadata = {"description": field.description}
    if field.unit:
        metadata["unit"] = field.unit
    return pa.field(field.name, types[field.type], nullable=field.nullable, metadata=metadata)


def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    """Read and validate a catalog file."""
    import yaml

    return Catalog.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The canonical catalog shipped with plantset."""
    return load_catalog()
