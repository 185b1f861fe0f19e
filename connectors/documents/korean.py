"""Korean text typed from its morphology: narrative, a title, or other (``korean_kind``).

unstructured types text without structure from English part-of-speech tags, which do not
work on Korean; a sentence is told here by kiwipiepy's morphemes instead: a predicate
closed by a final ending, or the nominal endings of record style.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from kiwipiepy import Kiwi

from plantset.core import environment

TITLE_MAX_WORDS = 12  # as unstructured's is_possible_title
_PREDICATE = ("V", "XSV", "XSA", "EP")  # Kiwi tags of a verb, adjective or copula stem, or a pre-final ending
_PUNCTUATION = ("SF", "SP", "SS", "SE", "SO", "SW")
_TRAILING_NOTE = re.compile(r"(\s*[(\[][^()\[\]]*[)\]])+[\s.]*$")  # "…한다(표 3 참조)." "…되었다 [3]."


def korean_kind(text: str) -> str | None:
    """Whether mostly-Hangul text is "narrative", a "title" or "other"; None for any other text.

    Narrative: its last sentence closes with a predicate's final ending (or the record-style
    endings 있음, 완료함, 씻을 것). Title: a short phrase that does not end a sentence.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters or sum("\uac00" <= c <= "\ud7a3" for c in letters) * 2 < len(letters):
        return None
    tokens = [t for t in _kiwi().tokenize(_TRAILING_NOTE.sub("", text)) if not t.tag.startswith(_PUNCTUATION)]
    if _closes_sentence(tokens):
        return "narrative"
    if len(text.split()) <= TITLE_MAX_WORDS and not text.rstrip().endswith("."):
        return "title"
    return "other"


def _closes_sentence(tokens: list[Any]) -> bool:
    """A final ending (EF) after a predicate, the nominal ending of record style (있음, 완료함),
    or 것 after an adnominal ending (MSDS style: 씻을 것)."""
    if len(tokens) < 2:
        return False
    last, before = tokens[-1], tokens[-2]
    if last.tag in ("EF", "ETN"):
        return before.tag.startswith(_PREDICATE)
    return last.form == "것" and before.tag == "ETM"


@cache
def _kiwi():
    # Its allocator reserves 1 GiB of address space when the library loads, half of what a
    # parser worker may use (isolate caps RLIMIT_AS); 64 MiB arenas cost nothing measurable.
    environment.set_default("MIMALLOC_ARENA_RESERVE", "64MiB")
    # Endings are all it is asked for: no typo correction or multi-word dictionary (a second
    # less to load), and no thread pool in a worker whose address space is capped.
    return Kiwi(num_workers=-1, load_typo_dict=False, load_multi_dict=False)
