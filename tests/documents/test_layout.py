"""Section paths, language, kind of document and chunking: the same for every format."""

from __future__ import annotations

from connectors.documents.layout import chunk, kind_of, language, section_paths, tokens
from connectors.documents.model import Element, Parsed


def manual() -> list[Element]:
    return [
        Element("Title", "프레스 보전 매뉴얼", page=1, level=1),
        Element("Title", "1. 일상 점검", page=1, level=2),
        Element("NarrativeText", "작동유 레벨을 매 교대 시작 전에 확인한다. " * 6, page=1),
        Element("ListItem", "누유 여부 확인", page=1),
        Element("Header", "사내 한정", page=2),
        Element("Table", "항목 주기", page=2, table_cells=[["항목", "주기"], ["작동유", "매일"], ["필터", "3개월"]]),
        Element("Title", "2. 고장 조치", page=2, level=2),
        Element("NarrativeText", "베어링 마모로 진동이 증가하면 설비를 정지하고 보전팀에 연락한다.", page=3),
        Element("Title", "2.1 과열", page=3, level=3),
        Element("NarrativeText", "냉각팬과 필터를 점검한다.", page=3),
    ]


def test_section_paths_follow_the_heading_levels():
    paths = section_paths(manual())
    assert paths[2] == "프레스 보전 매뉴얼 > 1. 일상 점검"
    assert paths[7] == "프레스 보전 매뉴얼 > 2. 고장 조치"
    assert paths[9] == "프레스 보전 매뉴얼 > 2. 고장 조치 > 2.1 과열"


def test_chunks_stay_in_their_section_respect_the_size_overlap_and_keep_tables_whole():
    elements = manual()
    chunks = chunk(elements, section_paths(elements), size=120, overlap=30)
    daily = [c for c in chunks if c.section_path.endswith("1. 일상 점검")]
    assert len(daily) >= 3 and all(len(c.text) <= 120 for c in daily if not c.has_table)
    texts = [c.text for c in daily if not c.has_table]
    assert texts[1].split()[0] in texts[0]  # the next chunk starts with the end of the previous one
    table = next(c for c in chunks if c.has_table)
    assert table.text == "항목 | 주기\n작동유 | 매일\n필터 | 3개월" and table.page_start == table.page_end == 2
    assert not any("사내 한정" in c.text for c in chunks)  # page furniture stays out of chunks
    overheat = next(c for c in chunks if c.section_path.endswith("2.1 과열"))
    assert overheat.text == "냉각팬과 필터를 점검한다." and overheat.page_start == 3
    assert all("냉각팬" not in c.text for c in chunks if not c.section_path.endswith("2.1 과열"))


def test_token_chunks_and_a_word_longer_than_a_chunk():
    elements = [Element("NarrativeText", "A " * 50 + "x" * 300)]
    by_tokens = chunk(elements, section_paths(elements), size=20, overlap=0, unit="tokens")
    assert all(tokens(c.text) <= 20 for c in by_tokens) and sum(tokens(c.text) for c in by_tokens) == 51
    by_chars = chunk(elements, section_paths(elements), size=100, overlap=0)
    assert all(len(c.text) <= 100 for c in by_chars)
    assert "".join(c.text for c in by_chars if c.text.startswith("x")) == "x" * 300


def test_language_and_kind():
    assert language(["작동유 레벨을 확인한다"]) == "ko"
    assert language(["Check the oil level every shift"]) == "en"
    assert language(["작동유 레벨 확인", "Check the oil level every shift before work"]) == "ko+en"
    msds = Parsed("pdf", [Element("Title", "물질안전보건자료 (MSDS)", level=1)])
    assert kind_of(msds, "oil.pdf") == "msds"
    assert kind_of(Parsed("pdf", [Element("Title", "KS B 0412 보통 공차", level=1)]), "x.pdf") == "standard"
    assert kind_of(Parsed("dxf", []), "bracket.dxf") == "drawing"
    assert kind_of(Parsed("docx", [Element("Title", "CNC 작업 표준", level=1)]), "x.docx") == "procedure"
