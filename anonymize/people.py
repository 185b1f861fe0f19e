"""A column of people's names published as whole-value tokens: every way of writing one name gives one token.

Plant systems write the same person as ``Minsu Kim``, ``KIM MINSU``, ``Kim, Minsu``, ``M. Kim``, ``KIM`` or
``홍 길동``. A value's words are compared with the staff list whatever their order, case, spacing and
punctuation; an initial or a surname alone resolves to the one staff member it can be. What matches
nobody keeps its words in a fixed order, so its token does not depend on how the row wrote it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_]+")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(name)]


class StaffNames:
    """The staff list, indexed by a name's set of words, its letters without spaces, and each word."""

    def __init__(self, staff: Iterable[str] = ()) -> None:
        self._by_words: dict[frozenset[str], str] = {}
        self._by_letters: dict[str, str] = {}
        self._by_word: dict[str, set[str]] = defaultdict(set)
        for name in staff:
            words = _words(name)
            if not words:
                continue
            self._by_words.setdefault(frozenset(words), name)
            self._by_letters.setdefault("".join(words), name)
            for word in words:
                self._by_word[word].add(name)

    def canonical(self, value: str) -> str:
        """The staff member ``value`` names, as the staff list writes it; else its words in sorted order."""
        words = _words(value)
        if not words:
            return value.strip()
        known = self._by_words.get(frozenset(words)) or self._by_letters.get("".join(words))
        if known:
            return known
        full = [w for w in words if len(w) > 1]
        initials = [w for w in words if len(w) == 1]
        if full and len(full) <= 2:
            candidates = set.intersection(*(self._by_word.get(w, set()) for w in full))
            if initials:  # G. Surname, Surname G.: the given names must start with the initials
                candidates = {c for c in candidates if all(
                    any(other.startswith(i) for other in _words(c) if other not in full) for i in initials)}
            if len(candidates) == 1:
                return candidates.pop()
        return " ".join(sorted(words))
