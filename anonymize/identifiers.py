"""Pattern detectors for Korean and international identifiers, with checksums where they exist.

Each detector yields ``(start, end, entity)`` for a text, or for the texts of a batch joined by
``batch.SEP`` (no pattern matches across it and no cue is looked for beyond it). Checksums and context keep plant
codes out: a 13-digit lot number after "LOT" is not a resident number, a part number is
not a passport, a circuit number is not an address, a firmware version is not an IP address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from anonymize.batch import FIVE_DIGITS, SEP, SIX_DIGITS, Batch, Digits, Literals, anchored

Found = tuple[int, int, str]

_SIDO = (r"(?:서울|부산|대구|인천|광주|대전|울산|세종)(?:특별시|광역시|특별자치시|시)?|"
         r"(?:경기|강원|충청북|충청남|전라북|전라남|경상북|경상남|전북|제주)(?:특별자치)?도|"
         r"경기|강원|충북|충남|전북|전남|경북|경남|제주")
# Area, road (with an optional numbered side road: 테헤란로 43길), building number, then what follows
# it on the envelope: a (동명) note and the unit (101동 202호, 3층).
_ADDRESS = re.compile(
    rf"(?:(?:{_SIDO})\s+)?(?:[가-힣]{{1,6}}[시군구]\s+){{0,3}}(?:[가-힣]{{1,6}}[읍면]\s+)?"
    r"(?:[가-힣]{1,6}\s(?=\d{1,3}(?:로|길)))?[가-힣A-Za-z0-9]{1,12}(?:로|길)(?:\s?\d{1,4}(?:번?길))?\s?\d{1,4}(?:-\d{1,4})?"
    r"(?:번길\s?\d{1,4}(?:-\d{1,4})?)?(?![\d가-힣])"
    r"(?:,?\s?(?:\d{1,4}동\s?)?\d{1,5}호|,?\s?\d{1,3}층)?(?:\s?\([가-힣\d,.\s]{1,30}\))?"
)
# A lot-number address (지번): a city, county or district, then the 동/리/가 and the lot (가산동 60-18, 산 12).
_LOT_ADDRESS = re.compile(
    rf"(?:(?:{_SIDO})\s+)?(?:[가-힣]{{1,6}}[시군구]\s+){{1,3}}(?:[가-힣]{{1,6}}[읍면]\s+)?[가-힣0-9]{{1,8}}[동리가]\s?"
    r"(?:산\s?)?\d{1,5}(?:-\d{1,5})?(?![\d가-힣])(?:,?\s?(?:\d{1,4}동\s?)?\d{1,5}호|,?\s?\d{1,3}(?:층|블록))?"
)
# The same addresses written in English order: 95, Gongdan-ro, Seongsan-gu, Changwon-si, Gyeongsangnam-do;
# 12 Sandan 3-ro Danwon-gu; 45, AB-ro, Dongan-gu.
_EN_AREA = r"[A-Z][A-Za-z]+(?:-[a-z]+)*-(?:dong|eup|myeon|gu|si|gun|do|ri)(?![A-Za-z])"
_EN_ADDRESS = re.compile(
    r"(?<![\w,-])(?:\d{1,5}(?:-\d{1,4})?,?\s)?[A-Z][A-Za-z]*(?:[\s-][A-Za-z0-9]+){0,2}?-(?:ro|gil|daero)(?![A-Za-z])"
    r"(?:\s?\d{1,4}(?:beon)?-?gil)?(?:,?\s\d{1,5}(?:-\d{1,4})?(?![\w-]))?"
    rf"(?:,?\s{_EN_AREA})*"
    r"(?:,?\s(?:Seoul|Busan|Daegu|Incheon|Gwangju|Daejeon|Ulsan|Sejong)(?![a-z]))?"
)
# What is left of an address after a found part: areas, a city, the country (Seongsan-gu, Changwon Korea).
_EN_AREAS = re.compile(rf"(?<![\w-]){_EN_AREA}(?:,?\s{_EN_AREA})*(?:,?\s[A-Z][a-z]+(?:-si)?)?"
                       r"(?:,?\s(?:\d{5},?\s)?(?:(?:Republic\sof\s)?Korea|KOREA|South\sKorea|R\.?O\.?K\.?)(?![A-Za-z]))?")
# Street addresses of other countries (100 Park Avenue, 3050 Spruce Street, Carl-Bosch-Strasse 38, P.O. Box 14460).
_STREET_WORDS = ("Street|St\\.?|Avenue|Ave\\.?|Road|Rd\\.?|Drive|Dr\\.?|Boulevard|Blvd\\.?|Lane|Ln\\.?|Way|Parkway|Pkwy\\.?|"
                 "Place|Pl\\.?|Court|Ct\\.?|Circle|Cir\\.?|Highway|Hwy\\.?|Route|Square|Terrace|Trail|Pike|Turnpike")
_STREETS = _STREET_WORDS + "|" + _STREET_WORDS.upper()
_STREET = re.compile(
    rf"(?<![\w.,-])(?:\d{{1,6}}[A-Za-z]?|One|ONE)\s(?:[NSEW]\.?\s|(?:North|South|East|West)\s)?(?:[A-Z][A-Za-z.'-]*\s){{1,3}}"
    rf"(?:{_STREETS})(?![A-Za-z])(?:,?\s(?:Suite|Ste\.?|Unit|Bldg\.?|Building|Floor|Fl\.?)\s?#?\w{{1,6}})?"
    r"|(?<![\w-])[A-Z][a-zäöü]+(?:[\s-][A-Z][a-zäöü]+)*-?(?:[Ss]tra(?:ss|ß)e|str\.|[Ww]eg|[Pp]latz|[Aa]llee|laan|straat|"
    r"plein|dreef|kade|singel|gasse|ring)\s\d{1,4}[a-z]?(?![\w-])"
    r"|(?<![\w-])(?:P\.?\s?O\.?\s?Box|Post\sOffice\sBox|PO\sBOX|P\.O\.\sBOX)\s\d{1,7}(?![\w-])")
_STATES = "|".join(f"{state}|{state.upper()}" for state in (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia",
    "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
    "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
    "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming", "Ontario", "Quebec"))
# City, state and ZIP code (Florham Park, NJ 07932-1049; NORTH BERGEN, NEW JERSEY 07047; D-36124 Eichenzell); a postcode and city before a country (67056 Ludwigshafen, GERMANY).
_CITY_POSTCODE = re.compile(
    r"(?<![\w-])(?:[A-Z][A-Za-z.'-]+\s){0,2}[A-Z][A-Za-z.'-]+,?\s(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|"
    r"LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|ON|QC|BC|AB)"
    r"\.?,?\s\d{5}(?:-\d{4})?(?!\d)"
    rf"|(?<![\w-])(?:[A-Z][A-Za-z.'-]+\s){{0,2}}[A-Z][A-Za-z.'-]+,\s(?:{_STATES})\s\d{{5}}(?:-\d{{4}})?(?!\d)"
    r"|(?<![\w-])(?:D|A|CH|F|B|NL|I|E|S|DK|PL|L|FIN|N|CZ|H)-\d{4,5}\s[A-Z][A-Za-zäöüß-]{3,}"
    r"|(?<![\w-])(?:[A-Z]{1,2}-)?\d{4,5}\s[A-Z][A-Za-zäöüÄÖÜß.-]+(?:\s(?:am|an|bei|a\.)\s?[A-Z][a-z]+)?"
    r"(?=,?\s(?:Germany|GERMANY|Deutschland|France|FRANCE|Switzerland|SWITZERLAND|Belgium|Netherlands|Austria|Italy|Spain|"
    r"Sweden|Denmark|Poland|Korea|KOREA|Japan|JAPAN|China|CHINA)(?![A-Za-z]))")
# UK and Canadian postcodes (RG7 4QW, EC1A 1BB, M5V 3L9): their own shape, nothing else looks like them.
_FOREIGN_POSTCODE = re.compile(r"(?<![\w-])(?:[A-Z][A-Za-z.'-]+(?:\s[A-Z][A-Za-z.'-]+)?,?\s(?:[A-Z]{2}\s)?)?"
                               r"(?:(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPS-UW\d]?|GIR)\s\d[ABD-HJLNP-UW-Z]{2}"
                               r"|[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s\d[ABCEGHJ-NPRSTV-Z]\d)(?![\w-])")
_CAS = re.compile(r"(?<![\d-])\d{2,7}-\d{2}-\d(?![\d-])")  # a CAS registry number (7732-18-5) is no phone
# Any number after a phone or fax cue (Tel: 01234 567 890, FAX (0) 1234-56789): a cue says what it is.
_PHONE_CUES = ("Tel", "TEL", "Phone", "PHONE", "Telephone", "TELEPHONE", "Fax", "FAX", "Facsimile", "Mobile", "Hotline",
               "전화", "팩스", "휴대폰", "연락처")
_CUED_PHONE = re.compile(rf"(?<![A-Za-z])(?:{'|'.join(_PHONE_CUES)})(?:\s?(?:No|Number|number|no|번호)\.?)?\s*[.:：]?\s*"
                         r"(\+?\s?(?:\(\d{1,4}\)\s?)?\d{1,5}(?:[\s.\-/]\d{2,5}){1,4})(?![\d])")
# A postcode after its cue (우편번호 13590, (우)08502, Zip: 07932, Postal code 463-400).
_POSTCODE = re.compile(r"(?:우편번호|\(우\)|우\)|(?<![A-Za-z])(?:Zip(?:\s?code)?|ZIP|Postal\s?[Cc]ode|Post\s?[Cc]ode|Postcode))"
                       r"\s*[:.]?\s*(\d{5}(?:-\d{4})?|\d{3}-\d{3})(?![\d-])")
# Vehicle identification numbers: 17 characters without I, O, Q; the check digit (9th) or a cue decides.
_VIN = re.compile(r"[A-HJ-NPR-Z0-9](?<![\w-].)[A-HJ-NPR-Z0-9]{16}(?![\w-])")
_VIN_CUE = re.compile(r"VIN|차대\s?번호|차대|vehicle|chassis|frame", re.IGNORECASE)
_VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ",
                                                             (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6,
                                                              7, 8, 9)))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_ADDRESS_PREFIX = re.compile(rf"^(?:(?:{_SIDO})|[가-힣]{{1,6}}[시군구])\s")
_AREA = r"(?:1[016789]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8])"  # mobile, landline, 070, 050x
_SUBSCRIBER = r"(?:[-.\s)]?\d{3,4}[-.\s]?|\s[-.]\s\d{3,4}\s[-.]\s)\d{4}"
# Led by its first character (+, (, 0, 1 or 8) so re skips to it; each branch then looks back at it. After a
# number: its alternates and extension (02-123-4567/4599, ~9, ext. 12, 내선 301).
_ALTERNATES = r"(?:\s?[/~,]\s?\d{2,4}(?![\d.,-]\d))*(?:\s?(?:ext\.?|Ext\.?|EXT\.?|x|내선|\(내선\))\s?\d{1,5}|\s?\(내선\s?\d{1,5}\))?"
_PHONE = re.compile(
    r"[+(018](?<![\d+\-.].)(?:"
    rf"(?<=\+)\s?82[-.\s]?(?:\(0\)\s?)?{_AREA}(?:{_SUBSCRIBER}|[-.\s]\d{{3,4}}[-.\s]\d{{3,4}})"
    rf"|(?<=8)2[-.\s](?:\(0\)\s?)?{_AREA}{_SUBSCRIBER}"
    rf"|(?<=0){_AREA}{_SUBSCRIBER}"
    r"|(?<=\()0(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)\)\s?\d{3,4}[-.\s]?\d{4}"
    r"|(?<=1)[568]\d{2}[-.\s]\d{4}"
    # +49 89 1109 4541, + 44 1234 567890, +1 (248) 555-0115, +49 621 60-0; 001-201-796-7100 (dialled from abroad)
    r"|(?<=\+)\s?(?!82)[1-9]\d{0,2}(?:[\s.-]?(?:\(\d{1,4}\)|\d{1,6})){2,4}"
    r"|(?<=0)0[1-9]\d{0,2}[-\s](?:\(\d{1,4}\)|\d{1,4})(?:[\s.-]\d{2,4}){1,3}"
    rf"){_ALTERNATES}(?![\d\-])"
)
# Numbers spelled with letters: 1-800-832-HELP (4357), 001-800-ACROS-01.
_VANITY = re.compile(r"(?<![\w+\-.])(?:0{0,2}1[-.\s])?8(?:00|33|44|55|66|77|88)[-.\s](?=[A-Z0-9-]{4,9}\b)(?=[\d-]*[A-Z])"
                     r"[A-Z0-9]{2,5}(?:-[A-Z0-9]{2,5}){0,2}(?:\s?\(\d{4}\))?(?![\w-])")
# North American numbers: 1-800-424-9300, (201) 555-0100, 800.424.9300 (a bare 201-555-0100 needs a cue).
_NANP = re.compile(r"(?<![\w+\-.])(?:(1[-.\s])?(\()?[2-9]\d{2}(?(2)\)\s?|[-.\s])|1[-.\s][2-9]\d{2}[-.\s])"
                   rf"[2-9]\d{{2}}[-.]\d{{4}}{_ALTERNATES}(?![\w\-])")
# 1500-1800 rpm is a range, not a 15xx number: a unit or a range word gives it away.
_RANGE_UNIT = re.compile(r"\s?(?:rpm|mm|kg|kN|kW|W|V|A|Hz|bar|MPa|psi|℃|°C|%|개|회|EA|ea|spm|SPM)(?![A-Za-z가-힣])")
_PHONE_CUE = re.compile(r"전화|연락처?|문의|콜센터|고객센터|(?<![A-Za-z])(?:Tel|Phone|T|Call)\.?\s*:?\s*$", re.IGNORECASE)
_NANP_CUE = re.compile(r"(?<![A-Za-z])(?:tel|phone|telephone|fax|call|emergency|contact|hotline|number|no|toll|free|"
                       r"information|chemtrec|24\s?h(?:ou)?rs?|전화|팩스)\b[^\n]{0,40}$", re.IGNORECASE)
_RANGE_CUE = re.compile(r"(?:회전수|범위|구간|속도|rpm|RPM|~)\s*$")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"'()\[\]가-힣\ue000]+")
# A bare host name on a web TLD (daehan-precision.co.kr); file names (report.xlsx) end otherwise.
_DOMAIN = re.compile(r"(?<![\w.@/-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                     r"(?:co\.kr|or\.kr|go\.kr|ac\.kr|re\.kr|ne\.kr|kr|com|net|org|io|biz|jp|cn|de)(?![\w.-]|\.\w)"
                     r"(?:/[^\s<>\"'()\[\]가-힣\ue000]*)?", re.IGNORECASE)
_IPV4 = re.compile(r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\w|\.\w)")
_IPV4_SHAPE = re.compile(r"\d(?<![\w.]\d)\d{0,2}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\w|\.\w)")  # octets checked after
_IPV6 = re.compile(r"(?<![\w:.])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
                   r"|(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6}"
                   r"|(?:[0-9A-Fa-f]{1,4}:){1,7}:|::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4})(?![\w:])")
# Patterns led by a character class, their left boundary checked after it (``X(?<!…X)``): Python's re
# skips ahead to the class instead of trying the lookbehind at every position.
_MAC = re.compile(r"[0-9A-Fa-f](?<![\w:-].)[0-9A-Fa-f](?:([:-])[0-9A-Fa-f]{2}){5}(?![\w:-])"
                  r"|[0-9A-Fa-f](?<![\w.].)[0-9A-Fa-f]{3}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])")
_BARE_MAC = re.compile(r"[0-9A-Fa-f](?<![\w:.-].)[0-9A-Fa-f]{11}(?![\w:.-])")
_MAC_CUE = re.compile(r"MAC|맥\s?주소|하드웨어\s?주소", re.IGNORECASE)
_THIRTEEN = re.compile(r"(\d(?<![\w-]\d)\d{5})(\s?-\s?| )?(\d{7})(?![\w-])")
_MASKED_RRN = re.compile(r"\d(?<![\w-]\d)\d{5}\s?-\s?(?:[1-8][*xX●]{6}|[*xX●]{7})(?![\w*])")
_BRN = re.compile(r"(?<![\w-])(\d{3})(-| )?(\d{2})(?(2)\2)(\d{5})(?![\w-])")
_PLATE = re.compile(
    r"(?<![\w가-힣])(?:(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)\s?)?"
    r"\d{2,3}(\s?)([가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배허하호])\s?"
    r"\d{4}(?![\w가-힣])"
)
# Counters that read like plate letters (90도 1500, 202호 1234): spaced, they need a vehicle word before.
_COUNTERS = frozenset("도조구부주배호")
_VEHICLE_CUE = re.compile(r"차량|화물차|트럭|승용차|차번|번호판|입차|출차|주차|출입|vehicle|plate|truck|\bcar\b", re.IGNORECASE)
_VEHICLE_AFTER = re.compile(r"\s?(?:진입|입차|출차|정문|주차|차량)")
# Driver's licences: region 11-28, two digits, six digits, two digits (11-12-345678-90).
_LICENCE = re.compile(r"(?<![\w-])(?:1[1-9]|2[0-8])-\d{2}-\d{6}-\d{2}(?![\w-])")
# M123A4567 (since 2021) or M12345678 (before; a part number too, so it needs a cue).
_PASSPORT = re.compile(r"(?<![\w-])[MSRODG]\d{3}(?:[A-Z]\d{4}|\d{5})(?![\w-])")
_BANKS = (r"계좌(?:번호)?|입금|예금|account(?:\s+no\.?)?|acct\.?|a/c(?:\s+no\.?)?|(?:KB)?국민(?:은행)?|신한(?:은행)?|우리은행|하나은행|"
          r"(?:NH)?농협(?:은행)?|기업은행|IBK|KB|SC제일은행|씨티은행|카카오뱅크|케이뱅크|토스뱅크|수협|우체국|새마을금고|"
          r"신협|산업은행|대구은행|iM뱅크|부산은행|경남은행|광주은행|전북은행|제주은행")
_BANK_HINTS = ("계좌", "입금", "예금", "은행", "국민", "신한", "농협", "뱅크", "수협", "우체국", "새마을", "신협", "(하나)", "A/C", "a/c",
               "(우리)", "(기업)", "(IBK", "(KB",
               "IBK", "KB", "cct", "CCT", "ccount", "CCOUNT")
_ACCOUNT = re.compile(rf"(?<![A-Za-z])(?:{_BANKS})(?![A-Za-z])[\s:：/\[\]]{{0,4}}"
                      rf"(?:[가-힣A-Za-z]{{0,8}}[\s:：/\[\]]{{0,4}})?"
                      r"(\d{2,6}(?:-\d{1,7}){1,3}|\d{10,14})(?![\d-])", re.IGNORECASE)
# The bank written after the number: 8054-20-2027885(카카오뱅크), 279-795049-51352(하나).
_BANK_NAMES = ("(?:KB)?국민|신한|우리|하나|(?:NH)?농협|(?:IBK)?기업|IBK|KB|SC제일|씨티|카카오뱅크|케이뱅크|토스뱅크|수협|우체국|"
               "새마을금고|신협|산업|대구|iM뱅크|부산|경남|광주|전북|제주")
_ACCOUNT_BANK_AFTER = re.compile(rf"(?<![\w-])(\d{{2,6}}(?:-\d{{1,7}}){{1,3}}|\d{{10,14}})\s?"
                                 rf"\((?:{_BANK_NAMES})(?:은행)?\)")

_PASSPORT_CUE = re.compile(r"여권|passport|출국|입국|visa|비자", re.IGNORECASE)
_RESIDENT_CUE = re.compile(r"주민|외국인|등록번호|RRN", re.IGNORECASE)
# Latin cue words only as whole words: "Server" does not end in a version cue, "Department" holds no "Part".
_CODE_CUE = re.compile(r"(?:(?<![A-Za-z])(?:LOT|S/N|SN|Serial|barcode|EAN|JAN|UPC|P/N|PN|Part|Model|Code)|로트|시리얼|제조|일련|"
                       r"바코드|품번|품목|도번|도면|부품|자재|제품|모델|코드)\s*(?:No\.?|번호|코드|#)?\s*[:#.：=]?\s*$", re.IGNORECASE)
_CORPORATE_CUE = re.compile(r"법인|(?<![A-Za-z])CRN|corporate\s+registration", re.IGNORECASE)
_BUSINESS_CUE = re.compile(r"사업자|공급자|공급받는\s?자|"
                           r"(?<![A-Za-z])(?:BRN|business\s+(?:registration\s+)?(?:no|number)|tax\s+id)",
                           re.IGNORECASE)
_VERSION_CUE = re.compile(r"(?:(?<![A-Za-z])(?:ver(?:sion)?|rev|firmware|F/?W|S/?W|OS|build|recipe|logic)"
                          r"|버전|펌웨어|빌드|레시피|로직|→)"
                          r"\.?\s*[:#]?\s*$",
                          re.IGNORECASE)
_VERSION_AFTER = re.compile(r"\s*(?:버전|배포|업데이트|업그레이드|패치|릴리스|version|ver\b|release|update|upgrade|patch|build)",
                            re.IGNORECASE)
_IP_CUE = re.compile(r"IP|주소|address|host|서버|server|gateway|게이트웨이|DNS|PLC|HMI", re.IGNORECASE)


def _digits(text: str) -> list[int]:
    return [int(c) for c in text if c.isdigit()]


_REGISTRATION_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def resident_checksum(number: str) -> bool:
    """The check digit of a resident registration number (issued before October 2020)."""
    d = _digits(number)
    return len(d) == 13 and (11 - sum(a * b for a, b in zip(d, _REGISTRATION_WEIGHTS)) % 11) % 10 == d[12]


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


def foreigner_checksum(number: str) -> bool:
    """The check digit of a foreigner registration number (외국인등록번호, issued before October 2020)."""
    d = _digits(number)
    return len(d) == 13 and (13 - sum(a * b for a, b in zip(d, _REGISTRATION_WEIGHTS)) % 11) % 10 == d[12]


def _birth_date(six: str) -> bool:
    month, day = int(six[2:4]), int(six[4:6])
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def _before(text: str, start: int, cue: re.Pattern, width: int = 16) -> bool:
    window = text[max(0, start - width):start]
    return bool(cue.search(window[window.rfind(SEP) + 1:]))  # not into the text before


def _thirteen_entity(text: str, m: re.Match) -> str | None:
    number, hyphen, gender, start = m.group(0), "-" in (m.group(2) or ""), m.group(3)[0], m.start()
    person = _birth_date(m.group(1)) and gender in "12345678"
    resident = "KR_RRN" if gender in "1234" else "KR_FRN"
    if _before(text, start, _CORPORATE_CUE, 12) and corporate_checksum(number):
        return "KR_CRN"
    if person and (resident_checksum(number) if resident == "KR_RRN" else foreigner_checksum(number)):
        return resident
    if person and _before(text, start, _RESIDENT_CUE, 24):
        return resident
    if corporate_checksum(number) and hyphen:
        return "KR_CRN"
    if person and hyphen:  # numbers issued since October 2020 carry no check digit
        return resident
    return None


def thirteen_digit(text: str) -> Iterator[Found]:
    """Resident, foreigner and corporate registration numbers (YYMMDD-GNNNNNN and NNNNNN-NNNNNNN)."""
    for m in _THIRTEEN.finditer(text):
        entity = None if _before(text, m.start(), _CODE_CUE) else _thirteen_entity(text, m)
        if entity:
            yield m.start(), m.end(), entity
    for m in _MASKED_RRN.finditer(text):  # 800101-1****** still gives the birth date and sex
        if _birth_date(m.group(0)[:6]):
            yield m.start(), m.end(), "KR_RRN"


def business_number(text: str) -> Iterator[Found]:
    """Business registration numbers: right after 사업자(등록번호), or with a valid check digit when written
    with separators or after a cue further back (공급자 동양기계 (1489128104))."""
    for m in _BRN.finditer(text):
        valid = business_checksum(m.group(0))
        cued_far = valid and (m.group(2) or _before(text, m.start(), _BUSINESS_CUE, 32))
        if _before(text, m.start(), _BUSINESS_CUE, 12) or cued_far:
            yield m.start(), m.end(), "KR_BRN"


def phone(text: str) -> Iterator[Found]:
    """Mobile, landline, 070, 050x and 15xx/16xx/18xx numbers; not a code after a part cue, not an rpm range."""
    for m in _PHONE.finditer(text):
        if _before(text, m.start(), _CODE_CUE):
            continue
        if m.group(0)[4:5] == " " and m.group(0)[0] == "1" and not _before(text, m.start(), _PHONE_CUE, 10):
            continue  # 1588 0162 without 대표전화 or Tel before it: two numbers of a table
        if m.group(0)[0] == "1" and (_RANGE_UNIT.match(text, m.end()) or _before(text, m.start(), _RANGE_CUE, 12)):
            continue
        yield m.start(), m.end(), "PHONE"
    for m in anchored(_CUED_PHONE, _CUED_ANCHOR, text, before=1, after=48):
        number = m.group(1).rstrip(" -/(.")
        if (sum(c.isdigit() for c in number) >= 7 and not _RANGE_UNIT.match(text, m.start(1) + len(number))
                and not _CAS.search(number)):
            yield m.start(1), m.start(1) + len(number), "PHONE"
    for m in anchored(_VANITY, _VANITY_ANCHOR, text, before=4, after=24):
        yield m.start(), m.end(), "PHONE"
    for m in anchored(_NANP, _NANP_ANCHOR, text, before=12, after=40):
        if m.group(1) or m.group(2) or m.group(0)[:1] == "1" or _before(text, m.start(), _NANP_CUE, 48):
            yield m.start(), m.end(), "PHONE"


# What each of those patterns must hold, searched first: a cue word, an 8xx with letters, a 555-0100 ending.
_CUED_ANCHOR = re.compile("|".join(_PHONE_CUES))
_VANITY_ANCHOR = re.compile(r"8(?:00|33|44|55|66|77|88)[-.\s][A-Z0-9]")
_NANP_ANCHOR = re.compile(r"\d{3}[-.]\d{4}(?!\d)")


def vin_checksum(vin: str) -> bool:
    """The ISO 3779 check digit (North American, Korean export) of a 17-character VIN."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS))
    return "0123456789X"[total % 11] == vin[8]


