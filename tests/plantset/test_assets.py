"""Published image assets: no file metadata, never byte for byte the company's file, the same bytes every build."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image

from plantset.pipeline.assemble import reencode_image

ARTIST = 0x013B


@pytest.mark.parametrize(("suffix", "image_format"), [(".jpg", "JPEG"), (".png", "PNG"), (".tif", "TIFF")])
def test_an_asset_loses_its_metadata_and_its_hash_but_not_its_picture(tmp_path, suffix, image_format):
    source = tmp_path / f"photo{suffix}"
    picture = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[ARTIST] = "Hong Gildong, Daehan Precision"
    picture.save(source, format=image_format, exif=exif)
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    reencode_image(source, first)
    reencode_image(source, second)
    assert first.read_bytes() == second.read_bytes()  # deterministic
    assert hashlib.sha256(first.read_bytes()).digest() != hashlib.sha256(source.read_bytes()).digest()
    assert b"Gildong" not in first.read_bytes()
    with Image.open(first) as published, Image.open(source) as original:
        assert published.format == image_format and published.size == original.size
        assert ARTIST not in published.getexif()


def test_pictures_with_redacted_text_are_withheld_and_a_spec_can_withhold_every_picture_with_text():
    import pyarrow as pa

    from plantset.pipeline.assemble import withhold_redacted_images

    images = pa.table({"image_id": ["a", "b", "c"], "asset": ["assets/a.png", "assets/b.png", "assets/c.png"],
                       "ocr_text": ["관리책임자 <PERSON_1A2B3C4D5E6F>", "COOLANT PUMP P-101", ""]})
    assert withhold_redacted_images(images).column("asset").to_pylist() == [None, "assets/b.png", "assets/c.png"]
    assert withhold_redacted_images(images, any_text=True).column("asset").to_pylist() == [None, None, "assets/c.png"]
