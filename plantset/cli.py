"""The `plantset` command line: demo, simulate, build, check, inspect, report, diff, verify, redact, parse,
opcua browse/read, spec-schema.

Heavy libraries are imported inside the commands, so `plantset --help` stays fast.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="Turn plant data (MES/ERP/QA/PDM databases, CSV/Excel exports) into published training datasets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

OutOption = Annotated[Path, typer.Option("--out", help="Folder that published versions go under.")]
SpecArgument = Annotated[Path, typer.Argument(help="Dataset spec YAML file.")]


def _console(stderr: bool = False):
    from rich.console import Console

    # markup off: error text, dataset names and headers from plant files are text (`[mm]`, `[/x]`), never style;
    # log lines show the time and the stage, not which of our source lines printed them
    return Console(stderr=stderr, highlight=False, markup=False, log_path=False)


def _flagged(flag: str, text: str, style: str = "bold red"):
    """``flag`` styled, then ``text`` exactly as it is."""
    from rich.text import Text

    return Text.assemble((flag, style), " ", text)


def _fail(exc: Exception) -> None:
    _console(stderr=True).print(_flagged("error:", str(exc)), soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def build(spec: SpecArgument, out: OutOption = Path("out")) -> None:
    """Build and publish a new version of the dataset a spec describes."""
    from plantset.core.errors import PlantsetError
    from plantset.pipeline.specs import load_spec

    try:
        loaded = load_spec(spec)
        _run_build(loaded, out)
    except PlantsetError as exc:
        _fail(exc)


def _run_build(loaded, out: Path) -> None:
    from plantset.pipeline.runner import build as run_build
    from plantset.progress import RichReporter
    from plantset.summary import print_build

    with RichReporter(_console(stderr=True)) as reporter:
        result = run_build(loaded, out, reporter=reporter)
    print_build(_console(), result)


@app.command()
def check(spec: SpecArgument) -> None:
    """Validate a spec and test every connection and table, without extracting."""
    from rich.table import Table
    from rich.text import Text

    from connectors.registry import open_tables
    from plantset.core.errors import PlantsetError
    from plantset.pipeline.specs import load_spec

    try:
        loaded = load_spec(spec)
    except PlantsetError as exc:
        _fail(exc)
    table, failures = Table("source.table", "result"), 0
    for source in loaded.spec.sources:
        try:
            for reader in open_tables(source, loaded.spec.timezone):
                try:
                    table.add_row(f"{reader.source}.{reader.table}", reader.check())
                except PlantsetError as exc:
                    failures += 1
                    table.add_row(f"{reader.source}.{reader.table}", Text(str(exc), style="red"))
        except PlantsetError as exc:
            failures += 1
            table.add_row(source.name, Text(str(exc), style="red"))
    _console().print(f"spec {spec}: valid ({len(loaded.spec.tables)} canonical tables)")
    _console().print(table)
    if failures:
        raise typer.Exit(1)


@app.command()
def inspect(path: Annotated[Path, typer.Argument(help="A published version folder, or a dataset folder (its latest version).")]) -> None:
    """Show what a published version holds: tables, rows, files, watermarks."""
    from plantset.core.errors import PlantsetError
    from plantset.summary import find_manifest, print_manifest

    try:
        print_manifest(_console(), *find_manifest(path))
    except PlantsetError as exc:
        _fail(exc)


@app.command()
def report(out: OutOption = Path("out")) -> None:
    """Summarize every dataset's runs: per industry, freshness, success rate, hours of operation."""
    from datetime import datetime, timezone

    from plantset.pipeline.report import print_report

    print_report(_console(), out, datetime.now(timezone.utc))


@app.command()
def demo(
    out: OutOption = Path("out"),
    data: Annotated[Path, typer.Option(help="Folder for the generated demo plant.")] = Path(".plantset/demo"),
    scale: Annotated[int, typer.Option(min=1, help="Size of the demo plant (1 = small).")] = 1,
    build_it: Annotated[bool, typer.Option("--build/--no-build", help="Build the dataset after generating.")] = True,
) -> None:
    """Generate the embedded demo plant and build its datasets: demo-machinery from its databases and exports,
    demo-sensors from its OPC UA simulator, demo-documents from its document library (with the demo-only
    pseudonym key unless PLANTSET_DEMO_KEY is set)."""
    from demo import secrets
    from demo.plant import generate
    from plantset.core import environment
    from plantset.core.errors import PlantsetError
    from plantset.pipeline.specs import load_spec

    environment.set_default(secrets.KEY_VARIABLE, secrets.DEMO_KEY)
    plant = generate(data, scale=scale)
    _console(stderr=True).print(f"demo plant: {plant.db_path} and {plant.exports_dir} "
                                f"({sum(plant.rows.values())} source rows)", soft_wrap=True)
    if not build_it:
        return
    from demo.documents import generate_documents
    from demo.simulator import run_in_thread

    variables = {"PLANTSET_DEMO_DATA": str(data.resolve())}
    try:
        _run_build(load_spec(demo_spec_path(), variables), out)
        # the machines' signals, read over OPC UA from the simulator of the same plant
        with run_in_thread(plant.db_path, "opc.tcp://127.0.0.1:0/plantset/demo", history_period=DEMO_HISTORY_PERIOD) as sim:
            _run_build(load_spec(demo_spec_path("demo-sensors"), {**variables, "PLANTSET_DEMO_OPCUA": sim.endpoint}), out)
        # its document library: manuals, safety data sheets, a drawing, … and one broken file to quarantine
        generate_documents(data / "documents")
        _run_build(load_spec(demo_spec_path("demo-documents"), variables), out)
    except PlantsetError as exc:
        _fail(exc)


