"""Korean person names: titles, cues, lists, masked names and kiwipiepy's reading.

The staff list is matched through the lexicon (category PERSON), English and romanized names in
``anonymize.english``. Here: a Korean name before a job title or honorific (홍길동 과장, 김OO님,
김대리), after a role cue (작업자: 이영희), before a phone number, with what only people take
(께서, 외 2명, 씨), in a list, a chat header or a table row that holds a person's identifier; a
word shaped like a name (a surname and given-name syllables) that kiwipiepy reads as a proper
noun, a new word, or nothing it knows.
Plant words shaped like names (정비팀 과장, 주차장, 사출기, 금형비) are kept out by their last
syllable, by the given-name syllables and by kiwipiepy's dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache, partial

from kiwipiepy import Kiwi

from anonymize.batch import DIGITS, SEP, Batch, Literals, found_by, initials, per_text

Found = tuple[int, int, str]

SURNAMES = ("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변"
            "염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예봉경사부가복태목형계피두감음빈동온호범좌팽승간상갈")
_DOUBLE_SURNAMES = "남궁|황보|제갈|선우|독고|사공|서문|동방"
_TITLES = ("과장|부장|차장|대리|사원|주임|반장|조장|팀장|파트장|실장|공장장|기사|기술자|엔지니어|대표|대표이사|이사|상무|전무|"
           "사장|회장|선임|책임|수석|연구원|책임연구원|선임연구원|수석연구원|위원|주무관|계장|매니저|프로|직장|소장|센터장|"
           "본부장|그룹장|님|씨|군|양|선생님?")
_NAME = rf"(?:{_DOUBLE_SURNAMES})[가-힣]{{1,2}}|[{SURNAMES}][가-힣]{{2}}"
# What may follow a title: 님 and a particle, then no more Hangul (홍길동 과장님께서, not 과장실).
_PARTICLE = ("(?:으로부터|로부터|에게서|에게|께서|한테|에서|으로|이랑|하고|이다|입니다|이고|이며|"
             "[이가은는을를의에께도와과랑만로])")
_AFTER_TITLE = rf"(?=님?{_PARTICLE}?(?![가-힣]))"
_TITLED = re.compile(rf"(?<![가-힣])({_NAME})\s?(?:{_TITLES}){_AFTER_TITLE}")
_SURNAME_TITLED = re.compile(rf"(?<![가-힣])([{SURNAMES}])\s(?:과장|부장|차장|대리|주임|반장|팀장|실장|기사|대표|이사|상무|전무|사장|"
                             rf"계장|매니저|소장|선생님|엔지니어|사원|공장장|책임|선임|수석|직장|조장|연구원)"
                             rf"{_AFTER_TITLE}")
# 김대리, 박과장님: not 차장, which makes 주차장 and 상차장.
_SURNAME_COMPACT = re.compile(rf"(?<![가-힣])([{SURNAMES}])(?:과장|대리|부장|팀장|반장|주임|실장){_AFTER_TITLE}")
_MASK = "[OoＯ○〇◯0*＊Xxㅇ]"
_MASKED = re.compile(rf"(?<![가-힣])(?:(?:{_DOUBLE_SURNAMES})|[{SURNAMES}])(?:{_MASK}{{1,2}}|{_MASK}[가-힣]|[가-힣]{_MASK})"
                     rf"(?=\s?(?:{_TITLES})|[\s,.)(/|]|$|{SEP})")
# Role nouns and roles written before a name (작업자: 이영희, 처리자 서슬기, 팀장 강수진, 받는 분 나동혁).
_ROLE_WORDS = ("작업자 담당자 담당 검사자 등록자 확인자 승인자 설계자 작성자 요청자 보고자 점검자 측정자 책임자 출장자 입사자 "
               "퇴사자 신청자 방문자 근무자 근무 참석자 대상자 운전자 보호자 처리자 조치자 특근자 인계자 인수자 관리자 "
               "관리감독자 감독자 발견자 목격자 재해자 부상자 당직자 교대자 입회자 이수자 수강자 발주자 판정자 입력자 시험자 "
               "예금주 수령인 신청인 수취인 대리인 의뢰인 보증인 고객명 대표자 후임 전임 기사 반장 조장 팀장 파트장 강사 "
               "성명 성함 이름 연락처 받는분 보내는분 사용자 채용자 순찰 대표 대표이사 입력 검토 확인 승인 작성 "
               "대체인력 전입 전출 발령 휴직 퇴직 통역 인솔 접수 배정 피해자 동행 PM PL QA QC ME SQE Owner owner").split()
_ROLES = initials([*_ROLE_WORDS, "받는 분", "보내는 분"], "가-힣A-Za-z")
_CUE_NAME = re.compile(rf"{_ROLES}[\s:：]*({_NAME})(?![가-힣]{{2}})")
# A name right before a phone number: 김현우(010-0298-0492), 박지훈 010 1234 5678.
_NAME_PHONE = re.compile(rf"(?<![가-힣])((?:{_NAME})|[{SURNAMES}][가-힣])\s*[(:：|/]?\s*"
                         rf"(?:\+82[-.\s]?(?:\(0\)\s?)?|0)\d{{1,2}}"
                         rf"(?:[-.\s)]?\d{{3,4}}[-.\s]?|\s[-.]\s\d{{3,4}}\s[-.]\s)\d{{4}}(?!\d)")
# What only people take after their name: an honorific or dative particle (표기범께, 노만수께서, 김민재에게),
# "외 2명" (and two others), a letter's closing (길은비 올림).
_PERSON_AFTER = re.compile(rf"(?<![가-힣])({_NAME})(?:(?:께서|께|에게서|에게|한테)(?![가-힣])|\s?외\s?\d{{1,3}}\s?[명인]"
                           rf"|\s(?:올림|드림)(?![가-힣]))")
# A chat line's speaker after its time: [08:26:57] 육훈: …, 04:51~06:51 김말순: …
_SPEAKER = re.compile(rf"(?:\d:\d\d(?::\d\d)?\]?,?|\])\s?((?:{_NAME})|[{SURNAMES}][가-힣])\s?[:：]\s"
                      rf"|(?:^|{SEP})((?:{_NAME}))\s+(?:오전|오후)\s?\d{{1,2}}:\d\d")
# A surname and a one-syllable given name before a title (유훈 매니저님, 설솔 대리가).
_SHORT_TITLED = re.compile(rf"(?<![가-힣])([{SURNAMES}][가-힣])\s?(?:매니저|대리|과장|부장|차장|사원|주임|계장|반장|팀장|"
                           rf"책임|선임|기사|프로|씨){_AFTER_TITLE}")
# A given name alone with 씨 or 님, as colleagues write it (한결 씨가, 덕배씨, 하람님).
_GIVEN_ALONE = re.compile(rf"(?<![가-힣])([가-힣]{{2}})\s?(?:씨|님){_AFTER_TITLE}")
# The list after a role and a colon (이수자: 정봉수, 응웬꽁투안, 아궁 수산토 씨): every item is a person.
_ROLE_LIST = re.compile(r"(?:참석자|이수자|미이수자|작업자|특근자|명단|대상자|출장자|출국자|근무자|입사자|방문자|수강자|교육생)"
                        r"(?:\s?명단)?\s*[:：]\s*([^|/;\n\ue000]{2,120})")  # \ue000: SEP, where the next text begins
_LIST_ITEM = re.compile(rf"\s*([가-힣]{{2,8}}(?:\s[가-힣]{{2,8}})?)(?:\s?(?:{_TITLES}))?{_PARTICLE}?"
                        rf"\s*(?:\([^()]{{0,16}}\))?\s*$")
# A chat export's speaker: [고창호] [오전 8:48] …; who was invited or came in (솜차이 분마님을 초대했습니다).
_CHAT = re.compile(rf"(?:^|(?<={SEP}))\[((?:{_NAME})|[가-힣]{{2,8}})\]\s?\["
                   rf"|(?<![가-힣])([가-힣]{{2,8}}(?:\s[가-힣]{{2,8}})?)님(?:이|을)\s"
                   rf"(?:초대|들어왔|나갔)", re.MULTILINE)
# Names with 씨 written apart or after a foreign name (니말 페레라 씨, 팜반떤씨가): 씨 follows only people.
_SSI = re.compile(rf"(?<![가-힣])([가-힣]{{2,8}}(?:\s[가-힣]{{2,8}})?)\s?씨(?:{_PARTICLE}|님)?(?![가-힣])")
# A foreign worker's name in Hangul after 성명 or 이름: the words up to the next field.
_NAMED_FIELD = re.compile(r"(?:성명|성함|이름\s*[:：])\s*[:：]?\s*([가-힣]{2,6}(?:\s[가-힣]{1,6}){0,2})(?=\s*(?:[|,/(]|$))")
# Words shaped like a name that are not one; and last syllables of teams, units and inflected words.
_NOT_NAMES = frozenset(("고객님", "사장님", "기사님", "선생님", "고객사", "이상무", "정상", "이번주", "오전", "오후", "조치",
                        "정기점", "장비", "주간", "야간", "임시", "정비", "유압유", "전원", "공장장", "전담", "이사회",
                        "기간제", "정규직", "계약직", "신입", "전체", "전임", "후임", "선배님", "주무관", "서비스", "고객센터",
                        "협력사", "공급사", "방문객", "경상남", "경상북", "전라남", "전라북", "충청남", "충청북",
                        "배송지", "고정자", "신호등", "수신자", "발신자", "선생", "선배", "후배", "형님", "누님", "아가", "아저", "사모", "교수", "원장",
                        "설비", "공정", "구매", "전기", "기계", "안전", "환경", "보전", "총무", "인사", "기술", "연구", "개발",
                        "조립", "도장", "용접", "물류", "출하", "현장", "영업", "관리", "시설", "공무", "주간", "지원", "운영",
                        "생산", "검사", "시험", "분석", "설계", "금형", "정규", "임시", "파견", "협력", "외주", "신규", "경력"))
_NOT_NAMES = _NOT_NAMES | set(_ROLE_WORDS)
_NOT_NAME_END = frozenset("팀반실과부소사직는를에의와께을로")
# A title after these is not a name's: 전 과장 (former), 현 과장 (current), 이 기사 (this article).
_NOT_SURNAME = frozenset(("전", "현"))
_NOT_SURNAME_TITLE = frozenset(("이 기사", "이 대표", "이 이사", "이 사장"))

_TITLE_WORDS = frozenset(_TITLES.split("|"))


def _is_name(name: str, whole: str) -> bool:
    return (name not in _NOT_NAMES and whole.replace(" ", "") not in _NOT_NAMES and name[-1] not in _NOT_NAME_END
            # 최과장님 is a surname and a title (found by _SURNAME_COMPACT); 주임이, 연구원 are titles
            and name[1:] not in _TITLE_WORDS and name not in _TITLE_WORDS and name[:2] not in _TITLE_WORDS)


def _named(pattern: re.Pattern, text: str) -> Iterator[Found]:
    """Names a pattern's group 1 (or 2) holds: not a known non-name, given-name syllables, and a
    two-syllable one not a common noun (전화 051-…, 원인: …)."""
    for m in pattern.finditer(text):
        group = 1 if m.group(1) else 2
        name = m.group(group)
        if _is_name(name, m.group(0)) and (pattern is _TITLED or _given_like(name)) and not (
                len(name) == 2 and _common_noun(name)):
            yield m.start(group), m.end(group), "PERSON"


def _surname_titled(text: str) -> Iterator[Found]:
    for m in _SURNAME_TITLED.finditer(text):
        if m.group(1) not in _NOT_SURNAME and m.group(0)[:4] not in _NOT_SURNAME_TITLE:
            yield m.start(1), m.end(1), "PERSON"
    for m in _SURNAME_COMPACT.finditer(text):
        yield m.start(1), m.end(1), "PERSON"


def _short(pattern: re.Pattern, text: str) -> Iterator[Found]:
    """One-syllable given names with a title (유훈 매니저님), given names alone with 씨 or 님."""
    for m in pattern.finditer(text):
        name = m.group(1)
        if name not in _TITLE_WORDS and _given_like(name):
            yield m.start(1), m.end(1), "PERSON"


def _role_lists(text: str) -> Iterator[Found]:
    for m in _ROLE_LIST.finditer(text):
        position = m.start(1)
        for item in m.group(1).split(","):
            named = _LIST_ITEM.match(item)
            if named and _listed_name(named.group(1)) and not _common_noun(named.group(1), any_tag=True):
                start = position + named.start(1)
                yield start, start + len(named.group(1)), "PERSON"
            position += len(item) + 1


def _before_ssi(pattern: re.Pattern, text: str) -> Iterator[Found]:
    """Chat speakers and names before 씨, foreign ones in Hangul too."""
    for m in pattern.finditer(text):
        group = 1 if m.group(1) else 2
        name = _last_name_of(m.group(group))
        if _listed_name(name):
            end = m.end(group)
            yield end - len(name), end, "PERSON"


_TITLE_TRIGGER = Literals(*(title.replace("님?", "") for title in _TITLES.split("|")))
_COLON = Literals(":", "：")
# (finder, trigger): each pattern reads only the texts its trigger finds (see anonymize.batch)
_KOREAN_FINDERS = (
    (partial(_named, _TITLED), _TITLE_TRIGGER),
    (partial(_named, _CUE_NAME), Literals(*_ROLE_WORDS, "받는 분", "보내는 분")),
    (partial(_named, _NAME_PHONE), DIGITS),
    (partial(_named, _PERSON_AFTER), Literals("께", "에게", "한테", "외", "올림", "드림")),
    (partial(_named, _SPEAKER), (_COLON, Literals("]"))),
    (_surname_titled, _TITLE_TRIGGER),
    (partial(_short, _SHORT_TITLED), _TITLE_TRIGGER),
    (partial(_short, _GIVEN_ALONE), Literals("님", "씨")),
    (partial(found_by, _NAMED_FIELD, 1), Literals("성명", "성함", "이름")),
    (_role_lists, _COLON),
    (partial(_before_ssi, _CHAT), Literals("[", "초대", "들어왔", "나갔")),
    (partial(_before_ssi, _SSI), Literals("씨")),
    (partial(found_by, _MASKED, 0), re.compile(rf"{_MASK}(?<=[가-힣].)|{_MASK}(?=[가-힣])")),
)


def titled(batch: Batch) -> list[list[Found]]:
    """Names written with a title, honorific, role cue or in a list, per text; the title stays outside."""
    return batch.run(_KOREAN_FINDERS)


# A list's next name after a found one: past its title or a (team) note, a comma, 및 or a middle dot;
# a one-syllable given name (현별) only when the list goes on or ends there.
_LIST_AFTER = re.compile(rf"(?:\s?(?:{_TITLES}))?(?:\s*\([^()\n]{{1,16}}\))?\s*(?:[,，·/]|\s및)\s*"
                         rf"((?:{_NAME})(?![가-힣]{{2}})|[{SURNAMES}][가-힣](?=\s*[,，·/(]|\s*$|\s(?:{_TITLES})))")
_LIST_BEFORE = re.compile(rf"(?<![가-힣])({_NAME})(?:\s*\([^()\n]{{1,16}}\))?\s*[,，·/]\s*$")
# A table cell holding only a name-shaped word (| 엄한결 |), and what makes a row a person's row.
_CELL = re.compile(rf"(?:^|\|)\s*({_NAME})\s*(?=\||$)")
PERSONAL = frozenset(("PERSON", "PHONE", "EMAIL", "KR_RRN", "KR_FRN", "KR_PASSPORT", "BANK_ACCOUNT",
                      "KR_DRIVER_LICENSE"))


LIST_MARK = re.compile(r"[,，·/;]|및")  # what a text needs before its names are followed as a list


def listed(text: str, names: Sequence[tuple[int, int]]) -> Iterator[Found]:
    """Names listed next to a found name (한재원, 정혜진 2명; 서도현 (생산), 진선영 (설비)), link by link."""
    pending, seen = list(names), set(names)
    while pending:
        start, end = pending.pop()
        after = _LIST_AFTER.match(text, end)
        ahead = max(0, start - 26)
        before = _LIST_BEFORE.search(text, ahead, start) if LIST_MARK.search(text, ahead, start) else None
        for m in (after, before):
            if (m and m.span(1) not in seen and _given_like(m.group(1)) and _is_name(m.group(1), m.group(1))
                    and not (len(m.group(1)) == 2 and _common_noun(m.group(1), any_tag=True))):
                seen.add(m.span(1))
                pending.append(m.span(1))
                yield m.start(1), m.end(1), "PERSON"


def cells(text: str) -> Iterator[Found]:
    """Name-shaped table cells of a row that holds a person's identifier (| 최상훈 | 8054-20-2027885 |)."""
    if "|" in text:
        for m in _CELL.finditer(text):
            if _given_like(m.group(1)) and _is_name(m.group(1), m.group(1)):
                yield m.start(1), m.end(1), "PERSON"


