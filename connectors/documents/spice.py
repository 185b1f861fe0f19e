"""Circuit simulation logs (ngspice output, LTspice .log) into ``simulation_log`` records.

A log says which analyses ran, what the simulator warned about, why a run failed and what the
``.meas`` statements measured; that is what the electronics teams search for. Each recognized
line becomes one record (and one element) with its kind, its analysis when the log tells it,
and its line number; the rest of the log (vector listings, solver chatter) is counted, not kept.
LTspice writes its logs in UTF-16LE, usually without a BOM, so the encoding is sniffed.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from connectors.documents.model import DocumentError, Element, Parsed

SNIFF_BYTES = 65536
# Words a line uses to name an analysis, in the forms logs write them.
ANALYSES = (
    ("tran", r"transient analysis|transient solution|\.tran\b|\btran:"),
    ("ac", r"\bac analysis|\.ac\b|\bac:"),
    ("dc", r"dc transfer characteristic|\bdc analysis|\.dc\b|\bdc:"),
    ("op", r"operating point|\.op\b|\bop:"),
    ("noise", r"noise analysis|\.noise\b|\bnoise:"),
    ("tf", r"transfer function|\.tf\b|\btf:"),
    ("pz", r"pole-zero|\.pz\b|\bpz:"),
    ("sens", r"sensitivity analysis|\.sens\b"),
    ("disto", r"distortion analysis|\.disto\b"),
    ("pss", r"periodic steady state|\.pss\b"),
    ("four", r"fourier analysis|fourier components|\.four\b"),
)
ANALYSIS_PATTERNS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in ANALYSES]
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
# (kind, pattern) in the order they are tried: a warning about a singular matrix is a warning.
RULES = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
    ("warning", r"^warning\b"),
    ("error", r"^(?:error|fatal)\b|singular matrix|time ?step too small|simulation\(s\) aborted"
              r"|simulation interrupted|iteration limit reached|^measurement .*fail'ed|^[a-z_][\w.]*\s+failed!?$"),
    ("analysis", r"^circuit:|^doing analysis at temp|^total (?:elapsed|analysis) time|analysis\b.*\d{4}$"
                 r"|^initial transient solution|^no\. of data rows|^\.(?:tran|ac|dc|op|noise|tf|pz|sens|disto|pss)\b"
                 r"|\.op point (?:found|succeeded)|iteration for \.op point succeeded|stepping succeeded"),
    ("info", r"^note:|^date:|^\.step\b|^step information:|^(?:tnom|temp|method|totiter|traniter|tranpoints"
             r"|accept|rejected|matrix size|fillins|solver)\s*=|^starting (?:gmin|source) stepping"
             r"|^direct newton iteration failed"),
)]
# .meas results: LTspice "name: EXPR=value [FROM a TO b | AT x]" or "name=value [FROM …]";
# ngspice "name  =  value [targ= … trig= … | at= … | from= … to= …]".
MEASUREMENTS = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^(?P<name>[A-Za-z_][\w.]*):\s+(?P<expr>\S.*?)=(?P<value>\S+)(?:\s+(?:from|at)\b.*)?$",
    r"^(?P<name>[A-Za-z_][\w.]*)=(?P<value>\S+)(?:\s+from\b.*)?$",
    rf"^(?P<name>[A-Za-z_][\w.]*)\s*=\s*(?P<value>{NUMBER})(?:\s+\w+=\s*{NUMBER})*$",
)]
# The operating-point search runs before any analysis (LTspice logs it for a transient too): it
# names .op, but the analysis the rest of the log belongs to is still unknown.
OP_SEARCH = re.compile(r"\.op point|gmin stepping|source stepping", re.IGNORECASE)
STEPPED_MEASUREMENT = re.compile(r"^measurement:\s*(?P<name>\S+)$", re.IGNORECASE)
MEASUREMENTS_HEADER = re.compile(r"^measurements for ", re.IGNORECASE)


def parse_spice(path: Path) -> Parsed:
    """Read an ngspice or LTspice log into ``records["simulation_log"]``, one row per recognized line."""
    encoding = sniff_encoding(path)
    rows: list[dict] = []
    unrecognized = 0
    with path.open(encoding=encoding, errors="replace") as lines:
        reader = _LogReader()
        for number, raw in enumerate(lines, start=1):
            row = reader.read(raw, number)
            if row is None:
                unrecognized += 1
            elif row:
                rows.append({"seq": len(rows) + 1, **row})
    if not rows:
        raise DocumentError(f"no simulator messages in {path.name}: not an ngspice or LTspice log "
                            f"(no analysis, warning, error or .meas line found)")
    elements = [Element("NarrativeText", row["message"],
                        metadata={key: row[key] for key in ("kind", "analysis", "line", "name", "value")})
                for row in rows]
    circuit = next((_circuit_name(row["message"]) for row in rows if row["message"].lower().startswith("circuit:")),
                   None)
    return Parsed("spice", elements, title=circuit, records={"simulation_log": rows},
                  metadata={"encoding": encoding, "unrecognized_lines": unrecognized})


def sniff_encoding(path: Path) -> str:
    """UTF-16 (by BOM, or by NULs for LTspice's BOM-less files), UTF-8, CP949 or Latin-1."""
    with path.open("rb") as file:
        head = file.read(SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head[1::2].count(0) > len(head) // 4:  # ASCII text in UTF-16LE: every other byte is NUL
        return "utf-16-le"
    if head[0::2].count(0) > len(head) // 4:
        return "utf-16-be"
    for encoding in ("utf-8", "cp949"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # a character cut by the sample's end is no evidence
                continue
        return encoding
    return "latin-1"


class _LogReader:
    """Classifies log lines, remembering the analysis the log is in and the stepped measurement it lists."""

    def __init__(self) -> None:
        self.analysis: str | None = None
        self.stepped: str | None = None  # name of the LTspice stepped measurement being listed
        self.columns: list[str] = []

    def read(self, line: str, number: int) -> dict | None:
        """A record for the line, ``{}`` for a blank line or one that only sets context, None for one not recognized."""
        if self.stepped:
            row = self._step_row(line.strip(), number)
            if row is not None:
                return row
        text = " ".join(line.split())
        if not text:
            return {}
        named = _analysis(text)
        if named and not OP_SEARCH.search(text):
            self.analysis = named
        if MEASUREMENTS_HEADER.match(text):
            return {}
        stepped = STEPPED_MEASUREMENT.match(text)
        if stepped:
            self.stepped, self.columns = stepped.group("name"), []
            return {}
        for kind, pattern in RULES:
            if pattern.search(text):
                return self._row(kind, text, number)
        for pattern in MEASUREMENTS:
            found = pattern.match(text)
            if found:
                return self._row("measurement", text, number, found.group("name"), found.group("value"))
        return None

    def _step_row(self, text: str, number: int) -> dict | None:
        """A row of a stepped measurement's table (header and blank end line: ``{}``); None once the table is over."""
        cells = text.split("\t")
        if not text:
            self.stepped = None
            return {}
        if not self.columns:
            self.columns = cells
            return {}
        if len(cells) < 2:
            self.stepped = None
            return None
        pairs = " ".join(f"{column}={cell}" for column, cell in zip(self.columns[1:], cells[1:]))
        message = f"{self.stepped} ({self.columns[0]} {cells[0]}): {pairs}"
        return self._row("measurement", message, number, self.stepped, cells[1])

    def _row(self, kind: str, message: str, number: int, name: str | None = None,
             value: str | None = None) -> dict:
        return {"kind": kind, "analysis": _analysis(message) or self.analysis, "message": message,
                "line": number, "name": name, "value": value}


def _circuit_name(message: str) -> str | None:
    """The circuit's title; for LTspice, which logs the schematic's full path, the file name only."""
    name = message.split(":", 1)[1].strip(" *")
    if re.search(r"\.(?:asc|net|cir|sp|spice)$", name, re.IGNORECASE):
        name = re.split(r"[\\/]", name)[-1]
    return name or None


def _analysis(text: str) -> str | None:
    return next((name for name, pattern in ANALYSIS_PATTERNS if pattern.search(text)), None)
