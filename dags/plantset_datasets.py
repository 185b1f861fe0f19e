"""One Airflow DAG per dataset spec (PLANTSET_SPECS, default industries/), publishing to PLANTSET_OUT."""

from pathlib import Path

from plantset import environment
from plantset.dags import generate

_ROOT = Path(__file__).resolve().parent.parent

globals().update(generate(Path(environment.specs_folder(str(_ROOT / "industries"))),
                          environment.output_folder(str(_ROOT / "out"))))