def vin(text: str) -> Iterator[Found]:
    """Vehicle identification numbers: letters and digits, with a valid check digit or after a VIN cue."""
    for m in _VIN.finditer(text):
        found = m.group(0)
        if found.isdigit() or found.isalpha() or sum(c.isdigit() for c in found) < 5:
            continue
        if vin_checksum(found) or _before(text, m.start(), _VIN_CUE, 16):
            yield m.start(), m.end(), "VIN"


def plate(text: str) -> Iterator[Found]:
    """Vehicle plates (12가 3456, 서울12가3456); 90도 1500 is an angle unless a vehicle word comes before."""
    for m in _PLATE.finditer(text):
        spaced = bool(m.group(1)) or m.group(0)[-5] == " "
        if (m.group(2) in _COUNTERS and spaced and not _before(text, m.start(), _VEHICLE_CUE, 24)
                and not _VEHICLE_AFTER.match(text, m.end())):
            continue
        yield m.start(), m.end(), "VEHICLE_PLATE"


def address(text: str) -> Iterator[Found]:
    """Road-name addresses: they need an administrative area before the road or a 번길 after it."""
    for m in _ADDRESS.finditer(text):
        found = m.group(0)
        if _ADDRESS_PREFIX.match(found) or "번길" in found:
            yield m.start(), m.end(), "ADDRESS"


