"""A blind labelled set for the Korean/English redactor: plant and office text of a Korean manufacturer.

Written without reading the detectors (``anonymize/``), their tests or the other evaluation sets
(``bench/anonymize.py``, ``anonymize_heldout.py``, ``anonymize_fresh.py``); only the shared types,
check-digit helpers and lexicon of ``bench/anonymize_corpus.py`` are used.

``build_blind(seed, lines)`` gives ``lines`` labelled lines, the same for the same arguments, in the
styles of MES/CMMS/QA/ERP exports and office text (NCRs, tool-crib logs, forklift sheets, shift
schedules, audits, RMAs, ECRs, calibration, patrols, dormitory notices, e-mail, helpdesk tickets,
overtime, permits to work, HR notes, free sentences). About a fifth of the lines hold only hard
negatives, and positive lines carry negatives too.

Span convention: an identifier alone (a bank account's digits, not the bank); a person's name
without title, honorific or particle (김OO is a name; 김 in "김 과장" is a name); a lexicon term
with its legal form and without a particle; a Korean address from its first administrative area
to the building or lot number plus a unit or (동명) note after it; an English-order address from
the building number to the province or city.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

if __name__ == "__main__":  # bench/anonymize.py would shadow the anonymize package
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))
    sys.path.append(str(_here))

from anonymize_corpus import (  # noqa: E402
    COMPANIES,
    PLANTS,
    PRODUCTS,
    PROJECTS,
    STAFF,
    LabelledLine,
    _josa,
    business_number,
    corporate_number,
    describe,
    digits,
    foreigner_number,
    render,
    resident_number,
)

Rng = random.Random


_d = digits

def _hy(rng: Rng, number: str, cut: tuple[int, ...], plain: float) -> str:
    """Hyphenated at ``cut``, or left plain with probability ``plain``."""
    return number if rng.random() < plain else "-".join(number[a:b] for a, b in zip((0, *cut), (*cut, None)))


# --- people ---------------------------------------------------------------------------------

_SURNAME_WEIGHTS = [(m[1], int(m[2])) for m in re.finditer(r"(\D+?)(\d+) ?", (  # rough frequency per 1,000
    "김215 이147 박84 최47 정44 강23 조21 윤21 장20 임17 한15 오15 서15 신14 권14 황14 안13 송13 전12 홍11 유11 고9 "
    "문9 양9 손9 배8 백8 허7 노6 심6 하5 곽4 성4 차4 주4 우4 구4 민3 진3 나3 지3 엄3 채3 원3 천2 방2 공2 현2 함2 변2 "
    "염2 여2 추2 도2 석2 설1 마1 길1 연1 위1 표1 명1 기1 반1 왕1 금1 옥1 육1 맹1 남궁1 황보1 제갈1 선우1 독고1"))]
_SURNAMES = tuple(s for s, _ in _SURNAME_WEIGHTS)
_SURNAME_W = tuple(w for _, w in _SURNAME_WEIGHTS)
GIVEN = tuple("""민준 서연 지훈 하은 도윤 지우 현우 수빈 예준 지민 성민 영호 정훈 미경 은정 상철 동현 재원 혜진 승우
태희 경수 유진 다은 준호 영수 영철 순자 영자 정숙 광수 상훈 성호 미숙 경희 은영 지영 현정 민정 수진 지현 준영 동욱
성진 재훈 민수 혜원 소영 지은 다현 서윤 하준 시우 주원 예린 지아 채원 도현 건우 우진 태민 승현 재석 병철 종민 기현
용준 창호 진우 대현 희정 명숙 옥순 말순 춘자 봉수 석진 나래 가람 한결 보람 슬기 윤아 상우 은비 서진 연우 수아 시윤
하린 금순 길자 덕배 훈 진 철 혁 솔 별 결 준 담 율 웅""".split())
FOREIGN_HANGUL = ("응우옌반안", "응우옌 티 투", "쩐반남", "레티흐엉", "팜반득", "부티란", "호앙반롱", "라즈 구룽", "비쉬누 타파",
                  "람 바하두르 라이", "수닐 셰르파", "어닐 쉬레스타", "속 피악", "찬 소피아", "헹 다라", "킴 소카", "바트바야르",
                  "어용에르덴", "간바트", "엥흐투르", "돌곤", "알리셰르 카리모프", "자수르 라히모프", "딜쇼드", "루스탐 유수포프",
                  "마리아 산토스", "호세 레예스", "마크 델라크루즈", "쿠마라 페레라", "니말 실바", "찬디마 페르난도", "부디 산토소",
                  "솜차이", "나타폰")
FOREIGN_ROMAN = ("Nguyen Van An", "Tran Thi Thu", "Pham Van Duc", "Raj Gurung", "Bishnu Thapa", "Batbayar Ganbold",
                 "Sok Dara", "Heng Sophea", "Alisher Karimov", "Jasur Rakhimov", "Maria Santos", "Jose Reyes",
                 "Nimal Perera", "Chandima Fernando", "Budi Santoso")
INTERNATIONAL = ("José García", "François Dubois", "Zoë Müller", "Łukasz Nowak", "Renée Lefèvre", "Jürgen Schäfer",
                 "João Silva", "Ana María López", "Björn Andersson", "Chloé Martin", "Miguel Ángel Ruiz", "Priya Sharma",
                 "Rajesh Kumar", "Wei Zhang", "Yuki Tanaka", "Hiroshi Sato", "Olga Ivanova", "Dmitri Petrov",
                 "Emma O'Brien", "Sean McAllister", "Thomas Weber", "Anne-Marie Dupont", "Sarah Johnson", "David Miller",
                 "Laura Chen", "Kevin Walsh", "Jennifer Lee", "Mark Thompson", "Grace Wilson", "Bill Harris")
_RO_SUR = ("Kim", "Lee", "Yi", "Park", "Choi", "Jung", "Jeong", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
           "Shin", "Kwon", "Hwang", "Ahn", "Song", "Hong", "Jeon", "Yoo", "Moon")
_RO_GIVEN = ("Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Do-yoon", "Hyun-woo", "Su-bin", "Jae-won", "Dong-hyun",
             "Young-ho", "Sang-chul", "Eun-jung", "Mi-kyung", "Sung-min", "Tae-hee", "Kyung-soo", "Jun-ho", "Yu-jin",
             "Seung-woo", "Hye-jin")
TITLES = ("과장", "부장", "차장", "대리", "주임", "반장", "조장", "팀장", "기사", "책임", "선임", "수석", "사원", "공장장",
          "상무", "이사", "매니저", "프로", "실장", "소장", "계장", "파트장")


def korean_name(rng: Rng) -> str:
    return rng.choices(_SURNAMES, _SURNAME_W)[0] + rng.choice(GIVEN)


def romanized(rng: Rng) -> str:
    s, g = rng.choice(_RO_SUR), rng.choice(_RO_GIVEN)
    flat = g.replace("-", "").lower().capitalize()
    return rng.choice((f"{s} {g}", f"{g} {s}", f"{s.upper()} {g}", f"{s.upper()} {flat.upper()}", f"{flat} {s}",
                       f"{s} {flat}", f"{s}, {g}", f"{g.upper()} {s.upper()}", f"{g.title()} {s}",
                       f"{s} {' '.join(p.capitalize() for p in g.split('-'))}"))


def person_ko(rng: Rng, latin: bool = False) -> str:
    """A name as Korean text writes it; ``latin`` allows English names too (never before a particle)."""
    r = rng.random()
    if latin and r < 0.08:
        return rng.choice((*INTERNATIONAL, "Michael Brown"))
    if r < 0.58:
        return korean_name(rng)
    return rng.choice(STAFF[:-1]) if r < 0.76 else rng.choice(FOREIGN_HANGUL)


def person_en(rng: Rng) -> str:
    kinds = (lambda r: r.choice(INTERNATIONAL), romanized, lambda r: "Michael Brown", lambda r: r.choice(FOREIGN_ROMAN))
    return rng.choices(kinds, (45, 35, 6, 14))[0](rng)


def _title(rng: Rng) -> str:
    r = rng.random()
    if r < 0.15:
        return rng.choice((" 씨", "씨", "님"))
    return ("" if r < 0.3 else " ") + rng.choice(TITLES) + ("님" if rng.random() < 0.3 else "")


_PARTICLES = {"subj": (("이", "가"), ("은", "는"), ("께서", "께서")), "obj": (("을", "를"),), "gen": (("의", "의"),),
              "dat": (("에게", "에게"), ("한테", "한테"), ("께", "께")),
              "com": (("과", "와"), ("하고", "하고"), ("이랑", "랑"))}


def _role(kind: str):
    def make(rng: Rng):
        name = person_ko(rng)
        tail = _title(rng) if rng.random() < 0.55 else ""
        particle = _josa(name + tail, *rng.choice(_PARTICLES[kind]))
        return [(name, "PERSON"), (tail + particle, None)]
    return make


def given_only(vocative: bool):
    """민준아 / 지우야 (vocative), or spoken 민준이가 / 지우는: the 아/야 and the suffix 이 are not the name."""
    def make(rng: Rng):
        given = rng.choice([g for g in GIVEN if len(g) == 2])
        if vocative:
            return [(given, "PERSON"), (_josa(given, "아", "야"), None)]
        return [(given, "PERSON"), (_josa(given, "이", "") + rng.choice(("가", "는", "도")), None)]
    return make


def surname_titled(subject: bool):
    """김 과장, 박과장님, 남궁 부장이: the bare surname is the name."""
    def make(rng: Rng):
        sur = rng.choices(_SURNAMES, _SURNAME_W)[0] if rng.random() < 0.9 else rng.choice(("남궁", "황보", "제갈", "선우"))
        tail = (" " if rng.random() < 0.85 else "") + rng.choice(TITLES) + ("님" if rng.random() < 0.3 else "")
        return [(sur, "PERSON"), (tail + (_josa(tail, *rng.choice((("이", "가"), ("은", "는")))) if subject else ""), None)]
    return make


def masked(rng: Rng):
    sur = rng.choices(_SURNAMES, _SURNAME_W)[0]
    g = rng.choice(GIVEN)
    forms = [sur + "OO", sur + "○○", sur + "**", sur + "XX", sur + "O" + g[-1], sur + "*" + g[-1]]
    if sur in "김박최정강윤장임한서신권황안송홍":  # 김모 씨, but not 이모/고모/조모, which are words
        forms.append(sur + "모")
    form = rng.choice(forms)
    return [(form, "PERSON"), (rng.choice(("", " 님", "님", " 씨")), None)]


# --- identifiers ------------------------------------------------------------------------------

def mobile(rng: Rng) -> str:
    head = "010" if rng.random() < 0.93 else rng.choice(("011", "016", "017", "019"))
    a, b = _d(rng, 4 if head == "010" else 3), _d(rng, 4)
    return rng.choice((f"{head}-{a}-{b}", f"{head}-{a}-{b}", f"{head}.{a}.{b}", f"{head} {a} {b}", f"{head}{a}{b}",
                       f"({head}){a}-{b}", f"{head}){a}-{b}"))


def landline(rng: Rng) -> str:
    area = rng.choice(("02", "02", "031", "032", "041", "043", "051", "052", "053", "054", "055", "055", "061", "062"))
    mid, last = str(rng.randint(2, 9)) + _d(rng, rng.choice((2, 3))), _d(rng, 4)
    return rng.choice((f"{area}-{mid}-{last}", f"{area}-{mid}-{last}", f"({area}) {mid}-{last}", f"{area}){mid}-{last}",
                       f"{area}.{mid}.{last}", f"{area} {mid} {last}"))


def phone(rng: Rng) -> str:
    """Any kind: mobile, landline, 15xx representative, 070 VoIP, 050x safe number, +82."""
    kinds = (mobile, landline, lambda r: r.choice(("1588", "1544", "1577", "1644", "1661", "1800")) + r.choice("- .") + _d(r, 4),
             lambda r: f"070{r.choice('-.')}{_d(r, 4)}-{_d(r, 4)}", lambda r: f"050{r.randint(2, 8)}-{_d(r, r.choice((3, 4)))}-{_d(r, 4)}",
             intl)
    return rng.choices(kinds, (45, 25, 8, 8, 6, 8))[0](rng)


def intl(rng: Rng) -> str:
    a, b = _d(rng, 4), _d(rng, 4)
    return rng.choice((f"+82-10-{a}-{b}", f"+82 10 {a} {b}", f"+82 (0)10-{a}-{b}", f"+82-55-{a[:3]}-{b}",
                       f"+82.10.{a}.{b}", f"+8210{a}{b}", f"+82-2-{a}-{b}"))


_DOMAINS = ("daesung.co.kr", "hanbit-tech.com", "naver.com", "gmail.com", "daum.net", "hanmail.net", "kakao.com",
            "hanwool.co.kr", "sejin-ind.co.kr", "outlook.com", "taekwang-metal.kr", "wjeng.co.kr", "sy-hitech.com")


def email(rng: Rng) -> str:
    s, g = rng.choice(_RO_SUR).lower(), rng.choice(_RO_GIVEN).lower()
    initials = "".join(p[0] for p in g.split("-"))
    user = rng.choice((f"{g.replace('-', '')}.{s}", f"{initials}{s}", f"{s}_{initials}", f"{initials}.{s}{rng.randint(1, 99)}",
                       "qa.team", "purchasing", "it-help", "noreply", "nguyen.van.an", "raj.gurung", "m.brown",
                       "jose.garcia", f"{s}{g.split('-')[0]}"))
    return f"{user}@{rng.choice(_DOMAINS)}"


def url(rng: Rng) -> str:
    n = rng.randint(100, 99999)
    return rng.choice((f"https://mes.daesung.co.kr/ncr/view?id={n}", f"http://{ipv4(rng)}:8080/hmi/", "www.hanbit-tech.com",
                       f"https://portal.sejin-ind.co.kr/qa/{n}", "http://scada.plant.local/trend", f"www.wjeng.co.kr/board/{n}",
                       f"https://drive.google.com/file/d/1x{_d(rng, 8)}/view", f"https://itsm.daesung.co.kr/ticket/{n}",
                       "https://www.kolas.go.kr", f"http://cmms.hanwool.co.kr:8443/wo/{n}"))


def ipv4(rng: Rng) -> str:
    head = rng.choice(("192.168", f"10.{rng.randint(0, 255)}", f"172.{rng.randint(16, 31)}", "203.241"))
    return f"{head}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def mac(rng: Rng) -> str:
    pairs = [f"{rng.randint(0, 255):02X}" for _ in range(6)]
    r = rng.random()
    text = ".".join("".join(pairs[i:i + 2]) for i in (0, 2, 4)).lower() if r < 0.15 else rng.choice(":-").join(pairs)
    return text.lower() if rng.random() < 0.3 else text


def plate(rng: Rng) -> str:
    head = str(rng.randint(10, 99)) if rng.random() < 0.6 else str(rng.randint(100, 399))
    letter, tail = rng.choice("가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주하허호배"), _d(rng, 4)
    r = rng.random()
    if r < 0.12:
        return f"{rng.choice(('경남', '경기', '부산', '울산'))}{rng.randint(80, 99)}{rng.choice('아바사자')}{tail}"
    if r < 0.2:
        return f"{rng.choice(('서울', '경기', '인천'))} {head[:2]}{letter} {tail}"
    return rng.choice((f"{head}{letter} {tail}", f"{head}{letter}{tail}"))


def passport(rng: Rng) -> str:
    """Old (M12345678) or 2021 (M123A4567) Korean passport number."""
    middle = _d(rng, 1) if rng.random() < 0.5 else rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    return rng.choice("MMMSR") + _d(rng, 3) + middle + _d(rng, 4)


_BANKS = (("국민은행", (6, 2, 6)), ("KB국민", (6, 2, 6)), ("신한은행", (3, 3, 6)), ("신한", (3, 3, 6)), ("우리은행", (4, 3, 6)),
          ("하나은행", (3, 6, 5)), ("농협", (3, 4, 4, 2)), ("NH농협", (3, 4, 4, 2)), ("IBK기업은행", (3, 6, 2, 3)),
          ("카카오뱅크", (4, 2, 7)), ("새마을금고", (4, 4, 4, 1)), ("우체국", (6, 2, 6)), ("경남은행", (3, 2, 7)))


def account(rng: Rng):
    bank, shape = rng.choice(_BANKS)
    digits = [_d(rng, n) for n in shape]
    number = "".join(digits) if rng.random() < 0.15 else "-".join(digits)
    return rng.choice(([(f"{bank} ", None), (number, "BANK_ACCOUNT")], [(f"{bank} 계좌 ", None), (number, "BANK_ACCOUNT")],
                       [(number, "BANK_ACCOUNT"), (f" ({bank})", None)], [(f"{bank}/", None), (number, "BANK_ACCOUNT")]))


_REGIONS = (  # (province, short, city, districts, roads, lot areas)
    ("경상남도", "경남", "창원시", ("성산구", "의창구"), ("공단로", "웅남로", "완암로", "팔용로"), ("성주동", "웅남동", "팔용동")),
    ("경기도", "경기", "화성시", ("",), ("향남읍 발안공단로", "팔탄면 버들로", "동탄대로"), ("향남읍 상신리", "석우동")),
    ("경기도", "경기", "안산시", ("단원구",), ("산단로", "별망로"), ("원시동", "목내동")),
    ("울산광역시", "울산", "", ("남구", "북구"), ("산업로", "매곡산업로"), ("여천동", "매곡동")),
    ("부산광역시", "부산", "", ("강서구", "사상구"), ("녹산산업중로", "새벽로"), ("송정동", "학장동")),
    ("인천광역시", "인천", "", ("남동구",), ("남동대로", "앵고개로"), ("고잔동", "논현동")),
    ("충청남도", "충남", "아산시", ("",), ("둔포면 아산밸리로", "탕정면 탕정로"), ("둔포면 석곡리",)),
    ("경상북도", "경북", "구미시", ("",), ("1공단로", "산호대로"), ("공단동", "임수동")),
    ("서울특별시", "서울", "", ("금천구", "구로구"), ("가산디지털1로", "디지털로"), ("가산동", "구로동")))
_ROMAN = {"경상남도": "Gyeongsangnam-do", "경기도": "Gyeonggi-do", "울산광역시": "Ulsan", "부산광역시": "Busan",
          "인천광역시": "Incheon", "충청남도": "Chungcheongnam-do", "경상북도": "Gyeongsangbuk-do", "서울특별시": "Seoul",
          "성산구": "Seongsan-gu", "의창구": "Uichang-gu", "단원구": "Danwon-gu", "남구": "Nam-gu", "북구": "Buk-gu",
          "강서구": "Gangseo-gu", "사상구": "Sasang-gu", "남동구": "Namdong-gu", "금천구": "Geumcheon-gu", "구로구": "Guro-gu",
          "창원시": "Changwon-si", "화성시": "Hwaseong-si", "안산시": "Ansan-si", "아산시": "Asan-si", "구미시": "Gumi-si"}


def address(rng: Rng):
    prov, short, city, districts, roads, lots = rng.choice(_REGIONS)
    head = [rng.choice((prov, short)) if rng.random() < 0.8 or not city else "", city, rng.choice(districts)]
    units = ["", "", "", " 3층", ", 2층", " 101동 202호", " B동 2층"]
    if rng.random() < 0.25:  # 지번
        tail = f"{rng.choice(lots)} {rng.randint(1, 1500)}" + (f"-{rng.randint(1, 40)}" if rng.random() < 0.6 else "")
    else:
        units.append(f" ({rng.choice(lots).split()[-1]})")
        road = rng.choice(roads) + (f"{rng.randint(10, 99)}번길" if rng.random() < 0.2 else "")
        tail = f"{road} {rng.randint(1, 600)}" + (f"-{rng.randint(1, 20)}" if rng.random() < 0.15 else "")
    unit = rng.choice(units)
    pre = rng.choice(("", "", f"({rng.randint(10000, 63999)}) "))
    return [(pre, None), (" ".join(a for a in (*head, tail) if a) + unit, "ADDRESS")]


def address_en(rng: Rng):
    prov, _, city, districts, roads, _ = rng.choice(_REGIONS)
    road = rng.choice(("Gongdan-ro", "Sandan-ro", "Saneop-ro", "Digital-ro", "Balangongdan-ro", "Namdong-daero"))
    parts = [f"{rng.randint(1, 600)}" + rng.choice((",", "")), road + ","]
    parts += [_ROMAN[x] + "," for x in (rng.choice(districts), city) if x]
    text = " ".join(parts) + " " + _ROMAN[prov]
    after = rng.choice(("", f", {rng.randint(10000, 63999)}, Republic of Korea", ", Korea", f" {rng.randint(10000, 63999)}"))
    return [(text, "ADDRESS"), (after, None)]


# --- lexicon terms ----------------------------------------------------------------------------

def company(rng: Rng) -> str:
    name = rng.choice(COMPANIES)
    if not re.search("[가-힣]", name):
        bare = name.split(" Co.")[0]
        return rng.choice((name, bare, f"{bare} Co., Ltd.", f"{bare.upper()} CO., LTD.", f"{bare} Co.,Ltd.", bare.upper()))
    bare = re.sub(r"\(주\)|㈜|주식회사\s?", "", name)
    return rng.choice((f"㈜{bare}", f"(주){bare}", f"주식회사 {bare}", f"{bare}(주)", f"{bare}㈜", f"{bare} 주식회사",
                       f"(주) {bare}", bare, bare, bare))


def company_josa(rng: Rng):
    name = company(rng)
    if re.search("[가-힣]$", name) and rng.random() < 0.6:
        return [(name, "COMPANY"), (_josa(name, *rng.choice((("은", "는"), ("이", "가"), ("과", "와"), ("을", "를")))), None)]
    return [(name, "COMPANY"), (rng.choice(("에", "에서", "의", " 측", "로부터", "에서는")), None)]


def _lex(terms, entity, variants=None):
    def make(rng: Rng):
        term = rng.choice(terms)
        if variants and term in variants and rng.random() < 0.3:
            term = rng.choice(variants[term])
        return [(term, entity)]
    return make


_SPACED = {"스마트밸브 SV-7": ("스마트 밸브 SV-7", "스마트밸브SV-7"), "에어리프트 AL3": ("에어 리프트 AL3",),
           "블루웨일": ("블루 웨일",), "창원2공장": ("창원 2공장",), "화성3공장": ("화성 3공장",)}

# --- hard negatives ---------------------------------------------------------------------------

NOUNS = ("정격전류", "안전모", "조도계", "윤활유", "장기보관", "한계값", "강재", "신호기", "임시저장", "전수검사", "이상발생",
         "고장률", "배관공", "문제점", "유지보수", "김서림", "이물질", "박리", "최대값", "최소값", "강도", "조립", "장비",
         "임계치", "한도", "오차", "서류", "신규", "권한", "황동", "안정화", "송풍기", "홍보", "전압", "유량계", "고정구",
         "문서", "양품", "손상", "배선", "백업", "허용오차", "심압대", "하중", "성형", "차단기", "우선순위", "구동부", "진동",
         "지그", "채터링", "원점복귀", "천장크레인", "방청유", "공구", "현장", "변형", "염수분무", "도장", "소음", "선반",
         "설비", "마모", "길이", "연마", "위치", "표면", "명판", "반제품", "금형", "옥외", "육안검사", "맹판", "안전화",
         "정비", "주간점검", "석션", "노즐", "추가공정", "방진", "원자재", "제전", "백화", "전기실")


def _time(rng: Rng) -> str:
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"


def _date(rng: Rng) -> str:
    y, m, d = rng.randint(2023, 2026), rng.randint(1, 12), rng.randint(1, 28)
    mon = "JanFebMarAprMayJunJulAugSepOctNovDec"[3 * m - 3:3 * m]
    return rng.choice((f"{y}-{m:02d}-{d:02d}", f"{y}.{m}.{d}", f"{y % 100}/{m:02d}/{d:02d}", f"{m}월 {d}일({'월화수목금토일'[d % 7]})",
                       f"{mon} {d}, {y}", f"{d:02d}-{mon.upper()}-{y}", f"{y}{m:02d}{d:02d}", f"{y}년 {m}월 {d}일",
                       f"'{y % 100}.{m:02d}.{d:02d}", f"{m}/{d}"))


NEG = {
    "lot": lambda r: r.choice((f"LOT 25{r.randint(1, 12):02d}{r.randint(1, 28):02d}-{r.choice('ABC')}{_d(r, 3)}",
                               f"Lot#{_d(r, 10)}", f"로트번호 C{_d(r, 2)}-{_d(r, 4)}-{_d(r, 2)}")),
    "serial": lambda r: r.choice((f"S/N {_d(r, 2)}A{_d(r, 7)}", f"SN: FX{_d(r, 6)}", f"시리얼 {r.choice('KJ')}{_d(r, 9)}")),
    "dwg": lambda r: r.choice((f"DWG-{_d(r, 4)}-{r.choice('ABC')} Rev.{r.choice('CDE')}", f"도면번호 D-{_d(r, 2)}-{_d(r, 4)} rev.{r.randint(1, 5)}")),
    "sap": lambda r: r.choice((f"자재코드 1000{_d(r, 5)}", f"SAP PO {4500000000 + r.randint(0, 99999)}", f"MAT {_d(r, 7)}")),
    "wo": lambda r: r.choice((f"WO-2025-{_d(r, 5)}", f"작업지시 25{_d(r, 6)}", f"PM-{_d(r, 6)}")),
    "ts": lambda r: r.choice((f"2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{_time(r)}:{_d(r, 1)}5+09:00",
                              f"2025-0{r.randint(1, 9)}-1{r.randint(0, 9)} {_time(r)}:0{r.randint(0, 9)}.{_d(r, 3)}")),
    "date": _date, "time": _time,
    "meas": lambda r: r.choice((f"{r.randint(1, 99)}.{r.randint(0, 9)} mm", f"{r.randint(1, 9)}.{r.randint(0, 9)} bar",
                                f"0.{r.randint(10, 95)} MPa", f"{r.randint(40, 250)} ℃", "4.7 kΩ", "220 VAC", f"{r.randint(5, 60)} A",
                                f"{r.randint(1, 9)}.{r.randint(0, 9)} kW", f"{r.randint(1, 9)},{_d(r, 3)} kg", f"{r.randint(10, 90)} N·m",
                                "Ra 0.8", "HRC 58~62", f"{r.randint(60, 95)} dB(A)", f"23℃/{r.randint(30, 60)}%RH")),
    "tol": lambda r: r.choice((f"Ø{r.randint(6, 80)}.00 ±0.0{r.randint(1, 5)}", "+0.05/-0.00", f"{r.randint(10, 60)} h7", "±0.1°",
                               f"{r.randint(100, 300)}±{r.randint(1, 5)} mm")),
    "std": lambda r: r.choice(("KS B 0401", "KS C IEC 60204-1", "ISO 9001:2015", "ISO 14001", "IATF 16949", "IEC 61131-3",
                               "ASTM A370", "ASTM B117", "JIS B 1180", "KS B ISO 2768-1", "ISO 45001", "JIS Z 2241")),
    "ver": lambda r: r.choice((f"FW v{r.randint(1, 4)}.{r.randint(0, 20)}.{r.randint(0, 30)}", f"펌웨어 {r.randint(1, 3)}.0{r.randint(1, 9)}.{r.randint(1, 9)}",
                               f"Ver. {r.randint(1, 9)}.{r.randint(0, 9)} build {_d(r, 4)}")),
    "sect": lambda r: r.choice((f"{r.randint(4, 10)}.{r.randint(1, 5)}.{r.randint(1, 6)}항", f"§{r.randint(4, 10)}.{r.randint(1, 5)}",
                                f"제{r.randint(1, 40)}조 {r.randint(1, 5)}항", f"Clause 8.{r.randint(1, 7)}.{r.randint(1, 6)}")),
    "coord": lambda r: r.choice((f"X{r.randint(-300, 300)}.{_d(r, 3)} Y{r.randint(-300, 300)}.{_d(r, 3)} Z{r.randint(0, 99)}.000",
                                 f"35.{_d(r, 4)}°N 128.{_d(r, 4)}°E", "G54 X0 Y0")),
    "price": lambda r: r.choice((f"₩{r.randint(1, 99)},{_d(r, 3)},000", f"{r.randint(1, 99)},{_d(r, 3)}원", f"USD {r.randint(1, 9)},{_d(r, 3)}.00",
                                 f"단가 {r.randint(1, 9)},{_d(r, 3)}원/EA")),
    "qty": lambda r: r.choice((f"{r.randint(1, 500)}EA", f"{r.randint(1, 40)} box", f"{r.randint(1, 9)},{_d(r, 3)}개", f"{r.randint(2, 99)} pcs")),
    "rpm": lambda r: f"{r.choice(('1,500', '1,750', '900'))}~{r.choice(('1,800', '2,400', '3,000'))} rpm",
    "ext": lambda r: r.choice((f"내선 {_d(r, 4)}", f"ext. {_d(r, 4)}", f"(내선 {_d(r, 3)})", f"내선번호 {_d(r, 4)}")),
    "eq": lambda r: r.choice((f"CNC {r.randint(1, 12)}호기", f"사출기 #{r.randint(1, 9)}", f"프레스 P-{r.choice((200, 400, 630))}",
                              f"AGV-{r.randint(1, 9):02d}", "천장크레인 5t", f"컴프레서 C-{r.randint(1, 4)}", f"로봇 R-{r.randint(1, 20)}",
                              f"집진기 DC-{r.randint(1, 5)}", "Siemens S7-1500", "FANUC 0i-MF", "LS ELECTRIC iS7 인버터",
                              "미쓰비시 Q03UDE", f"{r.randint(1, 5)}라인 용접기", "열처리로 #2")),
    "noun": lambda r: r.choice(NOUNS),
    "pct": lambda r: r.choice((f"{r.randint(60, 99)}.{r.randint(0, 9)}%", f"0.{_d(r, 2)}%")),
    "dept": lambda r: r.choice(("생산1팀", "품질보증팀", "생산기술팀", "설비보전팀", "구매팀", "총무팀", "자재팀", "안전환경팀", "IT팀")),
    "area": lambda r: r.choice(("A동 2층", "B동 보일러실", "도장라인", "자재창고 3번 랙", "옥외 저장소", "변전실", "폐수처리장",
                                "출하장 2번 도크", "C동 옥상", "제품창고")),
    "gauge": lambda r: r.choice(("버니어캘리퍼스 0-150mm", "마이크로미터 25-50mm", "하이트게이지 300mm", "압력계 0-10 bar",
                                 "조도계", "절연저항계 1000V", "다이얼게이지 0.01mm", "토크렌치 20-100 N·m")),
    "tool": lambda r: r.choice(("임팩트렌치", "토크렌치 QL50N", "육각렌치 세트", "전동드릴 DCD791", "탭 M8x1.25", "엔드밀 Ø10 4날",
                                "멀티미터 Fluke 87V")),
    "hdpneg": lambda r: r.choice((f"HDP-{_d(r, 4)}", "HDPE", "HDP 라이너")),
    "n": lambda r: str(r.randint(1, 9)), "n3": lambda r: _d(r, 3), "n4": lambda r: _d(r, 4), "n5": lambda r: _d(r, 5),
    "room": lambda r: f"{r.randint(1, 4)}0{r.randint(1, 9)}",
    "endate": lambda r: f"{r.choice(('Mon', 'Tue', 'Wed', 'Thu', 'Fri'))}, Mar {r.randint(1, 28)}, 2025 at {r.randint(1, 12)}:{_d(r, 1)}5 PM",
}
NEG_ANY = ("lot", "serial", "dwg", "sap", "wo", "ts", "date", "meas", "tol", "std", "ver", "sect", "price", "qty", "ext", "eq",
           "noun", "pct", "hdpneg", "rpm", "coord")


SLOTS = {name: (lambda f: lambda rng: [(f(rng), None)])(f) for name, f in NEG.items()}
_ID = lambda entity, f: lambda rng: [(f(rng), entity)]  # noqa: E731
SLOTS.update({
    "neg": lambda rng: [(NEG[rng.choice(NEG_ANY)](rng), None)],
    "p": lambda rng: [(person_ko(rng, latin=True), "PERSON")], "pk": lambda rng: [(korean_name(rng), "PERSON")],
    "fw": _ID("PERSON", lambda rng: rng.choice(FOREIGN_HANGUL)), "staff": _ID("PERSON", lambda rng: rng.choice(STAFF[:-1])),
    "pt": lambda rng: [(person_ko(rng, latin=True), "PERSON"), (_title(rng), None)],
    "ps": _role("subj"), "po": _role("obj"), "pg": _role("gen"), "pd": _role("dat"), "pc": _role("com"),
    "pv": given_only(True), "pcas": given_only(False), "sur": surname_titled(False), "surs": surname_titled(True), "masked": masked,
    "en": _ID("PERSON", person_en), "ro": _ID("PERSON", romanized), "fwr": _ID("PERSON", lambda rng: rng.choice(FOREIGN_ROMAN)),
    "mob": _ID("PHONE", mobile), "tel": _ID("PHONE", landline), "phone": _ID("PHONE", phone), "intl": _ID("PHONE", intl),
    "email": _ID("EMAIL", email), "url": _ID("URL", url), "ip": _ID("IP_ADDRESS", lambda rng: ipv4(rng) if rng.random() < 0.94 else rng.choice((
        "fe80::1a2b:3cff:fe4d:5e6f", f"2001:db8:{rng.randint(1, 999)}::{rng.randint(1, 99)}"))), "mac": _ID("MAC_ADDRESS", mac),
    "ipport": lambda rng: [(ipv4(rng), "IP_ADDRESS"), (rng.choice((":502", ":44818", ":8080", ":102")), None)],
    "rrn": _ID("KR_RRN", lambda rng: _hy(rng, resident_number(rng), (6,), 0.15)),
    "frn": _ID("KR_FRN", lambda rng: _hy(rng, foreigner_number(rng), (6,), 0.15)),
    "brn": _ID("KR_BRN", lambda rng: _hy(rng, business_number(rng), (3, 5), 0.1)),
    "crn": _ID("KR_CRN", lambda rng: _hy(rng, corporate_number(rng), (6,), 0.1)),
    "pp": _ID("KR_PASSPORT", passport), "plate": _ID("VEHICLE_PLATE", plate), "addr": address, "addr_en": address_en,
    "acct": account, "co": _ID("COMPANY", company), "cop": company_josa,
    "proj": _lex(PROJECTS, "PROJECT", _SPACED), "prod": _lex(PRODUCTS, "PRODUCT", _SPACED), "plant": _lex(PLANTS, "PLANT", _SPACED),
    "part": _ID("PART_NO", lambda rng: f"HDP-{_d(rng, 5)}"),
})

POSITIVE = (
    # nonconformance reports
    "NCR-25-{n4} | 품번 {part} | {lot} | 불량유형: 버(Burr) {qty} | 발견자: {p} | 처리: 재작업",
    "[부적합] {date} {eq} 치수 불량 {tol} 이탈, 발견 {pt}, 원인 조사는 {pd} 배정",
    "부적합 보고서 NCR-{n5} 공급사 {co}, 품번 {part}, 측정값 {meas} (규격 {tol}), 담당 {pt}",
    "NCR {n5} 종결: {ps} {noun} 확인 후 {std} 기준 합격 판정",
    # tool crib, forklifts, shifts
    "{date} {time} 공구 대출 | {tool} | 대출자 {p} ({dept}) | 반납예정 {time}",
    "공구실 TOOL-{n4} {tool} 반납 지연 — {pd} 문자 발송 ({mob})", "공구 대출대장: {tool} / {fw} / 승인 {sur} / {date}",
    "지게차 FL-0{n} 일일점검 | 운전자 {p} | 타이어 양호, 포크 마모 {meas}, 경적 양호",
    "지게차 {n}호기 점검표 {date} — 운전자: {fw}, 점검자: {pt}, {noun} 보충 {meas}",
    "{date} 주간(A조) {pk}, {p}, {fw} / 야간(B조) {p}, {fw}", "근무 교대: {p} → {p} ({time} 인수인계, {eq} 가동 중)",
    "[교대근무표] C조 조장 {sur} | 결원: {fw} (연차) | 대체 {pk}",
    # suppliers, customers, engineering changes, calibration
    "[공급사 감사] {co} {date} | 지적사항 {n}건 ({std} {sect}) | 감사원 {pt}",
    "협력사 정기평가: {co} 사업자등록번호 {brn}, 법인등록번호 {crn}, 평가자 {p}",
    "거래처 등록 | 상호 {co} | 사업자 {brn} | 법인 {crn} | 주소 {addr} | 담당 {email}",
    "법인 등기 확인: {co} 법인등록번호 {crn}, 본점 {addr}", "정산 계좌 {acct} / 사업자등록번호 {brn} / {price}",
    "{co} 품질담당 {pt} 연락처 {tel} / {email}", "Supplier audit at {co} ({addr_en}) — lead auditor {en}, finding on {sect}",
    "{cop} 제출한 {std} 인증서 만료({date}), 재발행 요청 — 구매 {pt}",
    "RMA-{n5} 고객: {co} / 담당: {en} ({email}) / 반품 {qty} / 사유: {noun} 불량",
    "RMA {n5} 회수 차량 {plate}, 기사 {mob}, 회수지 {addr}",
    "Customer return RMA#{n5} from {co}: {qty} of {prod}, contact {en}, {intl}",
    "ECR-{n4} 요청자 {p} / 검토 {pt} / 승인 {pt} — {dwg} 개정, {part} → {part}",
    "설계변경요청(ECR) {proj} 대상 {prod}, 변경사유 {noun} 개선, 작성 {p}",
    "ECN released for {part} (rev C→D) by {ro}, affects {plant}",
    "교정 {date} | {gauge} {serial} | 교정자 {p} | 차기 {date} | 결과 합격",
    "CAL-{n4} {gauge} 편차 {tol}, 교정기관 KOLAS, 확인 {pt}",
    "Calibration: {gauge}, uncertainty ±0.00{n} mm (k=2), technician {en}, next due {date}",
    # patrols, foreign workers' dormitory and cafeteria
    "순찰 {time} {area} 이상 없음 (순찰자 {p})", "야간 순찰 {time} {area} 출입문 개방 확인 — {pd} 통보함",
    "안전 순찰: 안전모 미착용 {n}명 적발({area}), 조치자 {sur}",
    "[기숙사 공지] {room}호 {fw}, {fw} — {date} 소방점검, 문의 {mob}", "[식당] {date} 중식 메뉴 변경, 할랄 메뉴 문의는 {pd} {ext}",
    "Dormitory notice: room {room} ({fwr}), fire drill on {date}, contact {en} {intl}",
    "외국인 근로자 {fw} 외국인등록번호 {frn}, 체류만료 {date}, 기숙사 {room}호", "{fw} 씨 급여 {acct} 변경 요청",
    "외국인 고용변동 신고: {fwr} ({frn}), 사업장 {plant}, 담당 {tel}",
    "출입증 발급 {date}: {fw}, 등록번호 {frn}, 차량 {plate}", "{fw}, {fw} 통근버스 {n}호차 탑승, 인솔 {pt}",
    # e-mail
    "From: {p} <{email}>", "보낸 사람: {p} <{email}> | 받는 사람: {p} <{email}>",
    "> {date} 오후 {n}:{n}5, {p} <{email}>님이 작성:", "On {endate}, {en} <{email}> wrote:",
    "> > 참조: {pt}, {pt} / 첨부: {dwg}.pdf", "Cc: {en}; {ro}; {email}",
    "{p} 드림 | {co} 품질보증팀 | T. {tel} | M. {mob} | {email}", "Best regards, {en} | {co} | Mobile {intl} | {url}",
    "> 안녕하세요 {pt}, {lot} 성적서 회신드립니다. 문의는 {phone}",
    # IT helpdesk
    "[ITSM-2025{n4}] 요청자 {p} ({dept}, {ext}) — PC {ip} 네트워크 끊김",
    "헬프데스크: {pg} 노트북 MAC {mac} 등록, 고정IP {ip} 할당", "Ticket #{n5}: {en} cannot reach MES {url}, gateway {ip}",
    "{eq} HMI {ipport} 통신 두절, 스위치 포트 {n} 교체 ({ver})", "AP 교체: MAC {mac} → {mac}, 위치 {area}, IP {ip}",
    "PLC 주소 변경 {ip} → {ip}, 엔지니어링 PC {url}",
    # overtime, permits to work, HR
    "연장근로 신청 | 성명 {p} | {date} {time}~{time} | 사유 {noun} | 승인 {sur}",
    "특근 신청: {pk}, {fw}, {p} ({date} 토요일 {time}~{time})", "{ps} 야간 특근 신청했는데 아직 승인 대기 중",
    "작업허가서 PTW-{n4} | 업체 {co} | 작업자 {fw} ({frn}) | 화기작업 | 감시인 {p}",
    "밀폐공간 작업허가 {date}: 협력업체 {co} {pt} 외 {n}명, 차량 {plate}",
    "Hot work permit PTW-{n4}: contractor {en}, passport {pp}, area {area}",
    "신규 입사자 {pk} 주민등록번호 {rrn}, 급여계좌 {acct}", "4대보험 취득신고: {p} ({rrn}), 입사일 {date}",
    "원천징수 대상 {rrn} / 주소 {addr}", "Employee ID {n5}, RRN {rrn}, mobile {intl}",
    "퇴직금 지급 {acct}, 예금주 {p}", "출장자 {p} 여권번호 {pp}, 출국 {date} 인천 {time}",
    "여권 사본 접수 {pp} / {pp} (해외 시운전, {date})", "Visitor: {en} ({co}), passport {pp}, escorted by {pt}",
    "{masked} 고객 클레임 접수, 연락처 {phone}", "Wire transfer to {co}, {acct}, SWIFT HNBNKRSE, {price}",
    # logistics and addresses
    "입고 {time} 차량 {plate} 기사 {p} {mob} — {part} {qty}", "주차 등록 차량 {plate} / {plate} ({dept})",
    "납품처: {addr} / 인수자 {pt} {tel}", "배송지 {addr}, 수령인 {masked} {phone}",
    "Ship to: {addr_en}, Attn. {en}, Tel {intl}", "본사 {addr} | 대표전화 {phone} | 팩스 {tel}",
    "{plant} 신규 창고 주소 {addr}, 현장소장 {pt}", "세금계산서: {co} / 사업자번호 {brn} / 대표 {pk} / {email}",
    "[출하] {prod} {qty} → {co} {plant} 경유, 차량 {plate}",
    # free Korean sentences
    "어제 {ps} {eq} 금형을 교체하다가 {noun} 누유를 발견했다.", "{pd} {lot} 샘플을 전달했고, 결과는 다음 주에 회신 예정",
    "이번 건은 {pc} 같이 {area}에서 재검사하기로 함", "{pg} 보고서에 따르면 {noun} 원인은 {meas} 초과였다",
    "오늘 아침 {po} 찾는 전화가 {n}통 왔습니다 ({ext})", "{pv}, {eq} 알람 떴다, 빨리 와봐",
    "{pcas} {plant} 간다던데 {proj} 때문인가?", "{sur} 말로는 {prod} 시제품 {qty} 중 {n}개가 {noun} 불합격",
    "{p}하고 {p} 둘 다 {date}부터 휴가라서 {eq} 담당이 없음", "회의록: 참석 {pt}, {pt}, {en} / 안건 {proj} 일정",
    "{plant}에서 {pc} 함께 {noun} 개선 TFT 진행 중", "{pd} 전달 부탁드려요~ {prod} 도면은 {url}에 있어요",
    "카톡) {p}: {n}라인 멈췄어요 {time}", "{cop} {part} 단가 {price} 인상 요청, {pt} 검토",
    "{po} {proj} PM으로 지정, {plant} 상주", "{ps} {co} 방문 후 {plant} 복귀 ({date})",
    "{surs} 오늘 {area} 점검하고 {ps} 보고서 작성",
    # English
    "Per {en}, the {eq} spindle was replaced; vibration now {meas}.", "{ro} and {en} will attend the {std} audit on {date}.",
    "Please ask {ro} ({email}) about {part}.", "Meeting with {co} — attendees: {en}, {ro}, {pt}",
    "{en} approved the deviation for {prod} at {plant}, ref {dwg}",
)

NEGATIVE = (
    "{lot} 생산분 외관 {noun} 합격, 수량 {qty}", "{dwg} 개정: {tol} → {tol}, {std} 적용",
    "{ts} {eq} 알람 E-{n3} 발생, {noun} 후 복귀", "{std} {sect}에 따라 {noun} 실시",
    "회전수 {rpm}, 진동 {n}.{n} mm/s, 온도 {n}{n} ℃", "{ver} 업데이트 ({eq}), 재부팅 후 정상",
    "{wo} 완료 {qty}, {sap}", "{price}, 납기 {date}, 수량 {qty}", "좌표 {coord} 원점 재설정 ({eq})",
    "문의는 품질보증팀 {ext}", "화재 발생 시 119 신고 후 {area}로 대피", "과장님 지시: {noun} 강화, 반장님 확인 후 보고",
    "전 직원 안전모 착용, 정격전류 {meas} 초과 금지", "Torque spec {n}{n} N·m per {std} {sect}",
    "Line {n} OEE {pct} on {date}, BOM rev {n}", "Will ship on May {n}; mark rejected parts in red",
    "{hdpneg} 사양 단종, HDPE 배관 {meas}", "{date} 정기점검 결과 이상 없음 ({dept})",
    "고객님 요청: 포장 단위 {qty}로 변경", "한계값 {meas}, 이상발생 시 장기보관 품목 전수검사",
    "{ts} 로그: {eq} {ver}, CPU {pct}", "고장률 {pct}, Cpk 1.{n}{n}, MTBF {n3} h, {noun} 주기 {n}개월",
    "신호기 {n}번 점등 불량, 배관공 {n}명 투입", "조도계 측정 {n3} lx, 기준 {std}",
    "윤활유 {n}{n} L 보충, 임시저장 구역 {area}", "강재 입고 {qty}, 밀시트 {lot}",
    "{serial} 모터 교체, {rpm} 시운전 OK", "{gauge} 교정 유효기간 {date}까지, {tol}",
    "{dept} 회의 {time} 대회의실, 안건: {noun} 문제점 검토", "작업표준서 {sect} 개정, 유지보수 주기 {n}주",
    "{eq} {noun} 교체 {price} (부가세 별도)", "교대 인수인계: {eq} 정상, {noun} 이상 없음",
    "Shift handover: {eq} OK, scrap {qty}, {pct} yield", "{date} {time} 사장님 현장 순시 예정, {area} 정리정돈",
    "작업자 전원 안전교육 이수 ({date}, {n}시간)", "{neg} / {neg} / {neg}",
)


def build_blind(seed: int = 3, lines: int = 1000, negative_share: float = 0.22) -> list[LabelledLine]:
    """``lines`` labelled lines from ``seed``; about ``negative_share`` of them hold no gold span."""
    rng = random.Random(seed)
    negative = set(rng.sample(range(lines), round(lines * negative_share)))
    return [render(rng.choice(NEGATIVE if i in negative else POSITIVE), rng, SLOTS) for i in range(lines)]


if __name__ == "__main__":
    describe(build_blind(int(sys.argv[1]) if len(sys.argv) > 1 else 3, int(sys.argv[2]) if len(sys.argv) > 2 else 1000),
             25, seed=4)
