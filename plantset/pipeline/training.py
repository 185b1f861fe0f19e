"""Training-ready outputs built from a version's anonymized tables: instruction-tuning JSONL,
a wide sensor table and labelled sensor windows.

Each instruction example carries where it came from (template, table, key values of its
row), so it can be traced back to its source rows; each window its machine and time span.
The rows are the published, anonymized ones.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.catalog import catalog
from transforms.sensors import wide
from transforms.windows import windows

if TYPE_CHECKING:
    from plantset.core.spec import DatasetSpec, InstructionTemplate

INSTRUCTIONS = "training/instructions.jsonl"
RETRIEVAL = "training/retrieval.jsonl"
SENSOR_WIDE = "training/sensor_wide.parquet"
SENSOR_WINDOWS = "training/sensor_windows.parquet"


def template_fields(template: InstructionTemplate) -> set[str]:
    """The columns a template names in its `{…}` fields and its `require` list."""
    names = {field for text in (template.instruction, template.input, template.output)
             for _, field, _, _ in string.Formatter().parse(text) if field}
    return names | set(template.require)


def check_templates(spec: DatasetSpec) -> list[str]:
    """Problems with `training.instructions`: unknown tables or columns, at check time rather than mid-run."""
    built = {m.target: m for m in spec.tables}
    problems = []
    for index, template in enumerate(spec.training.instructions):
        where = f"training.instructions[{index}]"
        if template.table not in built:
            problems.append(_not_built(f"{where}.table", template.table, built))
            continue
        columns = set(catalog().tables[template.table].field_names)
        unknown = sorted(template_fields(template) - columns)
        if unknown:
            problems.append(f"{where}: {', '.join(unknown)} not columns of {template.table}; valid: {sorted(columns)}")
    return problems + _check_outputs(spec, built)


def write_retrieval(spec: DatasetSpec, folder: Path, tables: dict[str, list[Path]]) -> dict[str, Any]:
    """``training/retrieval.jsonl``: one passage per chunk, in document and chunk order, with where it comes from."""
    corpus = spec.training.retrieval
    if corpus is None or not tables.get(corpus.chunks):
        return {}
    documents = {}
    if corpus.documents and tables.get(corpus.documents):
        documents = {row["doc_id"]: row for row in _read(tables[corpus.documents]).to_pylist()}
    chunks = sorted(_read(tables[corpus.chunks]).to_pylist(), key=lambda r: (r["doc_id"], r["seq"]))
    path = folder / RETRIEVAL
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in chunks:
            document = documents.get(row["doc_id"], {})
            passage = {"id": row["chunk_id"], "text": row["text"], "title": document.get("title"),
                       "section_path": row["section_path"], "page_start": row["page_start"],
                       "page_end": row["page_end"], "doc_id": row["doc_id"], "kind": document.get("kind"),
                       "language": document.get("language"), "has_table": row.get("has_table")}
            out.write(json.dumps(passage, ensure_ascii=False, sort_keys=True) + "\n")
    return {"retrieval": {"path": RETRIEVAL, "rows": len(chunks)}}


def _check_outputs(spec: DatasetSpec, built: dict) -> list[str]:
    """The tables the retrieval corpus and the sensor outputs read must be tables the spec builds."""
    named = []
    if spec.training.retrieval is not None:
        named.append(("training.retrieval.chunks", spec.training.retrieval.chunks))
    sensors = spec.training.sensors
    if sensors is not None:
        named.append(("training.sensors.table", sensors.table))
        if sensors.windows is not None:
            named.append(("training.sensors.windows.failures", sensors.windows.failures))
    return [_not_built(where, name, built) for where, name in named if name not in built]


def _not_built(where: str, name: str, built: dict) -> str:
    return f"{where}: {name!r}: not a table this spec builds; valid: {sorted(built)}"


def write_sensor_outputs(spec: DatasetSpec, folder: Path, tables: dict[str, list[Path]]) -> dict[str, Any]:
    """``training/sensor_wide.parquet`` and, if asked, ``training/sensor_windows.parquet``; what was written."""
    sensors = spec.training.sensors
    if sensors is None or not tables.get(sensors.table):
        return {}
    readings = _read(tables[sensors.table])
    table = wide(readings, sensors.interval, ffill_limit=sensors.ffill_limit, signals=sensors.signals,
                 good_only=sensors.good_only)
    written: dict[str, Any] = {"sensor_wide": {"path": SENSOR_WIDE, "rows": table.num_rows,
                                               "interval": sensors.interval}}
    (folder / SENSOR_WIDE).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / SENSOR_WIDE, compression="zstd")
    spec_windows = sensors.windows
    if spec_windows is not None and tables.get(spec_windows.failures):
        maintenance = _read(tables[spec_windows.maintenance]) if tables.get(spec_windows.maintenance or "") else None
        labelled = windows(table, _read(tables[spec_windows.failures]), window=spec_windows.window,
                           step=spec_windows.step, horizon=spec_windows.horizon, maintenance=maintenance,
                           max_missing=spec_windows.max_missing)
        pq.write_table(labelled, folder / SENSOR_WINDOWS, compression="zstd")
        labels = labelled.column("label").to_pylist()
        written["sensor_windows"] = {"path": SENSOR_WINDOWS, "rows": labelled.num_rows, "pre_failure": sum(labels),
                                     "window": spec_windows.window, "horizon": spec_windows.horizon}
    return written


def _read(files: list[Path]):
    return pa.concat_tables([pq.read_table(f) for f in files])


def _text(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_instructions(spec: DatasetSpec, folder: Path, tables: dict[str, list[Path]]) -> int:
    """``folder/training/instructions.jsonl`` from every template, in table key order; the count written."""
    if not spec.training.instructions:
        return 0
    path = folder / INSTRUCTIONS
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for template in spec.training.instructions:
            key = catalog().tables[template.table].key
            files = tables.get(template.table, [])
            rows = _read(files).to_pylist() if files else []
            for row in sorted(rows, key=lambda r: tuple(_text(r[k]) for k in key)):
                if any(row[c] is None for c in template.require):
                    continue
                values = {k: "" if v is None else _text(v) for k, v in row.items()}
                example = {"instruction": template.instruction.format_map(values),
                           "input": template.input.format_map(values), "output": template.output.format_map(values),
                           "source": {"template": template.name, "table": template.table,
                                      "key": {k: values[k] for k in key}}}
                out.write(json.dumps(example, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    return count
