"""The dataset card (README.md) of a published version."""

from __future__ import annotations

from typing import Any

from plantset.spec import DatasetSpec


def dataset_card(spec: DatasetSpec, manifest: dict[str, Any]) -> str:
    """Markdown describing what the version holds, for people who receive the dataset."""
    lines = [
        f"# {spec.title}",
        "",
        spec.description.strip() or "(no description)",
        "",
        f"- dataset: `{spec.dataset}`, version `{manifest['version']}`",
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
    lines += ["", "## Tables", ""]
    for name, table in manifest["tables"].items():
        lines += [f"### {name} ({table['rows']} rows)", "", "| column | type | unit | description |",
                  "|---|---|---|---|"]
        lines += [f"| {f['name']} | {f['type']} | {f['unit'] or ''} | {f['description']} |" for f in table["schema"]]
        lines.append("")
    lines += _anonymization(spec, manifest.get("anonymization"))
    return "\n".join(lines)


def _anonymization(spec: DatasetSpec, summary: dict[str, Any] | None) -> list[str]:
    from anonymize.columns import describe

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
