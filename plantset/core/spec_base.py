"""The base of every spec model, and where secrets are referenced from (shared by the spec modules)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

SLUG = r"^[a-z][a-z0-9_-]{0,62}$"
DURATION = r"^\d+(\.\d+)?(ms|s|m|h|d)$"


class SpecModel(BaseModel):
    """Base for spec models: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SecretRef(SpecModel):
    """Where a secret lives. Exactly one of ``env`` or ``airflow_conn``."""

    env: str | None = Field(None, description="Name of the environment variable that holds the secret.")
    airflow_conn: str | None = Field(
        None,
        description="Airflow connection id; its URI (or password, for `password:`) is the secret.",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> SecretRef:
        if (self.env is None) == (self.airflow_conn is None):
            raise ValueError("give exactly one of `env` or `airflow_conn`")
        return self


class SourceBase(SpecModel):
    """What every kind of source has. A kind's model narrows ``kind`` to its own ``Literal`` and adds its settings
    and its ``tables`` (each with a ``name``); ``connectors.registry`` names the model and the reader of each kind."""

    kind: str = Field(description="The kind of source; one of the kinds `connectors.registry` lists.")
    name: str = Field(pattern=SLUG, description="Name of the source, unique in the spec.")
    system: str | None = Field(None, description="What the source is, for the dataset card: MES, ERP, QA, SCADA, document library, …")

    def resolve_files(self, folder: Path) -> None:
        """Make the files this source names relative to ``folder`` (the spec file's), where the kind says so."""

    appends: ClassVar[bool] = False
    """Whether each run adds its rows to the last version's (new files, readings, documents) even without a
    watermark, rather than replacing the table."""
