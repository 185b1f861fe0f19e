"""The company's secret lexicon and staff list, matched whatever the spacing, legal form or particle.

A lexicon file is UTF-8 text, one term per line, optionally ``CATEGORY<TAB>term``; a term
written ``re:PATTERN`` is a regular expression (part- and drawing-number patterns). Lines
starting with ``#`` are comments. Terms match on a skeleton of the text (spaces removed,
lower case), so ``대한 정밀`` finds ``대한정밀``; ㈜, (주) and 주식회사 around a match are taken
into the span; Korean particles after a term (``삼성전자는``) stay outside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from anonymize.batch import Batch
from plantset.errors import SpecError

DEFAULT_CATEGORY = "SECRET"
# Latin forms only as whole words: "inc" is not taken out of "Lincoln", nor "corp" out of "Corpus".
_LEGAL_FORM = (r"(?:[(（]\s?(?:주|株|유|사|재|합)\s?[)）]|[㈜㈱㈲㈔㈕]|주식회사|유한회사|유한책임회사|합자회사|합명회사|"
               r"사단법인|재단법인|株式会社|"
               r"(?<![a-z])(?:co\.,?\s*ltd|inc|corp|corporation|ltd|llc|gmbh|plc)(?![a-z])\.?)")
_LEGAL_FORMS = re.compile(_LEGAL_FORM, re.IGNORECASE)
_FORM_BEFORE = re.compile(rf"{_LEGAL_FORM}\s?$", re.IGNORECASE)
_FORM_AFTER = re.compile(rf"\s?{_LEGAL_FORM}", re.IGNORECASE)
_CATEGORY = re.compile(r"^[A-Z][A-Z0-9_]{0,30}$")


def skeleton_of(term: str) -> str:
    """What a term is matched as: no legal form, no spaces, lower case."""
    return "".join(_LEGAL_FORMS.sub("", term).split()).lower()


@dataclass
class Lexicon:
    """Terms by category, plus regular-expression patterns by category."""

    terms: dict[str, str] = field(default_factory=dict)  # skeleton → category
    patterns: list[tuple[re.Pattern, str]] = field(default_factory=list)
    originals: set[str] = field(default_factory=set)  # as written, for the leakage scan

    def add(self, term: str, category: str = DEFAULT_CATEGORY) -> None:
        term = term.strip()
        if term.startswith("re:"):
            self.patterns.append((re.compile(term[3:]), category))
            return
        skeleton = skeleton_of(term)
        if len(skeleton) >= 2:
            self.terms.setdefault(skeleton, category)
            self.originals.add(term)

    def extend(self, terms: Iterable[str], category: str) -> None:
        for term in terms:
            self.add(term, category)

    def __len__(self) -> int:
        return len(self.terms) + len(self.patterns)


def read_terms(path: Path, default: str = DEFAULT_CATEGORY) -> list[tuple[str, str]]:
    """``(category, term)`` pairs of a lexicon or staff file; every bad line is named in one error."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad writes a byte-order mark
    except FileNotFoundError:
        raise SpecError(str(path), ["lexicon file not found; create it or fix the path in the spec"]) from None
    except UnicodeDecodeError:
        raise SpecError(str(path), ["lexicon file is not UTF-8; convert it, e.g. `iconv -f cp949 -t utf-8`"]) from None
    pairs, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        category, tab, term = line.partition("\t")
        category, term = (category.strip(), term.strip()) if tab else (default, line.strip())
        problem = _problem(category, term)
        if problem:
            problems.append(f"line {number}: {problem}")
        else:
            pairs.append((category, term))
    if problems:
        raise SpecError(str(path), problems)
    return pairs


def _problem(category: str, term: str) -> str | None:
    if not _CATEGORY.match(category):
        return f"category {category!r} must be upper case letters, digits and _ (e.g. COMPANY)"
    if not term:
        return f"no term after the category {category}"
    if term.startswith("re:"):
        try:
            pattern = re.compile(term[3:])
        except re.error as exc:
            return f"bad regular expression {term[3:]!r}: {exc}"
        if pattern.fullmatch(""):
            return f"regular expression {term[3:]!r} matches the empty string; it would match everywhere"
    elif len(skeleton_of(term)) < 2:
        return f"term {term!r} is shorter than two characters without spaces and legal form; it would match anywhere"
    return None


class LexiconMatcher:
    """Finds lexicon terms in text with Aho-Corasick over the text's skeleton."""

    def __init__(self, lexicon: Lexicon):
        import ahocorasick_rs

        self._categories = list(lexicon.terms.values())
        longest = ahocorasick_rs.MatchKind.LeftmostLongest
        self._automaton = ahocorasick_rs.AhoCorasick(list(lexicon.terms), matchkind=longest) if lexicon.terms else None
        self._patterns = lexicon.patterns

    def find_many(self, batch: Batch) -> list[list[tuple[int, int, str]]]:
        """Terms per text; one pass over the whole batch per pattern picks the texts worth a closer look."""
        from bisect import bisect_right

        texts = batch.texts
        hits: set[int] = set()
        for pattern, _ in self._patterns:  # each text where a pattern matches is marked, none skipped
            hits.update(batch.having(pattern))
        if self._automaton is not None:
            squeezed = "".join("\0".join(texts).split())
            skeleton = squeezed.lower()
            if len(skeleton) != len(squeezed):
                skeleton = squeezed
            lines = [0] + [m.end() for m in re.finditer("\0", skeleton)]
            hits |= {bisect_right(lines, start) - 1 for _, start, _ in self._automaton.find_matches_as_indexes(skeleton)}
        return [self.find(text) if index in hits else [] for index, text in enumerate(texts)]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        found = [(m.start(), m.end(), category) for pattern, category in self._patterns
                 for m in pattern.finditer(text) if m.end() > m.start()]
        if self._automaton is None:
            return found
        squeezed = "".join(text.split())
        skeleton = squeezed.lower()
        if len(skeleton) != len(squeezed):  # a character whose lower case is longer: match as written
            skeleton = squeezed
        matches = self._automaton.find_matches_as_indexes(skeleton)
        if not matches:
            return found
        positions = ([i for i, c in enumerate(text) if not c.isspace()] if len(squeezed) != len(text)
                     else range(len(text)))
        for index, start, end in matches:
            begin, finish = positions[start], positions[end - 1] + 1
            if begin > 0 and text[begin - 1].isascii() and text[begin - 1].isalnum() and text[begin].isascii():
                continue  # inside a longer Latin word or code
            before = _FORM_BEFORE.search(text, max(0, begin - 24), begin)
            after = _FORM_AFTER.match(text, finish)
            span = (before.start() if before else begin, after.end() if after else finish)
            found.append((*span, self._categories[index]))
        return found
