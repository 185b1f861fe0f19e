"""`plantset audit`: what a dataset's sources yield that could identify the company, as a candidate lexicon.

The sources are read and normalized into a scratch folder as a build would (the whole of every table:
no watermark, no state committed, nothing published), then every text column goes through the
identifiability detectors (``anonymize.audit``), one column of distinct values at a time. Columns
marked ``person`` in the canonical model are people by definition: every value is a PERSON candidate.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from anonymize.audit import Audit
from plantset.core.specfile import LoadedSpec
from plantset.core.state import Layout
from plantset.pipeline.run import Run
from plantset.pipeline.runner import Reporter
from schemas.catalog import catalog

BATCH = 5000  # distinct values a detector batch reads at once


def audit_spec(loaded: LoadedSpec, reporter: Reporter | None = None) -> Audit:
    """The candidates of everything ``loaded``'s sources yield now, with examples naming table and column."""
    reporter = reporter or Reporter()
    audit = Audit(public=loaded.spec.anonymize.public)
    loaded = _with_furniture(loaded)
    with tempfile.TemporaryDirectory(prefix="plantset-audit-") as scratch:
        layout = Layout(Path(scratch), loaded.spec.dataset)
        layout.make_private()
        run = Run(loaded, layout, layout.run("audit"))
        reporter.stage("extract")
        extracts = [run.extract(label, {}, reporter) for label in run.labels()]
        reporter.stage("audit")
        run.normalize(extracts)
        for table, files in sorted(run.folders.canonical_tables().items()):
            definition = catalog().tables.get(table)
            for path in files:
                data = pq.read_table(path)
                for column in data.column_names:
                    if not pa.types.is_string(data.schema.field(column).type):
                        continue
                    values = [v for v in data.column(column).unique().to_pylist() if v and v.strip()]
                    person = (definition is not None and column in definition.field_names
                              and definition.field(column).person)
                    where = f"{table}.{column}"
                    if person:
                        audit.add_people(values, where)
                        continue
                    for start in range(0, len(values), BATCH):
                        audit.read(values[start:start + BATCH], where=where)
    return audit


def _with_furniture(loaded: LoadedSpec) -> LoadedSpec:
    """The spec with page furniture kept in document elements: letterheads and footers are what the audit is for."""
    sources = []
    for source in loaded.spec.sources:
        if source.kind == "documents":
            source = source.model_copy(update={"tables": [
                t.model_copy(update={"furniture": "keep"}) if t.content == "elements" else t for t in source.tables]})
        sources.append(source)
    return replace(loaded, spec=loaded.spec.model_copy(update={"sources": sources}))
