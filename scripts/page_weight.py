"""Page weight: the HTML of every page of this site next to the same page built by stock mkdocs-jupyter.

Usage: python scripts/page_weight.py
Builds two temporary copies of the repository (ours, and mkdocs-jupyter executing the examples itself,
as in scripts/benchmark.py) and prints, per page, the HTML bytes (inline images included, since
they are part of the HTML) of both, raw and gzipped as GitHub Pages sends them, and their ratios, plus
the files a notebook page loads besides. KB are 1,000 bytes, as in the budget of
tests/test_page_weight.py (32 KB gzipped per example page).
"""

import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import build, copy  # noqa: E402

KB = 1000


def pages(site: Path):
    """{page: (raw bytes, gzipped bytes)}"""
    return {
        str(p.relative_to(site)): (p.stat().st_size, len(gzip.compress(p.read_bytes(), compresslevel=6, mtime=0)))
        for p in sorted(site.rglob("index.html"))
    }


def main():
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {}
        for name in ("ours", "stock"):
            root = copy(Path(tmp) / name, stock=name == "stock")
            build(root, stock=name == "stock")
            sizes[name] = pages(root / "site")
        shared = Path(tmp) / "ours" / "site" / "assets" / "stylesheets" / "notebook.css"
        shared_size = shared.stat().st_size if shared.exists() else 0
    print("| page | ours (KB) | stock (KB) | ours / stock | ours gzipped (KB) | stock gzipped (KB) | ours / stock, gzipped |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for page, (ours, ours_gz) in sizes["ours"].items():
        stock, stock_gz = sizes["stock"].get(page, (0, 0))
        if stock:
            print(
                f"| {page} | {ours / KB:.1f} | {stock / KB:.1f} | {ours / stock:.2f} "
                f"| {ours_gz / KB:.1f} | {stock_gz / KB:.1f} | {ours_gz / stock_gz:.2f} |"
            )
    print(f"\nnotebook stylesheet, loaded once and cached by the browser: {shared_size / KB:.1f} KB")


if __name__ == "__main__":
    main()
