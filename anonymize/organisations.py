"""Organisation names without a lexicon: legal forms, field cues and the organisation behind a mailbox or web site.

A company is named with its legal form (대한정밀㈜, ㈜대한정밀, 주식회사 대한정밀, Acme Co., Ltd., BASF SE,
The Clorox Company), after a field that names one (제조사: …, Manufacturer: …, Prepared by …), or by the
domain of its mail and web addresses (``info@daehan-precision.co.kr`` names "Daehan Precision" wherever
it is written in the same batch). Public bodies and reference databases (ECHA, KOSHA, OSHA, PubChem …)
are not companies: their names and web addresses stay, and a spec can add its own (``anonymize.public``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from anonymize.batch import Batch, Literals, anchored

Found = tuple[int, int, str]
ENTITY = "COMPANY"

_KO_FORM = (r"(?:[(（]\s?(?:주|株|유|사|재|합)\s?[)）]|[㈜㈱㈲㈔㈕]|주식회사|유한회사|유한책임회사|합자회사|합명회사|"
            r"사단법인|재단법인|株式会社)")
_KO_WORD = r"[가-힣A-Za-z0-9][가-힣A-Za-z0-9&·.\-]{1,19}"
# What a company's place adds after its name (시화공장, 본사, 기술연구소): part of the name's span.
_SITE = r"(?:\s?[가-힣A-Za-z0-9]{0,8}(?:공장|사업장|사업소|연구소|연구원|본사|지점|지사|센터|사무소|영업소|출장소|물류센터))?"
_PARTICLE = re.compile(r"(?:으로부터|로부터|에게서|에서|에게|으로|이랑|하고|이며|이고|와의|과의|[은는이가을를의에와과로도])$")
_KO_AFTER_FORM = re.compile(rf"{_KO_FORM}[^\S\n]?({_KO_WORD}){_SITE}")
_KO_BEFORE_FORM = re.compile(rf"(?<![가-힣A-Za-z0-9&·.\-])((?:[A-Z]{{2,6}}[^\S\n])?{_KO_WORD})([^\S\n]?){_KO_FORM}{_SITE}")

# English legal forms: long ones in any case (CORPORATION, Co., Ltd.), short ones only as written (AG, SE).
_EN_FORM = (r"(?:(?i:co\.?,?[^\S\n]?ltd\.?|company[^\S\n]limited|co\.,?[^\S\n]limited|incorporated|inc\.?|corporation|"
            r"corp\.?|company|limited|ltd\.?|l\.l\.c\.?|llc|gmbh(?:[^\S\n]?&[^\S\n]?co\.?[^\S\n]?kg)?|plc|pty\.?[^\S\n]ltd\.?|"
            r"pte\.?[^\S\n]ltd\.?|s\.p\.a\.?|s\.a\.s\.?|s\.a\.|s\.r\.l\.?|b\.v\.?|n\.v\.?|k\.k\.?|llp|bvba|sprl|"
            r"s\.?a\.?r\.?l\.?|kgaa|a/s|aps)"
            r"|AG|SE|KG|SA|SAS|BV|NV|KK|Oy|AB|AS|e\.V\.)(?![A-Za-z])")
_EN_NAME_WORD = r"(?:[A-Z0-9][A-Za-z0-9&'’.\-]*|&)"
_EN_JOIN = r"(?:[^\S\n]|[^\S\n]?&[^\S\n]?|[^\S\n](?:and|of|de|du|des|der|für|fur|the)[^\S\n])"
_EN_ORG = re.compile(rf"(?<![A-Za-z0-9&'’.\-])({_EN_NAME_WORD}(?:{_EN_JOIN}{_EN_NAME_WORD}){{0,5}})"
                     rf",?[^\S\n]{_EN_FORM}")
# Words that head a form's field or a document's section, not a company's name (Identification of the Company).
_GENERIC = frozenset("""section identification identity product products safety data sheet material mixture substance
emergency telephone phone fax number name address supplier suppliers manufacturer manufacturers company details
information revision date page version trade use uses recommended restrictions the this our your a an of and
for by to from in on at with name: undertaking importer distributor contact responsible party parent division
details: registrant owner producer vendor customer client holder marketing department dept department: see
email e-mail web website tel telephone: all any other sds msds issue issued prepared chemical chemicals preparation
hazard hazards composition ingredients ingredient first aid measures fire fighting handling storage exposure controls
personal protection physical properties stability reactivity toxicological ecological disposal transport regulatory
approved recommended relevant identified""".split())
# What follows "company" when it heads a field (COMPANY IDENTIFICATION, Company name:), not a name.
_FIELD_AFTER = re.compile(r"[^\S\n]?(?:identification|name|details|information|address|/|'s|:)", re.IGNORECASE)

_CUES_KO = ("제조사 제조자 제조원 제조업체 제조회사 제조업자 공급자 공급사 공급업체 공급회사 수입자 수입사 수입원 수입업체 판매원 "
            "판매사 판매자 판매업체 회사명 업체명 기업명 상호 법인명 발행처 발행기관 작성처 작성기관 시험기관 인증기관 검사기관 "
            "분석기관 의뢰처 의뢰기관 신청인 신청업체 고객사 협력사 납품처 거래처").split()
_CUES_EN = ("Manufacturer Manufacturer's Supplier Supplier's Distributor Importer Company Producer Vendor Applicant Client "
            "Registrant Marketer Licensee Customer").split()
_CUE_VALUE = r"([^\n|\t:：]{2,80}?)(?=\s*(?:$|[|\t\n]|\s{2,}|,\s*\d|;|\s(?:Tel|TEL|Phone|PHONE|Fax|FAX|전화|주소|팩스)\b))"
_CUE = re.compile(
    rf"(?:(?<![가-힣])(?:{'|'.join(_CUES_KO)})(?:\s?(?:명|이름))?|"
    rf"(?<![A-Za-z])(?:{'|'.join(c for cue in _CUES_EN for c in (cue, cue.upper()))})(?:\s?/\s?\w+)?"
    rf"(?:\s(?:name|identification|details|information|NAME|IDENTIFICATION|DETAILS|INFORMATION))?)"
    rf"\s*(?:\(s\))?\s*[:：]\s*{_CUE_VALUE}", re.MULTILINE)
_BY = re.compile(r"(?<![A-Za-z])(?:[Mm]anufactured|[Dd]istributed|[Ss]upplied|[Ii]mported|[Pp]repared|[Mm]arketed|"
                 r"[Ii]ssued|[Pp]roduced|MANUFACTURED|DISTRIBUTED|SUPPLIED|IMPORTED|PREPARED|MARKETED)\s(?:by|BY|for|FOR)"
                 r"\s*:?\s*([A-Z][^\n|\t:：]{1,79}?)(?=\s*(?:$|[|\t\n]|\s{2,}|,\s*\d|;|\.\s|\s(?:Tel|Phone|Fax)\b))",
                 re.MULTILINE)
_NOT_A_VALUE = re.compile(r"^(?:n/?a|none|not\s\w+|see\s.*|해당\s?없음|자료\s?없음|없음|-|na|tbd|unknown|미상|\d.*)$", re.IGNORECASE)

# Public bodies, regulators, standards bodies and reference databases: naming them says nothing about a company.
PUBLIC_NAMES = frozenset("""ECHA IARC PubChem KOSHA NIOSH OSHA ACGIH EPA NTP NFPA HMIS DOT IATA IMDG ICAO ADR RID UN WHO
ILO OECD ISO IEC ASTM ANSI DIN JIS KS KATS KTL KCL KTR KOTITI FITI KCs CAS TSCA REACH CLP GHS WHMIS CHEMTREC CANUTEC
NCIS NIER MOEL ME KECO MSDS NITE CDC NIH NLM HSDB TOXNET GESTIS EU""".split())
PUBLIC_DOMAINS = ("echa.europa.eu", "europa.eu", "kosha.or.kr", "osha.gov", "cdc.gov", "nih.gov", "epa.gov", "who.int",
                  "iarc.fr", "un.org", "unece.org", "ilo.org", "oecd.org", "iso.org", "acgih.org", "nfpa.org", "chemtrec.com",
                  "cas.org", "nite.go.jp", "dguv.de", "hse.gov.uk", "canada.ca", "gc.ca", "law.go.kr", "nier.go.kr",
                  "me.go.kr", "moel.go.kr", "keco.or.kr", "kosha.net", "wikipedia.org", "doi.org", "ncbi.nlm.nih.gov",
                  "opcfoundation.org", "w3.org", "isa.org", "mesa.org")
# Public emergency and information lines (CHEMTREC, CANUTEC, US Poison Control, NRC): naming them names nobody.
PUBLIC_PHONES = ("8004249300", "7035273887", "6139966666", "8882266862", "8002221222", "8004248802", "2023651818")
_PUBLIC_SUFFIXES = (".gov", ".go.kr", ".int", ".mil", ".gov.uk", ".go.jp", ".gouv.fr", ".gc.ca")
# Mailbox and web hosts that belong to nobody in particular.
_WEBMAIL = frozenset("gmail naver daum hanmail nate kakao outlook hotmail yahoo icloud live msn aol protonmail korea "
                     "empas paran dreamwiz chol hanmir lycos qq 163 126 sina".split())
_TWO_LEVEL = frozenset("co.kr or.kr ac.kr go.kr re.kr ne.kr pe.kr co.jp or.jp ne.jp co.uk org.uk ac.uk com.au com.cn "
                       "com.tw com.sg com.br co.in com.mx co.za".split())


def is_public(host_or_name: str, extra: Iterable[str] = ()) -> bool:
    """A public body's name or web host (a spec's own ``anonymize.public`` entries included)."""
    return _is_public(host_or_name, tuple(extra))


@lru_cache(maxsize=65536)
def _is_public(host_or_name: str, extra: tuple[str, ...]) -> bool:
    text = host_or_name.strip().lower()
    host = re.sub(r"^(?:[a-z]+://)?(?:www\.)?", "", text).split("/")[0].split("@")[-1]
    extra = [e.strip().lower() for e in extra if e.strip()]
    if host.endswith(_PUBLIC_SUFFIXES) or any(host == d or host.endswith("." + d) for d in (*PUBLIC_DOMAINS, *extra)):
        return True
    words = set(re.findall(r"[A-Za-z]+", host_or_name))
    return bool(words) and (words <= PUBLIC_NAMES or text in extra)


def is_public_phone(number: str, extra: Iterable[str] = ()) -> bool:
    """A public service's line, however it is dialled (1-800-424-9300, 001-800-424-9300, +1 703 527 3887)."""
    return _is_public_phone(number, tuple(extra))


