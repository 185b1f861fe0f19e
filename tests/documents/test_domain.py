"""The domain formats: FASTA sequences, DXF drawings and SPICE simulation logs, generated here."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from connectors.documents.dxf import parse_dxf
from connectors.documents.fasta import parse_fasta
from connectors.documents.model import DocumentError
from connectors.documents.spice import parse_spice

# Line numbers matter: the tests check them.
FASTA = """\
ACGTACGT
>seq1 Homo sapiens pump gene, partial
ACGTACGTNN
acgt-acgt
>rna1 riboswitch
ACGUUAGCUU
>P12345 Protein kinase domain
MKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQAPILSRVGDGTQDNLSGAEKAVQVKVKALPDAQFEVVHSLAKWKRQTLGQHDFSAGEGLYTHMKALRPDEDRLSPLHSVYVDQWDWERVMGDGERQFSTLKSTVEAIWAGIKATEAAVSEEFGLAPFLPDQIHFVHSQELLSRYPDLDAKGRERAIAKDLGAVFLVGIGGKLSDGHRHDVRAPDYDDWSTPSELGHAGLNGDILVWNPVLEDAFELSSMGIRVDADTLKHQLALTGDEDRLELEWHQALLRGEMPQTIGGGIGQSRLTMLLLQLPHIGQVQAGVWPAAVRESVPALL*
>bad1 reading with an instrument artefact
ACGTACGTAC
ACGTAC9TAC
>empty1 nothing sequenced
>seq1 the same id again
ACGT
>amb1 DNA with ambiguity codes
ACGTRYACGTACGTACGTACGTACGT
"""


def test_fasta_records_alphabets_and_problems(tmp_path):
    path = tmp_path / "sequences.fasta"
    path.write_text(FASTA)

    parsed = parse_fasta(path)

    rows = {row["record_id"]: row for row in parsed.records["sequence"]}
    assert list(rows) == ["seq1", "rna1", "P12345", "amb1"]
    assert rows["seq1"] == {"record_id": "seq1", "description": "Homo sapiens pump gene, partial", "alphabet": "dna",
                            "length": 19, "sequence": "ACGTACGTNNACGT-ACGT", "line": 2}
    assert (rows["rna1"]["alphabet"], rows["rna1"]["line"]) == ("rna", 5)
    assert (rows["P12345"]["alphabet"], rows["P12345"]["sequence"][-1]) == ("protein", "*")
    assert rows["amb1"]["alphabet"] == "dna"  # R and Y are ambiguity codes here, not arginine and tyrosine
    assert parsed.metadata["problems"] == [
        "line 1: sequence data before the first '>' header; skipped",
        "line 11: record bad1: character '9' at column 7 is not an amino-acid or nucleotide code",
        "line 12: record empty1: empty record (no sequence); skipped",
        "line 13: record seq1: duplicate record id (first at line 2); skipped",
    ]
    assert [element.text for element in parsed.elements][:2] == ["seq1 Homo sapiens pump gene, partial",
                                                                "rna1 riboswitch"]
    assert parsed.elements[0].metadata["alphabet"] == "dna"


def test_fasta_gzip_is_recognised_by_content(tmp_path):
    compressed = tmp_path / "sequences.fa.gz"
    compressed.write_bytes(gzip.compress(FASTA.encode()))
    misnamed = tmp_path / "sequences.fasta"  # gzip content without the .gz extension
    misnamed.write_bytes(compressed.read_bytes())

    for path in (compressed, misnamed):
        parsed = parse_fasta(path)
        assert [row["record_id"] for row in parsed.records["sequence"]] == ["seq1", "rna1", "P12345", "amb1"]
        assert parsed.metadata["problem_count"] == 4


def test_fasta_truncated_gzip_keeps_the_records_read(tmp_path):
    body = "".join(f">r{i}\n{'ACGT' * 30}\n" for i in range(2000)).encode()
    path = tmp_path / "cut.fa.gz"
    data = gzip.compress(body)
    path.write_bytes(data[: len(data) // 2])

    parsed = parse_fasta(path)

    assert 0 < len(parsed.records["sequence"]) < 2000
    assert "cut off or corrupt" in parsed.metadata["problems"][-1]


def test_fasta_without_a_valid_record_is_a_document_error(tmp_path):
    path = tmp_path / "notes.fasta"
    path.write_text("this is a lab note, 2024-03-01\nno sequences here\n")

    with pytest.raises(DocumentError, match=r"no valid FASTA record in notes.fasta: lines 1-2: sequence data"):
        parse_fasta(path)


# --- DXF ---------------------------------------------------------------------------------------

PARTS = [("10", "HB-M8", "Hex bolt M8x30", "8"), ("2", "CV-200", "Cover", "1"), ("1", "PH-100", "Pump housing", "1")]


def write_drawing(path: Path) -> dict:
    """An R2010 drawing as a machinery CAD export looks: title block on the sheet, notes, dimensions, parts list."""
    import ezdxf

    doc = ezdxf.new("R2010", setup=True, units=4)
    doc.layers.add("DIM", color=3, linetype="DASHED")
    doc.layers.add("NOTES", color=1).off()
    msp = doc.modelspace()

    title_block = doc.blocks.new("TITLE_BLOCK")
    for row, tag in enumerate(("TITLE", "DWG_NO", "REV", "SCALE", "DRAWN_BY", "MATERIAL")):
        title_block.add_attdef(tag, (0, row * 5), dxfattribs={"height": 2.5})
    sheet = doc.paperspace("Layout1")
    sheet.add_blockref("TITLE_BLOCK", (200, 0)).add_auto_attribs({
        "TITLE": "펌프 하우징 Pump housing", "DWG_NO": "DWG-1234-A", "REV": "B", "SCALE": "1:2",
        "DRAWN_BY": "J. Kim", "MATERIAL": "GC250"})

    msp.add_text("NOTE: deburr all edges %%c12", dxfattribs={"layer": "NOTES"}).set_placement((10, 50))
    msp.add_mtext("{\\fArial|b1;Heat treat}\\Pto 45 HRC", dxfattribs={"layer": "NOTES", "insert": (5, 40)})
    measured = msp.add_linear_dim(base=(0, 10), p1=(0, 0), p2=(125.5, 0), dimstyle="Standard",
                                  override={"dimdsep": ord(".")}, dxfattribs={"layer": "DIM"})
    measured.render()
    msp.add_linear_dim(base=(0, 20), p1=(0, 0), p2=(50, 0), text="<> H7", dimstyle="Standard").render()

    row = doc.blocks.new("BOM_ROW")
    for column, tag in enumerate(("ITEM", "PART_NO", "DESCRIPTION", "QTY")):
        row.add_attdef(tag, (column * 20, 0))
    for item, part, description, quantity in PARTS:  # drawn in no particular order
        msp.add_blockref("BOM_ROW", (300, int(item) * 5)).add_auto_attribs(
            {"ITEM": item, "PART_NO": part, "DESCRIPTION": description, "QTY": quantity})
    doc.saveas(path)
    add_acad_table(path, msp.block_record_handle, [["ITEM", "PART_NO", "QTY"], ["1", "B-100", "4"]])
    rendered = next(e for e in measured.dimension.get_geometry_block() if e.dxftype() == "MTEXT").plain_text()
    return {"rendered_dimension": rendered}


def add_acad_table(path: Path, owner: str, rows: list[list[str]]) -> None:
    """Append an ACAD_TABLE entity to the drawing's ENTITIES section, as DXF tags (ezdxf reads but cannot write one)."""
    tags = ["0", "ACAD_TABLE", "5", "FFFF0", "330", owner, "100", "AcDbEntity", "8", "PARTS",
            "100", "AcDbBlockReference", "2", "*T1", "10", "0.0", "20", "0.0", "30", "0.0",
            "100", "AcDbTable", "280", "0", "91", str(len(rows)), "92", str(len(rows[0]))]
    for cell in (cell for row in rows for cell in row):
        tags += ["171", "1", "1", cell]  # cell type text, then its text
    text = path.read_text(encoding="utf-8")
    entities = text.index("ENTITIES\n")
    end = text.index("  0\nENDSEC", entities)
    path.write_text(text[:end] + "".join(f"{tag}\n" for tag in tags) + text[end:], encoding="utf-8")


