"""The embedded demo plant: a small Korean press and CNC machining shop, generated deterministically.

The sources look like what a mid-sized Korean plant runs, not like our canonical tables: vendor
MES/ERP/PDM/CMMS tables with abbreviated upper-case columns (a QA table with Korean ones),
CHAR(14) plant-local times, status codes, mixed units (g, inch, W, hours, degF), nulls, an
interface table that delivers some reports twice, remarks naming operators with their mobile
numbers, partner company names, and a recipe table whose setpoints are trade secrets. QA
inspections arrive as daily CP949 CSV exports (``demo.exports``). The schema, master data and
machines are in ``demo.masters``; this module generates the transactions.

Nothing reads the clock: the same arguments give the same database and byte-identical CSVs.
``scale`` is the number of production bays (a press and a CNC line, 12 machines); transaction tables grow
linearly with it and with ``days``. Rows are generated one block of bays per day and streamed
into SQLite, so memory stays flat at any scale.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from random import Random
from typing import NamedTuple

from demo import secrets
from demo.exports import QA_PATTERN, InspectionLot, QaExport
from demo.masters import (
    ALARMS,
    CUSTOMERS,
    DEFECT_KINDS,
    DEFECT_REMARKS,
    FAILURE_MODES,
    FAILURES,
    FINISHED,
    INDEXES,
    ITEM_PRICE,
    ITEM_UNIT,
    MAINTENANCE_WORK,
    ORDER_REMARKS,
    ORDER_STEPS,
    REPORT_REMARKS,
    SCHEMA,
    SERVICE_VENDORS,
    SUPPLIERS,
    TABLES,
    Machine,
    bay_machines,
    c14,
    insert_rows,
    person,
    write_masters,
)

__all__ = ["TABLES", "DemoPlant", "generate"]

BASE_DAY = datetime(2026, 3, 2)  # a Monday; every time in the plant is naive KST
BAYS_PER_BLOCK = 100  # bounds rows held in memory: about 30,000 production reports per block
SHIFTS = (("D", 8, 30), ("N", 20, 30))  # two 12-hour shifts, as most Korean plants run


@dataclass(frozen=True)
class DemoPlant:
    """A generated demo plant: its SQLite database, its export folder and rows per source table."""

    db_path: Path
    exports_dir: Path
    rows: dict[str, int]


class _Order(NamedTuple):
    wo_no: str
    machine: Machine
    item: str
    shift: str
    start: datetime
    end: datetime
    status: str
    quantity: int


def generate(folder: Path, *, scale: int = 1, days: int = 14, seed: int = 7) -> DemoPlant:
    """Write the demo plant into ``folder``: ``plant.db`` (SQLite), ``exports/`` (daily QA CSVs) and the
    company's lexicon and staff list (``demo.secrets``).

    ``days`` of history start on 2026-03-02; work orders of the following day are planned but
    not started. An existing plant in ``folder`` is replaced.
    """
    if scale < 1 or days < 1:
        raise ValueError(f"scale and days must be at least 1, got scale={scale}, days={days}")
    folder = Path(folder)
    exports_dir = folder / "exports"
    exports_dir.mkdir(parents=True, exist_ok=True)
    for old in exports_dir.glob(QA_PATTERN):
        old.unlink()
    db_path = folder / "plant.db"
    db_path.unlink(missing_ok=True)
    qa = QaExport(exports_dir)
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        # A generated file: no journal, no fsync; a crash just means generating again.
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        db.execute("BEGIN")
        write_masters(db, Random(f"{seed}:masters"), scale)
        floor = _ShopFloor(db, qa, seed, days)
        for day in range(days + 1):
            floor.run_day(day, scale)
        db.execute("COMMIT")
        db.executescript(INDEXES)
        rows = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        qa.close()
        db.close()
    secrets.write(folder)
    return DemoPlant(db_path=db_path, exports_dir=exports_dir, rows={**rows, "qa_inspection": qa.rows})


def _share(index: int, rate: float) -> int:
    """Day ``index``'s whole share of ``rate`` per day, so totals stay linear in the rate."""
    return int((index + 1) * rate) - int(index * rate)


