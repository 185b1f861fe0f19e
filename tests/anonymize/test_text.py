"""The text redactor: person names, typed and consistent tokens, overlaps, hard negatives, speed."""

from __future__ import annotations

import re

import pytest

from anonymize import persons
from anonymize.lexicon import Lexicon
from anonymize.text import TOKEN, KeyedTokens, NumberedTokens, Redactor


def people(text: str, *, tag_names: bool = True) -> list[str]:
    [spans] = Redactor(tag_names=tag_names).spans_many([text])
    return [text[s.start:s.end] for s in spans if s.entity == "PERSON"]


@pytest.mark.parametrize(("text", "name"), [
    ("홍길동 과장 확인", "홍길동"),
    ("홍길동 과장님께서 승인", "홍길동"),
    ("한성민 대리가 교체", "한성민"),
    ("최민호 대표이사 방문", "최민호"),
    ("김철수씨 요청", "김철수"),
    ("이영희님이 점검", "이영희"),
    ("남궁민수 대리", "남궁민수"),
    ("김OO님 요청", "김OO"),
    ("이○○ 과장 통화", "이○○"),
    ("홍*동 대리 확인", "홍*동"),
    ("박 과장 확인", "박"),
    ("박 과장님이 지시", "박"),
    ("류 과장에게 보고 후 공조기 AHU-2 재가동", "류"),
    ("김대리가 점검", "김"),
    ("최과장님께 보고", "최"),
    ("작업자: 이영희", "이영희"),
    ("점검자 정수민 확인", "정수민"),
    ("출장자 안혜진 여권 신청", "안혜진"),
    ("신규 입사자 송현우 교육", "송현우"),
    ("김현우(010-0298-0492) 조치", "김현우"),
    ("비상연락망 | 품질팀 | 문은비 | 010-3360-4873", "문은비"),
    ("곽서윤에게 보고", "곽서윤"),
    ("표기범께 인계한 건", "표기범"),
    ("노만수께서 확인 후 진행", "노만수"),
    ("백병철 외 2명 조치", "백병철"),
    ("감사합니다. 길은비 올림", "길은비"),
    ("[08:26:57] 육훈: 성적서 어디 있나요?", "육훈"),
    ("유훈 매니저님 현장 확인", "유훈"),
    ("한결 씨가 설정값 변경", "한결"),
    ("덕배씨 지금 어디", "덕배"),
    ("처리자 서슬기", "서슬기"),
    ("주말 특근자: 이슬기", "이슬기"),
    ("실적 입력 홍시우, 검토 완료", "홍시우"),
    ("외국인근로자 | 성명 알리 칸 | 숙소", "알리 칸"),
    ("[고창호] [오전 8:48] 사진 보냈습니다", "고창호"),
    ("[알림] 솜차이 분마님이 들어왔습니다.", "솜차이 분마"),
    ("회의 참석자 명단: 니말 페레라 씨, 오늘", "니말 페레라"),
    ("사고 경위: 팜반떤씨가 협착", "팜반떤"),
    ("민원인 노예지 (010 - 1357 - 1090) 소음", "노예지"),
])
def test_korean_names_with_titles_honorifics_masks_and_role_cues(text, name):
    assert people(text, tag_names=False) == [name]


@pytest.mark.parametrize(("text", "name"), [
    ("홍길동이 점검했다", "홍길동"),
    ("금형 교체는 정수민 담당", "정수민"),
    ("이영희가 설비를 확인", "이영희"),
    ("권민준이 로봇 R-10 유압유 교체함", "권민준"),  # 권/NNP 민/NNG 준/NNG 이/MM
    ("한태희가 공조기 AHU-3 점검", "한태희"),  # 한/MM 태/NNG 희/NNG 가/JKS
    ("오현우로부터 컨베이어 C-16 점검", "오현우"),
    ("김말순: 혹시 성적서 어디", "김말순"),  # standing alone, cut by kiwipiepy into nouns it knows (김/NNP 말/NNB 순/NNG)
])
def test_korean_proper_nouns_tagged_by_kiwipiepy(text, name):
    assert people(text, tag_names=False) == []
    assert people(text) == [name]


