"""The demo plant's documents: what a document source meets in a Korean press and CNC shop.

Born-digital PDF maintenance manuals (Korean and English) and safety data sheets in the 16 GHS
sections, an ISO-style procedure (DOCX), a part drawing with a title block and a parts list
(DXF), FASTA records standing in for a bio partner's lab files, a warning label (PNG), a
scanned inspection sheet (a PDF whose only page is a picture, for OCR), an ngspice log, and
``broken_manual.pdf``: a truncated copy of a manual that the document source must quarantine
with a reason instead of failing the run.

The content comes from the same master data as ``demo.plant`` (machines, failure modes,
partners, inspection limits) and names staff drawn like the plant's (``person``) with their
mobile numbers, and partner companies of the secret lexicon (``demo.secrets``): what the
anonymizer must find. Nothing reads the clock and all randomness is seeded, so the same seed
writes the same bytes. Text is written as blocks — ``("h1", text)``, ``("p", text)``,
``("ul", items)``, ``("table", rows, widths)`` … — that the PDF and DOCX writers both render.

Imported only by the code that generates the demo: it pulls in fpdf2, ezdxf, python-docx and Pillow.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from random import Random
from typing import NamedTuple

import docx
import ezdxf
from docx.oxml.ns import qn
from ezdxf.enums import TextEntityAlignment
from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from demo.exports import CHARACTERISTICS
from demo.masters import AREAS, FAILURES, PARTNERS, SERVICE_VENDORS, bay_machines, person
from demo.secrets import COMPANY, PLANT

__all__ = ["BROKEN_PDF", "Person", "document_staff", "generate_documents"]

FONT_DIR = Path("/usr/share/fonts/truetype/nanum")  # Debian fonts-nanum, installed by `make system`
ISSUED = datetime(2026, 2, 16, 9, 0, tzinfo=timezone(timedelta(hours=9)))  # every document's date, in KST
BROKEN_PDF = "broken_manual.pdf"  # truncated on purpose: the document source must quarantine it


# -- who the documents name ---------------------------------------------------------------------
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
COMPANIES = {  # placeholders of the texts below; all are lexicon terms
    "company": COMPANY, "plant": PLANT, "oil_supplier": _PARTNER["V1006"], "sheet_supplier": _PARTNER["V1002"],
    "steel_supplier": _PARTNER["V1003"], "tool_supplier": _PARTNER["V1005"], "hydraulic_service": SERVICE_VENDORS[1],
    "bearing_service": SERVICE_VENDORS[2],
    "cnc_maker": next(m.type.maker for m in bay_machines(0) if m.type.kind == "CNC"),
}


# -- tables built from the plant's master data ----------------------------------------------------
MACHINE_EN = {"200톤 블랭킹 프레스": "200-ton blanking press", "400톤 성형 프레스": "400-ton forming press",
              "800톤 트랜스퍼 프레스": "800-ton transfer press", "CNC 선반": "CNC lathe",
              "수직형 머시닝센터": "Vertical machining centre"}
FAILURES_EN = {
    "F01": ("Vibration rise (W801)", "Bearing wear: abnormal noise and vibration", "Replace bearing, realign shaft"),
    "F02": ("Temperature rise (W802)", "Poor cooling: overheating stop", "Replace cooling fan, clean filters"),
    "F03": ("Hydraulic oil level low (W803)", "Damaged cylinder seal: hydraulic oil leak",
            "Replace seals, refill hydraulic oil"),
}


def _equipment_table(kind: str, lang: str) -> tuple:
    machines = [m for m in bay_machines(0) if m.type.kind == kind]
    if lang == "ko":
        rows = [("설비번호", "설비명", "제작사", "정격 전력")]
        rows += [(m.eqp_id, m.name, m.type.maker, f"{m.type.rated_w / 1000:g} kW") for m in machines]
    else:
        rows = [("Machine", "Type", "Maker", "Rated power")]
        rows += [(m.eqp_id, f"{MACHINE_EN[m.type.name]} No. {m.number}", m.type.maker,
                  f"{m.type.rated_w / 1000:g} kW") for m in machines]
    return ("table", tuple(rows), (18, 42, 24, 16))


def _failure_table(codes: tuple[str, ...], lang: str) -> tuple:
    if lang == "ko":
        rows = [("고장 코드", "사전 경고", "원인", "대책")]
        rows += [(code, f"{FAILURES[code][1]} ({FAILURES[code][0]})", *FAILURES[code][2:]) for code in codes]
    else:
        rows = [("Code", "Early warning", "Cause", "Countermeasure")]
        rows += [(code, *FAILURES_EN[code]) for code in codes]
    return ("table", tuple(rows), (11, 26, 37, 26))


def _inspection_table() -> tuple:
    rows = [("검사 항목", "단위", "하한", "상한", "검사 방법")]
    for name, unit, low, high, *_ in CHARACTERISTICS["shaft"]:
        rows.append((name, unit, "–" if low is None else f"{low:g}", "–" if high is None else f"{high:g}",
                     "3차원 측정기" if unit == "mm" else "조도계" if unit == "um" else "경도계"))
    return ("table", tuple(rows), (30, 12, 16, 16, 26))


# -- the manuals ------------------------------------------------------------------------------
PRESS_MANUAL_KO = (
    ("title", "프레스 설비 보전 매뉴얼"),
    ("p", "문서번호 SJ-MM-0301 · 개정 3 · 시행일 2026-02-16 · {plant}"),
    ("table", (("작성", "검토", "승인"), ("{maintenance.team} {maintenance.name}", "{press.team} {press.name}",
                                        "{quality.team} {quality.name}")), (1, 1, 1)),
    ("h1", "1. 개요"),
    ("h2", "1.1 목적"),
    ("p", "이 매뉴얼은 {plant} 프레스 라인(LINE-P01)에 설치된 200톤, 400톤, 800톤 프레스의 일상 점검, 정기 보전 및 "
          "고장 조치 방법을 규정한다. 작업자와 보전 담당자는 설비를 가동하기 전에 이 매뉴얼의 안전 수칙을 숙지하여야 한다."),
    ("h2", "1.2 적용 설비"),
    _equipment_table("PRS", "ko"),
    ("p", "프레스 이송 로봇(ROB-01)은 800톤 트랜스퍼 프레스와 연동되며, 로봇 점검은 별도 매뉴얼(SJ-MM-0305)을 따른다."),
    ("h1", "2. 안전 수칙"),
    ("ul", ("금형 교환, 청소, 점검 작업 전에는 주 전원을 차단하고 잠금장치와 표지(LOTO)를 부착한다.",
            "안전 광커튼이 작동한 경우(P104 알람) 원인을 확인하기 전에는 리셋하지 않는다.",
            "슬라이드 아래에서 작업할 때에는 안전 블록을 설치하고, 양수 조작 버튼을 임의로 개조하지 않는다.",
            "유압 장치를 분해하기 전에는 어큐뮬레이터의 잔압을 완전히 해제한다.",
            "안전화, 보안경, 귀마개, 방진 장갑을 착용한다.")),
    ("h1", "3. 일상 점검"),
    ("h2", "3.1 작업 전 점검"),
    ("ol", ("유압유 레벨 게이지가 H와 L 사이에 있는지 확인한다. L 이하이면 작동유를 보충하고 누유 여부를 점검한다.",
            "윤활유 탱크 레벨과 자동 급유 장치의 토출 상태를 확인한다(P103 윤활유 부족 알람 참조).",
            "공기압이 0.5 MPa 이상인지, 클러치와 브레이크의 작동음이 정상인지 확인한다.",
            "무부하 인칭 운전으로 슬라이드의 이상 소음과 진동을 확인한다.",
            "안전 광커튼과 비상정지 버튼의 작동을 시험한다.")),
    ("h2", "3.2 가동 중 점검"),
    ("p", "가동 중에는 HMI 화면에서 유압 압력, 작동유 온도, 메인 모터 전류를 확인한다. 작동유 온도가 55 ℃를 넘으면 "
          "냉각기 상태를 점검하고, 60 ℃를 넘으면 생산을 멈추고 설비보전팀에 알린다. 금형 과부하(P102)가 발생하면 "
          "소재 두께와 금형 상태를 확인한 뒤 재가동한다."),
    ("h1", "4. 정기 점검"),
    ("h2", "4.1 점검 항목과 주기"),
    ("table", (("점검 항목", "점검 방법", "주기", "판정 기준"),
               ("유압유 오염도", "시료 채취 후 입자 계수", "3개월", "NAS 9급 이하"),
               ("유압유 교환", "전량 교환, 필터 동시 교체", "12개월 또는 4,000시간", "–"),
               ("흡입·리턴 필터", "차압 표시기 확인 후 교체", "1개월", "차압 0.25 MPa 미만"),
               ("크랭크축 베어링", "진동 측정(속도 RMS)", "1개월", "4.5 mm/s 이하"),
               ("클러치·브레이크 라이닝", "마모량 측정", "6개월", "잔여 두께 3 mm 이상"),
               ("슬라이드 평행도", "다이얼 게이지 측정", "6개월", "0.05 mm/m 이하"),
               ("안전 광커튼", "시험봉으로 차단 시험", "매일", "즉시 정지")), (26, 30, 22, 22)),
    ("h2", "4.2 체결 토크"),
    ("p", "정기 점검 때 아래 볼트의 체결 토크를 토크 렌치로 확인한다. 토크 값은 윤활하지 않은 볼트 기준이다."),
    ("table", (("체결 부위", "볼트 규격", "체결 토크 (N·m)"), ("금형 클램프", "M20 (10.9)", "410"),
               ("커넥팅 로드 캡", "M24 (10.9)", "710"), ("유압 실린더 플랜지", "M16 (10.9)", "210"),
               ("메인 모터 베이스", "M12 (8.8)", "79"), ("플라이휠 커버", "M10 (8.8)", "46")), (40, 30, 30)),
    ("h1", "5. 고장 유형과 대책"),
    ("p", "설비관리시스템(CMMS)에 기록되는 고장 유형은 아래와 같다. 사전 경고 알람이 발생하면 고장으로 진행하기 전에 조치한다."),
    _failure_table(("F03", "F01", "F02"), "ko"),
    ("h2", "5.1 유압 누유 (F03)"),
    ("p", "유압 실린더 씰이 손상되면 작동유가 누유되고 유압 압력 저하(P101) 알람이 반복된다. 누유를 발견하면 즉시 운전을 "
          "멈추고 누유 부위를 표시한 뒤 흡착포로 작동유를 회수한다."),
    ("ol", ("어큐뮬레이터 잔압을 해제하고 압력계가 0을 가리키는지 확인한다.",
            "손상된 씰(피스톤 씰, 로드 씰, 더스트 씰)을 세트로 교체한다.",
            "작동유를 보충하고 공기 빼기 후 무부하로 10회 이상 왕복 운전한다.",
            "30분 가동 후 누유 재발 여부를 확인하고 CMMS에 기록한다.")),
    ("p", "실린더 분해가 필요하면 협력사 {hydraulic_service}에 수리를 의뢰한다."),
    ("h2", "5.2 베어링 마모 (F01)"),
    ("p", "크랭크축과 메인 모터의 베어링이 마모되면 진동이 상승하고(W801) 이상 소음이 발생한다. 진동값이 7.1 mm/s를 "
          "넘으면 계획 정지 후 베어링을 교체하고 축 정렬을 다시 맞춘다. 베어링 교체는 {bearing_service}가 수행하며, "
          "교체 후 진동값을 측정하여 기록한다."),
    ("h2", "5.3 과열 (F02)"),
    ("p", "작동유 냉각기의 팬이 고장 나거나 필터가 막히면 작동유 온도가 올라 과열 정지가 발생한다. 냉각팬을 교체하고 "
          "필터를 청소한 뒤, 작동유의 산화 여부(색상, 냄새)를 확인한다."),
    ("h1", "6. 문의"),
    ("ul", ("설비 이상 및 보전 문의: {maintenance.team} {maintenance.name} {maintenance.title} {maintenance.phone}",
            "생산 일정 조정: {press.team} {press.name} {press.title} {press.phone}",
            "유압 장치 수리: {hydraulic_service} / 베어링 교체: {bearing_service}",
            "작동유·프레스 가공유 공급: {oil_supplier}")),
)

CNC_MANUAL_EN = (
    ("title", "CNC Lathe and Machining Centre Maintenance Manual"),
    ("p", "Document SJ-MM-0402 · Revision 2 · Effective 2026-02-16 · {company}, {plant}"),
    ("table", (("Prepared", "Reviewed", "Approved"), ("{maintenance.name} ({maintenance.team_en})",
                                                    "{machining.name} ({machining.team_en})",
                                                    "{quality.name} ({quality.team_en})")), (1, 1, 1)),
    ("h1", "1. Scope"),
    ("p", "This manual covers daily checks, periodic maintenance and troubleshooting of the CNC lathes (CNC-01 to "
          "CNC-03) and vertical machining centres (CNC-04 to CNC-06) on machining line LINE-C01. Operators read "
          "chapter 2 before they run a machine; maintenance staff follow chapters 4 and 5."),
    _equipment_table("CNC", "en"),
    ("h1", "2. Safety"),
    ("ul", ("Never open the door while the spindle turns; the door interlock (alarm C204) must not be bridged.",
            "Lock out and tag out the main power before changing chuck jaws, cleaning the chip conveyor or "
            "working inside the enclosure.",
            "Release the hydraulic chuck pressure before loosening the chuck cylinder.",
            "Wear safety glasses and safety shoes; do not wear gloves near a rotating chuck.")),
    ("h1", "3. Daily checks"),
    ("h2", "3.1 Before start-up"),
    ("ol", ("Check the coolant level and concentration (5 to 7 % by refractometer); top up with water-miscible "
            "cutting fluid when alarm C203 is shown.",
            "Check the way-lube tank and the oil level of the hydraulic unit.",
            "Warm up the spindle for 10 minutes at 30 % of its maximum speed.",
            "Check the air pressure (0.5 MPa minimum) and the chuck clamping pressure.")),
    ("h2", "3.2 During operation"),
    ("p", "Watch the spindle load meter. A sustained load above 120 % (alarm C202) means a worn tool or wrong "
          "cutting conditions: replace the insert (CNMG120408) or reduce the feed rate, and record the tool "
          "change on the tool life sheet. A tool wear warning (C201) is answered at the next part change."),
    ("h1", "4. Periodic maintenance"),
    ("h2", "4.1 Inspection items and intervals"),
    ("table", (("Item", "Method", "Interval", "Criterion"),
               ("Spindle bearing vibration", "Velocity RMS at the spindle nose", "Monthly", "≤ 2.8 mm/s"),
               ("Spindle temperature rise", "Thermocouple after 1 h at full speed", "Quarterly", "≤ 20 K"),
               ("Coolant concentration, pH", "Refractometer, pH meter", "Weekly", "5–7 %, pH 8.5–9.5"),
               ("Coolant tank", "Drain, clean and refill", "6 months", "No sludge, no odour"),
               ("Hydraulic chuck cylinder", "Visual leak check", "Weekly", "No leak"),
               ("Ball screw backlash", "Dial indicator", "6 months", "≤ 0.01 mm"),
               ("Cabinet fan filters", "Clean or replace", "Monthly", "Not clogged")), (30, 34, 16, 20)),
    ("h2", "4.2 Tightening torques"),
    ("table", (("Joint", "Bolt", "Torque (N·m)"), ("Chuck jaw bolts", "M12 (12.9)", "120"),
               ("Chuck mounting bolts", "M10 (12.9)", "70"), ("Turret tool clamp", "M10 (10.9)", "58"),
               ("Machine vice base (VMC)", "M16 (10.9)", "210")), (40, 30, 30)),
    ("h1", "5. Failure modes and countermeasures"),
    ("p", "The failure modes recorded in the CMMS are listed below. Act on the early warning before the "
          "machine stops."),
    _failure_table(("F01", "F02", "F03"), "en"),
    ("h2", "5.1 Spindle bearing wear (F01)"),
    ("p", "A worn spindle bearing shows rising vibration (warning W801), noise and a poor surface finish (Ra above "
          "1.6 μm on shafts). Plan a stop, replace the bearing set and realign the spindle. Spindle work is done "
          "by the machine maker's service, {cnc_maker}."),
    ("h2", "5.2 Overheating (F02)"),
    ("p", "Clogged cabinet filters and a failed cooling fan cause overheating stops (warning W802), mostly in "
          "summer. Replace the fan, clean the filters and check that the spindle chiller keeps the oil within "
          "2 K of the ambient temperature."),
    ("h2", "5.3 Hydraulic leak (F03)"),
    ("p", "A leaking chuck cylinder seal drops the clamping pressure and can release a part. Stop the machine, "
          "replace the seals, refill the hydraulic unit with ISO VG 32 oil and bleed the air before restarting."),
    ("h1", "6. Contacts"),
    ("ul", ("Maintenance: {maintenance.name}, {maintenance.team_en}, mobile {maintenance.phone}",
            "Machining line: {machining.name}, {machining.team_en}, mobile {machining.phone}",
            "Cutting tools and inserts: {tool_supplier}; coolant and hydraulic oil: {oil_supplier}")),
)


# -- safety data sheets ---------------------------------------------------------------------------
class Substance(NamedTuple):
    """A product as its MSDS describes it; a pair is (Korean, English), a plain string reads the same in both."""

    key: str
    product: str
    name: tuple[str, str]
    use: tuple[str, str]
    classes: tuple[tuple[str, str], ...]
    signal: tuple[str, str]
    pictograms: tuple[str, ...]
    hazards: tuple[str, ...]
    precautions: tuple[str, ...]
    composition: tuple[tuple, ...]  # (name, CAS, content %)
    properties: tuple  # values in the order of PROPERTIES
    limits: tuple[tuple, ...]  # (component, KR TWA, KR STEL, ACGIH TLV)
    toxicity: tuple[tuple, ...]  # (route, result)
    ecology: tuple[str, str]
    storage: tuple[str, str]
    transport: tuple  # values in the order of TRANSPORT
    hazmat: tuple[str, str]


H_PHRASES = {
    "H226": ("인화성 액체 및 증기", "Flammable liquid and vapour"),
    "H304": ("삼켜서 기도로 유입되면 치명적일 수 있음", "May be fatal if swallowed and enters airways"),
    "H315": ("피부에 자극을 일으킴", "Causes skin irritation"),
    "H317": ("알레르기성 피부 반응을 일으킬 수 있음", "May cause an allergic skin reaction"),
    "H319": ("눈에 심한 자극을 일으킴", "Causes serious eye irritation"),
    "H336": ("졸음 또는 현기증을 일으킬 수 있음", "May cause drowsiness or dizziness"),
    "H411": ("장기적인 영향에 의해 수생생물에게 유독함", "Toxic to aquatic life with long lasting effects"),
    "H412": ("장기적인 영향에 의해 수생생물에게 유해함", "Harmful to aquatic life with long lasting effects"),
}
P_PHRASES = {
    "P210": ("열·스파크·화염·고열로부터 멀리하시오. 금연.", "Keep away from heat, sparks and open flames. No smoking."),
    "P261": ("미스트·증기의 흡입을 피하시오.", "Avoid breathing mist or vapours."),
    "P264": ("취급 후에는 손을 철저히 씻으시오.", "Wash hands thoroughly after handling."),
    "P272": ("오염된 작업복은 작업장 밖으로 반출하지 마시오.",
             "Contaminated work clothing should not be allowed out of the workplace."),
    "P273": ("환경으로 배출하지 마시오.", "Avoid release to the environment."),
    "P280": ("보호장갑·보안경을 착용하시오.", "Wear protective gloves and eye protection."),
    "P301+P310": ("삼켰다면 즉시 의료기관(의사)의 진찰을 받으시오.", "IF SWALLOWED: Immediately call a doctor."),
    "P302+P352": ("피부에 묻으면 다량의 물로 씻으시오.", "IF ON SKIN: Wash with plenty of water."),
    "P305+P351+P338": ("눈에 묻으면 몇 분간 물로 조심해서 씻으시오. 콘택트렌즈를 제거하고 계속 씻으시오.",
                       "IF IN EYES: Rinse cautiously with water for several minutes. Remove contact lenses "
                       "and continue rinsing."),
    "P331": ("토하게 하지 마시오.", "Do NOT induce vomiting."),
    "P333+P313": ("피부 자극 또는 홍반이 나타나면 의학적인 조치·조언을 구하시오.",
                  "If skin irritation or rash occurs: Get medical advice."),
    "P403+P235": ("환기가 잘 되는 곳에 보관하고 저온으로 유지하시오.", "Store in a well-ventilated place. Keep cool."),
    "P501": ("내용물·용기를 관련 법규에 따라 폐기하시오.",
             "Dispose of contents and container in accordance with local regulations."),
}
PICTOGRAMS = {"GHS02": ("불꽃", "flame"), "GHS07": ("감탄부호", "exclamation mark"),
              "GHS08": ("건강 유해성", "health hazard"), "GHS09": ("환경", "environment")}
PRECAUTION_KINDS = (("2", "예방", "Prevention"), ("3", "대응", "Response"), ("4", "저장", "Storage"),
                    ("5", "폐기", "Disposal"))
PROPERTIES = (("외관", "Appearance"), ("냄새", "Odour"), ("pH", "pH"), ("인화점", "Flash point"),
              ("끓는점 또는 범위", "Boiling point or range"), ("비중 (15 ℃)", "Relative density (15 °C)"),
              ("동점도 (40 ℃)", "Kinematic viscosity (40 °C)"), ("물에 대한 용해도", "Solubility in water"))
TRANSPORT = (("UN 번호", "UN number"), ("적정 선적명", "Proper shipping name"),
             ("운송 위험 등급", "Transport hazard class"), ("용기 등급", "Packing group"),
             ("해양오염물질", "Marine pollutant"))
NONE_KO_EN = ("해당없음", "Not applicable")
NOT_REGULATED = (NONE_KO_EN, NONE_KO_EN, NONE_KO_EN, NONE_KO_EN, ("비해당", "No"))

SUBSTANCES = (
    Substance(
        "hydraulic_oil", "HYDRO AW 46", ("내마모성 유압작동유 ISO VG 46", "Anti-wear hydraulic oil ISO VG 46"),
        ("프레스·CNC 유압 장치 작동유", "Hydraulic fluid for presses and CNC hydraulic units"),
        (("수생 환경 유해성(만성) 구분 3", "Hazardous to the aquatic environment, long-term, Category 3"),),
        NONE_KO_EN, (), ("H412",), ("P273", "P280", "P501"),
        ((("수소처리된 중질 파라핀계 증류물(석유)", "Distillates (petroleum), hydrotreated heavy paraffinic"),
          "64742-54-7", "> 95"),
         (("아연 디알킬디티오인산염", "Zinc dialkyldithiophosphate"), "68649-42-3", "0.5–1.5")),
        (("맑은 황색 액체", "Clear yellow liquid"), ("약한 광유 냄새", "Faint mineral-oil odour"), NONE_KO_EN,
         ("226 ℃ (개방식)", "226 °C (open cup)"), "> 280 ℃", "0.87", "46 mm²/s", ("불용", "Insoluble")),
        ((("오일 미스트(광물성)", "Oil mist, mineral"), "5 mg/m³", "10 mg/m³", "5 mg/m³"),),
        ((("급성 경구", "Acute oral"), ("LD50 > 5,000 mg/kg (랫드)", "LD50 > 5,000 mg/kg (rat)")),
         (("급성 경피", "Acute dermal"), ("LD50 > 2,000 mg/kg (토끼)", "LD50 > 2,000 mg/kg (rabbit)"))),
        ("쉽게 생분해되지 않으며 수생 환경에 장기적인 영향을 줄 수 있다. 어류 LC50(96시간) > 100 mg/L.",
         "Not readily biodegradable; may cause long-term effects in water. Fish LC50 (96 h) > 100 mg/L."),
        ("직사광선을 피하고 40 ℃ 이하의 실내에 보관한다.", "Store indoors below 40 °C, out of direct sunlight."),
        NOT_REGULATED, ("제4류 제4석유류", "Class 4, fourth petroleum group (Hazardous Materials Safety Act)")),
    Substance(
        "cutting_fluid", "BIOCUT S-520",
        ("수용성 반합성 절삭유 (생분해성)", "Water-miscible semi-synthetic cutting fluid (biodegradable)"),
        ("CNC 선삭·밀링 가공용 절삭유 (5–7 % 희석 사용)", "Coolant for CNC turning and milling, used at 5–7 % in water"),
        (("피부 자극성 구분 2", "Skin irritation, Category 2"), ("심한 눈 손상/눈 자극성 구분 2", "Eye irritation, Category 2"),
         ("피부 과민성 구분 1", "Skin sensitisation, Category 1"),
         ("수생 환경 유해성(만성) 구분 3", "Hazardous to the aquatic environment, long-term, Category 3")),
        ("경고", "Warning"), ("GHS07",), ("H315", "H317", "H319", "H412"),
        ("P261", "P264", "P272", "P280", "P302+P352", "P305+P351+P338", "P333+P313", "P501"),
        ((("수소처리된 경질 나프텐계 증류물(석유)", "Distillates (petroleum), hydrotreated light naphthenic"),
          "64742-53-6", "20–30"),
         (("지방산(C16-18) 메틸에스테르", "Fatty acids, C16-18, methyl esters"), "67762-38-3", "10–20"),
         (("트리에탄올아민", "Triethanolamine"), "102-71-6", "5–10"),
         (("1,2-벤즈이소티아졸-3(2H)-온", "1,2-Benzisothiazol-3(2H)-one"), "2634-33-5", "< 0.05"),
         (("물", "Water"), "7732-18-5", ("잔량", "Balance"))),
        (("연갈색 투명 액체 (원액)", "Light brown clear liquid (concentrate)"), ("약한 특이취", "Mild odour"),
         ("9.2 (5 % 희석액)", "9.2 (5 % in water)"), ("해당없음 (수계)", "Not applicable (water-based)"),
         "> 100 ℃", "0.98", "35 mm²/s", ("물과 혼화", "Miscible")),
        ((("트리에탄올아민", "Triethanolamine"), "5 mg/m³", "–", "5 mg/m³"),
         (("오일 미스트(광물성)", "Oil mist, mineral"), "5 mg/m³", "10 mg/m³", "5 mg/m³")),
        ((("급성 경구", "Acute oral"), ("LD50 > 2,000 mg/kg (랫드, 계산값)", "LD50 > 2,000 mg/kg (rat, calculated)")),
         (("피부 과민성", "Skin sensitisation"), ("양성 (BIT 함유)", "Positive (contains BIT)"))),
        ("생분해성 에스테르 기유를 사용하였다. 28일 생분해도 68 % (OECD 301B). 폐액은 리파아제·에스테라아제 효소로 "
         "전처리한 뒤 위탁 처리한다.",
         "Formulated on a biodegradable ester base oil: 68 % in 28 days (OECD 301B). Spent fluid is pre-treated "
         "with lipase and esterase enzymes before disposal."),
        ("5–35 ℃에서 보관하고 동결을 피한다.", "Store between 5 and 35 °C; do not freeze."),
        NOT_REGULATED, ("해당없음 (수용성)", "Not applicable (water-based)")),
    Substance(
        "degreaser", "CLEANSOL 300", ("탄화수소계 탈지 세정제", "Hydrocarbon degreasing solvent"),
        ("금형·부품 탈지 세척", "Degreasing of dies and machined parts"),
        (("인화성 액체 구분 3", "Flammable liquid, Category 3"), ("흡인 유해성 구분 1", "Aspiration hazard, Category 1"),
         ("특정표적장기 독성(1회 노출) 구분 3 (마취 작용)", "Specific target organ toxicity, single exposure, Category 3 (narcotic)"),
         ("수생 환경 유해성(만성) 구분 2", "Hazardous to the aquatic environment, long-term, Category 2")),
        ("위험", "Danger"), ("GHS02", "GHS07", "GHS08", "GHS09"), ("H226", "H304", "H336", "H411"),
        ("P210", "P261", "P273", "P280", "P301+P310", "P331", "P403+P235", "P501"),
        ((("수소처리된 중질 나프타(석유)", "Naphtha (petroleum), hydrotreated heavy"), "64742-48-9", "> 98"),),
        (("무색 투명 액체", "Colourless clear liquid"), ("약한 탄화수소 냄새", "Faint hydrocarbon odour"), NONE_KO_EN,
         ("42 ℃ (밀폐식)", "42 °C (closed cup)"), "155–195 ℃", "0.77", "1.1 mm²/s", ("불용", "Insoluble")),
        ((("스토다드 용제", "Stoddard solvent"), "100 ppm", "–", "100 ppm"),),
        ((("흡인", "Aspiration"), ("저점도 탄화수소: 흡인 시 화학성 폐렴", "Low-viscosity hydrocarbon: chemical pneumonitis")),
         (("흡입", "Inhalation"), ("고농도 증기는 졸음·현기증 유발", "High vapour levels cause drowsiness and dizziness"))),
        ("수생생물에 유독하며 장기적인 영향을 줄 수 있다. 어류 LC50(96시간) 8.2 mg/L. 빠르게 대기 중으로 증발한다.",
         "Toxic to aquatic life with long lasting effects. Fish LC50 (96 h) 8.2 mg/L. Evaporates quickly."),
        ("화기 엄금. 인화성 물질 저장소에 밀폐하여 보관한다.", "No open flames. Keep closed in the flammables store."),
        ("UN1268", ("석유 증류물, 달리 명시되지 않은 것", "Petroleum distillates, n.o.s."), "3", "III", ("해당", "Yes")),
        ("제4류 제2석유류 (비수용성)", "Class 4, second petroleum group, not water-soluble")),
)

MSDS_SECTIONS = (
    ("화학제품과 회사에 관한 정보", "Identification"), ("유해성·위험성", "Hazard identification"),
    ("구성성분의 명칭 및 함유량", "Composition and information on ingredients"), ("응급조치 요령", "First-aid measures"),
    ("폭발·화재 시 대처방법", "Fire-fighting measures"), ("누출 사고 시 대처방법", "Accidental release measures"),
    ("취급 및 저장방법", "Handling and storage"), ("노출방지 및 개인보호구", "Exposure controls and personal protection"),
    ("물리화학적 특성", "Physical and chemical properties"), ("안정성 및 반응성", "Stability and reactivity"),
    ("독성에 관한 정보", "Toxicological information"), ("환경에 미치는 영향", "Ecological information"),
    ("폐기 시 주의사항", "Disposal considerations"), ("운송에 필요한 정보", "Transport information"),
    ("법적 규제현황", "Regulatory information"), ("그 밖의 참고사항", "Other information"),
)
SUPPLIER_ADDRESS = f"{AREAS['울산'][0]} 산업로 1150, Tel 052-289-4410, 24h 052-289-4419"
MSDS_TEXT = {  # the sections every sheet words the same, by language; {…} are filled per sheet
    "ko": {
        4: ("ul", ("눈에 들어갔을 때: 즉시 다량의 물로 15분 이상 씻어내고, 자극이 계속되면 의사의 진찰을 받는다.",
                   "피부에 접촉했을 때: 오염된 옷을 벗고 비누와 물로 씻는다.",
                   "흡입했을 때: 신선한 공기가 있는 곳으로 옮기고, 호흡이 불편하면 의료기관에 연락한다.",
                   "먹었을 때: {ingestion}")),
        5: ("ul", ("적절한 소화제: 분말, 이산화탄소, 포말, 건조 모래. 직사 주수는 피한다.",
                   "연소 시 일산화탄소, 황산화물 등 유해 가스가 발생할 수 있다.",
                   "소방관은 공기호흡기와 방화복을 착용하고, 화염에 노출된 용기는 물분무로 냉각한다.")),
        6: ("ul", ("점화원을 제거하고 누출 지역을 환기한다.", "흡착포나 모래로 흡수하여 밀폐 용기에 회수한다.",
                   "하수구, 배수로, 토양으로 흘러들지 않도록 방유제를 설치한다.")),
        7: ("ul", ("취급: 미스트와 증기의 흡입을 피하고 국소배기장치를 가동한다.", "저장: {storage}",
                   "사용 후 용기를 밀폐하고 직사광선을 피한다.")),
        8: ("ul", ("호흡기 보호: 미스트나 증기가 발생하면 방독 겸용 마스크를 착용한다.", "눈 보호: 보안경",
                   "손 보호: 니트릴 보호장갑", "신체 보호: 작업복과 안전화")),
        10: ("p", "권장 저장 조건에서 안정하다. 강산화제와의 접촉을 피한다. 고온에서 분해되면 일산화탄소와 "
                  "탄화수소가 생성될 수 있다."),
        13: ("ul", ("폐유와 폐절삭유는 폐기물관리법에 따라 지정폐기물 처리업체에 위탁한다.",
                    "빈 용기는 잔여물을 제거한 뒤 재활용 업체에 인계한다.")),
        15: ("ul", ("산업안전보건법: 작업환경측정 및 특수건강진단 대상 여부를 확인한다.",
                    "화학물질관리법: 유독물질 해당없음", "위험물안전관리법: {hazmat}")),
    },
    "en": {
        4: ("ul", ("Eyes: rinse immediately with plenty of water for at least 15 minutes; see a doctor if "
                   "irritation persists.", "Skin: remove contaminated clothing; wash with soap and water.",
                   "Inhalation: move to fresh air; call a doctor if breathing is difficult.",
                   "Ingestion: {ingestion}")),
        5: ("ul", ("Suitable extinguishing media: dry powder, carbon dioxide, foam, dry sand. Do not use a "
                   "water jet.", "Combustion may release carbon monoxide and sulphur oxides.",
                   "Fire fighters wear self-contained breathing apparatus; cool exposed containers with "
                   "water spray.")),
        6: ("ul", ("Remove ignition sources and ventilate the area.",
                   "Absorb with pads or sand and collect in closed containers.",
                   "Contain the spill so that it cannot reach drains, sewers or soil.")),
        7: ("ul", ("Handling: avoid breathing mist and vapours; run the local exhaust ventilation.",
                   "Storage: {storage}", "Keep containers closed after use and out of direct sunlight.")),
        8: ("ul", ("Respiratory protection: a combined filter mask where mist or vapour is generated.",
                   "Eye protection: safety glasses", "Hand protection: nitrile gloves",
                   "Body protection: work clothes and safety shoes")),
        10: ("p", "Stable under recommended storage conditions. Avoid strong oxidising agents. Thermal "
                  "decomposition may produce carbon monoxide and hydrocarbons."),
        13: ("ul", ("Hand waste oil and spent coolant to a licensed hazardous-waste contractor.",
                    "Empty containers go to recycling once drained.")),
        15: ("ul", ("Occupational Safety and Health Act: check work-environment monitoring requirements.",
                    "Chemicals Control Act: not a toxic substance", "Hazardous Materials Safety Act: {hazmat}")),
    },
}
MSDS_WORDS = {  # (Korean, English) labels of the sheet-specific parts
    "title": ("물질안전보건자료 (MSDS)", "SAFETY DATA SHEET"),
    "subtitle": ("제품명: {product} · 작성일자 2026-02-16 · 개정 2", "Product: {product} · Issued 2026-02-16 · Revision 2"),
    "identity": (("항목", "내용"), ("Item", "Details")),
    "rows": (("제품명", "화학제품명", "권고 용도", "사용상의 제한", "공급자", "사내 관리 담당"),
             ("Product name", "Chemical name", "Recommended use", "Restrictions on use", "Supplier",
              "In-house contact")),
    "restriction": ("권고 용도 외 사용 금지", "Do not use for other purposes"),
    "classification": ("가. 유해성·위험성 분류", "2.1 Classification"),
    "label": ("나. 예방조치 문구를 포함한 경고 표지 항목", "2.2 Label elements, including precautionary statements"),
    "pictograms": ("그림문자", "Pictograms"), "signal": ("신호어", "Signal word"),
    "hazards": ("유해·위험 문구", "Hazard statements"), "none": ("해당없음", "None"),
    "composition": (("화학물질명", "CAS 번호", "함유량 (%)"), ("Substance", "CAS number", "Content (%)")),
    "limits": (("성분", "노출기준 TWA", "노출기준 STEL", "ACGIH TLV"), ("Component", "Korea TWA", "Korea STEL", "ACGIH TLV")),
    "property": (("항목", "값"), ("Property", "Value")),
    "toxicity": (("노출 경로", "결과"), ("Route", "Result")),
    "transport": (("항목", "내용"), ("Item", "Details")),
    "aspiration": ("토하게 하지 말고 즉시 의사의 진찰을 받는다.", "do NOT induce vomiting; call a doctor at once."),
    "swallowed": ("입을 물로 헹구고 의사와 상담한다.", "rinse the mouth with water and consult a doctor."),
    "other": (("작성일자", "개정 횟수", "사내 관리 담당"), ("Issued", "Revision", "In-house contact")),
    "synthetic": ("이 자료는 plantset 데모를 위해 합성한 가상의 자료이며 실제 제품의 정보가 아니다.",
                  "This sheet was synthesised for the plantset demo; it describes no real product."),
}


def _pick(value, lang: str):
    """A (Korean, English) pair's side for ``lang``; a plain value reads the same in both."""
    return value[lang == "en"] if isinstance(value, tuple) else value


