"""The delivered file between the request and the worker, without a raw BSN on any disk.

The request stores the file in the database in 1 MiB chunks, each encrypted with AES-GCM under a key derived from
SECRET_KEY (which lives in the environment, not beside the data); the worker decrypts it into an anonymous in-memory
file (Linux `memfd`) that vanishes with the process, reads it by its /proc path, and deletes the chunks whatever
the outcome.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from ..models import UploadChunk

CHUNK_BYTES = 1 << 20
NONCE_BYTES = 12
BATCH = 8  # chunks per INSERT: about 8 MiB in memory at a time


class PayloadMissing(Exception):
    """The stored file is gone or cannot be decrypted (SECRET_KEY changed since it was stored)."""


def _cipher() -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"zicht upload payload").derive(
        settings.SECRET_KEY.encode()
    )
    return AESGCM(key)


def _associated(upload_id: int, index: int) -> bytes:
    # Binds each chunk to its upload and place: chunks cannot be swapped or reordered unnoticed.
    return f"{upload_id}:{index}".encode()


def _pieces(chunks: Iterable[bytes]) -> Iterator[bytes]:
    buffer, pieces = bytearray(), 0
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= CHUNK_BYTES:
            yield bytes(buffer[:CHUNK_BYTES])
            pieces += 1
            del buffer[:CHUNK_BYTES]
    if buffer or not pieces:  # an empty file is one empty piece: stored, so its ingest can say it is empty
        yield bytes(buffer)


def store_payload(upload_id: int, chunks: Iterable[bytes]) -> int:
    """Store the file's bytes (an iterable of chunks) encrypted for the upload; the number of bytes."""
    cipher, size, batch = _cipher(), 0, []
    for index, piece in enumerate(_pieces(chunks)):
        nonce = os.urandom(NONCE_BYTES)
        sealed = nonce + cipher.encrypt(nonce, piece, _associated(upload_id, index))
        batch.append(UploadChunk(upload_id=upload_id, index=index, data=sealed))
        size += len(piece)
        if len(batch) >= BATCH:
            UploadChunk.objects.bulk_create(batch)
            batch = []
    UploadChunk.objects.bulk_create(batch)
    return size


def drop_payload(upload_id: int) -> None:
    """Delete the upload's stored file."""
    UploadChunk.objects.filter(upload_id=upload_id).delete()


def _plain_chunks(upload_id: int) -> Iterator[bytes]:
    cipher = _cipher()
    indexes = UploadChunk.objects.filter(upload_id=upload_id).order_by("index").values_list("index", flat=True)
    for expected, index in enumerate(indexes.iterator()):
        if index != expected:
            raise PayloadMissing(f"chunk {expected} of upload {upload_id} is missing")
        sealed = bytes(UploadChunk.objects.values_list("data", flat=True).get(upload_id=upload_id, index=index))
        try:
            yield cipher.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _associated(upload_id, index))
        except Exception as exc:  # InvalidTag: another key, or tampered
            raise PayloadMissing(f"chunk {index} of upload {upload_id} cannot be decrypted") from exc


@contextmanager
def payload_file(upload_id: int) -> Iterator[Path]:
    """The upload's file as a readable path for the duration of the block; PayloadMissing when it is gone."""
    if not UploadChunk.objects.filter(upload_id=upload_id).exists():
        raise PayloadMissing(f"upload {upload_id} has no stored file")
    if hasattr(os, "memfd_create") and sys.platform.startswith("linux"):
        fd = os.memfd_create(f"zicht-upload-{upload_id}", os.MFD_CLOEXEC)
        try:
            with open(fd, "wb", closefd=False) as handle:
                for piece in _plain_chunks(upload_id):
                    handle.write(piece)
            yield Path(f"/proc/self/fd/{fd}")
        finally:
            os.close(fd)
        return
    # Elsewhere (development on macOS): a private temporary file, removed when the block ends.
    handle = tempfile.NamedTemporaryFile("wb", prefix="zicht-payload-", delete=False)  # noqa: SIM115
    path = Path(handle.name)
    try:
        with handle:
            for piece in _plain_chunks(upload_id):
                handle.write(piece)
        yield path
    finally:
        path.unlink(missing_ok=True)
