"""What runs on whole tables just before publishing: rare categories, k-anonymity, the leakage scan.

The leakage scan reads every file about to be published (Parquet cells, the card, the
manifest, the reports, the file names) for the company's lexicon, its staff, and the raw
values of pseudonymized, dropped and redacted columns. The identity scan runs the audit's
detectors (organisations, phones, addresses, mail and web addresses, people …) over every text
column published as it is (``keep``): what they find is what the lexicon did not know. Any hit
blocks publishing unless the spec allows its category; the finding names the file, table,
column and row, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ahocorasick_rs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from anonymize.audit import CATEGORIES
from anonymize.text import Redactor

if TYPE_CHECKING:
    from plantset.core.spec import ColumnPolicy

OTHER = "<OTHER>"
_TOKENS = re.compile(r"<[A-Z][A-Z0-9_]*_[0-9A-F]+>|\b[0-9a-f]{16}\b")


def suppress_rare(data: pa.Table, policies: dict[str, ColumnPolicy]) -> tuple[pa.Table, dict[str, int]]:
    """Replace categories with fewer than ``min_count`` rows by ``<OTHER>``; rows changed per column."""
    changed = {}
    for column, policy in policies.items():
        if policy.action != "rare":
            continue
        values = data.column(column)
        counts = pc.value_counts(values).flatten()
        rare = pc.filter(counts[0], pc.less(counts[1], policy.min_count))
        hit = pc.fill_null(pc.is_in(values, value_set=rare, skip_nulls=True), False)
        changed[column] = pc.sum(hit).as_py() or 0
        replaced = pc.if_else(hit, pa.scalar(OTHER, values.type), values)
        data = data.set_column(data.schema.get_field_index(column), data.schema.field(column), replaced)
    return data, changed


def k_anonymize(data: pa.Table, columns: list[str], k: int) -> tuple[pa.Table, dict[str, int]]:
    """Suppress the quasi-identifiers of rows in groups smaller than ``k``.

    When the suppressed rows are themselves fewer than ``k``, rows from the largest group
    that can spare them are suppressed too; only if none can are the suppressed rows dropped.
    """
    if not columns or data.num_rows == 0:
        return data, {"required": k, "achieved": data.num_rows if columns else 0, "suppressed": 0, "dropped": 0}
    small = _in_small_group(data, columns, k)
    count = pc.sum(small).as_py() or 0
    if 0 < count < k:
        small = _borrow(data, columns, small, k - count, k)
    suppressed = pc.sum(small).as_py() or 0
    data = _suppress(data, columns, small)
    still = _in_small_group(data, columns, k)
    dropped = pc.sum(still).as_py() or 0
    data = data.filter(pc.invert(still))
    sizes = _group_sizes(data, columns)
    achieved = int(sizes.min()) if len(sizes) else 0
    return data, {"required": k, "achieved": achieved, "suppressed": suppressed, "dropped": dropped}


def _suppress(data: pa.Table, columns: list[str], rows) -> pa.Table:
    for column in columns:
        index = data.schema.get_field_index(column)
        values = pc.if_else(rows, pa.nulls(data.num_rows, data.schema.field(index).type), data.column(index))
        data = data.set_column(index, data.schema.field(index), values)
    return data


def _borrow(data: pa.Table, columns: list[str], small, need: int, k: int):
    """Also mark the last ``need`` rows of the largest group that keeps at least ``k`` rows without them."""
    rows = pa.array(range(data.num_rows), pa.int64())
    keyed = data.select(columns).append_column("row", rows).filter(pc.invert(small))
    groups = keyed.group_by(columns, use_threads=False).aggregate([("row", "list"), ([], "count_all")])
    groups = groups.sort_by([("count_all", "descending"), *((c, "ascending") for c in columns)])
    if not groups.num_rows or groups["count_all"][0].as_py() - need < k:
        return small
    taken = sorted(groups["row_list"][0].as_py())[-need:]
    return pc.or_(small, pc.is_in(rows, value_set=pa.array(taken, pa.int64())))


def _group_sizes(data: pa.Table, columns: list[str]) -> Any:
    """For each row, how many rows share its quasi-identifier values (nulls count as one value)."""
    key = pa.array(np.zeros(data.num_rows, dtype=np.int64))
    for column in columns:
        encoded = data.column(column).combine_chunks().dictionary_encode()
        codes = pc.add(pc.fill_null(pc.cast(encoded.indices, pa.int64()), -1), 1)
        key = pc.add(pc.multiply(key, len(encoded.dictionary) + 1), codes)
    groups = key.dictionary_encode().indices.to_numpy(zero_copy_only=False)
    return np.bincount(groups)[groups] if len(groups) else groups


def _in_small_group(data: pa.Table, columns: list[str], k: int) -> Any:
    return pa.array(_group_sizes(data, columns) < k)


@dataclass
class Needles:
    """What must not appear in a published file."""

    terms: set[str] = field(default_factory=set)  # substrings, anywhere
    values: dict[str, set[Any]] = field(default_factory=dict)  # "table.column" → raw values (whole cells, anywhere)

    def add_values(self, where: str, values: Iterable[Any]) -> None:
        self.values.setdefault(where, set()).update(v for v in values if v is not None)


@dataclass
class Finding:
    file: str
    table: str | None = None
    column: str | None = None
    row: int | None = None
    what: str = ""

    def line(self) -> str:
        place = f"{self.table}.{self.column} row {self.row}" if self.table else "text"
        return f"{self.file}: {place}: {self.what}"


class LeakageScan:
    """Searches published files for needles: Aho-Corasick over text, set membership over cells."""

    def __init__(self, needles: Needles) -> None:
        substrings = sorted({t for t in needles.terms if len(t) >= 2}
                            | {str(v) for vs in needles.values.values() for v in vs if _distinctive(v)})
        self._automaton = ahocorasick_rs.AhoCorasick(substrings) if substrings else None
        self._cells = needles.values
        self._value_sets: dict[tuple[str, bool, str], Any] = {}
        self.files = self.cells = 0

    def _value_set(self, source: str, same_column: bool, arrow_type) -> Any:
        """The raw values of ``source`` to look for in a column of ``arrow_type`` (in another column only the
        distinctive ones), as an Arrow array built once per scan; None when there is nothing to look for."""
        key = (source, same_column, str(arrow_type))
        if key not in self._value_sets:
            values = self._cells[source]
            if not same_column:  # elsewhere only values distinctive enough to be no coincidence
                values = {v for v in values if _distinctive(v)}
            self._value_sets[key] = _as_value_set(values, arrow_type)
        return self._value_sets[key]

    def _text_hit(self, text: str) -> bool:
        return self._automaton is not None and bool(self._automaton.find_matches_as_indexes(_TOKENS.sub(" ", text)))

    def scan_folder(self, folder: Path) -> list[Finding]:
        findings: list[Finding] = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = str(path.relative_to(folder))
            self.files += 1
            if self._text_hit(relative):
                findings.append(Finding(relative, what="a secret term in the file name"))
            if path.suffix == ".parquet":
                findings += self.scan_parquet(path, relative)
            elif path.suffix in (".json", ".md", ".jsonl", ".txt", ".html", ".yaml"):
                if self._text_hit(path.read_text(encoding="utf-8", errors="replace")):
                    findings.append(Finding(relative, what="a secret term in the text"))
        return findings

    def scan_parquet(self, path: Path, relative: str) -> list[Finding]:
        table_name = relative.split("/", 1)[0]
        data = pq.read_table(path)
        self.cells += data.num_rows * data.num_columns
        findings = []
        for name in data.column_names:
            row = self._first_hit(f"{table_name}.{name}", data.column(name))
            if row is not None:
                findings.append(Finding(relative, table_name, name, row, "a raw or secret value in a cell"))
        return findings

    def _first_hit(self, where: str, column) -> int | None:
        text = pa.types.is_string(column.type)
        for source in self._cells:
            value_set = self._value_set(source, source == where, column.type)
            if value_set is None:
                continue
            hits = pc.is_in(column, value_set=value_set)
            if pc.any(hits).as_py():
                return pc.index(hits, True).as_py()
        if text:
            encoded = column.combine_chunks().dictionary_encode()
            for position, value in enumerate(encoded.dictionary.to_pylist()):
                if value and self._text_hit(value):
                    return pc.index(encoded.indices, position).as_py()
        return None


def _as_value_set(values: set[Any], arrow_type) -> Any:
    if not values or isinstance(next(iter(values)), str) != pa.types.is_string(arrow_type):
        return None
    try:
        return pa.array(sorted(values), arrow_type)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None


def distinctive_text(values: Iterable[Any]) -> set[str]:
    """The values, as text, that are distinctive enough to be searched for anywhere (numbers by their digits)."""
    texts = (v if isinstance(v, str) else str(v) for v in values if isinstance(v, (str, int)) and not isinstance(v, bool))
    return {t for t in texts if _distinctive(t)}


def _distinctive(value: Any) -> bool:
    """Raw values searched inside text too, not only as whole cells: long enough not to occur by chance."""
    if not isinstance(value, str):
        return False
    return len(value) >= 8 if value.isdigit() else len(value) >= 4


IDENTITY_BATCH = 5000


def identity_findings(folder: Path, kept: dict[str, set[str]], allow: Iterable[str] = (),
                      public: Iterable[str] = ()) -> list[Finding]:
    """The audit's detectors over the ``kept`` text columns (table → columns) of the Parquet files in ``folder``:
    one finding per column that holds something identifying of a category the spec does not ``allow``."""
    allowed = set(allow)
    redactor = Redactor(public=tuple(public))
    findings = []
    for path in sorted(folder.rglob("*.parquet")):
        relative = str(path.relative_to(folder))
        table = relative.split("/", 1)[0]
        columns = sorted(kept.get(table, set()))
        if not columns:
            continue
        data = pq.read_table(path, columns=[c for c in columns if c in pq.read_schema(path).names])
        for column in data.column_names:
            if not pa.types.is_string(data.schema.field(column).type):
                continue
            encoded = data.column(column).combine_chunks().dictionary_encode()
            values = encoded.dictionary.to_pylist()
            found = None
            for start in range(0, len(values), IDENTITY_BATCH):
                batch = [v or "" for v in values[start:start + IDENTITY_BATCH]]
                for offset, spans in enumerate(redactor.spans_many(batch)):
                    categories = sorted({CATEGORIES.get(s.entity, s.entity) for s in spans} - allowed)
                    if categories:
                        found = (start + offset, categories[0])
                        break
                if found:
                    break
            if found:
                row = pc.index(encoded.indices, found[0]).as_py()
                findings.append(Finding(relative, table, column, row, f"looks like {found[1]} in a kept column"))
    return findings
