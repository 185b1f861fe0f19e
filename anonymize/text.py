"""The text redactor: finds identifiers, people and lexicon terms and replaces them with typed tokens.

``Redactor.redact_many`` takes a batch of texts (a column, or the lines of a file) so the
morphological analyzer runs over the batch at once. Replacements are typed and consistent:
the same person is the same ``<PERSON_…>`` everywhere the same naming is used (keyed tokens
in the pipeline, numbered ones when trying it out without a key).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from anonymize import identifiers, persons
from anonymize.lexicon import Lexicon, LexiconMatcher, skeleton_of


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: str


# Higher wins when spans overlap and are equally long: the company's own terms come first.
_PRIORITY = {"PERSON": 1, "ADDRESS": 0, "VEHICLE_PLATE": 0}


def _normal(entity: str, surface: str) -> str:
    if entity in ("PHONE", "KR_RRN", "KR_FRN", "KR_BRN", "KR_CRN", "BANK_ACCOUNT"):
        return "".join(c for c in surface if c.isdigit())
    return skeleton_of(surface) or surface


class NumberedTokens:
    """``<ENTITY_n>`` numbered in order of first appearance: for trying the redactor without a key."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], int] = {}
        self._next: Counter[str] = Counter()

    def __call__(self, entity: str, surface: str) -> str:
        key = (entity, _normal(entity, surface))
        if key not in self._seen:
            self._next[entity] += 1
            self._seen[key] = self._next[entity]
        return f"<{entity}_{self._seen[key]}>"


class KeyedTokens:
    """``<ENTITY_xxxxxx>`` from HMAC-SHA-256 under the company key: stable across tables, runs and versions."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, entity: str, surface: str) -> str:
        key = (entity, _normal(entity, surface))
        token = self._cache.get(key)
        if token is None:
            digest = hmac.new(self._key, f"{entity}\0{key[1]}".encode(), hashlib.sha256).hexdigest()
            token = self._cache[key] = f"<{entity}_{digest[:8].upper()}>"
        return token


class Redactor:
    """Detects and replaces sensitive spans in Korean and English text."""

    def __init__(self, lexicon: Lexicon | None = None, tokens: Callable[[str, str], str] | None = None,
                 *, tag_names: bool = True) -> None:
        self._lexicon = LexiconMatcher(lexicon or Lexicon())
        self._tokens = tokens or NumberedTokens()
        self._tag_names = tag_names
        self.counts: Counter[str] = Counter()

    def spans_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """The spans to replace in each text, without overlaps, in order."""
        tagged = persons.tagged(texts) if self._tag_names else [[] for _ in texts]
        return [self._resolve(text, extra) for text, extra in zip(texts, tagged)]

    def _resolve(self, text: str, extra: list[tuple[int, int, str]]) -> list[Span]:
        if not text:
            return []
        found = [(s, e, kind, 2) for s, e, kind in self._lexicon.find(text)]
        found += [(s, e, kind, _PRIORITY.get(kind, 1)) for s, e, kind in identifiers.identifiers(text)]
        found += [(s, e, kind, 1) for s, e, kind in persons.titled(text)]
        found += [(s, e, kind, 1) for s, e, kind in persons.english(text)]
        found += [(s, e, kind, 0) for s, e, kind in extra]
        found.sort(key=lambda f: (f[0], -(f[1] - f[0]), -f[3]))
        spans: list[Span] = []
        for start, end, kind, _ in found:
            if spans and start < spans[-1].end:
                last = spans[-1]
                if end - start > last.end - last.start and start == last.start:
                    spans[-1] = Span(start, end, kind)
                continue
            spans.append(Span(start, end, kind))
        return spans

    def redact_many(self, texts: Sequence[str]) -> list[str]:
        """Each text with its spans replaced by typed tokens; counts what it replaced."""
        return [self._replace(text, spans) for text, spans in zip(texts, self.spans_many(texts))]

    def _replace(self, text: str, spans: list[Span]) -> str:
        if not spans:
            return text
        parts, position = [], 0
        for span in spans:
            parts.append(text[position:span.start])
            parts.append(self._tokens(span.entity, text[span.start:span.end]))
            self.counts[span.entity] += 1
            position = span.end
        parts.append(text[position:])
        return "".join(parts)


TOKEN = re.compile(r"<[A-Z][A-Z0-9_]*_[0-9A-F]+>")
