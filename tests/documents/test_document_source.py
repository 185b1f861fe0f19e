"""The document source end to end: real files in a folder, parsed in isolated workers, bad ones quarantined.

Each bad input of the issue gets a quarantine entry with a clear reason while every other file
is processed: a corrupt or truncated PDF, a password-protected PDF, a zero-byte file, a file
whose extension lies, a 2 GB file, a file that takes too long and one that needs too much
memory. CP949 text is read, not quarantined.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from connectors.documents.source import DocumentTableReader
from plantset.core.spec import DocumentSource

NANUM = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANTSET_CACHE", str(tmp_path / "cache"))


def write_pdf(path: Path, title: str, body: str, password: str | None = None) -> Path:
    from datetime import datetime, timezone

    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2026, 3, 2, tzinfo=timezone.utc))
    pdf.add_font("Nanum", "", NANUM)
    pdf.add_page()
    pdf.set_font("Nanum", size=20)
    pdf.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", size=11)
    pdf.multi_cell(0, 7, body)
    if password:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    pdf.output(str(path))
    return path


def library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_pdf(folder / "press_manual.pdf", "프레스 점검 매뉴얼", "작동유 레벨을 매 교대 시작 전에 확인한다. " * 20)
    (folder / "notes_cp949.txt").write_bytes("설비 점검 기록\n\n유압 펌프 소음이 증가하여 필터를 교체하였다.\n".encode("cp949"))
    (folder / "guide.md").write_text("# Coolant guide\n\n## Mixing\n\nMix the concentrate at 5 % with water.\n",
                                     encoding="utf-8")
    (folder / "empty.pdf").write_bytes(b"")
    good = (folder / "press_manual.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])
    write_pdf(folder / "locked.pdf", "Secret", "locked text", password="s3cret")
    (folder / "renamed.docx").write_bytes(good)  # a PDF with a .docx name
    with (folder / "huge.txt").open("wb") as handle:  # 2 GB, sparse: costs no disk
        handle.truncate(2 * 1024**3)
    return folder


def source(folder: Path, content: str = "documents", **settings) -> DocumentSource:
    return DocumentSource.model_validate({"kind": "documents", "name": "lib", "path": str(folder),
                                          "tables": [{"name": content, "content": content}], **settings})


def read(src: DocumentSource, state=None) -> tuple[pa.Table, DocumentTableReader]:
    reader = DocumentTableReader(src, src.tables[0])
    batches = list(reader.batches(state))
    return (pa.Table.from_batches(batches) if batches else pa.table({})), reader


def test_every_bad_file_is_quarantined_with_its_reason_and_the_rest_is_read(tmp_path):
    folder = library(tmp_path / "docs")
    table, reader = read(source(folder))
    assert sorted(table.column("source_path").to_pylist()) == ["guide.md", "notes_cp949.txt", "press_manual.pdf"]
    reasons = {q["path"]: q["reason"] for q in reader.report["quarantined"]}
    assert set(reasons) == {"empty.pdf", "truncated.pdf", "locked.pdf", "renamed.docx", "huge.txt"}
    assert reasons["empty.pdf"].startswith("empty file (0 bytes)")
    assert "corrupt or truncated PDF" in reasons["truncated.pdf"]
    assert "encrypted PDF" in reasons["locked.pdf"]
    assert reasons["renamed.docx"].startswith("content is PDF, but the extension '.docx' says DOCX")
    assert reasons["huge.txt"].startswith("file too large (2,048 MB")
    rows = {r["source_path"]: r for r in table.to_pylist()}
    assert rows["notes_cp949.txt"]["language"] == "ko" and rows["press_manual.pdf"]["title"] == "프레스 점검 매뉴얼"
    assert rows["guide.md"]["language"] == "en" and rows["press_manual.pdf"]["kind"] == "manual"


def test_only_new_or_changed_files_are_read_and_broken_ones_are_not_retried(tmp_path):
    folder = library(tmp_path / "docs")
    _, first = read(source(folder))
    state = first.next_state()
    again, second = read(source(folder), state)
    assert again.num_rows == 0 and second.report["files_read"] == 0
    assert len(second.report["quarantined"]) == 5  # still listed, not parsed again
    (folder / "guide.md").write_text("# Coolant guide\n\nChanged.\n", encoding="utf-8")
    (folder / "empty.pdf").unlink()
    changed, third = read(source(folder), second.next_state())
    assert changed.column("source_path").to_pylist() == ["guide.md"]
    assert "empty.pdf" not in {q["path"] for q in third.report["quarantined"]}


def test_chunks_and_elements_carry_sections_and_pages(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "guide.md").write_text("# Coolant guide\n\n## Mixing\n\n" + "Mix the concentrate at 5 % with water. " * 40
                                     + "\n\n## Disposal\n\nCollect used coolant in drums.\n", encoding="utf-8")
    elements, _ = read(source(folder, "elements"))
    rows = elements.to_pylist()
    assert [r["type"] for r in rows][:2] == ["Title", "Title"] and rows[1]["level"] == 2
    assert rows[-1]["section_path"] == "Coolant guide > Disposal"
    chunks, _ = read(DocumentSource.model_validate({"kind": "documents", "name": "lib", "path": str(folder), "tables": [
        {"name": "chunks", "content": "chunks", "chunking": {"size": 300, "overlap": 50}}]}))
    sections = [r["section_path"] for r in chunks.to_pylist()]
    assert sections.count("Coolant guide > Mixing") >= 4 and sections[-1] == "Coolant guide > Disposal"
    assert all(r["characters"] <= 300 for r in chunks.to_pylist())


def test_a_file_over_its_time_is_stopped_and_quarantined(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write_pdf(folder / "slow.pdf", "Slow", "text " * 50)
    table, reader = read(source(folder, timeout_seconds=0.01))
    assert table.num_rows == 0
    assert "parsing took longer than 0.01 s and was stopped" in reader.report["quarantined"][0]["reason"]
    assert "slow.pdf" not in reader.next_state()["files"]  # not marked done: the next run tries it again


def test_a_parser_over_its_memory_is_quarantined_and_the_next_file_is_read(tmp_path):
    from PIL import Image

    folder = tmp_path / "docs"
    folder.mkdir()
    Image.new("RGB", (9500, 9500), "white").save(folder / "a_poster.png")  # 270 MB once decoded
    (folder / "b_enzymes.fasta").write_text(">lip1 lipase\nMKKLLVAGAS\n", encoding="utf-8")
    table, reader = read(source(folder, memory_mb=200))
    assert table.column("source_path").to_pylist() == ["b_enzymes.fasta"]
    (entry,) = reader.report["quarantined"]
    assert entry["path"] == "a_poster.png" and "200 MB" in entry["reason"]


def test_run_report_lists_quarantined_files_once(tmp_path):
    from plantset.pipeline.extract import TableExtract, quarantined

    extracts = [TableExtract("lib", t, report={"quarantined": [{"path": "x.pdf", "reason": "encrypted PDF: …"}]})
                for t in ("documents", "elements")]
    assert quarantined(extracts) == ["lib/x.pdf: encrypted PDF: …"]
    assert json.dumps(quarantined(extracts), ensure_ascii=False)


def test_a_missing_tesseract_fails_the_run_and_quarantines_nothing(tmp_path, monkeypatch):
    from PIL import Image, ImageDraw

    from plantset.core.errors import StageError

    folder = tmp_path / "docs"
    folder.mkdir()
    label = Image.new("RGB", (400, 100), "white")
    ImageDraw.Draw(label).text((10, 40), "HOT SURFACE", fill="black")
    label.save(folder / "label.png")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # the workers find no tesseract
    reader = DocumentTableReader(source(folder), source(folder).tables[0])
    with pytest.raises(StageError) as caught:
        list(reader.batches({"files": {}}))
    assert "Tesseract is not installed; install the Debian packages tesseract-ocr" in str(caught.value)
    assert "nothing was quarantined and the state is unchanged" in str(caught.value)
    assert reader.next_state() == {} and reader.report == {}


def test_links_out_of_the_folder_and_special_files_are_quarantined_unread(tmp_path):
    import os

    secret = tmp_path / "private" / "protect.json"
    secret.parent.mkdir()
    secret.write_text('{"key": "pseudonym-key-never-published-4f1c"}', encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "guide.md").write_text("# Coolant guide\n\nMix at 5 %.\n", encoding="utf-8")
    (folder / "inside.md").symlink_to(folder / "guide.md")  # a link that stays inside the folder is read
    (folder / "protect.md").symlink_to(secret)
    (folder / "environ.txt").symlink_to("/proc/self/environ")
    (folder / "shadow.txt").symlink_to("/etc/shadow")
    (folder / "outside").symlink_to(secret.parent, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    os.mkfifo(folder / "pipe.txt")  # opening it would block the run forever
    src = source(folder)
    table, reader = read(src)
    assert sorted(table.column("source_path").to_pylist()) == ["guide.md", "inside.md"]
    reasons = {q["path"]: q["reason"] for q in reader.report["quarantined"]}
    outside = "a link to something outside the source folder, not followed"
    assert {name for name, reason in reasons.items() if reason.startswith(outside)} == {
        "protect.md", "environ.txt", "shadow.txt", "outside"}
    assert reasons["pipe.txt"].startswith("not a regular file") and reasons["dangling.txt"].startswith("a link to nothing")
    state = json.dumps(reader.next_state())
    assert "pseudonym-key-never-published" not in state and "pseudonym-key-never-published" not in str(table)
    (folder / "protect.md").unlink()  # a refused link that is removed is forgotten
    _, again = read(src, reader.next_state())
    assert "protect.md" not in {q["path"] for q in again.report["quarantined"]}


def test_an_identical_copy_under_another_name_does_not_take_the_original_with_it(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write_pdf(folder / "a.pdf", "프레스 점검 매뉴얼", "작동유 레벨을 매 교대 시작 전에 확인한다. " * 5)
    (folder / "a.pdf.bak").write_bytes((folder / "a.pdf").read_bytes())
    documents, reader = read(source(folder))
    assert documents.column("source_path").to_pylist() == ["a.pdf"]
    assert [q["path"] for q in reader.report["quarantined"]] == ["a.pdf.bak"]
    elements, _ = read(source(folder, "elements"))  # another table of the source, from the parse cache
    assert elements.num_rows > 0 and set(elements.column("doc_id").to_pylist()) == set(
        documents.column("doc_id").to_pylist())
    (folder / "a.pdf.bak").unlink()
    again, after = read(source(folder, "elements"))
    assert again.num_rows > 0 and after.report["quarantined"] == []
