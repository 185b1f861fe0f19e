"""The demo-documents dataset: the demo plant's document library parsed, chunked, anonymized and published
with a retrieval corpus, the broken file quarantined, and none of the company's secrets in any published byte."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "industries" / "demo-documents.yaml"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    from demo import secrets
    from demo.documents import generate_documents
    from demo.plant import generate

    data = tmp_path_factory.mktemp("plant")
    generate(data, days=2)
    generate_documents(data / "documents")
    _nameplate(data / "documents" / "pump_nameplate.png")  # an image that names nobody: published as an asset
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(secrets.KEY_VARIABLE, secrets.DEMO_KEY)
        patch.setenv("PLANTSET_CACHE", str(tmp_path_factory.mktemp("cache")))
        result = build(load_spec(SPEC, {"PLANTSET_DEMO_DATA": str(data)}), tmp_path_factory.mktemp("out"))
    return result.path, data


def _nameplate(path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from demo.documents.blocks import FONT_DIR

    font = ImageFont.truetype(str(FONT_DIR / "NanumGothic.ttf"), 40)
    image = Image.new("RGB", (900, 300), "white")
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(("COOLANT PUMP P-101", "7.5 kW 1750 rpm 60 Hz", "정격 유량 120 L/min")):
        draw.text((40, 40 + row * 80), line, font=font, fill="black")
    image.save(path, format="PNG")


def test_every_document_is_read_and_the_broken_one_is_quarantined(published):
    version, data = published
    documents = ds.dataset(version / "document").to_table().to_pylist()
    kinds = sorted(d["kind"] for d in documents)
    assert len(documents) == len(list((data / "documents").iterdir())) - 1
    assert kinds.count("msds") == 6 and kinds.count("manual") == 2 and {"drawing", "procedure", "sequence",
                                                                           "simulation_log", "image"} <= set(kinds)
    run = json.loads((version / "run.json").read_text())
    assert run["quarantined"] == ["library/broken_manual.pdf: corrupt or truncated PDF: Data format error"]
    elements = ds.dataset(version / "document_element").to_table()
    titles = [r for r in elements.to_pylist() if r["type"] == "Title"]
    assert any(r["section_path"].count(" > ") >= 1 for r in elements.to_pylist())
    assert {r["level"] for r in titles} >= {1, 2}
    tables = [r for r in elements.to_pylist() if r["type"] == "Table"]
    assert tables and all(json.loads(r["table_cells"]) for r in tables)


def test_no_secret_of_the_company_is_in_any_published_byte(published):
    version, data = published
    from anonymize.lexicon import read_terms

    needles = [term for _, term in read_terms(data / "lexicon.txt", "SECRET") if not term.startswith("re:")]
    needles += [term for _, term in read_terms(data / "staff.txt", "PERSON")]
    assert len(needles) > 20
    for path in sorted(p for p in version.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq

            text = json.dumps(pq.read_table(path).to_pylist(), ensure_ascii=False, default=str)
        else:
            text = path.read_bytes().decode("utf-8", errors="ignore")
        found = [n for n in needles if n in text]
        assert not found, f"{path.relative_to(version)} holds {found[:3]}"


def test_the_retrieval_corpus_loads_everywhere_and_images_naming_people_are_withheld(published, tmp_path,
                                                                                       monkeypatch):
    version, _ = published
    path = version / "training" / "retrieval.jsonl"
    passages = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert passages and all(p["text"] and p["doc_id"] and "section_path" in p for p in passages)
    assert any(p["kind"] == "msds" and p["language"] == "ko" for p in passages)
    assert any(p["has_table"] for p in passages)
    import duckdb
    import polars

    assert duckdb.sql(f"SELECT count(*) FROM read_json('{path}')").fetchall()[0][0] == len(passages)
    assert polars.read_ndjson(path).height == len(passages)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    loaded = datasets.load_dataset("json", data_files=str(path), cache_dir=str(tmp_path / "hf"))
    assert loaded["train"].num_rows == len(passages)
    images = ds.dataset(version / "image").to_table().to_pylist()
    (label,) = [image for image in images if "<PERSON_" in image["ocr_text"]]
    assert label["asset"] is None  # the picture shows the name: not published
    (plate,) = [image for image in images if "P-101" in image["ocr_text"]]
    assert plate["asset"] == f"assets/{plate['image_id']}.png" and (version / plate["asset"]).is_file()
    assert [p.name for p in (version / "assets").iterdir()] == [f"{plate['image_id']}.png"]


def test_no_published_id_or_name_is_a_hash_of_a_source_file(published):
    """Document and image ids are keyed: a plain SHA-256 would let anyone holding the company's public files
    link every row back to them. Joins between the tables still hold."""
    version, data = published
    import hashlib

    hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (data / "documents").rglob("*") if p.is_file()}
    for path in sorted(p for p in version.rglob("*") if p.is_file()):
        text = path.name + (json.dumps(ds.dataset(path).to_table().to_pylist(), default=str) if path.suffix == ".parquet"
                            else path.read_bytes().decode("utf-8", errors="ignore"))
        assert not [h for h in hashes if h in text], path.relative_to(version)
    documents = ds.dataset(version / "document").to_table().to_pylist()
    assert all(d["bytes"] is None for d in documents)
    elements = ds.dataset(version / "document_element").to_table().to_pylist()
    assert {e["doc_id"] for e in elements} <= {d["doc_id"] for d in documents}
    assert all(e["element_id"].startswith(e["doc_id"] + ":") for e in elements)


def test_without_a_lexicon_the_company_name_address_and_phone_are_gone_and_the_audit_proposes_them(
        published, tmp_path, monkeypatch):
    """A new user's first build has no lexicon yet: the detectors alone keep the demo company's name, address and
    phone (in every page's running head and footer, in the texts) out of the published bytes; `plantset audit`
    proposes all three for the lexicon."""
    from typer.testing import CliRunner

    from demo import secrets
    from plantset.cli import app

    _, data = published
    text = SPEC.read_text(encoding="utf-8").replace('  lexicon: ["${PLANTSET_DEMO_DATA}/lexicon.txt"]\n', "")
    assert "lexicon.txt" not in text
    spec = tmp_path / "no-lexicon.yaml"
    spec.write_text(text, encoding="utf-8")
    monkeypatch.setenv(secrets.KEY_VARIABLE, secrets.DEMO_KEY)
    monkeypatch.setenv("PLANTSET_DEMO_DATA", str(data))
    monkeypatch.setenv("PLANTSET_CACHE", str(tmp_path / "cache"))
    version = build(load_spec(spec), tmp_path / "out").path
    company = secrets.COMPANY.replace("(주)", "")
    digits = secrets.PHONE.replace("-", "")
    for path in sorted(p for p in version.rglob("*") if p.is_file()):
        raw = (json.dumps(ds.dataset(path).to_table().to_pylist(), ensure_ascii=False, default=str)
               if path.suffix == ".parquet" else path.read_bytes().decode("utf-8", errors="ignore"))
        squeezed = "".join(raw.split())
        assert company not in raw and secrets.ADDRESS.replace(" ", "") not in squeezed, path.relative_to(version)
        assert digits not in "".join(c for c in raw if c.isdigit() or c == "\n"), path.relative_to(version)
    elements = ds.dataset(version / "document_element").to_table().to_pylist()
    assert not {"Header", "Footer", "PageNumber"} & {e["type"] for e in elements}  # page furniture left out
    sources = json.loads((version / "run.json").read_text())["sources"]
    assert sum(s.get("reading", {}).get("furniture_left_out", 0) for s in sources.values()) > 0, sources

    out = tmp_path / "audit.tsv"
    result = CliRunner().invoke(app, ["audit", str(spec), "--out", str(out)])
    assert result.exit_code == 0, result.output
    proposed = {tuple(line.split("\t", 1)) for line in out.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")}
    assert ("COMPANY", company) in proposed
    assert any(c == "ADDRESS" and secrets.ADDRESS in t for c, t in proposed), sorted(proposed)
    assert ("PHONE", secrets.PHONE) in proposed
