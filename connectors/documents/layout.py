"""From a parser's elements to what the tables hold: section paths, language, kind of document, chunks.

Done here once for every format, so a DOCX, an HWP and a PDF of the same manual chunk the
same way. Chunks never cross a section (a chunk about hydraulic oil does not end in the
first lines of the next section), are at most ``size`` characters or tokens, repeat the last
``overlap`` of the previous chunk of the same section, and keep a table whole however large
it is (a table cut in half answers no question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from connectors.documents.model import Element, Parsed

SEPARATOR = " > "
# page furniture, and headings (a chunk carries its headings as its section path): kept as elements, not chunked
FURNITURE = frozenset(("Header", "Footer", "PageNumber"))  # running heads, footers, page numbers: never published
_SKIPPED = {*FURNITURE, "Title"}
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|[^\w\s]", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+")

# kind of document, from its title and file name: the first rule that matches wins
_KINDS = (
    ("msds", r"msds|\bsds\b|safety data sheet|물질\s*안전\s*보건\s*자료"),
    ("procedure", r"procedure|절차서|작업\s*표준|지침서|instruction"),
    ("standard", r"\b(ks|iso|iec|astm|jis|din|en)\s?[a-z]?\s?\d{2,}|표준|규격"),
    ("manual", r"manual|매뉴얼|설명서|취급|guide|핸드북|handbook"),
    ("paper", r"abstract|journal|proceedings|논문|학회"),
)
_BY_FILE_TYPE = {"dxf": "drawing", "fasta": "sequence", "spice": "simulation_log", "image": "image", "eml": "email",
                 "xlsx": "spreadsheet", "pptx": "presentation"}


def tokens(text: str) -> int:
    """Words, numbers and punctuation marks: a tokenizer-free count that treats Korean and English alike."""
    return len(_TOKEN.findall(text))


def language(texts: list[str]) -> str | None:
    """ko, en, or ko+en when the smaller script has at least a fifth of the letters."""
    hangul = sum(len(_HANGUL.findall(t)) for t in texts)
    latin = sum(len(_LATIN.findall(t)) for t in texts) / 2  # a Hangul syllable carries about two Latin letters
    if hangul + latin == 0:
        return None
    if min(hangul, latin) / (hangul + latin) >= 0.2:
        return "ko+en"
    return "ko" if hangul > latin else "en"


def kind_of(parsed: Parsed, name: str) -> str:
    if parsed.file_type in _BY_FILE_TYPE:
        return _BY_FILE_TYPE[parsed.file_type]
    heads = " ".join([name, parsed.title or ""] + [e.text for e in parsed.elements[:12] if e.type == "Title"]).lower()
    return next((kind for kind, pattern in _KINDS if re.search(pattern, heads)), "other")


def title_of(parsed: Parsed, name: str) -> str:
    """The document's title as its pages show it (the first heading); the parser's title (file metadata, which
    often names the company or an author the pages do not) only when no heading is read; else the file name."""
    first = next((e.text for e in parsed.elements if e.type == "Title" and e.text.strip()), None)
    if first:
        return " ".join(first.split())
    if parsed.title and parsed.title.strip():
        return parsed.title.strip()
    return name


def section_paths(elements: list[Element]) -> list[str]:
    """For each element, the headings above it, outermost first. A Title without a level nests under
    the previous titled section's level + 1 only if none is known; otherwise it counts as level 1."""
    stack: list[tuple[int, str]] = []
    paths = []
    for element in elements:
        if element.type == "Title" and element.text.strip():
            level = element.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, " ".join(element.text.split())))
        paths.append(SEPARATOR.join(text for _, text in stack))
    return paths


def table_text(element: Element) -> str:
    """A table as text a model reads: one line per row, cells separated by ` | `."""
    if element.table_cells:
        return "\n".join(" | ".join(" ".join(c.split()) for c in row) for row in element.table_cells)
    return element.text


@dataclass
class Chunk:
    text: str
    section_path: str
    page_start: int | None
    page_end: int | None
    has_table: bool


def chunk(elements: list[Element], paths: list[str], size: int, overlap: int, unit: str = "chars") -> list[Chunk]:
    """Section-aware chunks of at most ``size`` (tables whole), overlapping by ``overlap`` within a section."""
    measure = len if unit == "chars" else tokens
    chunks: list[Chunk] = []
    parts: list[str] = []
    pages: list[int] = []
    section = None

    def flush(carry: bool) -> None:
        nonlocal parts, pages
        if parts:
            text = "\n".join(parts)
            chunks.append(Chunk(text, section or "", min(pages, default=None), max(pages, default=None), False))
            tail = _tail(text, overlap, measure) if carry and overlap else ""
            parts, pages = ([tail] if tail else []), (pages[-1:] if tail else [])

    for element, path in zip(elements, paths):
        if element.type in _SKIPPED or not (element.text.strip() or element.table_cells):
            continue
        if path != section:
            flush(carry=False)
            parts, pages, section = [], [], path
        if element.type == "Table":
            flush(carry=False)
            parts, pages = [], []
            chunks.append(Chunk(table_text(element), path, element.page, element.page, True))
            continue
        for piece in _pieces(element.text.strip(), size, measure):
            if parts and measure("\n".join([*parts, piece])) > size:
                flush(carry=True)
                if parts and measure("\n".join([*parts, piece])) > size:
                    parts, pages = [], []  # no room for the overlap before this piece
            parts.append(piece)
            if element.page is not None:
                pages.append(element.page)
    flush(carry=False)
    return chunks


def _pieces(text: str, size: int, measure) -> list[str]:
    """A text longer than ``size`` cut at sentence ends, then at spaces, then hard."""
    if measure(text) <= size:
        return [text]
    pieces, current = [], ""
    for sentence in (s for s in _SENTENCE_END.split(text) if s and s.strip()):
        for word in _words_if_long(sentence.strip(), size, measure):
            joined = f"{current} {word}".strip()
            if current and measure(joined) > size:
                pieces.append(current)
                joined = word
            current = joined
    if current:
        pieces.append(current)
    return pieces


def _words_if_long(sentence: str, size: int, measure) -> list[str]:
    if measure(sentence) <= size:
        return [sentence]
    out, current = [], ""
    for word in sentence.split():
        while measure(word) > size:  # one enormous "word" (a URL, a base64 blob): cut it by characters
            out.append(word[:size])
            word = word[size:]
        joined = f"{current} {word}".strip()
        if current and measure(joined) > size:
            out.append(current)
            joined = word
        current = joined
    return out + ([current] if current else [])


def _tail(text: str, overlap: int, measure) -> str:
    """The end of ``text`` no longer than ``overlap``, starting at a word."""
    words = text.split()
    tail: list[str] = []
    for word in reversed(words):
        if measure(" ".join([word, *tail])) > overlap:
            break
        tail.insert(0, word)
    return " ".join(tail)
