"""CSV and Excel exports as Korean plants write them, picked up incrementally.

Encodings are detected (UTF-8 with or without BOM, UTF-16 with BOM, EUC-KR and CP949);
headers may be Korean. CSV values are kept as text in the raw stage so that thousands
separators, Excel serial dates and vendor date formats are parsed by the normalize stage,
which knows the target type. Each file is processed once; a file whose content changed is
processed again.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv
from python_calamine import CalamineError, CalamineWorkbook

from connectors.base import SourceTable
from connectors.encoding import EncodingProblem, file_encoding
from connectors.folder import list_folder
from connectors.sql import rows_to_batch
from plantset.core.digest import sha256_file
from plantset.core.errors import StageError

if TYPE_CHECKING:
    from connectors.base import Interval, State
    from plantset.core.spec import FileSource, FileTable

_EXCEL = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
BLOCK_BYTES = 8 << 20  # what pyarrow reads and parses at a time: the CSV reader's memory, whatever the file's size
EXCEL_BLOCK_ROWS = 50_000  # sheet rows turned into Python values and one Arrow batch at a time


class FileTableReader(SourceTable):
    """Reads every new file matching a pattern as Arrow batches."""

    def __init__(self, source: FileSource, table: FileTable):
        self.spec = table
        self.folder = Path(source.path)
        self.source = source.name
        self.table = table.name
        self._done: dict[str, str] = {}
        self._nulls = NullTokens(source.null_tokens if table.null_tokens is None else table.null_tokens)
        self.report: dict = {}

    def _fail(self, what: str, hint: str, path: Path | None = None) -> StageError:
        where = f"{path}: {what}" if path else what
        return StageError("extract", where, source=self.source, table=self.table, hint=hint)

    def files(self) -> list[Path]:
        if not self.folder.is_dir():
            raise self._fail(f"folder {self.folder} does not exist", "check `path` in the spec")
        listing = list_folder(self.folder, self.spec.pattern)
        if listing.refused:
            first = listing.refused[0]
            raise self._fail(f"{first.name} is {first.reason}", "nothing was read; remove it from the folder or "
                             "replace the link with the file itself", self.folder)
        return listing.files

    def check(self) -> str:
        files = self.files()
        for path in files:
            if self._format(path) == "csv":
                self._encoding(path)
            else:
                next(self._read_excel(path), None)
        return f"{len(files)} files match {self.spec.pattern!r} in {self.folder}"

    def batches(self, state: State | None, interval: Interval | None = None) -> Iterator[pa.RecordBatch]:
        # Exports are picked up by file, new or changed, whatever the run's data interval.
        seen = dict((state or {}).get("files", {}))
        self._done = dict(seen)
        for path in self.files():
            name = path.relative_to(self.folder).as_posix()
            digest = sha256_file(path)
            if seen.get(name) == digest:
                continue
            yield from self._read(path)
            self._done[name] = digest

    def next_state(self) -> State:
        counts = self._nulls.counts()
        self.report = {"null_tokens": counts} if counts else {}
        return {"files": dict(sorted(self._done.items()))}

    def _format(self, path: Path) -> str:
        if self.spec.format != "auto":
            return self.spec.format
        return "excel" if path.suffix.lower() in _EXCEL else "csv"

    def _read(self, path: Path) -> Iterator[pa.RecordBatch]:
        batches = self._read_excel(path) if self._format(path) == "excel" else self._read_csv(path)
        for batch in batches:
            yield self._nulls.apply(batch)

    def _encoding(self, path: Path) -> str:
        try:
            return file_encoding(path, self.spec.encoding)
        except EncodingProblem as problem:
            if problem.encoding is None:
                raise self._fail("text is not UTF-8, CP949 or EUC-KR",
                                 "re-export the file as UTF-8 or CP949, or set `encoding:` for this table", path) from None
            raise self._fail(f"not valid {problem.encoding} at byte {problem.at}",
                             "set `encoding: auto` or the file's real encoding", path) from None

    def _read_csv(self, path: Path) -> Iterator[pa.RecordBatch]:
        """Stream the file through pyarrow a block at a time, transcoded to UTF-8, every column as text."""
        encoding = self._encoding(path)
        ragged: list = []  # the first row whose field count is off; its text holds plant data, never shown

        def refuse(row) -> str:
            ragged.append(row)
            return "error"

        def open_reader(column_types: dict | None = None):
            return csv.open_csv(
                path, read_options=csv.ReadOptions(block_size=BLOCK_BYTES, encoding=encoding,
                                                   skip_rows=self.spec.skip_rows),
                parse_options=csv.ParseOptions(delimiter=self.spec.delimiter, invalid_row_handler=refuse),
                convert_options=csv.ConvertOptions(column_types=column_types or {}, strings_can_be_null=True,
                                                   null_values=[""]))  # other tokens: the spec's, counted

        try:
            names = open_reader().schema.names  # the header, from the first block; then read every column as text
            yield from open_reader({name: pa.string() for name in names})
        except pa.ArrowInvalid as exc:
            if "Empty CSV file" in str(exc):
                return  # nothing below the skipped lines
            what = (self._ragged_row(path, encoding, ragged[0]) if ragged
                    else f"malformed CSV ({_no_values(exc)})")
            raise self._fail(what, "fix or remove the file; other files are unaffected", path) from None

    def _ragged_row(self, path: Path, encoding: str, row) -> str:
        """Where a row with the wrong number of fields is, and its counts: never the row's values."""
        text, where = row.text.rstrip("\r\n"), "a row"
        with path.open(encoding=encoding, newline="") as lines:
            for number, line in enumerate(lines, 1):
                if number > self.spec.skip_rows and line.rstrip("\r\n") == text:
                    where = f"line {number}"
                    break
        return (f"malformed CSV: {where} has {row.actual_columns} fields, the header has {row.expected_columns} "
                f"(a missing or extra delimiter, or an unquoted value holding one)")

    def _refuse_bombs(self, path: Path) -> None:
        """A zipped workbook (xlsx, xlsm, xlsb, ods) whose parts unpack past the table's limit is not opened: a
        6.7 MB zip bomb grew to 7.5 GB in memory before this check."""
        if not zipfile.is_zipfile(path):
            return
        try:
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            return  # the workbook reader names what is wrong with it
        limit = self.spec.max_unpacked_mb
        if unpacked > limit << 20:
            raise self._fail(f"the workbook unpacks to {unpacked / 2**20:,.0f} MB, over the table's limit of {limit:,} MB "
                             "(a zip bomb, or an export too large for a spreadsheet)", "export it as CSV, or raise "
                             "`max_unpacked_mb` for this table if the workbook is genuine", path)

    def _read_excel(self, path: Path) -> Iterator[pa.RecordBatch]:
        """The sheet's rows a block at a time: Python holds one block of cells, never the whole sheet."""
        self._refuse_bombs(path)
        try:
            workbook = CalamineWorkbook.from_path(str(path))
            sheet = (workbook.get_sheet_by_name(self.spec.sheet) if isinstance(self.spec.sheet, str)
                     else workbook.get_sheet_by_index(self.spec.sheet))
        except (CalamineError, ValueError, IndexError, OSError) as exc:
            raise self._fail(f"cannot read the workbook: {str(exc).splitlines()[0][:200]}", "check the file opens in Excel and "
                             "`sheet:` names a sheet", path) from None
        cells = sheet.height * sheet.width
        if cells > self.spec.max_cells:
            raise self._fail(f"the sheet holds {sheet.height:,} rows × {sheet.width:,} columns, over the table's "
                             f"limit of {self.spec.max_cells:,} cells", "export it as CSV (read in blocks, with no "
                             "limit), or raise `max_cells` for this table", path)
        rows = sheet.iter_rows()
        for _ in range(self.spec.skip_rows):
            next(rows, None)
        header = next(rows, None)
        if header is None:
            raise self._fail("the sheet is empty", "check `sheet:` and `skip_rows:`", path)
        names = [str(h).strip() for h in header]
        block: list[list] = []
        for row in rows:
            block.append([None if v == "" else v for v in row])
            if len(block) == EXCEL_BLOCK_ROWS:
                yield rows_to_batch(names, block)
                block = []
        if block:
            yield rows_to_batch(names, block)


