"""Progress on long work, drawn with rich: one line per source table with a row counter."""

from __future__ import annotations

from plantset.pipeline.runner import Reporter


class RichReporter(Reporter):
    """A ``Reporter`` that shows live progress on a rich console."""

    def __init__(self, console):
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False),
                                 TextColumn("{task.completed:>12,.0f} rows"), TimeElapsedColumn(),
                                 console=console, transient=False)
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for task in self.tasks.values():
            self.progress.update(task, total=self.progress.tasks[task].completed or 1,
                                 completed=self.progress.tasks[task].completed or 1)
        self.progress.stop()

    def stage(self, name: str) -> None:
        self.progress.console.log(f"stage: {name}")

    def table_started(self, label: str) -> None:
        self.tasks[label] = self.progress.add_task(f"extract {label}", total=None)

    def rows(self, label: str, count: int) -> None:
        self.progress.advance(self.tasks[label], count)
