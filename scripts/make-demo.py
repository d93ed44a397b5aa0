#!/usr/bin/env python3
"""Builds resources/demo/ from public-domain / CC0 photographs shipped in Debian's python3-skimage.

Domain A: crops of the photographs, as they are. Domain B: *different* crops of the same photographs
turned into paintings with OpenCV's edge-preserving cv2.stylization. Run once by a maintainer
(needs python3-skimage and python3-opencv); the output is committed. Licences: resources/demo/LICENSE.md.
"""
import os
import random
import sys

import cv2

SKIMAGE_DATA = "/usr/lib/python3/dist-packages/skimage/data"
# file -> licence, as stated in skimage/data/_fetchers.py of python3-skimage 0.19.3
PHOTOS = {
    "astronaut.png": "public domain (NASA; no known copyright restrictions)",
    "chelsea.png": "CC0 (photographer Stefan van der Walt)",
    "coffee.png": "CC0 (photographer Rachel Michetti)",
    "rocket.jpg": "public domain (SpaceX)",
}
SIZE = 128
PER_DOMAIN = 32


def crops(img, count, rng):
    h, w = img.shape[:2]
    out = []
    for _ in range(count):
        side = rng.randint(min(h, w) // 3, min(h, w))
        x, y = rng.randint(0, w - side), rng.randint(0, h - side)
        out.append(cv2.resize(img[y:y + side, x:x + side], (SIZE, SIZE), interpolation=cv2.INTER_AREA))
    return out


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "demo")
    rng = random.Random(2017)
    for d in ("A", "B"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    photos = [cv2.imread(os.path.join(SKIMAGE_DATA, f), cv2.IMREAD_COLOR) for f in PHOTOS]
    if any(p is None for p in photos):
        sys.exit("python3-skimage's data files are missing")
    per_photo = PER_DOMAIN // len(photos)
    n = 0
    for name, img in zip(PHOTOS, photos):
        stem = os.path.splitext(name)[0]
        for i, c in enumerate(crops(img, per_photo, rng)):
            cv2.imwrite(os.path.join(root, "A", f"{stem}_{i:02d}.jpg"), c, [cv2.IMWRITE_JPEG_QUALITY, 90])
        # Different crops for B, so the two domains are unpaired.
        for i, c in enumerate(crops(img, per_photo, rng)):
            painted = cv2.stylization(c, sigma_s=60, sigma_r=0.45)
            cv2.imwrite(os.path.join(root, "B", f"{stem}_{i:02d}.jpg"), painted, [cv2.IMWRITE_JPEG_QUALITY, 90])
            n += 1
    print(f"wrote {n} + {n} images to {root}")


if __name__ == "__main__":
    main()
