"""The dataset spec: one YAML file per dataset build, validated by typed models.

Every field carries a description (exported as JSON Schema for editor completion, see
``plantset spec-schema``). Secrets are never written inline: a ``SecretRef`` names an
environment variable or an Airflow connection id. Loading a bad spec raises ``SpecError``
with every problem at once, each naming the file, the field path, the bad value and the
valid values.
"""

from __future__ import annotations

import functools
import re
import typing
from typing import Annotated, Any, Literal, Union

from pydantic import Field, create_model, field_validator, model_serializer, model_validator

from plantset.core.spec_base import DURATION as _DURATION
from plantset.core.spec_base import SLUG as _SLUG
from plantset.core.spec_base import SecretRef, SourceBase, SpecModel
from plantset.core.spec_sources import (  # the OPC UA and document sources, re-exported with the others
    DOCUMENT_CONTENTS,
    Chunking,
    DocumentSource,
    DocumentTable,
    OpcUaNodes,
    OpcUaSecurity,
    OpcUaSource,
    OpcUaTable,
    seconds,
)
from schemas.expectations import ExpectationSpec

__all__ = ["DOCUMENT_CONTENTS", "Chunking", "DocumentSource", "DocumentTable", "OpcUaNodes", "OpcUaSecurity",
           "OpcUaSource", "OpcUaTable", "SecretRef", "SourceBase", "SpecModel", "seconds"]

INDUSTRIES = ("machinery", "bio", "electronics", "chemical", "shipbuilding", "automotive", "demo")


class Watermark(SpecModel):
    """Incremental extraction: only rows at or past the last committed watermark are read."""

    column: str = Field(description="Column whose value only grows: an update timestamp or an increasing id.")
    kind: Literal["timestamp", "integer"] = Field(
        "timestamp", description="`timestamp` for a time column, `integer` for an increasing id."
    )
    lag: str | int = Field(
        0,
        description=(
            "How late a row may commit behind the newest one and still be picked up: a duration such as "
            "`10m`, `2h`, `1d` for timestamps, a count of ids for integers. Rows inside the lag window are "
            "re-read each run and de-duplicated, never skipped."
        ),
    )

    @field_validator("lag")
    @classmethod
    def _lag_form(cls, value: str | int) -> str | int:
        if isinstance(value, str) and not re.fullmatch(r"\d+(s|m|h|d)", value):
            raise ValueError("lag must be a whole number with a unit s, m, h or d, e.g. `10m`")
        if isinstance(value, int) and value < 0:
            raise ValueError("lag must not be negative")
        return value


class SqlTable(SpecModel):
    """One table or query of a SQL source."""

    name: str = Field(pattern=_SLUG, description="Name of this table within the source; mappings refer to `source.name`.")
    table: str | None = Field(None, description="Table (or view) name as the database spells it.")
    db_schema: str | None = Field(None, alias="schema", description="Database schema of `table`, if not the default.")
    query: str | None = Field(
        None,
        description="A read-only SELECT to use instead of `table`; the watermark filter is applied around it.",
    )
    columns: list[str] | None = Field(None, description="Columns to read; all columns when omitted.")
    key: list[str] = Field(
        default_factory=list,
        description="Columns that identify a row; used to order rows and to de-duplicate the lag window.",
    )
    watermark: Watermark | None = Field(None, description="Incremental extraction; full extraction when omitted.")
    batch_rows: int = Field(50_000, ge=100, le=5_000_000, description="Rows per Arrow batch (bounds memory).")

    @model_validator(mode="after")
    def _table_or_query(self) -> SqlTable:
        if (self.table is None) == (self.query is None):
            raise ValueError("give exactly one of `table` or `query`")
        if self.query is not None and not re.match(r"^\s*(select|with)\b", self.query, re.IGNORECASE):
            raise ValueError("`query` must be a SELECT (or WITH … SELECT) statement")
        return self


