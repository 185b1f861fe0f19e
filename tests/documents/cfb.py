"""A minimal writer of OLE Compound File Binary (CFB) files, for test fixtures.

HWP 5.0, legacy Office (.doc/.xls/.msg) and MSI files are CFB containers. Tests build them
here from a dict of streams instead of shipping binaries. The layout follows [MS-CFB]
version 3: 512-byte sectors, a 64-byte-sector mini stream for streams under 4096 bytes,
at most 109 FAT sectors (about 7 MB of content, plenty for fixtures) so no DIFAT chain,
and each storage's children in a balanced binary tree of black nodes (readers only walk
the tree; they do not check red-black colouring).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
STORAGE, STREAM, ROOT = 1, 2, 5


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    start: int = ENDOFCHAIN
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM


def write_cfb(path: Path, streams: dict[str, bytes]) -> None:
    """Write ``streams`` ("Storage/Sub/Stream" → bytes) as a compound file at ``path``."""
    root = _tree(streams)
    entries = _number(root)
    mini, regular = [], []
    for entry in entries:
        if entry.kind == STREAM and entry.data:
            (mini if len(entry.data) < MINI_CUTOFF else regular).append(entry)

    ministream, minifat = bytearray(), []
    for entry in mini:
        entry.start = len(ministream) // MINI_SECTOR
        count = _sectors(len(entry.data), MINI_SECTOR)
        minifat += [entry.start + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        ministream += entry.data.ljust(count * MINI_SECTOR, b"\0")
    minifat += [FREESECT] * (-len(minifat) % (SECTOR // 4))

    # Everything after the FAT, in sector order: mini FAT, directory, mini stream, big streams.
    chains = [_pack_u32(minifat), _directory(entries), bytes(ministream)] + [e.data for e in regular]
    lengths = [_sectors(len(c), SECTOR) for c in chains]
    body = sum(lengths)
    fat_count = 1
    while fat_count * (SECTOR // 4) < body + fat_count:
        fat_count += 1
    if fat_count > 109:
        raise ValueError("cfb fixture too large: more than 109 FAT sectors needs a DIFAT chain")

    fat, starts, cursor = [FATSECT] * fat_count, [], fat_count
    for length in lengths:
        starts.append(cursor if length else ENDOFCHAIN)
        fat += [cursor + i + 1 for i in range(length - 1)] + ([ENDOFCHAIN] if length else [])
        cursor += length
    fat += [FREESECT] * (fat_count * (SECTOR // 4) - len(fat))

    minifat_start, dir_start, ministream_start, *stream_starts = starts
    root.start, root.data = ministream_start, bytes(ministream)
    for entry, start in zip(regular, stream_starts, strict=True):
        entry.start = start
    chains[1] = _directory(entries)  # again, now that start sectors are known

    header = _header(fat_count, dir_start, minifat_start, lengths[0])
    out = bytearray(header)
    out += _pack_u32(fat)
    for chain, length in zip(chains, lengths, strict=True):
        out += chain.ljust(length * SECTOR, b"\0")
    Path(path).write_bytes(bytes(out))


def _tree(streams: dict[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", ROOT)
    for name, data in streams.items():
        *storages, leaf = name.strip("/").split("/")
        node = root
        for part in storages:
            node = node.children.setdefault(part, _Entry(part, STORAGE))
        node.children[leaf] = _Entry(leaf, STREAM, bytes(data))
    return root


def _number(root: _Entry) -> list[_Entry]:
    """Give every entry a directory id and link siblings into a balanced search tree."""
    entries = [root]

    def visit(node: _Entry) -> None:
        kids = sorted(node.children.values(), key=_cfb_order)
        for kid in kids:
            kid.sid = len(entries)
            entries.append(kid)
        node.child = _balance(kids)
        for kid in kids:
            visit(kid)

    visit(root)
    return entries


def _cfb_order(entry: _Entry) -> tuple[int, str]:
    # [MS-CFB] 2.6.4: shorter names sort first, then by upper-cased code units.
    return len(entry.name.encode("utf-16-le")), entry.name.upper()


def _balance(kids: list[_Entry]) -> int:
    if not kids:
        return NOSTREAM
    middle = len(kids) // 2
    kids[middle].left = _balance(kids[:middle])
    kids[middle].right = _balance(kids[middle + 1:])
    return kids[middle].sid


def _directory(entries: list[_Entry]) -> bytes:
    out = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-16-le")
        if len(name) > 62:
            raise ValueError(f"cfb entry name longer than 31 characters: {entry.name!r}")
        size = len(entry.data) if entry.kind in (STREAM, ROOT) else 0
        start = entry.start if size or entry.kind == ROOT else (ENDOFCHAIN if entry.kind == STREAM else 0)
        out += name.ljust(64, b"\0") + struct.pack(
            "<HBBIII16sIQQIQ", len(name) + 2, entry.kind, 1, entry.left, entry.right, entry.child,
            b"\0" * 16, 0, 0, 0, start, size)
    empty = b"\0" * 66 + struct.pack("<BBIII", 0, 0, NOSTREAM, NOSTREAM, NOSTREAM) + b"\0" * 48
    while len(out) % SECTOR:
        out += empty
    return bytes(out)


def _header(fat_count: int, dir_start: int, minifat_start: int, minifat_count: int) -> bytes:
    difat = list(range(fat_count)) + [FREESECT] * (109 - fat_count)
    return MAGIC + b"\0" * 16 + struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, fat_count, dir_start, 0,
        MINI_CUTOFF, minifat_start, minifat_count, ENDOFCHAIN, 0) + _pack_u32(difat)


def _sectors(size: int, sector: int) -> int:
    return -(-size // sector)


def _pack_u32(values: list[int]) -> bytes:
    return struct.pack(f"<{len(values)}I", *values)
