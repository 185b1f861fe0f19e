"""The anonymization stage: the run's canonical files in, anonymized files and a report out.

Nothing reaches the published area without passing here: ``anonymize_run`` writes
``<run>/anonymized/`` from ``<run>/canonical/``, publishing reads only the former, and
``gate_version`` scans the staged version before it may be renamed into place.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from anonymize.columns import ColumnAnonymizer, describe, protect_parameters, shift_days
from anonymize.gate import LeakageScan, Needles, distinctive_text, identity_findings, k_anonymize, suppress_rare
from anonymize.lexicon import Lexicon, read_terms, skeleton_of
from anonymize.people import StaffNames
from anonymize.policy import term_files
from anonymize.pseudonym import KeyedPseudonym
from anonymize.text import KeyedTokens, Redactor
from plantset.core import secrets
from plantset.core.errors import StageError
from plantset.core.state import RunFolders, write_json_atomic
from plantset.pipeline.extract import RAW_COMPRESSION

if TYPE_CHECKING:
    from plantset.core.spec import DatasetSpec
    from plantset.core.specfile import LoadedSpec
    from plantset.core.state import Layout

REPORT = "anonymization.json"
KEY_FINGERPRINT = "key.json"  # in the private area
HIDDEN = "hidden.parquet"  # in the private area: distinctive raw values of the dataset's hidden columns
HIDDEN_ENTITY = "ID"  # the redactor's entity for a value the company's datasets hide
MAX_REMEMBERED = 200  # longer hidden values (whole remarks) are searched for in their own run only
KEY_FINGERPRINT_OF = b"plantset pseudonym key fingerprint v1"
MIN_KEY_BYTES = 16


def load_key(spec: DatasetSpec) -> bytes:
    """The company key; the stage refuses to run without one (there is no default key)."""
    ref = spec.anonymize.key
    value = (secrets.resolve_password(ref, source=None) if ref.airflow_conn
             else secrets.resolve_uri(ref, source=None))  # the key belongs to no source
    key = value.encode()
    if len(key) < MIN_KEY_BYTES:
        raise StageError("anonymize", f"the pseudonym key in {secrets.describe(ref)} is shorter than "
                         f"{MIN_KEY_BYTES} bytes", hint="generate one with `python -c 'import secrets; "
                         "print(secrets.token_urlsafe(32))'` and keep it outside the dataset")
    return key


def fingerprint(key: bytes) -> str:
    """A keyed hash of a constant: tells keys apart without revealing them."""
    return hmac.new(key, KEY_FINGERPRINT_OF, hashlib.sha256).hexdigest()


def check_key(layout: Layout, key: bytes, spec: DatasetSpec) -> None:
    """Refuse a key other than the one the dataset was first anonymized with: its tokens and date shift would not
    match the published versions'. Only the key's fingerprint is kept, never the key."""
    path = layout.private / KEY_FINGERPRINT
    if not path.is_file():
        write_json_atomic(path, {"fingerprint": fingerprint(key)})
        return
    if not hmac.compare_digest(json.loads(path.read_text())["fingerprint"], fingerprint(key)):
        raise StageError("anonymize", f"the pseudonym key in {secrets.describe(spec.anonymize.key)} is not the key "
                         f"{spec.dataset} was anonymized with", hint="give the dataset's own key; to rotate the key, "
                         "build the dataset from scratch into a new output folder (`plantset build SPEC --out NEW`) "
                         "and retire the old versions; nothing was published and the state is unchanged")


def company(private: Path, key: bytes) -> list[Path]:
    """The private folders of the company's datasets: those in the same output folder anonymized with the same
    key (one company, one key; an output folder may hold several companies' datasets, each with its own)."""
    mine = fingerprint(key)
    return [found.parent for found in sorted(private.parent.glob(f"*/{KEY_FINGERPRINT}"))
            if json.loads(found.read_text())["fingerprint"] == mine]


def build_lexicon(loaded: LoadedSpec) -> Lexicon:
    lexicon = Lexicon()
    for path, category in term_files(loaded.spec, loaded.path):
        for term_category, term in read_terms(path, category):
            lexicon.add(term, term_category)
    return lexicon


def anonymize_run(loaded: LoadedSpec, layout: Layout, run: Path) -> dict[str, Any]:
    """Anonymize every canonical file of the run into ``<run>/anonymized/``; return (and save) the report."""
    spec = loaded.spec
    key = load_key(spec)
    check_key(layout, key, spec)
    section = spec.anonymize
    lexicon, hidden = build_lexicon(loaded), company_hidden(company(layout.private, key))
    for value in hidden.values():
        lexicon.add(value, HIDDEN_ENTITY, literal=True)
    worker = ColumnAnonymizer(KeyedPseudonym(key), Redactor(lexicon, CompanyTokens(key, hidden), public=section.public),
                              shift_days(key, section.max_shift_days), staff=StaffNames(lexicon.people))
    out = RunFolders(run).anonymized
    shutil.rmtree(out, ignore_errors=True)  # a retry rewrites
    rows: Counter[str] = Counter()
    for table, files in RunFolders(run).canonical_tables().items():
        policies = section.columns[table]
        worker.protect.update(_protect_parameters(layout, table, files, policies))
        for path in files:
            data = worker.table(table, pq.read_table(path), policies)
            target = out / table / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(data, target, **RAW_COMPRESSION)
            rows[table] += data.num_rows
    report = {"rows": dict(sorted(rows.items())), "entities": dict(sorted(worker.redactor.counts.items()))}
    write_json_atomic(out / REPORT, report)
    return report


def _protect_parameters(layout: Layout, table: str, files: list[Path],
                        policies: dict) -> dict[str, tuple[float, float]]:
    """Standardization parameters, fixed the first time a column is seen and kept private to the plant."""
    path = layout.private / "protect.json"
    stored = json.loads(path.read_text()) if path.is_file() else {}
    wanted = [c for c, p in policies.items() if p.action == "protect"]
    missing = [c for c in wanted if f"{table}.{c}" not in stored]
    if missing and files:
        data = pa.concat_tables([pq.read_table(f, columns=missing) for f in files])
        stored.update({f"{table}.{c}": protect_parameters(data.column(c)) for c in missing})
        write_json_atomic(path, stored)
    return {f"{table}.{c}": tuple(stored[f"{table}.{c}"]) for c in wanted if f"{table}.{c}" in stored}


def finish_table(spec: DatasetSpec, table: str, data: pa.Table) -> tuple[pa.Table, dict[str, Any]]:
    """Whole-table policies on the merged rows about to be published: rare categories, then k-anonymity."""
    section = spec.anonymize
    data, rare = suppress_rare(data, section.columns.get(table, {}))
    stats: dict[str, Any] = {"rare_suppressed": rare} if rare else {}
    columns = section.quasi_identifiers.get(table)
    if columns:
        data, stats["k_anonymity"] = k_anonymize(data, columns, section.k)
    return data, stats


def needles(loaded: LoadedSpec, run: Path, private: Path) -> Needles:
    """The lexicon, the staff, the raw values of hidden columns (this run's; earlier runs' and the sibling
    datasets' where distinctive) and the dataset's own secrets (the key, the sources' passwords, the private
    protect parameters): none may be published."""
    lexicon = build_lexicon(loaded)
    found = Needles(terms=set(lexicon.originals) | {skeleton_of(t) for t in lexicon.originals}
                    | private_secrets(loaded.spec, private))
    hidden = ("pseudonym", "drop", "protect")  # redacted text keeps what was harmless, so not whole cells
    for table, files in RunFolders(run).canonical_tables().items():
        columns = [c for c, p in loaded.spec.anonymize.columns[table].items() if p.action in hidden]
        for path in files:
            data = pq.read_table(path, columns=columns)
            for column in columns:
                found.add_values(f"{table}.{column}", data.column(column).unique().to_pylist())
    earlier = _remember_hidden(private, found)
    found.add_values("hidden in earlier runs", earlier)
    for sibling in company(private, load_key(loaded.spec)):
        if sibling != private:  # what another dataset of the company pseudonymizes is no clear text here
            found.add_values(f"hidden in dataset {sibling.name}", _read_hidden(sibling / HIDDEN))
    return found


def company_hidden(datasets: list[Path]) -> dict[str, str]:
    """What the company's datasets (their private folders: this one's earlier runs, its siblings) keep hidden:
    skeleton → value, for the redactor to find in text."""
    values: set[str] = set()
    for private in datasets:
        values |= _read_hidden(private / HIDDEN)
    return {skeleton_of(v): v for v in sorted(values) if len(skeleton_of(v)) >= 2}


class CompanyTokens:
    """Text tokens under the company key. A value the company's datasets hide becomes ``<ID_…>`` holding its
    column pseudonym (in capitals), so a document's mention of an item code joins the record that pseudonymizes
    it, in every dataset built with the key; any other span gets its entity's keyed token."""

    def __init__(self, key: bytes, hidden: dict[str, str]):
        self._keyed, self._pseudonym, self._hidden = KeyedTokens(key), KeyedPseudonym(key), hidden

    def __call__(self, entity: str, surface: str) -> str:
        if entity == HIDDEN_ENTITY:
            value = self._hidden.get(skeleton_of(surface))
            if value is not None:
                return f"<{entity}_{self._pseudonym.token(value).upper()}>"
        return self._keyed(entity, surface)


def _remember_hidden(private: Path, found: Needles) -> set[str]:
    """Add the run's distinctive hidden values to the dataset's private store, owner-only; return those of
    earlier runs. Sibling datasets' leakage scans read the store."""
    path = private / HIDDEN
    earlier = _read_hidden(path)
    new = {text for values in found.values.values() for text in distinctive_text(values)
           if len(text) <= MAX_REMEMBERED} - earlier
    if new:
        tmp = path.with_name(f".{HIDDEN}.tmp")
        pq.write_table(pa.table({"value": sorted(earlier | new)}), tmp, compression="zstd")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    return earlier


def _read_hidden(path: Path) -> set[str]:
    return set(pq.read_table(path).column("value").to_pylist()) if path.is_file() else set()


def private_secrets(spec: DatasetSpec, private: Path) -> set[str]:
    """What the dataset itself keeps secret, as text to search for: a file link or a copied config could carry it
    into a published document or cell."""
    from sqlalchemy.engine import make_url  # only for sources whose whole URL is a secret; 0.2 s per step process

    found = {load_key(spec).decode()}
    for source in spec.sources:
        password, connection = getattr(source, "password", None), getattr(source, "connection", None)
        try:
            if password is not None:
                found.add(secrets.resolve_password(password, source=source.name))
            if connection is not None:
                found.add(make_url(secrets.resolve_uri(connection, source=source.name)).password or "")
        except StageError:
            continue  # not resolvable here (a worker without the source's secret): extraction ran elsewhere
    found = {term for term in found if len(term) >= 6}  # shorter ones would match by chance
    protect = private / "protect.json"
    if protect.is_file():  # means and deviations with all their digits: no published number has them by chance
        numbers = {repr(float(n)) for pair in json.loads(protect.read_text()).values() for n in pair}
        found |= {n for n in numbers if len(n) >= 10}
    return found


def gate_version(staging: Path, found: Needles, spec: DatasetSpec, *, identity: bool = True) -> dict[str, Any]:
    """Scan everything staged for publishing; any hit blocks it with the places (never the values). ``identity``:
    also run the identity detectors over the kept text columns (once per version: the tables do not change
    when the card and manifest are added)."""
    scan = LeakageScan(found)
    findings = scan.scan_folder(staging)
    section = spec.anonymize
    kept = {table: {c for c, p in columns.items() if p.action in ("keep", "rare")}
            for table, columns in section.columns.items()}
    if identity:
        findings += identity_findings(staging, kept, allow=section.allow, public=section.public)
    if findings:
        shown = "; ".join(f.line() for f in findings[:5])
        more = f" and {len(findings) - 5} more" if len(findings) > 5 else ""
        raise StageError("anonymize", f"leakage scan blocked publishing: {shown}{more}",
                         hint="add a policy (pseudonym, drop, redact) for that column or extend the lexicon (what "
                              "`plantset audit` proposes), or allow the category under anonymize.allow; "
                              "nothing was published")
    return {"files": scan.files, "cells": scan.cells, "findings": 0}


def start_report(spec: DatasetSpec, run: Path) -> dict[str, Any]:
    """The version's anonymization report so far: policies and what the run's redactor replaced."""
    found = json.loads((RunFolders(run).anonymized / REPORT).read_text(encoding="utf-8"))
    policies = {table: {column: describe(policy) for column, policy in columns.items()}
                for table, columns in sorted(spec.anonymize.columns.items())}
    return {"policies": policies, "entities_replaced": found["entities"], "tables": {}}


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The few figures the manifest and the card carry."""
    achieved = [t["k_anonymity"]["achieved"] for t in report["tables"].values() if "k_anonymity" in t]
    return {
        "entities_replaced": sum(report["entities_replaced"].values()),
        "rows_suppressed": sum(t.get("k_anonymity", {}).get("suppressed", 0) + sum(t.get("rare_suppressed", {}).values())
                               for t in report["tables"].values()),
        "k_achieved": min(achieved) if achieved else None,
        "leakage_scan": "passed",
        "report": REPORT,
    }
