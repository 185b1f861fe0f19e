"""`plantset report`: what the programme reports, from the run history of every dataset."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.table import Table

from plantset.core.history import read_all

SUCCESS = ("published", "unchanged")


@dataclass
class DatasetSummary:
    """One dataset's runs, summarized."""

    dataset: str
    industry: str
    runs: int
    succeeded: int
    failed: int
    current_version: str | None
    last_success: str | None
    hours_of_operation: float

    @property
    def success_rate(self) -> float:
        return self.succeeded / self.runs if self.runs else 0.0

    def freshness_hours(self, now: datetime) -> float | None:
        if self.last_success is None:
            return None
        return (now - datetime.fromisoformat(self.last_success)).total_seconds() / 3600


def _hours(run: dict[str, Any]) -> float:
    if not run.get("ended_at"):
        return 0.0
    span = datetime.fromisoformat(run["ended_at"]) - datetime.fromisoformat(run["started_at"])
    return span.total_seconds() / 3600


def summarize(out: Path) -> list[DatasetSummary]:
    """A summary per dataset under ``out``, sorted by industry and name."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for run in read_all(out):  # a retried step may record a run twice: its last record counts
        latest.pop((run["dataset"], run["run_id"]), None)
        latest[(run["dataset"], run["run_id"])] = run
    by_dataset: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for run in latest.values():
        by_dataset[run["dataset"]].append(run)
    summaries = []
    for dataset, runs in by_dataset.items():
        good = [r for r in runs if r["status"] in SUCCESS]
        summaries.append(DatasetSummary(
            dataset=dataset, industry=runs[-1]["industry"], runs=len(runs), succeeded=len(good),
            failed=sum(r["status"] == "failed" for r in runs),
            current_version=good[-1]["version"] if good else None,
            last_success=good[-1]["ended_at"] if good else None,
            hours_of_operation=sum(_hours(r) for r in runs),
        ))
    return sorted(summaries, key=lambda s: (s.industry, s.dataset))


def print_report(console, out: Path, now: datetime) -> None:
    """Datasets per industry, freshness, success rate and hours of pipeline operation."""
    summaries = summarize(out)
    if not summaries:
        console.print(f"no runs recorded under {out}", soft_wrap=True)
        return
    table = Table("industry", "dataset", "version", "runs", "success rate", "freshness (h)", "hours of operation")
    for s in summaries:
        fresh = s.freshness_hours(now)
        table.add_row(s.industry, s.dataset, s.current_version or "—", str(s.runs), f"{s.success_rate:.0%}",
                      "—" if fresh is None else f"{fresh:.1f}", f"{s.hours_of_operation:.3f}")
    console.print(table)
    industries = defaultdict(int)
    for s in summaries:
        industries[s.industry] += 1
    runs = sum(s.runs for s in summaries)
    console.print("datasets per industry: " + ", ".join(f"{k} {v}" for k, v in sorted(industries.items())))
    console.print(f"{runs} runs, success rate {sum(s.succeeded for s in summaries) / runs:.0%}, "
                  f"{sum(s.hours_of_operation for s in summaries):.3f} hours of pipeline operation")
