"""Checking and cleaning photos sent with a report.

A photo from a phone carries the place it was taken (GPS), the device and often the owner's name. None of that may
be stored (DOMAIN §5), so every photo is decoded and drawn onto a fresh image that is encoded again: what is stored
holds pixels only. The checks run before decoding where they can, so a hostile file costs as little as possible.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from . import rules

# More pixels than this is not a phone photo but an attempt to exhaust memory (a "decompression bomb"). Checked
# from the header before any pixel is decoded, and well below Pillow's own limit (which only warns at first).
MAX_PIXELS = 50_000_000
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Many phones write JPEGs with extra pictures (depth map, preview) that Pillow reads as "MPO": a JPEG all the same.
# Only the first picture is kept.
FORMAT_ALIASES = {"MPO": "JPEG"}
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CleanPhoto:
    """A photo re-encoded without any metadata, ready to store."""

    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


class PhotoRejected(ValueError):
    """A photo that cannot be taken in; `message` tells the reporter why, in the active language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _too_large() -> PhotoRejected:
    return PhotoRejected(
        _("De foto is te groot: hooguit %(size)d MB per foto.") % {"size": rules.MAX_PHOTO_BYTES // (1024 * 1024)}
    )


def _not_a_photo() -> PhotoRejected:
    return PhotoRejected(_("Dit bestand is geen foto die we kunnen lezen. Stuur een JPEG-, PNG- of WebP-foto."))


def _too_many_pixels() -> PhotoRejected:
    return PhotoRejected(_("De foto heeft te veel beeldpunten. Stuur een kleinere foto."))


def _read_limited(uploaded_file) -> bytes:
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > rules.MAX_PHOTO_BYTES:
        raise _too_large()
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    # Read one byte more than allowed: a file whose declared size lied is still caught.
    data = uploaded_file.read(rules.MAX_PHOTO_BYTES + 1)
    if len(data) > rules.MAX_PHOTO_BYTES:
        raise _too_large()
    if not data:
        raise _not_a_photo()
    return data


def clean_photo(uploaded_file) -> CleanPhoto:
    """Check a sent photo (size, type, pixels) and return it re-encoded without metadata, at most PHOTO_MAX_SIDE."""
    data = _read_limited(uploaded_file)
    try:
        # Only the plugins of the accepted formats are tried: other formats' parsers never see the bytes.
        with Image.open(io.BytesIO(data), formats=list(rules.PHOTO_FORMATS)) as image:
            source_format = FORMAT_ALIASES.get(image.format, image.format)
            if source_format not in rules.PHOTO_FORMATS:
                raise _not_a_photo()
            if image.width * image.height > MAX_PIXELS:
                raise _too_many_pixels()
            if source_format == "JPEG":
                # Let the JPEG decoder scale down while decoding: a large photo never needs full-size memory.
                image.draft("RGB", (rules.PHOTO_MAX_SIDE, rules.PHOTO_MAX_SIDE))
            image.load()
            fresh = _fresh_image(image, source_format)
    except PhotoRejected:
        raise
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError) as error:
        # Pillow reports truncated or malformed files with any of these.
        raise _not_a_photo() from error
    return _encode(fresh, source_format)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _fresh_image(image: Image.Image, source_format: str) -> Image.Image:
    """The photo upright, in sRGB, scaled down, on a new image that has no metadata at all."""
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)  # the EXIF orientation is applied before EXIF is dropped
    mode = "RGBA" if _has_alpha(upright) and source_format != "JPEG" else "RGB"
    converted = _to_srgb(upright, icc_profile, mode)
    converted.thumbnail((rules.PHOTO_MAX_SIDE, rules.PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    fresh = Image.new(mode, converted.size)
    fresh.paste(converted)
    return fresh


def _to_srgb(image: Image.Image, icc_profile: bytes | None, mode: str) -> Image.Image:
    # The colour profile is metadata too and is not kept, so colours are converted to sRGB first: a photo from a
    # phone with a wide-gamut profile then still looks right without it.
    if icc_profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            target = ImageCms.createProfile("sRGB")
            output_mode = mode if image.mode != "CMYK" else "RGB"
            converted = ImageCms.profileToProfile(image, source, target, outputMode=output_mode)
            if converted is not None:
                return converted if converted.mode == mode else converted.convert(mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels are kept as they are
    return image.convert(mode)


def _encode(image: Image.Image, source_format: str) -> CleanPhoto:
    buffer = io.BytesIO()
    # No exif, icc_profile, pnginfo or xmp argument is passed, and the fresh image's info is empty.
    if source_format == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif source_format == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=JPEG_QUALITY)
    return CleanPhoto(
        content=buffer.getvalue(),
        content_type=rules.PHOTO_FORMATS[source_format],
        extension=EXTENSIONS[source_format],
        width=image.width,
        height=image.height,
    )
