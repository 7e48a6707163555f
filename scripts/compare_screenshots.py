"""Compares two folders of screenshots (scripts/screenshots.py) pixel by pixel and says which differ, and where.

Usage: python scripts/compare_screenshots.py BEFORE_DIR AFTER_DIR [DIFF_DIR]
Prints one line per PNG of BEFORE_DIR: identical, or how many pixels differ and the box around them
(x0, y0, x1, y1); of shots that changed length, the rows both have are compared. With DIFF_DIR, writes each differing pair's changed pixels in
red over a faded copy of AFTER's shot. Exits 1 when any pair differs or is missing.
"""

import sys
from pathlib import Path

from PIL import Image, ImageChops

Image.MAX_IMAGE_PIXELS = None  # our own shots: the book page, full length on a phone, is over Pillow's guard


def compare(before: Path, after: Path, diff_dir=None) -> str:
    """'identical', or what differs between the two PNGs."""
    if not after.is_file():
        return "missing after"
    a, b = Image.open(before).convert("RGB"), Image.open(after).convert("RGB")
    resized = "" if a.size == b.size else f"size {a.size[0]}x{a.size[1]} -> {b.size[0]}x{b.size[1]}; "
    if a.size[0] != b.size[0]:
        return resized.rstrip("; ")
    # Pages of another length: compare the rows both have (a change low on the page leaves the top identical).
    rows = min(a.size[1], b.size[1])
    a, b = a.crop((0, 0, a.size[0], rows)), b.crop((0, 0, b.size[0], rows))
    delta = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v else 0)
    box = delta.getbbox()
    if box is None:
        return f"{resized}the first {rows} rows identical" if resized else "identical"
    changed = delta.histogram()[255]
    if diff_dir:
        faded = Image.blend(b, Image.new("RGB", b.size, "white"), 0.7)
        faded.paste(Image.new("RGB", b.size, "red"), mask=delta)
        faded.save(Path(diff_dir) / before.name)
    return f"{resized}{changed} pixels differ in {box} (x0, y0, x1, y1)"


def main(before, after, diff_dir=None):
    before, after = Path(before), Path(after)
    if diff_dir:
        Path(diff_dir).mkdir(parents=True, exist_ok=True)
    differ = 0
    for shot in sorted(before.glob("*.png")):
        verdict = compare(shot, after / shot.name, diff_dir)
        differ += verdict != "identical"
        print(f"{shot.name}: {verdict}")
    print(f"{differ} of {len(list(before.glob('*.png')))} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
