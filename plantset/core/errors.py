"""The one error type every stage fails through.

A ``StageError`` names the stage, the source, the table and (where known) the column,
says what went wrong and what to do next, and renders as a single line. It says whether
trying again can help (``retryable``: a server that is down, a lock another build holds)
or not (a bad value, a refused key, a blocked publish): Airflow retries only the former.
The pipeline, not the raiser, names the stage (``at``). It stays picklable because it
crosses Airflow task and process-pool boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager


class PlantsetError(Exception):
    """Base class for errors plantset reports to the user as one line."""


class StageError(PlantsetError):
    """A pipeline stage failed; the message says where and what to do."""

    def __init__(
        self,
        stage: str,
        what: str,
        *,
        source: str | None = None,
        table: str | None = None,
        column: str | None = None,
        hint: str | None = None,
        retryable: bool = False,
    ) -> None:
        self.stage = stage
        self.what = what
        self.source = source
        self.table = table
        self.column = column
        self.hint = hint
        self.retryable = retryable
        super().__init__(self.line())

    def __reduce__(self):
        kwargs = {"source": self.source, "table": self.table, "column": self.column, "hint": self.hint,
                  "retryable": self.retryable}
        return _rebuild_stage_error, (self.stage, self.what, kwargs)

    def at(self, stage: str) -> StageError:
        """The same error, named after the pipeline stage that was running when it was raised."""
        if stage == self.stage:
            return self
        return StageError(stage, self.what, source=self.source, table=self.table, column=self.column,
                          hint=self.hint, retryable=self.retryable)

    def line(self) -> str:
        where = ", ".join(
            f"{label} {value}"
            for label, value in (("source", self.source), ("table", self.table), ("column", self.column))
            if value
        )
        text = f"{self.stage}: {where}: {self.what}" if where else f"{self.stage}: {self.what}"
        return f"{text} — {self.hint}" if self.hint else text


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Name the stage that runs inside: a StageError raised there says ``name``, wherever it was raised."""
    try:
        yield
    except StageError as exc:
        raise exc.at(name) from None


def _rebuild_stage_error(stage: str, what: str, kwargs: dict) -> StageError:
    return StageError(stage, what, **kwargs)


class SpecError(PlantsetError):
    """A dataset spec is invalid; carries every problem found, not just the first."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(self.text())

    def __reduce__(self):
        return SpecError, (self.path, self.problems)

    def text(self) -> str:
        count = len(self.problems)
        head = f"{self.path}: {count} problem{'s' if count != 1 else ''} in the dataset spec"
        return "\n".join([head, *(f"  {self.path}: {p}" for p in self.problems)])


def shape(value: object) -> str:
    """What a value looks like without what it says: digits become 9, Latin letters A or a, Hangul 가;
    punctuation and spaces stay. ``'1,95'`` → ``'9,99'``; ``'N/A'`` → ``'A/A'``. Errors and history name a bad
    value by its shape, which says what is wrong with its format without copying plant data into logs."""
    text = str(value)
    out = []
    for char in text[:40]:
        if char.isdigit():
            out.append("9")
        elif "가" <= char <= "힣":
            out.append("가")
        elif char.isalpha():
            out.append("A" if char.isupper() else "a")
        else:
            out.append(char)
    return "".join(out) + ("…" if len(text) > 40 else "")


# Where database drivers and Arrow quote a row's value in an error (PostgreSQL, MySQL/MariaDB, SQLite, Arrow
# casts); identifiers they quote elsewhere (relation "x" does not exist) are left as they are.
_QUOTED_VALUE = re.compile(
    r"((?:invalid input (?:syntax|value) for (?:type |enum )?[\w ]+|Incorrect [\w ]+ value|Truncated incorrect "
    r"[\w ]+ value|Failed to parse string|could not convert string to \w+|date/time field value out of range|"
    r"value too long for type [\w ()]+|out of range for type \w+|invalid literal for \w+\(\) with base \d+)"
    r"[: ]+)([\"'])(.*?)\2", re.IGNORECASE)


def without_values(message: str) -> str:
    """A driver's or library's error message with the row values it quotes replaced by their shapes."""
    return _QUOTED_VALUE.sub(lambda m: f"{m.group(1)}{m.group(2)}{shape(m.group(3))}{m.group(2)}", message)