@lru_cache(maxsize=1)
def _kiwi():
    return Kiwi(model_type="cong", num_workers=2)


_CANDIDATE = re.compile(rf"(?<![가-힣])(?:{_NAME})")
_AFTER_NAME = ("J", "VCP", "SS", "SP", "SW", "SF", "SL", "SN", "XSN", "NNB")
_INSIDE_NAME = ("NNP", "NNG", "NP", "NR", "XPN", "MAG", "MM")  # how kiwipiepy may cut 박재웅, 나미경, 오현우
_UNKNOWN_WORDS = (2, 3)  # kiwipiepy's ids for a common or proper noun not in its dictionary (구지민/NNG, 도구함/NNP)
# Syllables of given names; a candidate with another (구동축, 연삭기, 하우징) is a word, not a name.
GIVEN_SYLLABLES = frozenset(
    "가각간갑강개건걸검결겸경고곤공광교구국군권귀규균근금기길나낙난남낭내녀년녕노누늘다단달담당대덕도돈동두둘득들등"
    "라란람랑래량려련렬령례록론룡루류륜륭름릉리린림립마만말매맹면명모목몽묘무묵문미민밀바박반방배백범벽변별병"
    "보복본봄봉부분비빈빛산삼상새샘생서석선설섬섭성세소솔솜송수숙순술숭슬승시식신실심아안알암애야양언엄업여연열"
    "염엽영예오옥온완왕요용우욱운울웅원월위유육윤율융은을음응의이익인일임잎자작잔장재저적전절정제조종좌주준중지직"
    "진찬창채천철청초총추춘충치칠탁태택평표풍필하학한함해행향허헌혁현협형혜호홍화환활황회효후훈휘희")