def _words(key: str, lang: str):
    return _pick(MSDS_WORDS[key], lang)


def _msds_blocks(substance: Substance, lang: str, values: dict) -> list[tuple]:
    """The 16 GHS sections of ``substance``'s safety data sheet in ``lang`` (ko or en), filled from ``values``."""
    s = substance

    def pick(value):
        return _pick(value, lang)

    per_sheet = {
        1: [("table", (_words("identity", lang), *zip(_words("rows", lang), (
            s.product, pick(s.name), pick(s.use), _words("restriction", lang),
            "{oil_supplier}, " + SUPPLIER_ADDRESS, "{safety.team} {safety.name} {safety.title} {safety.phone}"))),
             (30, 70))],
        2: _msds_hazards(s, lang),
        3: [("table", (_words("composition", lang), *((pick(n), cas, pick(c)) for n, cas, c in s.composition)),
             (60, 20, 20))],
        8: [("table", (_words("limits", lang), *((pick(c), *rest) for c, *rest in s.limits)), (40, 20, 20, 20))],
        9: [("table", (_words("property", lang), *zip(map(pick, PROPERTIES), map(pick, s.properties))), (40, 60))],
        11: [("table", (_words("toxicity", lang), *((pick(r), pick(v)) for r, v in s.toxicity)), (30, 70))],
        12: [("p", pick(s.ecology))],
        14: [("table", (_words("transport", lang), *zip(map(pick, TRANSPORT), map(pick, s.transport))), (40, 60))],
        16: [("table", (_words("identity", lang), *zip(_words("other", lang), (
            "2026-02-16", "2", "{safety.team} {safety.name} {safety.title} ({safety.phone})"))), (40, 60)),
             ("p", _words("synthetic", lang))],
    }
    blocks = [("title", _words("title", lang)), ("p", _words("subtitle", lang))]
    for number, heading in enumerate(MSDS_SECTIONS, 1):
        blocks.append(("h1", f"{number}. {pick(heading)}"))
        blocks += per_sheet.get(number, [])
        if number in MSDS_TEXT[lang]:
            blocks.append(MSDS_TEXT[lang][number])
    ingestion = _words("aspiration" if "H304" in s.hazards else "swallowed", lang)
    return _format(blocks, {**values, "product": s.product, "ingestion": ingestion, "storage": pick(s.storage),
                            "hazmat": pick(s.hazmat)})


