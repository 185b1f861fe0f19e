"""OCR of scanned pages and pictures, on Korean and English text rendered with the Nanum fonts.

Accuracy is 1 - edit distance / length after collapsing whitespace. Measured with Tesseract 5.3
(kor+eng, mode 4) on these renderings: Korean 0.94-0.98 and English 1.000 at 12-16 pt, clean or
with a scanner's tilt, blur and noise. A full A4 page of 30 lines costs 1.4 s of CPU. The thresholds
leave a little room below those figures.
"""

from __future__ import annotations

import hashlib
import random
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from connectors.documents.image import parse_image
from connectors.documents.model import DocumentError, SetupError
from connectors.documents.ocr import ocr_image, ocr_pdf_page

FONT = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
KOREAN = [
    "안전보건자료 취급 시 보호구를 반드시 착용하십시오.",
    "인화성 액체 및 증기: 열, 스파크, 화염으로부터 멀리하시오.",
    "피부에 묻으면 다량의 물과 비누로 씻으시오.",
    "저장 온도는 섭씨 25도 이하로 유지하고 환기가 잘 되는 곳에 보관하시오.",
    "제조사 연락처와 비상 전화번호는 제1항을 참조하시오.",
]
ENGLISH = [
    "Operating manual for the hydraulic press, model HP-200.",
    "Before maintenance, switch off the main power and lock the panel.",
    "Check the oil level every 500 hours of operation.",
    "Replace the filter when the pressure drop exceeds 2.5 bar.",
    "Contact the service department for spare parts and repairs.",
]
KOREAN_MIN, ENGLISH_MIN = 0.93, 0.98


