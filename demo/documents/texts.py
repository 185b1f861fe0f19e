"""The maintenance manuals (Korean press, English CNC) and the CNC procedure, as text blocks.

Tables of machines, failure modes and inspection limits come from the plant's master data; the
``{placeholders}`` are filled with staff and companies when the corpus is written.
"""

from __future__ import annotations

from demo.exports import CHARACTERISTICS
from demo.masters import FAILURES, bay_machines

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
