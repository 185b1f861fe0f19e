"""Labelled Korean/English plant text for the redactor benchmark (``bench/anonymize.py``) and tests.

``build_corpus(n, seed)`` fills templates into ``n`` lines, each with its gold spans:
checksum-valid identifiers, people, lexicon terms, and hard negatives from plant text (lot,
part and drawing numbers, dates, measurements, standard numbers, equipment) that must stay
unlabelled. The same ``n`` and ``seed`` give the same lines.

Span convention: an identifier alone (a bank account's digits, not the bank's name); a
person's name without title or particle; a lexicon term with its legal form (㈜, (주),
주식회사, Co., Ltd.) and without a particle; an address from its first administrative area
to the building number and the unit or (동명) note after it.

Check digits are computed here, not with ``anonymize.identifiers``, so a wrong checksum in
the detector shows up as misses. Put the repository root before ``bench/`` on ``sys.path``:
``bench/anonymize.py`` would shadow the ``anonymize`` package otherwise.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import NamedTuple


class Gold(NamedTuple):
    start: int
    end: int
    entity: str


class LabelledLine(NamedTuple):
    text: str
    spans: tuple[Gold, ...]


Piece = tuple[str, str | None]  # (surface, entity or None for unlabelled text)
Rng = random.Random

# The company's lexicon, as its files would hold it.
COMPANIES = ("(주)대성정밀", "㈜대한정밀", "삼성전자", "주식회사 한빛테크", "동양기계(주)", "세진산업", "태광금속",
             "우진엔지니어링", "신영하이텍", "성우오토텍", "Hanwool Co., Ltd.", "Daesung Precision")
STAFF = ("홍길동", "김철수", "이영희", "박민수", "최지영", "정대호", "강수진", "조현우", "윤서준", "장미란", "임재혁",
         "서민호", "권혁준", "황보영수", "남궁은비", "Michael Brown")
PROJECTS = ("블루웨일", "Project Falcon")
PRODUCTS = ("스마트밸브 SV-7", "에어리프트 AL3")
PLANTS = ("창원2공장", "화성3공장")
PART_PATTERN = r"(?<![\w-])HDP-\d{5}(?![\w-])"


def lexicon_terms() -> list[tuple[str, str]]:
    """``(category, term)`` pairs of the benchmark lexicon; ``re:`` marks the part-number pattern."""
    groups = (("COMPANY", COMPANIES), ("PERSON", STAFF), ("PROJECT", PROJECTS), ("PRODUCT", PRODUCTS),
              ("PLANT", PLANTS), ("PART_NO", (f"re:{PART_PATTERN}",)))
    return [(category, term) for category, terms in groups for term in terms]


def lexicon():
    """The benchmark lexicon as an ``anonymize.lexicon.Lexicon``."""
    from anonymize.lexicon import Lexicon

    built = Lexicon()
    for category, term in lexicon_terms():
        built.add(term, category)
    return built


# --- check digits (independent of the detector) ---

def digits(rng: Rng, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _weighted(twelve: str) -> int:
    return sum(int(d) * w for d, w in zip(twelve, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)))


def _birth(rng: Rng) -> tuple[str, bool]:
    year = rng.randint(1955, 2005)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return f"{year % 100:02d}{month:02d}{day:02d}", year >= 2000


def resident_number(rng: Rng) -> str:
    birth, modern = _birth(rng)
    twelve = birth + rng.choice("34" if modern else "12") + digits(rng, 5)
    return twelve + str((11 - _weighted(twelve) % 11) % 10)


def foreigner_number(rng: Rng) -> str:
    """Foreigner registration number: office digits even, 7th after the gender digit 6-9, check (13 - s mod 11) mod 10."""
    birth, modern = _birth(rng)
    twelve = birth + rng.choice("78" if modern else "56") + digits(rng, 1) + f"{rng.randrange(0, 100, 2):02d}" \
        + digits(rng, 1) + rng.choice("6789")
    return twelve + str((13 - _weighted(twelve) % 11) % 10)


def corporate_number(rng: Rng) -> str:
    twelve = rng.choice(("110111", "134811", "124311", "194211", "284411", "160111")) + digits(rng, 6)
    total = sum(int(d) * (1 + i % 2) for i, d in enumerate(twelve))
    return twelve + str((10 - total % 10) % 10)


def business_number(rng: Rng) -> str:
    nine = f"{rng.randint(101, 899)}{rng.randint(1, 99):02d}" + digits(rng, 4)
    total = sum(int(d) * w for d, w in zip(nine, (1, 3, 7, 1, 3, 7, 1, 3, 5))) + int(nine[8]) * 5 // 10
    return nine + str((10 - total % 10) % 10)


def _hyphenate(number: str, rng: Rng, at: tuple[int, ...], plain_share: float) -> str:
    if rng.random() < plain_share:
        return number
    return "-".join(number[a:b] for a, b in zip((0, *at), (*at, None)))


# --- slots: each returns pieces of text with their entity ---

def _one(entity: str | None, make: Callable[[Rng], str]) -> Callable[[Rng], list[Piece]]:
    return lambda rng: [(make(rng), entity)]


def _pick(*choices: str) -> Callable[[Rng], str]:
    return lambda rng: rng.choice(choices)


def _josa(word: str, with_final: str, without_final: str) -> str:
    """The particle form that fits the last syllable (은/는, 이/가, 과/와)."""
    last = word[-1]
    has_final = "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0
    return with_final if has_final else without_final


SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ("민준", "서연", "지훈", "하은", "도윤", "지우", "현우", "수빈", "예준", "지민", "성민", "영호", "정훈", "미경",
         "은정", "상철", "동현", "재원", "혜진", "승우", "태희", "경수", "유진", "다은", "준호")
TITLES = ("과장", "부장", "차장", "대리", "주임", "반장", "팀장", "기사", "책임", "선임", "사원", "님", "씨")
EN_MEN = ("John", "Michael", "David", "James", "Robert")
EN_WOMEN = ("Jane", "Sarah", "Emily", "Laura", "Anna")
EN_LAST = ("Smith", "Doe", "Johnson", "Miller", "Davis", "Wilson", "Taylor", "Clark", "Lewis", "Walker")
RO_NAMES = ("Park Ji-hoon", "Kim Min-jun", "Lee Seo-yeon", "Choi Hyun-woo", "Jung Da-eun", "Kang Su-bin", "Yoon Jae-won")
AREA_CODES = ("031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055", "061", "062", "063", "064")


def korean_name(rng: Rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _titled(name: Callable[[Rng], str]) -> Callable[[Rng], list[Piece]]:
    def make(rng: Rng) -> list[Piece]:
        title = rng.choice(TITLES)
        gap = "" if title in ("님", "씨") or rng.random() < 0.2 else " "
        return [(name(rng), "PERSON"), (gap + title, None)]
    return make


def _korean_staff(rng: Rng) -> str:
    return rng.choice(STAFF[:-1])


def _with_particle(pieces: Callable[[Rng], list[Piece]], pairs=(("은", "는"), ("이", "가"), ("과", "와"))):
    def make(rng: Rng) -> list[Piece]:
        got = pieces(rng)
        word = "".join(surface for surface, _ in got)
        if rng.random() < 0.3 or not "가" <= word[-1] <= "힣":
            return [*got, (rng.choice(("에서", "의", "에", "측", "로부터")), None)]
        return [*got, (_josa(word, *rng.choice(pairs)), None)]
    return make


def company(rng: Rng) -> list[Piece]:
    """A lexicon company as text writes it: legal form before or after, spaced, or bare."""
    name = rng.choice(COMPANIES)
    if not re.search("[가-힣]", name):
        bare = name.split(" Co.")[0]
        return [(rng.choice((name, bare, bare.upper(), f"{bare} Inc.")), "COMPANY")]
    bare = re.sub(r"\(주\)|㈜|주식회사\s?", "", name)
    form = rng.choice((f"㈜{bare}", f"(주){bare}", f"주식회사 {bare}", f"{bare}(주)", f"(주) {bare}", bare, bare,
                       f"{bare[:2]} {bare[2:]}"))  # brand, then trade: 대성 정밀, 우진 엔지니어링
    return [(form, "COMPANY")]


def masked_name(rng: Rng) -> list[Piece]:
    mask = rng.choice(("OO", "○○", "**", "XX"))
    return [(rng.choice(SURNAMES) + mask, "PERSON"), (rng.choice(("님", " 대리", " 주임", " 반장")), None)]


def mobile(rng: Rng) -> str:
    a, b = digits(rng, 4), digits(rng, 4)
    return rng.choice((f"010-{a}-{b}", f"010-{a}-{b}", f"010 {a} {b}", f"010{a}{b}", f"010.{a}.{b}"))


def landline(rng: Rng) -> str:
    area = rng.choice(("02", *AREA_CODES))
    middle, last = str(rng.randint(2, 9)) + digits(rng, rng.choice((2, 3))), digits(rng, 4)
    return rng.choice((f"{area}-{middle}-{last}", f"{area}-{middle}-{last}", f"({area}) {middle}-{last}",
                       f"{area}){middle}-{last}", f"{area} {middle} {last}"))


def representative(rng: Rng) -> str:
    return rng.choice(("1588", "1544", "1577", "1566", "1600", "1644", "1661", "1670", "1800", "1833", "1899")) \
        + "-" + digits(rng, 4)


def safe_number(rng: Rng) -> str:
    return f"050{rng.randint(2, 8)}-{digits(rng, rng.choice((3, 4)))}-{digits(rng, 4)}"


def international(rng: Rng) -> str:
    a, b = digits(rng, 4), digits(rng, 4)
    return rng.choice((f"+82-10-{a}-{b}", f"+82 10 {a} {b}", f"+82-2-{a[:3]}-{b}", f"+82-55-{a}-{b}"))


def email(rng: Rng) -> str:
    user = rng.choice(("jhpark", "kim.minsu", "qa.team", "sales", "hong_gd", "lee.sy", "support", "m.brown"))
    return f"{user}@" + rng.choice(("daesung.co.kr", "hanbit-tech.com", "naver.com", "gmail.com", "dh-precision.kr",
                                    "sejin.co.kr"))


def ipv4(rng: Rng) -> str:
    return rng.choice((f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}."
                       f"{rng.randint(1, 254)}", f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"))


def url(rng: Rng) -> str:
    n = rng.randint(100, 99999)
    return rng.choice((f"https://mes.daesung.co.kr/lot/{n}", f"http://{ipv4(rng)}:8080/hmi", "www.hanbit-tech.com",
                       f"https://portal.sejin.co.kr/qa?id={n}", "http://scada.plant.local/trend", f"www.dh-precision.kr/p/{n}"))


def mac(rng: Rng) -> str:
    pairs = [f"{rng.randint(0, 255):02X}" for _ in range(6)]
    text = rng.choice((":", "-")).join(pairs)
    return text.lower() if rng.random() < 0.3 else text


_ROADS = (("경상남도", "경남", "창원시", ("성산구", "의창구"), ("공단로", "창원대로", "중앙대로", "팔용로")),
          ("서울특별시", "서울", "", ("강남구", "금천구", "구로구"), ("테헤란로", "디지털로", "가산로")),
          ("경기도", "경기", "화성시", ("",), ("동탄대로", "향남로", "봉담로")),
          ("부산광역시", "부산", "", ("강서구", "사상구"), ("녹산산업중로", "새벽로")),
          ("울산광역시", "울산", "", ("남구", "북구"), ("산업로", "테크노산업로")))


def address(rng: Rng) -> list[Piece]:
    full, short, city, districts, roads = rng.choice(_ROADS)
    number = str(rng.randint(1, 999)) + (f"-{rng.randint(1, 30)}" if rng.random() < 0.2 else "")
    road = rng.choice(roads)
    if rng.random() < 0.15:
        road += f"{rng.randint(10, 99)}번길"
    areas = [rng.choice((full, full, short)) if rng.random() < 0.8 else "", city, rng.choice(districts)]
    text = " ".join(a for a in (*areas, road, number) if a)
    if not areas[0] and not city and not areas[2]:
        text = f"{full} {text}"
    unit = rng.choice(("", "", "", ", 2층", " 101동 202호", " (성주동)"))
    return [(text + unit, "ADDRESS"), (rng.choice(("", "", " 자재창고")), None)]


_PLATE_LETTERS = "가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배하허호"


def plate(rng: Rng) -> str:
    head = str(rng.randint(10, 99)) if rng.random() < 0.6 else str(rng.randint(100, 399))
    letter, tail = rng.choice(_PLATE_LETTERS), digits(rng, 4)
    if rng.random() < 0.2:
        return f"{rng.choice(('서울', '경기', '부산', '경남'))}{head[:2]}{letter}{tail}"
    return rng.choice((f"{head}{letter} {tail}", f"{head}{letter}{tail}"))


def passport_old(rng: Rng) -> str:
    return rng.choice("MMMSR") + digits(rng, 8)


def passport_new(rng: Rng) -> str:
    return rng.choice("MMMSR") + digits(rng, 3) + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + digits(rng, 4)


_BANKS = (("국민은행", (6, 2, 6)), ("신한은행", (3, 3, 6)), ("우리은행", (4, 3, 6)), ("하나은행", (3, 6, 5)),
          ("농협", (3, 4, 4, 2)), ("기업은행", (3, 6, 2, 3)), ("카카오뱅크", (4, 2, 7)))


def bank_account(rng: Rng) -> list[Piece]:
    bank, shape = rng.choice(_BANKS)
    number = "-".join(digits(rng, n) for n in shape)
    form = rng.randrange(4)
    if form == 0:
        return [(f"{bank} ", None), (number, "BANK_ACCOUNT")]
    if form == 1:
        return [("계좌번호: ", None), (number, "BANK_ACCOUNT"), (f" ({bank})", None)]
    if form == 2:
        return [(f"{bank} 계좌 ", None), (number, "BANK_ACCOUNT")]
    return [("account no. ", None), (number, "BANK_ACCOUNT"), (f" ({bank})", None)]


# How people space the lexicon terms otherwise (the lexicon matches whatever the spacing).
SPACINGS = {"스마트밸브 SV-7": ("스마트 밸브 SV-7", "스마트밸브SV-7"), "에어리프트 AL3": ("에어 리프트 AL3", "에어리프트AL3"),
            "블루웨일": ("블루 웨일",), "창원2공장": ("창원 2공장",), "화성3공장": ("화성 3공장",)}


def _spaced_term(terms: tuple[str, ...], entity: str) -> Callable[[Rng], list[Piece]]:
    def make(rng: Rng) -> list[Piece]:
        term = rng.choice(terms)
        if rng.random() < 0.3 and term in SPACINGS:
            term = rng.choice(SPACINGS[term])
        return [(term, entity)]
    return make


# --- hard negatives: plant text that no detector should take ---

def lot(rng: Rng) -> str:
    number = f"25{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + digits(rng, 7)
    return rng.choice((f"LOT {number}", f"Lot#{number}", f"로트 {number}", f"LOT No. {number[:6]}-{number[6:]}"))


def barcode(rng: Rng) -> str:
    twelve = "880" + digits(rng, 9)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return twelve + str((10 - total % 10) % 10)


def serial(rng: Rng) -> str:
    return rng.choice((f"S/N M{rng.randint(2019, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
                       f"SN {rng.randint(10**9, 10**10 - 1)}", f"S/N SR{digits(rng, 8)}"))


def measure(rng: Rng) -> str:
    return rng.choice((f"{rng.randint(1, 99)}.{rng.randint(0, 9)} mm", f"0.0{rng.randint(1, 9)}mm", f"{rng.randint(1, 9)}.{rng.randint(0, 9)} bar",
                       f"{rng.randint(1, 9)},{rng.randint(100, 999)} kg", "4-20 mA", "24 VDC", "380V 60Hz", f"Ø{rng.randint(10, 80)}.4",
                       f"{rng.randint(40, 250)} ℃", f"{rng.randint(60, 95)} dB", f"{rng.randint(90, 99)}.{rng.randint(0, 9)}%"))


def date(rng: Rng) -> str:
    y, m, d = rng.randint(2023, 2026), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((f"{y}-{m:02d}-{d:02d}", f"{y}.{m:02d}.{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{y % 100}.{m:02d}.{d:02d}",
                       f"{y}년 {m}월 {d}일", f"{y}.{m:02d}.{d:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"))


SLOTS: dict[str, Callable[[Rng], list[Piece]]] = {
    "rrn": _one("KR_RRN", lambda rng: _hyphenate(resident_number(rng), rng, (6,), 0.15)),
    "frn": _one("KR_FRN", lambda rng: _hyphenate(foreigner_number(rng), rng, (6,), 0.15)),
    "crn": _one("KR_CRN", lambda rng: _hyphenate(corporate_number(rng), rng, (6,), 0.0)),
    "brn": _one("KR_BRN", lambda rng: _hyphenate(business_number(rng), rng, (3, 5), 0.1)),
    "mobile": _one("PHONE", mobile), "landline": _one("PHONE", landline), "rep": _one("PHONE", representative),
    "voip": _one("PHONE", lambda rng: f"070-{digits(rng, 4)}-{digits(rng, 4)}"), "safe": _one("PHONE", safe_number),
    "intl": _one("PHONE", international), "email": _one("EMAIL", email), "url": _one("URL", url),
    "ip": _one("IP_ADDRESS", ipv4), "mac": _one("MAC_ADDRESS", mac), "address": address, "plate": _one("VEHICLE_PLATE", plate),
    "passport_old": _one("KR_PASSPORT", passport_old), "passport_new": _one("KR_PASSPORT", passport_new),
    "account": bank_account, "company": company, "company_josa": _with_particle(company),
    "staff": _one("PERSON", _korean_staff), "staff_titled": _titled(_korean_staff),
    "staff_josa": _with_particle(lambda rng: [(_korean_staff(rng), "PERSON"), (rng.choice(("님", "")), None)]),
    "name": _one("PERSON", korean_name), "name_titled": _titled(korean_name),
    "name_josa": _with_particle(lambda rng: [(korean_name(rng), "PERSON")], (("이", "가"), ("은", "는"))),
    "masked": masked_name, "surname": _one("PERSON", lambda rng: rng.choice(SURNAMES)),
    "en_name": _one("PERSON", lambda rng: f"{rng.choice(EN_MEN + EN_WOMEN)} {rng.choice(EN_LAST)}"),
    "en_man": _one("PERSON", lambda rng: f"{rng.choice(EN_MEN)} {rng.choice(EN_LAST)}"),
    "en_woman": _one("PERSON", lambda rng: f"{rng.choice(EN_WOMEN)} {rng.choice(EN_LAST)}"),
    "ro_name": _one("PERSON", _pick(*RO_NAMES)), "en_staff": _one("PERSON", _pick(STAFF[-1])),
    "part": _one("PART_NO", lambda rng: f"HDP-{digits(rng, 5)}"), "project": _spaced_term(PROJECTS, "PROJECT"),
    "product": _spaced_term(PRODUCTS, "PRODUCT"), "plant": _spaced_term(PLANTS, "PLANT"),
    "lot": _one(None, lot), "barcode": _one(None, barcode), "serial": _one(None, serial), "measure": _one(None, measure),
    "date": _one(None, date), "time": _one(None, lambda rng: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"),
    "qty": _one(None, lambda rng: f"{rng.randint(1, 5000):,}"),
    "drawing": _one(None, lambda rng: f"DWG-{rng.randint(1000, 9999)}-{rng.choice('ABC')}"),
    "part_neg": _one(None, lambda rng: rng.choice((f"DS-{rng.randint(1000, 9999)}", f"P/N {rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                                                   f"HX-{rng.randint(1000, 9999)}B", "SUS304", "M8x1.25", f"BRG-{rng.randint(6200, 6310)}ZZ"))),
    "standard": _one(None, _pick("KS B 0001", "KS C IEC 60204-1", "ISO 9001:2015", "ISO 14001", "IATF 16949", "IEC 61131-3",
                                 "ASME B31.3", "JIS B 1180", "KS B ISO 4017")),
    "equipment": _one(None, lambda rng: rng.choice((f"CNC {rng.randint(1, 12)}호기", f"사출기 {rng.randint(1, 9)}호기", f"프레스 #{rng.randint(1, 9)}",
                                                    f"컨베이어 C-{rng.randint(1, 30)}", f"로봇 R-{rng.randint(1, 20):02d}", f"공조기 AHU-{rng.randint(1, 9)}",
                                                    f"냉각탑 CT-{rng.randint(1, 4)}", f"{rng.randint(1, 5)}라인 용접기"))),
    "version": _one(None, lambda rng: f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}"),
    "rpm": _one(None, lambda rng: f"{rng.choice((1500, 1600, 1800))}-{rng.choice((1800, 1900, 2400))} rpm"),
    "order": _one(None, lambda rng: rng.choice((f"WO-2025-{digits(rng, 5)}", f"PO {4500000000 + rng.randint(0, 99999)}"))),
    "n": _one(None, lambda rng: str(rng.randint(1, 9))),
}

POSITIVE = (
    # people and companies
    "{date} {equipment} 점검 완료, 담당 {name_titled} ({mobile})",
    "작업자: {name}, 연락처 {mobile}",
    "담당자 {name} / 검사자 {name}",
    "{name}({mobile}) 조치",
    "{name_josa} {equipment} 유압유 교체함",
    "금일 야간 근무 {name}, {name} 2명 투입",
    "{staff_josa} {equipment} 베어링 교체 완료",
    "{staff_titled} 요청으로 {lot} 재검사",
    "{company_josa} 납품한 {part} 불량 {qty}개 발견, {staff_titled} 확인",
    "{company_josa} {date}까지 시정조치 회신 예정",
    "거래처 {company} 담당 {name_titled} 전화 {landline}",
    "{company} {name_titled}에게 {part_neg} 도면 송부",
    "{masked} 요청으로 {equipment} 가동 중지",
    "{surname} 과장에게 보고 후 {equipment} 재가동",
    "{staff} 퇴사, 후임 {name_titled}",
    "{project} 프로젝트 {plant} 양산 이관 일정 협의 ({staff_titled})",
    "{product} 시제품 {qty}대 {company} 앞으로 출하",
    "{plant} {equipment} 설비 이설, {company} 시공",
    "품번 {part} 단가 인상 요청 ({company})",
    "{part} 대체품으로 {part_neg} 검토",
    # contact details
    "고객센터 {rep} / 팩스 {landline}",
    "인터넷전화 {voip}, 안심번호 {safe}",
    "{company} 대표번호 {landline}, 담당 {name} {mobile}",
    "협력사 대표 메일 {email}, 홈페이지 {url}",
    "보고서는 {email}로 회신 바랍니다",
    "MES 접속 주소 {url} (계정 문의 {staff_titled})",
    "PLC {ip} 통신 이상, 게이트웨이 {ip} 재부팅",
    "HMI 패널 MAC {mac} 교체 등록, IP {ip}",
    "비전 검사기 {ip} 응답 없음 {date}",
    "긴급 연락처: {mobile} ({staff})",
    # identifiers
    "주민등록번호: {rrn}",
    "신규 입사자 {name} 주민번호 {rrn} 보험 신고",
    "외국인등록번호 {frn} 확인 후 출입증 발급",
    "외국인 근로자 출입증: {frn}, 비자 만료 {date}",
    "사업자등록번호 {brn} / 법인등록번호 {crn}",
    "세금계산서 발행: {company}, 사업자번호 {brn}",
    "{company} 법인번호 {crn} 등기부 첨부",
    "본사 주소: {address}",
    "납품처 {address}, 하차 {time}",
    "{company} 공장 {address} 방문 예정",
    "납품 차량 {plate} 입고 {time}",
    "화물차 {plate} 기사 {mobile}",
    "출장자 {name} 여권번호 {passport_old}",
    "여권 {passport_new}, 비자 발급 대기",
    "대금 입금 {account}",
    "협력사 지급 계좌 {account} 예금주 {company}",
    "환불 {account} 처리 완료 ({staff})",
    # English
    "Mr. {en_man} from {company} visited Line 3 on {date}.",
    "Ms. {en_woman} confirmed the PO, tel. {intl}",
    "Leak test inspected by {en_name}, result OK ({measure}).",
    "Contact {en_name} at {email} or {intl}.",
    "reported by {ro_name}: abnormal noise on {equipment}",
    "Approved by {en_staff} on {date}, ref {drawing}",
    "Passport no. {passport_new}, holder {ro_name}",
    "passport {passport_old} (visitor pass {date})",
    "Ship to: {address}, attn {en_name}",
    "Server {ip} (MAC {mac}) rebooted by {en_name}",
    "Bank account: {account}",
    "Dr. {en_name} reviewed the {standard} audit plan",
    "{en_name} replaced the seal on {equipment}",
    "Vendor {company} BRN {brn}, website {url}",
)

NEGATIVE = (
    "{lot} 생산분 외관 검사 합격",
    "{lot} 출하 보류, 재검사 예정",
    "도면 {drawing} 개정, 부품 {part_neg} 치수 변경 {measure}",
    "{standard}에 따라 {equipment} 정기 검사",
    "제어 회로 {n}번 차단기 트립, 리셋 후 정상",
    "제어 회로 2번 점검 결과 이상 없음",
    "고객님 요청사항: 포장 단위 {qty}개로 변경",
    "{date} {equipment} 가동률 {measure}",
    "회전수 {rpm} 구간 진동 {measure}",
    "바코드 {barcode} 스캔 오류",
    "{serial} 모터 교체",
    "펌웨어 버전 {version} 업데이트 후 {equipment} 정상",
    "{n}라인 {equipment} 정상 작동, 이상 없음",
    "Checked by Quality Control, approved by Plant Manager",
    "ISO 9001 심사 대비 문서 정리",
    "주간 보고: 전원 차단 후 안전 교육 실시",
    "작업지시 {order} 완료, 수량 {qty}",
    "{date} 정기점검 결과 이상 없음",
    "금형 #{n} 타수 {qty}회 도달",
    "온도 {measure}, 압력 {measure}",
    "{equipment} 통로 {n}구역 적재 금지",
    "Torque {measure} per {standard}, {part_neg} OK",
    "Line {n} OEE {measure} on {date}",
    "고객사 감사 {date} {time}, {standard} 기준",
    "사장님 지시사항 전달: 5S 점검 강화",
    "기사님 도착 예정 {time}",
    "{part_neg} 재고 {qty}개, {drawing} 참조",
    "정상 가동 중, 조치 사항 없음",
)

_MARK = re.compile(r"\{(\w+)\}|\[\[([A-Z_]+):(.+?)\]\]")


def render(template: str, rng: Rng, slots: dict | None = None) -> LabelledLine:
    """One line: ``{slot}`` filled from ``slots`` (default ``SLOTS``) with the gold spans it gives,
    ``[[ENTITY:text]]`` as a gold span written in the template (slots allowed inside)."""
    slots = SLOTS if slots is None else slots
    text: list[str] = []
    spans: list[Gold] = []
    position = 0

    def emit(surface: str, entity: str | None) -> None:
        nonlocal position
        if entity and surface:
            spans.append(Gold(position, position + len(surface), entity))
        text.append(surface)
        position += len(surface)

    cursor = 0
    for match in _MARK.finditer(template):
        emit(template[cursor:match.start()], None)
        if match.group(1):
            for surface, entity in slots[match.group(1)](rng):
                emit(surface, entity)
        else:
            inner = _MARK.sub(lambda m: "".join(s for s, _ in slots[m.group(1)](rng)), match.group(3))
            emit(inner, match.group(2))
        cursor = match.end()
    emit(template[cursor:], None)
    return LabelledLine("".join(text), tuple(spans))


def build_corpus(lines: int = 5000, seed: int = 20250106, negative_share: float = 0.3) -> list[LabelledLine]:
    """``lines`` labelled lines; about ``negative_share`` of them hold only hard negatives."""
    rng = random.Random(seed)
    return [render(rng.choice(NEGATIVE if rng.random() < negative_share else POSITIVE), rng) for _ in range(lines)]


def marked(line: LabelledLine) -> str:
    """The line with each gold span written as [ENTITY:text]."""
    out, position = [], 0
    for span in sorted(line.spans):
        out += [line.text[position:span.start], f"[{span.entity}:{line.text[span.start:span.end]}]"]
        position = span.end
    return "".join(out) + line.text[position:]


def check(lines: list[LabelledLine]) -> None:
    """Offsets in range, no empty or space-edged spans, no overlaps; raises AssertionError otherwise."""
    for line in lines:
        last = 0
        for span in sorted(line.spans):
            surface = line.text[span.start:span.end]
            assert 0 <= span.start < span.end <= len(line.text), line
            assert surface == surface.strip() and surface, (surface, line.text)
            assert span.start >= last, ("overlap", line.text)
            last = span.end


def describe(lines: list[LabelledLine], samples: int, seed: int) -> None:
    """Print a labelled set's counts per entity and a sample of its lines with the gold spans marked."""
    from collections import Counter

    check(lines)
    counts = Counter(span.entity for line in lines for span in line.spans)
    print(f"{len(lines):,} lines ({sum(1 for line in lines if not line.spans):,} without spans), "
          f"{sum(counts.values()):,} spans: {dict(counts.most_common())}")
    for line in random.Random(seed).sample(lines, min(samples, len(lines))):
        print(" ", marked(line))
