"""Tiny, valid recordings made in the test itself: one second of silence as Ogg/Opus (what a browser plays) and as
MP3, so no sound file needs to be committed."""

from __future__ import annotations

import struct


def _crc(data: bytes) -> int:
    """Ogg's page checksum: CRC-32, polynomial 0x04C11DB7, not reflected, initial value 0."""
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def _page(packets: list[bytes], *, flags: int, granule: int, sequence: int, serial: int = 0x4C4E) -> bytes:
    lacing = b""
    for packet in packets:
        lacing += b"\xff" * (len(packet) // 255) + bytes([len(packet) % 255])
    header = struct.pack("<4sBBqIII", b"OggS", 0, flags, granule, serial, sequence, 0) + bytes([len(lacing)]) + lacing
    body = b"".join(packets)
    crc = _crc(header + body)
    return header[:22] + struct.pack("<I", crc) + header[26:] + body


def ogg_opus(seconds: float = 1.0) -> bytes:
    """Mono Opus silence in an Ogg stream: OpusHead, OpusTags, then 20 ms frames of silence (TOC 0xF8)."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0)
    frames = max(1, round(seconds * 50))
    audio = [b"\xf8\xff\xfe"] * frames
    return (
        _page([head], flags=0x02, granule=0, sequence=0)
        + _page([tags], flags=0x00, granule=0, sequence=1)
        + _page(audio, flags=0x04, granule=frames * 960, sequence=2)
    )


def mp3(seconds: float = 1.0) -> bytes:
    """MPEG-1 layer III frames of silence (128 kbit/s, 44.1 kHz, 417 bytes each) behind an empty ID3v2 tag."""
    frame = b"\xff\xfb\x90\x00" + bytes(413)
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + frame * max(2, round(seconds * 44100 / 1152))