# Last syllables of equipment, units and places (성형기, 유량계, 작업대, 서울시, 경기도): not of names.
_NOT_LAST = frozenset("기계대판반관등실부류품축시군도량")
_NAME_PARTICLE = re.compile(rf"{_PARTICLE}(?![가-힣])")
_AFTER_CITY = re.compile(r"[시도]\s+$")


def _listed_name(item: str) -> bool:
    """An item of a person list or before 씨: not a team, a place or a known non-name."""
    return (item not in _NOT_NAMES and item[-1] not in _NOT_NAME_END and item not in _TITLE_WORDS
            and not item.endswith(("센터", "공장", "업체", "협력사", "본부", "그룹", "통역")))


def _last_name_of(words: str) -> str:
    """The name in one or two words before 씨: the last word alone when it is a Korean name by itself."""
    first, _, last = words.rpartition(" ")
    return last if not first or _CANDIDATE.fullmatch(last) or first in _TITLE_WORDS else words


def _given_like(name: str) -> bool:
    """Not a known non-name, and every given-name syllable one that names use."""
    given = name[2:] if name[:2] in _DOUBLE_SURNAMES.split("|") else name[1:]
    return name not in _NOT_NAMES and all(c in GIVEN_SYLLABLES for c in given)


def _shaped() -> re.Pattern:
    """``_CANDIDATE`` with the given-name syllables as character classes, led by the surname class so
    Python's re skips to surnames: most words shaped like names are ruled out without Python."""
    given = "".join(sorted(GIVEN_SYLLABLES))
    last = "".join(sorted(GIVEN_SYLLABLES - _NOT_LAST))
    doubles = _DOUBLE_SURNAMES.split("|")
    firsts = "".join(sorted(set(SURNAMES) | {d[0] for d in doubles}))
    second = "|".join(f"(?<={d[0]}){d[1]}" for d in doubles)
    return re.compile(rf"[{firsts}](?<![가-힣].)(?:(?:{second})[{given}]?[{last}]|[{given}][{last}])")