def test_names_listed_with_a_found_name():
    assert people("금일 야간 근무 한재원, 정혜진 2명 투입") == ["한재원", "정혜진"]
    assert people("김철수 과장, 이영희 참석", tag_names=False) == ["김철수", "이영희"]
    # link by link, past a (team) note, down to a one-syllable given name
    assert people("주말 특근자: 이슬기, 연주원, 배기범 / 경비실", tag_names=False) == ["이슬기", "연주원", "배기범"]
    assert people("팀장 강수진 (품질), 서도현 (생산), 진선영 (설비)", tag_names=False) == ["강수진", "서도현", "진선영"]
    assert people("작업자 선우상훈·현별, 확인 완료", tag_names=False) == ["선우상훈", "현별"]
    # every item of a role's list, foreign names in Hangul too
    assert people("이수자: 정봉수, 응웬꽁투안, 아궁 수산토 씨 / 강사 미정", tag_names=False) == ["정봉수", "응웬꽁투안", "아궁 수산토"]
    assert people("참석자: 품질팀, 생산팀 / 장소 회의실", tag_names=False) == []
    assert people("Attendees: SONG Bo-ra, Søren Kjær, Greg O'Brien; minutes") == [
        "SONG Bo-ra", "Søren Kjær", "Greg O'Brien"]


def test_name_cells_of_a_row_holding_a_personal_identifier():
    assert people("급여 이체 | 최상훈 | 8054-20-2027885(카카오뱅크)", tag_names=False) == ["최상훈"]
    assert people("No. 7 | 엄한결 | 생산팀 | 주민번호 810303-2330027", tag_names=False) == ["엄한결"]
    assert people("설비 | 진행중 | 정상 | 012", tag_names=False) == []  # no personal identifier in the row


@pytest.mark.parametrize(("text", "name"), [
    ("Mr. John Smith visited", "John Smith"),
    ("Dr. Lee Min-ho approved", "Lee Min-ho"),
    ("Checked by Jane Doe", "Jane Doe"),
    ("Contact: Kim Minsu", "Kim Minsu"),
    ("John Smith visited the plant", "John Smith"),
    ("Kim Minsu checked the die", "Kim Minsu"),
    ("Minsu Kim reported a leak", "Minsu Kim"),
    ("Gil-dong Hong reported", "Gil-dong Hong"),
    ("Park Ji-hoon will call", "Park Ji-hoon"),
    ("Please contact Hans Müller for the PPAP", "Hans Müller"),
    ("cc: Kenji Tanaka <kenji.tanaka@outlook.com>", "Kenji Tanaka"),
    ("Kind regards, Kenji | Sales Korea", "Kenji"),
    ("Thanks Olivia — PO confirmed", "Olivia"),
    ("— Marco Rossi, Supplier Quality Engineer", "Marco Rossi"),
    ("Root cause by Peter van Dijk: pin drift", "Peter van Dijk"),
    ("CAPA owner J.H. Yoon, due 6/3", "J.H. Yoon"),
    ("approved by SONG Chan-ho, U = 0.8", "SONG Chan-ho"),
    ("Consignee: Hanwool, attn. Eun-Ji Seo", "Eun-Ji Seo"),
])
def test_english_and_romanized_names(text, name):
    assert people(text) == [name]


