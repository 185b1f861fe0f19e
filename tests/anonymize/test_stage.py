"""The anonymization stage on the demo plant: what is published, what is refused, what never leaks."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from demo import secrets as demo_secrets
from demo.masters import BAY, PARTNERS, SERVICE_VENDORS
from plantset.core.errors import SpecError, StageError
from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec

ROOT = Path(__file__).resolve().parents[2]
PHONE = re.compile(r"01[016789]-\d{3,4}-\d{4}")


@pytest.fixture(scope="module")
def demo_data(demo_plant) -> Path:
    return demo_plant


def demo_spec(demo_data: Path, folder: Path, replace: dict[str, str] | None = None) -> Path:
    """A copy of the demo spec, with text replacements (to weaken a policy on purpose)."""
    text = (ROOT / "industries" / "demo.yaml").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = folder / "demo.yaml"
    path.write_text(text.replace("${PLANTSET_DEMO_DATA}", str(demo_data)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def published(demo_version) -> Path:
    return demo_version


def source_secrets(demo_data: Path) -> dict[str, set[str]]:
    """Every secret of the demo plant, read from its own database and exports."""
    with closing(sqlite3.connect(demo_data / "plant.db")) as db:
        texts = [str(v) for (v,) in db.execute(
            "SELECT RMK FROM TB_WO_MST UNION ALL SELECT RMK FROM TB_PROD_RSLT UNION ALL SELECT 비고 FROM QA_DEFECT "
            "UNION ALL SELECT WORK_DESC FROM CM_MNT_HIST UNION ALL SELECT CHRG_HP FROM BA_CUST_MST") if v]
        operators = {v for (v,) in db.execute(
            "SELECT WORKER_NM FROM TB_PROD_RSLT UNION SELECT 등록자 FROM QA_DEFECT UNION SELECT WORKER_NM FROM "
            "CM_MNT_HIST UNION SELECT DSGN_USER_NM FROM PDM_PART_REV") if v}
        recipes = {float(v) for row in db.execute(
            "SELECT PRESS_TON_SP, DIE_TEMP_SP, SPM, SPINDLE_RPM, FEED_RATE, COOLANT_TEMP_SP FROM TB_RECIPE")
            for v in row if v is not None}
    for export in (demo_data / "exports").glob("*.csv"):
        texts.append(export.read_text(encoding="cp949"))
    companies = {p[1] for p in PARTNERS} | {t.maker for t in BAY} | set(SERVICE_VENDORS) | {demo_secrets.COMPANY}
    bare = {re.sub(r"\(주\)|주식회사|㈜", "", c).strip() for c in companies}
    return {"phones": {m for t in texts for m in PHONE.findall(t)}, "names": operators,
            "companies": companies | bare, "recipes": recipes}


def published_text(version: Path) -> tuple[str, list[float]]:
    """Every string cell, file name and text file of a version as one text; every float cell."""
    parts, numbers = [], []
    for path in sorted(version.rglob("*")):
        parts.append(str(path.relative_to(version)))
        if path.suffix == ".parquet":
            for column in pq.read_table(path).columns:
                values = column.to_pylist()
                parts += [str(v) for v in values if v is not None]
                numbers += [v for v in values if isinstance(v, float)]
        elif path.is_file():
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts), numbers


def test_no_demo_secret_is_anywhere_in_the_published_dataset(published, demo_data):
    secrets = source_secrets(demo_data)
    assert secrets["phones"] and len(secrets["names"]) > 20 and len(secrets["recipes"]) > 30  # the test has teeth
    text, _ = published_text(published)
    for kind in ("phones", "names", "companies"):
        leaked = sorted(s for s in secrets[kind] if s in text)
        assert not leaked, f"{kind} published: {len(leaked)}"
    recipe = ds.dataset(published / "recipe").to_table()
    setpoints = {v for column in recipe.columns if column.type == "double" for v in column.to_pylist()}
    assert not secrets["recipes"] & setpoints, "a raw recipe setpoint was published"
    for column in ("press_force", "spindle_speed", "feed_rate"):
        values = [v for v in recipe.column(column).to_pylist() if v is not None]
        assert abs(sum(values) / len(values)) < 1e-9  # standardized: mean 0, scale hidden
    assert "<PERSON_" in text and "<PHONE_" in text  # remarks are kept, with typed tokens


def test_the_report_card_and_manifest_describe_what_was_done(published):
    report = json.loads((published / "anonymization.json").read_text())
    assert report["policies"]["recipe"]["press_force"] == "protect (standardize)"
    assert report["entities_replaced"]["PERSON"] > 50 and report["entities_replaced"]["PHONE"] > 50
    partner = report["tables"]["business_partner"]["k_anonymity"]
    assert partner["required"] == 2 and partner["achieved"] >= 2 and partner["suppressed"] >= 1
    assert report["leakage_scan"]["findings"] == 0 and report["leakage_scan"]["cells"] > 10_000
    manifest = json.loads((published / "manifest.json").read_text())
    assert manifest["anonymization"]["leakage_scan"] == "passed"
    card = (published / "README.md").read_text()
    assert "## Anonymization" in card and "| recipe | press_force | protect (standardize) |" in card


def test_pseudonyms_join_across_tables_and_dates_move_by_one_offset(published, demo_data):
    orders = ds.dataset(published / "work_order", partitioning="hive").to_table()
    results = ds.dataset(published / "production_result", partitioning="hive").to_table()
    tokens = set(orders.column("work_order_id").to_pylist())
    assert all(re.fullmatch(r"[0-9a-f]{16}", t) for t in tokens)
    assert set(results.column("work_order_id").to_pylist()) <= tokens  # the join survives
    with closing(sqlite3.connect(demo_data / "plant.db")) as db:
        raw = {r[0] for r in db.execute("SELECT WO_NO FROM TB_WO_MST")}
    assert not raw & tokens
    first_raw = min(r for r in raw)
    assert orders.num_rows == len(raw)
    shifted = sorted(orders.column("planned_start").to_pylist())
    with closing(sqlite3.connect(demo_data / "plant.db")) as db:
        starts = sorted(r[0] for r in db.execute("SELECT PLAN_ST_DT FROM TB_WO_MST"))
    assert first_raw and len(shifted) == len(starts)
    from datetime import datetime, timedelta, timezone

    utc = [datetime.strptime(s, "%Y%m%d%H%M%S").replace(tzinfo=timezone(timedelta(hours=9))) for s in starts]
    offsets = {a - b for a, b in zip(shifted, utc)}
    assert len(offsets) == 1 and offsets.pop() != timedelta(0)


def test_generalized_columns_are_coarse(published):
    equipment = ds.dataset(published / "equipment").to_table().to_pylist()
    assert all(e["installed_on"] is None or (e["installed_on"].month, e["installed_on"].day) == (1, 1) for e in equipment)
    assert all(e["rated_power"] is None or e["rated_power"] % 10 == 0 for e in equipment)
    partners = ds.dataset(published / "business_partner").to_table().to_pylist()
    assert {p["region"] for p in partners} <= {"KR", None}  # the one Japanese supplier is not singled out


def test_same_inputs_and_key_give_identical_files_and_another_key_other_tokens(published, demo_data, tmp_path,
                                                                                monkeypatch):
    again = build(load_spec(demo_spec(demo_data, tmp_path)), tmp_path / "again").path

    def hashes(version: Path) -> dict[str, str]:
        from plantset.core.digest import sha256_file

        return {str(p.relative_to(version)): sha256_file(p) for p in version.rglob("*.parquet")}

    assert hashes(again) == hashes(published)
    monkeypatch.setenv(demo_secrets.KEY_VARIABLE, "another-key-for-another-company-0001")
    other = build(load_spec(demo_spec(demo_data, tmp_path)), tmp_path / "other").path
    first = set(ds.dataset(published / "material").to_table().column("material_id").to_pylist())
    second = set(ds.dataset(other / "material").to_table().column("material_id").to_pylist())
    assert first and not first & second


def test_no_key_no_run_and_the_key_is_written_nowhere(demo_data, tmp_path, monkeypatch, capfd):
    spec = load_spec(demo_spec(demo_data, tmp_path))
    monkeypatch.delenv(demo_secrets.KEY_VARIABLE)
    with pytest.raises(StageError, match=f"{demo_secrets.KEY_VARIABLE} is not set"):
        build(spec, tmp_path / "nokey")
    assert not (tmp_path / "nokey" / "demo-machinery").exists()
    monkeypatch.setenv(demo_secrets.KEY_VARIABLE, "too-short")
    with pytest.raises(StageError, match="shorter than 16 bytes"):
        build(spec, tmp_path / "nokey")
    key = "a-key-whose-bytes-must-never-be-written-9f2e"
    monkeypatch.setenv(demo_secrets.KEY_VARIABLE, key)
    build(spec, tmp_path / "keyed")
    captured = capfd.readouterr()
    assert key not in captured.out + captured.err
    for path in (tmp_path / "keyed").rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), path


def test_a_person_column_cannot_be_kept_as_written(demo_data, tmp_path):
    weak = demo_spec(demo_data, tmp_path, {"reported_at: shift, operator: pseudonym": "reported_at: shift, operator: keep"})
    with pytest.raises(SpecError) as caught:
        load_spec(weak)
    assert "anonymize.columns.production_result.operator: holds a person's name" in str(caught.value)


def test_a_leak_blocks_publishing_and_names_table_column_and_row(demo_data, tmp_path):
    weak = demo_spec(demo_data, tmp_path, {"business_partner: {partner_id: pseudonym, name: pseudonym,":
                                           "business_partner: {partner_id: pseudonym, name: keep,"})
    out = tmp_path / "out"
    with pytest.raises(StageError) as caught:
        build(load_spec(weak), out)
    message = str(caught.value)
    assert "leakage scan blocked publishing" in message and "business_partner.name row" in message
    assert not any(name in message for name in source_secrets(demo_data)["names"])  # places, never values
    layout = out / "demo-machinery"
    assert not [p for p in layout.iterdir() if p.name.startswith("v")] if layout.exists() else True
    assert not (out / ".plantset" / "demo-machinery" / "state.json").exists()  # watermarks unchanged


def test_the_leakage_scan_looks_for_the_key_itself(demo_data, tmp_path, monkeypatch):
    key = "냉각 불량으로 과열 정지"  # a key that, by mischance, stands in a kept column of the plant's data
    monkeypatch.setenv(demo_secrets.KEY_VARIABLE, key)
    out = tmp_path / "out"
    with pytest.raises(StageError) as caught:
        build(load_spec(demo_spec(demo_data, tmp_path)), out)
    message = str(caught.value)
    assert "leakage scan blocked publishing" in message and "failure_event.cause row" in message
    assert key not in message
    assert not [p for p in (out / "demo-machinery").iterdir() if p.name.startswith("v")]


def test_private_secrets_are_the_key_the_resolved_passwords_and_the_protect_parameters(tmp_path, monkeypatch):
    from plantset.pipeline.anonymization import private_secrets

    spec = tmp_path / "spec.yaml"
    spec.write_text("""\
