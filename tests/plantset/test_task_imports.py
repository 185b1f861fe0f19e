"""An Airflow step process pays for what it uses: only the plan step checks declared expectations with Great
Expectations (importing it takes seconds, once per task process); the other steps load the spec without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from plantset.pipeline.specs import load_spec
loaded = load_spec(sys.argv[1], {"PLANTSET_DEMO_DATA": sys.argv[2]}, check_gx=sys.argv[3] == "1")
print(json.dumps({"expectations": len(loaded.spec.expectations), "gx": "great_expectations" in sys.modules}))
"""


def _probe(data: Path, check_gx: bool) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "industries" / "demo.yaml"), str(data),
                           "1" if check_gx else "0"], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_only_the_plan_step_imports_great_expectations_to_check_the_spec(demo_plant):
    assert _probe(demo_plant, check_gx=True) == {"expectations": _probe(demo_plant, False)["expectations"], "gx": True}
    light = _probe(demo_plant, check_gx=False)
    assert light["expectations"] > 0 and light["gx"] is False
