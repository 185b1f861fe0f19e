"""Redactor benchmark: accuracy and speed of ``anonymize.text`` against Presidio, and keyed-pseudonym speed.

On the labelled corpus of ``bench/anonymize_corpus.py`` it measures per-entity precision,
recall and F2 of our ``Redactor`` and of Presidio 2.2 (Korean recognizers, KR phone region,
deny lists for the lexicon), the text throughput of both on the same lines, and the cells/s
of ``KeyedPseudonym.column`` on a 10M-row string column against a per-cell HMAC loop. It
prints Markdown tables for the README and PASS/MISS per target; the exit code is 0 either way.

Span match is by overlap: a found span is right if it overlaps a gold span of the same
entity type, and a gold span is found if a found span of its type overlaps it (what
redaction needs: the value is covered). Exact-boundary F2 is printed beside it.

    .venv/bin/python bench/anonymize.py                 # 5,000 lines, 10M cells (~20 s)
    .venv/bin/python bench/anonymize.py --quick         # 500 lines, 1M cells
    .venv/bin/python bench/anonymize.py --errors 5      # also show our misses and over-detections
    .venv/bin/python bench/anonymize.py --set heldout   # a held-out set instead (heldout, fresh or blind)

The held-out sets were written apart from the detectors: ``heldout`` (bench/anonymize_heldout.py)
and ``fresh`` (bench/anonymize_fresh.py, by a helper that never read the detectors) were then
used to find misses and improve the rules; ``blind`` (bench/anonymize_blind.py, written the same
way and also without reading the other sets) was only ever scored, so it is the fairest figure
of how the redactor does on text it has not seen.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
# This file's name would shadow the anonymize package: take bench/ off the path until it is imported.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
import anonymize.text  # noqa: E402

sys.path.append(str(HERE))
import anonymize_blind as blind  # noqa: E402
import anonymize_corpus as corpus  # noqa: E402
import anonymize_fresh as fresh  # noqa: E402
import anonymize_heldout as heldout  # noqa: E402

# Each labelled set: how it is built, its default seed and number of lines.
SETS = {"corpus": (lambda seed, n: corpus.build_corpus(n, seed), 20250106, 5000),
        "heldout": (heldout.build_heldout, 20250317, 1600),
        "fresh": (fresh.build_fresh, 1, 1200),
        "blind": (blind.build_blind, 3, 1000)}

PRESIDIO_TYPES = {"PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL", "URL": "URL", "IP_ADDRESS": "IP_ADDRESS",
                  "MAC_ADDRESS": "MAC_ADDRESS", "KR_RRN": "KR_RRN", "KR_FRN": "KR_FRN", "KR_BRN": "KR_BRN",
                  "KR_PASSPORT": "KR_PASSPORT", "PERSON": "PERSON", "COMPANY": "COMPANY", "PROJECT": "PROJECT",
                  "PRODUCT": "PRODUCT", "PLANT": "PLANT", "PART_NO": "PART_NO"}
_LEGAL_FORM = re.compile(r"\(주\)|㈜|주식회사|,?\s*Co\.,?\s*Ltd\.?", re.IGNORECASE)
PRESIDIO_NOTE = ("Presidio 2.2.366 runs WITHOUT a NER model: its NLP engine is a blank spaCy pipeline (tokenizer "
                 "only), so its PERSON comes only from the staff deny list. Recognizers: Email, URL, IP, MAC, Phone "
                 "(regions KR), KR_RRN, KR_FRN, KR_BRN, KR_PASSPORT, KR_DRIVER_LICENSE, deny lists for the lexicon "
                 "terms (as written and without legal form) and the part-number pattern; default score threshold "
                 "(0); contained results dropped as presidio-anonymizer does.")


def forbid_network(cache: str) -> None:
    """Nothing in the benchmark may reach the network: tldextract's suffix list comes from its snapshot."""
    import socket

    def refuse(*_args, **_kwargs):
        raise OSError("the anonymize benchmark runs offline")

    socket.socket.connect = socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    os.environ["TLDEXTRACT_CACHE"] = cache
    import tldextract
    import tldextract.tldextract

    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(),
                                                                fallback_to_snapshot=True)


# --- the two detectors, each returning spans per line ---

def fastest(run, repeat: int):
    """The result of ``run()`` and its fastest time in seconds over ``repeat`` runs."""
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
    return result, min(seconds)