# Words shaped like names (a surname syllable first, or a title after) that are not people.
NOT_PEOPLE = [
    "정비팀 과장 확인",
    "설비팀 대리가 교체",
    "조립반 반장 지시",
    "기술부 부장 회의",
    "고객님 문의",
    "고객사 대표 방문",
    "이번주 과장 회의",
    "이번에 과장님이 말씀",
    "주차장 정리",
    "상차장 청소",
    "이 기사 참고",
    "이 대표 제품",
    "전 과장 후임",
    "이상무 확인",
    "정상 가동",
    "정기점검 실시",
    "유압유 누유 발견",
    "서울시 강남구에서 출장",
    "화성공장 2라인 정지",
    "계약직 사원 교육",
    "Min Pressure is 5 bar",
    "An Error occurred",
    "Park Avenue",
    "Max Load 200 kN",
    "Jack stand checked",
    "Song Title",
    "Eng. Drawing rev B",
    "Checked by Quality Control, approved by Plant Manager",
    "Contact: Customer Service",
    "KS B 0001에 따라 사출기 1호기 정기 검사",
    "연삭기 점검",
    "정류기의 상태 점검",
    "유량계 교정",
    "구동축 샤프트",
    "금형비가 부족",
    "금형비의 변경",  # 금형비/NNG is a new word, but 금형 a known one: a compound
    "마모량 확인",
    "정부장관 방문",  # 정 + 부장 + 관: the title runs on into a word
    "김대리점 방문",
    "소재명 변경",
    "주간조 편성 변경",
    "경상남도 창원시 성산구",
    "연락처 010-1234-5678",
    "베어링 마모로 이상 소음",
    "선생님 안전교육 자료",  # 선생님: a title, not 선생 with 님
    "설비 과장 지시",
    "공정 대리 확인",
    "고객님께 연락",
    "Hi Team, the PO is confirmed",
    "Thanks QA — approved",
    "거래처 담당 전화 051-873-0029",  # 전화: a word before the phone, not a two-syllable name
    "도착 5:19, 원인: 수량 불량",
    "김서림 불량 9 박스",  # 김 + 서리 + ㅁ: a verb inside, a word
    "실지급액 4억 4천만원",
    "원인 로드셀 오동작.",
    "편심량 재고 부족",
    "회의실로 오세요",
]


@pytest.mark.parametrize("text", NOT_PEOPLE)
def test_plant_words_are_not_people(text):
    assert people(text) == []


# Hard negatives from the issue, through the full redactor with the tagger on.
UNTOUCHED = [
    "LOT 8001011234560 입고 검사 합격",
    "P/N M123A4567 재고 12 EA",
    "KS B 0001 기준 검사",
    "ISO 9001 심사 준비",
    "2025-01-06 야간 교대",
    "두께 12.5 mm 측정",
    "제어 회로 2번 단선",
    "고객님께서 요청하신 사양",
    "200톤 블랭킹 프레스 1호기 금형 교체",
    "MES v2.3.1 업데이트, 펌웨어 1.2.3.4",
    "유압 압력 150 kgf/cm2 저하로 정지",
    "Die temp 180.5C, SPM 45, no defects found",
]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_hard_negatives_stay_untouched(text):
    assert Redactor().redact_many([text]) == [text]


def test_tokens_are_typed_numbered_and_consistent_within_a_dataset():
    redactor = Redactor(tag_names=False)
    out = redactor.redact_many(["홍길동 과장 010-1234-5678", "010 1234 5678 홍길동 과장님", "김철수 대리 010-9999-8888"])
    assert out == ["<PERSON_1> 과장 <PHONE_1>", "<PHONE_1> <PERSON_1> 과장님", "<PERSON_2> 대리 <PHONE_2>"]
    assert redactor.counts == {"PERSON": 3, "PHONE": 3}


def test_keyed_tokens_are_stable_across_runs_and_differ_by_key():
    key = b"k" * 32
    first = Redactor(tokens=KeyedTokens(key), tag_names=False).redact_many(["홍길동 과장 010-1234-5678"])
    again = Redactor(tokens=KeyedTokens(key), tag_names=False).redact_many(["연락 01012345678, 홍길동 대리"])
    other = Redactor(tokens=KeyedTokens(b"x" * 32), tag_names=False).redact_many(["홍길동 과장 010-1234-5678"])
    person, phone = TOKEN.findall(first[0])
    assert re.fullmatch(r"<PERSON_[0-9A-F]{12}>", person) and re.fullmatch(r"<PHONE_[0-9A-F]{12}>", phone)
    assert set(TOKEN.findall(again[0])) == {person, phone}
    assert set(TOKEN.findall(other[0])).isdisjoint({person, phone})