_SHAPED = _shaped()


# Head nouns of technical compounds (인장강도, 인열강도, 정격전류, 사출공정): a name-shaped start of a word
# that runs on into one of them is the compound's first part, not a name.
_TECHNICAL_HEADS = re.compile("|".join(sorted(set("""
강도 속도 온도 밀도 농도 경도 습도 점도 각도 순도 조도 감도 한도 용도 빈도 전류 전압 전력 저항 용량 압력 하중 계수 비율
비중 시험 검사 측정 장치 설비 공정 공구 부품 재료 소재 물질 성분 성형 가공 처리 조건 기준 규격 등급 수명 마모 변형 파손
균열 용접 도장 조립 절삭 연삭 주조 단조 열처리 냉각 가열 건조 세척 배관 밸브 펌프 모터 센서 제어 신호 회로 단자 접점 절연
누설 진동 소음 분진 증기 인화 발화 폭발 독성 유해 위험 보호 응급 흡입 섭취 접촉 피부 안구 호흡 노출 배출 폐기 운송 저장
취급 함량 수치 범위 오차 공차 치수 두께 길이 직경 면적 부피 무게 중량 질량 탄성 신율 연신 굴곡 충격 인장 압축 전단 피로
마찰 윤활 부식 산화 환원 중합 반응 촉매 용매 용제 수지 고무 필름 분말 입자 결정 표면 계면 접착 코팅 도금 성적 결과 분석
평가 정비 점검 교체 보수 수리 고장 불량 경보 정지 가동 운전 생산 출하 입고 재고 효율 손실 수율 주기 간격 시간 온수 냉수
유량 유속 수위 레벨 전도 투과 흡수 반사 굴절 팽창 수축 응력 변위 토크 회전 마력 출력 입력 지수 탄성률 경화 연화 용융
""".split()), key=len, reverse=True)))


