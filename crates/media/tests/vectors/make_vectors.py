#!/usr/bin/env python3
"""Reference vectors for tapis-media's PDQ: generated images and their hashes by Meta's reference implementation.

The reference is PyPI's `pdqhash` 0.2.8 (https://pypi.org/project/pdqhash/, Apache-2.0; it wraps, unchanged, the
C++ of facebook/ThreatExchange's `pdq/cpp`, BSD-licensed: `pdqHash256FromFloatLuma` on the full-size image).

To rerun (from the repository's root; writes the images and vectors.tsv next to this script):

    python3 -m venv /tmp/pdqvenv && /tmp/pdqvenv/bin/pip install numpy pillow pdqhash==0.2.8
    /tmp/pdqvenv/bin/python crates/media/tests/vectors/make_vectors.py

Every image is generated from numpy with fixed seeds (no fonts, nothing from the machine), written as PNG, or as
JPEG by Pillow's libjpeg. The hash is computed on exactly the pixels tapis-media hashes:

* PNG: the pixels Pillow reads back (`convert("RGB")`: grey spread to three channels, alpha dropped, palette
  expanded), the same as tapis-media's decoder;
* JPEG: two JPEG decoders (libjpeg's and zune-jpeg's) differ by a unit here and there (IDCT and chroma
  upsampling), so the hash is computed on the pixels tapis-media's decoder produces, dumped by its example
  `dump_rgb` (built here with cargo); the hash of Pillow's decode and its distance are written as a comment.

vectors.tsv: file, width, height, hash (64 hex digits, the C++ `Hash256::format()` text form) and quality.
The bit vector pdqhash returns is `hash_to_vector` reversed: bit k of the C++ words (word k / 16, bit k % 16)
at index 255 - k, so read in order it is the 256-bit number most significant first, which `Hash256::format()`
prints as w[15]..w[0]. Checked once against a small C++ program calling `pdqHash256FromFloatLuma` and
`Hash256::format()` on four of these images: the same text, the same quality.
"""

import pathlib
import subprocess
import tempfile

import numpy as np
import pdqhash
from PIL import Image

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[3]


def to_hex(bits):
    """pdqhash returns the 256 bits most significant first (`hash_to_vector` reversed): the C++ text form."""
    assert len(bits) == 256
    return "".join("%x" % int("".join(str(int(b)) for b in bits[i : i + 4]), 2) for i in range(0, 256, 4))


def reference(rgb):
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    bits, quality = pdqhash.compute(rgb)
    return to_hex(bits), int(quality)


def grid(h, w):
    return np.mgrid[0:h, 0:w].astype(np.float64)


def u8(a):
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def rgb_of(*channels):
    return np.stack([u8(c) for c in channels], axis=-1)