@app.command()
def simulate(
    data: Annotated[Path, typer.Option(help="Folder of the demo plant; generated there when it has no plant.db.")] = Path(
        ".plantset/demo"),
    endpoint: Annotated[str, typer.Option(help="Endpoint to serve; port 0 picks a free port.")] = (
        "opc.tcp://127.0.0.1:4840/plantset/demo"),
    history_period: Annotated[float, typer.Option(min=1, help="Seconds between historized values.")] = 60,
    speed: Annotated[float, typer.Option(min=0.001, help="Plant seconds per real second for live values.")] = 60,
) -> None:
    """Serve the demo plant's presses and CNC machines as an OPC UA server (Machinery companion spec) until Ctrl-C."""
    import asyncio

    from demo.plant import generate
    from demo.simulator import PlantSimulator
    from plantset.core.errors import PlantsetError

    if not (data / "plant.db").is_file():
        plant = generate(data)
        _console(stderr=True).print(f"demo plant: generated {plant.db_path}", soft_wrap=True)

    async def serve() -> None:
        async with PlantSimulator(data / "plant.db", endpoint, history_period=history_period, speed=speed) as sim:
            console = _console()
            console.print(f"OPC UA endpoint {sim.endpoint}; node ids nsu={sim.namespace};s=<machine>.Monitoring.<signal>",
                          soft_wrap=True)
            for machine, signals in sim.signals.items():
                units = ", ".join(f"{name} [{unit}]" if unit else name for name, unit in signals.items())
                console.print(f"  Objects/Machines/{machine}/Monitoring: {units}", soft_wrap=True, markup=False)
            console.print(f"history every {history_period:g} s over the plant's days; live at {speed:g}x; Ctrl-C stops")
            await asyncio.Event().wait()

    try:
        asyncio.run(serve())
    except PlantsetError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        _console(stderr=True).print("simulator stopped")


@app.command()
def verify(path: Annotated[Path, typer.Argument(help="A published version folder, or a dataset folder (its latest).")]) -> None:
    """Recompute every checksum of a published version and report any file missing, changed or unlisted."""
    from plantset.core.errors import PlantsetError
    from plantset.core.versions import verify as verify_version
    from plantset.summary import find_manifest

    try:
        folder, manifest = find_manifest(path)
    except PlantsetError as exc:
        _fail(exc)
    problems = verify_version(folder)
    console = _console()
    for problem in problems:
        console.print(f"{folder}: {problem}", soft_wrap=True)
    files = sum(len(t["files"]) for t in manifest["tables"].values()) + len(manifest.get("files", []))
    if problems:
        _fail(ValueError(f"{folder}: {len(problems)} of {files} files do not match the manifest"))
    console.print(f"{folder}: all {files} files match the manifest")


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier version folder.")],
    new: Annotated[Path, typer.Argument(help="The later version folder.")],
) -> None:
    """What changed between two versions: tables, rows, schema, data files."""
    import json

    from plantset.core.errors import PlantsetError
    from plantset.core.versions import diff as diff_versions
    from plantset.summary import find_manifest

    try:
        changes = diff_versions(find_manifest(old)[1], find_manifest(new)[1])
    except PlantsetError as exc:
        _fail(exc)
    _console().print_json(json.dumps(changes, ensure_ascii=False))