def _runs_into_compound(text: str, end: int) -> bool:
    """The word goes on past ``end`` into a technical head noun that began inside the candidate (인장강|도)."""
    for back in (1, 2):
        m = _TECHNICAL_HEADS.match(text, end - back)
        if m and m.end() > end:
            return True
    return False


def _shaped_like_name(text: str, start: int, end: int) -> bool:
    name = text[start:end]
    given = name[2:] if name[:2] in _DOUBLE_SURNAMES.split("|") else name[1:]
    return (name not in _NOT_NAMES and name[-1] not in _NOT_LAST and all(c in GIVEN_SYLLABLES for c in given)
            and not (name[-1] == "구" and _AFTER_CITY.search(text, max(0, start - 4), start))
            and not (end < len(text) and "가" <= text[end] <= "힣" and _runs_into_compound(text, end)))


@lru_cache(maxsize=4096)
def _common_noun(word: str, any_tag: bool = False) -> bool:
    """kiwipiepy reads the word as one common noun of its dictionary (전화, 원인, 설비); with ``any_tag``,
    as one known word of any kind but a proper noun (오늘, 바로)."""
    tokens = _kiwi().tokenize(word)
    return (len(tokens) == 1 and not _unknown(tokens[0])
            and (tokens[0].tag != "NNP" if any_tag else tokens[0].tag in ("NNG", "NNB")))


