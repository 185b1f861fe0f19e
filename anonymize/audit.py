"""The identifiability audit: what in a company's texts looks like it names the company or its partners.

``Audit.read`` runs the redactor's detectors over texts (a column, a document's elements) and keeps each
candidate once per category with its count and one redacted example: organisation names (with the
bare name without its legal form, so ``BASF`` is found where ``BASF SE`` was), the organisations behind
mail and web domains, phones, addresses, people. Lines repeated across many texts that hold one of them
(letterheads, footers) are listed for review, commented out. ``Audit.write`` writes a candidate lexicon
(``CATEGORY<TAB>term``, a comment with the count and example above each) that the data engineer reviews
and points the spec's ``anonymize.lexicon`` at; ``Audit.lexicon`` is that list accepted as it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from anonymize import organisations
from anonymize.lexicon import Lexicon, skeleton_of
from anonymize.text import NumberedTokens, Redactor, Span

# detector entity → lexicon category of the candidate
CATEGORIES = {"COMPANY": "COMPANY", "URL": "DOMAIN", "EMAIL": "EMAIL", "PHONE": "PHONE", "ADDRESS": "ADDRESS",
              "PERSON": "PERSON", "VIN": "VIN", "KR_BRN": "BUSINESS_NO", "KR_CRN": "BUSINESS_NO"}
_CONTEXT = 48
REPEATED = 3  # a line in at least this many texts of a batch is a letterhead or footer candidate


@dataclass
class Candidate:
    count: int = 0
    example: str = ""


@dataclass
class Audit:
    """Candidates found so far, by (category, term)."""

    public: Sequence[str] = ()
    found: dict[tuple[str, str], Candidate] = field(default_factory=dict)
    lines: Counter = field(default_factory=Counter)

    def read(self, texts: Sequence[str], where: str = "") -> None:
        """Adds the candidates of ``texts`` (one batch: a column's values, a document's elements)."""
        redactor = Redactor(tokens=NumberedTokens(), public=self.public)
        spans = redactor.spans_many(texts)
        for text, found in zip(texts, spans):
            if not found:
                continue
            redacted = redactor._replace(text, found)
            for span in found:
                for category, term in self._terms(span, text[span.start:span.end]):
                    self._add(category, term, redacted, where, text[:span.start].count("\n"))
        seen_lines = Counter(line.strip() for text, found in zip(texts, spans) if found
                             for line in set(text.splitlines()) if len(line.strip()) >= 8)
        self.lines.update({line: n for line, n in seen_lines.items() if n >= REPEATED})

    def add_people(self, names: Sequence[str], where: str = "") -> None:
        """Values of a column that holds people (operator, inspector): each one a PERSON candidate."""
        for name in names:
            self._add("PERSON", " ".join(name.split()), "<PERSON>", where, 0)

    @staticmethod
    def _terms(span: Span, surface: str) -> list[tuple[str, str]]:
        category = CATEGORIES.get(span.entity)
        if category is None:
            return []
        surface = " ".join(surface.split())
        terms = [(category, surface)]
        if category == "COMPANY":
            bare = organisations.bare_name(surface)
            if len(skeleton_of(bare)) >= 3 and bare != surface:
                terms.append(("COMPANY", bare))
        elif category in ("DOMAIN", "EMAIL"):
            label = organisations.domain_label(surface)
            if label:
                terms.append(("COMPANY", label))
                if "-" in label:
                    terms.append(("COMPANY", label.replace("-", " ")))
        return terms

    def _add(self, category: str, term: str, redacted: str, where: str, line: int) -> None:
        candidate = self.found.setdefault((category, term), Candidate())
        candidate.count += 1
        if not candidate.example:
            token = redacted.find("<")
            start = max(0, token - _CONTEXT) if token >= 0 else 0
            snippet = " ".join(redacted[start:start + 2 * _CONTEXT].split())
            candidate.example = f"{where}: {snippet}" if where else snippet

    def lexicon(self) -> Lexicon:
        """The candidates accepted as they are (letterhead lines stay out: they wait for a review)."""
        lexicon = Lexicon()
        for (category, term), _ in self._ordered():
            lexicon.add(term, category, literal=True)
        return lexicon

    def _ordered(self) -> list[tuple[tuple[str, str], Candidate]]:
        return sorted(self.found.items(), key=lambda item: (item[0][0], -item[1].count, item[0][1]))

    def write(self, path: Path) -> int:
        """The candidate lexicon as a file the spec's ``anonymize.lexicon`` reads; the number of candidates."""
        out = ["# plantset audit: candidate lexicon. Review every line: delete what does not identify the company",
               "# or its partners, add what is missing, then list this file under anonymize.lexicon in the spec.",
               "# Each term has its count and one redacted example above it. Repeated lines at the end are",
               "# commented out: uncomment the letterheads and footers to hide them as a whole.", ""]
        for (category, term), candidate in self._ordered():
            out.append(f"# {candidate.count}x  {candidate.example}")
            out.append(f"{category}\t{term}")
        repeated = [line for line, n in self.lines.most_common() if n >= REPEATED]
        if repeated:
            out += ["", "# Lines repeated in many texts (letterheads, footers):"]
            out += [f"#LETTERHEAD\t{line}" for line in repeated]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
        return len(self.found)
