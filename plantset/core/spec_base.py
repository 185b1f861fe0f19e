"""The base of every spec model, and where secrets are referenced from (shared by the spec modules)."""

from __future__ import annotations

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