def ours(texts: list[str], repeat: int) -> tuple[list[list[corpus.Gold]], float]:
    """Our spans and the seconds ``spans_many`` took (the morphological analyzer is loaded before)."""
    redactor = anonymize.text.Redactor(corpus.lexicon())
    redactor.spans_many(texts[:20])
    found, seconds = fastest(lambda: redactor.spans_many(texts), repeat)
    return [[corpus.Gold(s.start, s.end, s.entity) for s in spans] for spans in found], seconds


def presidio_analyzer(workdir: str):
    import logging

    import spacy
    from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        EmailRecognizer,
        IpRecognizer,
        KrBrnRecognizer,
        KrDriverLicenseRecognizer,
        KrFrnRecognizer,
        KrPassportRecognizer,
        KrRrnRecognizer,
        MacAddressRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
        UrlRecognizer,
    )

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    model = Path(workdir) / "blank_xx"
    spacy.blank("xx").to_disk(model)  # a model path: SpacyNlpEngine loads it and downloads nothing
    engine = SpacyNlpEngine(models=[{"lang_code": "ko", "model_name": str(model)}])
    registry = RecognizerRegistry(supported_languages=["ko"])
    for recognizer in (EmailRecognizer, UrlRecognizer, IpRecognizer, MacAddressRecognizer, SpacyRecognizer):
        registry.add_recognizer(recognizer(supported_language="ko"))
    registry.add_recognizer(PhoneRecognizer(supported_language="ko", supported_regions=("KR",)))
    for recognizer in (KrRrnRecognizer, KrFrnRecognizer, KrBrnRecognizer, KrPassportRecognizer, KrDriverLicenseRecognizer):
        registry.add_recognizer(recognizer())
    for recognizer in deny_lists(PatternRecognizer):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["ko"])


def deny_lists(pattern_recognizer) -> list:
    """One deny list per lexicon category, each term as written and without its legal form, longest first."""
    from presidio_analyzer import Pattern

    terms: dict[str, set[str]] = {}
    recognizers = []
    for category, term in corpus.lexicon_terms():
        if term.startswith("re:"):
            recognizers.append(pattern_recognizer(supported_entity=category, supported_language="ko",
                                                  patterns=[Pattern(category, term[3:], 0.8)]))
            continue
        terms.setdefault(category, set()).update({term, _LEGAL_FORM.sub("", term).strip()})
    for category, words in terms.items():
        recognizers.append(pattern_recognizer(supported_entity=category, supported_language="ko",
                                              deny_list=sorted(words, key=lambda w: (-len(w), w))))
    return recognizers


def presidio(texts: list[str], workdir: str, repeat: int) -> tuple[list[list[corpus.Gold]], float, Counter]:
    """Presidio's spans in our entity names, the seconds ``analyze`` took, and the results with no counterpart."""
    analyzer = presidio_analyzer(workdir)
    analyzer.analyze(texts[0], language="ko")
    results, seconds = fastest(lambda: [analyzer.analyze(text, language="ko") for text in texts], repeat)
    unmapped: Counter = Counter()
    spans = []
    for found in results:
        kept = [r for r in found if not any(r.has_conflict(other) for other in found if other is not r)]
        unmapped.update(r.entity_type for r in kept if r.entity_type not in PRESIDIO_TYPES)
        spans.append(sorted(corpus.Gold(r.start, r.end, PRESIDIO_TYPES[r.entity_type])
                            for r in kept if r.entity_type in PRESIDIO_TYPES))
    return spans, seconds, unmapped


# --- scoring ---

@dataclass
class Tally:
    gold: int = 0
    found_gold: int = 0
    predicted: int = 0
    right: int = 0

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.found_gold += other.found_gold
        self.predicted += other.predicted
        self.right += other.right

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 1.0

    @property
    def f2(self) -> float:
        p, r = self.precision, self.recall
        return 5 * p * r / (4 * p + r) if p + r else 0.0


def _matches(a: corpus.Gold, b: corpus.Gold, exact: bool) -> bool:
    if a.entity != b.entity:
        return False
    return (a.start, a.end) == (b.start, b.end) if exact else a.start < b.end and b.start < a.end


def score(gold: list[tuple[corpus.Gold, ...]], predicted: list[list[corpus.Gold]], exact: bool = False) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for truth, found in zip(gold, predicted):
        for span in truth:
            tally = tallies.setdefault(span.entity, Tally())
            tally.gold += 1
            tally.found_gold += any(_matches(span, f, exact) for f in found)
        for span in found:
            tally = tallies.setdefault(span.entity, Tally())
            tally.predicted += 1
            tally.right += any(_matches(span, t, exact) for t in truth)
    return tallies


def total(tallies: dict[str, Tally], entities) -> Tally:
    summed = Tally()
    for entity in entities:
        summed.add(tallies.get(entity, Tally()))
    return summed