@pytest.fixture(scope="module")
def drawing(tmp_path_factory):
    path = tmp_path_factory.mktemp("dxf") / "DWG-1234-A.dxf"
    facts = write_drawing(path)
    return parse_dxf(path), facts


def test_dxf_title_block_gives_title_and_fields(drawing):
    parsed, _ = drawing

    assert parsed.title == "펌프 하우징 Pump housing"
    first = parsed.elements[0]
    assert (first.type, first.text, first.level, first.metadata["layout"]) == ("Title", parsed.title, 1, "Layout1")
    fields = {e.metadata["tag"]: e.metadata["value"] for e in parsed.elements if e.type == "Field"}
    assert fields == {"DWG_NO": "DWG-1234-A", "REV": "B", "SCALE": "1:2", "DRAWN_BY": "J. Kim", "MATERIAL": "GC250"}
    assert "REV: B" in [e.text for e in parsed.elements]
    assert (parsed.metadata["release"], parsed.metadata["dxf_version"]) == ("R2010", "AC1024")
    assert parsed.metadata["units"] == {"insunits": 4, "name": "Millimeters"}
    assert parsed.metadata["problems"] == []


def test_dxf_notes_and_dimensions(drawing):
    parsed, facts = drawing

    notes = [e for e in parsed.elements if e.type == "Annotation"]
    assert [e.text for e in notes] == ["NOTE: deburr all edges Ø12", "Heat treat\nto 45 HRC"]
    assert notes[0].metadata == {"layer": "NOTES", "layout": "Model", "entity": "TEXT", "position": [10.0, 50.0],
                                 "handle": notes[0].metadata["handle"]}
    dimensions = [e for e in parsed.elements if e.type == "Dimension"]
    assert [e.text for e in dimensions] == ["125.5", "50 H7"]
    assert dimensions[0].text == facts["rendered_dimension"]  # what the CAD drew is what is read
    assert {key: dimensions[0].metadata[key] for key in ("measurement", "dimension_type", "layer", "text_override")} \
        == {"measurement": 125.5, "dimension_type": "linear", "layer": "DIM", "text_override": False}
    assert dimensions[1].metadata["text_override"] is True