def lot_address(text: str) -> Iterator[Found]:
    """Lot-number addresses (경기도 시흥시 정왕동 1447-17): a city, county or district before the 동/리."""
    for m in _LOT_ADDRESS.finditer(text):
        yield m.start(), m.end(), "ADDRESS"


def english_address(text: str) -> Iterator[Found]:
    """Korean addresses in English order: the building number, the -ro or -gil, then the -gu, -si, -do."""
    for m in _EN_ADDRESS.finditer(text):
        found = m.group(0)
        if found[:1].isdigit() or re.search(r"-(?:ro|gil|daero),?\s\d|-(?:gu|si|do|gun|dong)", found):
            yield m.start(), m.end(), "ADDRESS"  # a road with its number or an area
    for m in _EN_AREAS.finditer(text):
        yield m.start(), m.end(), "ADDRESS"


_STREET_ANCHOR = re.compile(rf"(?<![A-Za-z])(?:{_STREETS})(?![A-Za-z])|(?:[Ss]tra(?:ss|ß)e|[Ss]tr\.|[Ww]eg|[Pp]latz|[Aa]llee|laan|"
                            r"straat|plein|dreef|kade|singel|gasse|ring)\s\d|(?:[Bb][Oo][Xx])\s\d")
_ZIP_ANCHOR = re.compile(r"(?<=[A-Za-z.,]\s)\d{5}(?:-\d{4})?(?!\d)|(?<![\w])-?\d{4,5}\s[A-Z]")


