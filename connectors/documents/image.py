"""Pictures (PNG, JPEG, TIFF, BMP, GIF, WebP): their text by OCR, and an ``image`` record per file.

A picture in a plant's document store is usually a scanned page, a photographed label or a
screenshot, so its text is read with Tesseract, one ``NarrativeText`` per OCR paragraph. The file
itself becomes a dataset asset named by its SHA-256 (the source copies it to the ``asset`` path).
Each page of a TIFF is OCR'd; of a GIF or animated WebP only the first frame is.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from connectors.documents.model import DocumentError, Element, Parsed
from connectors.documents.ocr import OcrLine, ocr_image
from plantset.core.digest import sha256_file

# Pillow's format name → the asset file's extension. MPO is how Pillow names many phone JPEGs.
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "MPO": "jpg", "TIFF": "tif", "BMP": "bmp", "GIF": "gif", "WEBP": "webp"}
MAX_PIXELS = 100_000_000  # an A0 sheet at 250 dpi; decoding one takes about 300 MB


def parse_image(path: Path) -> Parsed:
    """The OCR text and the ``image`` record of the picture at ``path``.

    Raises ``DocumentError`` for a corrupt or truncated file, a format other than the six above,
    and a picture of more than ``MAX_PIXELS`` pixels (checked from the header, before decoding).
    """
    sha256 = sha256_file(path)
    with _damage_reported():
        image = _open(path)
    with image:
        with _damage_reported():
            pages = image.n_frames if image.format == "TIFF" else 1
        elements: list[Element] = []
        for index in range(pages):
            elements += _paragraphs(ocr_image(_frame(image, index)), page=index + 1)
        image.seek(0)
        record = {
            "image_id": sha256, "format": "JPEG" if image.format == "MPO" else image.format,
            "width": image.width, "height": image.height, "mode": image.mode, "pages": pages,
            "bytes": path.stat().st_size, "sha256": sha256,
            "ocr_text": "\n\n".join(element.text for element in elements),
            "asset": f"assets/{sha256}.{EXTENSIONS[image.format]}",
        }
    return Parsed(file_type="image", elements=elements, pages=pages, records={"image": [record]})


@contextmanager
def _damage_reported() -> Iterator[None]:
    """Pillow's many ways of failing on a damaged file, as one ``DocumentError``.

    Its plugins raise OSError, SyntaxError, TypeError, KeyError, struct.error, … depending on the
    format and where the damage is, from opening, verifying, seeking or decoding alike.
    """
    try:
        yield
    except DocumentError:
        raise
    except Image.DecompressionBombError as exc:
        raise DocumentError(f"image too large: {exc} Downscale or tile it below {MAX_PIXELS // 1_000_000} "
                            "megapixels") from exc
    except UnidentifiedImageError as exc:
        raise DocumentError("corrupt or truncated image: it cannot be read as any image format") from exc
    except MemoryError:
        raise  # the worker reports its memory bound, not a corrupt file
    except Exception as exc:
        raise DocumentError(f"corrupt or truncated image: {exc}") from exc


def _open(path: Path) -> Image.Image:
    """``path`` checked for broken structure and opened lazily (header read, no pixels decoded)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # _frame checks our own limit
        with Image.open(path) as image:
            image.verify()  # checksums and structure, without decoding; a verified image cannot be used after
        image = Image.open(path)
    if image.format not in EXTENSIONS:
        image.close()
        raise DocumentError(f"{image.format} images are not read; convert it to PNG, JPEG or TIFF")
    return image


def _frame(image: Image.Image, index: int) -> Image.Image:
    """Frame ``index`` decoded once its size is known to be within ``MAX_PIXELS``, turned upright as its
    EXIF orientation says (phone photos of pages)."""
    with _damage_reported():
        image.seek(index)
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise DocumentError(f"image too large: {width}×{height} pixels exceeds {MAX_PIXELS // 1_000_000} "
                                "megapixels; downscale or tile it")
        image.load()
        return ImageOps.exif_transpose(image)


def _paragraphs(lines: list[OcrLine], page: int) -> list[Element]:
    """One ``NarrativeText`` per OCR paragraph, its lines joined by spaces."""
    elements = []
    for _, group in groupby(lines, key=lambda line: line.paragraph):
        paragraph = list(group)
        elements.append(Element(
            type="NarrativeText", text=" ".join(line.text for line in paragraph), page=page,
            metadata={"ocr_confidence": round(sum(line.confidence for line in paragraph) / len(paragraph), 1)},
        ))
    return elements
