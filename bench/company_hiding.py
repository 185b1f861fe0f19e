"""What one company's hidden values do to its real documents: ../shared/data/real-sds, manufacturers apart.

Each manufacturer folder is one company. Its "records dataset" is assumed to pseudonymize the product
names and codes its SDS print in section 1 (read from the parsed text: `Product name:`, `Product code:`,
`Catalog/Product No.:`); those become the company's hidden values, as `hidden.parquet` would hold them.
Every element text of the company's SDS then goes through the redactor the documents dataset uses
(`plantset.pipeline.anonymization.CompanyTokens` and the hidden values as lexicon terms, no other
lexicon). Printed per group (tuning, held out): occurrences of hidden values in the text before, how
many are left in clear after, and `<ID_…>` tokens written. Also printed: a sha256 of every file's parsed
element texts (`--hashes`), to compare the document source of two commits on the same files.

    .venv/bin/python bench/company_hiding.py [--hashes]     (OCR off: about a minute for 49 files)
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SDS = ROOT.parent / "shared" / "data" / "real-sds"
HELD_OUT = {"pfizer", "sigma_aldrich", "the_clorox_company", "treatt"}  # never looked at while building this
_PRODUCT = re.compile(r"(?:Product|Trade|Commercial)\s+(?:name|identifier|code|number|no\.?)\s*[:：]\s*([^\n;]{3,60})",
                      re.IGNORECASE)
_CATALOG = re.compile(r"(?:Catalog(?:ue)?|Cat\.?|Product|Item|Stock)\s+(?:No\.?|Number|#)\s*[:：]?\s*([A-Z0-9][\w\-]{2,20})",
                      re.IGNORECASE)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from anonymize.lexicon import Lexicon, skeleton_of
    from anonymize.text import Redactor
    from connectors.documents.formats import parse_file
    from plantset.pipeline.anonymization import HIDDEN_ENTITY, CompanyTokens

    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--hashes", action="store_true", help="print a sha256 of each file's parsed element texts")
    options = args.parse_args()
    totals: dict[str, Counter] = {"tuning": Counter(), "held out": Counter()}
    for folder in sorted(p for p in SDS.iterdir() if p.is_dir()):
        texts: list[str] = []
        for pdf in sorted(folder.glob("*.pdf")):
            parsed = parse_file(pdf, ocr=False)
            file_texts = [e.text for e in parsed.elements if e.text]
            if options.hashes:
                digest = hashlib.sha256("\n".join(file_texts).encode()).hexdigest()[:16]
                print(f"{pdf.relative_to(SDS)} {len(file_texts)} {digest}")
            texts += file_texts
        joined = "\n".join(texts)
        hidden = {m.strip(" .") for pattern in (_PRODUCT, _CATALOG) for m in pattern.findall(joined)}
        hidden = {h for h in hidden if len(skeleton_of(h)) >= 3}
        lexicon = Lexicon()
        for value in sorted(hidden):
            lexicon.add(value, HIDDEN_ENTITY, literal=True)
        tokens = CompanyTokens(b"bench-company-key-0123456789abcdef", {skeleton_of(v): v for v in sorted(hidden)})
        redacted = Redactor(lexicon, tokens).redact_many(texts)
        group = totals["held out" if folder.name in HELD_OUT else "tuning"]
        group["companies"] += 1
        group["files"] += len(list(folder.glob("*.pdf")))
        group["hidden values"] += len(hidden)
        for value in hidden:
            pattern = re.compile(re.escape(value), re.IGNORECASE)
            group["occurrences before"] += sum(len(pattern.findall(t)) for t in texts)
            group["left in clear"] += sum(len(pattern.findall(t)) for t in redacted)
        group["<ID_…> tokens"] += sum(t.count(f"<{HIDDEN_ENTITY}_") for t in redacted)
    for name, group in totals.items():
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in group.items()))


if __name__ == "__main__":
    main()