def _msds_hazards(s: Substance, lang: str) -> list[tuple]:
    def pick(value):
        return _pick(value, lang)

    pictograms = ", ".join(f"{code} ({pick(PICTOGRAMS[code])})" for code in s.pictograms) or _words("none", lang)
    blocks = [("h2", _words("classification", lang)), ("ul", tuple(pick(c) for c in s.classes)),
              ("h2", _words("label", lang)),
              ("p", f"{_words('pictograms', lang)}: {pictograms} / {_words('signal', lang)}: {pick(s.signal)}"),
              ("h3", _words("hazards", lang)), ("ul", tuple(f"{h} {pick(H_PHRASES[h])}" for h in s.hazards))]
    for digit, ko, en in PRECAUTION_KINDS:
        codes = [p for p in s.precautions if p[1] == digit]
        if codes:
            blocks += [("h3", ko if lang == "ko" else en), ("ul", tuple(f"{p} {pick(P_PHRASES[p])}" for p in codes))]
    return blocks


def _format(value, values: dict):
    """``value`` (a string or nested tuples of them) with its ``{placeholders}`` filled from ``values``."""
    if isinstance(value, str):
        return value.format_map(values)
    if isinstance(value, (tuple, list)):
        return type(value)(_format(v, values) for v in value)
    return value