class _ShopFloor:
    """One day of transactions per block of bays, with the running record numbers."""

    def __init__(self, db: sqlite3.Connection, qa: QaExport, seed: int, days: int):
        self.db, self.qa, self.seed, self.days = db, qa, seed, days
        self.cutoff = BASE_DAY + timedelta(days=days)  # when the snapshot was taken
        self.seq: Counter[str] = Counter()

    def run_day(self, index: int, scale: int) -> None:
        """Generate day ``index``; the day at ``days`` holds only planned work orders."""
        day = BASE_DAY + timedelta(days=index)
        history = index < self.days
        self.seq.update({"wo": -self.seq["wo"], "po": -self.seq["po"], "so": -self.seq["so"]})
        if history:
            self.qa.open_day(day.date())  # a file per day even if no lot was inspected
        for first in range(0, scale, BAYS_PER_BLOCK):
            rng = Random(f"{self.seed}:floor:{index}:{first}")
            bays = range(first, min(scale, first + BAYS_PER_BLOCK))
            machines = [m for bay in bays for m in bay_machines(bay)]
            self._production(rng, day, machines)
            if history:
                self._upkeep(rng, day, machines)
        if history:
            self._trade(Random(f"{self.seed}:trade:{index}"), day, index, scale)
        self.qa.close_before((day + timedelta(days=1)).date())

    # -- MES: work orders, production reports, defects, inspections -----------------------
    def _production(self, rng: Random, day: datetime, machines: list[Machine]) -> None:
        orders = [o for m in machines if m.type.items for o in self._plan(rng, day, m)]
        reports: list[tuple] = []
        defects: list[tuple] = []
        produced: dict[str, int] = {}
        for order in orders:
            if order.status in ("30", "40"):
                produced[order.wo_no] = self._report(rng, order, reports, defects)
            if order.status == "40":
                self._inspect(rng, order, produced[order.wo_no])
        insert_rows(self.db, "TB_WO_MST", [self._wo_row(rng, o, produced.get(o.wo_no)) for o in orders])
        insert_rows(self.db, "TB_PROD_RSLT", self._numbered(reports))
        insert_rows(self.db, "QA_DEFECT", defects)

    def _plan(self, rng: Random, day: datetime, machine: Machine) -> list[_Order]:
        orders = []
        for shift, hour, minute in SHIFTS if rng.random() < 0.5 else SHIFTS[:1]:
            self.seq["wo"] += 1
            start = day.replace(hour=hour, minute=minute) + timedelta(minutes=rng.randrange(0, 45, 5))
            hours = rng.randint(8, 11)
            end = start + timedelta(hours=hours)
            if start >= self.cutoff:
                status = rng.choice(("10", "20"))
            elif end > self.cutoff:
                status = "30"
            else:
                status = "90" if rng.random() < 0.03 else "40"
            quantity = round(machine.type.rate * hours * 0.9, -1)
            orders.append(_Order(f"WO{day:%y%m%d}{self.seq['wo']:04d}", machine, rng.choice(machine.type.items),
                                 shift, start, end, status, int(quantity)))
        return orders

    def _report(self, rng: Random, order: _Order, reports: list[tuple], defects: list[tuple]) -> int:
        """Hourly production reports of ``order`` up to the snapshot; returns the good quantity."""
        rand = rng.random  # the hot loop at large scales: plain draws, no randint/uniform
        worker, phone = person(rng)
        worker = None if rand() < 0.05 else worker
        rate, total, second = order.machine.type.rate, 0, timedelta(seconds=1)
        for hour in range(1, (order.end - order.start).seconds // 3600 + 1):
            at = order.start + (3600 * hour - 360 + int(rand() * 780)) * second  # on the hour, give or take
            # the MES interface commits a report seconds later, a few minutes when it lags
            updated = at + (180 + int(rand() * 360) if rand() < 0.02 else 5 + int(rand() * 86)) * second
            if updated > self.cutoff:
                break
            good = int(rate * (0.8 + 0.2 * rand()))
            draw = rand()
            bad = None if draw < 0.1 else 0 if draw < 0.75 else 1 + int(rand() * 6)
            cycle = None if rand() < 0.04 else int(3_600_000 / rate * (0.95 + 0.17 * rand()))
            remark = None
            if rand() < 0.03:
                remark = rng.choice(REPORT_REMARKS).format(name=worker or "반장", phone=phone,
                                                           minutes=rng.randint(5, 40))
            reports.append((str(updated), order.wo_no, order.machine.eqp_id, order.item, good, bad, cycle,
                            c14(at), worker, remark, "Y", rand() < 0.012))
            if bad and rand() < 0.4:
                self._defect(rng, order, at, bad, defects)
            total += good
        return total

    def _defect(self, rng: Random, order: _Order, at: datetime, quantity: int, defects: list[tuple]) -> None:
        found = at + timedelta(minutes=rng.randint(2, 30))
        if found > self.cutoff:
            return
        self.seq["defect"] += 1
        name, phone = person(rng)
        remark = rng.choice(DEFECT_REMARKS)
        defects.append((f"QD{found:%y%m%d}{self.seq['defect']:06d}", order.wo_no, order.item,
                        order.machine.eqp_id, rng.choice(DEFECT_KINDS[order.machine.type.kind]),
                        quantity, f"{found:%Y-%m-%d %H:%M}", name,
                        remark and remark.format(name=name, phone=phone)))

    def _numbered(self, reports: list[tuple]):
        """Reports in commit order with their sequence numbers; some delivered twice, identical."""
        for row in sorted(reports, key=lambda r: (r[0], r[1], r[7])):
            self.seq["report"] += 1
            numbered = (self.seq["report"], *row[1:11], row[0])
            yield numbered
            if row[11]:
                yield numbered

    def _wo_row(self, rng: Random, order: _Order, produced: int | None) -> tuple:
        registered = order.start.replace(hour=16, minute=0) - timedelta(days=1, minutes=-rng.randint(0, 90))
        if order.status == "40":
            updated = min(order.end + timedelta(minutes=rng.randint(10, 90)), self.cutoff)
        elif order.status == "30":
            updated = self.cutoff - timedelta(minutes=rng.randint(1, 30))
        elif order.status == "90":
            updated = registered + timedelta(hours=3)
        else:
            updated = registered
        remark = None
        if rng.random() < 0.08:
            name, phone = person(rng)
            remark = rng.choice(ORDER_REMARKS).format(
                name=name, phone=phone, customer=rng.choice(CUSTOMERS)[1])
        return (order.wo_no, f"{order.start:%Y%m%d}", order.item, order.machine.eqp_id, order.quantity, produced,
                order.status, order.shift, c14(order.start), c14(order.end), f"RCP-{order.item}", remark,
                "plan01", str(registered), "plan01" if order.status in ("10", "20", "90") else "MES_IF",
                str(updated))

    def _inspect(self, rng: Random, order: _Order, produced: int) -> None:
        at = order.end + timedelta(minutes=rng.randint(10, 60))
        if at >= self.cutoff:
            return
        self.seq["lot"] += 1
        name, phone = person(rng)
        lot = InspectionLot(f"QI{at:%y%m%d}{self.seq['lot']:06d}", at, order.wo_no, order.item,
                            order.machine.type.family, produced, name, phone)
        self.qa.write_lot(rng, lot)

    # -- CMMS and alarms ------------------------------------------------------------------
    def _upkeep(self, rng: Random, day: datetime, machines: list[Machine]) -> None:
        alarms: list[tuple] = []
        maintenance: list[tuple] = []
        failures: list[tuple] = []
        for machine in machines:
            for _ in range(sum(rng.random() < 0.36 for _ in range(4))):
                code, message, level = rng.choice(ALARMS[machine.type.kind])
                self._alarm(rng, machine, day + timedelta(seconds=rng.randrange(86_400)), code, message, level, alarms)
            if (machine.number + day.toordinal()) % 7 == 0:
                maintenance.append(self._preventive(rng, machine, day))
            if rng.random() < 0.02:
                self._failure(rng, machine, day, alarms, maintenance, failures)
        numbered = []
        for row in sorted(alarms, key=lambda r: (r[0], r[1])):
            self.seq["alarm"] += 1
            numbered.append((self.seq["alarm"], row[1], row[2], row[3], row[4], row[0], row[5], row[6]))
        insert_rows(self.db, "TB_ALM_HIST", numbered)
        insert_rows(self.db, "CM_MNT_HIST", maintenance)
        insert_rows(self.db, "CM_FAIL_HIST", failures)

    def _alarm(self, rng: Random, machine: Machine, at: datetime, code: str, message: str, level: str,
               alarms: list) -> None:
        cleared = at + timedelta(minutes=rng.randint(1, 45), seconds=rng.randint(0, 59))
        cleared = None if cleared > self.cutoff or rng.random() < 0.03 else str(cleared)
        acknowledged = None if cleared is None else f"opr{rng.randint(1, 24):02d}"
        alarms.append((str(at), machine.eqp_id, code, message, level, cleared, acknowledged))

    def _preventive(self, rng: Random, machine: Machine, day: datetime) -> tuple:
        self.seq["mnt"] += 1
        start = day.replace(hour=6) + timedelta(minutes=rng.randrange(0, 90, 5))
        hours = rng.choice((0.5, 1.0, 1.5, 2.0, 2.5))
        kind = "PdM" if rng.random() < 0.1 else "PM"
        name, phone = person(rng)
        text = MAINTENANCE_WORK[kind].format(name=name, phone=phone)
        return (f"MT{day:%y%m%d}{self.seq['mnt']:05d}", machine.eqp_id, kind, str(start),
                str(start + timedelta(hours=hours, minutes=rng.randint(0, 9))), hours, text, name,
                rng.randrange(50_000, 300_001, 1_000), None)

    def _failure(self, rng: Random, machine: Machine, day: datetime, alarms: list, maintenance: list,
                 failures: list) -> None:
        code = rng.choice(FAILURE_MODES[machine.type.kind])
        warn_code, warning, cause, action = FAILURES[code]
        at = day + timedelta(seconds=rng.randrange(3_600, 86_400))
        # the machine usually warns before it fails: that is what a predictive model learns from
        self._alarm(rng, machine, at - timedelta(minutes=rng.randint(30, 300)), warn_code, warning, "2", alarms)
        self._alarm(rng, machine, at, "E900", "설비 비상 정지", "3", alarms)
        recovered = at + timedelta(minutes=rng.randint(90, 480))
        recovered = recovered if recovered <= self.cutoff else None
        self.seq["fail"] += 1
        self.seq["mnt"] += 1
        fail_no, mnt_no = f"BD{at:%y%m%d}{self.seq['fail']:04d}", f"MT{at:%y%m%d}{self.seq['mnt']:05d}"
        name, phone = person(rng)
        failures.append((fail_no, machine.eqp_id, code, c14(at), c14(recovered), cause, action, mnt_no))
        down = None if recovered is None else round((recovered - at).seconds / 3600, 1)
        work = f"{cause}. {action} (협력사 {rng.choice(SERVICE_VENDORS)} {name} 기사 {phone})"
        maintenance.append((mnt_no, machine.eqp_id, "BM", str(at + timedelta(minutes=15)),
                            None if recovered is None else str(recovered), down, work, name,
                            rng.randrange(300_000, 3_000_001, 10_000), fail_no))

    # -- ERP: purchase and sales orders ---------------------------------------------------
    def _trade(self, rng: Random, day: datetime, index: int, scale: int) -> None:
        closed = "C" if (self.cutoff - day).days > 10 else "O"
        purchases = [r for _ in range(_share(index, 2.2 * scale)) for r in self._purchase(rng, day, closed)]
        sales = [r for _ in range(_share(index, 2.9 * scale)) for r in self._sale(rng, day)]
        insert_rows(self.db, "MM_PO_DTL", purchases)
        insert_rows(self.db, "SD_SO_DTL", sales)

    def _purchase(self, rng: Random, day: datetime, status: str) -> list[tuple]:
        self.seq["po"] += 1
        vendor, _, _, area, items = rng.choice(SUPPLIERS)
        currency = "JPY" if area == "일본" else "KRW"
        at = day + timedelta(minutes=rng.randrange(9 * 60, 18 * 60))
        remark = None
        if rng.random() < 0.15:
            name, phone = person(rng)
            remark = f"납기 준수 요망, 자재팀 {name} {phone}"
        rows = []
        for line, item in enumerate(rng.sample(items, rng.randint(1, len(items))), 1):
            unit, price = ITEM_UNIT[item], ITEM_PRICE[item] / (9.2 if currency == "JPY" else 1)
            low, high, step = ORDER_STEPS[unit]
            rows.append((f"PO{day:%y%m%d}{self.seq['po']:04d}", line, f"{day:%Y%m%d}", vendor, item,
                         float(rng.randrange(low, high + 1, step)), unit, round(price * rng.uniform(0.97, 1.03)),
                         currency, f"{day + timedelta(days=rng.randint(7, 21)):%Y%m%d}", status, remark, str(at)))
        return rows

    def _sale(self, rng: Random, day: datetime) -> list[tuple]:
        self.seq["so"] += 1
        customer = rng.choice(CUSTOMERS)[0]
        at = day + timedelta(minutes=rng.randrange(8 * 60, 19 * 60))
        remark = None
        if rng.random() < 0.12:
            name, phone = person(rng)
            remark = f"구매 담당 {name} 과장 {phone}, 납기 엄수"
        rows, customer_po = [], f"{customer[1:]}-{day:%y%m}-{rng.randint(100, 999)}"
        for line, item in enumerate(rng.sample(FINISHED, rng.randint(1, 3)), 1):
            rows.append((f"SO{day:%y%m%d}{self.seq['so']:04d}", line, f"{day:%Y.%m.%d}", customer,
                         customer_po, item, rng.randrange(200, 5001, 100),
                         round(ITEM_PRICE[item] * rng.uniform(0.98, 1.05)), "KRW",
                         f"{day + timedelta(days=rng.randint(5, 30)):%Y%m%d}", remark, str(at)))
        return rows
