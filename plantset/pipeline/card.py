"""The dataset card (README.md) of a published version."""

from __future__ import annotations

from typing import Any

import yaml

from anonymize.columns import describe
from plantset.core.spec import DatasetSpec

_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
          (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"))


def front_matter(spec: DatasetSpec, manifest: dict[str, Any]) -> str:
    """The YAML header Hugging Face `datasets` reads: one config per table, its Parquet files as the train split."""
    rows = sum(table["rows"] for table in manifest["tables"].values())
    size = next((label for limit, label in _SIZES if rows < limit), "n>1B")
    header = {
        "pretty_name": spec.title,
        "license": spec.license,
        "language": spec.language,
        "size_categories": [size],
        "tags": ["manufacturing", "industrial-ai", spec.industry],
        "configs": [{"config_name": name, "data_files": [{"split": "train", "path": f"{name}/**/*.parquet"}]}
                    for name in manifest["tables"]]
        + [{"config_name": name, "data_files": [{"split": "train", "path": entry["path"]}]}
           for name, entry in manifest.get("training", {}).items() if entry["path"].endswith(".parquet")],
    }
    if spec.task_categories:
        header["task_categories"] = spec.task_categories
    return "---\n" + yaml.safe_dump(header, allow_unicode=True, sort_keys=False) + "---\n\n"


def dataset_card(spec: DatasetSpec, manifest: dict[str, Any]) -> str:
    """Markdown describing what the version holds, for people who receive the dataset."""
    lines = [
        f"# {spec.title}",
        "",
        spec.description.strip() or "(no description)",
        "",
        f"- dataset: `{spec.dataset}`, version `{manifest['version']}` (semantic version {manifest['semver']})",
        f"- industry: {spec.industry}",
        f"- owner: {spec.owner}",
        f"- spec sha256: `{manifest['spec_sha256']}`",
        f"- built with plantset {manifest['tools']['plantset']}",
        f"- times are UTC; plant local times were read as {spec.timezone}",
        "",
        "## Sources",
        "",
    ]
    kinds = sorted({(s.kind, s.system or "") for s in spec.sources})
    lines += [f"- {kind}{f' ({system})' if system else ''}" for kind, system in kinds]
    lost = {label: entry["losses"] for label, entry in manifest.get("sources", {}).items() if entry.get("losses")}
    if lost:
        lines += ["", "Values lost while reading (counted by the readers; the tables hold only what arrived):", ""]
        lines += [f"- {label}: {what}: {count:,}" if isinstance(count, int) else f"- {label}: {what}: {count}"
                  for label, losses in lost.items() for what, count in losses.items()]
    lines += ["", "## Tables", ""]
    for name, table in manifest["tables"].items():
        lines += [f"### {name} ({table['rows']} rows)", "", "| column | type | unit | description |",
                  "|---|---|---|---|"]
        lines += [f"| {f['name']} | {f['type']} | {f['unit'] or ''} | {f['description']} |" for f in table["schema"]]
        lines.append("")
    training = manifest.get("training", {}).get("instructions")
    if training:  # not a config above: Hugging Face reads one file format per dataset folder
        lines += ["## Instruction-tuning examples", "",
                  f"`{training['path']}`: {training['examples']} examples (instruction, input, output, and the "
                  "template, table and row key each came from), made from the anonymized tables. Load with "
                  f"`datasets.load_dataset(\"json\", data_files=\"{training['path']}\")`, DuckDB `read_json` "
                  "or Polars `read_ndjson`.", ""]
    lines += _retrieval(manifest.get("training", {}).get("retrieval"))
    lines += _sensors(manifest.get("training", {}))
    lines += _validation(manifest.get("validation"))
    lines += _anonymization(spec, manifest.get("anonymization"))
    return front_matter(spec, manifest) + "\n".join(lines)


def _retrieval(entry: dict[str, Any] | None) -> list[str]:
    if entry is None:
        return []
    return ["## Retrieval corpus", "",
            f"`{entry['path']}`: {entry['rows']} passages, one per document chunk (section-aware, tables whole), "
            "each with its document's title, kind and language, its section path and page span. Load with "
            f"`datasets.load_dataset(\"json\", data_files=\"{entry['path']}\")`, DuckDB `read_json` or Polars "
            "`read_ndjson`.", ""]


def _sensors(training: dict[str, Any]) -> list[str]:
    lines = []
    if "sensor_wide" in training:
        wide = training["sensor_wide"]
        lines += ["## Sensor time series", "",
                  f"`{wide['path']}` ({wide['rows']} rows, config `sensor_wide`): the sensor readings resampled per "
                  f"machine to {wide['interval']} bins aligned to UTC, one column per signal (the last Good value of "
                  "the bin), each with a `__filled` mask telling carried-forward values from observed ones.", ""]
    if "sensor_windows" in training:
        win = training["sensor_windows"]
        lines += [f"`{win['path']}` ({win['rows']} windows, {win['pre_failure']} labelled pre-failure, config "
                  f"`sensor_windows`): {win['window']} windows of the wide table, labelled 1 when a failure of the "
                  f"machine follows within {win['horizon']} (with its failure mode and id), 0 otherwise; windows "
                  "during a failure's downtime are left out, windows overlapping maintenance are flagged.", ""]
    return lines


def _validation(summary: dict[str, Any] | None) -> list[str]:
    if summary is None:
        return []
    return ["## Validation", "",
            f"{summary['expectations']} Great Expectations checks over {summary['tables']} tables (types, required "
            "columns, unique keys, plausible units, freshness, and the spec's own): no critical check failed; "
            f"{summary['failed_warning']} warnings. Results: `{summary['report']}`; Data Docs: "
            f"[{summary['data_docs']}]({summary['data_docs']}).", ""]


def _anonymization(spec: DatasetSpec, summary: dict[str, Any] | None) -> list[str]:
    if summary is None:
        return []
    lines = ["## Anonymization", "",
             f"Every column was published through a declared policy; {summary['entities_replaced']} sensitive "
             f"spans in text were replaced by typed tokens; {summary['rows_suppressed']} rows had values suppressed"
             + (f"; achieved k-anonymity {summary['k_achieved']}" if summary["k_achieved"] is not None else "")
             + f". Leakage scan: {summary['leakage_scan']}. Details in `{summary['report']}`.", "",
             "| table | column | policy |", "|---|---|---|"]
    for table, columns in sorted(spec.anonymize.columns.items()):
        lines += [f"| {table} | {column} | {describe(policy)} |" for column, policy in columns.items()]
    return [*lines, ""]
