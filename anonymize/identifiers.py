"""Pattern detectors for Korean and international identifiers, with checksums where they exist.

Each detector yields ``(start, end, entity)`` for one text. Checksums and context keep plant
codes out: a 13-digit lot number after "LOT" is not a resident number, a part number is
not a passport, a circuit number is not an address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Found = tuple[int, int, str]

_SIDO = (r"(?:서울|부산|대구|인천|광주|대전|울산|세종)(?:특별시|광역시|특별자치시|시)?|"
         r"(?:경기|강원|충청북|충청남|전라북|전라남|경상북|경상남|전북|제주)(?:특별자치)?도")
_ADDRESS = re.compile(
    rf"(?:(?:{_SIDO})\s+)?(?:[가-힣]{{1,6}}[시군구]\s+){{0,3}}(?:[가-힣]{{1,6}}[읍면]\s+)?"
    r"[가-힣A-Za-z0-9]{1,12}(?:로|길)\s?\d{1,4}(?:-\d{1,4})?(?:번길\s?\d{1,4}(?:-\d{1,4})?)?(?![\d가-힣])"
)
_ADDRESS_PREFIX = re.compile(rf"^(?:(?:{_SIDO})|[가-힣]{{1,6}}[시군구])\s")
_PHONE = re.compile(
    r"(?<![\d+\-.])(?:"
    r"(?:\+82[-.\s]?(?:\(0\))?|0)(?:1[016789]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8])[-.\s)]?\d{3,4}[-.\s]?\d{4}"
    r"|\(0(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)\)\s?\d{3,4}[-.\s]?\d{4}"
    r"|1[568]\d{2}-\d{4}"
    r")(?![\d\-])"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]가-힣]+")
_IPV4 = re.compile(r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.]|\.\d)")
_MAC = re.compile(r"(?<![\w:-])(?:[0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])")
_THIRTEEN = re.compile(r"(?<![\w-])(\d{6})(-?)(\d{7})(?![\w-])")
_BRN = re.compile(r"(?<![\w-])(\d{3})(-?)(\d{2})\2(\d{5})(?![\w-])")
_PLATE = re.compile(
    r"(?<![\w가-힣])(?:(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)\s?)?"
    r"\d{2,3}\s?[가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배허하호]\s?\d{4}(?![\w가-힣])"
)
_PASSPORT_NEW = re.compile(r"(?<![\w-])[MSRODG]\d{3}[A-Z]\d{4}(?![\w-])")
_PASSPORT_OLD = re.compile(r"(?<![\w-])[MSRODG]\d{8}(?![\w-])")
_BANKS = (r"계좌(?:번호)?|입금|account(?:\s+no\.?)?|acct\.?|국민은행|신한은행|우리은행|하나은행|농협|기업은행|IBK|KB|"
          r"SC제일은행|카카오뱅크|토스뱅크|수협|우체국|새마을금고|산업은행|대구은행|부산은행|경남은행")
_ACCOUNT = re.compile(rf"(?:{_BANKS})[\s:：]{{0,3}}(?:[가-힣A-Za-z]{{0,8}}[\s:：]{{0,3}})?"
                      r"(\d{2,6}(?:-\d{2,7}){1,3}|\d{10,14})(?![\d-])", re.IGNORECASE)

_PASSPORT_CUE = re.compile(r"여권|passport", re.IGNORECASE)
_CODE_CUE = re.compile(r"(?:LOT|lot|Lot|S/N|SN|Serial|로트|시리얼|제조번호|P/N|PN|품번|도번|도면|부품)\s*(?:No\.?)?\s*[:#.]?\s*$")
_CORPORATE_CUE = re.compile(r"법인")


def _digits(text: str) -> list[int]:
    return [int(c) for c in text if c.isdigit()]


def resident_checksum(number: str) -> bool:
    """The check digit of a resident registration number (issued before October 2020)."""
    d = _digits(number)
    return len(d) == 13 and (11 - sum(a * b for a, b in zip(d, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5))) % 11) % 10 == d[12]


def corporate_checksum(number: str) -> bool:
    """The check digit of a corporate registration number (법인등록번호)."""
    d = _digits(number)
    return len(d) == 13 and (10 - sum(x * (1 + i % 2) for i, x in enumerate(d[:12])) % 10) % 10 == d[12]


def business_checksum(number: str) -> bool:
    """The check digit of a business registration number (사업자등록번호)."""
    d = _digits(number)
    if len(d) != 10:
        return False
    total = sum(a * b for a, b in zip(d[:9], (1, 3, 7, 1, 3, 7, 1, 3, 5))) + d[8] * 5 // 10
    return (10 - total % 10) % 10 == d[9]


def _birth_date(six: str) -> bool:
    month, day = int(six[2:4]), int(six[4:6])
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def _before(text: str, start: int, cue: re.Pattern, width: int = 16) -> bool:
    return bool(cue.search(text[max(0, start - width):start]))


def thirteen_digit(text: str) -> Iterator[Found]:
    """Resident, foreigner and corporate registration numbers (YYMMDD-GNNNNNN and NNNNNN-NNNNNNN)."""
    for m in _THIRTEEN.finditer(text):
        if _before(text, m.start(), _CODE_CUE):
            continue
        number, hyphen, gender = m.group(0), bool(m.group(2)), m.group(3)[0]
        person = _birth_date(m.group(1)) and gender in "12345678"
        if _before(text, m.start(), _CORPORATE_CUE, 12) and corporate_checksum(number):
            yield m.start(), m.end(), "KR_CRN"
        elif person and resident_checksum(number):
            yield m.start(), m.end(), "KR_RRN" if gender in "1234" else "KR_FRN"
        elif corporate_checksum(number) and hyphen:
            yield m.start(), m.end(), "KR_CRN"
        elif person and hyphen:  # numbers issued since October 2020 carry no check digit
            yield m.start(), m.end(), "KR_RRN" if gender in "1234" else "KR_FRN"


def business_number(text: str) -> Iterator[Found]:
    for m in _BRN.finditer(text):
        if business_checksum(m.group(0)) and (m.group(2) or _before(text, m.start(), re.compile("사업자"), 12)):
            yield m.start(), m.end(), "KR_BRN"


def address(text: str) -> Iterator[Found]:
    """Road-name addresses: they need an administrative area before the road or a 번길 after it."""
    for m in _ADDRESS.finditer(text):
        found = m.group(0)
        if _ADDRESS_PREFIX.match(found) or "번길" in found:
            yield m.start(), m.end(), "ADDRESS"


def passport(text: str) -> Iterator[Found]:
    for m in _PASSPORT_NEW.finditer(text):
        if not _before(text, m.start(), _CODE_CUE):
            yield m.start(), m.end(), "KR_PASSPORT"
    for m in _PASSPORT_OLD.finditer(text):
        if _before(text, m.start(), _PASSPORT_CUE, 20):
            yield m.start(), m.end(), "KR_PASSPORT"


def account(text: str) -> Iterator[Found]:
    for m in _ACCOUNT.finditer(text):
        yield m.start(1), m.end(1), "BANK_ACCOUNT"


def _simple(pattern: re.Pattern, entity: str):
    def detect(text: str) -> Iterator[Found]:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), entity
    return detect


def _url(text: str) -> Iterator[Found]:
    for m in _URL.finditer(text):
        yield m.start(), m.start() + len(m.group(0).rstrip(".,;:!?")), "URL"


# (detector, a cheap test that the text could hold what it detects)
DETECTORS = (
    (thirteen_digit, lambda t: any(c.isdigit() for c in t)),
    (business_number, lambda t: any(c.isdigit() for c in t)),
    (_simple(_PHONE, "PHONE"), lambda t: any(c.isdigit() for c in t)),
    (_simple(_EMAIL, "EMAIL"), lambda t: "@" in t),
    (_url, lambda t: "www." in t or "://" in t),
    (_simple(_IPV4, "IP_ADDRESS"), lambda t: "." in t),
    (_simple(_MAC, "MAC_ADDRESS"), lambda t: ":" in t or "-" in t),
    (address, lambda t: "로" in t or "길" in t),
    (_simple(_PLATE, "VEHICLE_PLATE"), lambda t: any(c.isdigit() for c in t)),
    (passport, lambda t: any(c.isdigit() for c in t)),
    (account, lambda t: any(c.isdigit() for c in t)),
)


def identifiers(text: str) -> list[Found]:
    """Every identifier found in ``text`` (may overlap; the redactor resolves overlaps)."""
    found: list[Found] = []
    for detect, applies in DETECTORS:
        if applies(text):
            found.extend(detect(text))
    return found
