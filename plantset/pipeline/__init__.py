"""The build: the only code that wires connectors, transforms and anonymize together. One step per stage
(extract, normalize, anonymize, validate, publish); the CLI runs them in order, Airflow one task each.
See docs/architecture.md."""