# -- the procedure (DOCX) ---------------------------------------------------------------------
CNC_PROCEDURE_KO = (
    ("title", "CNC 가공 공정 관리 절차서"),
    ("table", (("문서번호", "개정", "시행일"), ("SJ-QP-0704", "Rev. 2", "2026-02-16")), (1, 1, 1)),
    ("table", (("작성", "검토", "승인"), ("{machining.team} {machining.name}", "{maintenance.team} {maintenance.name}",
                                        "{quality.team} {quality.name}")), (1, 1, 1)),
    ("h1", "1. 목적"),
    ("p", "이 절차서는 {plant} 가공 라인(LINE-C01)의 CNC 선반과 머시닝센터에서 샤프트와 하우징을 가공할 때의 작업 준비, "
          "초물 검사, 공정 중 관리와 이상 발생 시 조치를 정하여 품질을 일정하게 유지하는 것을 목적으로 한다."),
    ("h1", "2. 적용 범위"),
    ("p", "CNC-01~CNC-06 설비에서 가공하는 품목 FG-3005~FG-3010에 적용한다. 고주파 열처리(FUR-01) 공정은 별도 "
          "절차서 SJ-QP-0705를 따른다."),
    ("h1", "3. 용어의 정의"),
    ("ul", ("초물 검사: 작업 시작, 공구 교환, 프로그램 수정 후 처음 가공한 부품의 검사",
            "공구 수명: 인서트 한 코너로 가공할 수 있는 부품 수",
            "절삭유 농도: 굴절계로 측정한 수용성 절삭유의 희석 비율(%)")),
    ("h1", "4. 책임과 권한"),
    ("table", (("역할", "부서", "담당자", "책임"),
               ("작업 표준 관리", "{machining.team}", "{machining.name} {machining.title}", "작업 표준서 제·개정, 작업자 교육"),
               ("설비 보전", "{maintenance.team}", "{maintenance.name} {maintenance.title}", "예방보전 계획과 고장 조치"),
               ("품질 판정", "{quality.team}", "{quality.name} {quality.title}", "초물·최종 검사 승인, 부적합품 처리")),
     (20, 20, 20, 40)),
    ("h1", "5. 업무 절차"),
    ("h2", "5.1 작업 준비"),
    ("ol", ("작업지시서(MES)의 품목, 수량, 레시피 번호를 확인한다.",
            "PDM에서 최신 도면을 내려받는다. 예: DWG-3005-A (\\\\PDMSRV01\\vault\\FG-3005\\DWG-3005-A.dwg)",
            "공구를 세팅하고 공구 보정값을 입력한다.", "절삭유 농도가 5~7 %인지 확인한다.")),
    ("h2", "5.2 초물 검사"),
    ("p", "작업자는 초물 1개를 가공한 뒤 아래 항목을 측정하고 {quality.team}의 승인을 받은 후 양산을 시작한다."),
    _inspection_table(),
    ("h2", "5.3 공정 중 관리"),
    ("ul", ("2시간마다 외경과 전장을 측정하여 관리도에 기록한다.",
            "공구 마모 경고(C201)가 발생하면 인서트를 교체하고 교체 후 첫 부품을 검사한다.",
            "주축 부하 과대(C202)가 반복되면 가공을 멈추고 반장에게 보고한다.")),
    ("h2", "5.4 이상 발생 시 조치"),
    ("p", "설비 이상(진동 상승 W801, 온도 상승 W802, 유압유 레벨 저하 W803)이 발생하면 설비를 정지하고 "
          "{maintenance.team} {maintenance.name} {maintenance.title}({maintenance.phone})에게 연락한다. 부적합품은 "
          "적색 상자에 격리하고 부적합 보고서를 작성한다."),
    ("h1", "6. 관련 문서"),
    ("ul", ("SJ-MM-0402 CNC Lathe and Machining Centre Maintenance Manual",
            "물질안전보건자료: 수용성 절삭유 BIOCUT S-520 ({oil_supplier})", "KS B 0412 보통 공차",
            "소재 검사 기준: 탄소강 환봉 S45C ({steel_supplier})")),
    ("h1", "7. 기록"),
    ("table", (("기록명", "보관 부서", "보존 기간"), ("초물 검사 성적서", "품질보증팀", "3년"),
               ("공정 관리도", "가공생산팀", "1년"), ("설비 보전 이력", "설비보전팀", "설비 폐기 시까지")), (40, 30, 30)),
    ("h1", "8. 개정 이력"),
    ("table", (("개정", "일자", "내용", "작성"), ("0", "2024-03-04", "제정", "{machining.name}"),
               ("1", "2025-01-13", "초물 검사 항목에 표면경도 추가", "{machining.name}"),
               ("2", "2026-02-16", "절삭유를 생분해성 제품으로 변경", "{machining.name}")), (10, 20, 50, 20)),
)


