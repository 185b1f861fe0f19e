"""What the demo company keeps secret, as its IT would hand it to plantset: a lexicon and a staff list.

Written next to the demo plant (``lexicon.txt``, ``staff.txt``), outside any dataset. The
demo key is for the demo only: a real plant generates its own and keeps it in its vault.
"""

from __future__ import annotations

from pathlib import Path

from demo.masters import BAY, GIVEN, PARTNERS, SERVICE_VENDORS, SURNAMES

COMPANY = "(주)세진정밀"
PLANT = "세진정밀 안산공장"
ADDRESS = "경기도 안산시 단원구 산단로 95"  # the plant's address and switchboard, in every document's footer
PHONE = "031-491-7400"
KEY_VARIABLE = "PLANTSET_DEMO_KEY"
DEMO_KEY = "demo-only-key-never-use-in-a-plant-7f3c9a1e"
# Drawing numbers and the PDM vault are the company's; item and part codes are pseudonymized columns.
PATTERNS = (r"re:\bDWG-\d{4}-[A-Z]\b", r"re:\\\\PDMSRV01\\[^\s]*")


def lexicon_lines() -> list[str]:
    companies = [COMPANY, *(p[1] for p in PARTNERS), *sorted({t.maker for t in BAY}), *SERVICE_VENDORS]
    return ([f"COMPANY\t{name}" for name in companies] + [f"PLANT\t{PLANT}", f"ADDRESS\t{ADDRESS}", f"PHONE\t{PHONE}"]
            + [f"DRAWING_NO\t{pattern}" for pattern in PATTERNS])


def staff_names() -> list[str]:
    """Everyone the demo plant employs or deals with by name."""
    return [surname + given for surname in SURNAMES for given in GIVEN]


def write(folder: Path) -> tuple[Path, Path]:
    lexicon, staff = folder / "lexicon.txt", folder / "staff.txt"
    lexicon.write_text("\n".join(["# the demo company's secret terms: CATEGORY<TAB>term", *lexicon_lines()]) + "\n",
                       encoding="utf-8")
    staff.write_text("\n".join(staff_names()) + "\n", encoding="utf-8")
    return lexicon, staff
