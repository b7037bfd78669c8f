"""A workbook's zip read from its bytes without zipfile's objects: the central directory
(every member's sizes, for the unpacked-size check, and where each member starts) and
one member inflated in one call of libdeflate into the size the directory declares.
zipfile's per-member objects and its stream with its CRC pass cost more than reading
a small workbook's few parts; anything but the plain layout is left to zipfile."""

from __future__ import annotations

import struct
import zipfile
from typing import NamedTuple

import deflate

_END_RECORD = struct.Struct("<4s4HLLH")  # end of central directory, 22 bytes
_ENTRY = struct.Struct("<4s6H3L5H2L")  # central directory entry, 46 bytes + name ...
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... name and extra field lengths
ZIP64_SIZE = 0xFFFFFFFF  # a size field saying "see the zip64 record"
_ZIP_MAGIC = b"PK\x03\x04"


class Member(NamedTuple):
    flags: int
    method: int
    packed_size: int
    size: int
    header_offset: int


def read_directory(data: bytes) -> tuple[int, dict[str, Member]] | None:
    """(total unpacked size of every entry, members by name), or None unless the layout
    is the plain one (one disk, no zip64, no bytes before the archive, entries back to
    back): zipfile reads the rest, or says they are broken. (Not to be changed: the
    listing of the bytes last asked for is kept and given again.)"""
    global _last_listed
    last = _last_listed  # (one read: bytes and listing together)
    if last is not None and last[0] is data:  # the envelope's check, then the workbook's parts
        return last[1]
    listing = _read_directory(data)
    _last_listed = (data, listing)
    return listing


_last_listed: tuple | None = None  # (bytes, their listing): the same object, so the same bytes


def _read_directory(data: bytes) -> tuple[int, dict[str, Member]] | None:
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - _END_RECORD.size - 0xFFFF))
    if end < 0 or end + _END_RECORD.size > len(data):
        return None
    _, disk, cd_disk, on_disk, count, cd_size, cd_offset, _ = _END_RECORD.unpack_from(data, end)
    if disk or cd_disk or on_disk != count or cd_offset + cd_size != end:
        return None
    pos, total, members = cd_offset, 0, {}
    for _ in range(count):
        if pos + _ENTRY.size > end:
            return None
        entry = _ENTRY.unpack_from(data, pos)
        signature, flags, method, packed, size, name_len, extra_len, comment_len, offset = (
            entry[0], entry[3], entry[4], entry[8], entry[9], entry[10], entry[11], entry[12],
            entry[16])
        if signature != b"PK\x01\x02" or size == ZIP64_SIZE:
            return None
        name = data[pos + _ENTRY.size:pos + _ENTRY.size + name_len]
        # (A name given twice: the last entry, as zipfile and the reader take it.)
        members[name.decode("utf-8" if flags & 0x800 else "cp437")] = Member(
            flags, method, packed, size, offset)
        total += size
        pos += _ENTRY.size + name_len + extra_len + comment_len
    return (total, members) if pos == end else None


def member_bytes(data: bytes, member: Member) -> bytes | bytearray | None:
    """The member's bytes, or None where the quick path cannot vouch for them (an
    encrypted member, another method, a size that is not the declared one, a header past
    the end): zipfile then decides. The unpacked-size check has bounded the sizes."""
    if member.flags & 1 or member.header_offset + _LOCAL_HEADER.size > len(data):
        return None
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, member.header_offset)
    if signature != _ZIP_MAGIC:
        return None
    start = member.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    packed = data[start:start + member.packed_size]
    if member.method == zipfile.ZIP_STORED and len(packed) == member.size:
        return packed
    if member.method == zipfile.ZIP_DEFLATED:
        try:
            unpacked = deflate.deflate_decompress(packed, member.size)
        except deflate.DeflateError:
            return None
        if len(unpacked) == member.size:
            return unpacked
    return None