@lru_cache(maxsize=65536)
def _is_public_phone(number: str, extra: tuple[str, ...]) -> bool:
    digits = "".join(c for c in number if c.isdigit())
    wanted = (*PUBLIC_PHONES, *("".join(c for c in e if c.isdigit()) for e in extra))
    return any(len(line) >= 7 and digits.endswith(line) and len(digits) - len(line) <= 3 for line in wanted)


def _trim_generic(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without heading words before the name (Section 1 Identification of the Acme → Acme)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for word in words:
        if word.group(0).strip(",:;").lower() not in _GENERIC and not word.group(0).isdigit():
            return start + word.start(), end
    return None


_WORD_BEFORE = re.compile(r"(?<![가-힣A-Za-z0-9&·.\-])([가-힣A-Za-z0-9][가-힣A-Za-z0-9&·.\-]{1,19})[^\S\n]$")
# Words that head a field or a sentence's part, not a name (예금주 주식회사 대성정밀 names 대성정밀).
_NOT_NAME_WORDS = frozenset((*_CUES_KO, "예금주", "수신", "발신", "수신처", "발신처", "참조", "귀하", "귀중", "앞", "앞으로",
                             "회사", "업체", "법인", "당사", "귀사", "협력사", "및", "또는", "등"))


def _is_name_word(word: str) -> bool:
    """A word that can name a company next to a Korean legal form: Hangul, or Latin in capitals (LG, SK); not a
    field's word, not a word with a particle, not an English word (Vendor)."""
    return (word not in _NOT_NAME_WORDS and not _PARTICLE.search(word)
            and (bool(re.search(r"[가-힣]", word)) or not re.search(r"[a-z]", word)))


def _name_before(text: str, form_start: int) -> bool:
    """A word that can be a name stands right before the form (대성정밀 (주) …)."""
    m = _WORD_BEFORE.search(text, max(0, form_start - 24), form_start)
    return m is not None and _is_name_word(m.group(1))


def _korean(text: str) -> Iterator[Found]:
    for m in _KO_AFTER_FORM.finditer(text):
        name = m.group(1)
        if _PARTICLE.fullmatch(name) or not _is_name_word(_PARTICLE.sub("", name)):  # 주식회사에서, (주) 앞으로
            continue
        if text[m.start(1) - 1].isspace() and (_name_before(text, m.start()) or (
                m.start() > 0 and (text[m.start() - 1].isalnum()))):  # 대성정밀(주) 대표번호
            continue  # 대성정밀 (주) 법인번호: a form between two words belongs to the one before
        particle = _PARTICLE.search(name) if m.end() == m.end(1) else None
        end = m.end() - (len(particle.group(0)) if particle and len(name) - len(particle.group(0)) >= 2 else 0)
        yield m.start(), end, ENTITY
    for m in _KO_BEFORE_FORM.finditer(text):
        name, spaced = m.group(1), bool(m.group(2))
        if spaced and not _is_name_word(name):
            continue  # 과장님이 ㈜대한정밀, 예금주 주식회사 …: the form begins the next name
        if re.search(r"[가-힣]", name) or not re.search(r"[a-z]", name):  # not "Vendor ㈜…": a Latin word in capitals
            yield m.start(), m.end(), ENTITY


_EN_FORM_ANCHOR = re.compile(rf"(?<![A-Za-z]){_EN_FORM}")


def _english(text: str) -> Iterator[Found]:
    for m in anchored(_EN_ORG, _EN_FORM_ANCHOR, text, before=160, after=4):
        if not re.search(r"[A-Za-z]", m.group(1).split()[-1]):
            continue  # 7732-18-5 AS: a number before a short form is a table's cell, not a name
        span = _trim_generic(text, m.start(1), m.end(1))
        if span is None or is_public(text[span[0]:span[1]]) or _FIELD_AFTER.match(text, m.end()):
            continue
        yield span[0], m.end(), ENTITY


def _cued(text: str) -> Iterator[Found]:
    for pattern in (_CUE, _BY):
        for m in pattern.finditer(text):
            value = m.group(1).strip(" .,-–")
            if not value or _NOT_A_VALUE.match(value) or not re.search(r"[A-Za-z가-힣]", value) or is_public(value):
                continue
            start = m.start(1) + m.group(1).find(value)
            yield start, start + len(value), ENTITY


_KO_TRIGGER = re.compile(r"[(（]\s?[주株유사재합]\s?[)）]|[㈜㈱㈲㈔㈕]|회사|법인|株式会社")
_EN_FORMS_WRITTEN = ("Co.", "Ltd", "Inc", "Corp", "Company", "Limited", "LLC", "L.L.C", "GmbH", "PLC", "BVBA", "SPRL", "S.A",
                     "S.p.A", "B.V", "N.V", "K.K", "KGaA", "SARL", "Pty", "Pte", "A/S", "ApS", "LLP", "S.r.l", "Incorporated")
_EN_TRIGGER = Literals(*{form for written in _EN_FORMS_WRITTEN for form in (written, written.upper(), written.lower())},
                       *(f" {short}" for short in ("AG", "SE", "KG", "SA", "SAS", "BV", "NV", "KK", "Oy", "AB", "AS")),
                       "e.V")
FINDERS = (
    (_korean, _KO_TRIGGER),
    (_english, _EN_TRIGGER),
    (_cued, Literals(*_CUES_KO, *_CUES_EN, *(c.upper() for c in _CUES_EN),
                     *(f"{verb}{case}" for verb in ("anufactured", "istributed", "upplied", "mported", "repared",
                                                     "arketed", "ssued", "roduced") for case in (" by", " for", " BY"))
                     , "MANUFACTURED", "DISTRIBUTED", "SUPPLIED", "IMPORTED", "PREPARED", "MARKETED")),
)


def names(batch: Batch) -> list[list[Found]]:
    """Organisation names per text: by legal form and by the fields that name one."""
    return batch.run(FINDERS)


# Words many companies' names share (Fisher Scientific, Acros Organics): not a name alone.
_CORPORATE_WORDS = frozenset("""chemical chemicals chemie chemistry scientific science sciences international industries
industry industrial products product organics organic solutions materials material group holdings holding global america
american usa north south east west europe european korea korean asia japan china technologies technology laboratories
laboratory labs lab pharma pharmaceutical pharmaceuticals company consumer health care healthcare specialty specialties
fine trading manufacturing services service systems electronics electric engineering energy precision research
national general united life bio biotech food foods beverage beverages flavors flavours fragrances plastics polymers
metals steel oil gas petroleum coatings paints performance regulations regulatory stewardship safety product new
division department corporate worldwide canada mexico limited plant plants factory works mill site office""".split())


def bare_name(name: str) -> str:
    """A company name without its legal forms and a leading "The" (BASF SE → BASF, ㈜대한정밀 → 대한정밀)."""
    bare = re.sub(rf"(?:,?[^\S\n]?{_EN_FORM}|[^\S\n]?{_KO_FORM})", " ", name)
    return " ".join(re.sub(r"^(?:the|The|THE)\s+", "", bare).split()).strip(" ,.")


def name_parts(name: str) -> list[str]:
    """How a found company name is written elsewhere in the same document: without its legal form (BASF for
    BASF Corporation), and each distinctive word of it (Sigma, Aldrich of SIGMA-ALDRICH CORPORATION)."""
    bare = bare_name(name)
    parts = [bare] if len(bare) >= 3 else []
    for word in re.split(r"[\s\-/&]+", bare):
        word = word.strip(".,()'’")
        if (len(word) >= 4 and word[:1].isupper() and word.isalpha() and word.lower() not in _CORPORATE_WORDS
                and word.lower() not in _GENERIC and not is_public(word)):
            parts.append(word)
    return parts


def by_name(batch: Batch, found: Iterable[str]) -> list[list[Found]]:
    """Where the companies found in the batch (by legal form or field) are named again without those cues."""
    parts = sorted({part for name in found for part in name_parts(name)}, key=len, reverse=True)
    result: list[list[Found]] = [[] for _ in batch.texts]
    if not parts:
        return result
    written = sorted({form for p in parts for form in (p, p.upper(), p.title())}, key=len, reverse=True)
    pattern = re.compile(rf"(?<![A-Za-z0-9가-힣&\-])(?:{'|'.join(re.escape(p) for p in written)})(?![A-Za-z0-9])")
    for index in batch.having(pattern):
        result[index] = [(m.start(), m.end(), ENTITY) for m in pattern.finditer(batch.texts[index])]
    return result


def domain_label(address: str) -> str | None:
    """The name part of a mailbox's or web site's host (``daehan-precision`` of ``a@www.daehan-precision.co.kr``);
    None for webmail, public bodies and hosts too short to name anyone."""
    host = re.sub(r"^(?:[a-z]+://)?", "", address.lower()).split("/")[0].split("@")[-1].strip(".")
    labels = host.split(".")
    if len(labels) < 2 or is_public(host):
        return None
    cut = 3 if ".".join(labels[-2:]) in _TWO_LEVEL and len(labels) >= 3 else 2
    label = labels[-cut]
    generic = label in _WEBMAIL or label in _CORPORATE_WORDS or label in _GENERIC
    return None if generic or len(label) < 3 or label.isdigit() else label


def by_domain(batch: Batch, addresses: Iterable[str]) -> list[list[Found]]:
    """Where the organisations behind ``addresses`` (mailboxes and web sites found in the batch) are written
    out in ``texts``: their host's name part, in any case, with its hyphens as spaces or left out."""
    labels = sorted({label for a in addresses if (label := domain_label(a))}, key=len, reverse=True)
    result: list[list[Found]] = [[] for _ in batch.texts]
    if not labels:
        return result
    forms = []
    for label in labels:
        parts = [re.escape(p) for p in re.split(r"[-_]", label) if p]
        forms.append(r"[\s\-_]?".join(parts))
    pattern = re.compile(rf"(?<![A-Za-z0-9@.\-])(?:{'|'.join(forms)})(?![A-Za-z0-9\-])"
                         rf"(?:,?\s{_EN_FORM})?", re.IGNORECASE)
    for index in batch.having(pattern):
        result[index] = [(m.start(), m.end(), ENTITY) for m in pattern.finditer(batch.texts[index])]
    # Thermo Fisher for thermofisher.com: capitalised words that make the label once their spaces go
    joined = set(labels)
    heads = re.compile("|".join(re.escape(label[:3]) for label in labels), re.IGNORECASE)
    for index in batch.having(heads):
        text = batch.texts[index]
        for run in _CAPITALISED.finditer(text):
            words = list(_WORD.finditer(run.group(0)))
            for first in range(len(words)):
                for last in range(first + 1, min(first + 4, len(words))):
                    start, end = run.start() + words[first].start(), run.start() + words[last].end()
                    if re.sub(r"[\s\-]", "", text[start:end]).lower() in joined:
                        result[index].append((start, end, ENTITY))
    return result


_CAPITALISED = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Za-z]*(?:[\s\-][A-Z][A-Za-z]*)+(?![A-Za-z0-9])")
_WORD = re.compile(r"[A-Za-z]+")
# A letterhead: a name in capitalised words that opens a text, or follows a field, right before an address.
_HEAD = re.compile(r"(?:^|[:：|\n]\s*)((?:[A-Z][A-Za-z&.'’-]*\s){0,4}[A-Z][A-Za-z&.'’-]*),?\s*$")


def letterheads(texts: Sequence[str], addresses: dict[int, list[tuple[int, int]]]) -> dict[int, list[Found]]:
    """Names written right before an address at the start of a text or a field (Fisher Scientific One Reagent
    Lane …, Acros Organics One Reagent Lane …): the letterhead's company. ``addresses``: text index → spans."""
    result: dict[int, list[Found]] = {}
    for index, spans in addresses.items():
        text = texts[index]
        starts, reach = [], -1
        for start, end in sorted(spans):  # where each run of overlapping or adjacent address parts begins
            if start > reach + 1:
                starts.append(start)
            reach = max(reach, end)
        for start in starts:
            m = _HEAD.search(text, max(0, start - 80), start)
            if m and _trim_generic(text, m.start(1), m.end(1)) == (m.start(1), m.end(1)) and not is_public(m.group(1)):
                result.setdefault(index, []).append((m.start(1), m.end(1), ENTITY))
    return result