dataset: secrets
industry: demo
title: Secrets
owner: tests
sources:
  - kind: sql
    name: erp
    url: "postgresql+psycopg://reader@127.0.0.1:5432/erp"
    password: {env: ERP_PASSWORD}
    tables: [{name: items, table: items}]
  - kind: sql
    name: mes
    connection: {env: MES_URI}
    tables: [{name: lots, table: lots}]
tables:
  - target: material
    source: erp.items
    columns: {material_id: item_cd, name: item_nm}
anonymize:
  key: {env: PLANTSET_TEST_KEY}
  columns:
    material: {material_id: pseudonym, name: keep}
""", encoding="utf-8")
    monkeypatch.setenv("ERP_PASSWORD", "erp-Passw0rd-7c1")
    monkeypatch.setenv("MES_URI", "postgresql+psycopg://mes:mes-Passw0rd-2b9@127.0.0.1/mes")
    private = tmp_path / "private"
    private.mkdir()
    (private / "protect.json").write_text('{"material.weight": [1734.5678901234, 12.25]}', encoding="utf-8")
    found = private_secrets(load_spec(spec).spec, private)
    assert found == {"plantset-test-key-0123456789abcdef", "erp-Passw0rd-7c1", "mes-Passw0rd-2b9", "1734.5678901234"}


def test_another_key_for_a_published_dataset_is_refused(demo_data, tmp_path, monkeypatch):
    spec = load_spec(demo_spec(demo_data, tmp_path))
    out = tmp_path / "out"
    build(spec, out)
    other = "another-valid-key-of-the-wrong-company-0001"
    monkeypatch.setenv(demo_secrets.KEY_VARIABLE, other)
    with pytest.raises(StageError) as caught:
        build(spec, out)
    message = str(caught.value)
    assert "is not the key demo-machinery was anonymized with" in message and "--out NEW" in message
    assert other not in message
    assert sorted(p.name for p in (out / "demo-machinery").iterdir() if p.name.startswith("v")) == ["v0001"]
    fingerprint = (out / ".plantset" / "demo-machinery" / "key.json").read_text()
    assert demo_secrets.DEMO_KEY not in fingerprint and other not in fingerprint


def test_what_one_dataset_of_a_company_pseudonymizes_is_a_token_in_its_other_datasets_text(demo_data, tmp_path, monkeypatch):
    """The probe's case: item codes pseudonymized in the records dataset stood in clear in the documents dataset."""
    import shutil

    from anonymize.pseudonym import KeyedPseudonym
    from demo.documents import generate_documents

    library = tmp_path / "library"
    generate_documents(library / "documents")
    for name in ("lexicon.txt", "staff.txt"):
        shutil.copy(demo_data / name, library / name)
    monkeypatch.setenv("PLANTSET_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "company"
    records = build(load_spec(demo_spec(demo_data, tmp_path)), out).path
    documents = load_spec(ROOT / "industries" / "demo-documents.yaml", {"PLANTSET_DEMO_DATA": str(library)})
    version = build(documents, out).path
    text = " ".join(v for v in ds.dataset(version / "document_element").to_table().column("text").to_pylist() if v)
    assert "FG-3001" not in text and "SF-2001" not in text
    token = KeyedPseudonym(demo_secrets.DEMO_KEY.encode()).token("FG-3001")
    assert f"<ID_{token.upper()}>" in text  # the mention joins the records' pseudonym
    items = set(ds.dataset(records / "material").to_table().column("material_id").to_pylist())
    assert token in items


def test_the_leakage_scan_looks_for_what_earlier_runs_and_sibling_datasets_hide(tmp_path):
    import pyarrow as pa

    from anonymize.gate import LeakageScan
    from plantset.pipeline.anonymization import HIDDEN, KEY_FINGERPRINT, fingerprint, needles

    out = tmp_path / "out" / ".plantset"
    sibling, own, stranger = out / "records", out / "documents", out / "another-company"
    for folder, key, values in ((sibling, demo_secrets.DEMO_KEY, ["FG-3001", "(주)대성정밀"]),
                                (own, demo_secrets.DEMO_KEY, ["DOC-2025-0007"]),
                                (stranger, "another-company-key-0123456789", ["XYZ-0001"])):
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"value": values}), folder / HIDDEN)
        (folder / KEY_FINGERPRINT).write_text(json.dumps({"fingerprint": fingerprint(key.encode())}))
    (tmp_path / "lexicon.txt").write_text("", encoding="utf-8")
    (tmp_path / "staff.txt").write_text("", encoding="utf-8")
    spec = load_spec(demo_spec(tmp_path, tmp_path))
    found = needles(spec, tmp_path / "no-run", own)
    assert found.values["hidden in dataset records"] == {"FG-3001", "(주)대성정밀"}
    assert found.values["hidden in earlier runs"] == {"DOC-2025-0007"}
    assert "hidden in dataset another-company" not in found.values  # another key: another company's dataset
    staged = tmp_path / "staged"
    (staged / "document").mkdir(parents=True)
    pq.write_table(pa.table({"title": ["Bracket FG-3001 drawing", "fine"]}), staged / "document" / "part-0.parquet")
    findings = LeakageScan(found).scan_folder(staged)
    assert [(f.table, f.column, f.row) for f in findings] == [("document", "title", 0)]
