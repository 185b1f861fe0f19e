"""Pictures: a warning label (PNG) and a scanned inspection sheet (a PDF whose only page is a JPEG)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from random import Random

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from demo.documents.blocks import FONT_DIR, ISSUED, _format
from demo.documents.people import Person
from demo.masters import bay_machines
from demo.secrets import PLANT


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
