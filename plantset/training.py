"""Training-ready outputs built from a version's anonymized tables: instruction-tuning JSONL.

Each example carries where it came from (template, table, key values of its row), so it can
be traced back to its source rows; the rows are the published, anonymized ones.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plantset.spec import DatasetSpec, InstructionTemplate

INSTRUCTIONS = "training/instructions.jsonl"


def template_fields(template: InstructionTemplate) -> set[str]:
    """The columns a template names in its `{…}` fields and its `require` list."""
    names = {field for text in (template.instruction, template.input, template.output)
             for _, field, _, _ in string.Formatter().parse(text) if field}
    return names | set(template.require)


def check_templates(spec: DatasetSpec) -> list[str]:
    """Problems with `training.instructions`: unknown tables or columns, at check time rather than mid-run."""
    from schemas.catalog import catalog

    built = {m.target: m for m in spec.tables}
    problems = []
    for index, template in enumerate(spec.training.instructions):
        where = f"training.instructions[{index}]"
        if template.table not in built:
            problems.append(f"{where}.table: {template.table!r}: not a table this spec builds; valid: {sorted(built)}")
            continue
        columns = set(catalog().tables[template.table].field_names)
        unknown = sorted(template_fields(template) - columns)
        if unknown:
            problems.append(f"{where}: {', '.join(unknown)} not columns of {template.table}; valid: {sorted(columns)}")
    return problems


def _text(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_instructions(spec: DatasetSpec, folder: Path, tables: dict[str, list[Path]]) -> int:
    """``folder/training/instructions.jsonl`` from every template, in table key order; the count written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from schemas.catalog import catalog

    if not spec.training.instructions:
        return 0
    path = folder / INSTRUCTIONS
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for template in spec.training.instructions:
            key = catalog().tables[template.table].key
            files = tables.get(template.table, [])
            rows = pa.concat_tables([pq.read_table(f) for f in files]).to_pylist() if files else []
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