# --- keyed pseudonyms ---

@dataclass
class PseudonymRun:
    rows: int
    distinct: int
    ours_per_s: float
    loop_per_s: float
    sample: int
    notes: list[str] = field(default_factory=list)


def pseudonym_bench(rows: int, distinct: int, sample: int) -> PseudonymRun:
    import hashlib
    import hmac

    import numpy as np
    import pyarrow as pa

    from anonymize.pseudonym import TOKEN_HEX, KeyedPseudonym

    key = b"plantset-bench-key-0123456789abcdef"
    values = pa.array([f"작업자-{i:05d}" for i in range(distinct)], pa.string())
    column = values.take(pa.array(np.random.default_rng(7).integers(0, distinct, rows, dtype=np.int32)))
    started = time.perf_counter()
    tokens = KeyedPseudonym(key).column(column)
    ours_seconds = time.perf_counter() - started
    cells = column.slice(0, sample).to_pylist()
    started = time.perf_counter()
    loop = [hmac.new(key, v.encode(), hashlib.sha256).hexdigest()[:TOKEN_HEX] for v in cells]
    loop_seconds = time.perf_counter() - started
    run = PseudonymRun(rows, distinct, rows / ours_seconds, sample / loop_seconds, sample)
    if tokens.slice(0, 1000).to_pylist() != loop[:1000]:
        run.notes.append("MISMATCH: KeyedPseudonym.column tokens differ from the per-cell HMAC loop")
    return run


# --- report ---

def _cells(tally: Tally | None) -> str:
    if tally is None:
        return "— | — | —"
    return f"{tally.precision:.3f} | {tally.recall:.3f} | **{tally.f2:.3f}**"