@app.command()
def audit(
    spec: SpecArgument,
    out: Annotated[Optional[Path], typer.Option(
        "--out", help="Write the candidate lexicon here (default: <dataset>.audit.tsv in the current folder).")] = None,
) -> None:
    """Read what the sources yield (nothing is published) and write a candidate lexicon of what could identify
    the company or its partners, to review and list under anonymize.lexicon."""
    from plantset.core.errors import PlantsetError
    from plantset.pipeline.audit import audit_spec
    from plantset.pipeline.specs import load_spec
    from plantset.progress import RichReporter

    try:
        loaded = load_spec(spec)
        with RichReporter(_console(stderr=True)) as reporter:
            found = audit_spec(loaded, reporter)
    except PlantsetError as exc:
        _fail(exc)
    target = out or Path(f"{loaded.spec.dataset}.audit.tsv")
    try:
        count = found.write(target)
    except OSError as exc:
        _fail(ValueError(f"{target}: cannot write the candidate lexicon ({exc.strerror})"))
    by_category = Counter(category for category, _ in found.found)
    summary = ", ".join(f"{n} {category}" for category, n in sorted(by_category.items())) or "none"
    _console().print(f"{count} candidates ({summary}) written to {target}; review them, then list the file under "
                     "anonymize.lexicon in the spec")


@app.command()
def redact(
    files: Annotated[Optional[list[Path]], typer.Argument(help="Text files, one record per line; stdin if none.")] = None,
    lexicon: Annotated[Optional[list[Path]], typer.Option(
        "--lexicon", help="Secret terms: UTF-8, one per line, optionally CATEGORY<TAB>term; `re:` for patterns.")] = None,
    staff: Annotated[Optional[list[Path]], typer.Option("--staff", help="Staff names, one per line.")] = None,
    spans: Annotated[bool, typer.Option("--spans", help="Write JSON lines of spans (start, end, entity).")] = False,
    key_env: Annotated[Optional[str], typer.Option(
        "--key-env", help="Environment variable holding the pseudonym key: tokens as the pipeline writes them. "
        "Without it tokens are numbered in order of appearance.")] = None,
) -> None:
    """Redact text line for line with the pipeline's detectors (names, identifiers, the lexicon)."""
    from anonymize.lines import lexicon_from_files, redact_lines
    from anonymize.text import KeyedTokens, NumberedTokens, Redactor
    from plantset.core import environment
    from plantset.core.errors import PlantsetError

    try:
        terms = lexicon_from_files(lexicon or [], staff or [])
    except PlantsetError as exc:
        _fail(exc)
    tokens = NumberedTokens()
    if key_env:
        key = environment.variable(key_env)
        if not key:
            _fail(ValueError(f"environment variable {key_env} is not set; export it or leave out --key-env"))
        tokens = KeyedTokens(key.encode())
    redactor = Redactor(terms, tokens)
    for path in files or [None]:
        try:
            if path is None:
                _write_lines(redact_lines(sys.stdin, redactor, spans=spans))
                continue
            with path.open(encoding="utf-8") as handle:
                _write_lines(redact_lines(handle, redactor, spans=spans))
        except OSError as exc:
            _fail(ValueError(f"{path}: cannot read the file ({exc.strerror})"))
        except UnicodeDecodeError:
            _fail(ValueError(f"{path or 'stdin'}: not UTF-8 text; convert it first, e.g. `iconv -f cp949 -t utf-8`"))


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Documents to parse: PDF, DOCX, HWP, images, DXF, … .")],
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="Read scanned pages and images with Tesseract.")] = True,
    timeout: Annotated[float, typer.Option(help="Seconds one file may take.")] = 120,
) -> None:
    """Print the elements of each file as JSON lines (file, type, text, section path, page, level, table cells),
    with the same parsers, isolation and layout as the document source; unreadable files say why."""
    from connectors.documents.isolate import parse_isolated
    from connectors.documents.model import SetupError

    failures = 0
    named = {f.resolve(): str(f) for f in files}
    try:
        for outcome in parse_isolated(list(named), timeout=timeout, memory_mb=2048, ocr=ocr):
            name = named[outcome.path]
            if outcome.parsed is None:
                failures += 1
                _console(stderr=True).print(_flagged(f"{name}:", outcome.reason), soft_wrap=True)
                continue
            _print_parsed(name, outcome.parsed)
    except SetupError as exc:  # the machine lacks a model or Tesseract: one line, not one per file
        _fail(exc)
    if failures:
        raise typer.Exit(1)


def _print_parsed(name: str, parsed) -> None:
    """A parsed file's elements, then its domain records, as JSON lines."""
    import json

    from connectors.documents import layout

    elements = parsed.elements
    for seq, (element, path) in enumerate(zip(elements, layout.section_paths(elements))):
        sys.stdout.write(json.dumps({"file": name, "seq": seq, "type": element.type, "text": element.text,
                                     "section_path": path, "page": element.page, "level": element.level,
                                     "table_cells": element.table_cells}, ensure_ascii=False) + "\n")
    for table, records in sorted(parsed.records.items()):
        for record in records:
            line = json.dumps({"file": name, "record": table, **record}, ensure_ascii=False, default=str)
            sys.stdout.write(line + "\n")


