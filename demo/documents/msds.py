"""Safety data sheets in the 16 GHS sections, Korean and English, for the plant's oils and degreaser."""

from __future__ import annotations

from typing import NamedTuple

from demo.documents.blocks import _format
from demo.masters import AREAS


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