# -- PDF and DOCX writers -------------------------------------------------------------------------
FONT = "NanumGothic"
HEADING_SIZES = {"h1": 14, "h2": 12, "h3": 10.5}
TABLE_HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))


class _PdfJob(NamedTuple):
    path: Path
    title: str
    lang: str
    author: str
    blocks: tuple | list

    @property
    def running_head(self) -> str:
        return f"{COMPANY} · {self.title}"


class _Pdf(FPDF):
    """A4 pages in NanumGothic with a running head and page numbers, rendering text blocks."""

    LINE = 5.5

    def __init__(self, job: _PdfJob, fonts: Path):
        super().__init__(format="A4")
        self.running_head = job.running_head
        self.set_creation_date(ISSUED)
        self.set_title(job.title)
        self.set_author(job.author)
        self.set_lang(job.lang)
        self.set_creator("plantset demo")
        self.add_font(FONT, "", fonts / "NanumGothic.ttf")
        self.add_font(FONT, "B", fonts / "NanumGothicBold.ttf")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(120)
        self.cell(0, 6, self.running_head, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align="C")

    def render(self, blocks) -> None:
        for kind, *args in blocks:
            if kind in HEADING_SIZES:
                self._heading(args[0], int(kind[1]) - 1)
            else:
                getattr(self, f"_{kind}")(*args)

    def _title(self, text: str) -> None:
        self.set_font(FONT, "B", 20)
        self.multi_cell(0, 10, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def _heading(self, text: str, level: int) -> None:
        size = HEADING_SIZES[f"h{level + 1}"]
        if self.will_page_break(30):  # a heading does not end a page
            self.add_page()
        self.ln(4 - level)
        self.start_section(text, level=level)  # the PDF outline, as authoring tools write it
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def _p(self, text: str) -> None:
        self.set_font(FONT, "", 10)
        self.multi_cell(0, self.LINE, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def _ul(self, items) -> None:
        self._items(["•"] * len(items), items)

    def _ol(self, items) -> None:
        self._items([f"{n}." for n in range(1, len(items) + 1)], items)

    def _items(self, markers: list[str], items) -> None:
        self.set_font(FONT, "", 10)
        for marker, text in zip(markers, items):
            self.set_x(self.l_margin + 3)
            self.cell(6, self.LINE, marker)
            self.multi_cell(0, self.LINE, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def _table(self, rows, widths) -> None:
        self.set_font(FONT, "", 9)
        with self.table(col_widths=widths, line_height=5, text_align="LEFT", padding=1.2,
                        headings_style=TABLE_HEADINGS) as table:
            for row in rows:
                cells = table.row()
                for text in row:
                    cells.cell(text)
        self.ln(3)


def _write_pdfs(jobs: list[_PdfJob]) -> list[Path]:
    with _corpus_fonts(jobs) as fonts:
        for job in jobs:
            pdf = _Pdf(job, fonts)
            pdf.render(job.blocks)
            job.path.write_bytes(bytes(pdf.output()))
    return [job.path for job in jobs]


@contextmanager
def _corpus_fonts(jobs: list[_PdfJob]):
    """A folder with NanumGothic regular and bold cut down to the characters ``jobs`` use.

    fpdf2 parses its fonts again for every PDF, and parsing the full 20,000-glyph fonts would be
    most of the generation time; the cut also drops the hinting sources fontTools warns about.
    """
    characters = set("0123456789 ./·•{}nb")  # list markers and page numbers, as the writer adds them
    for job in jobs:
        characters.update(job.running_head, *_strings(job.blocks))
    options = subset.Options()
    options.hinting, options.notdef_outline, options.recalc_timestamp = False, True, False
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    with tempfile.TemporaryDirectory(prefix="plantset-fonts-") as folder:
        for name in ("NanumGothic", "NanumGothicBold"):
            font = TTFont(FONT_DIR / f"{name}.ttf", recalcTimestamp=False, lazy=True)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=sorted(map(ord, characters)))
            subsetter.subset(font)
            font.save(Path(folder) / f"{name}.ttf")
        yield Path(folder)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)


def _write_docx(path: Path, blocks, *, title: str, author: str) -> Path:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "맑은 고딕"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "맑은 고딕")
    props = document.core_properties
    props.title, props.author, props.last_modified_by, props.language = title, author, author, "ko-KR"
    props.created = props.modified = ISSUED.astimezone(timezone.utc).replace(tzinfo=None)  # the format is UTC
    props.revision = 3
    styles = {"ul": "List Bullet", "ol": "List Number"}
    for kind, *args in blocks:
        if kind == "title" or kind in HEADING_SIZES:
            document.add_heading(args[0], 0 if kind == "title" else int(kind[1]))
        elif kind == "p":
            document.add_paragraph(args[0])
        elif kind in styles:
            for item in args[0]:
                document.add_paragraph(item, style=styles[kind])
        else:
            _docx_table(document, args[0])
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_restamped_zip(buffer.getvalue()))
    return path


