"""The dataset card: Hugging Face `datasets` reads its header and loads every table, offline."""

from __future__ import annotations

import json

import yaml

from plantset.pipeline.runner import build
from plantset.pipeline.specs import load_spec


def test_datasets_loads_every_table_the_card_declares(make_plant, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    plant = make_plant(results=40, defects=3)
    version = build(load_spec(plant.spec()), tmp_path / "out").path
    card = (version / "README.md").read_text(encoding="utf-8")
    header = yaml.safe_load(card.split("---\n")[1])
    manifest = json.loads((version / "manifest.json").read_text())
    assert header["license"] == "other" and header["size_categories"] == ["n<1K"]
    assert {c["config_name"] for c in header["configs"]} == set(manifest["tables"]) == {"production_result", "defect"}

    import datasets

    for name, table in manifest["tables"].items():
        loaded = datasets.load_dataset(str(version), name=name, cache_dir=str(tmp_path / "hf"))
        assert loaded["train"].num_rows == table["rows"]
        assert set(loaded["train"].column_names) >= {f["name"] for f in table["schema"]}
