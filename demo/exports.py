"""QA inspection exports of the demo plant: one CP949 CSV per day, as a Korean QA system saves them.

Headers are Korean; quantities and large measurements carry thousands separators ("1,234");
the inspection time is an Excel serial number (the cell was formatted General before the sheet
was saved as CSV); one-sided limits are blank; remarks name the inspector with a mobile number.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from random import Random
from typing import IO

QA_PATTERN = "qa_inspection_*.csv"
HEADER = (
    "검사번호", "검사일시", "작업지시번호", "품목코드", "검사구분", "검사항목", "단위",
    "하한", "상한", "측정값", "판정", "수량", "출하일자", "검사자", "비고",
)
EXCEL_EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's 1900 date system, valid after 1900-03-01

# Characteristics per product family: (name, unit, lower, upper, mean, sigma, decimals).
# Sigmas put roughly one measurement in a hundred outside its limits.
CHARACTERISTICS = {
    "blank": (
        ("두께", "mm", 1.95, 2.05, 2.0, 0.017, 3),
        ("버 높이", "mm", None, 0.10, 0.045, 0.021, 3),
        ("외곽 치수", "mm", 119.8, 120.2, 120.0, 0.07, 2),
    ),
    "formed": (
        ("성형 높이", "mm", 34.7, 35.3, 35.0, 0.1, 2),
        ("홀 위치도", "mm", None, 0.2, 0.08, 0.045, 3),
        ("항복하중", "N", 12000.0, None, 13600.0, 620.0, 0),
    ),
    "shaft": (
        ("외경", "mm", 29.979, 30.0, 29.99, 0.0042, 3),
        ("전장", "mm", 244.9, 245.1, 245.0, 0.035, 3),
        ("표면조도 Ra", "um", None, 1.6, 0.82, 0.28, 2),
        ("표면경도", "HV", 520.0, 640.0, 580.0, 21.0, 0),
    ),
    "housing": (
        ("보어 내경", "mm", 52.0, 52.03, 52.015, 0.0056, 3),
        ("평면도", "mm", None, 0.02, 0.009, 0.0042, 4),
        ("표면조도 Ra", "um", None, 3.2, 1.45, 0.6, 2),
    ),
}


@dataclass(frozen=True)
class InspectionLot:
    """One lot inspection of a finished work order, written as one row per characteristic."""

    lot_no: str
    at: datetime
    wo_no: str
    item: str
    family: str
    quantity: int
    inspector: str
    phone: str


def excel_serial(at: datetime) -> str:
    """``at`` as Excel writes a General-formatted date cell to CSV (15 significant digits)."""
    delta = at - EXCEL_EPOCH
    return f"{delta.days + delta.seconds / 86400:.15g}"


def file_name(day: date) -> str:
    """Name of the export file of ``day``."""
    return f"qa_inspection_{day:%Y%m%d}.csv"


def _number(value: float | None, decimals: int) -> str:
    return "" if value is None else f"{value:,.{decimals}f}"


class QaExport:
    """Writes inspection lots into the file of their inspection date; keeps few files open."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.rows = 0
        self._open: dict[date, tuple[IO[str], csv.writer]] = {}

    def open_day(self, day: date) -> csv.writer:
        """The writer of ``day``'s file, creating the file with its header on first use."""
        if day not in self._open:
            handle = (self.folder / file_name(day)).open("w", encoding="cp949", newline="")
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(HEADER)
            self._open[day] = (handle, writer)
        return self._open[day][1]

    def write_lot(self, rng: Random, lot: InspectionLot) -> None:
        """Measure every characteristic of ``lot``'s family and write one row for each."""
        writer = self.open_day(lot.at.date())
        kind = "공정검사" if lot.family == "blank" else "출하검사"
        shipped = "" if lot.family == "blank" else f"{(lot.at - EXCEL_EPOCH).days + rng.randint(1, 3)}.0"
        head = (lot.lot_no, excel_serial(lot.at), lot.wo_no, lot.item, kind)
        for name, unit, lower, upper, mean, sigma, decimals in CHARACTERISTICS[lot.family]:
            value, verdict, remark = self._measure(rng, lower, upper, mean, sigma, decimals, lot)
            writer.writerow((*head, name, unit, _number(lower, decimals), _number(upper, decimals),
                             _number(value, decimals), verdict, f"{lot.quantity:,}", shipped,
                             lot.inspector, remark))
            self.rows += 1

    @staticmethod
    def _measure(rng: Random, lower, upper, mean, sigma, decimals, lot: InspectionLot):
        if rng.random() < 0.006:  # gauge out for calibration: no value, no verdict
            return None, "", "측정기 교정 중 - 육안 확인"
        value = round(rng.gauss(mean, sigma), decimals)
        passed = (lower is None or value >= lower) and (upper is None or value <= upper)
        remark = ""
        if not passed:
            remark = f"재측정 요청, 검사자 {lot.inspector}({lot.phone})"
        elif rng.random() < 0.01:
            remark = f"{lot.inspector} 대리 확인"
        return value, "합격" if passed else "불합격", remark

    def close_before(self, day: date) -> None:
        """Close the files of days before ``day``; no later lot is inspected on them."""
        for old in [d for d in self._open if d < day]:
            self._open.pop(old)[0].close()

    def close(self) -> None:
        """Close every open file."""
        self.close_before(date.max)

