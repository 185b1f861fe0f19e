"""The candidate version: the run's anonymized rows merged with the version the run started from.

``assemble`` writes it privately under ``<run>/candidate/`` (tables, then their record), where
validation reads it and leaves its results and Data Docs; publishing links the candidate into
the staging folder. Each step can be retried alone: assembling rewrites the candidate.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from PIL import Image, PngImagePlugin

from anonymize.pseudonym import KeyedPseudonym
from plantset.core.digest import sha256_file
from plantset.core.errors import StageError
from plantset.core.publish import TableEntry, read_manifest, schema_entry, write_table
from plantset.core.state import RunFolders, write_json_atomic
from plantset.pipeline.anonymization import finish_table, load_key
from plantset.pipeline.training import write_instructions, write_retrieval, write_sensor_outputs
from schemas.catalog import catalog
from transforms.mapping import merge

if TYPE_CHECKING:
    from plantset.core.specfile import LoadedSpec
    from plantset.core.state import Layout

RECORD = "candidate.json"


class CandidateRecord(TypedDict, total=False):
    """``candidate.json``: what the validate step assembled and what publishing reads back."""

    base_version: str | None  # the version the run's rows were merged onto
    tables: dict[str, TableEntry]
    suppression: dict[str, Any]  # rows and values withheld per table (rare categories, k-anonymity)
    training: dict[str, Any]  # instruction examples and the other training outputs written
    validation: dict[str, Any]  # Great Expectations totals, added by the validate step


def assemble(loaded: LoadedSpec, layout: Layout, run: Path, base_version: str | None) -> CandidateRecord:
    """Merge, apply the whole-table policies and write every table of the candidate; return its record."""
    spec = loaded.spec
    folder = RunFolders(run).candidate
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    base = layout.published / base_version if base_version else None
    manifest = read_manifest(base) if base else None
    anonymized = RunFolders(run).anonymized_tables()
    tables: dict[str, TableEntry] = {}
    suppression: dict[str, Any] = {}
    for mapping in sorted(spec.tables, key=lambda m: m.target):
        definition = catalog().tables[mapping.target]
        parts = []
        previous = _previous_rows(base, manifest, mapping.target) if _is_incremental(spec, mapping.source) else None
        if previous is not None:
            parts.append(previous)
        new = [pq.read_table(p) for p in anonymized.get(mapping.target, [])]
        if new:  # one generation per run, so batch boundaries never decide which duplicate wins
            parts.append(pa.concat_tables(new))
        merged, suppression[mapping.target] = finish_table(spec, mapping.target,
                                                           merge(parts, definition, mapping.deduplicate))
        if mapping.target == "image":
            merged = withhold_redacted_images(merged, any_text=spec.anonymize.images_with_text == "withhold")
        files = write_table(merged, definition, folder / mapping.target, spec.partition)
        if mapping.target == "image":
            copy_assets(spec.source(mapping.source.partition(".")[0]), merged, folder,
                        KeyedPseudonym(load_key(spec)).token)
        tables[mapping.target] = {"rows": merged.num_rows, "files": files, "schema": schema_entry(definition)}

    files = {name: [folder / f["path"] for f in table["files"]] for name, table in tables.items()}
    examples = write_instructions(spec, folder, files)
    record: CandidateRecord = {"base_version": base_version, "tables": tables, "suppression": suppression,
              "training": {"instructions": examples, **write_retrieval(spec, folder, files),
                           **write_sensor_outputs(spec, folder, files)}}
    write_json_atomic(folder / RECORD, record)
    return record


def withhold_redacted_images(images: pa.Table, *, any_text: bool = False) -> pa.Table:
    """No image file whose text named a person or a secret: its redacted OCR text is published, the
    picture (which shows the name however well the text was redacted) is not: ``asset`` becomes null.
    With ``any_text``, no picture in which OCR read any text at all."""
    if "asset" not in images.column_names or "ocr_text" not in images.column_names:
        return images
    pattern = r"\S" if any_text else _TOKEN
    redacted = pc.fill_null(pc.match_substring_regex(images.column("ocr_text"), pattern), False)
    asset = pc.if_else(redacted, pa.scalar(None, pa.string()), images.column("asset"))
    return images.set_column(images.column_names.index("asset"), "asset", asset)


_TOKEN = r"<[A-Z][A-Z_]*_[0-9A-F]+>"  # a redaction token: <PERSON_C773E2942530>, <PHONE_3>


def copy_assets(source, images: pa.Table, folder: Path, keyed: Callable[[str], str]) -> None:
    """The image files the ``image`` table points at (``asset``), found in the source folder by their hash.

    Rows carry hashes, not paths (paths can name people and customers), so the folder's images are
    hashed to find them: as they are when ``image_id`` is kept, by their pseudonym (``keyed``) when it is
    pseudonymized. An image whose ``asset`` policy dropped the path is not published."""
    wanted = {row["image_id"]: row["asset"] for row in images.select(["image_id", "asset"]).to_pylist() if row["asset"]}
    if not wanted or getattr(source, "kind", None) != "documents":
        return
    for path in sorted(Path(source.path).rglob("*")):
        if not wanted:
            break
        if path.is_file() and path.suffix.lower() in _IMAGE_SUFFIXES:
            digest = sha256_file(path)
            asset = wanted.pop(digest, None) or wanted.pop(keyed(digest), None)
            if asset is not None:
                (folder / asset).parent.mkdir(parents=True, exist_ok=True)
                reencode_image(path, folder / asset)


def reencode_image(source: Path, target: Path) -> None:
    """The picture without its file's metadata (EXIF: camera, author, GPS; text chunks) and not byte for byte the
    source file, whose SHA-256 (listed in the manifest) would otherwise link the asset back to the company's file.
    Deterministic: the same file gives the same bytes (JPEG keeps its quantization: no further loss)."""
    with Image.open(source) as image:
        image_format = image.format
        options: dict[str, Any] = dict(_MARK.get(image_format, {}))
        if image_format == "JPEG":
            options["quality"] = "keep"
        if image_format == "PNG":
            options["pnginfo"] = PngImagePlugin.PngInfo()
            options["pnginfo"].add_text("Software", "plantset")
        if getattr(image, "n_frames", 1) > 1 and image_format in ("TIFF", "GIF", "WEBP"):
            options["save_all"] = True
        image.info.clear()
        image.save(target, format=image_format, **options)


# A mark in the re-encoded file, so that even a file this library wrote itself does not come out byte for byte.
_MARK: dict[str, dict[str, Any]] = {"JPEG": {"comment": b"plantset"}, "GIF": {"comment": b"plantset"},
                                    "TIFF": {"description": "plantset"}}


_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}


def load_record(run: Path) -> CandidateRecord:
    path = RunFolders(run).candidate / RECORD
    if not path.is_file():
        raise StageError("publish", f"no assembled candidate in {run}", hint="run the validate step first")
    return json.loads(path.read_text(encoding="utf-8"))


def table_files(run: Path) -> dict[str, list[Path]]:
    """The candidate's Parquet files per table, as validation reads them."""
    record = load_record(run)
    folder = RunFolders(run).candidate
    return {name: [folder / f["path"] for f in table["files"]] for name, table in record["tables"].items()}


def link_into(run: Path, staging: Path) -> None:
    """Everything the candidate holds (tables, validation results, Data Docs) into the staging folder.

    Hard links when the run and the output share a file system, copies otherwise; the candidate
    stays whole, so a retried publish finds it again."""
    source = RunFolders(run).candidate
    for path in sorted(source.rglob("*")):
        target = staging / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.name != RECORD:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)


def _previous_rows(version_dir: Path | None, manifest: dict[str, Any] | None, table: str) -> pa.Table | None:
    """The rows ``table`` has in the previous version, or None."""
    entry = manifest["tables"].get(table) if manifest else None
    if entry is None:
        return None
    parts = [pq.read_table(version_dir / f["path"]) for f in entry["files"]]
    return pa.concat_tables(parts) if parts else None


def _is_incremental(spec, source_label: str) -> bool:
    source_name, _, table_name = source_label.partition(".")
    source = spec.source(source_name)
    if source.appends:
        return True
    return next(t for t in source.tables if t.name == table_name).watermark is not None
