"""Person names in Korean and English text: titles, masked names and proper-noun tagging.

The staff list is matched through the lexicon (category PERSON). Here: a Korean name
before a job title or honorific (홍길동 과장, 김OO님), a Korean proper noun shaped like a
name (surname + two syllables) as kiwipiepy tags it, and English names after a courtesy
title or a role word, or romanized Korean names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

Found = tuple[int, int, str]

SURNAMES = ("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변"
            "염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예봉경봉사부가복태목형계피두감음빈동온호범좌팽승간상갈")
_DOUBLE_SURNAMES = "남궁|황보|제갈|선우|독고|사공|서문|동방"
_TITLES = ("과장|부장|차장|대리|사원|주임|반장|조장|팀장|파트장|실장|공장장|기사|기술자|엔지니어|대표|대표이사|이사|상무|전무|"
           "사장|회장|선임|책임|수석|연구원|위원|주무관|님|씨|군|양|선생님?")
_NAME = rf"(?:{_DOUBLE_SURNAMES})[가-힣]{{1,2}}|[{SURNAMES}][가-힣]{{2}}"
_TITLED = re.compile(rf"(?<![가-힣])({_NAME})\s?(?:{_TITLES})(?![가-힣]{{2}})")
_SURNAME_TITLED = re.compile(rf"(?<![가-힣])([{SURNAMES}])\s(?:과장|부장|차장|대리|주임|반장|팀장|기사|대표|이사|상무|전무|사장)(?![가-힣])")
_MASKED = re.compile(rf"(?<![가-힣])[{SURNAMES}][OoＯ○〇0*＊Xx]{{1,2}}(?=\s?(?:{_TITLES}|[\s,.)]|$))")
_CUE_NAME = re.compile(rf"(?:작업자|담당자?|검사자|등록자|확인자|승인자|설계자|기사|반장|성명|이름|연락처)[\s:：]*({_NAME})(?![가-힣]{{2}})")
# Words shaped like a name that are not one.
_NOT_NAMES = frozenset(("고객님", "사장님", "기사님", "선생님", "고객사", "이상무", "정상", "이번주", "오전", "오후", "조치",
                        "정기점", "장비", "주간", "야간", "임시", "정비", "유압유", "전원", "공장장", "전담", "이사회"))

_EN_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Eng|Engr)\.?\s+((?:[A-Z][a-z]+(?:-[a-z]+)?)(?:\s+[A-Z][a-z]+(?:-[a-z]+)?)?)")
_EN_CUE = re.compile(r"\b(?:[Bb]y|[Cc]ontact|[Tt]echnician|[Ee]ngineer|[Oo]perator|[Ii]nspector|[Mm]anager|[Ss]upervisor|"
                     r"[Aa]ttn:?|[Cc]hecked by|[Aa]pproved by|[Rr]eported by)\s+([A-Z][a-z]+(?:-[a-z]+)?\s+[A-Z][a-z]+(?:-[a-z]+)?)")
_ROMANIZED = ("Kim|Lee|Park|Choi|Jung|Jeong|Kang|Cho|Jo|Yoon|Yun|Jang|Lim|Im|Han|Oh|Seo|Shin|Kwon|Hwang|Ahn|An|Song|"
              "Ryu|Yoo|Hong|Jeon|Go|Ko|Moon|Yang|Son|Bae|Baek|Heo|Nam|Shim|Noh|Ha|Kwak|Sung|Cha|Joo|Woo|Koo|Min|Jin")
_EN_KOREAN = re.compile(rf"\b(?:(?:{_ROMANIZED})\s+[A-Z][a-z]+-?[a-z]+|[A-Z][a-z]+-[a-z]+\s+(?:{_ROMANIZED}))\b")


def titled(text: str) -> Iterator[Found]:
    """Names written with a title, honorific or role cue; the title stays outside the span."""
    for pattern in (_TITLED, _CUE_NAME):
        for m in pattern.finditer(text):
            if m.group(1) not in _NOT_NAMES and m.group(0).replace(" ", "") not in _NOT_NAMES:
                yield m.start(1), m.end(1), "PERSON"
    for m in _SURNAME_TITLED.finditer(text):
        yield m.start(1), m.end(1), "PERSON"
    for m in _MASKED.finditer(text):
        yield m.start(), m.end(), "PERSON"


def english(text: str) -> Iterator[Found]:
    for pattern in (_EN_TITLE, _EN_CUE):
        for m in pattern.finditer(text):
            yield m.start(1), m.end(1), "PERSON"
    for m in _EN_KOREAN.finditer(text):
        yield m.start(), m.end(), "PERSON"


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi(model_type="cong", num_workers=2)


_CANDIDATE = re.compile(rf"(?<![가-힣])(?:{_NAME})")
_AFTER_NAME = ("J", "VCP", "SS", "SP", "SW", "SF", "SL", "SN", "XSN", "NNB")


def tagged(texts: Sequence[str]) -> list[list[Found]]:
    """Proper nouns shaped like Korean names (surname + two syllables), tagged by kiwipiepy, per text."""
    result: list[list[Found]] = [[] for _ in texts]
    todo = [i for i, text in enumerate(texts) if _CANDIDATE.search(text)]
    if not todo:
        return result
    for index, tokens in zip(todo, _kiwi().tokenize([texts[i] for i in todo])):
        for token, following in zip(tokens, [*tokens[1:], None]):
            if token.tag != "NNP" or not re.fullmatch(_NAME, token.form) or token.form in _NOT_NAMES:
                continue
            if following is None or following.start > token.end or following.tag.startswith(_AFTER_NAME):
                result[index].append((token.start, token.end, "PERSON"))
    return result
