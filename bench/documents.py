"""PDF parsing benchmark: ``connectors.documents.pdf.parse_pdf`` against pdfplumber, pypdfium2 and unstructured.

What is measured
    The corpus of ``bench/documents_corpus.py`` (two manuals, an MSDS, a standard, a table-heavy
    inspection record, a two-column paper and a 500-page manual; Korean and English; headings,
    lists, paragraphs, ruled tables with wrapped cells, running headers and footers), each file
    read by each engine in its own subprocess, so peak RSS is that engine's alone:

    pdfplumber     ``page.extract_text()`` and ``page.extract_tables()`` on every page
    pypdfium2      ``textpage.get_text_range()`` on every page: plain text, the speed of light
    unstructured   ``partition_pdf(filename, strategy="fast")`` (pdfminer), offline: its spaCy
                   model is the installed one (``connectors.documents.offline``), sockets refused.
                   It needs unstructured's ``pdf`` extra (pi_heif, unstructured_inference) even for
                   the fast strategy; without it the row says "not run" and why.
    plantset       ``parse_pdf(path)``

    Seconds are wall time of the parse (interpreter start and imports excluded), the fastest of
    ``--repeat`` runs; pages/s is the corpus's pages over the engine's summed seconds. CPU seconds
    are shown too: on a shared machine they vary less. Peak RSS is the child's VmHWM on the
    500-page file.

    Text agreement, the same for every engine: per page, the text the corpus wrote (header,
    body, table cells row by row, footer, in writing order) and the engine's text of that page
    (its elements joined in order), both with whitespace runs made one space; agreement is
    1 - (summed Levenshtein distances) / (summed ground-truth characters), floored at 0. fpdf2
    writes the content stream in writing order, which is the order pdfium reads; pdfplumber
    orders text by position, so it interleaves the paper's two columns and the lines of
    wrapped table cells.

    Headings: written headings whose text an engine returned as a title (and, for plantset,
    with the written level: the rank of the heading's font size). List items: written items
    returned as list items with the same text, marker included. Tables: written tables an
    engine returned on the same page with exactly the same cells (whitespace aside).

    Targets (PASS/FAIL; the exit code is 0 either way): plantset >= 10x pdfplumber's pages/s,
    text agreement >= 0.98.

How to run (from the repository root)
    .venv/bin/python bench/documents.py                     # full corpus (~600 pages), ~3 min
    .venv/bin/python bench/documents.py --quick             # small corpus, smoke run (~20 s)
    .venv/bin/python bench/documents.py --corpus /tmp/pdfs  # keep the generated corpus there
    .venv/bin/python bench/documents.py --repeat 3          # fastest of three runs per engine and file
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import documents_corpus as corpus  # noqa: E402

ENGINES = ("pdfplumber", "pypdfium2", "unstructured", "plantset")
OURS = "plantset"
BIG = "manual_500"


# --- the child: one engine on one file ---

def read_pdfplumber(path: Path) -> dict:
    import pdfplumber

    pages, tables = [], []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            pages.append(page.extract_text() or "")
            tables += [{"page": number, "cells": table} for table in page.extract_tables()]
            page.close()
    return {"pages": pages, "titles": None, "tables": tables}


def read_pypdfium2(path: Path) -> dict:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    pages = []
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        pages.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return {"pages": pages, "titles": None, "tables": None}


def read_unstructured(path: Path) -> dict:
    from unstructured.partition.pdf import partition_pdf

    elements = partition_pdf(filename=str(path), strategy="fast")
    return _by_page([(e.metadata.page_number, e.category, e.text, None, None) for e in elements])


def read_plantset(path: Path) -> dict:
    from connectors.documents.pdf import parse_pdf

    parsed = parse_pdf(path)
    return _by_page([(e.page, e.type, e.text, e.level, e.table_cells) for e in parsed.elements])


def _by_page(elements: list[tuple]) -> dict:
    pages: dict[int, list[str]] = {}
    titles, tables, items = [], [], []
    for page, kind, text, level, cells in elements:
        pages.setdefault(page or 1, []).append(text)
        if kind == "Title":
            titles.append({"page": page, "level": level, "text": text})
        if kind == "ListItem":
            items.append(text)
        if kind == "Table" and cells is not None:
            tables.append({"page": page, "cells": cells})
    last = max(pages, default=0)
    return {"pages": ["\n".join(pages.get(n, [])) for n in range(1, last + 1)], "titles": titles, "tables": tables,
            "list_items": items}


def prepare(engine: str) -> None:
    """What an engine needs before the clock starts: offline unstructured, a warm import."""
    if engine == "unstructured":
        import socket

        def refuse(*_args, **_kwargs):
            raise OSError("the document benchmark runs offline")

        socket.socket.connect = socket.socket.connect_ex = refuse  # type: ignore[method-assign]
        socket.create_connection = refuse  # type: ignore[assignment]
        missing = [name for name in ("pi_heif", "unstructured_inference") if importlib.util.find_spec(name) is None]
        if missing:  # partition_pdf imports both at module level, even for strategy="fast"
            raise ModuleNotFoundError(f"unstructured.partition.pdf needs {', '.join(missing)} (unstructured's pdf "
                                      "extra), which requirements.lock does not install")
        sys.path.insert(0, str(REPO))
        from connectors.documents.offline import ensure_offline

        ensure_offline()
        import unstructured.partition.pdf  # noqa: F401
        from unstructured.nlp.tokenize import _get_nlp

        _get_nlp()
    elif engine == OURS:
        sys.path.insert(0, str(REPO))
        import pypdfium2  # noqa: F401  (parse_pdf imports it on its first call)

        import connectors.documents.pdf  # noqa: F401
        import connectors.documents.pdf_tables  # noqa: F401
    else:
        __import__(engine)


def peak_rss_mb() -> float:
    """This process's peak RSS since it started (VmHWM: ru_maxrss would count the parent's pages at fork)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def child(engine: str, path: Path, out: Path) -> None:
    try:
        prepare(engine)
    except ModuleNotFoundError as exc:
        out.write_text(json.dumps({"error": f"{engine} cannot run here: {exc}"}))
        return
    started, cpu = time.perf_counter(), time.process_time()
    result = globals()[f"read_{engine}"](path)
    result["seconds"] = time.perf_counter() - started
    result["cpu_seconds"] = time.process_time() - cpu
    result["peak_rss_mb"] = peak_rss_mb()
    out.write_text(json.dumps(result, ensure_ascii=False))


