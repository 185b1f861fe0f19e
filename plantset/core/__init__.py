"""The floor every other layer stands on: errors, spec models and reading, a dataset's folders, its state
and lock, manifests and version checks, secrets and the environment. Imports nothing of ours but
``schemas``; see docs/architecture.md."""