def _docx_table(document, rows) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for cell, text in zip(table.rows[r].cells, row):
            cell.text = text
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True


def _restamped_zip(data: bytes) -> bytes:
    """The same archive with every member dated ISSUED: python-docx stamps members with the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(zipfile.ZipInfo(member.filename, ISSUED.timetuple()[:6]), source.read(member),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# -- the drawing (DXF) ----------------------------------------------------------------------------
LAYERS = (("OUTLINE", 7, "Continuous"), ("CENTER", 1, "CENTER"), ("DIM", 3, "Continuous"),
          ("TEXT", 2, "Continuous"), ("TITLE", 7, "Continuous"), ("BORDER", 7, "Continuous"))
TITLE_CELLS = (  # (tag, label, x from, x to, y) of the 180 x 40 mm title block's 10 mm high cells
    ("COMPANY", "회사명", 0, 180, 30), ("TITLE", "도면명", 0, 110, 20), ("DWG_NO", "도면번호", 110, 180, 20),
    ("MATERIAL", "재질", 0, 60, 10), ("SCALE", "척도", 60, 90, 10), ("REV", "개정", 90, 110, 10),
    ("DATE", "일자", 110, 180, 10), ("DRAWN_BY", "설계", 0, 60, 0), ("CHECKED_BY", "검도", 60, 110, 0),
    ("PROJECTION", "투상법", 110, 180, 0),
)
BOM_COLUMNS = (("ITEM", "품번", 0, 12), ("PART_NO", "부품번호", 12, 50), ("NAME", "품명", 50, 110),
               ("QTY", "수량", 110, 125), ("MATERIAL", "재질", 125, 180))
BOM_ROW = 7.0
DIMSTYLE = {"dimtxt": 3.0, "dimasz": 3.0, "dimexo": 1.0, "dimexe": 2.0, "dimgap": 1.0, "dimtad": 1, "dimdec": 1,
            "dimzin": 8, "dimdsep": ord(".")}  # millimetres at 1:1, closed arrows, "86.5" not "86,500"
PARTS = (("1", "SF-2001", "브라켓 블랭크 A", "1", "SPCC 2.0t"), ("2", "BT-M10X25", "육각 플랜지 볼트 M10×25", "2", "SCM435"),
         ("3", "NT-M10", "플랜지 너트 M10", "2", "S45C"), ("4", "BS-1205", "방진 부시", "1", "NBR"))
DRAWING_NOTES = ("주기\\P1. 일반 공차 KS B 0412 보통급\\P2. 지시 없는 모서리는 R0.5, 버 제거\\P"
                 "3. 표면 처리: 방청유 도포\\P4. 소재 SPCC 2.0t ({sheet_supplier} 공급)")


def _write_drawing(path: Path, values: dict) -> Path:
    """FG-3001's engine mounting bracket on A3: two views, dimensions, notes, parts list and title block."""
    with _reproducible_dxf():
        doc = _drawing(values)
        # ezdxf lists the CLASSES of the entity types in use in set order, which varies between runs
        for dxftype in sorted(doc.entitydb.dxf_types_in_use()):
            doc.classes.add_class(dxftype)
        doc.saveas(path)
    return path