def test_dxf_layers(drawing):
    parsed, _ = drawing

    layers = {layer["name"]: layer for layer in parsed.metadata["layers"]}
    assert layers["DIM"] == {"name": "DIM", "color": 3, "linetype": "DASHED", "on": True, "frozen": False,
                             "locked": False}
    assert layers["NOTES"]["on"] is False


def test_dxf_parts_lists_from_block_attributes_and_acad_table(drawing):
    parsed, _ = drawing

    tables = [e for e in parsed.elements if e.type == "Table"]
    by_source = {table.metadata["source"]: table for table in tables}
    assert by_source["block attributes"].table_cells == [
        ["ITEM", "PART_NO", "DESCRIPTION", "QTY"], ["1", "PH-100", "Pump housing", "1"],
        ["2", "CV-200", "Cover", "1"], ["10", "HB-M8", "Hex bolt M8x30", "8"]]
    assert by_source["block attributes"].table_html.startswith("<table><tr><th>ITEM</th>")
    assert by_source["ACAD_TABLE"].table_cells == [["ITEM", "PART_NO", "QTY"], ["1", "B-100", "4"]]
    assert by_source["ACAD_TABLE"].metadata["layer"] == "PARTS"
    assert not [e for e in parsed.elements if e.type == "Field" and e.metadata["tag"] == "QTY"]


def test_dxf_that_is_not_a_drawing_is_a_document_error(tmp_path):
    path = tmp_path / "garbage.dxf"
    path.write_bytes(b"PK\x03\x04 this is a zip archive, not a drawing\n" * 20)

    with pytest.raises(DocumentError, match="not a readable DXF drawing"):
        parse_dxf(path)


def test_dxf_cut_off_before_its_entities_is_a_document_error(tmp_path):
    path = tmp_path / "cut.dxf"
    write_drawing(path)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"ENTITIES") + 300])

    with pytest.raises(DocumentError, match="truncated DXF"):
        parse_dxf(path)


def test_dxf_cut_off_after_its_entities_keeps_them_and_says_so(tmp_path):
    path = tmp_path / "cut.dxf"
    write_drawing(path)
    path.write_bytes(path.read_bytes()[:-200])

    parsed = parse_dxf(path)

    assert parsed.title == "펌프 하우징 Pump housing"
    assert any("EOF marker" in problem for problem in parsed.metadata["problems"])


# --- SPICE logs ------------------------------------------------------------------------------

