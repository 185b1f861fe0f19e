"""The secret lexicon: term files, and matches that hold with particles, legal forms, spacing and case."""

from __future__ import annotations

import pickle

import pytest

from anonymize.lexicon import Lexicon, LexiconMatcher, read_terms, skeleton_of
from anonymize.text import Redactor
from plantset.core.errors import SpecError


@pytest.fixture
def lexicon() -> Lexicon:
    found = Lexicon()
    found.extend(["삼성전자", "㈜대한정밀", "Daehan Precision Co., Ltd.", "화성공장", "Project Falcon", "Lincoln"], "COMPANY")
    found.extend(["홍길동"], "PERSON")
    found.add(r"re:\bDWG-\d{4}-[A-Z]\b", "DRAWING_NO")
    return found


def matched(lexicon: Lexicon, text: str) -> list[tuple[str, str]]:
    return sorted((text[start:end], category) for start, end, category in LexiconMatcher(lexicon).find(text))


@pytest.mark.parametrize(("text", "surface"), [
    ("삼성전자는 고객사", "삼성전자"),
    ("삼성전자에서 발주", "삼성전자"),
    ("삼성 전자의 요청", "삼성 전자"),
    ("㈜대한정밀에서 납품", "㈜대한정밀"),
    ("(주)대한정밀에서 납품", "(주)대한정밀"),
    ("(주) 대한정밀로 반품", "(주) 대한정밀"),
    ("주식회사 대한정밀과 계약", "주식회사 대한정밀"),
    ("대한정밀(주)에 문의", "대한정밀(주)"),
    ("대한정밀 주식회사는", "대한정밀 주식회사"),
    ("대한 정밀에서", "대한 정밀"),
    ("대한정밀㈜의 견적", "대한정밀㈜"),
    ("㈱대한정밀 납품", "㈱대한정밀"),
    ("（주）대한정밀 납품", "（주）대한정밀"),
    ("( 주 ) 대한정밀 납품", "( 주 ) 대한정밀"),
    ("유한회사 대한정밀", "유한회사 대한정밀"),
    ("Ship to DAEHAN PRECISION.", "DAEHAN PRECISION"),
    ("Daehan Precision Co., Ltd. quote", "Daehan Precision Co., Ltd."),
    ("daehanprecision portal", "daehanprecision"),
    ("화성공장 2라인", "화성공장"),
    ("project falcon 일정", "project falcon"),
])
def test_company_terms_hold_with_particles_legal_forms_spacing_and_case(lexicon, text, surface):
    assert matched(lexicon, text) == [(surface, "COMPANY")]


@pytest.mark.parametrize("text", ["홍길동님이 점검", "홍길동 과장", "담당 홍길동", "홍 길동에게"])
def test_staff_names_hold_with_honorifics_and_particles(lexicon, text):
    [(surface, category)] = matched(lexicon, text)
    assert category == "PERSON" and surface.replace(" ", "") == "홍길동"


def test_regular_expression_terms_match_as_written(lexicon):
    assert matched(lexicon, "도면 DWG-1234-A 개정, DWG-12345-A 아님") == [("DWG-1234-A", "DRAWING_NO")]


def test_latin_legal_forms_are_not_cut_out_of_words(lexicon):
    assert skeleton_of("Lincoln") == "lincoln"
    assert skeleton_of("Corpus Inc.") == "corpus"
    assert skeleton_of("Zinc Plating") == "zincplating"
    assert matched(lexicon, "Lincoln Electric welder") == [("Lincoln", "COMPANY")]
    assert matched(lexicon, "Daehan Precision Incheon") == [("Daehan Precision", "COMPANY")]


def test_a_latin_term_inside_a_longer_code_is_not_matched(lexicon):
    assert matched(lexicon, "XDaehanPrecision") == []


def test_every_variant_of_a_company_gets_the_same_token(lexicon):
    redactor = Redactor(lexicon, tag_names=False)
    texts = ["㈜대한정밀에서 납품", "대한 정밀 주식회사는", "(주)대한정밀"]
    tokens = {text.split("<")[1].split(">")[0] for text in redactor.redact_many(texts)}
    assert len(tokens) == 1 and tokens.pop().startswith("COMPANY_")


def test_the_lexicon_wins_over_the_name_detectors(lexicon):
    [text] = Redactor(lexicon, tag_names=False).redact_many(["홍길동 과장님이 ㈜대한정밀에 연락"])
    assert text == "<PERSON_1> 과장님이 <COMPANY_1>에 연락"


def test_terms_shorter_than_two_characters_are_ignored():
    lexicon = Lexicon()
    lexicon.add("㈜")
    lexicon.add(" A ")
    assert len(lexicon) == 0


def test_read_terms_categories_defaults_comments_and_patterns(tmp_path):
    path = tmp_path / "lexicon.txt"
    path.write_text("# our secrets\n\nCOMPANY\t㈜대한정밀\n삼성전자\r\nDRAWING_NO\tre:DWG-\\d{4}\n  \n", encoding="utf-8")
    assert read_terms(path, "SECRET") == [("COMPANY", "㈜대한정밀"), ("SECRET", "삼성전자"), ("DRAWING_NO", r"re:DWG-\d{4}")]


def test_read_terms_takes_a_byte_order_mark(tmp_path):
    path = tmp_path / "staff.txt"
    path.write_text("홍길동\n김철수\n", encoding="utf-8-sig")
    pairs = read_terms(path, "PERSON")
    assert pairs == [("PERSON", "홍길동"), ("PERSON", "김철수")]
    lexicon = Lexicon()
    for category, term in pairs:
        lexicon.add(term, category)
    assert matched(lexicon, "홍길동 확인") == [("홍길동", "PERSON")]


def test_read_terms_reports_every_bad_line(tmp_path):
    path = tmp_path / "lexicon.txt"
    path.write_text("company\t대한정밀\nCOMPANY\t\nDRAWING_NO\tre:DWG-(\nCOMPANY\t㈜\nPART_NO\tre:\\d*\n"
                    "COMPANY\t삼성전자\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        read_terms(path)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["line 1", "line 2", "line 3", "line 4", "line 5"]
    assert "upper case" in problems[0] and "no term" in problems[1]
    assert "regular expression" in problems[2] and "two characters" in problems[3] and "empty string" in problems[4]
    assert caught.value.path == str(path)
    assert pickle.loads(pickle.dumps(caught.value)).problems == problems


def test_read_terms_names_a_missing_or_non_utf8_file(tmp_path):
    with pytest.raises(SpecError, match="not found"):
        read_terms(tmp_path / "missing.txt")
    path = tmp_path / "cp949.txt"
    path.write_bytes("대한정밀\n".encode("cp949"))
    with pytest.raises(SpecError, match="iconv"):
        read_terms(path)


def test_a_lexicon_of_patterns_only_still_matches():
    lexicon = Lexicon()
    lexicon.add(r"re:\bPRJ-[A-Z]{3}\d\b", "PROJECT")
    lexicon.add(r"re:X*", "PROJECT")  # read_terms refuses it; added directly, its empty matches are no spans
    assert matched(lexicon, "PRJ-ABC1 착수") == [("PRJ-ABC1", "PROJECT")]
    assert matched(lexicon, "없음") == []