@contextmanager
def _reproducible_dxf():
    """ezdxf's own switch for a fixed creation date, GUIDs and version marker instead of the clock's."""
    prior = ezdxf.options.write_fixed_meta_data_for_testing
    ezdxf.options.write_fixed_meta_data_for_testing = True
    try:
        yield
    finally:
        ezdxf.options.write_fixed_meta_data_for_testing = prior


def _drawing(values: dict):
    doc = ezdxf.new("R2010", setup=["linetypes"], units=ezdxf.units.MM)
    doc.styles.add("KOREAN", font="NanumGothic.ttf")
    doc.dimstyles.add("KS_MM", dxfattribs=DIMSTYLE)
    for name, color, linetype in LAYERS:
        doc.layers.add(name, color=color, linetype=linetype)
    msp = doc.modelspace()
    msp.add_lwpolyline([(10, 10), (410, 10), (410, 287), (10, 287)], close=True, dxfattribs={"layer": "BORDER"})
    _bracket_views(msp)
    text = {"style": "KOREAN", "layer": "TEXT"}
    msp.add_mtext(_format(DRAWING_NOTES, values), dxfattribs={**text, "char_height": 3.5, "width": 150}).set_location(
        (20, 90))
    for label, x in (("정면도", 110), ("측면도", 201)):
        msp.add_text(label, height=4, dxfattribs=text).set_placement((x, 102), align=TextEntityAlignment.MIDDLE_CENTER)
    msp.add_text("2-Ø10.5 관통", height=3, dxfattribs=text).set_placement((52, 158))
    msp.add_text("\\\\PDMSRV01\\vault\\FG-3001\\DWG-3001-A.dwg", height=2, dxfattribs=text).set_placement((14, 13))
    _title_block(doc)
    _parts_list(doc, msp)
    designer, checker = values["designer"], values["checker"]
    msp.add_blockref("TITLE_BLOCK", (230, 10), dxfattribs={"layer": "TITLE"}).add_auto_attribs({
        "COMPANY": COMPANY, "TITLE": "엔진 마운팅 브라켓 ASSY (FG-3001)", "DWG_NO": "DWG-3001-A", "MATERIAL": "SPCC 2.0t",
        "SCALE": "1:1", "REV": "A", "DATE": f"{ISSUED:%Y-%m-%d}", "DRAWN_BY": designer.name,
        "CHECKED_BY": checker.name, "PROJECTION": "3각법, 단위 mm"})
    return doc


def _bracket_views(msp) -> None:
    """The 120 x 86.5 mm plate with its holes (front view) and its 2 mm thickness (side view), dimensioned."""
    outline, center, dim = {"layer": "OUTLINE"}, {"layer": "CENTER"}, {"layer": "DIM"}
    msp.add_lwpolyline([(50, 130), (170, 130), (170, 216.5), (50, 216.5)], close=True, dxfattribs=outline)
    msp.add_lwpolyline([(200, 130), (202, 130), (202, 216.5), (200, 216.5)], close=True, dxfattribs=outline)
    hole_y = 173.25
    for x, radius in ((70, 5.25), (110, 12.5), (150, 5.25)):
        msp.add_circle((x, hole_y), radius, dxfattribs=outline)
        msp.add_line((x, hole_y - radius - 4), (x, hole_y + radius + 4), dxfattribs=center)
    msp.add_line((44, hole_y), (176, hole_y), dxfattribs=center)
    linear = (((110, 118), (50, 130), (170, 130), 0), ((38, 173), (50, 130), (50, 216.5), 90),
              ((110, 226), (70, hole_y), (150, hole_y), 0), ((201, 226), (200, 216.5), (202, 216.5), 0))
    for base, p1, p2, angle in linear:  # overall width and height, hole pitch, sheet thickness
        msp.add_linear_dim(base=base, p1=p1, p2=p2, angle=angle, dimstyle="KS_MM", dxfattribs=dim).render()
    msp.add_diameter_dim(center=(110, hole_y), radius=12.5, angle=45, dimstyle="KS_MM", dxfattribs=dim).render()


def _title_block(doc) -> None:
    block = doc.blocks.new("TITLE_BLOCK")
    for tag, label, x0, x1, y in TITLE_CELLS:
        block.add_lwpolyline([(x0, y), (x1, y), (x1, y + 10), (x0, y + 10)], close=True)
        block.add_text(label, height=1.8, dxfattribs={"style": "KOREAN"}).set_placement((x0 + 1.5, y + 7.2))
        block.add_attdef(tag, (x0 + 3, y + 2), dxfattribs={"height": 3.5, "style": "KOREAN", "prompt": label})


def _parts_list(doc, msp) -> None:
    """One block reference per part, numbered from the bottom up as drawings do, under a header row."""
    block = doc.blocks.new("BOM_ROW")
    for tag, label, x0, x1 in BOM_COLUMNS:
        block.add_lwpolyline([(x0, 0), (x1, 0), (x1, BOM_ROW), (x0, BOM_ROW)], close=True)
        block.add_attdef(tag, (x0 + 1.5, 2), dxfattribs={"height": 3, "style": "KOREAN", "prompt": label})
    for row, part in enumerate(PARTS):
        reference = msp.add_blockref("BOM_ROW", (230, 50 + row * BOM_ROW), dxfattribs={"layer": "TITLE"})
        reference.add_auto_attribs(dict(zip((c[0] for c in BOM_COLUMNS), part)))
    top = 50 + len(PARTS) * BOM_ROW
    for _, label, x0, x1 in BOM_COLUMNS:
        msp.add_lwpolyline([(230 + x0, top), (230 + x1, top), (230 + x1, top + BOM_ROW), (230 + x0, top + BOM_ROW)],
                           close=True, dxfattribs={"layer": "TITLE"})
        msp.add_text(label, height=3, dxfattribs={"style": "KOREAN", "layer": "TITLE"}).set_placement(
            (230 + x0 + 1.5, top + 2))


# -- FASTA: the bio partner's enzymes for the biodegradable coolant ------------------------------
AMINO_ACIDS = "ARNDCQEGHILKMFPSTWYV"
AA_FREQUENCIES = (8.25, 5.53, 4.06, 5.45, 1.37, 3.93, 6.75, 7.07, 2.27, 5.96, 9.66, 5.84, 2.42, 3.86, 4.70, 6.56,
                  5.34, 1.08, 2.92, 6.87)  # UniProtKB, %
CODONS = {"A": "GCG GCC", "R": "CGT CGC", "N": "AAC AAT", "D": "GAT GAC", "C": "TGC TGT", "Q": "CAG CAA",
          "E": "GAA GAG", "G": "GGC GGT", "H": "CAT CAC", "I": "ATT ATC", "L": "CTG CTC", "K": "AAA AAG",
          "M": "ATG ATG", "F": "TTT TTC", "P": "CCG CCA", "S": "AGC TCT", "T": "ACC ACG", "W": "TGG TGG",
          "Y": "TAT TAC", "V": "GTG GTT"}  # two E. coli-preferred codons each
ENZYMES = (  # (id, description, length, active-site motif)
    ("SJB-LIP1", "lipase LipA, hydrolyses the ester base oil of spent coolant", 292, "GHSMGG"),
    ("SJB-EST2", "carboxylesterase EstB, ester lubricant degradation", 311, "GDSAGG"),
    ("SJB-AMO3", "alkane 1-monooxygenase AlkB-like, oxidises mineral-oil alkanes", 401, "HELGHK"),
    ("SJB-PRT4", "subtilisin-like protease, biofilm control in coolant sumps", 275, "GTSMASP"),
)
SYNTHETIC = "[synthetic construct; plantset demo, not a real sequence]"


def _write_fasta(path: Path, rng: Random) -> Path:
    records = []
    for ident, description, length, motif in ENZYMES:
        residues = "M" + "".join(rng.choices(AMINO_ACIDS, AA_FREQUENCIES, k=length - 1 - len(motif)))
        cut = int(length * 0.4)
        records.append((f"{ident} {description} {SYNTHETIC}", residues[:cut] + motif + residues[cut:]))
    lipase = records[0][1]
    cds = "".join(rng.choice(CODONS[aa].split()) for aa in lipase) + "TAA"
    records.append((f"SJB-LIP1-CDS lipA coding sequence, codon-adapted for E. coli {SYNTHETIC}", cds))
    lines = []
    for header, sequence in records:
        lines += [f">{header}", *(sequence[i:i + 60] for i in range(0, len(sequence), 60))]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


# -- pictures: a warning label and a scanned inspection sheet --------------------------------------
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("NanumGothicBold.ttf" if bold else "NanumGothic.ttf")), size)