def street_address(text: str) -> Iterator[Found]:
    """Street addresses, city-state-ZIP lines and postcodes of other countries; postcodes after their cue."""
    for pattern, anchor in ((_STREET, _STREET_ANCHOR), (_CITY_POSTCODE, _ZIP_ANCHOR)):
        for m in anchored(pattern, anchor, text, before=120, after=40):
            yield m.start(), m.end(), "ADDRESS"
    for m in _POSTCODE.finditer(text):
        yield m.start(1), m.end(1), "ADDRESS"
    for m in _FOREIGN_POSTCODE.finditer(text):
        yield m.start(), m.end(), "ADDRESS"


def ip_address(text: str) -> Iterator[Found]:
    """IPv4 addresses; not a version (펌웨어 1.2.3.4) or a section number (3.1.2.1)."""
    for m in _IPV4_SHAPE.finditer(text):
        if any(int(octet) > 255 for octet in m.group(0).split(".")):
            continue
        if _before(text, m.start(), _VERSION_CUE, 12) or _VERSION_AFTER.match(text, m.end()):
            continue
        if max(len(octet) for octet in m.group(0).split(".")) == 1 and not _before(text, m.start(), _IP_CUE, 12):
            continue
        yield m.start(), m.end(), "IP_ADDRESS"