def _unknown(token) -> bool:
    return getattr(token, "id", None) in _UNKNOWN_WORDS


def _tagged_as_name(text: str, tokens, start: int, end: int) -> str | None:
    """How kiwipiepy read the candidate: ``"proper"``, ``"unknown"`` (one word not in its dictionary) or None.

    Proper: a proper noun in its dictionary (홍길동/NNP, 백/NNP 시우/NNP), or a surname before a particle
    (권/NNP 정훈/NNG 은, 한/MM 태/NNG 희/NNG 가). Unknown: one new word, maybe with its particle (장수빈이/NNP)."""
    inside = [t for t in tokens if start <= t.start < end]
    particle = _NAME_PARTICLE.match(text, end)
    if not inside:
        return None
    if inside[-1].end != end:  # one token for the name and its particle
        whole = len(inside) == 1 and particle is not None and inside[0].end == particle.end()
        return "unknown" if whole and inside[0].tag in ("NNP", "NNG") and _unknown(inside[0]) else None
    if any(t.tag not in _INSIDE_NAME for t in inside):
        return None
    following = next((t for t in tokens if t.start >= end), None)
    if following is not None and following.start == end and not (following.tag.startswith(_AFTER_NAME) or particle):
        return None
    if len(inside) == 1 and _unknown(inside[0]):
        return "unknown"
    given = inside[1:] if inside[0].tag == "NNP" and inside[0].end - inside[0].start <= 2 else []
    if any(t.tag == "NNP" and t.end - t.start >= 2 for t in inside):
        return "proper"
    if any(t.tag == "NNP" or _unknown(t) for t in given):
        return "proper"
    if particle and (given or (len(inside) == end - start and inside[0].tag == "MM")):
        return "proper"
    return None