def render(lines: list[str], points: int = 14, width: int = 2480) -> Image.Image:
    """``lines`` in black on white at ``points`` pt as a 300 dpi scan would hold them."""
    pixels = round(points * 300 / 72)
    font, step = ImageFont.truetype(FONT, pixels), int(pixels * 1.6)
    image = Image.new("L", (width, 300 + step * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((150, 150 + number * step), line, font=font, fill=0)
    return image


def scanned(image: Image.Image) -> Image.Image:
    """``image`` as a flatbed scanner returns it: slightly tilted, blurred, speckled."""
    noisy = image.rotate(0.7, resample=Image.Resampling.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(1.2))
    pixels, rng = noisy.load(), random.Random(7)
    for _ in range(noisy.width * noisy.height // 200):
        x, y = rng.randrange(noisy.width), rng.randrange(noisy.height)
        pixels[x, y] = max(0, min(255, pixels[x, y] + rng.randint(-90, 90)))
    return noisy


def accuracy(expected: str, read: str) -> float:
    """1 - (Levenshtein distance / expected length), whitespace runs collapsed to one space."""
    expected, read = " ".join(expected.split()), " ".join(read.split())
    previous = list(range(len(read) + 1))
    for i, wanted in enumerate(expected, 1):
        current = [i]
        for j, got in enumerate(read, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (wanted != got)))
        previous = current
    return 1 - previous[-1] / len(expected)


def text_of(lines) -> str:
    return "\n".join(line.text for line in lines)


def test_korean_scan_is_read_with_its_word_spacing():
    lines = ocr_image(scanned(render(KOREAN)))

    assert accuracy("\n".join(KOREAN), text_of(lines)) >= KOREAN_MIN
    assert "보호구를 반드시 착용하십시오" in text_of(lines)  # Tesseract's TSV alone would say 보 호 구 를


def test_english_scan_is_read_line_by_line_with_boxes_and_confidence():
    image = scanned(render(ENGLISH, points=12))
    lines = ocr_image(image)

    assert accuracy("\n".join(ENGLISH), text_of(lines)) >= ENGLISH_MIN
    assert len(lines) == len(ENGLISH)
    tops = [line.bbox[1] for line in lines]
    assert tops == sorted(tops)
    assert all(0 <= left < right <= image.width and 0 <= top < bottom <= image.height
               for left, top, right, bottom in (line.bbox for line in lines))
    assert all(80 < line.confidence <= 100 for line in lines)


def test_paragraphs_are_numbered_in_reading_order():
    image = render([ENGLISH[0], ENGLISH[1], "", "", "", KOREAN[0], KOREAN[1]])

    lines = ocr_image(image)

    numbers = [line.paragraph for line in lines]
    assert len(lines) == 4 and numbers[0] == 1
    assert all(later - earlier in (0, 1) for earlier, later in zip(numbers, numbers[1:]))
    assert numbers[2] == numbers[1] + 1  # the blank band ends a paragraph
    assert ocr_image(image) == lines  # the same image reads the same every time


def test_a_scanned_pdf_page_is_read(tmp_path):
    import pypdfium2 as pdfium
    from fpdf import FPDF

    picture = tmp_path / "scan.png"
    scanned(render(KOREAN[:3] + ENGLISH[:2], points=12)).save(picture)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_page()
    pdf.image(str(picture), x=0, y=0, w=210)
    pdf.output(tmp_path / "scan.pdf")
    document = pdfium.PdfDocument(tmp_path / "scan.pdf")
    assert document[1].get_textpage().get_text_range() == ""  # nothing to read but pixels
    document.close()

    started = time.perf_counter()
    lines = ocr_pdf_page(tmp_path / "scan.pdf", 1)
    seconds = time.perf_counter() - started

    assert accuracy("\n".join(KOREAN[:3]), "\n".join(lines[:3])) >= KOREAN_MIN
    assert accuracy("\n".join(ENGLISH[:2]), "\n".join(lines[3:])) >= ENGLISH_MIN
    assert ocr_pdf_page(tmp_path / "scan.pdf", 0) == []
    assert seconds < 15


def test_missing_language_data_names_the_debian_package():
    with pytest.raises(SetupError, match=r"no language data for xyz; install the Debian package\(s\) "
                                            r"tesseract-ocr-xyz$"):
        ocr_image(render(ENGLISH[:1]), languages="kor+xyz")


def test_missing_tesseract_names_the_debian_packages(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(SetupError, match="not installed; install the Debian packages tesseract-ocr, "
                                            "tesseract-ocr-kor, tesseract-ocr-eng"):
        ocr_image(render(ENGLISH[:1]))


def test_ocr_that_runs_too_long_is_stopped():
    started = time.perf_counter()
    with pytest.raises(DocumentError, match=r"OCR took longer than 0.05 s"):
        ocr_image(render(KOREAN), timeout=0.05)
    assert time.perf_counter() - started < 3


def test_png_becomes_paragraphs_and_an_image_record(tmp_path):
    path = tmp_path / "label.png"
    render(ENGLISH[:2] + ["", "", ""] + KOREAN[:1]).save(path)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()

    parsed = parse_image(path)

    assert parsed.file_type == "image" and parsed.pages == 1
    assert {(element.type, element.page) for element in parsed.elements} == {("NarrativeText", 1)}
    assert accuracy(KOREAN[0], parsed.elements[-1].text) >= KOREAN_MIN  # a paragraph of its own
    assert accuracy(" ".join(ENGLISH[:2] + KOREAN[:1]), " ".join(e.text for e in parsed.elements)) >= KOREAN_MIN
    assert all(element.metadata["ocr_confidence"] > 80 for element in parsed.elements)
    with Image.open(path) as image:
        width, height = image.size
    assert parsed.records == {"image": [{
        "image_id": sha256, "format": "PNG", "width": width, "height": height, "mode": "L", "pages": 1,
        "bytes": path.stat().st_size, "sha256": sha256, "asset": f"assets/{sha256}.png",
        "ocr_text": "\n\n".join(element.text for element in parsed.elements),
    }]}


def test_a_phone_jpeg_is_read_upright(tmp_path):
    path = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned a quarter left; the viewer turns it right
    render(ENGLISH[:2]).convert("RGB").transpose(Image.Transpose.ROTATE_90).save(path, quality=90, exif=exif)

    parsed = parse_image(path)
    (record,) = parsed.records["image"]

    assert accuracy(" ".join(ENGLISH[:2]), record["ocr_text"]) >= ENGLISH_MIN
    assert (record["format"], record["mode"], record["asset"][-4:]) == ("JPEG", "RGB", ".jpg")
    assert record["width"] < record["height"]  # as stored, not as shown


def test_each_tiff_page_is_read(tmp_path):
    path = tmp_path / "fax.tif"
    korean, english = render(KOREAN[:2]).convert("1"), render(ENGLISH[:2]).convert("1")
    korean.save(path, save_all=True, append_images=[english], compression="group4")

    parsed = parse_image(path)

    assert parsed.pages == parsed.records["image"][0]["pages"] == 2
    assert parsed.records["image"][0]["asset"].endswith(".tif")
    by_page = {page: " ".join(e.text for e in parsed.elements if e.page == page) for page in (1, 2)}
    assert accuracy(" ".join(KOREAN[:2]), by_page[1]) >= KOREAN_MIN
    assert accuracy(" ".join(ENGLISH[:2]), by_page[2]) >= ENGLISH_MIN


@pytest.mark.parametrize("file_format, extension", [("BMP", "bmp"), ("GIF", "gif"), ("WEBP", "webp")])
def test_other_formats_are_read_from_their_first_frame(tmp_path, file_format, extension):
    path = tmp_path / f"picture.{extension}"
    first, second = render(ENGLISH[:1], width=1800), render(ENGLISH[4:5], width=1800)
    frames = {} if file_format == "BMP" else {"save_all": True, "append_images": [second]}
    first.save(path, format=file_format, lossless=True, **frames)

    (record,) = parse_image(path).records["image"]

    assert (record["format"], record["pages"]) == (file_format, 1)
    assert record["asset"] == f"assets/{record['sha256']}.{extension}"
    assert accuracy(ENGLISH[0], record["ocr_text"]) >= ENGLISH_MIN


def test_sixteen_bit_and_transparent_pictures_are_read(tmp_path):
    import numpy as np

    deep, clear = tmp_path / "deep.png", tmp_path / "clear.png"
    gray_ink = 65535 - (255 - np.asarray(render(ENGLISH[:1], width=1800), dtype=np.uint16)) * 180  # 8-bit 76
    Image.fromarray(gray_ink.astype(np.uint16)).save(deep)
    text = render(ENGLISH[:1], width=1800)
    Image.merge("RGBA", [Image.new("L", text.size, 0)] * 3 + [text.point(lambda v: 255 - v)]).save(clear)

    for path in (deep, clear):
        assert accuracy(ENGLISH[0], parse_image(path).records["image"][0]["ocr_text"]) >= ENGLISH_MIN, path.name


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
@pytest.mark.parametrize("damage", ["truncated png", "truncated jpeg", "truncated tiff", "not an image", "empty"])
def test_a_broken_picture_is_refused(tmp_path, damage):
    whole = tmp_path / "whole.png"
    render(ENGLISH[:2]).save(whole)
    path = tmp_path / "broken"
    if damage == "truncated png":
        path.write_bytes(whole.read_bytes()[:3000])
    elif damage == "truncated jpeg":
        Image.open(whole).save(tmp_path / "whole.jpg")
        path.write_bytes((tmp_path / "whole.jpg").read_bytes()[:3000])
    elif damage == "truncated tiff":
        first = render(ENGLISH[:1])
        first.save(tmp_path / "whole.tif", save_all=True, append_images=[first], compression="tiff_lzw")
        tiff = (tmp_path / "whole.tif").read_bytes()
        path.write_bytes(tiff[:len(tiff) // 2])
    else:
        path.write_bytes(b"" if damage == "empty" else b"%PDF-1.7 not a picture at all" * 10)

    with pytest.raises(DocumentError, match="^corrupt or truncated image: "):
        parse_image(path)


def test_an_unsupported_picture_format_is_refused(tmp_path):
    path = tmp_path / "icon.ico"
    render(ENGLISH[:1], width=200).save(path)

    with pytest.raises(DocumentError, match="ICO images are not read; convert it to PNG"):
        parse_image(path)


def png_header(width: int, height: int, color_type: int) -> bytes:
    """A PNG that claims ``width``×``height`` 8-bit pixels (color type 0 gray, 6 RGBA) and holds one row of them."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    row = zlib.compress(b"\0" + b"\xff" * width * {0: 1, 6: 4}[color_type])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", row) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path):
    (tmp_path / "bomb.png").write_bytes(png_header(50_000, 50_000, 0))  # 2.5 gigapixels: over Pillow's own limit
    (tmp_path / "big.png").write_bytes(png_header(13_000, 13_000, 6))  # 169 megapixels: over ours; 676 MB decoded
    script = f"""
import resource
resource.setrlimit(resource.RLIMIT_AS, (400_000_000, 400_000_000))
from pathlib import Path
from PIL import Image
from connectors.documents.image import parse_image
from connectors.documents.model import DocumentError
try:
    Image.new("RGBA", (13_000, 13_000))
except MemoryError:
    print("decoding would not fit")
for name in ("bomb.png", "big.png"):
    try:
        parse_image(Path({str(tmp_path)!r}, name))
    except DocumentError as exc:
        print(exc)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).parents[2])

    assert run.returncode == 0, run.stderr
    fits, bomb, big = run.stdout.splitlines()
    assert fits == "decoding would not fit"
    assert bomb.startswith("image too large: Image size (2500000000 pixels) exceeds limit")
    assert big == "image too large: 13000×13000 pixels exceeds 100 megapixels; downscale or tile it"
