"""Photos with a report: type and size checked before decoding, metadata (GPS above all) gone before storage."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from zicht.reports import rules
from zicht.reports.photos import PhotoRejected, clean_photo

from .intake_support import image_bytes


def upload(content: bytes, name: str = "IMG_0001.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme Phones"
    exif[ExifTags.Base.Artist] = "Jan Jansen"
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: to be shown rotated 90° clockwise
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 15.0, 18.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (6.0, 9.0, 50.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (80, 40), (10, 120, 200)).save(
        buffer, "JPEG", exif=exif, comment=b"Jan Jansen, Brink 10", icc_profile=icc
    )
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` with almost no pixel data: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_jpeg_loses_gps_exif_comment_and_profile_but_keeps_its_orientation():
    original = jpeg_with_gps()
    source = Image.open(io.BytesIO(original))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo really carries a position

    photo = clean_photo(upload(original))

    stored = Image.open(io.BytesIO(photo.content))
    assert stored.format == "JPEG"
    assert photo.content_type == "image/jpeg" and photo.extension == "jpg"
    assert dict(stored.getexif()) == {}
    assert not {"exif", "comment", "icc_profile", "xmp"} & set(stored.info)
    assert b"Exif" not in photo.content
    assert b"Jan Jansen" not in photo.content and b"Acme" not in photo.content
    # Orientation 6 was applied before the EXIF went: the 80x40 picture now stands upright.
    assert (photo.width, photo.height) == (40, 80) == stored.size


def test_png_text_chunks_are_gone():
    info = PngInfo()
    info.add_text("Author", "Jan Jansen")
    info.add_text("Comment", "Brink 10, Deventer")
    original = image_bytes("PNG", pnginfo=info)
    assert Image.open(io.BytesIO(original)).text["Author"] == "Jan Jansen"

    photo = clean_photo(upload(original, "scan.png", "image/png"))

    stored = Image.open(io.BytesIO(photo.content))
    assert stored.format == "PNG" and photo.content_type == "image/png"
    assert stored.text == {}
    assert b"Jan Jansen" not in photo.content and b"tEXt" not in photo.content and b"iTXt" not in photo.content


def test_png_with_transparency_keeps_it():
    photo = clean_photo(upload(image_bytes("PNG", alpha=True, color=(0, 0, 0, 0)), "a.png", "image/png"))
    assert Image.open(io.BytesIO(photo.content)).mode == "RGBA"


def test_webp_is_accepted_and_re_encoded():
    photo = clean_photo(upload(image_bytes("WEBP"), "photo.webp", "image/webp"))
    assert photo.content_type == "image/webp" and photo.extension == "webp"
    assert Image.open(io.BytesIO(photo.content)).format == "WEBP"


def test_phone_jpeg_with_extra_pictures_is_taken_as_jpeg():
    buffer = io.BytesIO()
    first = Image.new("RGB", (30, 20), (200, 0, 0))
    first.save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (30, 20), (0, 0, 200))])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    photo = clean_photo(upload(buffer.getvalue()))
    stored = Image.open(io.BytesIO(photo.content))
    assert stored.format == "JPEG" and photo.content_type == "image/jpeg"
    assert getattr(stored, "n_frames", 1) == 1 and stored.getpixel((5, 5))[0] > 150  # the first picture only


def test_large_photo_is_scaled_down_to_the_longest_side():
    original = image_bytes("JPEG", size=(4000, 1000), quality=30)
    photo = clean_photo(upload(original))
    assert max(photo.width, photo.height) == rules.PHOTO_MAX_SIDE
    assert photo.width == rules.PHOTO_MAX_SIDE and photo.height == 512


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4 not a photo at all",
        b"MZ\x90\x00 an executable",
        image_bytes("JPEG")[:200],  # cut off in the middle
        b"",
    ],
)
def test_not_an_image_is_rejected(content):
    with pytest.raises(PhotoRejected) as rejected:
        clean_photo(upload(content, "file.jpg"))
    assert "geen foto" in rejected.value.message


def test_an_image_in_another_format_is_rejected():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(PhotoRejected, match="JPEG-, PNG- of WebP"):
        clean_photo(upload(buffer.getvalue(), "a.gif", "image/gif"))


def test_too_large_is_rejected_before_it_is_read():
    class Huge:
        name = "huge.jpg"
        size = rules.MAX_PHOTO_BYTES + 1

        def read(self, *args):  # pragma: no cover - the point is that it is never called
            raise AssertionError("a too large file must not be read")

        def seek(self, *args):  # pragma: no cover
            raise AssertionError("a too large file must not be read")

    with pytest.raises(PhotoRejected, match="te groot"):
        clean_photo(Huge())


def test_too_large_content_is_rejected_when_the_size_is_not_told():
    stream = io.BytesIO(b"\xff\xd8" + b"\0" * rules.MAX_PHOTO_BYTES)
    with pytest.raises(PhotoRejected, match="te groot"):
        clean_photo(stream)


@pytest.mark.parametrize("size", [(30_000, 30_000), (8_000, 7_000)])
def test_huge_dimensions_are_rejected_without_decoding(size):
    with pytest.raises(PhotoRejected, match="te veel beeldpunten"):
        clean_photo(upload(png_header_only(*size), "bomb.png", "image/png"))
