"""A document source table as the runner sees it: new or changed files into rows of one content table.

Files are picked up by content hash (a file is processed again only when its bytes change),
parsed in isolated workers (``isolate``), and laid out the same way for every format
(``layout``). What cannot be read is quarantined: the file's path and reason go to the run
report and the state (so an unchanged broken file is not retried every run), the other files
go on. Files over ``max_file_mb`` are quarantined without being read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connectors.base import SourceTable
from connectors.documents import cache, layout
from connectors.documents.isolate import Outcome, parse_isolated
from connectors.documents.model import SetupError
from connectors.folder import Listing, list_folder
from connectors.sql import rows_to_batch
from plantset.core.digest import sha256_file
from plantset.core.errors import StageError

if TYPE_CHECKING:
    import pyarrow as pa

    from connectors.base import Interval, State
    from connectors.documents.model import Parsed
    from plantset.core.spec import DocumentSource, DocumentTable

BATCH_ROWS = 20_000


class DocumentTableReader(SourceTable):
    """Reads one content table (documents, elements, chunks, …) of a document folder."""

    def __init__(self, source: DocumentSource, table: DocumentTable):
        self.config = source
        self.spec = table
        self.source = source.name
        self.table = table.name
        self.folder = Path(source.path)
        self.report: dict[str, Any] = {}
        self._next: dict[str, Any] = {}

    def listing(self) -> Listing:
        if not self.folder.is_dir():
            raise StageError("extract", f"folder {self.folder} does not exist", source=self.source, table=self.table,
                             hint="check `path` in the spec")
        return list_folder(self.folder, self.spec.pattern, hidden=False)

    def files(self) -> list[Path]:
        return self.listing().files

    def check(self) -> str:
        listing = self.listing()
        refused = f" ({len(listing.refused)} links or special files not read)" if listing.refused else ""
        return f"{len(listing.files)} files match {self.spec.pattern!r} in {self.folder}{refused}"

    def batches(self, state: State | None, interval: Interval | None = None) -> Iterator[pa.RecordBatch]:
        # Documents are picked up by file, new or changed, whatever the run's data interval.
        seen = dict((state or {}).get("files", {}))
        quarantined = dict((state or {}).get("quarantined", {}))
        todo: list[tuple[str, Path, str, str]] = []  # name, path, content digest, parse key
        listing = self.listing()
        files = listing.files
        for refused in listing.refused:  # never opened, so never hashed: the reason stands for the content
            seen[refused.name] = f"refused:{refused.reason}"
            quarantined[refused.name] = {"digest": seen[refused.name], "reason": refused.reason}
        for path in files:
            name = path.relative_to(self.folder).as_posix()
            size = path.stat().st_size
            if size > self.config.max_file_mb * 1024 * 1024:  # not even hashed: size and time stand for the content
                seen[name] = f"size:{size}:mtime:{int(path.stat().st_mtime)}"
                quarantined[name] = {"digest": seen[name], "reason": f"file too large ({size / 2**20:,.0f} MB, the "
                                     f"limit is {self.config.max_file_mb} MB): raise `max_file_mb` or split the file"}
                continue
            digest = sha256_file(path)
            parse_key = cache.key(digest, path, self.config.ocr)  # a new parser or setting reads the file again
            if seen.get(name) != parse_key:
                todo.append((name, path, digest, parse_key))
        try:
            outcomes = self._parse(todo)
        except SetupError as exc:
            raise StageError("extract", str(exc), source=self.source, table=self.table,
                             hint="nothing was quarantined and the state is unchanged; run again once it is installed"
                             ) from None
        builder = _Rows(self.spec)
        parsed = 0
        for (name, path, digest, parse_key), outcome in zip(todo, outcomes):
            if outcome.parsed is None:
                quarantined[name] = {"digest": parse_key, "reason": outcome.reason}
                if not outcome.transient:  # a timeout or crash is tried again next run
                    seen[name] = parse_key
                continue
            seen[name] = parse_key
            quarantined.pop(name, None)
            parsed += 1
            builder.add(name, digest, path.stat().st_size, outcome.parsed)
            if len(builder) >= BATCH_ROWS:
                yield builder.batch()
        if len(builder):
            yield builder.batch()
        present = {p.relative_to(self.folder).as_posix() for p in files} | {r.name for r in listing.refused}
        seen = {name: digest for name, digest in seen.items() if name in present}  # a removed file is forgotten
        quarantined = {name: entry for name, entry in quarantined.items() if name in present}
        self._next = {"files": dict(sorted(seen.items())), "quarantined": dict(sorted(quarantined.items()))}
        self.report = {"files_read": len(todo), "parsed": parsed, "furniture_left_out": builder.furniture,
                       "quarantined": [{"path": n, "reason": q["reason"]} for n, q in sorted(quarantined.items())]}

    def next_state(self) -> State:
        return self._next

    def _parse(self, todo: list[tuple[str, Path, str, str]]) -> list[Outcome]:
        """Parse results in order: from the cache where the same file was parsed the same way, else in workers."""
        results: dict[int, Outcome] = {}
        missing = []
        for index, (_, path, _, parse_key) in enumerate(todo):
            hit = cache.load(parse_key, path)
            if hit is not None:
                results[index] = hit
            else:
                missing.append(index)
        fresh = parse_isolated([todo[i][1] for i in missing], timeout=self.config.timeout_seconds,
                               memory_mb=self.config.memory_mb, ocr=self.config.ocr)
        for index, outcome in zip(missing, fresh):
            cache.store(todo[index][3], outcome)
            results[index] = outcome
        return [results[i] for i in range(len(todo))]


class _Rows:
    """Rows of the table's content, built document by document."""

    def __init__(self, spec: DocumentTable):
        self.spec = spec
        self.rows: list[dict[str, Any]] = []
        self.furniture = 0  # page furniture elements left out

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, name: str, doc_id: str, size: int, parsed: Parsed) -> None:
        content = self.spec.content
        if content == "documents":
            self.rows.append({"doc_id": doc_id, "source_path": name, "title": layout.title_of(parsed, Path(name).stem),
                              "language": layout.language([e.text for e in parsed.elements]),
                              "pages": parsed.pages, "kind": layout.kind_of(parsed, name),
                              "file_type": parsed.file_type, "bytes": size, "elements": len(parsed.elements)})
        elif content == "elements":
            # page furniture (running heads and footers: the company's name, address, phone on every page) is
            # left out and counted; sequence numbers stay those of the document's reading order
            paths = layout.section_paths(parsed.elements)
            for seq, (element, path) in enumerate(zip(parsed.elements, paths)):
                if element.type in layout.FURNITURE and self.spec.furniture == "drop":
                    self.furniture += 1
                    continue
                self.rows.append({"element_id": f"{doc_id}:{seq:05d}", "doc_id": doc_id, "seq": seq,
                                  "type": element.type,
                                  "text": layout.table_text(element) if element.type == "Table" else element.text,
                                  "section_path": path, "page": element.page, "level": element.level,
                                  "table_html": element.table_html,
                                  "table_cells": json.dumps(element.table_cells, ensure_ascii=False)
                                  if element.table_cells is not None else None})
        elif content == "chunks":
            chunking = self.spec.chunking
            paths = layout.section_paths(parsed.elements)
            for seq, piece in enumerate(layout.chunk(parsed.elements, paths, chunking.size, chunking.overlap,
                                                     chunking.unit)):
                self.rows.append({"chunk_id": f"{doc_id}:c{seq:04d}", "doc_id": doc_id, "seq": seq, "text": piece.text,
                                  "section_path": piece.section_path, "page_start": piece.page_start,
                                  "page_end": piece.page_end, "characters": len(piece.text),
                                  "tokens": layout.tokens(piece.text), "has_table": piece.has_table})
        else:
            record_table = {"sequences": "sequence", "images": "image", "simulation_logs": "simulation_log"}[content]
            for seq, record in enumerate(parsed.records.get(record_table, [])):
                self.rows.append(_record_row(record_table, doc_id, seq, name, record))

    def batch(self) -> pa.RecordBatch:
        rows, self.rows = self.rows, []
        header = list(rows[0])
        return rows_to_batch(header, [[row.get(k) for k in header] for row in rows])


def _record_row(table: str, doc_id: str, seq: int, name: str, record: dict[str, Any]) -> dict[str, Any]:
    if table == "sequence":
        return {"sequence_id": f"{doc_id}:{record['record_id']}", "doc_id": doc_id, **record}
    if table == "image":
        return {"image_id": record.get("image_id", doc_id), "doc_id": doc_id, "source_path": name,
                **{k: v for k, v in record.items() if k != "image_id"}}
    return {**record, "record_id": f"{doc_id}:{seq:05d}", "doc_id": doc_id, "seq": seq}


def open_tables(source: DocumentSource, timezone: str = "UTC") -> list[DocumentTableReader]:
    """The readers of a document folder, one per kind of content."""
    return [DocumentTableReader(source, table) for table in source.tables]