class NullTokens:
    """The spec's 'no value' texts of a table: each found in a text column becomes NULL and is counted."""

    def __init__(self, tokens: list[str]):
        self.tokens = sorted(set(tokens))
        self._counts: dict[str, dict[str, int]] = {}

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        if not self.tokens:
            return batch
        tokens = pa.array(self.tokens, pa.string())
        columns = []
        for name, column in zip(batch.schema.names, batch.columns):
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                trimmed = pc.utf8_trim_whitespace(column)
                found = pc.is_in(trimmed, value_set=tokens)
                if pc.any(found).as_py():
                    for entry in pc.value_counts(pc.filter(trimmed, found)).to_pylist():
                        per_column = self._counts.setdefault(entry["values"], {})
                        per_column[name] = per_column.get(name, 0) + entry["counts"]
                    column = pc.if_else(found, pa.scalar(None, column.type), column)
            columns.append(column)
        return pa.RecordBatch.from_arrays(columns, schema=batch.schema)

    def counts(self) -> dict[str, dict[str, int]]:
        """Token → column → cells, sorted."""
        return {token: dict(sorted(columns.items())) for token, columns in sorted(self._counts.items())}


def _no_values(exc: Exception) -> str:
    """An Arrow CSV error without the row text it quotes after its last colon."""
    message = str(exc).split("\n", 1)[0]
    head, colon, _ = message.rpartition(": ")
    return head if colon else message


def open_tables(source: FileSource, timezone: str = "UTC") -> list[FileTableReader]:
    """The readers of a folder of exports, one per kind of file."""
    return [FileTableReader(source, table) for table in source.tables]