def _write_lines(lines) -> None:
    for line in lines:
        sys.stdout.write(line + "\n")


DEMO_HISTORY_PERIOD = 300  # seconds between the simulator's historized values in `plantset demo`


def demo_spec_path(name: str = "demo") -> Path:
    return Path(__file__).resolve().parent.parent / "industries" / f"{name}.yaml"


@app.command("spec-schema")
def spec_schema(output: Annotated[Optional[Path], typer.Option(help="Write here instead of stdout.")] = None) -> None:
    """Print the JSON Schema of dataset specs (for editor completion)."""
    import json

    from connectors.registry import spec_models
    from plantset.core.spec import json_schema

    text = json.dumps(json_schema(spec_models()), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


opcua_app = typer.Typer(help="Look at an OPC UA server before writing a spec: browse its tree, read values.",
                        no_args_is_help=True)
app.add_typer(opcua_app, name="opcua")
EndpointArgument = Annotated[str, typer.Argument(help="Endpoint URL, e.g. opc.tcp://10.0.0.5:4840.")]
UserOption = Annotated[Optional[str], typer.Option("--user", help="User name; anonymous when omitted.")]
PasswordEnvOption = Annotated[Optional[str], typer.Option(
    "--password-env", help="Environment variable holding the user's password.")]
SecurityOption = Annotated[Optional[str], typer.Option(
    "--security", help="Basic256Sha256,Sign or Basic256Sha256,SignAndEncrypt; needs --certificate and --private-key.")]
CertificateOption = Annotated[Optional[Path], typer.Option("--certificate", help="Client certificate (DER or PEM).")]
KeyOption = Annotated[Optional[Path], typer.Option("--private-key", help="Client private key file (PEM).")]


def _opcua_source(endpoint: str, user: str | None, password_env: str | None, security: str | None,
                  certificate: Path | None, private_key: Path | None):
    from plantset.core.spec import OpcUaSource

    policy, _, mode = (security or "None,None").partition(",")
    config = {"kind": "opcua", "name": "cli", "endpoint": endpoint, "anonymous": user is None,
              "security": {"policy": policy, "mode": mode or "None",
                           "certificate": str(certificate) if certificate else None,
                           "private_key": str(private_key) if private_key else None},
              "tables": [{"name": "cli", "mode": "snapshot", "nodes": [{"browse_path": "Server"}]}],
              "connect_attempts": 2}
    if user is not None:
        config.update(username=user, password={"env": password_env or "OPCUA_PASSWORD"})
    return OpcUaSource.model_validate(config)


@opcua_app.command("browse")
def opcua_browse(
    endpoint: EndpointArgument,
    path: Annotated[str, typer.Argument(help="Browse path below Objects to start from, e.g. Machines/PRS-01.")] = "",
    depth: Annotated[int, typer.Option("--depth", help="Levels to show.")] = 3,
    user: UserOption = None, password_env: PasswordEnvOption = None, security: SecurityOption = None,
    certificate: CertificateOption = None, private_key: KeyOption = None,
) -> None:
    """Print the address space as a tree: browse names, node classes, data types, units, node ids."""
    from pydantic import ValidationError

    from connectors.opcua.browse import browse, tree_lines
    from plantset.core.errors import PlantsetError

    try:
        source = _opcua_source(endpoint, user, password_env, security, certificate, private_key)
        _write_lines(tree_lines(browse(source, path, depth)))
    except (PlantsetError, ValidationError) as exc:
        _fail(_one_line(exc))


@opcua_app.command("read")
def opcua_read(
    endpoint: EndpointArgument,
    nodes: Annotated[list[str], typer.Argument(help="Node ids (ns=2;s=…, nsu=…;i=…) or browse paths.")],
    user: UserOption = None, password_env: PasswordEnvOption = None, security: SecurityOption = None,
    certificate: CertificateOption = None, private_key: KeyOption = None,
) -> None:
    """Print the current value of each node: value, unit, status, source time."""
    from pydantic import ValidationError

    from connectors.opcua.browse import read
    from plantset.core.errors import PlantsetError

    try:
        source = _opcua_source(endpoint, user, password_env, security, certificate, private_key)
        rows = read(source, nodes)
    except (PlantsetError, ValidationError) as exc:
        _fail(_one_line(exc))
    for row in rows:
        unit = f" {row['unit']}" if row["unit"] else ""
        sys.stdout.write(f"{row['browse_path']} = {row['value']}{unit}  {row['status']}  {row['source_time'] or '-'}  "
                         f"{row['node_id']}\n")


def _one_line(exc: Exception) -> Exception:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        return ValueError("; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors()))
    return exc


def main() -> None:
    app()


if __name__ == "__main__":
    main()