def images():
    """(name, PIL image) pairs, deterministic."""
    rng = np.random.default_rng(20261206)
    out = []

    out.append(("pixel_1x1.png", Image.fromarray(np.array([[[200, 30, 90]]], dtype=np.uint8))))
    out.append(("noise_7x5.png", Image.fromarray(rng.integers(0, 256, (5, 7, 3), dtype=np.uint8))))
    out.append(("narrow_4x9.png", Image.fromarray(rng.integers(0, 256, (9, 4, 3), dtype=np.uint8))))

    y, x = grid(64, 64)
    check = ((y // 8 + x // 8) % 2) * 255
    out.append(("checker_64x64.png", Image.fromarray(rgb_of(check, 255 - check, check * 0.5))))

    y, x = grid(480, 640)
    out.append(("gradient_640x480.png", Image.fromarray(rgb_of(x * 255 / 639, y * 255 / 479, (x + y) * 255 / 1118))))

    y, x = grid(640, 480)
    stripes = ((x + y) // 24 % 2) * 200 + 20
    out.append(("diagonal_stripes_480x640.png", Image.fromarray(rgb_of(stripes, stripes * 0.8, 255 - stripes))))

    y, x = grid(240, 320)
    check = ((y // 30 + x // 40) % 2) * 255
    out.append(("checker_320x240.png", Image.fromarray(rgb_of(check, check, check))))

    out.append(("noise_300x200.png", Image.fromarray(rng.integers(0, 256, (200, 300, 3), dtype=np.uint8))))

    y, x = grid(256, 256)
    r = np.full((256, 256), 240.0)
    g = np.full((256, 256), 230.0)
    b = np.full((256, 256), 210.0)
    disc = (y - 90) ** 2 + (x - 100) ** 2 < 60**2
    r[disc], g[disc], b[disc] = 200, 20, 30
    box = (y > 140) & (y < 230) & (x > 120) & (x < 240)
    r[box], g[box], b[box] = 20, 60, 180
    tri = (y > 30) & (y < 110) & (x > 150) & (x - 150 < (y - 30))
    r[tri], g[tri], b[tri] = 30, 160, 40
    out.append(("shapes_256x256.png", Image.fromarray(rgb_of(r, g, b))))

    page = np.full((300, 500), 250.0)
    for line in range(12):
        top = 20 + line * 22
        left = 20
        while left < 470:
            word = int(rng.integers(12, 60))
            if left + word > 480:
                break
            page[top : top + 12, left : left + word] = 25
            left += word + int(rng.integers(6, 12))
    out.append(("text_blocks_500x300.png", Image.fromarray(rgb_of(page, page, page * 0.96))))

    flat = 128 + rng.integers(0, 2, (200, 200)).astype(np.float64)
    out.append(("flat_200x200.png", Image.fromarray(rgb_of(flat, flat, flat))))

    y, x = grid(127, 129)
    radius = np.hypot(y - 63, x - 64)
    out.append(("radial_129x127.png", Image.fromarray(rgb_of(radius * 3, 255 - radius * 2, (radius * 7) % 256))))

    y, x = grid(111, 333)
    band = x // 37
    out.append(("colour_stripes_333x111.png", Image.fromarray(rgb_of(band * 30, (band * 70) % 256, 255 - band * 25))))

    y, x = grid(360, 640)
    wave = 128 + 100 * np.sin(x / 23.0) * np.cos(y / 31.0)
    out.append(("grey_waves_640x360.png", Image.fromarray(u8(wave), mode="L")))

    y, x = grid(400, 100)
    alpha = u8(x * 255 / 99)
    rgba = np.dstack([rgb_of(y * 255 / 399, 255 - y * 255 / 399, (x * 5) % 256), alpha])
    out.append(("alpha_100x400.png", Image.fromarray(rgba, mode="RGBA")))

    y, x = grid(250, 250)
    tiles = rgb_of((x // 50) * 60, (y // 50) * 60, ((x + y) // 50) * 30)
    out.append(("palette_250x250.png", Image.fromarray(tiles).quantize(colors=16, method=Image.Quantize.MEDIANCUT)))

    # JPEGs: a photo-like scene (smooth sky, shapes, grain), a grey one, a small one with 4:4:4 chroma.
    y, x = grid(480, 640)
    sky = 255 - y * 0.3
    r, g, b = sky * 0.55, sky * 0.75, sky.copy()
    hill = y > 300 + 40 * np.sin(x / 70.0)
    r[hill], g[hill], b[hill] = 60 + y[hill] * 0.1, 120 + x[hill] * 0.05, 40
    sun = (y - 110) ** 2 + (x - 480) ** 2 < 50**2
    r[sun], g[sun], b[sun] = 255, 220, 90
    grain = rng.normal(0, 6, (480, 640))
    out.append(("photo_640x480.jpg", Image.fromarray(rgb_of(r + grain, g + grain, b + grain)), {"quality": 85}))

    y, x = grid(240, 320)
    grey = 128 + 90 * np.sin(np.hypot(y - 120, x - 160) / 9.0)
    out.append(("grey_rings_320x240.jpg", Image.fromarray(u8(grey), mode="L"), {"quality": 80}))

    y, x = grid(150, 200)
    out.append(
        (
            "tiles_200x150.jpg",
            Image.fromarray(rgb_of((x // 25 % 2) * 200, (y // 25 % 2) * 180, 90 + x * 0.5)),
            {"quality": 90, "subsampling": 0},
        )
    )
    return out


def dump_with_tapis(path):
    """The RGB8 pixels tapis-media's decoder produces for `path`."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = pathlib.Path(tmp) / "pixels.rgb"
        size = subprocess.run(
            ["cargo", "run", "-q", "-p", "tapis-media", "--example", "dump_rgb", "--", str(path), str(raw)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        width, height = int(size[0]), int(size[1])
        return np.frombuffer(raw.read_bytes(), dtype=np.uint8).reshape(height, width, 3)


def distance(a, b):
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def main():
    rows = []
    notes = []
    for entry in images():
        name, image = entry[0], entry[1]
        path = HERE / name
        if name.endswith(".jpg"):
            image.save(path, "JPEG", **entry[2])
        else:
            image.save(path, "PNG", optimize=True)
        with Image.open(path) as reread:
            pillow_rgb = np.asarray(reread.convert("RGB"))
        if name.endswith(".jpg"):
            ours = dump_with_tapis(path)
            assert ours.shape == pillow_rgb.shape, name
            hex_, quality = reference(ours)
            libjpeg_hex, libjpeg_quality = reference(pillow_rgb)
            notes.append(
                "# %s decoded by libjpeg (Pillow) instead: %s quality %d, %d bits away; pixels differ by at most %d"
                % (
                    name,
                    libjpeg_hex,
                    libjpeg_quality,
                    distance(hex_, libjpeg_hex),
                    int(np.abs(ours.astype(int) - pillow_rgb.astype(int)).max()),
                )
            )
        else:
            hex_, quality = reference(pillow_rgb)
        height, width = pillow_rgb.shape[:2]
        rows.append((name, width, height, hex_, quality))
        print(name, width, height, hex_, quality)

    with open(HERE / "vectors.tsv", "w") as f:
        f.write("# PDQ reference vectors: hash and quality by PyPI's pdqhash 0.2.8 (Apache-2.0), which wraps the C++\n")
        f.write("# reference of facebook/ThreatExchange pdq/cpp (BSD), pdqHash256FromFloatLuma on the full-size image.\n")
        f.write("# Generated by make_vectors.py (see its docstring to rerun). PNG rows: the pixels Pillow reads.\n")
        f.write("# JPEG rows: the pixels tapis-media's decoder produces (examples/dump_rgb.rs), hashed by pdqhash.\n")
        for note in notes:
            f.write(note + "\n")
        f.write("# file\twidth\theight\thash\tquality\n")
        for row in rows:
            f.write("%s\t%d\t%d\t%s\t%d\n" % row)


if __name__ == "__main__":
    main()