_BARE_TAGS = ("NNG", "NNP", "NNB", "NP", "MM", "MAG", "J", "XSA", "XSV", "EC", "ETM")
_BOUNDARY = re.compile(rf"(?:{_PARTICLE})?(?![가-힣])")


def _bare(text: str, tokens, end: int) -> str | None:
    """A name-shaped word standing alone (a particle at most after it) that kiwipiepy does not read as a
    word it knows: no common word over its first two syllables or more (안정성, 기준치, 연주원), no known
    word over all of it. ``"proper"`` then, else None."""
    if not _BOUNDARY.match(text, end):
        return None
    inside = [t for t in tokens if t.start < end]
    if not inside or inside[0].start != 0:
        return None
    head = inside[0]
    if head.tag != "NNP" and not _unknown(head) and head.len >= 2:
        return None
    # nouns as kiwipiepy cuts names (김/NNP 말/NNB 순/NNG, 문/NNG 은/JX 비/NNG); a verb, an ending, a number
    # or a suffix inside makes it a word (김서림, 주세요, 천만원, 편심량, 오동작)
    if any(not (t.tag.startswith(_BARE_TAGS) or _unknown(t)) for t in inside) or inside[-1].tag.startswith("J"):
        return None
    return "proper"


def _compound(head) -> bool:
    """A new word whose first two syllables are a common noun (금형비, 주간조) is a compound, not a name.
    It costs names whose head is a word too (장수빈); titles, cues and the staff list still find those."""
    return len(head) == 1 and head[0].tag == "NNG" and not _unknown(head[0])


def tagged(texts: Sequence[str], known: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[list[Found]]:
    """Words shaped like Korean names (surname + given-name syllables) that kiwipiepy reads as proper
    nouns, or as new words that are not compounds of a common noun, per text. A candidate that
    overlaps a ``known`` span of its text is already settled and left out."""
    result: list[list[Found]] = [[] for _ in texts]
    candidates = list(_candidates(texts, known))
    # kiwipiepy reads the candidate's word and the next one: enough for the name and what follows it
    windows = [texts[i][start:_NEXT_WORD.match(texts[i], end).end()] for i, start, end in candidates]
    unknown: list[tuple[int, int, int]] = []
    for (index, start, end), window, tokens in zip(candidates, windows, _tokenize(windows)):
        reading = _tagged_as_name(window, tokens, 0, end - start) or _bare(window, tokens, end - start)
        if reading == "proper":
            result[index].append((start, end, "PERSON"))
        elif reading == "unknown":
            unknown.append((index, start, end))
    heads = _tokenize([texts[i][start:start + 2] for i, start, _ in unknown])
    for (index, start, end), head in zip(unknown, heads):
        if not _compound(head):
            result[index].append((start, end, "PERSON"))
    for found in result:
        found.sort()
    return result


_NEXT_WORD = re.compile(r"\S*\s*\S*")


def _candidates(texts: Sequence[str], known: Sequence[Sequence[tuple[int, int]]] | None
                ) -> Iterator[tuple[int, int, int]]:
    """(text index, start, end) of each name-shaped word no other detector settled."""
    for index, found in enumerate(per_text(texts, _name_shaped)):
        settled = known[index] if known else ()
        for start, end, _ in found:
            if not any(s < end and start < e for s, e in settled):
                yield index, start, end


def _name_shaped(text: str) -> Iterator[Found]:
    for m in _SHAPED.finditer(text):
        if _shaped_like_name(text, *m.span()):
            yield m.start(), m.end(), "PERSON"


def _tokenize(texts: list[str]) -> list:
    """kiwipiepy's tokens for each text, each distinct text analysed once (a column repeats its values)."""
    if not texts:
        return []
    distinct = list(dict.fromkeys(texts))
    analyses = dict(zip(distinct, _kiwi().tokenize(distinct)))
    return [analyses[text] for text in texts]