def ipv6_address(text: str) -> Iterator[Found]:
    """IPv6 addresses: two colons or more, and a digit (not a time of day written with letters)."""
    for m in _IPV6.finditer(text):
        if m.group(0).count(":") >= 2 and any(c.isdigit() for c in m.group(0)):
            yield m.start(), m.end(), "IP_ADDRESS"


def passport(text: str) -> Iterator[Found]:
    """Passport numbers: the new format unless a part-number cue comes before, the old one after 여권/passport."""
    for m in _PASSPORT.finditer(text):
        if m.group(0)[4].isalpha():
            found = not _before(text, m.start(), _CODE_CUE)
        else:
            found = _before(text, m.start(), _PASSPORT_CUE, 40)
        if found:
            yield m.start(), m.end(), "KR_PASSPORT"


def account(text: str) -> Iterator[Found]:
    """Bank account numbers after a bank or 계좌 cue, or before a bank in parentheses: 10 to 14 digits,
    so a date after 입금 is not one."""
    for pattern in (_ACCOUNT, _ACCOUNT_BANK_AFTER):
        for m in pattern.finditer(text):
            if 10 <= sum(c.isdigit() for c in m.group(1)) <= 14:
                yield m.start(1), m.end(1), "BANK_ACCOUNT"


_IBAN = re.compile(r"[A-Z](?<![\w-].)[A-Z]\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?(?![\w-])")