class SqlSource(SourceBase):
    """A plant database reached through SQLAlchemy (MES, ERP, QA, PDM, …)."""

    kind: Literal["sql"] = Field(description="`sql` for a database source.")
    url: str | None = Field(
        None,
        description="SQLAlchemy URL without a password, e.g. `postgresql+psycopg://reader@plantdb/mes`.",
    )
    password: SecretRef | None = Field(None, description="Where the password for `url` is kept.")
    connection: SecretRef | None = Field(
        None, description="Where the whole SQLAlchemy URL is kept, instead of `url` and `password`."
    )
    fast_path: bool = Field(
        True, description="Use the Arrow-native reader (ADBC) for PostgreSQL when it is installed."
    )
    tables: list[SqlTable] = Field(min_length=1, description="Tables or queries to extract.")

    @model_validator(mode="after")
    def _url_or_connection(self) -> SqlSource:
        if (self.url is None) == (self.connection is None):
            raise ValueError("give exactly one of `url` or `connection`")
        if self.url is not None and _has_inline_password(self.url):
            raise ValueError("`url` holds a password inline; keep it in `password: {env: NAME}` instead")
        return self


def _has_inline_password(url: str) -> bool:
    """Whether a SQLAlchemy URL carries a password, in the authority or as a query parameter."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return bool(re.match(r"^[^:/]+://[^@]*:[^@]*@", url))
    return parsed.password is not None or any(k.lower() in ("password", "passwd") for k in parsed.query)


NULL_TOKENS = ("NULL", "null", "N/A", "n/a", "#N/A", "-")


class FileTable(SpecModel):
    """One kind of export file in a folder: every file matching `pattern` is one batch of rows."""

    name: str = Field(pattern=_SLUG, description="Name of this table within the source; mappings refer to `source.name`.")
    pattern: str = Field(description="Glob of the files, relative to the source folder, e.g. `inspection_*.csv`.")
    format: Literal["auto", "csv", "excel"] = Field("auto", description="File format; `auto` goes by extension.")
    encoding: Literal["auto", "utf-8", "utf-8-sig", "cp949", "euc-kr"] = Field(
        "auto", description="Text encoding of CSV files; `auto` detects UTF-8 (with or without BOM), CP949 and EUC-KR."
    )
    delimiter: str = Field(",", min_length=1, max_length=1, description="CSV field delimiter.")
    sheet: str | int = Field(0, description="Excel sheet name or index.")
    skip_rows: int = Field(0, ge=0, description="Lines above the header row to skip.")
    max_unpacked_mb: int = Field(512, ge=1, le=65_536, description="Largest size an Excel or ODS workbook may unpack "
                                 "to; a larger one (a zip bomb, or an export too big for a spreadsheet) is refused "
                                 "unopened.")
    max_cells: int = Field(20_000_000, ge=1, le=2_000_000_000, description="Most cells (rows × columns) one sheet "
                           "may hold; a larger sheet is refused before it is read into memory. Export it as CSV "
                           "(read in blocks, with no limit) instead.")
    null_tokens: list[str] | None = Field(None, description="Cell texts meaning 'no value' in this table; the "
                                          "source's `null_tokens` when omitted.")


class FileSource(SourceBase):
    """A folder of CSV/Excel exports; new files are picked up incrementally."""

    kind: Literal["files"] = Field(description="`files` for a folder of CSV/Excel exports.")
    appends = True
    path: str = Field(description="Folder holding the exports.")
    null_tokens: list[str] = Field(
        default_factory=lambda: list(NULL_TOKENS),
        description="Cell texts meaning 'no value' (compared after trimming spaces); each becomes NULL and is "
        "counted per column in the run report. Empty cells are always NULL. Any other text in a number or time "
        "column is refused by the normalize stage."
    )
    tables: list[FileTable] = Field(min_length=1, description="Kinds of export file in the folder.")


BUILT_IN_KINDS: tuple[type[SourceBase], ...] = (SqlSource, FileSource, OpcUaSource, DocumentSource)
Source = Annotated[Union[BUILT_IN_KINDS], Field(discriminator="kind")]


class ColumnMap(SpecModel):
    """How one canonical column is filled from the source row."""

    source: str | None = Field(None, description="Source column name (Korean names are fine).")
    value: str | int | float | bool | None = Field(None, description="A constant, instead of `source`.")
    unit: str | None = Field(
        None, description="Unit of the source values (pint notation: `mm`, `degF`, `kgf/cm**2`); converted to the canonical unit."
    )
    codes: dict[str, str | None] | None = Field(
        None, description="Map of source code values to canonical values, e.g. `{'10': released}`."
    )
    unmapped: Literal["error", "null", "keep"] = Field(
        "error", description="What to do with a code not in `codes`: fail, write null, or keep it as is."
    )
    format: str | None = Field(
        None, description="strptime format of a text date/time, e.g. `%Y%m%d%H%M%S`; ISO 8601 when omitted."
    )
    excel_serial: bool = Field(False, description="Values are Excel serial day numbers (1900 date system).")
    decimal_mark: Literal[".", ","] | None = Field(
        None, description="Decimal mark of text numbers in this column; the spec's `decimal_mark` when omitted."
    )
    timezone: str | None = Field(
        None, description="Time zone of naive source times; the spec's `timezone` when omitted. Stored as UTC."
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        return value if value is None else _timezone(value)

    @model_validator(mode="after")
    def _source_or_value(self) -> ColumnMap:
        if self.source is None and self.value is None:
            raise ValueError("give `source` (a source column) or `value` (a constant)")
        return self


class TableMapping(SpecModel):
    """Fills one canonical table from one source table."""

    target: str = Field(description="Canonical table name from schemas/canonical.yaml, e.g. `work_order`.")
    source: str = Field(description="`source.table` to read, e.g. `mes.work_orders`.")
    columns: dict[str, Union[str, ColumnMap]] = Field(
        description="Canonical column → source column name, or a full mapping."
    )
    deduplicate: bool = Field(True, description="Keep one row per canonical key (the newest) across runs.")


POLICY_ACTIONS = ("keep", "drop", "pseudonym", "shift", "redact", "generalize", "protect", "rare")
_SHORT_POLICIES = {"week": ("generalize", "to"), "month": ("generalize", "to"), "year": ("generalize", "to"),
                   "country": ("generalize", "to"), "standardize": ("protect", "method")}


class ColumnPolicy(SpecModel):
    """What the anonymization stage does to one canonical column before anything is published.

    Short forms: `keep`, `drop`, `pseudonym`, `shift`, `redact`, `week`, `month`, `year`,
    `country`, `standardize`, `{band: 100}`, `{rare: 5}`.
    """

    action: Literal[POLICY_ACTIONS] = Field(  # type: ignore[valid-type]
        description="`keep` as is; `drop` (published as null); `pseudonym` (keyed HMAC token, joins survive); "
        "`shift` (dates moved by the company's one secret offset); `redact` (free text through the text "
        "redactor); `generalize` (dates to week/month/year, regions to country, numbers to bands); `protect` "
        "(recipe and setpoint values standardized with parameters that are never published); `rare` "
        "(categories seen fewer than `min_count` times become `<OTHER>`)."
    )
    to: Literal["week", "month", "year", "country"] | None = Field(
        None, description="For `generalize`: the coarser date or region to publish."
    )
    band: float | None = Field(None, gt=0, description="For `generalize`: width of the number bands (value → band start).")
    method: Literal["standardize"] = Field("standardize", description="For `protect`: how values are hidden.")
    min_count: int = Field(5, ge=2, description="For `rare`: categories with fewer rows are suppressed.")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value in _SHORT_POLICIES:
                action, field = _SHORT_POLICIES[value]
                return {"action": action, field: value}
            return {"action": value}
        if isinstance(value, dict) and len(value) == 1 and "band" in value:
            return {"action": "generalize", "band": value["band"]}
        if isinstance(value, dict) and len(value) == 1 and "rare" in value:
            return {"action": "rare", "min_count": value["rare"]}
        return value

    @model_serializer(mode="wrap")
    def _dump_short(self, handler: Any) -> Any:
        """Dump back in the short form the spec was written in, when there is one."""
        if self.action == "generalize":
            return self.to if self.to else {"band": self.band}
        if self.action == "rare":
            return {"rare": self.min_count}
        if self.action == "protect":
            return self.method
        return self.action

    @model_validator(mode="after")
    def _complete(self) -> ColumnPolicy:
        if self.action == "generalize" and (self.to is None) == (self.band is None):
            raise ValueError("`generalize` needs exactly one of `to` (week, month, year, country) or `band`")
        return self


class Anonymization(SpecModel):
    """How the dataset is anonymized: every published column has a policy; nothing passes by default."""

    key: SecretRef = Field(
        description="Where the company's pseudonym key is kept (at least 16 bytes; env var or Airflow connection "
        "password). Never stored with the dataset; without it the build refuses to run."
    )
    lexicon: list[str] = Field(
        default_factory=list,
        description="Files of the company's secret terms (own, supplier and customer names, product and project "
        "code names, plant names, `re:` part-number patterns): UTF-8, one term per line, optionally "
        "`CATEGORY<TAB>term`. Relative to the spec file.",
    )
    staff: list[str] = Field(
        default_factory=list, description="Files of staff names (one per line), found in text as PERSON."
    )
    allow: list[str] = Field(
        default_factory=list,
        description="Categories the identity scan lets through in columns published as they are (`keep`), e.g. "
        "`ADDRESS` for a table of public test sites; by default an organisation, phone, address, mail or web "
        "address, person or vehicle number found in a kept column blocks publishing.",
    )
    images_with_text: Literal["publish_clean", "withhold"] = Field(
        "publish_clean",
        description="Image assets whose OCR text shows something: `publish_clean` publishes the picture only when the "
        "redactor replaced nothing in its text; `withhold` never publishes a picture with text (OCR misses lines: "
        "a logo, an address), only its redacted text.",
    )
    public: list[str] = Field(
        default_factory=list,
        description="Public bodies, reference databases and their web hosts or phone lines that stay in text, beside "
        "the built-in ones (ECHA, KOSHA, OSHA, PubChem, CHEMTREC …), e.g. `ktr.re.kr`, `KTR`.",
    )
    k: int = Field(1, ge=1, le=1000, description="Minimum k-anonymity over each table's quasi-identifiers.")
    quasi_identifiers: dict[str, list[str]] = Field(
        default_factory=dict, description="Per canonical table, the columns that together could single out a row."
    )
    max_shift_days: int = Field(
        180, ge=1, le=3650, description="Largest date shift (either way) the key can choose for `shift` columns."
    )
    columns: dict[str, dict[str, ColumnPolicy]] = Field(
        description="Per canonical table, per column: its policy. A published column without one is an error."
    )


class InstructionTemplate(SpecModel):
    """Instruction-tuning examples made from the rows of one published table: `{column}` fills in values."""

    name: str = Field(pattern=_SLUG, description="Name of the template; each example records it.")
    table: str = Field(description="Canonical table the examples are made from (its anonymized rows).")
    instruction: str = Field(description="The task, e.g. `다음 고장 기록으로 고장 보고서를 작성하세요.`")
    input: str = Field("", description="The context given with the task, e.g. `설비 {equipment_id}, {occurred_at}`.")
    output: str = Field(description="The expected answer, e.g. `원인: {cause}\\n조치: {action}`.")
    require: list[str] = Field(
        default_factory=list, description="Columns that must not be null for a row to become an example."
    )


class SensorWindows(SpecModel):
    """Fixed-length windows of the wide sensor table, labelled from failure records, for anomaly detection."""

    window: str = Field(pattern=_DURATION, description="Length of a window, a multiple of `interval`, e.g. `2h`.")
    step: str = Field(pattern=_DURATION, description="Distance between window starts, e.g. `30m`.")
    horizon: str = Field(
        pattern=_DURATION, description="A window is labelled 1 (pre-failure) when a failure of its machine occurs "
        "within this time after its end."
    )
    failures: str = Field("failure_event", description="Canonical table of failures (equipment_id, occurred_at, …).")
    maintenance: str | None = Field(
        "maintenance_event", description="Canonical table of maintenance work; windows overlapping it are flagged. "
        "Ignored when the spec does not build it."
    )
    max_missing: float = Field(0.5, ge=0, le=1, description="Windows with a larger share of missing values are dropped.")


class SensorOutputs(SpecModel):
    """The long sensor table resampled to a fixed interval per machine, and optionally labelled windows of it."""

    table: str = Field("sensor_reading", description="Canonical long sensor table to resample.")
    interval: str = Field(pattern=_DURATION, description="Bin width: bins are aligned to multiples of it since "
                          "1970-01-01 UTC, e.g. `1m`.")
    ffill_limit: int = Field(0, ge=0, le=10_000, description="Empty bins filled forward from the last value, at most.")
    signals: list[str] | None = Field(None, description="Signals to keep (the `signal` column); all when omitted.")
    good_only: bool = Field(True, description="Use only Good values; with false, Uncertain ones too (never Bad).")
    windows: SensorWindows | None = Field(None, description="Labelled windows for anomaly detection.")


class RetrievalCorpus(SpecModel):
    """Document chunks with their metadata as one JSONL file, for retrieval-augmented generation."""

    chunks: str = Field("document_chunk", description="Canonical table of chunks (text, section path, pages).")
    documents: str | None = Field("document", description="Canonical table of documents whose title, kind and "
                                  "language each passage carries; none when omitted or not built.")


class TrainingOutputs(SpecModel):
    """Training-ready files built into each version from its anonymized tables."""

    instructions: list[InstructionTemplate] = Field(
        default_factory=list, description="Templates of instruction-tuning JSONL (`training/instructions.jsonl`)."
    )
    retrieval: RetrievalCorpus | None = Field(
        None, description="A retrieval corpus from document chunks (`training/retrieval.jsonl`)."
    )
    sensors: SensorOutputs | None = Field(
        None, description="A wide sensor table (`training/sensor_wide.parquet`) and labelled windows "
        "(`training/sensor_windows.parquet`)."
    )


class DatasetSpec(SpecModel):
    """A dataset build: where the data comes from and how it maps onto canonical tables."""

    dataset: str = Field(pattern=_SLUG, description="Dataset name; published as `<out>/<dataset>/<version>/`.")
    industry: Literal[INDUSTRIES] = Field(description="Programme industry this dataset serves.")  # type: ignore[valid-type]
    title: str = Field(description="One-line title for the dataset card.")
    description: str = Field("", description="What the dataset holds and what it is for.")
    owner: str = Field(description="Team or person responsible for the build.")
    license: str = Field("other", description="License of the published dataset (a Hugging Face license id, "
                         "e.g. `cc-by-nc-4.0`); `other` when the consortium agreement governs use.")
    language: list[str] = Field(default_factory=lambda: ["ko", "en"],
                                description="Languages of the text in the dataset (ISO 639-1).")
    task_categories: list[str] = Field(
        default_factory=list, description="Hugging Face task categories the dataset serves, e.g. `time-series-forecasting`."
    )
    timezone: str = Field("Asia/Seoul", description="Plant local time zone of naive source times.")
    decimal_mark: Literal[".", ","] = Field(
        ".", description="Decimal mark of text numbers (`.` in Korea; `,` for exports of machines set to a "
        "European locale); the other mark may only group thousands, and a value that uses it otherwise (`1,95` "
        "with `.`) is refused, never misread. A column may set its own."
    )
    schedule: str | None = Field(
        None, description="Airflow schedule of the dataset's DAG: a cron expression or preset such as `@daily`; "
        "manual runs only when omitted."
    )
    retries: int = Field(2, ge=0, le=10, description="How often Airflow retries a failed step before the run fails.")
    retry_delay_seconds: int = Field(60, ge=1, le=3600, description="Seconds between Airflow retries of a step.")
    partition: Literal["day", "month", "none"] = Field(
        "day", description="Hive partitioning of tables that have a time column."
    )
    sources: list[Source] = Field(min_length=1, description="Plant systems to extract from.")
    tables: list[TableMapping] = Field(min_length=1, description="Canonical tables to build and how.")
    anonymize: Anonymization = Field(description="Anonymization policies; every published column needs one.")
    training: TrainingOutputs = Field(default_factory=TrainingOutputs, description="Training-ready outputs to build.")
    expectations: dict[str, list[ExpectationSpec]] = Field(
        default_factory=dict,
        description="Per canonical table, Great Expectations checks added to the ones its schema implies; a "
        "failing `critical` one blocks publishing.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        return _timezone(value)

    @field_validator("schedule")
    @classmethod
    def _valid_schedule(cls, value: str | None) -> str | None:
        if value is None:
            return value
        from croniter import croniter

        if not croniter.is_valid(value):
            raise ValueError("not a cron expression or preset; write e.g. '0 6 * * *' or '@daily'")
        return value

    def source(self, name: str) -> SourceBase:
        return next(s for s in self.sources if s.name == name)


def spec_model(kinds: tuple[type[SourceBase], ...] = BUILT_IN_KINDS) -> type[DatasetSpec]:
    """The spec model whose `sources` are of these kinds (``connectors.registry.spec_models()``): ``DatasetSpec``
    itself for the built-in ones, a subclass of it when the registry adds a kind."""
    return DatasetSpec if tuple(kinds) == BUILT_IN_KINDS else _with_kinds(tuple(kinds))


@functools.cache
def _with_kinds(kinds: tuple[type[SourceBase], ...]) -> type[DatasetSpec]:
    sources = Annotated[Union[kinds], Field(discriminator="kind")]
    return create_model("DatasetSpec", __base__=DatasetSpec, __module__=__name__,
                        sources=(list[sources], Field(min_length=1, description="Plant systems to extract from.")))


def kinds_of(model: type[DatasetSpec]) -> dict[str, type[SourceBase]]:
    """Each source kind a spec model takes, by its `kind` value."""
    entry = typing.get_args(model.model_fields["sources"].annotation)[0]
    return {typing.get_args(m.model_fields["kind"].annotation)[0]: m for m in typing.get_args(typing.get_args(entry)[0])}


def _timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone; use an IANA name such as 'Asia/Seoul' or 'UTC'") from None
    return name


def label(source: str, table: str) -> str:
    """A source table's name across the spec, the state and the reports: `source.table`."""
    return f"{source}.{table}"


def split_label(text: str) -> tuple[str, str]:
    """`source.table` as (source, table)."""
    source, _, table = text.partition(".")
    return source, table


def column_map(entry: str | ColumnMap) -> ColumnMap:
    """The full form of a column mapping (a bare string means `source: <string>`)."""
    return ColumnMap(source=entry) if isinstance(entry, str) else entry


def dump(spec: DatasetSpec) -> dict[str, Any]:
    """The spec as plain data, exactly as it would be written in YAML."""
    return spec.model_dump(mode="json", by_alias=True, exclude_unset=True)


def json_schema(kinds: tuple[type[SourceBase], ...] = BUILT_IN_KINDS) -> dict[str, Any]:
    """JSON Schema of the spec with sources of these kinds, for editor completion."""
    schema = spec_model(kinds).model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "plantset dataset spec"
    return schema
