"""CSV and Excel exports as Korean plants write them, picked up incrementally.

Encodings are detected (UTF-8 with or without BOM, UTF-16 with BOM, EUC-KR and CP949);
headers may be Korean. CSV values are kept as text in the raw stage so that thousands
separators, Excel serial dates and vendor date formats are parsed by the normalize stage,
which knows the target type. Each file is processed once; a file whose content changed is
processed again.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from connectors.folder import list_folder
from plantset.digest import sha256_file
from plantset.errors import StageError

if TYPE_CHECKING:
    import pyarrow as pa

    from connectors.base import Interval, State
    from plantset.spec import FileSource, FileTable

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_EXCEL = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def detect_encoding(data: bytes) -> str | None:
    """The encoding of a text export, or None when it is none of the ones plants use."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for name in ("utf-8", "euc-kr", "cp949"):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    return None


class FileTableReader:
    """Reads every new file matching a pattern as Arrow batches."""

    def __init__(self, source: FileSource, table: FileTable):
        self.spec = table
        self.folder = Path(source.path)
        self.source = source.name
        self.table = table.name
        self._done: dict[str, str] = {}

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
                self._decode(path)
            else:
                self._read_excel(path)
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
        return {"files": dict(sorted(self._done.items()))}

    def _format(self, path: Path) -> str:
        if self.spec.format != "auto":
            return self.spec.format
        return "excel" if path.suffix.lower() in _EXCEL else "csv"

    def _read(self, path: Path) -> Iterator[pa.RecordBatch]:
        if self._format(path) == "excel":
            yield self._read_excel(path)
        else:
            yield from self._read_csv(path)

    def _decode(self, path: Path) -> str:
        data = path.read_bytes()
        encoding = self.spec.encoding if self.spec.encoding != "auto" else detect_encoding(data)
        if encoding is None:
            raise self._fail("text is not UTF-8, CP949 or EUC-KR",
                             "re-export the file as UTF-8 or CP949, or set `encoding:` for this table", path)
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise self._fail(f"not valid {encoding} at byte {exc.start}",
                             "set `encoding: auto` or the file's real encoding", path) from None

    def _read_csv(self, path: Path) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa
        from pyarrow import csv

        text = self._decode(path)
        lines = text.splitlines(keepends=True)[self.spec.skip_rows:]
        if not lines:
            return
        body = "".join(lines).encode("utf-8")
        ragged: list = []  # the first row whose field count is off; its text holds plant data, never shown

        def refuse(row) -> str:
            ragged.append(row)
            return "error"

        try:
            reader = csv.open_csv(
                io.BytesIO(body),
                read_options=csv.ReadOptions(block_size=8 << 20),
                parse_options=csv.ParseOptions(delimiter=self.spec.delimiter, invalid_row_handler=refuse),
                convert_options=csv.ConvertOptions(column_types=_all_text(body, self.spec.delimiter),
                                                   strings_can_be_null=True),
            )
            yield from reader  # every column is read as text (column_types), nothing to cast
        except pa.ArrowInvalid as exc:
            what = _ragged_row(ragged[0], lines, self.spec.skip_rows) if ragged else f"malformed CSV ({_no_values(exc)})"
            raise self._fail(what, "fix or remove the file; other files are unaffected", path) from None

    def _read_excel(self, path: Path) -> pa.RecordBatch:
        from python_calamine import CalamineError, CalamineWorkbook

        from connectors.sql import rows_to_batch

        try:
            workbook = CalamineWorkbook.from_path(str(path))
            sheet = (workbook.get_sheet_by_name(self.spec.sheet) if isinstance(self.spec.sheet, str)
                     else workbook.get_sheet_by_index(self.spec.sheet))
            rows = sheet.to_python(skip_empty_area=False)[self.spec.skip_rows:]
        except (CalamineError, ValueError, IndexError, OSError) as exc:
            raise self._fail(f"cannot read the workbook: {exc}", "check the file opens in Excel and `sheet:` names a sheet", path) from None
        if not rows:
            raise self._fail("the sheet is empty", "check `sheet:` and `skip_rows:`", path)
        header = [str(h).strip() for h in rows[0]]
        body = [[None if v == "" else v for v in row] for row in rows[1:]]
        return rows_to_batch(header, body)


def _ragged_row(row, lines: list[str], skipped: int) -> str:
    """Where a row with the wrong number of fields is, and its counts: never the row's values."""
    text = row.text.rstrip("\r\n")
    where = next((f"line {skipped + n + 1}" for n, line in enumerate(lines) if line.rstrip("\r\n") == text), "a row")
    return (f"malformed CSV: {where} has {row.actual_columns} fields, the header has {row.expected_columns} "
            f"(a missing or extra delimiter, or an unquoted value holding one)")


def _no_values(exc: Exception) -> str:
    """An Arrow CSV error without the row text it quotes after its last colon."""
    message = str(exc).split("\n", 1)[0]
    head, colon, _ = message.rpartition(": ")
    return head if colon else message


def _all_text(body: bytes, delimiter: str) -> dict:
    """Column types making every column text, read from the header line."""
    import pyarrow as pa
    from pyarrow import csv

    first = body.split(b"\n", 1)[0]
    names = csv.read_csv(io.BytesIO(first + b"\n"), parse_options=csv.ParseOptions(delimiter=delimiter),
                         read_options=csv.ReadOptions(autogenerate_column_names=False)).schema.names
    return {name: pa.string() for name in names}
