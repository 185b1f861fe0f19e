"""A held-out labelled set for the redactor benchmark (``bench/anonymize.py --heldout``).

``bench/anonymize_corpus.py`` is the corpus the detectors were tuned on, so its scores are an
upper bound. This set was written separately, without looking at the detectors' rules, in
styles that corpus lacks: long maintenance-log sentences holding several entities, shift
handover notes, messenger lines, e-mail signatures, QA 8D report excerpts, English supplier
mail, mixed Korean/English lines, tables flattened into text, names with varied honorifics
and particles, people outside the staff list (Korean, romanized, foreign workers), phone
formats with country codes and dots, and hard negatives in new forms (model, serial, lot,
drawing and SAP numbers, measurement tables, timestamps, section numbers shaped like IP
addresses, standards, coordinates, versions, prices, and common nouns that begin with a
surname syllable: 정밀도, 이송속도, 김치냉장고, 최대하중 ...).

``build_heldout(seed, lines)`` returns ``lines`` labelled lines: every hand-written line once,
then lines drawn from the templates below. It reuses the corpus's ``Gold``/``LabelledLine``,
its span convention, its lexicon and its check-digit functions (which are independent of
the detector). The same ``seed`` and ``lines`` give the same set.

Span convention (as in the corpus): an identifier alone; a person's name without title,
honorific or particle (a masked name ``김OO`` and a surname before a title are names too); a
lexicon term with its legal form and without a particle; an address from its first
administrative area to the building number and the unit or (동명) note after it.

    .venv/bin/python bench/anonymize_heldout.py          # print a sample with the gold spans marked
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

if __name__ == "__main__":  # bench/anonymize.py would shadow the anonymize package
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))
    sys.path.append(str(_here))

from anonymize_corpus import (
    COMPANIES,
    STAFF,
    Gold,
    LabelledLine,
    _josa,
    business_number,
    corporate_number,
    describe,
    digits,
    foreigner_number,
    lexicon,
    resident_number,
)
from anonymize_corpus import render as corpus_render

Line = LabelledLine
Piece = tuple[str, str | None]
Rng = random.Random

__all__ = ["Line", "Gold", "build_heldout", "lexicon"]


_d = digits
# --- people ---

SURNAMES = ("김", "김", "김", "이", "이", "박", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권",
            "황", "안", "송", "전", "홍", "유", "고", "문", "양", "손", "배", "백", "허", "남", "심", "노", "하", "곽", "성",
            "차", "주", "우", "구", "민", "진", "나", "지", "엄", "채", "원", "천", "방", "공", "현", "함", "변", "염", "여",
            "추", "도", "소", "석", "선", "설", "마", "길", "연", "위", "표", "명", "기", "반", "왕", "금", "옥", "육", "인",
            "맹", "제", "모", "탁", "국", "남궁", "황보", "제갈", "선우", "독고", "사공")
GIVEN = ("가람", "보람", "슬기", "태윤", "승현", "나연", "우빈", "채원", "시우", "건우", "서진", "예린", "주원", "하람",
         "윤아", "민재", "재석", "영숙", "순자", "말순", "춘식", "기철", "광수", "동혁", "세영", "소희", "지환", "규리",
         "혜원", "찬영", "명수", "정숙", "영길", "상훈", "은비", "한결", "다온", "하린", "도현", "성호", "재민", "용준",
         "기범", "선영", "미숙", "경민", "인호", "종국", "병철", "상우", "희정", "연주", "준기", "덕배", "옥자", "만수",
         "솔", "현", "준", "훈", "별")
FOREIGN = ("Sarah O'Neill", "Thomas Becker", "Hans Müller", "Priya Raman", "Carlos Mendes", "Olivia Chen", "Kenji Tanaka",
           "Wei Zhang", "Dmitri Volkov", "Aisha Rahman", "Mark Johnson-Lee", "Nguyen Van Hung", "Tran Thi Lan",
           "Rizky Pratama", "Bui Duc Minh", "Emma Lindqvist", "Juan Pablo Ortega", "Marco Rossi", "Yuki Sato",
           "Peter van Dijk")
FOREIGN_KO = ("응우옌반훙", "쩐티란", "리즈키 프라타마", "바트바야르", "알리 칸", "부이득민", "누르 하산", "산제이 쿠마르")
STAFF_KO = tuple(s for s in STAFF if re.search("[가-힣]", s))

# What follows a name: subject-position honorifics and particles, then the dative and the comitative.
HONORIFICS = (" 씨", "씨", "님", " 님", " 선생님", " 주임님께서", "님께서", " 대리님이", " 반장님은", " 책임연구원", " 프로",
              " 매니저님", " 소장님이", " 상무님께서", " 기사님", " 주무관", " 조장", " 직장님", " 수석님", " 사원", " 계장",
              " 대표님", " 씨가", " 과장", " 부장님 지시로")
PARTICLES = (("이", "가"), ("은", "는"))
PLAIN_PARTICLES = ("께서", "도", " 외 2명", "")
DATIVE = ("에게", "한테", "께", " 과장님께", " 차장님한테", " 공장장님께", "님께", " 씨에게", " 대리한테", " 팀장님 앞으로")
WITH = ((("과", "와"), ("이랑", "랑")), ("하고", " 팀장님과", "씨랑", " 주임과"))


def kname(rng: Rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _suffixed(name: str, rng: Rng) -> list[Piece]:
    roll = rng.random()
    if roll < 0.55:
        suffix = rng.choice(HONORIFICS)
    elif roll < 0.85:
        suffix = _josa(name, *rng.choice(PARTICLES))
    else:
        suffix = rng.choice(PLAIN_PARTICLES)
    return [(name, "PERSON"), (suffix, None)]


def kname_h(rng: Rng) -> list[Piece]:
    return _suffixed(kname(rng), rng)


def _to(name: Callable[[Rng], str]) -> Callable[[Rng], list[Piece]]:
    return lambda rng: [(name(rng), "PERSON"), (rng.choice(DATIVE), None)]


def _with(name: Callable[[Rng], str]) -> Callable[[Rng], list[Piece]]:
    def make(rng: Rng) -> list[Piece]:
        who = name(rng)
        suffix = _josa(who, *rng.choice(WITH[0])) if rng.random() < 0.6 else rng.choice(WITH[1])
        return [(who, "PERSON"), (suffix, None)]
    return make


def staff(rng: Rng) -> str:
    return rng.choice(STAFF_KO)


def staff_h(rng: Rng) -> list[Piece]:
    return _suffixed(staff(rng), rng)


def given_h(rng: Rng) -> list[Piece]:
    """A given name alone, as colleagues write it: 가람 씨, 서진이가, 민재님."""
    given = rng.choice([g for g in GIVEN if len(g) == 2])
    if rng.random() < 0.35 and _josa(given, "1", "0") == "1":
        return [(given, "PERSON"), ("이" + rng.choice(("가", "는", "도")), None)]
    return [(given, "PERSON"), (rng.choice((" 씨", "씨", "님", " 씨가", "님이", " 씨도")), None)]


def surname_t(rng: Rng) -> list[Piece]:
    return [(rng.choice(SURNAMES[:40]), "PERSON"), (rng.choice((" 반장님", " 기사님", " 과장", " 주임", "과장님", " 팀장님이",
                                                                 " 대리", " 선생님", " 소장님")), None)]


def surname_to(rng: Rng) -> list[Piece]:
    return [(rng.choice(SURNAMES[:40]), "PERSON"), (rng.choice((" 반장님께", " 기사님한테", " 과장에게", "과장님께", " 팀장님께")), None)]


def masked(rng: Rng) -> str:
    s = rng.choice(SURNAMES[:40])
    g = rng.choice([g for g in GIVEN if len(g) == 2])
    return rng.choice((f"{s}OO", f"{s}○○", f"{s}*{g[1]}", f"{s}**", f"{s}O{g[1]}", f"{s}◯◯"))


def anyone(rng: Rng) -> list[Piece]:
    """Someone named in Korean text: staff, another employee, or a foreign worker."""
    roll = rng.random()
    if roll < 0.35:
        return [(staff(rng), "PERSON")]
    if roll < 0.9:
        return [(kname(rng), "PERSON")]
    return [(rng.choice(FOREIGN_KO), "PERSON")]


def anyone_h(rng: Rng) -> list[Piece]:
    roll = rng.random()
    if roll < 0.3:
        return staff_h(rng)
    if roll < 0.8:
        return kname_h(rng)
    if roll < 0.9:
        return given_h(rng)
    if roll < 0.95:
        return surname_t(rng)
    return [(rng.choice(FOREIGN_KO), "PERSON"), (rng.choice((" 씨", "씨가", " 씨는", "(베트남)", " 사원")), None)]


def foreign(rng: Rng) -> str:
    return rng.choice(FOREIGN + ("Michael Brown",))


def foreign_t(rng: Rng) -> list[Piece]:
    """An English name after a title: Mr. Becker, Ms. Olivia Chen, Dr. Tanaka."""
    full = rng.choice(FOREIGN)
    name = full if rng.random() < 0.5 else full.split()[-1]
    return [(rng.choice(("Mr. ", "Ms. ", "Dr. ", "Mrs. ", "Mr ")), None), (name, "PERSON")]


def first_en(rng: Rng) -> str:
    return rng.choice(FOREIGN).split()[0]


# --- contact details and identifiers ---

def mobile(rng: Rng) -> str:
    a, b = _d(rng, 4), _d(rng, 4)
    return rng.choice((f"+82 10-{a}-{b}", f"+82-10-{a}-{b}", f"+82 (0)10 {a} {b}", f"010.{a}.{b}", f"010-{a}-{b}",
                       f"010-{a}-{b}", f"010 {a} {b}", f"+8210{a}{b}", f"01{rng.choice('16789')}-{_d(rng, 3)}-{b}",
                       f"010-{rng.randint(200, 999)}-{b}", f"010{a}{b}"))


def landline(rng: Rng) -> str:
    area = rng.choice(("02", "031", "032", "041", "043", "051", "052", "053", "054", "055", "061", "063"))
    mid, last = str(rng.randint(2, 9)) + _d(rng, rng.choice((2, 3))), _d(rng, 4)
    intl = area[1:]
    return rng.choice((f"({area}){mid}-{last}", f"({area}) {mid}-{last}", f"{area}.{mid}.{last}", f"{area}-{mid}-{last}",
                       f"{area}-{mid}-{last}", f"{area}){mid}-{last}", f"+82-{intl}-{mid}-{last}",
                       f"+82 (0){intl} {mid} {last}", f"+82 {intl} {mid} {last}"))


def fax(rng: Rng) -> str:
    return rng.choice((f"0505-{_d(rng, 3)}-{_d(rng, 4)}", landline(rng)))


def rep(rng: Rng) -> str:
    return rng.choice(("1588", "1544", "1577", "1661", "1899")) + rng.choice(("-", ".", " ")) + _d(rng, 4)


def intl(rng: Rng) -> str:
    a, b = _d(rng, 4), _d(rng, 4)
    return rng.choice((f"+82 10 {a} {b}", f"+82-10-{a}-{b}", f"+82 (0)10-{a}-{b}", f"+82 31 {a[:3]} {b}",
                       f"+82-55-{a[:3]}-{b}", f"+82 2 {a} {b}"))


_USERS = ("garam.kim", "sjpark", "qa_8d", "purchasing", "h.mueller", "yj.choi", "minjae.lee", "t.becker", "o.chen",
          "procurement.kr", "cs-center", "seojin_han", "dhjung82", "kenji.tanaka", "plant2.maint", "jw.yoon")
_DOMAINS = ("daesung.co.kr", "hanwool.com", "gmail.com", "naver.com", "daum.net", "hanmail.net", "kakao.com",
            "outlook.com", "becker-gmbh.de", "sejin-ind.co.kr", "taekwang-metal.kr", "hanbit-tech.com", "vn-supply.com.vn")


def email(rng: Rng) -> str:
    user = rng.choice(_USERS)
    return f"{user.upper() if rng.random() < 0.05 else user}@{rng.choice(_DOMAINS)}"


def ip(rng: Rng) -> str:
    return rng.choice((f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"211.{rng.randint(100, 250)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"58.{rng.randint(100, 250)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"))


def url(rng: Rng) -> str:
    n = rng.randint(1000, 99999)
    return rng.choice((f"https://groupware.daesung.co.kr/approval/view?docId={n}", f"http://10.10.1.20:8080/mes/lot?id=25{n}",
                       "https://hanwool.sharepoint.com/sites/QA/8D", f"ftp://192.168.0.50/recipes/{n}",
                       "www.sejin-ind.co.kr/board/qna", "http://scada-ch2.local:1880/ui", f"https://naver.me/x{n}Ab",
                       f"https://drive.google.com/file/d/1Ab{n}Qz/view", "https://portal.becker-gmbh.de/claims",
                       f"taekwang-metal.kr/notice/{n}", "https://erp.hanbit-tech.com/po/list"))


def mac(rng: Rng) -> str:
    b = [f"{rng.randint(0, 255):02X}" for _ in range(6)]
    form = rng.randrange(5)
    if form == 0:
        return ":".join(b)
    if form == 1:
        return "-".join(b).lower()
    if form == 2:
        raw = "".join(b).lower()
        return f"{raw[:4]}.{raw[4:8]}.{raw[8:]}"
    if form == 3:
        return ":".join(b).lower()
    return "".join(b)


def rrn(rng: Rng) -> str:
    n = resident_number(rng)
    return rng.choice((f"{n[:6]}-{n[6:]}", f"{n[:6]}-{n[6:]}", f"{n[:6]} {n[6:]}", n, f"{n[:6]} - {n[6:]}"))


def frn(rng: Rng) -> str:
    n = foreigner_number(rng)
    return rng.choice((f"{n[:6]}-{n[6:]}", f"{n[:6]}-{n[6:]}", n, f"{n[:6]} {n[6:]}"))


def brn(rng: Rng) -> str:
    n = business_number(rng)
    return rng.choice((f"{n[:3]}-{n[3:5]}-{n[5:]}", f"{n[:3]}-{n[3:5]}-{n[5:]}", n, f"{n[:3]} {n[3:5]} {n[5:]}"))


def crn(rng: Rng) -> str:
    n = corporate_number(rng)
    return rng.choice((f"{n[:6]}-{n[6:]}", f"{n[:6]}-{n[6:]}", n))


def passport(rng: Rng) -> str:
    head = rng.choice("MMMSRG")
    return head + (_d(rng, 8) if rng.random() < 0.5 else _d(rng, 3) + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + _d(rng, 4))


_KR_ADDRESSES = (  # (province forms, city/district, roads)
    (("경기도", "경기"), "평택시 포승읍", ("평택항로", "포승공단순환로")),
    (("충청남도", "충남"), "아산시 탕정면", ("탕정면로", "삼성로")),
    (("전라남도", "전남"), "여수시", ("여수산단로", "낙포단지길")),
    (("인천광역시", "인천"), "남동구", ("남동대로", "능허대로", "청능대로")),
    (("대구광역시", "대구"), "달서구", ("성서공단로", "달서대로")),
    (("경상북도", "경북"), "구미시", ("1공단로", "3공단2로")),
    (("충청북도", "충북"), "청주시 흥덕구 옥산면", ("과학산업2로", "오송생명로")),
    (("경상남도", "경남"), "김해시 주촌면", ("골든루트로", "서부로")),
    (("서울특별시", "서울시", "서울"), "금천구", ("가산디지털1로", "벚꽃로")),
    (("광주광역시", "광주"), "광산구", ("하남산단8번로", "평동산단로")),
)
_JIBUN = (("경기도 안산시 단원구", "원시동"), ("경기도 시흥시", "정왕동"), ("경상남도 창원시 성산구", "성주동"),
          ("울산광역시 울주군 온산읍", "화산리"), ("충청남도 천안시 서북구", "백석동"))
_EN_ADDRESSES = ("Pyeongtaekhang-ro, Poseung-eup, Pyeongtaek-si, Gyeonggi-do", "Seongseogongdan-ro, Dalseo-gu, Daegu",
                 "Gongdan-ro, Seongsan-gu, Changwon-si, Gyeongsangnam-do", "Namdong-daero, Namdong-gu, Incheon")


def address(rng: Rng) -> list[Piece]:
    roll = rng.random()
    if roll < 0.65:
        provinces, city, roads = rng.choice(_KR_ADDRESSES)
        road = rng.choice(roads)
        number = f"{rng.randint(1, 480)}" + (f"-{rng.randint(1, 12)}" if rng.random() < 0.15 else "")
        if rng.random() < 0.2:
            road, number = f"{road} {rng.randint(10, 90)}번길", number
        text = f"{rng.choice(provinces)} {city} {road} {number}"
        text += rng.choice(("", "", ", 3층", " 2동 105호", " B동 2층", ", 제1공장동", " (가산동)", " 301호"))
    elif roll < 0.85:
        area, dong = rng.choice(_JIBUN)
        text = f"{area} {dong} {rng.randint(100, 1999)}-{rng.randint(1, 30)}" + rng.choice(("", " 3블록", " 2층"))
    else:
        text = f"{rng.randint(10, 300)}, {rng.choice(_EN_ADDRESSES)}"
    return [(text, "ADDRESS")]


def plate(rng: Rng) -> str:
    d4 = _d(rng, 4)
    roll = rng.randrange(5)
    if roll == 0:
        return f"{rng.randint(10, 99)}{rng.choice('가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주')} {d4}"
    if roll == 1:
        return f"{rng.randint(100, 699)}{rng.choice('가나다라마거너더러머버서어저고노도로')}{d4}"
    if roll == 2:
        return f"{rng.choice(('경기', '부산', '경남', '인천', '울산'))}{rng.randint(80, 99)}{rng.choice('바사아자')}{d4}"
    if roll == 3:
        return f"{rng.choice(('경기', '부산', '충남'))} {rng.randint(80, 99)}{rng.choice('바사아자')} {d4}"
    return f"{rng.randint(10, 99)}{rng.choice('하허호')}{d4}"


_BANKS = (("KB국민", (6, 2, 6)), ("신한", (3, 3, 6)), ("우리", (4, 3, 6)), ("하나", (3, 6, 5)), ("NH농협", (3, 4, 4, 2)),
          ("IBK기업", (3, 6, 2, 3)), ("카카오뱅크", (4, 2, 7)), ("토스뱅크", (4, 4, 4)), ("부산은행", (3, 4, 4, 2)),
          ("경남은행", (3, 2, 7, 1)), ("수협", (4, 4, 4)))


def account(rng: Rng) -> tuple[str, str]:
    bank, shape = rng.choice(_BANKS)
    parts = [_d(rng, n) for n in shape]
    return bank, "-".join(parts) if rng.random() < 0.85 else "".join(parts)


def account_pieces(rng: Rng) -> list[Piece]:
    bank, number = account(rng)
    form = rng.randrange(4)
    if form == 0:
        return [(f"{bank} ", None), (number, "BANK_ACCOUNT")]
    if form == 1:
        return [(f"{bank}은행 " if not bank.endswith(("은행", "뱅크", "협")) else f"{bank} ", None), (number, "BANK_ACCOUNT")]
    if form == 2:
        return [(number, "BANK_ACCOUNT"), (f"({bank})", None)]
    return [(f"입금계좌 {bank} / ", None), (number, "BANK_ACCOUNT")]


# --- lexicon terms, written the way people write them ---

def company(rng: Rng) -> str:
    name = rng.choice(COMPANIES)
    if not re.search("[가-힣]", name):
        bare = name.split(" Co.")[0]
        return rng.choice((bare, bare.upper(), f"{bare} Co., Ltd.", f"{bare.upper()} CO.,LTD.", f"{bare} Co.,Ltd"))
    bare = re.sub(r"\(주\)|㈜|주식회사\s?", "", name)
    return rng.choice((bare, bare, f"{bare}㈜", f"㈜ {bare}", f"(주) {bare}", f"{bare} 주식회사", f"주식회사{bare}",
                       f"{bare}(주)", f"㈜{bare}"))


def company_en(rng: Rng) -> str:
    return rng.choice(("Hanwool Co., Ltd.", "HANWOOL CO.,LTD.", "Hanwool", "Daesung Precision", "DAESUNG PRECISION",
                       "Daesung Precision Co., Ltd."))


def company_p(rng: Rng) -> list[Piece]:
    name = company(rng)
    if re.search("[가-힣]$", name) and rng.random() < 0.7:
        return [(name, "COMPANY"), (_josa(name, *rng.choice(PARTICLES)), None)]
    return [(name, "COMPANY"), (rng.choice(("에서", "에", "측", "에서는", " 측에서", "向", "향")), None)]


def project(rng: Rng) -> str:
    return rng.choice(("블루웨일", "블루웨일", "블루 웨일", "Project Falcon", "PROJECT FALCON", "project falcon"))


def project_p(rng: Rng) -> list[Piece]:
    return [(project(rng), "PROJECT"), (rng.choice((" 과제", " PJT", " 프로젝트의", "PJT", " 2차", " 후속")), None)]


def product(rng: Rng) -> str:
    return rng.choice(("스마트밸브 SV-7", "스마트밸브SV-7", "스마트 밸브 SV-7", "에어리프트 AL3", "에어리프트AL3",
                       "에어 리프트 AL3"))


def plant(rng: Rng) -> str:
    return rng.choice(("창원2공장", "창원 2공장", "화성3공장", "화성 3공장", "창원2공장", "화성3공장"))


def part(rng: Rng) -> str:
    return f"HDP-{_d(rng, 5)}"


# --- hard negatives ---

NOUNS = ("정밀도", "이송속도", "김치냉장고 도어 힌지", "박스 포장", "최대하중", "조립 공정", "장비 점검표", "한계치",
         "강도 시험", "윤활유", "임시 가동", "서류 검토", "신호 케이블", "권장 토크", "황동 부싱", "안전 커버",
         "송풍기 전류", "전압 강하", "유량계 교정", "허용오차", "배관 누설", "백업 라인", "성형 조건", "차압계",
         "주축 회전수", "우측 가이드", "구동부 소음", "민감도 조정", "진동값", "지그 교체", "원점 복귀", "천장크레인",
         "방청유 도포", "공급 압력", "현장 정리", "함량 분석", "변형량", "염수분무 시험", "양품률", "여유 재고",
         "도장 두께", "소음 측정", "석션 호스", "선반 척", "설비 명판", "마모 한계", "길이 측정", "연마 공정",
         "위치 결정 핀", "표면 조도", "기어비", "반제품 창고", "왕복 운동", "금형 온도", "육안 검사", "인장 시험",
         "맹판 설치", "모터 절연저항", "탁도", "국부 과열", "은도금 두께", "편심량", "용접 비드", "예열 온도",
         "경도 측정", "봉재 절단", "사상 작업", "부하율", "정비 이력", "조도계", "장착 상태", "한도 견본", "오차 보정",
         "신품 교체", "황변 발생", "송부 자료", "유지 보수", "최종 검사", "박리 불량", "이물 혼입", "전장 배선",
         "홍보 자료", "고정 볼트", "문턱 전압", "배기 덕트", "허브 베어링", "성적서", "차폐판", "주유 주기", "구배",
         "진공도", "채터링", "원자재", "방폭 등급", "공압 실린더", "현미경 관찰", "변압기", "염분", "여과기",
         "추력", "도면 검토", "소재 입고", "석출물", "선삭", "설계 변경", "마찰 계수", "길이 방향", "연삭 휠")
EQUIPMENT = ("5축 가공기 #3", "사출기 350톤 2호기", "MCT-05", "레이저 마커 LM-2", "CMM 측정실", "열처리로 2번",
             "도장 부스 B", "프레스 800t", "AGV 07", "자동창고 스태커 1", "리플로우 오븐", "세척기 W-3", "지게차 FL-12",
             "공기압축기 AC-2", "냉동기 R-1", "집진기 DC-4", "용접 로봇 R-17", "밀링 M-02", "호닝기 H-1",
             "사출기 7호기")
BRANDS = ("Siemens S7-1500", "FANUC 0i-MF", "Mitsubishi MR-J4-200A", "LS ELECTRIC XGK-CPUH", "Keyence IV3-500CA",
          "Mitutoyo SJ-210", "SKF 6205-2RS", "NSK 7014CTYNSULP4", "Festo DSBC-50-100", "SMC VQ1000", "Omron E3Z-D61",
          "Zeiss CONTURA G2", "Allen-Bradley 1756-L83E", "THK HSR25A", "Yaskawa SGM7J-04AFC6S", "Heidenhain TNC 640")


def _date(rng: Rng) -> str:
    y, m, d = rng.randint(2023, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((f"{y}-{m:02d}-{d:02d}", f"{y}.{m}.{d}", f"{m}/{d}", f"{y % 100}/{m:02d}/{d:02d}", f"{m}월 {d}일",
                       f"{d:02d}-{('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[m - 1]}-{y}",
                       f"{y}{m:02d}{d:02d}"))


def _ts(rng: Rng) -> str:
    y, m, d = rng.randint(2024, 2025), rng.randint(1, 12), rng.randint(1, 28)
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return rng.choice((f"{y}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+09:00", f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}.{_d(rng, 3)}",
                       f"[{h:02d}:{mi:02d}:{s:02d}]", f"{y}/{m:02d}/{d:02d} {h:02d}:{mi:02d}", f"{h:02d}:{mi:02d}~{(h + 2) % 24:02d}:{mi:02d}",
                       f"{y}{m:02d}{d:02d}{h:02d}{mi:02d}{s:02d}"))


def _time(rng: Rng) -> str:
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"


def measure(rng: Rng) -> str:
    return rng.choice((f"Ø{rng.randint(10, 90)}.{_d(rng, 3)}", f"+0.0{rng.randint(1, 5)}/-0.0{rng.randint(1, 5)}",
                       f"{rng.randint(1, 20)}.{rng.randint(0, 9)} mm/s", f"{rng.randint(100, 900)} MPa", f"HRC {rng.randint(50, 62)}",
                       f"Ra {rng.choice(('0.4', '0.8', '1.6', '3.2'))}", f"{rng.randint(10, 400)} kPa", f"{rng.randint(1, 50)}.{_d(rng, 2)} A",
                       f"{rng.randint(60, 99)} dB(A)", f"{rng.randint(20, 300)}±{rng.randint(1, 5)} ℃", f"{rng.randint(1, 500)} μm",
                       f"{rng.randint(1, 9)},{_d(rng, 3)} rpm", f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%", f"{rng.randint(1, 30)} N·m",
                       f"{rng.randint(100, 999)} MΩ", f"{rng.randint(1, 5)}.{_d(rng, 2)} bar"))


def lot(rng: Rng) -> str:
    return rng.choice((f"L25{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{_d(rng, 4)}", f"{rng.randint(23, 25)}C{_d(rng, 2)}-{_d(rng, 4)}",
                       f"{rng.randint(23, 25)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}-0{_d(rng, 6)}",
                       f"LOT-{_d(rng, 4)}-{rng.choice('ABCD')}{_d(rng, 2)}", f"H{_d(rng, 6)}"))


def serial(rng: Rng) -> str:
    return rng.choice((f"{rng.randint(2201, 2512)}-{_d(rng, 4)}-{_d(rng, 4)}", f"S{rng.randint(23, 25)}{_d(rng, 6)}",
                       f"SN{_d(rng, 10)}", f"M{rng.randint(2019, 2025)}{_d(rng, 4)}", f"FA{_d(rng, 2)}-{_d(rng, 5)}",
                       f"{_d(rng, 3)}{rng.choice('ABCKX')}{_d(rng, 5)}"))


def drawing(rng: Rng) -> str:
    return rng.choice((f"D-{_d(rng, 4)}-{_d(rng, 3)}-0{rng.randint(1, 9)}", f"DWG No. {_d(rng, 2)}-{_d(rng, 5)} Rev.{rng.choice('ABCD')}",
                       f"A3-{_d(rng, 6)}-R{rng.randint(0, 5)}", f"{rng.choice(('HDA', 'HDS', 'DPX'))}-{_d(rng, 5)}-{_d(rng, 2)}"))


def sap(rng: Rng) -> str:
    return rng.choice((f"{rng.choice('1234')}{_d(rng, 9)}", f"0000000000{rng.choice('1234')}{_d(rng, 7)}",
                       f"45{_d(rng, 8)}", f"{rng.randint(100000, 999999)}"))


def standard(rng: Rng) -> str:
    return rng.choice(("KS B 0161", "ISO 2768-mK", "ASTM A240/A240M-20", "ASTM E18-22", "IEC 60529 IP67",
                       "KS C IEC 61000-4-2", "JIS G 4305", "DIN 912", "ISO 4762 M10x30", "KS D 3503 SS275",
                       "ISO 13849-1 PL d", "ASTM B117", "KS B ISO 2859-1 AQL 0.65", "IATF 16949:2016 8.5.6.1",
                       "VDA 6.3", "ISO/TS 16949", "EN 10204 3.1", "ASME Sec. VIII Div.1"))


def version(rng: Rng) -> str:
    return rng.choice((f"v{rng.randint(1, 5)}.{rng.randint(0, 12)}.{rng.randint(0, 40)}", f"Ver. {rng.randint(1, 4)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(10, 99)}",
                       f"FW {rng.randint(1, 9)}.{rng.randint(0, 9)}{rng.randint(0, 9)}", f"build {rng.randint(1000, 9999)}",
                       f"R{rng.randint(10, 30)}.{rng.randint(1, 12):02d}", f"{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(100, 250)}"))


def price(rng: Rng) -> str:
    return rng.choice((f"₩{rng.randint(1, 9)},{_d(rng, 3)},{_d(rng, 3)}", f"{rng.randint(1, 99)},{_d(rng, 3)}원",
                       f"USD {rng.randint(1, 99)},{_d(rng, 3)}.00", f"EUR {rng.randint(1, 999)}.{_d(rng, 2)}",
                       f"단가 {rng.randint(100, 9999):,}원/EA", f"{rng.randint(1, 9)}억 {rng.randint(1, 9)}천만원"))


def qty(rng: Rng) -> str:
    return rng.choice((f"{rng.randint(1, 9)},{_d(rng, 3)} EA", f"{rng.randint(1, 99)} BOX", f"{rng.randint(1, 500)}개",
                       f"{rng.randint(1, 40)} 파렛트", f"{rng.randint(10, 999)} kg", f"{rng.randint(1, 9)},{_d(rng, 3)}pcs"))


def coord(rng: Rng) -> str:
    return rng.choice((f"X{rng.randint(-500, 500)}.{_d(rng, 3)} Y{rng.randint(-500, 500)}.{_d(rng, 3)} Z{rng.randint(-100, 100)}.{_d(rng, 3)}",
                       f"({rng.randint(0, 2000)}, {rng.randint(0, 2000)})", f"G54 X{rng.randint(0, 900)}.0 Y-{rng.randint(0, 400)}.5",
                       f"J1={rng.randint(-170, 170)}.{_d(rng, 2)}° J2={rng.randint(-90, 90)}.{_d(rng, 2)}°"))


def section(rng: Rng) -> str:
    """Numbers shaped like IP addresses or phones that are not: clause numbers, OIDs, register addresses."""
    return rng.choice((f"{rng.randint(4, 10)}.{rng.randint(1, 6)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}항",
                       f"OID 1.3.6.1.4.1.{rng.randint(1000, 50000)}", f"DB{rng.randint(1, 200)}.DBX{rng.randint(0, 99)}.{rng.randint(0, 7)}",
                       f"%MW{rng.randint(100, 9999)}", f"0x{_d(rng, 4)}{rng.choice('ABCDEF')}{_d(rng, 3)}",
                       f"40{_d(rng, 3)}번 레지스터", f"CAN ID 0x{rng.randint(256, 2047):03X}"))


def wo(rng: Rng) -> str:
    return rng.choice((f"WO{rng.randint(24, 25)}{_d(rng, 6)}", f"NCR-{rng.randint(2024, 2025)}-{_d(rng, 4)}",
                       f"8D-{rng.randint(24, 25)}-{_d(rng, 3)}", f"ECN-{_d(rng, 5)}", f"CAPA {_d(rng, 6)}", f"QR-{_d(rng, 4)}-{_d(rng, 2)}"))


def extension(rng: Rng) -> str:
    return f"내선 {rng.randint(1000, 8999)}"


def sensor(rng: Rng) -> str:
    return rng.choice(("근접센서 PX-12", "열전대 TC-3", "엔코더 케이블", "리미트 스위치 LS-4", "압력 트랜스미터 PT-101",
                       "유량 스위치 FS-2", "광전센서 E3Z", "로드셀 LC-500"))


def dept(rng: Rng) -> str:
    return rng.choice(("품질보증팀", "생산기술팀", "설비보전파트", "구매팀", "자재관리", "QA", "SQE", "생산1팀", "금형개발팀"))


def bank(rng: Rng) -> str:
    return account(rng)[0]


# --- slots ---

def _one(entity: str | None, make: Callable[[Rng], str]) -> Callable[[Rng], list[Piece]]:
    return lambda rng: [(make(rng), entity)]


SLOTS: dict[str, Callable[[Rng], list[Piece]]] = {
    "kname": _one("PERSON", kname), "kname_h": kname_h, "staff": _one("PERSON", staff), "staff_h": staff_h,
    "given_h": given_h, "surname_t": surname_t, "surname_to": surname_to, "kname_to": _to(kname),
    "staff_to": _to(staff), "kname_with": _with(kname), "staff_with": _with(staff), "masked": _one("PERSON", masked),
    "anyone": anyone, "anyone_h": anyone_h,
    "foreign": _one("PERSON", foreign), "foreign_t": foreign_t, "first": _one("PERSON", first_en),
    "foreign_ko": _one("PERSON", lambda rng: rng.choice(FOREIGN_KO)),
    "mobile": _one("PHONE", mobile), "landline": _one("PHONE", landline), "fax": _one("PHONE", fax), "rep": _one("PHONE", rep),
    "intl": _one("PHONE", intl), "email": _one("EMAIL", email), "ip": _one("IP_ADDRESS", ip), "url": _one("URL", url),
    "mac": _one("MAC_ADDRESS", mac), "rrn": _one("KR_RRN", rrn), "frn": _one("KR_FRN", frn), "brn": _one("KR_BRN", brn),
    "crn": _one("KR_CRN", crn), "passport": _one("KR_PASSPORT", passport), "address": address,
    "plate": _one("VEHICLE_PLATE", plate), "account": account_pieces,
    "acct_no": _one("BANK_ACCOUNT", lambda rng: account(rng)[1]),
    "company": _one("COMPANY", company), "company_en": _one("COMPANY", company_en), "company_p": company_p,
    "project": _one("PROJECT", project), "project_p": project_p, "product": _one("PRODUCT", product),
    "plant": _one("PLANT", plant), "part": _one("PART_NO", part),
    "noun": _one(None, lambda rng: rng.choice(NOUNS)), "equip": _one(None, lambda rng: rng.choice(EQUIPMENT)),
    "brand": _one(None, lambda rng: rng.choice(BRANDS)), "date": _one(None, _date), "ts": _one(None, _ts),
    "time": _one(None, _time), "meas": _one(None, measure), "lot": _one(None, lot), "serial": _one(None, serial),
    "dwg": _one(None, drawing), "sap": _one(None, sap), "std": _one(None, standard), "ver": _one(None, version),
    "price": _one(None, price), "qty": _one(None, qty), "coord": _one(None, coord), "section": _one(None, section),
    "wo": _one(None, wo), "ext": _one(None, extension), "sensor": _one(None, sensor), "dept": _one(None, dept),
    "bank": _one(None, bank), "bank_en": _one(None, lambda rng: rng.choice(("Kookmin Bank", "Shinhan Bank", "Woori Bank",
                                                                           "Hana Bank", "Industrial Bank of Korea"))), "n": _one(None, lambda rng: str(rng.randint(1, 9))),
    "n3": _one(None, lambda rng: str(rng.randint(100, 999))),
}

# --- templates, by style ---

MAINTENANCE = (
    "{date} {time} {equip} 주축 베어링 이음 발생 → {kname_h} 현장 확인, {noun} 점검 후 {brand} 교체 (재고 {qty}), {staff_h} 승인. 다음 점검 {date}",
    "[설비보전] {plant} {equip} 유압 압력 {meas} 저하. 원인: 실린더 패킹 마모. 조치: 패킹 교체, 작업자 {kname}·{kname}, 확인 {staff_h}",
    "{equip} 알람 E-{n3} 반복 발생, PLC({ip}) 로그 확인 결과 {sensor} 단선으로 판단되어 {kname_h} 교체 완료, {ts} 재가동",
    "{date} 야간 {equip} 정지 45분. {anyone_h} 조치하였으나 재발, 외주 업체 {company} 서비스 기사 호출({mobile})",
    "예방보전 PM-{n3}: {equip} {noun}, {noun} 및 {noun} 실시. 실적 입력 {kname}, 검토 {staff_h}",
    "{plant} 유틸리티동 {equip} 토출 온도 {meas}로 상승, {kname_h} 냉각수 스트레이너 청소 후 정상화 ({time})",
    "{equip} 서보 드라이브({brand}) 과전류 트립. {kname_h} 교체하려 했으나 재고 없어 {company_p} 긴급 발주, 담당 {kname} {landline}",
    "{anyone_h} 보고: {equip} 안전 펜스 도어 스위치 파손, 임시로 바이패스 금지 표지 부착, 부품 {part} 신청함",
    "정기점검 결과 {equip} {noun} 기준 초과({meas}). {std} 기준 재측정 요청, 측정자 {kname}, 입회 {staff_h}",
    "{ts} {equip} 비상정지 — 원인 {sensor} 오동작. 조치자 {kname_h}, 조치 시간 {n}시간, 생산 손실 {qty}",
    "설비 이력카드 | {equip} | 제조사 {brand} | S/N {serial} | 설치 {date} | 관리자 {staff} | 점검주기 3개월",
    "{plant} 도장라인 컨베이어 체인 신장 {meas}, {kname_h} 장력 조정, 잔여 수명 약 {n}개월 추정",
    "{equip} 금형 교체 중 {given_h} 손가락 경상, 응급처치 후 {kname_h} 병원 이송. 비상연락망 {mobile}",
    "보전 요청서 #{n3}: 요청자 {kname} ({dept}), 내용 {noun} 불량, 희망 완료일 {date}, 처리자 {anyone}",
    "{equip} 소음 건 {kname_with} 같이 점검, 결과는 {staff_to} 보고 완료 ({meas})",
    "{equip} 윤활 펌프 토출 불량 — {surname_t} 지시로 그리스 라인 교체, 사용 자재 {brand} {qty}",
)

HANDOVER = (
    "[인수인계] 주간→야간 | 인계자: {kname} | 인수자: {kname} | 특이사항: {equip} 온도 {meas} 상승 추세, 30분 간격 확인 요망",
    "야간조 {kname_h} 인수. {plant} 2라인 {qty} 생산, 불량 {n}건(치수), {staff_to} 문자 보고함 ({mobile})",
    "교대 인계: {equip} 금형 교체 진행 중, 잔여 작업은 {kname_h} 마무리 예정. 비상연락 {mobile}",
    "B조 → C조 인계사항: 1) {equip} 원점 복귀 불량 2) {noun} 재고 부족 3) {anyone_h} 내일 연차",
    "주말 특근자: {kname}, {kname}, {kname} / 관리감독자 {staff_h} / 경비실 {landline}",
    "인계 메모) {lot} 작업분 {noun} 미실시 상태로 보류, {kname_h} 확인 후 진행 바람",
    "{time} 교대. 전 근무조 {given_h} 인계 내용: {equip} 이송속도 {meas}로 하향 운전 중",
    "야간 특이사항 없음. {equip} 가동률 {meas}, 순찰 {kname} ({time}, {time})",
    "{kname_to} 인계한 {noun} 건 확인 부탁 — 내일은 {kname_with} 2인 1조 작업",
    "인수인계서 작성 {kname_h}, 확인 {surname_t}. {plant} 창고 출하 대기 {qty}",
)

CHAT = (
    "[{time}] {kname} 주임: {equip} 알람 해제했습니다",
    "{ts} {kname}: 혹시 {lot} 성적서 어디 있나요? {staff_h} 메일로 보내주세요 {email}",
    "{kname} 대리 ({time}): {company} 납품차량 {plate} 정문 도착했어요",
    "[{time}] {staff}: 오늘 회의 {time}로 변경, 참석 {kname}, {kname}, {foreign_ko}",
    "{given_h} 지금 {equip} 쪽에 있어요? 전화 안 받아서요 {mobile}",
    "{kname_to} 말씀드렸는데 {company} 회신이 아직이에요 ㅠ",
    "{kname} 님이 나갔습니다. / {kname} 님이 들어왔습니다.",
    "ㅇㅋ {surname_to} 전달할게요. 도면은 {dwg} 최신으로 보면 됩니다",
)

SIGNATURE = (
    "{kname} 드림 | {company} {dept} | Tel {landline} | Mobile {mobile} | {email}",
    "Best regards, {foreign} | Purchasing Manager | {company_en} | Direct: {intl} | {email}",
    "{kname} 책임 / {dept} / {company} / {address} / T {landline} F {fax}",
    "감사합니다. {kname} 올림 (M. {mobile} / E. {email})",
    "— {foreign}, Supplier Quality Engineer, {company_en} | T {intl} | {email} | {url}",
    "{company} | 대표이사 {kname} | 사업자등록번호 {brn} | {address} | 대표전화 {rep}",
    "Kind regards, {first} | Sales Korea | mobile {intl} | office {landline}",
    "{kname} Manager / QA Dept. / {company_en} / {email} / {mobile}",
)

EIGHT_D = (
    "D1 팀 구성: 팀장 {staff} (품질), {kname} (생산), {kname} (설비), {foreign} (고객사 SQE)",
    "D2 문제 기술: {date} {company} 입고검사에서 {part} 외경 {meas} 규격 이탈, 불량 {qty} (LOT {lot})",
    "D3 임시 조치: 재고 {qty} 전수 선별, 선별 담당 {kname_h}, 완료 {date}, 고객 통보 {email}",
    "D4 근본 원인: {equip} 공구 마모 보정값 미입력 ({noun} 관리 누락), 발생원인 분석자 {kname}",
    "D5/D6 시정 조치: 공구 수명 관리 로직 {ver} MES 반영, 효과 검증 {staff_h}",
    "D7 재발 방지: 작업표준서 개정, {std} 기준 교육 실시 ({date}, 강사 {kname_h})",
    "D8 종결: 승인 {staff} / 고객 승인 {foreign} ({email})",
    "8D {wo} | 고객 {company_en} | 품번 {part} | 불량 유형 {noun} | 담당 {kname}",
    "Containment: {qty} sorted at {plant} by {kname}, 0 defects found; CSL1 released on {date}",
    "Root cause (5-Why) by {foreign}: {noun} drift on {equip}; verified with {std}",
    "고객 클레임 {wo}: {project_p} 양산품 {product} 누설, 회신 기한 {date}, 책임자 {staff_h}",
)

ENGLISH = (
    "Dear {foreign_t}, please find attached the revised quotation for {part} (MOQ {qty}, unit price {price}).",
    "Hi {first}, our QA team ({email}) rejected lot {lot} due to burrs exceeding {meas}. Please call {staff} at {intl}.",
    "The shipment will leave {address} on {date}; truck plate {plate}, driver mobile {mobile}.",
    "Please remit to account {acct_no} ({bank_en}), beneficiary {company_en}, SWIFT KOEXKRSE.",
    "Our business registration no. is {brn}; please issue the tax invoice to {email}.",
    "As discussed with {foreign_t}, {company_en} will supply {product} samples for {project} by {date}.",
    "{foreign} will visit {plant} next week; passport {passport}, arriving on KE{n3} at {time}.",
    "Please note our new office number {landline} and fax {fax}; {staff} remains your contact.",
    "Attached: CoC per {std}, material cert {lot}, drawing {dwg}. Questions to {email}.",
    "Thanks {first} — PO {sap} confirmed, delivery to {plant}, ETA {date}.",
    "Our engineer {foreign} cannot log in to {url}; his laptop MAC is {mac}, assigned IP {ip}.",
    "Kindly update the vendor master: CRN {crn}, BRN {brn}, bank {bank_en}, account {acct_no}.",
    "{foreign_t} reported a noise at 1,800 rpm on {equip}; {kname} from our side will join the call.",
)

MIXED = (
    "{staff_h} 확인 요청: customer complaint from {company_en}, {part} weld crack, 8D due {date}",
    "FYI {kname_h} — {equip} firmware {ver} 업데이트 후 comm error, IP {ip} ping OK",
    "{foreign_t} 방문 일정 {date} {time}, 통역 {kname_h}, 픽업 차량 {plate}",
    "PO {sap} 관련 {company_p} 납기 delay 통보, {kname} 대리가 expediting 중 ({mobile})",
    "Audit finding #{n}: {noun} 기록 누락 — owner {staff}, due {date}",
    "{project} kick-off: PM {staff}, ME {kname}, QA {foreign} / 장소 {plant} 회의실",
    "Sample {qty} shipped via DHL to {address}, 수령인 {kname} ({mobile})",
    "{kname} (ext. {n3}{n}) — please cc {email} on all {project} mails",
)

TABLE = (
    "성명: {masked} | 연락처: {mobile} | 소속: {company} | 차량번호: {plate}",
    "No. {n} | {kname} | {dept} | 입사 {date} | 주민번호 {rrn} | 비고: -",
    "출입자 명단 | {foreign} | 여권 {passport} | {company_en} | 방문목적: FAT",
    "외국인근로자 | 성명 {foreign_ko} | 외국인등록번호 {frn} | 숙소 {address}",
    "거래처 정보 | 상호 {company} | 사업자번호 {brn} | 법인번호 {crn} | 대표 {kname} | 주소 {address}",
    "지급정보 | 은행 {bank} | 계좌 {acct_no} | 예금주 {kname}",
    "비상연락망 | {dept} | {kname} | {mobile} | 자택 {landline}",
    "IT 자산 | PC-{n3} | 사용자 {kname} | IP {ip} | MAC {mac} | OS Win11 {ver}",
    "방문증 발급 대장 | {date} | {kname} | {company} | {mobile} | 차량 {plate} | 반납 {time}",
    "협력사 평가표 | {company} | 품질 {n}점 | 납기 {n}점 | 담당 {staff} | 평가일 {date}",
    "급여 이체 | {kname} | {account} | 실지급액 {price}",
    "교육 이수 | {kname} | {rrn} | 특별안전교육 {n}시간 | 강사 {staff}",
    "차량 | {plate} | 운전자 {kname} | {mobile} | 반입 {time} / 반출 {time}",
    "설비 네트워크 | {equip} | {ip} | {mac} | VLAN {n3} | 담당 {given_h}",
)

IDS = (
    "신규 채용자 {kname} 주민등록번호 {rrn} 4대보험 취득신고 완료",
    "{foreign_ko} 외국인등록증 {frn} 사본 및 여권 {passport} 사본 인사팀 제출",
    "세금계산서 공급자 {company} ({brn}), 공급받는자 법인등록번호 {crn}",
    "{kname} 출장 여권번호 {passport}, 만료일 {date}",
    "{staff_with} 동행한 {foreign_ko} 씨 여권 {passport} 확인 완료",
    "하자보수 보증금 반환: {account} ({company})",
    "택배 반송지 {address} / 받는 분 {kname_h} / {mobile}",
    "정문 출입 차량 {plate} ({company}), 운전자 {kname} 연락처 {mobile}",
    "네트워크 차단 요청: 단말 MAC {mac}, IP {ip} — 보안 위반 ({kname})",
    "개인정보 정정: {kname}, 주민번호 {rrn} → 주소 변경 {address}",
    "퇴직금 지급 계좌 {account}, 수령인 {kname}",
    "본 계약서의 을: {company}, 사업자등록번호 {brn}, 주소 {address}, 대표자 {kname}",
    "공사 현장 대리인 {kname} ({mobile}), 현장 주소 {address}",
)

NEGATIVE = (
    "{noun} 결과 {meas}, {noun} {meas} — 규격 {std} 만족",
    "정밀도 {meas} 유지, 이송속도 {meas}로 하향 조정 후 {equip} 재가동",
    "김치냉장고 부품 박스 {qty} 입고, 검수 완료 ({date})",
    "최대하중 5톤, 조립 장비 한계치 초과 시 자동 정지 ({std})",
    "측정값 | #1 {meas} | #2 {meas} | #3 {meas} | 평균 {meas} | Cpk 1.{n}{n} | 판정 OK",
    "{ts} {equip} 상태: RUN, 사이클타임 {n}{n}.{n}s, 누적 {qty}",
    "도면 {dwg} / 자재 {sap} / LOT {lot} / 수량 {qty}",
    "S/N {serial} 모터 교체, 구 S/N {serial} 폐기",
    "펌웨어 {ver} → {ver} 업그레이드, 체크섬 {section}",
    "{section} 참조하여 {noun} 기준 재설정",
    "티칭 포인트 P{n3}: {coord}",
    "단가 변경: {price} → {price}, 적용 {date}",
    "{brand} 사양 확인 — {meas}, {meas}, 방수 {std}",
    "작업지시 {wo} 완료, 실적 {qty}, 불량 0",
    "{equip} 통신 주소 {section}, 모니터링 주기 {n}00 ms",
    "고객님 요청에 따라 {noun} 기준을 {meas}로 변경합니다",
    "반장님 부재 시 조장이 대신 승인, 공장장 지시사항 전달 완료",
    "과장님께 보고 후 {equip} 재가동, 이상 없음",
    "KS 인증 심사 {date} 예정: {std}, {std} 문서 준비",
    "Line {n} downtime {n}{n} min, MTBF {n}{n}{n} h, MTTR {n}.{n} h",
    "Torque spec {meas}, verified per {std}; drawing {dwg}",
    "Invoice total {price}, payment terms 60 days, incoterms FOB Busan",
    "PO {sap} qty {qty} ETA {date}, partial shipment allowed",
    "Lot {lot} passed {std} salt spray 96 h, no red rust",
    "시간대별 생산 | 08:00-10:00 {qty} | 10:00-12:00 {qty} | 13:00-15:00 {qty}",
    "{noun} 및 {noun} 이상 없음, {noun} 기록 완료",
    "이번 주 {noun} 일정: {date}~{date}, 담당 부서 {dept}",
    "문의: {dept} {ext}",
    "{equip} 레시피 {ver} 적용, 설정값 {meas} / {meas}",
    "Table 3.{n}.{n}.{n} torque values (N·m): M6 {n}.{n}, M8 2{n}, M10 4{n}",
    "KS D 3503 SS275 t{n} 판재 {qty}, 밀시트 No. {lot}",
    "입고 검사 AQL 1.0, 샘플 {n}{n}개 중 불량 0 — 합격",
    "조립 라인 {n}번 스테이션 체결 토크 {meas}, 장비 {brand}",
    "HDPE 파이프 PE100 SDR11 Ø{n}{n}0 {qty} 발주",
)

STYLES = ((MAINTENANCE, 0.16), (HANDOVER, 0.09), (CHAT, 0.06), (SIGNATURE, 0.07), (EIGHT_D, 0.08), (ENGLISH, 0.09),
          (MIXED, 0.07), (TABLE, 0.10), (IDS, 0.07), (NEGATIVE, 0.21))

# Hand-written lines, each used once. [[ENTITY:text]] marks a gold span; {slot} is filled as above.
FIXED = (
    "[[PERSON:홍길동]] 주임님께서 창고 정리 지시하심",
    "[[PERSON:김철수]]씨랑 [[PERSON:이영희]]씨는 내일 [[PLANT:화성3공장]] 출장",
    "[[PERSON:박민수]] 선생님 안전교육 자료 송부드립니다",
    "[[PERSON:최지영]]님께 결재 올렸습니다. 반려 시 [[PERSON:정대호]] 과장님께 재상신",
    "어제 [[PERSON:강수진]]이가 [[PERSON:조현우]]한테 인계함",
    "[[PERSON:윤서준]] 책임연구원, [[PERSON:장미란]] 수석연구원 공동 검토",
    "[[PERSON:임재혁]]·[[PERSON:서민호]]·[[PERSON:권혁준]] 3명 야간 투입",
    "[[PERSON:황보영수]] 공장장님 지시: 5S 점검 강화",
    "[[PERSON:남궁은비]] 대리가 [[COMPANY:대성정밀㈜]]에 전화함 ([[PHONE:055.287.3301]])",
    "[[PERSON:Michael Brown]] approved the deviation request for [[PART_NO:HDP-20431]].",
    "성명: [[PERSON:김OO]] | 연락처: [[PHONE:010-2231-8890]] | 비고: 협력사 상주",
    "작업자 [[PERSON:이○○]], [[PERSON:박○○]] 보호구 미착용 적발",
    "[[PERSON:정가람]] 씨 정밀도 측정 결과 이상 없음",
    "[[PERSON:조순자]] 여사님 식당 위탁 계약 연장",
    "[[PERSON:장보람]] 반장님은 장비 점검표 작성 중",
    "[[PERSON:한결]] 씨가 한계치 설정값 변경함",
    "[[PERSON:김 솔]] 사원 신규 배치 (조립 공정)",
    "[[PERSON:강태윤]] 님, 강도 시험 성적서 부탁드립니다",
    "[[PERSON:최말순]]씨 최대하중 초과 경고 무시 — 안전 교육 재실시",
    "[[PERSON:박덕배]] 기사님 박스 적재 작업 중 허리 부상",
    "[[PERSON:임다온]] 주임, 임시 가동 승인 요청",
    "[[PERSON:응우옌반훙]] 씨 비자 연장 서류 준비 ([[KR_FRN:{frn}]])",
    "[[PERSON:Nguyen Van Hung]] (베트남) 외국인등록번호 {frn}",
    "[[PERSON:바트바야르]]가 지게차 운전 자격 취득",
    "Please contact [[PERSON:Hans Müller]] ([[EMAIL:h.mueller@becker-gmbh.de]], [[PHONE:+49 711 4589 2210]]) for the PPAP.",
    "cc: [[PERSON:Olivia Chen]] <[[EMAIL:o.chen@hanwool.com]]>; [[PERSON:Kenji Tanaka]] <[[EMAIL:kenji.tanaka@outlook.com]]>",
    "From: [[PERSON:Sarah O'Neill]] Sent: Tuesday, March 4, 2025 9:12 AM To: [[PERSON:김철수]]",
    "Mr. [[PERSON:Park]] and Ms. [[PERSON:Lee]] from the Changwon team joined the audit.",
    "[[PERSON:Jung Ho-seok]] (QA Lead) signed the FAI report.",
    "담당: [[PERSON:Kim Ga-ram]] / [[EMAIL:garam.kim@daesung.co.kr]]",
    "[[COMPANY:(주) 대성정밀]] 품질팀 방문, [[COMPANY:한빛테크(주)]] 동행",
    "[[COMPANY:세진산업]]이랑 [[COMPANY:태광금속]]은 단가 동결",
    "[[COMPANY:DAESUNG PRECISION]] sent the CoC for [[PART_NO:HDP-00817]].",
    "[[COMPANY:우진엔지니어링]] 측 견적 [[COMPANY:신영하이텍]] 대비 12% 높음",
    "[[COMPANY:성우오토텍]]向 [[PRODUCT:에어리프트 AL3]] 30대 출하",
    "[[COMPANY:삼성전자]] 협력사 등록 심사 대비 ({std})",
    "[[PROJECT:블루웨일]]PJT 일정 2주 지연, [[PLANT:창원2공장]] 라인 세팅 완료",
    "[[PROJECT:Project Falcon]] gate review moved to Q3; [[PRODUCT:스마트밸브 SV-7]] EVT build at [[PLANT:창원 2공장]]",
    "[[PLANT:창원 제2공장]] 증설 부지 측량 완료",
    "[[PLANT:화성 3공장]] A동 2층 회의실",
    "[[PRODUCT:SV-7 스마트밸브]] 2세대 사양 검토",
    "[[PART_NO:HDP-45012]] Rev.B 도면 배포, 구 도면 [[PART_NO:HDP-45011]] 폐기",
    "P/N: [[PART_NO:HDP-33071]] | Q'ty 200 | Lot L250314",
    "HDPE 배관 교체 (HDP-1234 아님, 배관 규격 HDPE-100)",
    "휴대폰 [[PHONE:+82 10-4451-9032]] / 사무실 [[PHONE:(031)123-4567]] / 팩스 [[PHONE:031-123-4568]]",
    "HP. [[PHONE:010.3312.0947]]  FAX. [[PHONE:0505-221-3344]]",
    "연락처 [[PHONE:010 7781 2234]] (문자 부탁드립니다)",
    "tel: [[PHONE:+82-31-8015-2200]] ext. 231",
    "대표번호 [[PHONE:1588-7500]] 내선 3번",
    "[[PHONE:02)2026-5511]] 으로 전화 주세요",
    "긴급: [[PHONE:01098765432]]",
    "구 번호 [[PHONE:011-234-5678]] → 신 번호 [[PHONE:010-3234-5678]]",
    "주민등록번호 [[KR_RRN:{rrn}]] (본인 동의서 첨부)",
    "사업자 [[KR_BRN:{brn}]] / 법인 [[KR_CRN:{crn}]]",
    "Passport: [[KR_PASSPORT:M47120386]] (exp. 2031-05-11)",
    "여권 [[KR_PASSPORT:M512K3307]] 로 항공권 발권",
    "본사: [[ADDRESS:경상남도 창원시 성산구 공단로 474번길 23]] (우)51573",
    "(우 18101) [[ADDRESS:경기도 오산시 가장산업동로 68, 2층]] 자재팀 앞",
    "[[ADDRESS:서울시 금천구 가산동 60-18 한라시그마밸리 1102호]] 로 반품",
    "배송지: [[ADDRESS:Unit 5, 27 Industrial Park Road, Penang, Malaysia]]",
    "납품차량 [[VEHICLE_PLATE:경남 91사 3382]] 입차, 기사님 대기실 안내",
    "[[VEHICLE_PLATE:123가4567]] 과태료 고지서 ([[PERSON:박민수]] 차량)",
    "[[VEHICLE_PLATE:서울12가3456]] 구형 번호판 차량 주차 금지",
    "신한 [[BANK_ACCOUNT:110-482-557301]] 예금주 [[COMPANY:(주)대성정밀]]",
    "계좌: 카카오뱅크 [[BANK_ACCOUNT:3333-05-7712094]] [[PERSON:정대호]]",
    "[[URL:https://mes.daesung.co.kr/andon?line=3]] 화면 멈춤, [[IP_ADDRESS:10.20.3.41]] 재시작",
    "NAS \\\\[[IP_ADDRESS:192.168.1.200]]\\qa 접근 불가 (계정 qa01)",
    "게이트웨이 [[IP_ADDRESS:192.168.10.1]], 서브넷 255.255.255.0",
    "MAC [[MAC_ADDRESS:001a.2b3c.4d5e]] 포트 보안 등록",
    "AP 교체: 구 [[MAC_ADDRESS:AC-DE-48-00-11-22]] → 신 [[MAC_ADDRESS:ac:de:48:00:11:33]]",
    # hard negatives, hand-written
    "정밀도 0.005 mm, 이송속도 1,200 mm/min, 최대하중 2,000 kgf",
    "김치냉장고 도어 힌지 박스 120 EA 입고",
    "조립 장비 한계치 95% 도달, 장비 정지",
    "강도 520 MPa, 연신율 18%, 경도 HB 180",
    "이송 속도 변경 F300 → F250, 주축 S1800",
    "정상 가동, 조치 불필요. 이상 없음.",
    "한국산업표준 KS B 0161 표면 거칠기 기준 적용",
    "박리 시험 결과 박리강도 1.2 N/mm",
    "최종 검사 합격, 출하 승인 대기",
    "서류 미비로 통관 보류, B/L No. HDMU1234567",
    "신호등 점멸 시 작업 중지",
    "오전 8시 조회, 오후 5시 종례",
    "컨테이너 번호 TCLU 123456 7, 씰 번호 SL-884512",
    "IMEI 35-209900-176148-1 단말기 분실 신고",
    "좌표 X=120.500 Y=-35.250 Z=10.000 에서 충돌",
    "주문번호 2025031400158, 송장 6123-4587-2201",
    "검사성적서 No. 2025-0314-01, 시험일 2025.03.14",
    "운전 시간 08:00-17:00, 휴게 12:00-13:00",
    "전압 380 V ±10%, 주파수 60 Hz, 전류 12.5 A",
    "절연저항 500 MΩ 이상 (DC 500 V 메거)",
    "SAP 자재코드 000000001000234567, 저장위치 1010",
    "바코드 8801234567893 인식 불량",
    "KC 인증번호 R-R-ABC-MX200, 전파인증",
    "인증서 번호 KR-2024-0012345, 유효기간 2027.12.31",
    "IP67 등급 커넥터, IP20 단자대",
    "SW 4.2.1.17 설치, DB 스키마 12.0.3",
    "4.2.3.1항 및 7.1.5.2항에 따른 교정 관리",
    "타임스탬프 1741916130, 시퀀스 00012345",
    "모델명 M80201234, 시리얼 S24031501",
    "규격 100-200-300 (가로-세로-높이)",
    "사번 20190347 퇴근 미태깅",
    "내선 2345로 연락 바랍니다",
    "공장장 주관 안전 점검, 반장 이상 참석",
    "고객님, 기사님, 사장님 모두 만족",
    "MSDS No. 2024-11-07, CAS 7664-93-9",
    "팔레트 1200×1000×150, 적재 4단",
    "GPS 미수신 구역, 실내 측위 태그 T-0912",
)


def render(template: str, rng: Rng) -> LabelledLine:
    """One line of this set: the corpus's renderer over this set's ``SLOTS``."""
    return corpus_render(template, rng, SLOTS)


def build_heldout(seed: int = 20250317, lines: int = 1600) -> list[LabelledLine]:
    """Every hand-written line once, then template lines up to ``lines``, style by style in the ``STYLES`` shares."""
    rng = random.Random(seed)
    built = [render(template, rng) for template in FIXED]
    styles, weights = zip(*STYLES)
    while len(built) < lines:
        built.append(render(rng.choice(rng.choices(styles, weights)[0]), rng))
    return built


if __name__ == "__main__":
    describe(build_heldout(), 40, seed=1)
