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
    return "\n".join(lines)