NGSPICE = """\

Note: No compatibility mode selected!


Circuit: rc low-pass filter

Doing analysis at TEMP = 27.000000 and TNOM = 27.000000

Initial Transient Solution
--------------------------

Node                                   Voltage
----                                   -------
in                                           0
out                                          0

Warning: singular matrix:  check node out

                                     Transient Analysis  Thu Jan  4 10:00:00  2024
--------------------------------------------------------------------------------
Index   time            v(out)
0\t0.000000e+00\t0.000000e+00
1\t1.000000e-06\t6.321206e-01

No. of Data Rows : 1011

  Measurements for Transient Analysis

tdelay              =  1.234560e-04 targ=  2.234560e-04 trig=  1.000000e-04
vmax                =  4.995000e+00 at=  1.000000e-03
tpd_fall            failed

doAnalyses: TRAN:  Timestep too small; time = 1.2e-09, timestep = 1.25e-20: trouble with node "out"
tran simulation(s) aborted
Error: no such vector v(nonexist)
Total elapsed time (seconds) = 0.045
"""

LTSPICE = """\
Circuit: * C:\\Users\\kim\\설계\\buck_converter.asc

WARNING: Less than two connections to node N005.  This node is used by R7.
Direct Newton iteration for .op point succeeded.
.step rload=1
.step rload=10

Measurement: vout_avg
  step\tAVG(v(out))\tFROM\tTO
     1\t3.2981\t0.001\t0.002
     2\t3.30112\t0.001\t0.002

iout_max: MAX(i(l1))=1.52391 FROM 0 TO 0.002
eff=0.912345
Measurement "ripple" FAIL'ed
Analysis: Time step too small; time = 0.00123, timestep = 1e-19: trouble with node N003

Date: Sat Sep  2 00:15:26 2023
Total elapsed time: 0.298 seconds.

tnom = 27
method = modified trap
Matrix Compiler1: off  [0.1]/0.1/0.1
"""


def by_line(parsed) -> dict[int, dict]:
    return {row["line"]: row for row in parsed.records["simulation_log"]}


def test_ngspice_log(tmp_path):
    path = tmp_path / "rc.log"
    path.write_text(NGSPICE)

    parsed = parse_spice(path)

    rows = by_line(parsed)
    kinds = {line: (row["kind"], row["analysis"]) for line, row in rows.items()}
    assert kinds == {2: ("info", None), 5: ("analysis", None), 7: ("analysis", None), 9: ("analysis", "tran"),
                     17: ("warning", "tran"), 19: ("analysis", "tran"), 25: ("analysis", "tran"),
                     29: ("measurement", "tran"), 30: ("measurement", "tran"), 31: ("error", "tran"),
                     33: ("error", "tran"), 34: ("error", "tran"), 35: ("error", "tran"), 36: ("analysis", "tran")}
    assert (rows[29]["name"], rows[29]["value"]) == ("tdelay", "1.234560e-04")
    assert rows[33]["message"].startswith("doAnalyses: TRAN: Timestep too small")
    assert [row["seq"] for row in parsed.records["simulation_log"]] == list(range(1, 15))
    assert parsed.title == "rc low-pass filter"
    assert parsed.metadata == {"encoding": "utf-8", "unrecognized_lines": 9}
    warning = next(e for e in parsed.elements if e.metadata["kind"] == "warning")
    assert (warning.type, warning.metadata["line"]) == ("NarrativeText", 17)


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b""), ("utf-16-le", b"\xff\xfe")])
def test_ltspice_log_in_utf16(tmp_path, encoding, bom):
    path = tmp_path / "buck_converter.log"
    path.write_bytes(bom + LTSPICE.replace("\n", "\r\n").encode(encoding))

    parsed = parse_spice(path)

    rows = by_line(parsed)
    assert rows[3]["kind"] == "warning"
    assert (rows[4]["kind"], rows[4]["analysis"]) == ("analysis", "op")
    assert [(rows[n]["name"], rows[n]["value"]) for n in (10, 11, 13, 14)] == [
        ("vout_avg", "3.2981"), ("vout_avg", "3.30112"), ("iout_max", "1.52391"), ("eff", "0.912345")]
    assert rows[10]["message"] == "vout_avg (step 1): AVG(v(out))=3.2981 FROM=0.001 TO=0.002"
    assert {rows[15]["kind"], rows[16]["kind"]} == {"error"}
    assert rows[13]["analysis"] is None  # the .op search before a run does not say which analysis it was
    assert (rows[18]["kind"], rows[19]["kind"], rows[21]["kind"]) == ("info", "analysis", "info")
    assert parsed.title == "buck_converter.asc"
    assert parsed.metadata["encoding"] == ("utf-16" if bom else "utf-16-le")


def test_text_that_is_no_simulator_log_is_a_document_error(tmp_path):
    path = tmp_path / "readme.log"
    path.write_text("backup finished\n3 files copied\n")

    with pytest.raises(DocumentError, match="not an ngspice or LTspice log"):
        parse_spice(path)
