"""The company's secret lexicon and staff list, matched whatever the spacing, legal form or particle.

A lexicon file is UTF-8 text, one term per line, optionally ``CATEGORY<TAB>term``; a term
written ``re:PATTERN`` is a regular expression (part- and drawing-number patterns). Lines
starting with ``#`` are comments. Terms match on a skeleton of the text (spaces removed,
lower case), so ``대한 정밀`` finds ``대한정밀``; ㈜, (주) and 주식회사 around a match are taken
into the span; Korean particles after a term (``삼성전자는``) stay outside it. A match starts a word: a
term is never found inside another (``한화`` is not in ``유해한 화학물질``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick_rs

from anonymize.batch import Batch
from plantset.core.errors import SpecError

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
    people: list[str] = field(default_factory=list)  # PERSON terms (the staff list), for person columns

    def add(self, term: str, category: str = DEFAULT_CATEGORY, literal: bool = False) -> None:
        """A term (``re:<pattern>`` is a regular expression unless ``literal``); the first category given wins."""
        term = term.strip()
        if term.startswith("re:") and not literal:
            self.patterns.append((re.compile(term[3:]), category))
            return
        skeleton = skeleton_of(term)
        if len(skeleton) >= 2:
            self.terms.setdefault(skeleton, category)
            self.originals.add(term)
            if category == "PERSON":
                self.people.append(term)

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


_SPACE = re.compile(r"\s")  # what str.split() drops to make the skeleton


def _skeleton(text: str) -> str:
    """The text without spaces, lower case unless a character's lower case is longer (then as written)."""
    squeezed = "".join(text.split())
    lower = squeezed.lower()
    return lower if len(lower) == len(squeezed) else squeezed


def _in_text(index: int, spaces: list[int]) -> int:
    """The text position of the skeleton's ``index``-th character: shifted past each space before it."""
    for space in spaces:
        if space > index:
            break
        index += 1
    return index


def _hangul(char: str) -> bool:
    return "가" <= char <= "힣"


def _inside_word(before: str, first: str) -> bool:
    """A match starting at ``first`` after ``before`` starts inside a word: a Latin letter or digit after
    another, a Hangul syllable after another (a company's name begins an eojeol; particles follow it)."""
    return (before.isascii() and before.isalnum() and first.isascii()) or (_hangul(before) and _hangul(first))


class LexiconMatcher:
    """Finds lexicon terms in text with Aho-Corasick over the text's skeleton."""

    def __init__(self, lexicon: Lexicon):
        self._categories = list(lexicon.terms.values())
        longest = ahocorasick_rs.MatchKind.LeftmostLongest
        self._automaton = ahocorasick_rs.AhoCorasick(list(lexicon.terms), matchkind=longest) if lexicon.terms else None
        self._patterns = lexicon.patterns

    def find_many(self, batch: Batch) -> list[list[tuple[int, int, str]]]:
        """Terms per text: the automaton runs once over the skeletons of the whole batch, each pattern
        over the texts its first search picks."""
        texts = batch.texts
        found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for pattern, category in self._patterns:
            for index in batch.having(pattern):
                found[index] += [(m.start(), m.end(), category) for m in pattern.finditer(texts[index])
                                 if m.end() > m.start()]
        if self._automaton is None:
            return found
        skeletons = [_skeleton(text) for text in texts]
        starts, position = [], 0
        for skeleton in skeletons:
            starts.append(position)
            position += len(skeleton) + 1
        matched: dict[int, list[tuple[int, int, int]]] = {}
        for term, start, end in self._automaton.find_matches_as_indexes("\0".join(skeletons)):
            index = bisect_right(starts, start) - 1
            matched.setdefault(index, []).append((term, start - starts[index], end - starts[index]))
        for index, matches in matched.items():
            found[index] += self._placed(texts[index], matches)
        return found

    def find(self, text: str) -> list[tuple[int, int, str]]:
        return self.find_many(Batch([text]))[0]

    def _placed(self, text: str, matches: list[tuple[int, int, int]]) -> list[tuple[int, int, str]]:
        """Skeleton matches as spans of ``text``, with a legal form written before or after the term."""
        found = []
        spaces = [m.start() for m in _SPACE.finditer(text)]
        for term, start, end in matches:
            begin, finish = _in_text(start, spaces), _in_text(end - 1, spaces) + 1
            if begin > 0 and _inside_word(text[begin - 1], text[begin]):
                continue  # inside a longer word or code (유해한 화학물질 holds no 한화)
            before = _FORM_BEFORE.search(text, max(0, begin - 24), begin)
            after = _FORM_AFTER.match(text, finish)
            span = (before.start() if before else begin, after.end() if after else finish)
            found.append((*span, self._categories[term]))
        return found
