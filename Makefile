# Two commands on a fresh machine: `make demo` and `make test`.
# Both create or reuse .venv and install the exact tree pinned in requirements.lock.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
LOCK_HASH := $(shell sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(LOCK_HASH)
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: demo test bench lock wheelhouse spec-schema clean airflow-demo system

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

# Debian packages beside the venv (Tesseract with Korean data, Nanum fonts); a no-op when present.
system:
	@sh deploy/system-packages.sh

demo: $(STAMP) system
	$(VENV)/bin/plantset demo

# The demo dataset's DAG, run end to end by Airflow with the committed airflow.cfg.
AIRFLOW_ENV := AIRFLOW_HOME=$(CURDIR)/airflow-home AIRFLOW_CONFIG=$(CURDIR)/airflow.cfg PLANTSET_HOME=$(CURDIR) \
	PLANTSET_DEMO_DATA=$(CURDIR)/.plantset/demo PLANTSET_OUT=$(CURDIR)/out \
	PLANTSET_DEMO_KEY=$$($(PY) -c 'from demo.secrets import DEMO_KEY; print(DEMO_KEY)')
airflow-demo: $(STAMP)
	$(VENV)/bin/plantset demo --no-build --data .plantset/demo
	@mkdir -p airflow-home
	$(AIRFLOW_ENV) $(VENV)/bin/airflow db migrate
	$(AIRFLOW_ENV) $(VENV)/bin/airflow dags test plantset_demo_machinery
	$(VENV)/bin/plantset inspect out/demo-machinery

# The layers first (docs/architecture.md; contracts in pyproject.toml), then the suite.
test: $(STAMP) system
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

bench: $(STAMP) system
	$(PY) bench/sql_extract.py
	$(PY) bench/anonymize.py
	$(PY) bench/opcua.py
	$(PY) bench/documents.py
	$(PY) bench/files.py

# Re-resolve the whole dependency tree from requirements.in (needs the package index).
lock:
	$(PYTHON) -m venv /tmp/plantset-lock && /tmp/plantset-lock/bin/pip install --quiet uv
	/tmp/plantset-lock/bin/uv pip compile requirements.in --python-version 3.11 --no-header -o requirements.lock

# Wheels for an air-gapped plant server: copy wheelhouse/ over, then see README.
wheelhouse:
	$(PIP) download --quiet -r requirements.lock -d wheelhouse

spec-schema: $(STAMP)
	$(VENV)/bin/plantset spec-schema --output schemas/dataset-spec.schema.json

clean:
	rm -rf out .plantset