# --- the parent: run, score, report ---

@dataclass
class Score:
    pages: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    distance: int = 0
    chars: int = 0
    headings: int | None = None
    levels: int | None = None
    tables: int | None = None
    titles: int | None = None
    list_items: int | None = None
    list_elements: int | None = None
    big_rss_mb: float | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def agreement(self) -> float:
        return max(0.0, 1 - self.distance / self.chars) if self.chars else 0.0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def pages_per_cpu_s(self) -> float:
        return self.pages / self.cpu_seconds if self.cpu_seconds else 0.0


def normalized(text: str) -> str:
    return " ".join(text.split())


def run_child(engine: str, path: Path, workdir: Path, timeout: float) -> dict:
    out = workdir / f"{engine}-{path.stem}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", engine, str(path), str(out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"{engine} on {path.name}: exit {done.returncode}: {last}"}
    return json.loads(out.read_text())


def fastest_run(engine: str, path: Path, workdir: Path, args: argparse.Namespace) -> dict:
    """The fastest of ``--repeat`` runs (by wall time), with the highest peak RSS of them."""
    runs = [run_child(engine, path, workdir, args.timeout) for _ in range(args.repeat)]
    if any("error" in run for run in runs):
        return next(run for run in runs if "error" in run)
    best = min(runs, key=lambda run: run["seconds"])
    best["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    return best


def score(result: dict, truth: corpus.Truth, total: Score) -> None:
    from rapidfuzz.distance import Levenshtein

    if "error" in result:
        total.errors.append(result["error"])
        return
    total.pages += len(truth.pages)
    total.seconds += result["seconds"]
    total.cpu_seconds += result["cpu_seconds"]
    for number, written in enumerate(truth.pages, 1):
        expected = normalized("\n".join(written))
        found = normalized(result["pages"][number - 1]) if number <= len(result["pages"]) else ""
        total.distance += Levenshtein.distance(expected, found)
        total.chars += len(expected)
    if result["titles"] is not None:
        _score_titles(result["titles"], truth, total)
    if result.get("list_items") is not None:
        found = Counter(normalized(text) for text in result["list_items"])
        written = Counter(normalized(item["text"]) for item in truth.list_items)
        total.list_items = (total.list_items or 0) + sum((found & written).values())
        total.list_elements = (total.list_elements or 0) + len(result["list_items"])
    if result["tables"] is not None:
        found = {(t["page"], _cells_key(t["cells"])) for t in result["tables"]}
        exact = sum((t["page"], _cells_key(t["cells"])) in found for t in truth.tables)
        total.tables = (total.tables or 0) + exact
    if truth.name == BIG:
        total.big_rss_mb = result["peak_rss_mb"]


def _score_titles(titles: list[dict], truth: corpus.Truth, total: Score) -> None:
    pending: dict[str, list[int | None]] = {}
    for title in titles:
        pending.setdefault(normalized(title["text"]), []).append(title["level"])
    found = levels = 0
    for heading in truth.headings:
        candidates = pending.get(normalized(heading["text"]))
        if candidates:
            level = candidates.pop(0)
            found += 1
            levels += level == heading["level"]
    total.headings = (total.headings or 0) + found
    total.levels = (total.levels or 0) + levels
    total.titles = (total.titles or 0) + len(titles)


def _cells_key(cells: list[list]) -> tuple:
    return tuple(tuple(normalized(cell or "") for cell in row) for row in cells)


def report(scores: dict[str, Score], documents: list[tuple[Path, corpus.Truth]], per_file: dict) -> None:
    pages = sum(len(t.pages) for _, t in documents)
    headings = sum(len(t.headings) for _, t in documents)
    tables = sum(len(t.tables) for _, t in documents)
    table_pages = len({(t.name, table["page"]) for _, t in documents for table in t.tables})
    print(f"corpus: {len(documents)} PDFs, {pages} pages ({table_pages} with ruled tables), {headings} headings, "
          f"{tables} tables, {sum(len(t.list_items) for _, t in documents)} list items\n")
    items = sum(len(t.list_items) for _, t in documents)
    print("| engine | pages/s | vs pdfplumber | pages/CPU-s | vs pdfplumber | text agreement | headings found | "
          "heading levels right | list items found | tables exact | peak RSS, 500 pages |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    base = scores["pdfplumber"].pages_per_s if "pdfplumber" in scores else 0
    cpu_base = scores["pdfplumber"].pages_per_cpu_s if "pdfplumber" in scores else 0
    for engine, s in scores.items():
        if not s.pages:
            print(f"| {engine} | not run | | | | | | | | | |")
            continue
        ratio = f"{s.pages_per_s / base:.1f}x" if base else "—"
        cpu_ratio = f"{s.pages_per_cpu_s / cpu_base:.1f}x" if cpu_base else "—"
        heads = f"{s.headings}/{headings} ({s.titles} titles)" if s.headings is not None else "—"
        lv = f"{s.levels}/{headings}" if s.levels is not None and engine == OURS else "—"
        tb = f"{s.tables}/{tables}" if s.tables is not None else "—"
        li = f"{s.list_items}/{items} ({s.list_elements} items)" if s.list_items is not None else "—"
        rss = f"{s.big_rss_mb:,.0f} MB" if s.big_rss_mb is not None else "—"
        print(f"| {engine} | {s.pages_per_s:,.1f} | {ratio} | {s.pages_per_cpu_s:,.1f} | {cpu_ratio} | "
              f"{s.agreement:.4f} | {heads} | {lv} | {li} | {tb} | {rss} |")
    print("\npages/s per file:\n")
    print("| file | pages | " + " | ".join(scores) + " |")
    print("|---|---:|" + "---:|" * len(scores))
    for path, truth in documents:
        cells = [per_file.get((engine, truth.name)) for engine in scores]
        print(f"| {truth.name} | {len(truth.pages)} | " + " | ".join(f"{c:,.1f}" if c else "—" for c in cells) + " |")
    for s in scores.values():
        for error in s.errors:
            print(f"\nERROR {error}")


def targets(scores: dict[str, Score]) -> None:
    ours = scores[OURS]
    print()
    for engine, goal in (("pdfplumber", 10.0), ("pypdfium2", None)):
        if engine in scores and scores[engine].pages_per_s:
            ratio = ours.pages_per_s / scores[engine].pages_per_s
            verdict = ("PASS" if ratio >= goal else "FAIL") if goal else "info"
            cpu = ours.pages_per_cpu_s / scores[engine].pages_per_cpu_s
            print(f"- {verdict} plantset/{engine} pages/s: {ratio:.2f}x (per CPU second {cpu:.2f}x)"
                  + (f", target >= {goal:g}x" if goal else ""))
    verdict = "PASS" if ours.agreement >= 0.98 else "FAIL"
    print(f"- {verdict} plantset text agreement {ours.agreement:.4f} (target >= 0.98)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpus (a 50-page manual instead of 500 pages)")
    parser.add_argument("--corpus", type=Path, help="folder for the generated corpus (reused when present)")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--repeat", type=int, default=1, help="run each engine on each file N times, keep the fastest")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per engine and file")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "PDF", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    with tempfile.TemporaryDirectory(prefix="doc-bench-") as workdir:
        folder = args.corpus or Path(workdir) / "corpus"
        started = time.perf_counter()
        documents = corpus.build_corpus(folder, quick=args.quick)
        print(f"corpus in {folder} ({time.perf_counter() - started:.1f} s)")
        scores = {engine: Score() for engine in args.engines}
        per_file = {}
        for engine in args.engines:
            for path, truth in documents:
                result = fastest_run(engine, path, Path(workdir), args)
                score(result, truth, scores[engine])
                if "cannot run here" in result.get("error", ""):
                    print(f"  {engine:<12} not run: {result['error']}")
                    break
                if "seconds" in result:
                    per_file[(engine, truth.name)] = len(truth.pages) / result["seconds"]
                print(f"  {engine:<12} {truth.name:<18} {result.get('seconds', float('nan')):7.2f} s", flush=True)
        print()
        report(scores, documents, per_file)
        if OURS in scores:
            targets(scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
