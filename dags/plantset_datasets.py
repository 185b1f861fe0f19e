"""One Airflow DAG per dataset spec, publishing to PLANTSET_OUT (default out/).

Specs come from PLANTSET_SPECS: one or more folders separated by ":" (default industries/),
e.g. PLANTSET_SPECS=industries:/etc/plantset/specs.
"""

import os
from pathlib import Path

from plantset.core import environment
from plantset.dags import generate

_ROOT = Path(__file__).resolve().parent.parent
_FOLDERS = environment.specs_folder(str(_ROOT / "industries")).split(os.pathsep)

globals().update(generate([Path(folder) for folder in _FOLDERS if folder],
                          environment.output_folder(str(_ROOT / "out"))))
