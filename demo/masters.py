"""What the demo plant is made of: its vendor schema, master data, machines and the words people write.

Everything here is fixed except the equipment master, which grows with the number of bays;
``demo.plant`` generates the day-by-day transactions on top of it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import datetime, timedelta
from random import Random
from typing import NamedTuple

# -- the plant's vendor schema (MES TB_*, QA_*, ERP BA_/MM_/SD_*, PDM_*, CMMS CM_*) -------------
SCHEMA = """
CREATE TABLE TB_EQP_MST (EQP_ID VARCHAR(20) PRIMARY KEY, EQP_NM VARCHAR(100), EQP_TP_CD CHAR(3),
  UPR_EQP_ID VARCHAR(20), MAKER_NM VARCHAR(100), RATED_PWR INTEGER, INST_YMD CHAR(8), USE_YN CHAR(1), UPD_DT DATETIME);
CREATE TABLE TB_WO_MST (WO_NO VARCHAR(20) PRIMARY KEY, WO_DT CHAR(8), ITEM_CD VARCHAR(20), EQP_ID VARCHAR(20),
  PLAN_QTY INTEGER, PROD_QTY INTEGER, WO_STAT_CD CHAR(2), SHIFT_CD CHAR(1), PLAN_ST_DT CHAR(14), PLAN_ED_DT CHAR(14),
  RCP_ID VARCHAR(30), RMK VARCHAR(500), REG_ID VARCHAR(20), REG_DT DATETIME, UPD_ID VARCHAR(20), UPD_DT DATETIME);
CREATE TABLE TB_PROD_RSLT (RSLT_SEQ INTEGER NOT NULL, WO_NO VARCHAR(20), EQP_ID VARCHAR(20), ITEM_CD VARCHAR(20),
  GOOD_QTY INTEGER, BAD_QTY INTEGER, CYCLE_TM_MS INTEGER, RSLT_DT CHAR(14), WORKER_NM VARCHAR(50), RMK VARCHAR(500),
  IF_FLAG CHAR(1), UPD_DT DATETIME NOT NULL);
CREATE TABLE TB_ALM_HIST (ALM_SEQ INTEGER PRIMARY KEY, EQP_ID VARCHAR(20), ALM_CD VARCHAR(10), ALM_MSG VARCHAR(200),
  ALM_LVL CHAR(1), OCCR_DT DATETIME, CLR_DT DATETIME, ACK_USER_ID VARCHAR(20));
CREATE TABLE TB_RECIPE (RCP_ID VARCHAR(30) PRIMARY KEY, ITEM_CD VARCHAR(20), EQP_TP_CD CHAR(3), RCP_VER INTEGER,
  PRESS_TON_SP REAL, DIE_TEMP_SP REAL, SPM INTEGER, SPINDLE_RPM INTEGER, FEED_RATE REAL, COOLANT_TEMP_SP REAL,
  APRV_ID VARCHAR(20), UPD_DT DATETIME);
CREATE TABLE QA_DEFECT (불량번호 VARCHAR(20) PRIMARY KEY, 작업지시번호 VARCHAR(20), 품목코드 VARCHAR(20),
  설비코드 VARCHAR(20), 불량유형 VARCHAR(20), 불량수량 INTEGER, 발견일시 VARCHAR(16), 등록자 VARCHAR(50), 비고 VARCHAR(500));
CREATE TABLE BA_ITEM_MST (ITEM_CD VARCHAR(20) PRIMARY KEY, ITEM_NM VARCHAR(100), ITEM_SPEC VARCHAR(100),
  ITEM_ACCT CHAR(2), STK_UNIT_CD VARCHAR(5), UNIT_WGT REAL, SAFE_STK_QTY INTEGER, USE_YN CHAR(1), UPD_DT DATETIME);
CREATE TABLE BA_CUST_MST (CUST_CD VARCHAR(10) PRIMARY KEY, CUST_NM VARCHAR(100), CUST_TP CHAR(1), BIZ_NO CHAR(12),
  CEO_NM VARCHAR(50), AREA_NM VARCHAR(20), ADDR VARCHAR(200), TEL_NO VARCHAR(20), CHRG_NM VARCHAR(50),
  CHRG_HP VARCHAR(20), USE_YN CHAR(1), UPD_DT DATETIME);