def test_numbered_tokens_number_each_entity_separately():
    tokens = NumberedTokens()
    assert [tokens("PERSON", "홍길동"), tokens("PHONE", "010-1"), tokens("PERSON", "김철수"), tokens("PERSON", "홍 길동")] \
        == ["<PERSON_1>", "<PHONE_1>", "<PERSON_2>", "<PERSON_1>"]


def test_overlapping_spans_leave_nothing_of_either_behind():
    lexicon = Lexicon()
    lexicon.add(r"re:hong@daehan", "SECRET")
    [out] = Redactor(lexicon, tag_names=False).redact_many(["메일 hong@daehan.co.kr 회신"])
    assert out == "메일 <EMAIL_1> 회신"


def test_a_partial_overlap_is_redacted_whole():
    lexicon = Lexicon()
    lexicon.add(r"re:daehan\.co\.kr 회신", "SECRET")
    [out] = Redactor(lexicon, tag_names=False).redact_many(["메일 hong@daehan.co.kr 회신 바람"])
    assert out == "메일 <EMAIL_1> 바람"


def test_an_address_swallows_the_place_names_the_tagger_saw():
    [out] = Redactor().redact_many(["서울시 강남구 테헤란로 43길 9 방문"])
    assert out == "<ADDRESS_1> 방문"


def test_redacting_is_idempotent():
    redactor = Redactor()
    texts = ["홍길동 과장 010-1234-5678", "Mr. John Smith, hong@daehan.co.kr", "서울시 강남구 테헤란로 123 김OO님"]
    once = redactor.redact_many(texts)
    assert all(TOKEN.search(text) for text in once)
    assert redactor.redact_many(once) == once


def test_empty_and_plain_texts_pass_through():
    assert Redactor().redact_many(["", "정상", "OK"]) == ["", "정상", "OK"]
    lexicon = Lexicon()
    lexicon.add("re:X*", "SECRET")  # matches empty everywhere: a trigger, never a span
    assert Redactor(lexicon).redact_many([]) == []
    assert Redactor(lexicon).redact_many(["", ""]) == ["", ""]


def test_the_tagger_runs_only_on_texts_that_could_hold_a_name():
    texts = ["12.5 mm", "OK", "홍길동이 점검", "홍길동이 점검"]
    assert persons.tagged(texts) == [[], [], [(0, 3, "PERSON")], [(0, 3, "PERSON")]]
    assert persons.tagged(texts, [[], [], [(0, 3)], []]) == [[], [], [], [(0, 3, "PERSON")]]


def test_a_batch_of_5000_lines_gives_each_line_its_own_spans():
    lexicon = Lexicon()
    lexicon.extend([f"협력사{i:04d}" for i in range(2000)] + ["㈜대한정밀"], "COMPANY")
    lines = ["LOT 8001011234560 입고, 담당 홍길동 과장 010-1234-5678",
             "2라인 프레스 금형 교체 후 시운전, 사이클타임 32.5초 (KS B 0001)",
             "㈜대한정밀에서 납품 지연, 서울시 강남구 테헤란로 123 방문 hong@daehan.co.kr",
             "Die temp 180.5C, SPM 45, checked by John Smith at 192.168.0.10"] * 1250
    out = Redactor(lexicon, tag_names=False).redact_many(lines)  # its speed is measured by bench/anonymize.py
    assert out[0] == "LOT 8001011234560 입고, 담당 <PERSON_1> 과장 <PHONE_1>"
    assert out[1] == lines[1]
    assert out[2] == "<COMPANY_1>에서 납품 지연, <ADDRESS_1> 방문 <EMAIL_1>"
    assert out[3] == "Die temp 180.5C, SPM 45, checked by <PERSON_2> at <IP_ADDRESS_1>"
    assert out == out[:4] * 1250
