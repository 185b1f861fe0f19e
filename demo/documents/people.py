"""Who the demo documents name: staff drawn like the plant's, and the companies of the secret lexicon."""

from __future__ import annotations

from random import Random
from typing import NamedTuple

from demo.masters import PARTNERS, SERVICE_VENDORS, bay_machines, person
from demo.secrets import COMPANY, PLANT


class Person(NamedTuple):
    name: str
    phone: str
    team: str
    title: str
    team_en: str


ROLES = {  # role: (team, job title, team in English)
    "maintenance": ("설비보전팀", "과장", "Maintenance Team"),
    "press": ("프레스생산팀", "반장", "Press Production"),
    "machining": ("가공생산팀", "반장", "Machining Production"),
    "safety": ("안전환경팀", "대리", "Safety & Environment"),
    "quality": ("품질보증팀", "차장", "Quality Assurance"),
    "designer": ("기술연구소", "주임", "R&D Centre"),
    "checker": ("기술연구소", "책임", "R&D Centre"),
}


def document_staff(seed: int = 7) -> dict[str, Person]:
    """The people the documents name, one per role, drawn like the plant's staff: all in ``staff.txt``."""
    rng = Random(f"{seed}:documents:staff")
    staff: dict[str, Person] = {}
    for role, (team, title, team_en) in ROLES.items():
        name, phone = person(rng)
        while name in {p.name for p in staff.values()}:
            name, phone = person(rng)
        staff[role] = Person(name, phone, team, title, team_en)
    return staff


_PARTNER = {code: name for code, name, *_ in PARTNERS}
COMPANIES = {  # placeholders of the documents' texts; all are lexicon terms
    "company": COMPANY, "plant": PLANT, "oil_supplier": _PARTNER["V1006"], "sheet_supplier": _PARTNER["V1002"],
    "steel_supplier": _PARTNER["V1003"], "tool_supplier": _PARTNER["V1005"], "hydraulic_service": SERVICE_VENDORS[1],
    "bearing_service": SERVICE_VENDORS[2],
    "cnc_maker": next(m.type.maker for m in bay_machines(0) if m.type.kind == "CNC"),
}
