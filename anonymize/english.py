"""English and romanized Korean person names: after a title, a role word or a greeting, before a
mailbox, shaped like a given name and a surname (Jane Doe, Kim Minsu, Park Ji-hoon, J. H. Ko,
SONG Bo-ra), and listed after one of those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import partial

from anonymize.batch import Batch, Literals, found_by, initials

Found = tuple[int, int, str]

_LOW = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f"  # Müller, Łukasz, José
_WORD = rf"(?:[A-Z]['’])?[A-Z\u00c0-\u00de\u0100-\u017e][{_LOW}]+(?:-[A-Za-z][{_LOW}]+)?"  # O'Brien, Al-Sayed
_EN_FULL = rf"{_WORD}(?:\s+(?:(?:van|von|de|der|den|da|di|del|dos|le|la|bin|al)\s+)?{_WORD}){{1,2}}"
_EN_TITLE = re.compile(rf"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Engr|Sir|Madam)\.?\s+({_WORD}(?:\s+{_WORD})?)")
_EN_CUE_WORDS = ("by contact technician engineer operator inspector manager supervisor attn name worker assignee owner "
                 "witness injured visitor host guest attendee attendees consignee requester reporter driver from "
                 "roster attention").split()
_EN_CUES = initials([*_EN_CUE_WORDS, *(w.capitalize() for w in _EN_CUE_WORDS), "Ship to", "ship to",
                     *"PM QA QC ME SQE cc CC Cc To w/".split()])
_EN_CUE = re.compile(rf"{_EN_CUES}\s*[:.]?\s+({_EN_FULL})")
# The next names of an English list that began with a found name (Attendees: A, B, C; Cc: A; B).
_EN_LIST_AFTER = re.compile(rf"(?:\s*\([^()\n]{{1,40}}\))?\s*[,;]\s*(?:and\s+)?({_EN_FULL})(?=\s*(?:[,;(|]|$))")
# Whom a letter greets or who signs it (Hi Nguyen, Thanks Hans —, Kind regards, Kenji |, — Marco Rossi,),
# and a name before its mailbox (Kenji Tanaka <kenji.tanaka@…>).
_GREETINGS = ("Hi", "Hello", "Dear", "Thanks", "Thank you", "Regards", "regards", "Best", "Cheers", "Sincerely", "Yours")
_EN_GREETING = re.compile(rf"{initials(_GREETINGS)}\b\s*,?\s+"
                          rf"({_WORD}(?:\s+(?:(?:van|von|de|der|da|di|le|la)\s+)?{_WORD}){{0,2}})"
                          rf"(?=\s*(?:[,|—–:;!]|$))")
_EN_SIGNED = re.compile(rf"[—–]\s?({_EN_FULL}),\s")
_EN_MAILBOX = re.compile(rf"({_EN_FULL})\s*<[^<>\s@]+@")
# Capitalised words after "by" or a role that name a team or a role, not a person.
_EN_NOT_NAMES = frozenset(("Quality", "Control", "Plant", "Manager", "Team", "Department", "Dept", "Production",
                           "Maintenance", "Engineering", "Purchasing", "Supplier", "Customer", "Vendor", "Operator",
                           "Shift", "Line", "Group", "Office", "Assurance", "Management", "Process", "Safety",
                           "Service", "Support", "Center", "Division", "Section", "Head", "Lead", "Leader",
                           "Supervisor",
                           "Engineer", "Inspector", "Technician", "Director", "System", "Admin", "Administrator",
                           "Night", "Day", "Morning", "Evening", "Monday", "Tuesday", "Wednesday", "Thursday",
                           "Friday", "Saturday", "Sunday", "The", "This", "All", "Each", "Every", "Email", "Phone"))
# Given names common in English text that are not also plant words (no Max, Mark, Jack, Chuck, Rod).
_EN_GIVEN = ("Jane|Anne|Ann|Kate|Lucy|Sophie|Chloe|Mia|Ella|Claire|Jenny|Liam|Oliver|Lucas|Mason|Logan|Elijah|"
             "Owen|Luke|Isaac|Gabriel|Julian|Tom|Tim|Jim|Mike|Steve|Chris|Dave|Dan|Sam|Ben|Alex|Nick|Tony|Andy|"
             "James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|"
             "Anthony|Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Timothy|Edward|Jason|Jeffrey|"
             "Ryan|Jacob|Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Gregory|"
             "Alexander|Patrick|Jack|Dennis|Jerry|Tyler|Aaron|Jose|Adam|Nathan|Henry|Peter|Zachary|Douglas|Kyle|"
             "Noah|Ethan|Jeremy|Christian|Sean|Austin|Arthur|Lawrence|Jesse|Dylan|Bryan|Joe|Jordan|Albert|Bruce|"
             "Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Lisa|Nancy|Betty|Sandra|"
             "Ashley|Kimberly|Emily|Donna|Michelle|Carol|Amanda|Melissa|Deborah|Stephanie|Rebecca|Sharon|Laura|"
             "Cynthia|Kathleen|Amy|Angela|Shirley|Anna|Brenda|Emma|Nicole|Helen|Samantha|Katherine|Christine|"
             "Rachel|Catherine|Maria|Heather|Diane|Julie|Joyce|Victoria|Kelly|Christina|Lauren|Joan|Evelyn|Olivia|"
             "Judith|Megan|Cheryl|Andrea|Hannah|Jacqueline|Martha|Gloria|Sara|Janet|Julia|Sophia|Grace|Alice|"
             "Hans|Klaus|Juan|Carlos|Luis|Pedro|Hiroshi|Takashi|Yuki|Wei|Nguyen|Tran|Ivan|Dmitri|Olga")
_EN_GIVEN_NAME = re.compile(rf"{initials(_EN_GIVEN.split('|'))}\s+(?:[A-Z]\.\s+)?"
                            rf"[A-Z][a-z]*'?[A-Z]?[a-z]+(?:-[A-Z][a-z]+)?\b")
# Romanized Korean: surnames that are not English words stand alone; An, Go, Min, Song, Park... need a
# hyphenated given name (Park Ji-hoon), or they would take "Min Pressure" and "An Error".
_ROMANIZED = ("Kim|Lee|Choi|Jung|Jeong|Kang|Cho|Yoon|Yun|Jang|Lim|Shin|Kwon|Hwang|Ahn|Ryu|Yoo|Hong|Jeon|"
              "Baek|Heo|Shim|Noh|Kwak|Sung|Joo|Koo|Seo|Bae")
_ROMANIZED_AMBIGUOUS = "Park|An|Go|Ko|Min|Jin|Im|Ha|Oh|Moon|Song|Son|Han|Nam|Yang|Cha|Woo|Jo"
_ROMANIZED_DOUBLE = "Namgung|Hwangbo|Sunwoo|Seonwoo|Jegal|Dokgo|Sagong"
_SYLLABLE = ("(?:kk|tt|pp|ss|jj|ch|sh|[gkndrlmbsjhpt])?(?:yae|yeo|wae|yoo|woo|ae|ya|ye|yo|yu|eo|eu|ui|oe|wa|wo|we|wi|"
             "ee|oo|a|e|i|o|u)(?:ng|n|m|l|k|p|t|b)?")
_ROMAN_GIVEN = rf"[A-Z][a-z]+-[A-Za-z][a-z]+|(?=[A-Z])(?i:{_SYLLABLE}{_SYLLABLE})"
_ALL_ROMANIZED = f"{_ROMANIZED}|{_ROMANIZED_AMBIGUOUS}|{_ROMANIZED_DOUBLE}"
_SURNAME_FIRST = initials((_ROMANIZED + "|" + _ROMANIZED_DOUBLE).split("|"))
# Romanized Korean names, each form its own pattern led by what Python's re can skip to.
_EN_KOREAN = (
    re.compile(rf"{_SURNAME_FIRST}\s+(?:{_ROMAN_GIVEN})\b"),  # Kim Minsu, Park Ji-hoon
    re.compile(rf"{initials(_ROMANIZED_AMBIGUOUS.split('|'))}\s+[A-Z][a-z]+-[A-Za-z][a-z]+\b"),
    re.compile(rf"[A-Z](?<![A-Za-z].)[a-z]+-[A-Za-z][a-z]+\s+(?:{_ALL_ROMANIZED})\b"),  # Gil-dong Hong
    # initials and a surname (J. H. Ko, D.W. Sunwoo), a surname in capitals (SONG Bo-ra)
    re.compile(rf"[A-Z](?<![A-Za-z].)\.\s?[A-Z]\.\s?(?:{_ALL_ROMANIZED})\b"),
    re.compile(rf"{initials(_ALL_ROMANIZED.upper().split('|'))}\s[A-Z][a-z]+-[A-Za-z][a-z]+\b"),
)
# Minsu Kim: a given name of romanized syllables before a surname that is not an English word.
_EN_GIVEN_KOREAN = re.compile(rf"\b(?=[A-Z])(?i:{_SYLLABLE}{_SYLLABLE})\s+(?:{_ROMANIZED}|{_ROMANIZED_DOUBLE})\b")


# Two capitalised words in a row: what the costly full-name patterns need before they can match.
_PAIR = re.compile(r"[A-Z](?:[a-z]+(?:-[a-z]+)?\s+(?:[A-Z]\.\s+)?[A-Z]|\.\s?[A-Z]\.|[A-Z]+\s[A-Z][a-z])")


def names(batch: Batch) -> list[list[Found]]:
    """English and romanized Korean names, per text: after a title or role word, or shaped like a full name."""
    return batch.run(_ENGLISH_FINDERS)


def _titled_or_cued(pattern: re.Pattern, text: str) -> Iterator[Found]:
    for m in pattern.finditer(text):
        group = next(g for g in range(1, (m.lastindex or 1) + 1) if m.group(g))
        if not _EN_NOT_NAMES.intersection(m.group(group).split()):
            yield m.start(group), m.end(group), "PERSON"


_CAPITALISED = re.compile(r"[A-Z][a-z]")
_ENGLISH_FINDERS = (
    (partial(_titled_or_cued, _EN_TITLE), Literals("Mr", "Ms", "Mx", "Miss", "Dr", "Prof", "Engr", "Sir", "Madam")),
    (partial(_titled_or_cued, _EN_CUE), _CAPITALISED),
    (partial(_titled_or_cued, _EN_GREETING), _CAPITALISED),
    (partial(_titled_or_cued, _EN_SIGNED), Literals("—", "–")),
    (partial(_titled_or_cued, _EN_MAILBOX), Literals("<")),
    (partial(found_by, _EN_GIVEN_NAME, 0), _PAIR),
    *((partial(found_by, pattern, 0), _PAIR) for pattern in _EN_KOREAN),
    (partial(found_by, _EN_GIVEN_KOREAN, 0), Literals(*f"{_ROMANIZED}|{_ROMANIZED_DOUBLE}".split("|"))),
)


def listed(text: str, names: Sequence[tuple[int, int]]) -> Iterator[Found]:
    """English names listed after a found one (Attendees: SONG Bo-ra, Søren Kjær, Greg O'Brien), link by link."""
    pending = list(names)
    while pending:
        _, end = pending.pop()
        m = _EN_LIST_AFTER.match(text, end)
        if m and not _EN_NOT_NAMES.intersection(m.group(1).split()):
            pending.append(m.span(1))
            yield m.start(1), m.end(1), "PERSON"