CREATE TABLE MM_PO_DTL (PO_NO VARCHAR(20), PO_SEQ INTEGER, PO_YMD CHAR(8), VEND_CD VARCHAR(10), ITEM_CD VARCHAR(20),
  PO_QTY REAL, PO_UNIT VARCHAR(5), PO_UPRC REAL, CUR_CD CHAR(3), DLV_REQ_YMD CHAR(8), PO_STAT CHAR(1),
  RMK VARCHAR(500), UPD_DT DATETIME, PRIMARY KEY (PO_NO, PO_SEQ));
CREATE TABLE SD_SO_DTL (SO_NO VARCHAR(20), SO_SEQ INTEGER, ORD_DT VARCHAR(10), CUST_CD VARCHAR(10),
  CUST_PO_NO VARCHAR(30), ITEM_CD VARCHAR(20), ORD_QTY INTEGER, SALE_UPRC REAL, CUR_CD CHAR(3), DLV_YMD CHAR(8),
  RMK VARCHAR(500), UPD_DT DATETIME, PRIMARY KEY (SO_NO, SO_SEQ));
CREATE TABLE PDM_PART_REV (PART_NO VARCHAR(20), REV_NO VARCHAR(3), ITEM_CD VARCHAR(20), PART_DESC VARCHAR(200),
  DWG_NO VARCHAR(30), MATL_SPEC VARCHAR(50), LEN_IN REAL, PART_STAT VARCHAR(3), RLS_DT CHAR(14),
  DSGN_USER_NM VARCHAR(50), CAD_PATH VARCHAR(200), PRIMARY KEY (PART_NO, REV_NO));
CREATE TABLE PDM_BOM (PRNT_ITEM_CD VARCHAR(20), CHLD_ITEM_CD VARCHAR(20), BOM_SEQ INTEGER, QTY_PER REAL,
  UNIT_CD VARCHAR(5), VALID_FR_YMD CHAR(8), VALID_TO_YMD CHAR(8), UPD_DT DATETIME,
  PRIMARY KEY (PRNT_ITEM_CD, CHLD_ITEM_CD));
CREATE TABLE CM_MNT_HIST (MNT_NO VARCHAR(20) PRIMARY KEY, EQP_ID VARCHAR(20), MNT_TP_CD VARCHAR(3), ST_DTM DATETIME,
  END_DTM DATETIME, DOWN_HR REAL, WORK_DESC VARCHAR(1000), WORKER_NM VARCHAR(50), COST_AMT INTEGER,
  FAIL_NO VARCHAR(20));
CREATE TABLE CM_FAIL_HIST (FAIL_NO VARCHAR(20) PRIMARY KEY, EQP_ID VARCHAR(20), FAIL_CD CHAR(3), FAIL_DTM CHAR(14),
  RCVR_DTM CHAR(14), CAUSE_DESC VARCHAR(1000), ACTN_DESC VARCHAR(1000), MNT_NO VARCHAR(20));
