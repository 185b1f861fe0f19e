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
