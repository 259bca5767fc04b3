"""Draw the toolbar icons (online / offline / unknown) and the app icon as PNGs.

Pure standard library (zlib + struct), so no imaging package is needed:
    python3 extension/tools/make_icons.py
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "icons"
BLUE = (35, 74, 156)
STATES = {"online": (46, 154, 90), "offline": (198, 40, 40), "unknown": (140, 148, 160)}
SIZES = (16, 32, 48)


def png(size: int, pixels: list[list[tuple[int, int, int, int]]]) -> bytes:
    raw = b"".join(b"\x00" + b"".join(bytes(p) for p in row) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def coverage(x: float, y: float, cx: float, cy: float, r: float) -> float:
    """How much of the pixel at (x, y) a disc covers, by 4x4 supersampling."""
    hits = 0
    for i in range(4):
        for j in range(4):
            px, py = x + (i + 0.5) / 4, y + (j + 0.5) / 4
            hits += (px - cx) ** 2 + (py - cy) ** 2 <= r * r
    return hits / 16


def draw(size: int, dot: tuple[int, int, int] | None) -> bytes:
    """A speech bubble (the reply) in otklik blue; a status dot bottom right."""
    s = size
    rows = []
    for y in range(s):
        row = []
        for x in range(s):
            a = coverage(x, y, s * 0.46, s * 0.44, s * 0.40)
            # the bubble's tail
            tail = (
                1.0
                if (
                    y > s * 0.62
                    and x < s * 0.40
                    and x > s * 0.10
                    and (y - s * 0.62) < (s * 0.40 - x) * 0.9
                )
                else 0.0
            )
            a = max(a, tail)
            color = BLUE
            if dot is not None:
                d = coverage(x, y, s * 0.74, s * 0.74, s * 0.26)
                ring = coverage(x, y, s * 0.74, s * 0.74, s * 0.26 + max(1, s / 16))
                if ring > 0 and d < 1:
                    a = a * (1 - ring)  # a white-ish gap keeps the dot readable on the bubble
                if d > 0:
                    color = tuple(
                        int(c * d + b * (1 - d) * (a > 0)) for c, b in zip(dot, BLUE, strict=True)
                    )
                    a = max(a, d)
            row.append((*color, int(255 * a)))
        rows.append(row)
    return png(s, rows)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for state, rgb in STATES.items():
        for size in SIZES:
            (OUT / f"{state}-{size}.png").write_bytes(draw(size, rgb))
    for size in (16, 32, 48, 128):
        (OUT / f"icon-{size}.png").write_bytes(draw(size, None))
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
