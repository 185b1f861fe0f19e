"""plantset: factory data into anonymized, validated AI training datasets."""

__version__ = "0.1.0"
