"""Company identity left in real documents after redaction, and the technical content that survives it.

Corpus: ../shared/data/real-sds (49 real safety data sheets of 15 manufacturers; folder = manufacturer).
Truth: bench/identity_truth/<manufacturer>/<file>.tsv, written once by a helper who read only the
documents (never the redactor): every string naming the manufacturer or a third party particular to it
(ORG, ADDRESS, POSTCODE, PHONE, EMAIL, URL) and the public bodies cited (PUBLIC, which should stay).

Each file is parsed as the documents source parses it (text layer, OCR off), its element texts go through
the redactor in one batch, as the documents dataset's text column does, under three lexicons:
  (a) none;  (b) the audit's candidate lexicon of the manufacturer's files, accepted as it is
  (``anonymize.audit``);  (c) a hand-written one: the manufacturer's ORG strings of the truth.
Printed per group (tuning; held out, never looked at while building the detectors): identity strings
present in the parsed text, how many are left in clear (whitespace-insensitive), the share removed; PUBLIC
strings kept; technical items (CAS numbers, H/P statements, UN numbers, standard numbers, values with
units, vocabulary terms of bench/technical_vocabulary.tsv) present before and intact after; and redaction
tokens that cut into a vocabulary term. Then the Korean vocabulary terms (a list written blind by a
helper) redacted alone and in a sentence: how many get a token.

    .venv/bin/python bench/identity.py [--details]     (about two minutes)
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SDS = ROOT.parent / "shared" / "data" / "real-sds"
TRUTH = ROOT / "bench" / "identity_truth"
VOCABULARY = ROOT / "bench" / "technical_vocabulary.tsv"
HELD_OUT = {"pfizer", "treatt", "innophos", "reckitt_benckiser", "sc_johnson"}
IDENTITY = ("ORG", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "URL")
TECHNICAL = {
    "CAS": re.compile(r"(?<![\d-])\d{2,7}-\d{2}-\d(?![\d-])"),
    "H/P statement": re.compile(r"(?<![A-Za-z0-9])(?:EU)?[HP]\d{3}(?:\+[HP]\d{3})*(?![0-9])"),
    "UN number": re.compile(r"(?<![A-Za-z])UN\s?\d{4}(?!\d)"),
    "standard": re.compile(r"(?<![A-Za-z])(?:ISO|EN|ASTM|OECD|KS|JIS|DIN|ANSI|NFPA|CFR|DOT)\s?[A-Z]?\s?\d[\d.\-:/]*"),
    "value+unit": re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?\s?(?:°C|°F|℃|%|mg/kg|mg/l|mg/L|ppm|g/cm3|g/cm³|kPa|hPa|mmHg|"
                             r"mg/m3|mg/m³|mL|ml|kg|g/mol|Pa|mPa\.s|cP|h)(?![A-Za-z])"),
}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _truth(pdf: Path) -> list[tuple[str, str]]:
    path = TRUTH / pdf.parent.name / f"{pdf.stem}.tsv"
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        category, _, term = line.partition("\t")
        if term.strip():
            pairs.append((category.strip(), term.strip()))
    return pairs


def _vocabulary() -> list[tuple[str, str]]:
    return [tuple(line.split("\t", 1)) for line in VOCABULARY.read_text(encoding="utf-8").splitlines() if "\t" in line]


def _term_pattern(terms: list[str]) -> re.Pattern:
    """Vocabulary terms as whole words (Latin) or at a word start (Korean), longest first."""
    alternatives = sorted({re.escape(t) for t in terms if len(t) >= 2}, key=len, reverse=True)
    return re.compile(rf"(?<![A-Za-z0-9가-힣])(?:{'|'.join(alternatives)})(?![A-Za-z0-9])")


def _cut_terms(texts: list[str], spans: list[list], terms: re.Pattern) -> int:
    """Vocabulary term occurrences that a replaced span starts or ends inside of."""
    cut = 0
    for text, found in zip(texts, spans):
        if not found:
            continue
        for m in terms.finditer(text):
            if any(m.start() < edge < m.end() for span in found for edge in (span.start, span.end)):
                cut += 1
    return cut


def _technical(texts: list[str]) -> Counter:
    counts: Counter = Counter()
    for name, pattern in TECHNICAL.items():
        for text in texts:
            counts[name] += len(pattern.findall(text))
    return counts


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from anonymize.audit import Audit
    from anonymize.lexicon import Lexicon
    from anonymize.text import KeyedTokens, Redactor
    from connectors.documents.formats import parse_file

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="print each identity string left in clear (tuning only)")
    options = parser.parse_args()
    vocabulary = _vocabulary()
    terms = _term_pattern([t for _, t in vocabulary])
    groups = {"tuning": Counter(), "held out": Counter()}
    seconds, characters = 0.0, 0
    for folder in sorted(p for p in SDS.iterdir() if p.is_dir()):
        group = "held out" if folder.name in HELD_OUT else "tuning"
        files = []
        for pdf in sorted(folder.glob("*.pdf")):
            parsed = parse_file(pdf, ocr=False)
            files.append((pdf, [e.text for e in parsed.elements if e.text], _truth(pdf)))
        audit = Audit()
        for _, texts, _ in files:
            audit.read(texts, where="")
        lexicons = {"a": Lexicon(), "b": audit.lexicon(), "c": Lexicon()}
        for _, _, truth in files:
            for category, term in truth:
                if category == "ORG":
                    lexicons["c"].add(term, "COMPANY")
        totals = groups[group]
        for pdf, texts, truth in files:
            before = _squeeze("\n".join(texts))
            wanted = {(c, t) for c, t in truth if c in IDENTITY and _squeeze(t) in before}
            public = {t for c, t in truth if c == "PUBLIC" and _squeeze(t) in before}
            totals["identity"] += len(wanted)
            totals["public"] += len(public)
            technical = _technical(texts)
            for name, count in technical.items():
                totals[f"tech {name}"] += count
            for label, lexicon in lexicons.items():
                redactor = Redactor(lexicon, KeyedTokens(b"bench-identity-key-0123456789abcd"))
                start = time.perf_counter()
                spans = redactor.spans_many(texts)
                redacted = [redactor._replace(text, found) for text, found in zip(texts, spans)]
                if label == "a":
                    seconds += time.perf_counter() - start
                    characters += sum(map(len, texts))
                after = _squeeze("\n".join(redacted))
                left = sorted((c, t) for c, t in wanted if _squeeze(t) in after)
                totals[f"left {label}"] += len(left)
                if label == "a":
                    totals["public kept"] += sum(_squeeze(t) in after for t in public)
                    kept = _technical(redacted)
                    for name in technical:
                        totals[f"kept {name}"] += min(kept[name], technical[name])
                    totals["cut terms"] += _cut_terms(texts, spans, terms)
                    if options.details and group == "tuning":
                        for category, term in left:
                            print(f"  left (a) {pdf.relative_to(SDS)} {category}: {term}")
                        for term in sorted(t for t in public if _squeeze(t) not in after):
                            print(f"  public lost (a) {pdf.relative_to(SDS)}: {term}")
    print(f"{'group':<10} {'identity':>9} {'(a) none':>10} {'(b) audit':>10} {'(c) hand':>10} {'public kept':>12} "
          f"{'technical kept':>15} {'cut terms':>10}")
    for group, t in groups.items():
        removed = {k: 1 - t[f"left {k}"] / max(1, t["identity"]) for k in "abc"}
        tech_before = sum(v for k, v in t.items() if k.startswith("tech "))
        tech_after = sum(v for k, v in t.items() if k.startswith("kept "))
        print(f"{group:<10} {t['identity']:>9} {removed['a']:>10.3f} {removed['b']:>10.3f} {removed['c']:>10.3f} "
              f"{t['public kept']:>5}/{t['public']:<6} {tech_after:>7}/{tech_before:<7} {t['cut terms']:>10}")
        print("           technical: " + ", ".join(
            f"{name} {t[f'kept {name}']}/{t[f'tech {name}']}" for name in TECHNICAL))
    print(f"redactor (a): {characters / max(seconds, 1e-9) / 1e6:.2f} M characters/s over {characters:,} characters")
    korean = [t for lang, t in vocabulary if lang == "ko"]
    redactor = Redactor()
    alone = sum("<" in out for out in redactor.redact_many(korean))
    sentences = [f"시험 결과 {term}는 기준을 만족하였다." for term in korean]
    inside = sum("<" in out for out in redactor.redact_many(sentences))
    print(f"Korean vocabulary ({len(korean)} terms, written blind): a token in {alone} alone, {inside} in a sentence")
    english = [t for lang, t in vocabulary if lang == "en"]
    tokened = sum("<" in out for out in redactor.redact_many([f"The {term} was measured." for term in english]))
    print(f"English vocabulary ({len(english)} terms): a token in {tokened} in a sentence")


if __name__ == "__main__":
    main()