def iban_checksum(iban: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN (spaces ignored)."""
    compact = iban.replace(" ", "")
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return 15 <= len(compact) <= 34 and int(digits) % 97 == 1


def iban(text: str) -> Iterator[Found]:
    """International bank account numbers (DE89 3704 0044 0532 0130 00) with a valid check."""
    for m in _IBAN.finditer(text):
        if iban_checksum(m.group(0)):
            yield m.start(), m.end(), "BANK_ACCOUNT"


def mac_address(text: str) -> Iterator[Found]:
    """MAC addresses with separators; twelve hex digits alone after MAC, or in a line that holds an IP address."""
    for m in _MAC.finditer(text):
        yield m.start(), m.end(), "MAC_ADDRESS"
    for m in _BARE_MAC.finditer(text):
        bare = m.group(0)
        if bare.isdigit() or bare.isalpha() or not (bare.isupper() or bare.islower()):
            continue  # letters and digits, in one case: 167537EC67C9, af5159fa57be
        own = text.rfind(SEP, 0, m.start()) + 1, (text.find(SEP, m.end()) + 1 or len(text) + 1) - 1
        if _before(text, m.start(), _MAC_CUE, 24) or _IPV4.search(text, *own):
            yield m.start(), m.end(), "MAC_ADDRESS"


def _simple(pattern: re.Pattern, entity: str):
    def detect(text: str) -> Iterator[Found]:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), entity
    return detect


def _url(text: str) -> Iterator[Found]:
    for pattern in (_URL, _DOMAIN):
        for m in pattern.finditer(text):
            yield m.start(), m.start() + len(m.group(0).rstrip(".,;:!?")), "URL"


_HEX = "[0-9A-Fa-f]"
_DOTTED = re.compile(r"\.\d{1,3}\.")  # an IPv4 address; a bare MAC counts in its line
# (detector, trigger): the trigger matches wherever the detector could find something, and never
# across a line ([^\S\n] for spaces), so one search over a whole batch picks the lines to run it on.
DETECTORS = (
    (_simple(_EMAIL, "EMAIL"), Literals("@")),
    (_url, re.compile(r"://|www\.|\.[A-Za-z]{2}")),
    (thirteen_digit, SIX_DIGITS),
    (business_number, FIVE_DIGITS),
    (phone, (Digits(4, after="-.)(", or_longer=8), re.compile(r"\+[^\S\n]?\d"),
             Literals(*_PHONE_CUES, *(f"8{d}{d}-" for d in "0345678"), "800 ", "800."))),
    (ip_address, _DOTTED),
    (ipv6_address, re.compile(rf":{_HEX}{{0,4}}:")),
    (mac_address, (re.compile(rf"[:-]{_HEX}{{2}}[:-]"), re.compile(rf"\.{_HEX}{{4}}\."),
                   Literals("MAC", "mac", "Mac", "맥", "하드웨어"), _DOTTED)),
    (address, re.compile(r"(?:로|길)[^\S\n]?\d")),
    (lot_address, re.compile(r"[시군구읍면][^\S\n][가-힣0-9]{1,8}[동리가][^\S\n]?(?:산[^\S\n]?)?\d")),
    (english_address, Literals("-ro", "-gil", "-daero", "-gu", "-si", "-do", "-gun", "-dong", "-eup", "-myeon")),
    (street_address, (Literals(*(word for words in (_STREET_WORDS, _STREET_WORDS.upper())
                                 for word in words.replace("\\.?", "").split("|")),
                               "strasse", "straße", "Strasse", "Straße", "str.", "Str.", "weg", "platz", "allee", "laan",
                               "straat", "plein", "dreef", "kade", "singel", "gasse", "ring", "Box", "BOX", "우편번호", "우)",
                               "Zip", "ZIP", "zip", "Post", "post"),
                      re.compile(r"[A-Za-z.,][^\S\n]\d{5}|\d{4,5}[^\S\n][A-Z]|[^\S\n]\d[A-Z]{2}(?![A-Za-z0-9])"
                                 r"|[A-Z]\d[A-Z][^\S\n]\d"))),
    (vin, re.compile(r"[A-HJ-NPR-Z0-9]{17}")),
    (plate, Digits(4, after_hangul=True)),
    (passport, re.compile(r"[MSRODG]\d{3}")),
    (_simple(_LICENCE, "KR_DRIVER_LICENSE"), SIX_DIGITS),
    (account, Literals(*_BANK_HINTS)),
    (iban, re.compile(r"[A-Z]{2}\d{2}[^\S\n]?[A-Z0-9]{4}")),
)


def identifiers(text: str) -> list[Found]:
    """Every identifier found in ``text`` (may overlap; the redactor resolves overlaps)."""
    return identifiers_many(Batch([text]))[0]


def identifiers_many(batch: Batch) -> list[list[Found]]:
    """Identifiers per text; each detector runs only on the texts its trigger finds in one pass over the batch."""
    return batch.run(DETECTORS)
