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
from typing import NamedTuple

from anonymize import english, identifiers, organisations, persons
from anonymize.batch import Batch
from anonymize.identifiers import Found
from anonymize.lexicon import Lexicon, LexiconMatcher, skeleton_of


class Span(NamedTuple):
    start: int
    end: int
    entity: str


# Overlapping spans become one, named after the longest; among equally long ones the higher
# priority names it: the company's own terms, then identifiers and names, then the rest.
_PRIORITY = {"PERSON": 1, "ADDRESS": 0, "VEHICLE_PLATE": 0}
_ADDRESSES = ("EMAIL", "URL")
_FOUND_COMPANY = 1.5  # a company found by its legal form or a field: above a name shaped like a person's


def _merge(found: list[tuple[int, int, str, int]]) -> list[Span]:
    """Overlapping spans joined into one, so no part of either is left in the text."""
    if len(found) < 2:
        return [Span(*f[:3]) for f in found]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), -f[3]))
    spans: list[Span] = []
    rank = (0, 0)
    for start, end, kind, priority in found:
        if spans and start < spans[-1].end:
            last = spans[-1]
            if (end - start, priority) > rank:
                last, rank = Span(last.start, last.end, kind), (end - start, priority)
            spans[-1] = Span(last.start, max(last.end, end), last.entity)
            continue
        spans.append(Span(start, end, kind))
        rank = (end - start, priority)
    return spans


def _normal(entity: str, surface: str) -> str:
    if entity in ("PHONE", "KR_RRN", "KR_FRN", "KR_BRN", "KR_CRN", "BANK_ACCOUNT", "KR_DRIVER_LICENSE"):
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


TOKEN_HEX = 12  # 48 bits: two of a dataset's hundred thousand names share a token with odds of 1 in 50,000


class KeyedTokens:
    """``<ENTITY_xxxxxxxxxxxx>`` from HMAC-SHA-256 under the company key: stable across tables, runs and versions."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, entity: str, surface: str) -> str:
        key = (entity, _normal(entity, surface))
        token = self._cache.get(key)
        if token is None:
            digest = hmac.new(self._key, f"{entity}\0{key[1]}".encode(), hashlib.sha256).hexdigest()
            token = self._cache[key] = f"<{entity}_{digest[:TOKEN_HEX].upper()}>"
        return token


class Redactor:
    """Detects and replaces sensitive spans in Korean and English text."""

    def __init__(self, lexicon: Lexicon | None = None, tokens: Callable[[str, str], str] | None = None,
                 *, tag_names: bool = True, public: Sequence[str] = ()) -> None:
        self._lexicon = LexiconMatcher(lexicon or Lexicon())
        self._tokens = tokens or NumberedTokens()
        self._tag_names = tag_names
        self._public = tuple(public)
        self.counts: Counter[str] = Counter()

    def spans_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """The spans to replace in each text, without overlaps, in order."""
        batch = Batch(texts)
        found = [self._detect(text, *parts) for text, *parts in zip(
            texts, self._lexicon.find_many(batch), self._identifiers(batch),
            persons.titled(batch), english.names(batch), organisations.names(batch))]
        self._companies_again(batch, found)
        if self._tag_names:  # kiwipiepy only reads what the patterns left open
            known = [[(start, end) for start, end, _, _ in spans] for spans in found]
            for spans, extra in zip(found, persons.tagged(texts, known)):
                spans += [(start, end, kind, 0) for start, end, kind in extra]
        return [self._resolve(text, spans) for text, spans in zip(texts, found)]

    @staticmethod
    def _companies_again(batch: Batch, found: list[list[tuple[int, int, str, int]]]) -> None:
        """Letterheads (a name right before an address), then the organisations behind the batch's mailboxes and
        web sites and the companies found by legal form, field or letterhead, wherever the batch names them
        again without those cues (BASF after BASF Corporation)."""
        texts = batch.texts
        holding = [index for index, spans in enumerate(found) if spans]
        places = {i: [(s, e) for s, e, kind, _ in found[i] if kind == "ADDRESS"] for i in holding}
        for index, extra in organisations.letterheads(texts, {i: p for i, p in places.items() if p}).items():
            found[index] += [(s, e, kind, _FOUND_COMPANY) for s, e, kind in extra]
        addresses = [texts[i][s:e] for i in holding for s, e, kind, _ in found[i] if kind in _ADDRESSES]
        companies = {texts[i][s:e] for i in holding for s, e, kind, p in found[i]
                     if kind == organisations.ENTITY and p == _FOUND_COMPANY}
        for finder, names in ((organisations.by_domain, addresses), (organisations.by_name, companies)):
            if names:
                for spans, extra in zip(found, finder(batch, names)):
                    spans += [(s, e, kind, 1) for s, e, kind in extra]

    def _identifiers(self, batch: Batch) -> list[list[Found]]:
        """Identifiers per text, without the web and mail addresses and phone lines of public bodies (ECHA, KOSHA,
        CHEMTREC …)."""
        found = identifiers.identifiers_many(batch)
        return [[f for f in spans if not self._public_reference(f[2], text[f[0]:f[1]])]
                for text, spans in zip(batch.texts, found)]

    def _public_reference(self, entity: str, surface: str) -> bool:
        if entity in _ADDRESSES:
            return organisations.is_public(surface, self._public)
        return entity == "PHONE" and organisations.is_public_phone(surface, self._public)

    @staticmethod
    def _detect(text: str, terms: list[Found], ids: list[Found], korean: list[Found],
                latin: list[Found], companies: list[Found]) -> list[tuple[int, int, str, int]]:
        if not text:
            return []
        found = [(s, e, kind, 2) for s, e, kind in terms]
        found += [(s, e, kind, _PRIORITY.get(kind, 1)) for s, e, kind in ids]
        found += [(s, e, kind, _FOUND_COMPANY) for s, e, kind in companies]  # Company Name: Fisher Scientific
        return found + [(s, e, kind, 1) for s, e, kind in (*korean, *latin)]

    @staticmethod
    def _resolve(text: str, found: list[tuple[int, int, str, int]]) -> list[Span]:
        names = [(s, e) for s, e, kind, _ in found if kind == "PERSON"]
        if "|" in text and any(kind in persons.PERSONAL for _, _, kind, _ in found):
            in_cells = [(s, e) for s, e, _ in persons.cells(text)]
            found += [(s, e, "PERSON", 0) for s, e in in_cells]
            names += in_cells
        if names and persons.LIST_MARK.search(text):
            found += [(s, e, kind, 0) for s, e, kind in persons.listed(text, names)]
            found += [(s, e, kind, 0) for s, e, kind in english.listed(text, names)]
        return _merge(found)

    def token(self, entity: str, surface: str) -> str:
        """The token that replaces ``surface`` as a whole (a person column's value); counted."""
        self.counts[entity] += 1
        return self._tokens(entity, surface)

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
