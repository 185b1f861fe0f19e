"""A fresh labelled set for the redactor benchmark, written without reading the detectors.

Written without opening ``anonymize/`` (the detector code), its tests or
``bench/anonymize.py``; only ``bench/anonymize_corpus.py`` (types, lexicon, check digits,
renderer) was read, and ``bench/anonymize_heldout.py`` only for how it builds lines. Templates,
names and styles are new: CMMS work-order comments, meeting minutes with attendee lists,
visitor/contractor access logs, safety incident reports, training and certification rosters,
KakaoTalk/Slack chat exports, VOC tickets, purchase orders and invoices, HR notices, delivery
notes, English 8D/CAPA mails with signatures and cc lists, SDS emergency-contact sections,
calibration certificates, code-switched Korean/English, road-name, lot-number (지번) and
English-order Korean addresses, accounts with and without a bank name, phones in many formats (an
extension such as ``내선 2345`` is not a phone).

``build_fresh(seed, lines)`` returns ``lines`` labelled lines drawn style by style; about a
quarter hold only hard negatives (lot, serial, drawing, SAP and work-order numbers, dates,
timestamps, measurements, tolerances, standards, IP-shaped firmware versions, section
numbers, coordinates, prices, rpm ranges, extensions, and common nouns that begin with a
surname syllable: 정밀도, 이송속도, 안정성, 정비사, 조정값 ...). The same arguments give the
same lines.

Span convention (as in the corpus): an identifier alone (an account's digits, not the bank);
a person's name without title, honorific or particle (a masked ``김OO`` is a name, and so is
the bare surname in ``김 과장``); a lexicon term with its legal form and without a particle;
an address from its first administrative area (시/도 or 시/군/구) to the building or lot
number and the unit or (동명) note after it; an English-order Korean address from the
building number to the province.

    .venv/bin/python bench/anonymize_fresh.py          # print a sample with the gold spans marked
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

Piece = tuple[str, str | None]
Rng = random.Random
Slot = Callable[[Rng], list[Piece]]

__all__ = ["Gold", "LabelledLine", "build_fresh", "lexicon"]


_d = digits
def _one(entity: str | None, make: Callable[[Rng], str]) -> Slot:
    return lambda rng: [(make(rng), entity)]


def _any(*choices: str) -> Callable[[Rng], str]:
    return lambda rng: rng.choice(choices)


# --- people ---

_SURNAME_WEIGHTS = (("김", 21), ("이", 14), ("박", 8.5), ("최", 4.7), ("정", 4.4), ("강", 2.4), ("조", 2.1), ("윤", 2.1),
                    ("장", 2), ("임", 1.7), ("한", 1.5), ("오", 1.5), ("서", 1.5), ("신", 1.4), ("권", 1.4), ("황", 1.4),
                    ("안", 1.3), ("송", 1.3), ("전", 1.1), ("홍", 1.1), ("유", 1), ("고", 0.9), ("문", 0.9), ("양", 0.9),
                    ("손", 0.9), ("배", 0.8), ("백", 0.8), ("허", 0.6), ("노", 0.6), ("심", 0.6), ("하", 0.5), ("곽", 0.4),
                    ("성", 0.4), ("차", 0.4), ("주", 0.4), ("우", 0.4), ("구", 0.4), ("류", 0.3), ("나", 0.3), ("진", 0.3),
                    ("민", 0.3), ("엄", 0.3), ("채", 0.3), ("원", 0.3), ("천", 0.2), ("방", 0.2), ("공", 0.2), ("현", 0.2),
                    ("함", 0.2), ("변", 0.2), ("염", 0.2), ("여", 0.2), ("추", 0.2), ("도", 0.2), ("소", 0.1), ("석", 0.1),
                    ("봉", 0.1), ("경", 0.1), ("피", 0.1), ("남궁", 0.4), ("황보", 0.4), ("선우", 0.4), ("제갈", 0.2),
                    ("독고", 0.1), ("서문", 0.1))
_SURNAMES, _WEIGHTS = zip(*_SURNAME_WEIGHTS)
# Older and younger generations; a few one-syllable given names at the end.
GIVEN_NAMES = ("영자", "순옥", "복순", "금순", "점례", "정애", "현숙", "명희", "향숙", "경희", "은숙", "혜숙", "미정", "영미",
               "선희", "옥순", "영철", "용호", "종수", "만석", "태식", "봉수", "길수", "창호", "병욱", "재근", "호철", "진수",
               "석진", "경태", "문식", "형준", "정민", "기현", "상민", "종훈", "대현", "승철", "국진", "광호", "서윤", "지아",
               "하윤", "수아", "채은", "아린", "이서", "유나", "시아", "소율", "예서", "윤서", "지호", "은우", "이안", "로운",
               "시윤", "유찬", "태오", "준서", "하준", "지한", "승민", "현준", "민성", "동건", "태민", "규현", "진영", "소연",
               "지혜", "보영", "수정", "민지", "은지", "예지", "다혜", "나은", "재희", "우석", "한솔", "새롬", "아름", "누리",
               "진", "욱", "웅", "혁", "란", "빈")
TWO_SYLLABLE = tuple(g for g in GIVEN_NAMES if len(g) == 2)
# Foreign workers as Korean paperwork writes them (Vietnam, Nepal, Uzbekistan, Indonesia, Philippines, Thailand,
# Cambodia, Mongolia, Sri Lanka), and the same people in Latin letters.
WORKERS_KO = ("팜반떤", "레티홍", "도반남", "호앙티마이", "응웬꽁투안", "람 바하두르 구룽", "수만 타파", "비노드 라이",
              "아지즈 라히모프", "딜쇼드 카리모프", "자수르 토시예프", "아궁 수산토", "데위 릿나와티", "마리아 산토스",
              "조엘 델라크루스", "솜차이 분마", "니파폰 차이왓", "속 피룸", "간바트 바야르사이한", "니말 페레라")
WORKERS_EN = ("Pham Van Tan", "Le Thi Hong", "Do Van Nam", "Ram Bahadur Gurung", "Suman Thapa", "Aziz Rakhimov",
              "Dilshod Karimov", "Agung Susanto", "Dewi Ritnawati", "Maria Santos", "Joel Dela Cruz", "Somchai Boonma",
              "Sok Pirom", "Nimal Perera")
INTERNATIONAL = ("José Hernández", "Zoë Clarke", "Łukasz Nowak", "François Dubois", "Søren Kjær", "Chloé Martin",
                 "Jürgen Schmidt", "Ana Gonçalves", "Björn Eriksson", "Siobhán Murphy", "Mateo García", "Ingrid Halvorsen",
                 "Raj Patel", "Fatima Al-Sayed", "Kwame Mensah", "Hiroshi Nakamura", "Oksana Kovalenko", "Tomáš Novák",
                 "Ewa Wiśniewska", "Greg O'Brien", "Ricardo Álvarez", "Amélie Laurent", "Nathan Brooks", "Rachel Kim-Weber")
_RO_SURNAMES = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin",
                "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon", "Ko", "Moon", "Bae", "Namgung", "Sunwoo")
_RO_GIVEN = ("Ji-hoon", "Seo-yeon", "Min-seok", "Hye-jin", "Dong-wook", "Eun-ji", "Sung-ho", "Young-mi", "Tae-yang",
             "Soo-min", "Jae-hyun", "Ha-neul", "Kyung-soo", "Na-rae", "Woo-jin", "Yu-na", "Sang-hoon", "Bo-ra", "Chan-ho")
TITLES = ("과장", "차장", "부장", "대리", "주임", "사원", "책임", "선임", "수석", "파트장", "팀장", "반장", "조장", "직장",
          "기사", "프로", "매니저", "엔지니어", "연구원", "실장", "상무", "공장장", "소장", "계장", "보건관리자")
STAFF_KO = tuple(s for s in STAFF if re.search("[가-힣]", s))


def kname(rng: Rng) -> str:
    surname = rng.choices(_SURNAMES, _WEIGHTS)[0]
    return surname + rng.choice(GIVEN_NAMES)


def korean(rng: Rng) -> str:
    """Anyone with a Korean-script name: staff, another employee, a foreign worker."""
    roll = rng.random()
    return rng.choice(STAFF_KO) if roll < 0.22 else kname(rng) if roll < 0.92 else rng.choice(WORKERS_KO)


def romanized(rng: Rng) -> str:
    s, g = rng.choice(_RO_SURNAMES), rng.choice(_RO_GIVEN)
    a, b = g.split("-")
    return rng.choice((f"{a}{b.lower()} {s}", f"{s.upper()} {g}", f"{s} {g}", f"{a[0]}. {b[0].upper()}. {s}",
                       f"{a}-{b.capitalize()} {s}", f"{a[0]}.{b[0].upper()}. {s}"))


def western(rng: Rng) -> str:
    roll = rng.random()
    return rng.choice(INTERNATIONAL) if roll < 0.55 else romanized(rng) if roll < 0.85 else \
        rng.choice(WORKERS_EN) if roll < 0.95 else "Michael Brown"


def _suffix(name: str, rng: Rng) -> str:
    roll = rng.random()
    if roll < 0.45:
        title = rng.choice(TITLES)
        after = rng.choice(("", "", "님", "님이", "님께", "님께서", "의", _josa(title, "이", "가"), _josa(title, "은", "는")))
        return rng.choice((" ", " ", "")) + title + after
    if roll < 0.65:
        return rng.choice((" 씨", "씨", "님", " 님")) + rng.choice(("", "가", "는", "께서", "에게", "도", "의"))
    if roll < 0.9:
        return _josa(name, *rng.choice((("이", "가"), ("은", "는"), ("을", "를"), ("과", "와"))))
    return rng.choice(("에게", "한테", "의", "도", "께서", " 외 3명"))


def person_h(rng: Rng) -> list[Piece]:
    name = korean(rng)
    return [(name, "PERSON"), (_suffix(name, rng), None)]


def given_alone(rng: Rng) -> list[Piece]:
    given = rng.choice(TWO_SYLLABLE)
    if _josa(given, "1", "") and rng.random() < 0.3:  # 지혜야, 석진이가
        return [(given, "PERSON"), ("이" + rng.choice(("가", "는", "한테", "도")), None)]
    return [(given, "PERSON"), (rng.choice((" 씨", "씨", "님", " 님", "씨가", "님이", " 씨한테", "님도")), None)]


def surname_titled(rng: Rng) -> list[Piece]:
    surname = rng.choices(_SURNAMES[:30], _WEIGHTS[:30])[0]
    title = rng.choice(TITLES)
    return [(surname, "PERSON"), (" " + title + rng.choice(("", "님", "님께", "한테", _josa(title, "이", "가"))), None)]


def masked(rng: Rng) -> list[Piece]:
    s, g = rng.choices(_SURNAMES[:30], _WEIGHTS[:30])[0], rng.choice(TWO_SYLLABLE)
    text = rng.choice((f"{s}OO", f"{s}ㅇㅇ", f"{s}○○", f"{s}*{g[1]}", f"{s}X{g[1]}", f"{s}{g[0]}*", f"{s}**"))
    return [(text, "PERSON"), (rng.choice(("", " 님", "님", " 사원", "(남)", "(여)")), None)]


# --- contact details and identifiers ---

_AREAS = ("02", "031", "032", "033", "041", "043", "051", "052", "053", "054", "055", "061", "063")


def mobile(rng: Rng) -> str:
    a, b = _d(rng, 4), _d(rng, 4)
    return rng.choice((f"010-{a}-{b}", f"010-{a}-{b}", f"010.{a}.{b}", f"010 {a} {b}", f"(010){a}-{b}", f"010{a}{b}",
                       f"+82 10-{a}-{b}", f"+82-10-{a}-{b}", f"+82 (0)10 {a} {b}", f"+8210{a}{b}", f"010 - {a} - {b}"))


def tel(rng: Rng) -> str:
    area = rng.choice(_AREAS)
    mid, last = str(rng.randint(2, 9)) + _d(rng, rng.choice((2, 3))), _d(rng, 4)
    return rng.choice((f"{area}-{mid}-{last}", f"{area}-{mid}-{last}", f"({area}) {mid}-{last}", f"{area}.{mid}.{last}",
                       f"{area} {mid} {last}", f"{area}){mid}-{last}", f"+82-{area[1:]}-{mid}-{last}",
                       f"+82 {area[1:]} {mid} {last}"))


def phone(rng: Rng) -> str:
    roll = rng.random()
    if roll < 0.88:
        return mobile(rng) if roll < 0.55 else tel(rng)
    return rng.choice((f"{rng.choice(('1577', '1644', '1522', '1855'))}-{_d(rng, 4)}", f"070-{_d(rng, 4)}-{_d(rng, 4)}",
                       f"070.{_d(rng, 4)}.{_d(rng, 4)}", f"0507-{_d(rng, 4)}-{_d(rng, 4)}"))


def world_phone(rng: Rng) -> str:
    roll = rng.random()
    if roll < 0.5:
        return rng.choice((f"+82 10 {_d(rng, 4)} {_d(rng, 4)}", f"+82-31-{rng.randint(200, 999)}-{_d(rng, 4)}",
                           f"+82 55 {rng.randint(200, 999)} {_d(rng, 4)}"))
    return rng.choice((f"+1 (248) 555-01{_d(rng, 2)}", f"+49 89 {_d(rng, 4)} {_d(rng, 4)}", f"+84 28 {_d(rng, 4)} {_d(rng, 4)}",
                       f"+86 21 {_d(rng, 4)} {_d(rng, 4)}", f"+81 3-{_d(rng, 4)}-{_d(rng, 4)}",
                       f"+48 22 {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}"))


def extension(rng: Rng) -> str:
    n = rng.randint(1000, 8999)
    return rng.choice((f"내선 {n}", f"(내선 {n})", f"ext. {n % 1000}", f"x{n}", f"구내 {n}", f"내선{n}"))


_USERS = ("qa-team", "sqe+8d", "cs_center", "calib.lab", "hr01", "purchase.kr", "sds-info", "wo.notify", "visit.desk",
          "j.hernandez", "l.nowak", "nb.quality", "capa", "yuna.lee", "jihoon.park", "mh_choi", "seyeon.k")
_DOMAINS = ("hanbit-tech.com", "daesung.co.kr", "sejin-ind.co.kr", "taekwang-metal.kr", "wjeng.co.kr", "hanwool.com",
            "syhitech.com", "gmail.com", "naver.com", "daum.net", "kakao.com", "outlook.com", "hanmail.net")


def email(rng: Rng) -> str:
    text = f"{rng.choice(_USERS)}@{rng.choice(_DOMAINS)}"
    return text.upper() if rng.random() < 0.05 else text


def ipv4(rng: Rng) -> str:
    b = rng.randint
    return rng.choice((f"10.{b(0, 255)}.{b(0, 255)}.{b(1, 254)}", f"192.168.{b(0, 99)}.{b(1, 254)}",
                       f"172.{b(16, 31)}.{b(0, 255)}.{b(1, 254)}",
                       f"{rng.choice((211, 59, 121, 203))}.{b(0, 255)}.{b(0, 255)}.{b(1, 254)}"))


def url(rng: Rng) -> str:
    n, dom = rng.randint(100, 99999), rng.choice(_DOMAINS[:7])
    return rng.choice((f"https://gw.{dom}/approval/doc/{n}", f"http://{ipv4(rng)}:8080/cmms/wo/{n}", f"www.{dom}/support",
                       f"https://cmms.{dom}/wo?id={n}", "https://drive.google.com/file/d/1aB3xYzQ/view",
                       f"https://open.kakao.com/o/g{n}Ab", f"http://msds.{dom}/sds/TK-{n}.pdf", f"https://{dom}/visit/{n}"))


def mac(rng: Rng) -> str:
    pairs = [f"{rng.randint(0, 255):02X}" for _ in range(6)]
    roll = rng.random()
    if roll < 0.2:
        text = ".".join("".join(pairs[i:i + 2]) for i in (0, 2, 4))
    else:
        text = (":" if roll < 0.65 else "-").join(pairs)
    return text.lower() if rng.random() < 0.4 else text


def plate(rng: Rng) -> str:
    letter, tail = rng.choice("가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주하허호바사아자배"), _d(rng, 4)
    roll = rng.random()
    if roll < 0.35:
        return f"{rng.randint(10, 99)}{letter} {tail}"
    if roll < 0.6:
        return f"{rng.randint(100, 399)}{letter}{tail}"
    if roll < 0.8:
        return f"{rng.randint(100, 399)}{letter} {tail}"
    region = rng.choice(("경기", "충북", "경북", "전북", "대전", "울산", "인천"))
    head = f"{rng.randint(70, 99)}{rng.choice('바사아자배')}"  # commercial plates with the old region prefix
    return rng.choice((f"{region} {head} {tail}", f"{region}{head}{tail}"))


def _hyphen(number: str, at: tuple[int, ...], rng: Rng, plain: float) -> str:
    if rng.random() < plain:
        return number
    return "-".join(number[a:b] for a, b in zip((0, *at), (*at, None)))


# --- addresses ---

_ROAD_AREAS = (  # (province forms, city/district, roads, 동명 note or "")
    (("충청북도", "충북"), "음성군 대소면", ("대금로", "삼양로"), ""),
    (("경기도",), "이천시 부발읍", ("경충대로", "황무로"), ""),
    (("경상북도", "경북"), "포항시 남구", ("철강로", "괴동로"), "(괴동동)"),
    (("전북특별자치도", "전라북도", "전북"), "군산시", ("자유로", "외항로"), "(소룡동)"),
    (("대전광역시", "대전"), "유성구", ("테크노2로", "대덕대로"), "(관평동)"),
    (("세종특별자치시", "세종시"), "", ("한누리대로", "조치원로"), "(나성동)"),
    (("울산광역시", "울산"), "동구", ("방어진순환도로", "봉수로"), "(전하동)"),
    (("경상남도", "경남"), "거제시", ("거제대로", "옥포대로"), "(옥포동)"),
    (("충청남도", "충남"), "당진시 송악읍", ("부곡로", "복운로"), ""),
    (("부산광역시", "부산"), "기장군 장안읍", ("장안산단로", "반룡로"), ""),
    (("인천광역시", "인천"), "서구", ("봉수대로", "가좌로"), "(가좌동)"),
    (("경기도",), "화성시 향남읍", ("발안공단로", "향남로"), ""),
)
_LOT_AREAS = (("경기도 화성시 향남읍", "상신리"), ("충청남도 아산시 둔포면", "석곡리"), ("경상북도 칠곡군 왜관읍", "금산리"),
              ("전라남도 광양시", "태인동"), ("경기도 평택시 청북읍", "고렴리"), ("강원특별자치도 횡성군 우천면", "오원리"),
              ("경상남도 함안군 칠서면", "대치리"), ("충북 진천군 덕산읍", "용몽리"))
_EN_AREAS = (("Daegeum-ro", "Daeso-myeon, Eumseong-gun, Chungcheongbuk-do"),
             ("Gyeongchung-daero", "Bubal-eup, Icheon-si, Gyeonggi-do"),
             ("Cheolgang-ro", "Nam-gu, Pohang-si, Gyeongsangbuk-do"), ("Techno 2-ro", "Yuseong-gu, Daejeon"),
             ("Bongsu-daero", "Seo-gu, Incheon"), ("Bugok-ro", "Songak-eup, Dangjin-si, Chungcheongnam-do"),
             ("Gongdan-ro 45beon-gil", "Seongsan-gu, Changwon-si, Gyeongsangnam-do"),
             ("Hyangnam-ro", "Hyangnam-eup, Hwaseong-si, Gyeonggi-do"))


def road_address(rng: Rng) -> str:
    provinces, city, roads, note = rng.choice(_ROAD_AREAS)
    road = rng.choice(roads)
    if rng.random() < 0.25:
        road += rng.choice((" ", "")) + f"{rng.randint(11, 97)}번길"
    number = str(rng.randint(1, 620)) + (f"-{rng.randint(1, 25)}" if rng.random() < 0.2 else "")
    head = [city] if city and rng.random() < 0.2 else [rng.choice(provinces), city]  # or from the 시/군/구
    text = " ".join(p for p in (*head, road, number) if p)
    tail = rng.choice(("", "", "", ", 3층", " 2층 201호", ", B1층", " 나동", " 101동 1203호", " " + note if note else ""))
    return text + tail


def lot_address(rng: Rng) -> str:
    area, village = rng.choice(_LOT_AREAS)
    number = f"{rng.randint(1, 1500)}" + (f"-{rng.randint(1, 40)}" if rng.random() < 0.75 else "")
    if rng.random() < 0.1:
        number = "산 " + number
    return f"{area} {village} {number}" + rng.choice(("", "", " 2층", " B동"))


def english_address(rng: Rng) -> str:
    road, areas = rng.choice(_EN_AREAS)
    return f"{rng.randint(1, 300)}{rng.choice(('', '', '-' + str(rng.randint(1, 9))))}, {road}, {areas}"


def address(rng: Rng) -> str:
    roll = rng.random()
    return road_address(rng) if roll < 0.6 else lot_address(rng) if roll < 0.85 else english_address(rng)


# --- accounts ---

_BANKS = (("농협은행", (3, 4, 4, 2)), ("기업은행", (3, 6, 2, 3)), ("우리은행", (4, 3, 6)), ("신한은행", (3, 3, 6)),
          ("KB국민은행", (6, 2, 6)), ("하나은행", (3, 6, 5)), ("새마을금고", (4, 4, 4, 1)), ("우체국", (6, 2, 6)),
          ("iM뱅크", (3, 2, 6, 1)), ("SC제일은행", (3, 2, 6)), ("케이뱅크", (3, 3, 6)), ("광주은행", (3, 3, 6)),
          ("신협", (3, 3, 6)))
_BANKS_EN = ("Industrial Bank of Korea", "Woori Bank", "Shinhan Bank", "KEB Hana Bank", "NongHyup Bank")


def account_number(rng: Rng) -> tuple[str, str]:
    bank, shape = rng.choice(_BANKS)
    parts = [_d(rng, n) for n in shape]
    return bank, "-".join(parts) if rng.random() < 0.85 else "".join(parts)


def account_named(rng: Rng) -> list[Piece]:
    bank, number = account_number(rng)
    before = rng.choice((f"{bank} ", f"{bank.replace('은행', '')} / ", f"[{bank}] ", ""))
    return [(before, None), (number, "BANK_ACCOUNT"), ("" if before else f" ({bank})", None)]


# --- lexicon terms ---

def company(rng: Rng) -> str:
    name = rng.choice(COMPANIES)
    if not re.search("[가-힣]", name):
        return company_en(rng)
    bare = re.sub(r"\(주\)|㈜|주식회사\s?", "", name)
    return rng.choice((bare, bare, f"㈜{bare}", f"(주){bare}", f"주식회사 {bare}", f"{bare}(주)", f"{bare} 주식회사",
                       f"(주) {bare}", f"{bare}㈜"))


def company_en(rng: Rng) -> str:
    return rng.choice(("Hanwool Co., Ltd.", "HANWOOL CO., LTD.", "Hanwool", "Hanwool Co.,Ltd.", "Daesung Precision",
                       "DAESUNG PRECISION", "Daesung Precision Co., Ltd."))


def company_p(rng: Rng) -> list[Piece]:
    name = company(rng)
    if "가" <= name[-1] <= "힣" and rng.random() < 0.6:
        return [(name, "COMPANY"), (_josa(name, *rng.choice((("은", "는"), ("이", "가"), ("을", "를"), ("과", "와")))), None)]
    return [(name, "COMPANY"), (rng.choice(("에서", "에", " 측", "로부터", "의")), None)]


# --- hard negatives ---

NOUNS = ("정밀도", "이송속도", "최대하중", "안정성", "기준치", "조립라인", "장비점검", "한계치", "주조품", "강도시험", "윤활유",
         "임계값", "신뢰성", "전류값", "고정자", "공차범위", "정상화", "유지비", "정비사", "조정값", "한계선", "신호등",
         "김서림", "성형품", "문제점", "구동축", "배관도", "송풍량", "전원부", "방진고무", "변위량", "하중값", "차단기",
         "황동봉", "서보모터", "함수율", "양산성", "손실률", "오차율", "권선저항", "전기실", "도장불량", "명판", "고무패킹",
         "허용전류", "유량계", "진직도", "감속기", "민감도", "기동전류", "방청유", "원점복귀", "하한값", "최소화", "전용선",
         "고장률", "윤곽선", "배전반", "오일량", "구조물", "변경점", "서명란", "성능값", "노즐막힘", "조명등", "장기간",
         "표면조도", "기밀도", "강성", "추종오차", "석회석", "남은 수량", "위치편차", "공급압력", "용접비드")
EQUIPMENT = ("프레스 3호기", "CNC 선반 #7", "사출기 450T 1호", "도장 부스 B", "용접 로봇 W-12", "에어컴프레서 AC-02",
             "천장크레인 10톤", "지게차 FL-05", "냉동기 CH-1", "집진기 DC-3", "열풍건조기", "초음파 세척기", "3차원 측정기",
             "CO2 용접기 4번", "서보프레스 SP-200", "호이스트 2.8t", "컨베이어 CV-14", "머시닝센터 VMC-3", "탭핑기 T-2")
DEPTS = ("품질보증팀", "생산기술팀", "설비보전팀", "구매팀", "안전환경팀", "인사총무팀", "영업2팀", "R&D센터", "물류팀",
         "도장반", "용접반", "사출반", "가공1반")


def date(rng: Rng) -> str:
    y, m, d = rng.randint(2023, 2026), rng.randint(1, 12), rng.randint(1, 28)
    mon = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[m - 1]
    return rng.choice((f"{y}-{m:02d}-{d:02d}", f"{y}.{m:02d}.{d:02d}", f"{y % 100}.{m}.{d}({rng.choice('월화수목금')})", f"{m}/{d}",
                       f"{mon} {d}, {y}", f"{d:02d}-{mon}-{y % 100}", f"{y}년 {m}월 {d}일", f"'{y % 100}.{m:02d}.{d:02d}",
                       f"{m}월 {d}일", f"{y}{m:02d}{d:02d}"))


def timestamp(rng: Rng) -> str:
    y, m, d, h, mi, s = 2025, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return rng.choice((f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}", f"{y}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+09:00",
                       f"{y}/{m:02d}/{d:02d} {h % 12 or 12:02d}:{mi:02d} {'PM' if h >= 12 else 'AM'}",
                       f"{y}{m:02d}{d:02d} {h:02d}{mi:02d}{s:02d}", str(1735657200 + rng.randint(0, 30000000))))


def clock(rng: Rng) -> str:
    h, mi = rng.randint(0, 23), rng.randint(0, 59)
    return rng.choice((f"{h:02d}:{mi:02d}", f"{h}시 {mi}분", f"{'오후' if h >= 12 else '오전'} {h % 12 or 12}:{mi:02d}"))


def measure(rng: Rng) -> str:
    r = rng.randint
    return rng.choice((f"{r(5, 90)}.{r(0, 9)} N·m", f"0.0{r(1, 9)} mm", f"Ø{r(6, 60)} h7", f"±0.0{r(1, 5)}", f"{r(8, 30)}00 mm/min",
                       f"Ra {r(1, 6)}.{r(0, 9)}", f"{r(45, 62)} HRC", f"0.{r(5, 9)}~1.{r(0, 5)} MPa", "24 VDC", f"{r(1, 9)}.7 kΩ",
                       f"{r(60, 240)} ℃", f"{r(1, 15)}.{r(0, 9)} kW", f"{r(30, 70)} %RH", f"{r(1, 9)},{r(100, 999)} kgf",
                       f"{r(2, 9)}.{r(0, 9)} mm/s", f"{r(100, 480)} V"))


def lot(rng: Rng) -> str:
    n = f"25{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + _d(rng, 7)
    return rng.choice((f"LOT {n}", f"LOT#{n}", f"로트번호 {n}", f"L/N 25C{rng.randint(10, 28)}-{_d(rng, 4)}"))


NEGATIVE_MAKERS: dict[str, Callable[[Rng], str]] = {
    "lot": lot, "date": date, "ts": timestamp, "time": clock, "meas": measure,
    "ktime": lambda rng: f"{rng.choice(('오전', '오후'))} {rng.randint(1, 12)}:{rng.randint(0, 59):02d}",
    "tol": lambda rng: rng.choice((f"Ø{rng.randint(8, 40)}.00 +0.018/-0", f"{rng.randint(20, 300)} ±0.{rng.randint(1, 5)} mm",
                                   f"±0.0{rng.randint(1, 5)}", "IT7", f"평면도 0.0{rng.randint(1, 9)}", "H7/g6")),
    "serial": lambda rng: rng.choice((f"S/N: K{rng.randint(1, 9)}C2-{_d(rng, 4)}-{_d(rng, 4)}",
                                      f"SN {rng.randint(20, 25)}B{_d(rng, 2)}A{_d(rng, 5)}",
                                      f"시리얼 HX{_d(rng, 11)}")),
    "dwg": lambda rng: rng.choice((f"D-{_d(rng, 4)}-{_d(rng, 3)} Rev.{rng.choice('ABCD')}",
                                   f"도면번호 A3-{_d(rng, 5)}-0{rng.randint(1, 9)}",
                                   f"DR-{_d(rng, 4)}-{rng.choice('BCE')}")),
    "sap": lambda rng: rng.choice((f"자재코드 10{_d(rng, 8)}", f"SAP {rng.choice('4567')}000{_d(rng, 6)}", f"MAT-{_d(rng, 8)}")),
    "wo": lambda rng: rng.choice((f"WO-25-{_d(rng, 5)}", f"WO#25{rng.randint(1, 12):02d}-{_d(rng, 4)}", f"PM-25-{_d(rng, 4)}",
                                  f"작업지시 25{_d(rng, 6)}")),
    "std": _any("KS B ISO 2768-1", "ISO 13849-1:2023", "IEC 60204-1:2016", "ASTM A370-22", "ASTM E18-20", "KS D 3698",
                "JIS G 4051", "KS C IEC 61439-1", "ISO/IEC 17025:2017", "KOSHA GUIDE M-185-2015", "EN 1090-2",
                "ISO 2859-1", "IATF 16949:2016", "KS B 5214"),
    "fwver": lambda rng: rng.choice(("FW ", "펌웨어 ", "firmware ", "Ver. ")) + ".".join(str(rng.randint(0, 20)) for _ in range(4)),
    "sec": lambda rng: rng.choice(("", "§", "Table ", "제")) + ".".join(str(rng.randint(1, 9)) for _ in range(rng.choice((3, 4))))
    + rng.choice(("항", "절", "", "")),
    "coord": lambda rng: rng.choice((f"X={rng.randint(-300, 300)}.500 Y={rng.randint(-300, 300)}.250",
                                     f"35.{_d(rng, 4)}°N 128.{_d(rng, 4)}°E",
                                     f"({rng.randint(33, 38)}.{_d(rng, 4)}, 12{rng.randint(6, 9)}.{_d(rng, 4)})")),
    "price": lambda rng: rng.choice((f"₩{rng.randint(1, 9)},{_d(rng, 3)},000", f"{rng.randint(10, 999)},{_d(rng, 3)}원",
                                     f"KRW {rng.randint(1, 9)},{_d(rng, 3)},000", f"USD {rng.randint(1, 40)},{_d(rng, 3)}.00",
                                     f"{rng.randint(1, 9)},{_d(rng, 3)}원/EA")),
    "qty": lambda rng: rng.choice((f"{rng.randint(1, 9)},{_d(rng, 3)} EA", f"{rng.randint(2, 900)}개", f"{rng.randint(2, 99)} pcs",
                                   f"{rng.randint(1, 12)} 박스", f"{rng.randint(1, 6)} pallets")),
    "rpm": lambda rng: rng.choice(("1500-1800 rpm", "1,200~1,500 rpm", f"{rng.randint(6, 36)}00 rpm", "900-1200rpm")),
    "ext": extension, "noun": lambda rng: rng.choice(NOUNS), "equip": lambda rng: rng.choice(EQUIPMENT),
    "dept": lambda rng: rng.choice(DEPTS), "n": lambda rng: str(rng.randint(1, 9)), "n3": lambda rng: str(rng.randint(100, 999)),
    "n5": lambda rng: _d(rng, 5),
    "birth": lambda rng: f"{rng.randint(1962, 2004)}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}",
    "age": lambda rng: str(rng.randint(21, 63)),
    "track": lambda rng: rng.choice((f"송장번호 {_d(rng, 4)}-{_d(rng, 4)}-{_d(rng, 4)}", f"운송장 {_d(rng, 12)}", f"AWB 180-{_d(rng, 8)}")),
    "cas": _any("CAS No. 67-64-1", "CAS 7664-93-9", "UN 1263", "H225, H319, P210", "CAS 1310-73-2", "UN1090, 등급 3"),
    "cert": lambda rng: rng.choice((f"KC25-{_d(rng, 5)}", f"CAL-2025-{_d(rng, 4)}", f"2025-E-{_d(rng, 4)}")),
    "course": _any("정기 안전보건교육", "특별안전교육(밀폐공간)", "지게차 운전 교육", "MSDS 교육", "크레인 신호수 교육", "IATF 내부심사원"),
    "carrier": _any("CJ대한통운", "한진택배", "로젠택배", "경동택배", "DHL", "FedEx"),
}


def chat_message(rng: Rng) -> str:
    return rng.choice(("넵 확인했습니다", "ㅇㅋ 알겠어요", "ㅋㅋ 네네", f"{rng.choice(EQUIPMENT)} 다시 돌렸어요",
                       f"{rng.choice(NOUNS)} 측정값 올렸습니다", f"{lot(rng)} 샘플 어디 있나요?", "사진 보냈습니다",
                       f"{clock(rng)}에 회의실로 오세요", f"{rng.choice(NOUNS)} 이상 없습니다 👍", "점심 먹고 갈게요",
                       f"{extension(rng)}로 전화주세요", f"{measure(rng)} 나와요 ㅠㅠ"))


SLOTS: dict[str, Slot] = {
    "p": _one("PERSON", korean), "ph": person_h, "given": given_alone, "sur": surname_titled, "mask": masked,
    "pt": lambda rng: [(korean(rng), "PERSON"), (rng.choice((" ", " ", "")) + rng.choice(TITLES), None)],
    "fw": lambda rng: [(name := rng.choice(WORKERS_KO), "PERSON"),
                       (rng.choice(("", " 씨", "씨가", " 사원", _josa(name, "이", "가"))), None)],
    "fw_en": _one("PERSON", _any(*WORKERS_EN)), "intl": _one("PERSON", _any(*INTERNATIONAL)),
    "rom": _one("PERSON", romanized), "en": _one("PERSON", western), "staff": _one("PERSON", _any(*STAFF_KO)),
    "first": _one("PERSON", lambda rng: rng.choice(INTERNATIONAL + ("Ji-hoon Park", "Yu-na Lee")).split()[0]),
    "mobile": _one("PHONE", mobile), "tel": _one("PHONE", tel), "phone": _one("PHONE", phone), "wphone": _one("PHONE", world_phone),
    "email": _one("EMAIL", email), "url": _one("URL", url), "ip": _one("IP_ADDRESS", ipv4), "mac": _one("MAC_ADDRESS", mac),
    "rrn": _one("KR_RRN", lambda rng: _hyphen(resident_number(rng), (6,), rng, 0.15)),
    "frn": _one("KR_FRN", lambda rng: _hyphen(foreigner_number(rng), (6,), rng, 0.15)),
    "brn": _one("KR_BRN", lambda rng: _hyphen(business_number(rng), (3, 5), rng, 0.1)),
    "crn": _one("KR_CRN", lambda rng: _hyphen(corporate_number(rng), (6,), rng, 0.05)),
    "passport": _one("KR_PASSPORT", lambda rng: rng.choice("MMMMSRD") + rng.choice(  # old and new (2021) formats
        (_d(rng, 8), _d(rng, 3) + rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + _d(rng, 4)))),
    "plate": _one("VEHICLE_PLATE", plate),
    "addr": _one("ADDRESS", address), "addr_road": _one("ADDRESS", road_address), "addr_lot": _one("ADDRESS", lot_address),
    "addr_en": _one("ADDRESS", english_address), "acct": account_named,
    "acct_bare": _one("BANK_ACCOUNT", lambda rng: account_number(rng)[1]),
    "bank_en": _one(None, _any(*_BANKS_EN)),
    "company": _one("COMPANY", company), "company_p": company_p, "company_en": _one("COMPANY", company_en),
    "project": _one("PROJECT", _any("블루웨일", "블루웨일", "Project Falcon", "PROJECT FALCON")),
    "product": _one("PRODUCT", _any("스마트밸브 SV-7", "에어리프트 AL3", "스마트밸브SV-7", "에어리프트AL3")),
    "plant": _one("PLANT", _any("창원2공장", "화성3공장", "창원 2공장", "화성 3공장")),
    "part": _one("PART_NO", lambda rng: f"HDP-{_d(rng, 5)}"),
    "partneg": _one(None, lambda rng: rng.choice((f"HDP-{_d(rng, 4)}", "HDPE-100", f"6{rng.randint(200, 310)}ZZ",
                                                  f"M{rng.randint(6, 16)}x1.25",
                                                  f"K{_d(rng, 3)}-{_d(rng, 2)}A", f"SKD11 {rng.randint(10, 90)}t"))),
    "msg": _one(None, chat_message),
    **{key: _one(None, make) for key, make in NEGATIVE_MAKERS.items()},
}

# --- templates, by style ---

CMMS = (
    "WO#{n5} | 설비: {equip} | 요청자: {pt} | 작업자: {p}, {p} | 코멘트: {noun} 저하로 {part} 교체, {meas} 확인",
    "[CMMS] {wo} 완료 — {ph} 베어링 교체, 진동 {meas} → {meas}, 윤활유 보충 {qty}",
    "작업요청 {wo}: {equip} 이송속도 저하. 접수 {sur}, 배정 {p} ({mobile})",
    "PM 점검 {date} / {equip} / 점검자 {p} / 결과: 임계값 이내, 고정자 온도 {meas} / 비고: {given} 재확인",
    "{wo} 코멘트) {ph} {company_p} {part} 입고 대기라 임시로 {partneg} 사용 중",
    "고장접수 {ts} {plant} {equip} 알람 E-{n3}; 1차 조치 {p}, 2차 {company} 서비스 엔지니어 {p} ({phone})",
    "Work order {wo} closed by {rom}: replaced {partneg} on {equip}, runout {tol}",
    "설비 {equip} HMI 교체: IP {ip}, MAC {mac}, 작업 {pt} (문의 {ext})",
    "{equip} 정비사 호출 — {sur} 도착 {time}, 원인: {noun} 불량, {rpm} 구간 소음",
    "CMMS 링크 {url} — {wo} 사진 첨부, PLC {ip} 통신 재설정 (MAC {mac})",
    "담당: 정비사 {n}명 / 확인: {pt} / 신호등 {n}번 교체, 한계선 재도장",
)
MINUTES = (
    "참석자: {pt}, {pt}, {pt}, {intl}({company_en})",
    "회의록 {date} | 장소: {plant} 2층 회의실 | 참석자: {p}, {p}, {p} | 작성: {p}",
    "참석자 : {sur}, {p}, {given}, {mask} / 불참: {pt}(출장)",
    "Attendees: {rom}, {intl}, {en}; minutes taken by {rom}",
    "[{project}] 주간회의 — 참석 {p} 책임, {p} 선임 / Action item: {noun} 재검토 ({ph} ~{date})",
    "결정사항 {n}) {product} 양산 일정 {date} 확정, 담당 {ph}; {sec} 개정 필요",
    "회의 참석자 명단: {fw}, {fw}, {p}(통역), 안전관리자 {sur}",
    "{project} 리뷰: {product} EVT 결과 {url} 공유, 후속 {noun} 검토",
)
ACCESS = (
    "방문자: {p} / 소속: {company} / 차량번호: {plate} / 연락처: {mobile} / 방문목적: 설비 A/S",
    "{date} 출입기록 | {p} | {company} | {plate} | {phone} | 입실 {time} 퇴실 {time} | 인솔 {sur}",
    "협력업체 작업자 {p}, {p} 외 {n}명 출입 (차량 {plate}), 작업허가서 {wo}",
    "정문 경비일지: {time} {plate} 진입 (운전자 {p}, {mobile}), {time} 출차",
    "Visitor: {intl} | Host: {staff} | Car: {plate} | Tel: {wphone} | Badge V-{n3}",
    "해외출장자 {p} 여권번호 {passport}, 만료 {date}, 비상연락 {mobile}",
    "방문증 V-{n3} 반납 안 됨 — {given} 연락 요망, 상주업체 {company} 사무실 {tel} {ext}",
    "출국자: {p} ({passport}), {p} ({passport}) — {project} 현지 셋업",
    "게스트 Wi-Fi 등록: {intl} 노트북 MAC {mac}, 할당 IP {ip}",
)
INCIDENT = (
    "재해자: {p} ({age}세, {dept}) / 발생일시: {ts} / 발생장소: {plant} {equip} / 목격자: {p}, {p}",
    "응급조치: 보건관리자 {p} 지혈 및 냉찜질, {time} 119 구급차 이송, 보호자 {mobile}",
    "[아차사고] {equip} 인근 지게차 충돌 위험 — 보고자 {ph}, 관리감독자 {sur}",
    "사고 경위: {fw} {equip} 조정값 변경 중 협착, 목격자 {p}({mobile}) 진술",
    "재해자 인적사항: {p}, 주민등록번호 {rrn}, 주소 {addr}, 비상연락 {mobile}(배우자)",
    "외국인 재해자 {fw}, 외국인등록번호 {frn}, 통역 {ph}",
    "Incident report: injured {fw_en}, witness {en}, first aid by {rom}; area {plant}",
)
TRAINING = (
    "{n}. {p} | {dept} | 생년월일 {birth} | {course} {n}시간 | 이수",
    "교육명: {course} / 강사: {pt} / 교육일: {date} / 이수자: {p}, {p}, {p}, {fw}",
    "자격 취득: {p} — 지게차운전기능사 ({date}), {p} — 산업안전기사",
    "미이수자 {mask}, {mask} — {date}까지 보충교육, 문의 {ext}",
    "Certification roster: {rom} (CMM Level 2), {intl} (ISO 9001 Lead Auditor), exp. {date}",
)
CHAT = (
    "[{ktime}] {p} : {msg}",
    "[{p}] [{ktime}] {msg}",
    "{date} {ktime}, {p} : {msg}",
    "{p}님이 들어왔습니다.", "{p}님이 나갔습니다.", "{p}님이 {p}님을 초대했습니다.",
    "{p}  {ktime}  @{p} {msg}",
    "[{ktime}] {p} : {given} {equip} 쪽으로 와줄 수 있어요?",
    "[{ktime}] {p} : {sur} {mobile}로 전화 부탁드려요",
    "[{p}] [{ktime}] {company} 기사님 {plate} 정문 도착했대요",
)
VOC = (
    "[VOC-{n5}] 고객명: {p} 님 / 연락처: {phone} / 제품: {product} / 내용: {noun} 불량, 교환 요청",
    "VOC 처리 이력: 접수 {ph} → 1차 회신 {date} → 현장방문 {p}(A/S) → 종결",
    "고객 {mask} 주소 {addr}로 대체품 발송, 회신 메일 {email}",
    "Customer complaint #{n5}: {en} reported {product} leak; contact {email}, {wphone}",
    "민원인 {p} ({mobile}) 야간 소음 민원, {plant} {equip} 가동 관련",
)
PURCHASE = (
    "발주서 PO-{n5} | 거래처: {company} | 담당자: {pt} ({tel}) | 품목: {part} × {qty} | {price}",
    "거래명세서 — 공급자: {company} (사업자등록번호 {brn}) / 공급받는자: {company}",
    "입금계좌: {acct} / 예금주: {company}",
    "대금 지급 요청: 계좌 {acct_bare}로 {price} 송금 바랍니다 (담당 {ph})",
    "Invoice INV-{n5} | Bill to {company_en} | Remit to {bank_en}, account {acct_bare} | Due {date}",
    "법인등록번호 {crn}, 대표자 {p}, 본점 {addr}",
    "세금계산서 수신 {email}, 담당 {p} {mobile}, 사업자번호 {brn}",
    "견적 회신: {company_p} {part} {price}, 납기 {date}, 결제 {acct}",
)
HR = (
    "[인사발령] {pt} — {dept} → {dept} ({date}부)",
    "전입: {p} ({plant} → {plant}), 전출: {p}",
    "퇴사: {pt} ({date}), 후임 {ph} 업무 인수",
    "신규입사 {p}, 주민등록번호 {rrn}, 주소지 {addr}, 급여계좌 {acct}",
    "외국인 근로자 {fw} 입국 ({date}), 외국인등록번호 {frn}, 숙소 {addr}",
    "휴직: {mask} (육아휴직 {date}~{date}), 대체인력 {p}",
)
DELIVERY = (
    "수하인: {p} / {mobile} / {addr}",
    "배송지 {addr} / 받는 분 {ph} / {track} ({carrier})",
    "화물차 {plate} 기사 {p} {mobile}, 도착 예정 {time}, 하차 {plant} 3번 도크",
    "Ship to: {en}, {addr_en}, Republic of Korea / Tel {wphone}",
    "Consignee: {company_en}, 3F, {addr_en} 28156, attn. {rom}",
    "출하 {qty} {product} → {company}, 인수자 {p} 서명, {track}",
)
CAPA = (
    "From: {en} <{email}> | To: {rom} <{email}> | Cc: {intl}; {rom} | Subject: RE: 8D #{n5}",
    "Cc: {email}; {email}; {intl} <{email}>",
    "Hi {first}, D3 containment done: {qty} sorted at {plant}, {n} NG found ({lot}).",
    "Best regards, {intl} | SQE | {company_en} | M {wphone} | {email}",
    "Thanks, {rom} / Quality Assurance / {company_en} / T {tel} {ext}",
    "CAPA-{n5} owner {rom}, due {date}; effectiveness check by {intl} per {std}",
    "Please see the attached 8D ({company_en}, P/N {part}); {first} will call you at {wphone}.",
    "Supplier portal {url} rejects logins from {ip}; please whitelist (contact {email})",
)
SDS = (
    "16. 긴급 연락처: {company} {tel} (24시간), 담당 {p}",
    "Emergency telephone: {wphone} (24h) — Supplier: {company_en}, {addr_en}",
    "제조자 정보: {company}, 주소 {addr}, 긴급전화 {phone}, 작성자 {p}",
    "SDS 문의 {email} / 화재·누출 시 119 / {cas}",
    "최신 SDS 다운로드 {url} (개정 {date})",
)
CALIBRATION = (
    "교정성적서 No. {cert} | 의뢰자: {company} | 주소: {addr} | 교정일자 {date}",
    "교정자 {p} / 기술책임자 {p} / 환경: 23 ℃ ± 2 ℃, {meas} / {std}",
    "Calibration certificate {cert}: calibrated by {intl}, approved by {rom}, U = 0.8 µm (k = 2)",
)
MIXED = (
    "{ph} FAI report 오늘까지 부탁드려요, 저는 {plant} 출장 ASAP",
    "{rom} 책임님 — torque spec {meas}인데 {noun} 다시 confirm 부탁",
    "{given} PPAP 서류 {email}로 send 했어요 ㅎㅎ",
    "Meeting w/ {intl} 내일 {time}, {company_en} 쪽 agenda는 {noun} 개선",
    "{staff} 님 {url} 링크 access denied 떠요, 서버 {ip} 확인 부탁",
    "FYI {sur} — {company_p} quote {price}, lead time 4주",
    "{project} kickoff deck {url} 공유드립니다 ({ph})",
)
ADDRESSES = (
    "주소: {addr}",
    "(우){n5} {addr_road}",
    "공장 소재지 {addr_lot}, 대표 {p}",
    "Address: {addr_en}, Republic of Korea",
    "반품 주소 {addr} / 반품 담당 {p} {phone}",
)
NEGATIVE = (
    "{lot} 외관검사 합격, {noun} {meas}", "{serial} 교체 후 {equip} 재가동, {noun} 정상화", "{dwg} / {sap} / {wo} / 수량 {qty}",
    "{equip} {fwver} 업데이트, {sec} 참조", "{std} 기준 {noun} {meas}, {tol}", "{ts} {equip} 알람 해제, 회전수 {rpm}",
    "좌표 {coord}에서 간섭 발생, 조정값 {meas}", "단가 {price} → {price}, 적용 {date}", "정밀도 {meas}, 이송속도 {meas}, 최대하중 {meas}",
    "안정성 평가 완료, 기준치 초과 항목 없음 ({date})", "조립라인 {n}번 장비점검 결과 한계치 이내, 신뢰성 시험 {qty} 합격",
    "주조품 강도시험 {n}{n}0 MPa, 윤활유 교환 주기 {n}개월", "임계값 {meas} 초과 시 전류값 로그 저장 ({sec})", "고정자 권선저항 {n}.{n} Ω, 공차범위 {tol}",
    "정비사 배치 조정, 유지비 절감안 검토 — {dept}", "한계선 표시 재도장, 신호등 점검 ({date})", "{time} 교대, 인계사항 없음. 문의 {ext}",
    "CAS/UN: {cas}, 보관온도 {n}{n} ℃ 이하, 인화점 -{n}{n} ℃", "{track}, {qty}, 도착 {date}",
    "Report rev. {n}.{n}.{n}.{n}, {std}, page {n}/{n}", "Lead time {n} weeks, MOQ {qty}, price {price}",
    "교정번호 {cert}, 유효기간 {date}, 불확도 {meas}", "{course} {n}시간 실시, 참석 {n}{n}명", "오차율 0.{n}%, 직행률 98.{n}%, 고장률 0.{n}%",
    "{ktime} 회의 — 변경점 {n}건, 문제점 {n}건, 최소화 방안 협의", "Shift A output {qty}, scrap {qty}, downtime {n}{n} min",
    "{equip} 성능값 기록: {meas} / {meas} / {meas}", "생산일자 {date} {lot} — 김서림 불량 {qty}",
    "작업자: 정비사 {n}명, 입회: 안전관리자, 승인: 공장장", "담당 조정값 확인, 유지비 {price} 승인 대기 (내선 {n}{n}{n}{n})",
)
STYLES = ((CMMS, 0.08), (MINUTES, 0.05), (ACCESS, 0.07), (INCIDENT, 0.05), (TRAINING, 0.04), (CHAT, 0.06), (VOC, 0.05),
          (PURCHASE, 0.08), (HR, 0.05), (DELIVERY, 0.06), (CAPA, 0.07), (SDS, 0.04), (CALIBRATION, 0.03), (MIXED, 0.05),
          (ADDRESSES, 0.05), (NEGATIVE, 0.27))


def render(template: str, rng: Rng) -> LabelledLine:
    """One line: the corpus's renderer over this set's ``SLOTS``."""
    return corpus_render(template, rng, SLOTS)


def build_fresh(seed: int = 1, lines: int = 1200) -> list[LabelledLine]:
    """``lines`` labelled lines, style by style in the ``STYLES`` shares."""
    rng = random.Random(seed)
    styles, weights = zip(*STYLES)
    return [render(rng.choice(rng.choices(styles, weights)[0]), rng) for _ in range(lines)]


if __name__ == "__main__":
    describe(build_fresh(), 30, seed=7)