"""
INDEXES = "CREATE INDEX IX_PROD_RSLT_01 ON TB_PROD_RSLT (UPD_DT);"  # the MES's index for interface polling
TABLES = tuple(line.split()[2] for line in SCHEMA.splitlines() if line.startswith("CREATE TABLE"))

# -- master data ----------------------------------------------------------------------------
# (code, name, spec, account 10 raw/20 semi/30 finished/40 consumable, unit, weight g, length mm, price KRW)
ITEMS = (
    ("RM-1001", "냉연강판 코일", "SPCC 2.0t x 1219", "10", "KG", 1000.0, None, 1150),
    ("RM-1002", "열연강판 코일", "SPHC 3.2t x 1219", "10", "KG", 1000.0, None, 1040),
    ("RM-1003", "고장력강판 코일", "SAPH440 4.0t x 914", "10", "KG", 1000.0, None, 1390),
    ("RM-1004", "탄소강 환봉", "S45C D30 x 6000", "10", "M", 5549.0, None, 9800),
    ("RM-1005", "합금강 환봉", "SCM440 D45 x 6000", "10", "M", 12485.0, None, 26500),
    ("RM-1006", "알루미늄 환봉", "A6061-T6 D60 x 3000", "10", "M", 7634.0, None, 31000),
    ("SF-2001", "브라켓 블랭크 A", "SPCC 2.0t", "20", "EA", 412.5, 120.0, 620),
    ("SF-2002", "브라켓 블랭크 B", "SPHC 3.2t", "20", "EA", 655.0, 120.0, 840),
    ("SF-2003", "보강판 블랭크", "SAPH440 4.0t", "20", "EA", 1230.0, 120.0, 1450),
    ("SF-2004", "마운팅 플레이트 블랭크", "SPCC 2.0t", "20", "EA", 880.0, 120.0, 1010),
    ("FG-3001", "엔진 마운팅 브라켓", "SPCC 2.0t", "30", "EA", 398.2, 86.5, 2800),
    ("FG-3002", "서스펜션 브라켓", "SPHC 3.2t", "30", "EA", 641.7, 104.0, 3900),
    ("FG-3003", "시트 레일 보강판", "SAPH440 4.0t", "30", "EA", 1195.4, 312.0, 5200),
    ("FG-3004", "배터리 마운팅 플레이트", "SPCC 2.0t", "30", "EA", 862.3, 254.0, 4700),
    ("FG-3005", "구동축 샤프트", "S45C", "30", "EA", 1820.5, 245.0, 18500),
    ("FG-3006", "기어 샤프트", "S45C", "30", "EA", 1410.0, 190.5, 16200),
    ("FG-3007", "피니언 샤프트", "SCM440", "30", "EA", 960.8, 101.6, 21800),
    ("FG-3008", "유압 플랜지", "SCM440", "30", "EA", 2240.0, 76.2, 24500),
    ("FG-3009", "베어링 하우징", "A6061-T6", "30", "EA", 3105.6, 120.0, 38200),
    ("FG-3010", "밸브 바디", "A6061-T6", "30", "EA", 1288.9, 88.9, 29700),
    ("CS-4001", "선삭 인서트", "CNMG120408", "40", "EA", 12.0, None, 8500),
    ("CS-4002", "수용성 절삭유", "20L", "40", "L", 1020.0, None, 4200),
    ("CS-4003", "프레스 가공유", "200L", "40", "L", 880.0, None, 3600),
    ("CS-4004", "초경 엔드밀", "D10 4날", "40", "EA", None, None, 38000),
)
ITEM_UNIT = {i[0]: i[4] for i in ITEMS}
ITEM_PRICE = {i[0]: i[7] for i in ITEMS}
FINISHED = [i[0] for i in ITEMS if i[3] == "30"]
ORDER_STEPS = {"KG": (2000, 12000, 500), "M": (60, 600, 6), "EA": (200, 3000, 100), "L": (200, 1000, 200)}
BOM = {  # parent: ((component, quantity per parent, unit), ...)
    "SF-2001": (("RM-1001", 0.45, "KG"),), "SF-2002": (("RM-1002", 0.72, "KG"),),
    "SF-2003": (("RM-1003", 1.35, "KG"),), "SF-2004": (("RM-1001", 0.97, "KG"),),
    "FG-3001": (("SF-2001", 1, "EA"), ("CS-4003", 0.002, "L")), "FG-3002": (("SF-2002", 1, "EA"),),
    "FG-3003": (("SF-2003", 1, "EA"),), "FG-3004": (("SF-2004", 1, "EA"), ("CS-4003", 0.002, "L")),
    "FG-3005": (("RM-1004", 0.35, "M"), ("CS-4001", 0.01, "EA"), ("CS-4002", 0.05, "L")),
    "FG-3006": (("RM-1004", 0.28, "M"), ("CS-4001", 0.01, "EA")),
    "FG-3007": (("RM-1005", 0.12, "M"), ("CS-4001", 0.008, "EA")),
    "FG-3008": (("RM-1005", 0.09, "M"), ("CS-4004", 0.005, "EA")),
    "FG-3009": (("RM-1006", 0.42, "M"), ("CS-4004", 0.01, "EA")),
    "FG-3010": (("RM-1006", 0.2, "M"), ("CS-4004", 0.008, "EA"), ("CS-4002", 0.03, "L")),
}
# (code, company, S supplier / C customer, area, items supplied)
PARTNERS = (
    ("V1001", "(주)대성정밀", "S", "경남", ("SF-2003",)),
    ("V1002", "한빛금속(주)", "S", "경북", ("RM-1001", "RM-1002")),
    ("V1003", "세원특수강(주)", "S", "경남", ("RM-1004", "RM-1005")),
    ("V1004", "(주)동아스틸", "S", "부산", ("RM-1003", "RM-1001")),
    ("V1005", "(주)한일공구", "S", "경기", ("CS-4001", "CS-4004")),
    ("V1006", "성진유화(주)", "S", "울산", ("CS-4002", "CS-4003")),
    ("V1007", "오사카강재(주)", "S", "일본", ("RM-1006",)),
    ("C2001", "(주)대한오토텍", "C", "울산", ()), ("C2002", "미래기공(주)", "C", "경남", ()),
    ("C2003", "(주)진성테크", "C", "대구", ()), ("C2004", "삼우산업(주)", "C", "경기", ()),
    ("C2005", "(주)태광유압", "C", "부산", ()), ("C2006", "(주)한결모빌리티", "C", "충남", ()),
    ("C2007", "동양정공(주)", "C", "인천", ()),
)
SUPPLIERS = [p for p in PARTNERS if p[2] == "S"]
CUSTOMERS = [p for p in PARTNERS if p[2] == "C"]
AREAS = {"경남": ("경상남도 창원시 성산구", "055"), "경북": ("경상북도 포항시 남구", "054"),
         "부산": ("부산광역시 강서구", "051"), "울산": ("울산광역시 북구", "052"), "대구": ("대구광역시 달서구", "053"),
         "경기": ("경기도 안산시 단원구", "031"), "충남": ("충청남도 아산시", "041"),
         "인천": ("인천광역시 남동구", "032"), "일본": ("일본 오사카부 사카이시", "+81-72")}


class MachineType(NamedTuple):
    prefix: str
    name: str
    kind: str  # EQP_TP_CD
    line: str
    rated_w: int
    maker: str
    tons: int
    items: tuple[str, ...]
    rate: int  # good parts per hour
    family: str  # inspection characteristics, see demo.exports
    count: int


class Machine(NamedTuple):
    eqp_id: str
    number: int
    name: str
    line: str
    type: MachineType


_BLANKS = ("SF-2001", "SF-2002", "SF-2003", "SF-2004")
_SHAFTS, _HOUSINGS = ("FG-3005", "FG-3006", "FG-3007"), ("FG-3008", "FG-3009", "FG-3010")
BAY = (  # one production bay: a press line and a CNC line
    MachineType("PRS", "200톤 블랭킹 프레스", "PRS", "P", 22_000, "(주)세광프레스", 200, _BLANKS, 720, "blank", 2),
    MachineType("PRS", "400톤 성형 프레스", "PRS", "P", 45_000, "(주)세광프레스", 400, ("FG-3001", "FG-3002"), 480, "formed", 1),
    MachineType("PRS", "800톤 트랜스퍼 프레스", "PRS", "P", 90_000, "대영기계(주)", 800, ("FG-3003", "FG-3004"), 360, "formed", 1),
    MachineType("ROB", "프레스 이송 로봇", "ROB", "P", 3_500, "(주)유니로보틱스", 0, (), 0, "", 1),
    MachineType("CNC", "CNC 선반", "CNC", "C", 15_000, "(주)한국공작기계", 0, _SHAFTS, 40, "shaft", 3),
    MachineType("CNC", "수직형 머시닝센터", "CNC", "C", 18_500, "(주)한국공작기계", 0, _HOUSINGS, 24, "housing", 3),
    MachineType("FUR", "고주파 열처리기", "FUR", "C", 120_000, "(주)한성열처리", 0, (), 0, "", 1),
)
_PER_BAY = Counter()
for _kind in BAY:
    _PER_BAY[_kind.prefix] += _kind.count
ITEM_MACHINE = {item: t for t in BAY for item in t.items}

ALARMS = {  # (code, message, level 1 info / 2 warning / 3 critical)
    "PRS": (("P101", "유압 압력 저하", "2"), ("P102", "금형 과부하", "3"), ("P103", "윤활유 부족", "2"),
            ("P104", "안전 광커튼 작동", "1"), ("P105", "소재 이송 이상", "2")),
    "CNC": (("C201", "공구 마모 경고", "2"), ("C202", "주축 부하 과대", "3"), ("C203", "절삭유 레벨 낮음", "1"),
            ("C204", "도어 인터록", "1"), ("C205", "서보 알람", "3")),
    "ROB": (("R301", "그리퍼 진공 저하", "2"), ("R302", "충돌 감지", "3"), ("R303", "원점 복귀 필요", "1")),
    "FUR": (("H401", "온도 편차 초과", "2"), ("H402", "냉각수 유량 저하", "3"), ("H403", "도어 개방", "1")),
}
FAILURE_MODES = {"PRS": ("F03", "F03", "F01"), "CNC": ("F01", "F02"), "ROB": ("F01",), "FUR": ("F02",)}
FAILURES = {  # code: (warning alarm code, warning, cause, action)
    "F01": ("W801", "진동 상승 경고", "베어링 마모로 이상 소음 및 진동 증가", "베어링 교체 및 축 정렬"),
    "F02": ("W802", "온도 상승 경고", "냉각 불량으로 과열 정지", "냉각팬 교체 및 필터 청소"),
    "F03": ("W803", "유압유 레벨 저하", "유압 실린더 씰 손상으로 작동유 누유", "씰 교체 및 작동유 보충"),
}
DEFECT_KINDS = {"PRS": ("버", "버", "크랙", "찍힘", "치수불량"), "CNC": ("치수불량", "긁힘", "버", "치수불량")}
SERVICE_VENDORS = ("한빛정비", "(주)동명유압", "대한베어링서비스")

# -- how people write remarks: names and mobile numbers the anonymizer must find ---------------
SURNAMES = "김이박최정강조윤장임한오서신권황"
GIVEN = ("민수", "서준", "지훈", "영호", "현우", "도윤", "수빈", "지영", "은정", "성민", "재혁", "동현", "미경", "상철")
ORDER_REMARKS = ("긴급 오더: {name} 반장({phone}) 확인 후 투입", "고객사 {customer} 납기 단축 요청, 담당 {name} {phone}",
                 "금형 교체 후 첫 로트, 초물 확인 {name}", "자재 대체 투입 승인: {name} 과장 {phone}")
REPORT_REMARKS = ("설비 정지 {minutes}분, {name}({phone}) 조치", "소재 코일 교체", "작업자 교대 {name}")
DEFECT_REMARKS = (None, None, "금형 연마 필요, {name} {phone} 통보", "재작업 후 양품 처리")
MAINTENANCE_WORK = {"PM": "정기 점검: 윤활유 보충, 필터 교체 (작업자 {name} {phone})",
                    "PdM": "진동 분석 결과에 따른 예지보전, 베어링 예방 교체 ({name})"}


def person(rng: Random) -> tuple[str, str]:
    """A Korean name and a mobile phone number."""
    draw = rng.random
    name = SURNAMES[int(draw() * len(SURNAMES))] + GIVEN[int(draw() * len(GIVEN))]
    return name, "010-%04d-%04d" % (2000 + int(draw() * 8000), 1000 + int(draw() * 9000))


def bay_machines(bay: int) -> list[Machine]:
    """The machines of production bay ``bay`` (0-based); numbers run on across bays."""
    result, used = [], Counter()
    for kind in BAY:
        for _ in range(kind.count):
            used[kind.prefix] += 1
            number = bay * _PER_BAY[kind.prefix] + used[kind.prefix]
            result.append(Machine(f"{kind.prefix}-{number:02d}", number, f"{kind.name} {number}호기",
                                  f"LINE-{kind.line}{bay + 1:02d}", kind))
    return result


# -- master data into the database --------------------------------------------------------------
def write_masters(db: sqlite3.Connection, rng: Random, scale: int) -> None:
    """Items, partners, parts, BOM and recipes are fixed; equipment grows with the bays."""
    insert_rows(db, "BA_ITEM_MST",
                [(*item[:6], rng.randrange(0, 5001, 100), "Y", _stamp(rng)) for item in ITEMS])
    insert_rows(db, "BA_CUST_MST", [_partner_row(rng, partner) for partner in PARTNERS])
    insert_rows(db, "PDM_PART_REV", [row for item in ITEMS if item[6] for row in _part_rows(rng, item)])
    insert_rows(db, "PDM_BOM", [(parent, child, 10 * n, qty, unit, "20250101", "99991231", _stamp(rng))
                                for parent, lines in BOM.items() for n, (child, qty, unit) in enumerate(lines, 1)])
    insert_rows(db, "TB_RECIPE", [_recipe_row(rng, item) for item in ITEM_MACHINE])
    insert_rows(db, "TB_EQP_MST", _equipment_rows(rng, scale))


def _stamp(rng: Random) -> str:
    return str(datetime(2025, 1, 6, 9) + timedelta(days=rng.randrange(330), minutes=rng.randrange(540)))


def _partner_row(rng: Random, partner: tuple) -> tuple:
    code, name, role, area, _ = partner
    address, phone_area = AREAS[area]
    ceo = person(rng)[0]
    contact, mobile = person(rng)
    return (code, name, role, f"{rng.randint(101, 899)}-{rng.randint(10, 99)}-{rng.randint(10000, 99999)}", ceo,
            area, f"{address} 공단로 {rng.randint(10, 480)}",
            f"{phone_area}-{rng.randint(200, 899)}-{rng.randint(1000, 9999)}", contact,
            None if rng.random() < 0.2 else mobile, "Y", _stamp(rng))


def _part_rows(rng: Random, item: tuple) -> list[tuple]:
    code, name, spec, _, _, _, length, _ = item
    revisions = "AB" if rng.random() < 0.45 else "A"
    released = datetime(2023, 1, 9) + timedelta(days=rng.randrange(400), hours=rng.randint(9, 18))
    designer = person(rng)[0]
    rows = []
    for rev in revisions:
        drawing = f"DWG-{code[3:]}-{rev}"
        rows.append((f"DS-{code[3:]}", rev, code, name + (" (설계변경)" if rev == "B" else ""), drawing, spec,
                     round((length + (1.5 if rev == "B" else 0.0)) / 25.4, 3),  # PDM keeps inches
                     "RLS" if rev == revisions[-1] else "OBS", c14(released), designer,
                     f"\\\\PDMSRV01\\vault\\{code}\\{drawing}.dwg"))
        released += timedelta(days=rng.randint(60, 300))
    return rows


def _recipe_row(rng: Random, item: str) -> tuple:
    kind = ITEM_MACHINE[item]
    press = kind.kind == "PRS"
    return (f"RCP-{item}", item, kind.kind, rng.randint(1, 6),
            round(kind.tons * rng.uniform(0.6, 0.85), 1) if press else None,
            round(rng.uniform(95, 140), 1) if press else None,  # die temperature, degF
            rng.randint(12, 30) if press else None,
            None if press else rng.randrange(1200, 3501, 50),
            None if press else round(rng.uniform(80, 450), 1),  # mm/min
            None if press else round(rng.uniform(64, 77), 1),  # coolant temperature, degF
            "qa_lee", _stamp(rng))


def _equipment_rows(rng: Random, scale: int):
    for bay in range(scale):
        for line, name in (("P", "프레스"), ("C", "CNC 가공")):
            yield (f"LINE-{line}{bay + 1:02d}", f"{name} {bay + 1}라인", "LIN", None, None, None, None, "Y",
                   _stamp(rng))
        for machine in bay_machines(bay):
            installed = datetime(2012, 4, 2) + timedelta(days=rng.randrange(4000))
            yield (machine.eqp_id, machine.name, machine.type.kind, machine.line, machine.type.maker,
                   machine.type.rated_w, f"{installed:%Y%m%d}", "Y", _stamp(rng))


def c14(at: datetime | None) -> str | None:
    """CHAR(14) 'YYYYMMDDHHMMSS', how the MES keeps times."""
    if at is None:
        return None
    return "%04d%02d%02d%02d%02d%02d" % (at.year, at.month, at.day, at.hour, at.minute, at.second)


def insert_rows(db: sqlite3.Connection, table: str, rows) -> None:
    """Insert ``rows`` (any iterable, streamed) into ``table``."""
    width = len(db.execute(f"SELECT * FROM {table} LIMIT 0").description)
    db.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * width)})", rows)