def accuracy_table(ours_t: dict[str, Tally], theirs: dict[str, Tally], covered: set[str]) -> list[str]:
    entities = sorted((e for e in ours_t if ours_t[e].gold), key=lambda e: (-ours_t[e].gold, e))
    extra = sorted(e for e in ours_t if not ours_t[e].gold)
    lines = ["| entity | gold spans | ours P | ours R | ours F2 | Presidio P | Presidio R | Presidio F2 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for entity in entities + extra:
        mine = ours_t[entity]
        other = theirs.get(entity, Tally(gold=mine.gold)) if entity in covered else None
        lines.append(f"| {entity} | {mine.gold:,} | {_cells(mine)} | {_cells(other)} |")
    both = sorted(covered & set(entities))
    lines.append(f"| **all types** | {total(ours_t, entities).gold:,} | {_cells(total(ours_t, entities))} | — | — | — |")
    lines.append(f"| **types both cover** | {total(ours_t, both).gold:,} | {_cells(total(ours_t, both))} | "
                 f"{_cells(total(theirs, both))} |")
    return lines


def throughput_table(lines: int, chars: int, our_s: float, their_s: float, run: PseudonymRun, repeat: int) -> list[str]:
    return ["| throughput | ours | compared with | theirs | ratio |", "|---|---:|---|---:|---:|",
            f"| text, lines/s ({lines:,} lines, fastest of {repeat}) | {lines / our_s:,.0f} | Presidio `analyze` per line | "
            f"{lines / their_s:,.0f} | **{their_s / our_s:.1f}x** |",
            f"| text, chars/s | {chars / our_s:,.0f} | Presidio | {chars / their_s:,.0f} | {their_s / our_s:.1f}x |",
            f"| keyed pseudonyms, cells/s ({run.rows / 1e6:g}M rows, {run.distinct:,} distinct) | "
            f"{run.ours_per_s:,.0f} | per-cell `hmac` loop ({run.sample:,}-cell sample) | {run.loop_per_s:,.0f} | "
            f"**{run.ours_per_s / run.loop_per_s:.1f}x** |"]


def targets(ours_t: dict[str, Tally], theirs: dict[str, Tally], covered: set[str], ratio: float,
            run: PseudonymRun) -> list[str]:
    overall = total(ours_t, [e for e in ours_t if ours_t[e].gold]).f2
    behind = [f"{e} ({ours_t[e].f2:.3f} < {theirs[e].f2:.3f})" for e in sorted(covered)
              if e in ours_t and ours_t[e].gold and e in theirs and ours_t[e].f2 < theirs[e].f2]

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"
    return [f"- {verdict(overall >= 0.95)} our overall F2 {overall:.3f} (target >= 0.95)",
            f"- {verdict(not behind)} our F2 >= Presidio's on every type both cover" + (f": behind on {', '.join(behind)}" if behind else ""),
            f"- {verdict(ratio >= 10)} text throughput {ratio:.1f}x Presidio (target >= 10x)",
            f"- {verdict(run.ours_per_s >= 2e6)} keyed pseudonyms {run.ours_per_s:,.0f} cells/s (target >= 2,000,000)"]


def show_errors(lines: list[corpus.LabelledLine], found: list[list[corpus.Gold]], limit: int) -> None:
    """Our misses and over-detections, a few per entity, for the detector findings."""
    misses: dict[str, list[str]] = {}
    extra: dict[str, list[str]] = {}
    for line, spans in zip(lines, found):
        for span in line.spans:
            if not any(_matches(span, f, False) for f in spans):
                got = [f"{f.entity}:{line.text[f.start:f.end]!r}" for f in spans if f.start < span.end and span.start < f.end]
                misses.setdefault(span.entity, []).append(f"{line.text[span.start:span.end]!r} in {line.text!r} -> found {got or 'nothing'}")
        for span in spans:
            if not any(_matches(span, t, False) for t in line.spans):
                extra.setdefault(span.entity, []).append(f"{line.text[span.start:span.end]!r} in {line.text!r}")
    for title, errors in (("missed", misses), ("over-detected", extra)):
        for entity, examples in sorted(errors.items()):
            print(f"\n{title} {entity} ({len(examples)}):")
            for example in examples[:limit]:
                print("   ", example)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=None,
                        help="labelled lines (default 5000; heldout 1600, fresh 1200, blind 1000)")
    parser.add_argument("--quick", action="store_true", help="500 lines and 1M pseudonym cells")
    parser.add_argument("--rows", type=int, default=10_000_000, help="pseudonym column rows (default 10M)")
    parser.add_argument("--distinct", type=int, default=50_000, help="distinct values in that column")
    parser.add_argument("--seed", type=int, default=None, help="the set's seed (default: the set's own)")
    parser.add_argument("--set", choices=sorted(SETS), default="corpus", dest="which",
                        help="score on a held-out set instead of the templated corpus the detectors were tuned on")
    parser.add_argument("--heldout", action="store_true", help="the same as --set heldout")
    parser.add_argument("--repeat", type=int, default=3, help="time each text detector N times, keep the fastest")
    parser.add_argument("--errors", type=int, default=0, help="show up to N of our misses and over-detections per entity")
    args = parser.parse_args(argv)
    if args.heldout:
        args.which = "heldout"
    build, default_seed, default_lines = SETS[args.which]
    args.lines = args.lines or default_lines
    args.seed = args.seed if args.seed is not None else default_seed
    if args.quick:
        args.lines, args.rows = min(args.lines, 500), min(args.rows, 1_000_000)

    import tempfile

    with tempfile.TemporaryDirectory(prefix="anon-bench-") as workdir:
        forbid_network(workdir)
        lines = build(args.seed, args.lines)
        texts, gold = [line.text for line in lines], [line.spans for line in lines]
        mine, our_s = ours(texts, args.repeat)
        theirs, their_s, unmapped = presidio(texts, workdir, args.repeat)
    run = pseudonym_bench(args.rows, args.distinct, min(500_000, args.rows))
    covered = set(PRESIDIO_TYPES.values())
    ours_t, theirs_t = score(gold, mine), score(gold, theirs)
    entities = [e for e in ours_t if ours_t[e].gold]
    chars = sum(map(len, texts))

    print(f"{args.which} set: {len(lines):,} lines "
          f"({sum(1 for line in lines if not line.spans):,} hard-negative only), "
          f"{sum(len(g) for g in gold):,} gold spans, {chars:,} chars, seed {args.seed}")
    print(PRESIDIO_NOTE)
    if unmapped:
        print(f"Presidio results with no counterpart here (ignored): {dict(unmapped)}")
    print("Match: overlap on the same entity type. Exact-boundary F2, all types: ours "
          f"{total(score(gold, mine, exact=True), entities).f2:.3f}; types both cover: ours "
          f"{total(score(gold, mine, exact=True), covered & set(entities)).f2:.3f}, Presidio "
          f"{total(score(gold, theirs, exact=True), covered & set(entities)).f2:.3f}\n")
    print("\n".join(accuracy_table(ours_t, theirs_t, covered)), "\n")
    print("\n".join(throughput_table(len(texts), chars, our_s, their_s, run, args.repeat)), "\n")
    print("\n".join(targets(ours_t, theirs_t, covered, their_s / our_s, run) + run.notes))
    if args.errors:
        show_errors(lines, mine, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
