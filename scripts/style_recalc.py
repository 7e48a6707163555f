"""Style recalculation: what one full restyle of each example page costs Chromium, this site next to stock.

Usage: python scripts/style_recalc.py [--sites OURS STOCK] [--rounds 5]
Without --sites, builds two temporary copies of the repository (ours, and stock mkdocs-jupyter, as in
scripts/benchmark.py). Loads every example page in Debian's Chromium (a 412 px wide window, as
Lighthouse's phone) and restyles it the way Material's palette script does as a page starts: an
attribute set on <body> that a `[attr] *` rule reads, then a style read. Prints the median time of one
such restyle per page, ours and stock, and their ratio. The rounds alternate the two sites, so both see
the same load on a shared machine.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import build, copy  # noqa: E402
from screenshots import CHROMIUM, serve  # noqa: E402

# 41 full restyles; the median of them. The attribute is the one Material's palette toggles.
RESTYLE = """() => {
  const header = document.querySelector("header"), times = [];
  for (let i = 0; i < 41; i++) {
    const start = performance.now();
    document.body.toggleAttribute("data-md-color-switching");
    getComputedStyle(header).color;
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[20];
}"""


def measure(sites: dict, rounds: int) -> dict:
    """{page: {site name: [ms per round]}} for every example page of the first site."""
    first = next(iter(sites.values()))
    pages = sorted(str(p.parent.relative_to(first)) + "/" for p in (first / "examples").glob("*/index.html"))
    bases = {name: f"http://127.0.0.1:{serve(site).server_address[1]}/" for name, site in sites.items()}
    times = {page: {name: [] for name in sites} for page in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        for _ in range(rounds):
            for page in pages:
                for name, base in bases.items():
                    tab = browser.new_page(viewport={"width": 412, "height": 823})
                    tab.goto(base + page, wait_until="load")
                    tab.wait_for_timeout(500)  # let Material's own start-up restyles pass
                    times[page][name].append(tab.evaluate(RESTYLE))
                    tab.close()
        browser.close()
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", nargs=2, type=Path, metavar=("OURS", "STOCK"), help="two sites already built")
    parser.add_argument("--rounds", type=int, default=5, help="page loads per page and site (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.sites:
            sites = {"ours": args.sites[0].resolve(), "stock": args.sites[1].resolve()}
        else:
            sites = {}
            for name in ("ours", "stock"):
                root = copy(Path(tmp) / name, stock=name == "stock")
                build(root, stock=name == "stock")
                sites[name] = root / "site"
        times = measure(sites, args.rounds)
    print("| page | ours (ms) | stock (ms) | ours / stock |")
    print("|---|---:|---:|---:|")
    for page, by_site in times.items():
        ours, stock = (statistics.median(by_site[name]) for name in ("ours", "stock"))
        print(f"| {page} | {ours:.1f} | {stock:.1f} | {ours / stock:.2f} |")


if __name__ == "__main__":
    main()
