"""Keyed pseudonyms: HMAC-SHA-256 under the company key, so joins survive and nothing can be looked up.

The same value gives the same token in every table, run and version built with the same
key. Columns are dictionary-encoded first, so each distinct value is hashed once: a column
of ten million cells with repeating values costs as many HMACs as it has distinct values.
"""

from __future__ import annotations

import hashlib
import hmac

import pyarrow as pa
import pyarrow.compute as pc

TOKEN_HEX = 16  # 64 bits: no collision in any plant's set of values


class KeyedPseudonym:
    """Maps values to tokens under one key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the pseudonym key must be at least 16 bytes")
        self._key = key

    def token(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()[:TOKEN_HEX]

    def column(self, values: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Tokens for a column of any type (cast to text first); nulls stay null."""
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
            values = pc.cast(values, pa.string())
        encoded = values.dictionary_encode()
        key, digest = self._key, hashlib.sha256
        tokens = [None if v is None else hmac.new(key, v.encode(), digest).hexdigest()[:TOKEN_HEX]
                  for v in encoded.dictionary.to_pylist()]
        return pa.array(tokens, pa.string()).take(encoded.indices)