def _write_label(path: Path, staff: dict[str, Person]) -> Path:
    """The yellow 「고온 주의 / HOT SURFACE」 label on the 800-ton press, with the person in charge."""
    press = next(m for m in bay_machines(0) if m.type.tons == 800)
    keeper = staff["maintenance"]
    image = Image.new("RGB", (900, 560), (255, 204, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 889, 549), outline="black", width=10)
    draw.polygon([(150, 50), (50, 225), (250, 225)], fill="black")
    draw.polygon([(150, 92), (86, 205), (214, 205)], fill=(255, 204, 0))
    draw.text((150, 160), "!", font=_font(90, bold=True), fill="black", anchor="mm")
    draw.text((290, 50), "고온 주의", font=_font(92, bold=True), fill="black")
    draw.text((292, 160), "HOT SURFACE", font=_font(62, bold=True), fill="black")
    draw.rectangle((20, 260, 879, 539), fill="black")
    lines = ("금형·히터 표면 최고 180 ℃ – 접촉 금지", "Do not touch. Wear heat-resistant gloves.",
             f"설비: {press.eqp_id} {press.name}", f"관리책임자: {keeper.team} {keeper.name} {keeper.phone}")
    for row, line in enumerate(lines):
        draw.text((50, 285 + row * 62), line, font=_font(36), fill="white")
    image.save(path, format="PNG")
    return path


SCAN_TEXT = (  # a typed report, printed, signed and scanned: (indent, text)
    (0, "설비: PRS-01 200톤 블랭킹 프레스 1호기"), (0, "점검일: 2026-03-09 (월) 주간조"),
    (0, "점검자: {press.team} {press.name} {press.title}"), (0, ""), (0, "1. 점검 결과"),
    (1, "- 유압유 레벨: H~L 사이, 양호"), (1, "- 윤활유 탱크: 1/2 미만, 윤활유 2 L 보충"),
    (1, "- 공기압: 0.55 MPa, 양호"), (1, "- 클러치와 브레이크: 이상음 없음"),
    (1, "- 안전 광커튼과 비상정지 버튼: 작동 확인"), (1, "- 작동유 온도: 42 ℃ (기준 55 ℃ 이하)"), (0, ""),
    (0, "2. 특이 사항"), (1, "슬라이드 하강 시 크랭크축 부근에서 간헐적인 소음이 있어 진동을 측정하였다."),
    (1, "측정값 5.2 mm/s로 관리 기준 4.5 mm/s를 넘어 베어링 마모(F01)가 의심된다."),
    (1, "다음 계획 정지 때 베어링 점검을 요청한다."), (0, ""), (0, "3. 확인"),
    (1, "{maintenance.team} {maintenance.name} {maintenance.title} (인)  연락처 {maintenance.phone}"),
)


def _write_scan(path: Path, staff: dict[str, Person], rng: Random) -> Path:
    """A daily press check report, printed and scanned: a PDF whose only content is one JPEG page."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(ISSUED + timedelta(days=21))
    pdf.set_creator("Scan to PDF")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.image(io.BytesIO(_scan_image(staff, rng)), x=0, y=0, w=210, h=297)
    path.write_bytes(bytes(pdf.output()))
    return path


def _scan_image(staff: dict[str, Person], rng: Random) -> bytes:
    """A4 at 200 dpi, slightly skewed and blurred on grey paper with specks, as JPEG."""
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    draw.text((160, 200), "프레스 일상 점검 결과 보고", font=_font(44, bold=True), fill=0)
    draw.line((160, 280, 1494, 280), fill=0, width=3)
    body = _font(30)
    for row, (indent, text) in enumerate(SCAN_TEXT):
        draw.text((160 + indent * 40, 340 + row * 56), _format(text, staff), font=body, fill=0)
    draw.text((160, 2180), f"SJ-QF-0301 (Rev. 2)   {PLANT}", font=_font(24), fill=0)
    page = page.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.7))
    page = page.point(lambda v: 28 + v * 214 // 255)  # grey paper, toner never fully black
    specks = ImageDraw.Draw(page)
    for _ in range(300):
        x, y, r = rng.randrange(1654), rng.randrange(2339), rng.choice((1, 1, 2, 3))
        specks.ellipse((x, y, x + r, y + r), fill=rng.randrange(60, 180))
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=72, dpi=(200, 200))
    return buffer.getvalue()


# -- an ngspice log -------------------------------------------------------------------------------
SPICE_LOG = """\
******
** ngspice-42 : Circuit level simulation program
** The U. C. Berkeley CAD Group
** Copyright 1985-1994, Regents of the University of California.
** Copyright 2001-2023, The ngspice team.
** Please get your ngspice manual from https://ngspice.sourceforge.io/docs.html
** Please file your bug-reports at https://ngspice.sourceforge.io/bugrep.html
** Creation Date: Mon Feb 16 09:12:41 KST 2026
******

Batch mode

Comments and warnings go to log-file: press_psu_sim.log

Note: No compatibility mode selected!


Circuit: * PRS-01 press controller 24 V power supply, flyback stage, 1.2 A load

Warning: vline: no DC value, transient time 0 value used
Warning: dclamp: breakdown voltage bv=150 below peak reverse voltage 162.4 V

Doing analysis at TEMP = 45.000000 and TNOM = 27.000000

Using SPARSE 1.3 as Direct Linear Solver

Note: Starting dynamic gmin stepping
Trying gmin =   1.0000E-03 Note: One successful gmin step
Trying gmin =   1.0000E-12 Note: One successful gmin step
Note: Dynamic gmin stepping completed

Initial Transient Solution
--------------------------

Node                                   Voltage
----                                   -------
line                                         0
bus                                    310.987
sw                                     310.987
out                                          0
fb                                           0
vline#branch                       -2.1743e-09

 Reference value :  2.00000e-02
No. of Data Rows : 20412

Measurements for Transient Analysis

vout_avg            =  2.396812e+01 from=  1.000000e-02 to=  2.000000e-02
vout_ripple         =  3.184021e-01 from=  1.000000e-02 to=  2.000000e-02
iload_avg           =  1.198455e+00 from=  1.000000e-02 to=  2.000000e-02
t_startup           =  4.127350e-03 targ=  4.127350e-03 trig=  0.000000e+00
vsw_peak            =  5.871204e+02 at=  1.734102e-02

Warning: vout_ripple 318 mV exceeds the 240 mV limit of the PLC input module

Total analysis time (seconds) = 1.284

Total elapsed time (seconds) = 1.351 

Total DRAM available = 15872.926 MiB.
DRAM currently available = 12093.441 MiB.
Maximum ngspice program size =   86.109 MiB.
Current ngspice program size =   84.520 MiB.

Shared ngspice pages =   11.402 MiB.
Text (code) pages =    5.336 MiB.
Stack = 0 bytes.
Library pages =   68.215 MiB.
"""


# -- the corpus -----------------------------------------------------------------------------------
def generate_documents(folder: Path, *, seed: int = 7) -> list[Path]:
    """Write the demo plant's documents into ``folder`` and return their paths, sorted.

    Existing files of the same names are replaced. ``broken_manual.pdf`` is a truncated copy of
    the Korean press manual, there to be quarantined. ``seed`` draws the staff and the random
    parts (sequences, scanner specks); the same seed writes the same bytes.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staff = document_staff(seed)
    values = {**COMPANIES, **staff}
    maintenance, safety = f"{COMPANY} {staff['maintenance'].team}", f"{COMPANY} {staff['safety'].team}"
    jobs = [_PdfJob(folder / "press_maintenance_manual_ko.pdf", PRESS_MANUAL_KO[0][1], "ko", maintenance,
                   _format(PRESS_MANUAL_KO, values)),
            _PdfJob(folder / "cnc_maintenance_manual_en.pdf", CNC_MANUAL_EN[0][1], "en", maintenance,
                   _format(CNC_MANUAL_EN, values))]
    jobs += [_PdfJob(folder / f"msds_{substance.key}_{lang}.pdf", f"{substance.product} {_words('title', lang)}", lang,
                    safety, _msds_blocks(substance, lang, values)) for substance in SUBSTANCES for lang in ("ko", "en")]
    written = _write_pdfs(jobs)
    manual = written[0].read_bytes()
    written += [
        _write_docx(folder / "cnc_procedure_ko.docx", _format(CNC_PROCEDURE_KO, values),
                    title=CNC_PROCEDURE_KO[0][1], author=staff["machining"].name),
        _write_drawing(folder / "bracket_drawing.dxf", values),
        _write_fasta(folder / "coolant_enzymes.fasta", Random(f"{seed}:documents:fasta")),
        _write_label(folder / "warning_label.png", staff),
        _write_scan(folder / "scanned_inspection_sheet.pdf", staff, Random(f"{seed}:documents:scan")),
        _write_text(folder / "press_psu_sim.log", SPICE_LOG),
        _write_bytes(folder / BROKEN_PDF, manual[: len(manual) // 3]),
    ]
    return sorted(written)


def _write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
