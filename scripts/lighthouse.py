"""Lighthouse scores of the home page and the heaviest example page, with the targets they must meet.

    python scripts/lighthouse.py                 # build the site (mkdocs build --strict) into a temp dir
    python scripts/lighthouse.py --site site     # use a site that is already built
    python scripts/lighthouse.py --runs 7        # median of seven runs per page (the default)
    python scripts/lighthouse.py --reports out   # also keep the JSON reports (open in the Lighthouse viewer)

Serves the site over HTTP on 127.0.0.1 (gzip-compressed, like the static host) and runs the pinned npm `lighthouse` (mobile settings, its
default) with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium). Prints the four category
scores per page and, below a target, the audits that cost points; exits 1 if a target is missed.
"""

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser accepts it, as GitHub Pages and other static
    hosts do; Python's plain http.server sends them raw, which Lighthouse would score as the site's."""

    COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
    cache = {}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESSIBLE or not path.is_file():
            return super().do_GET()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def build(site_dir: Path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)],
                   cwd=REPO, env=env, check=True)


def pages(site_dir: Path):
    """The home page and the example page whose HTML is largest, as site paths."""
    heaviest = max((site_dir / "examples").glob("*/index.html"), key=lambda p: p.stat().st_size)
    return ["", f"examples/{heaviest.parent.name}/"]


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run of `url`; its JSON report."""
    chrome = os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(TARGETS)}", "--chrome-flags=--headless=new --no-sandbox"],
        env={**os.environ, "CHROME_PATH": chrome}, check=True, timeout=300,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def scores(report: dict) -> dict:
    return {name: round(100 * (report["categories"][name]["score"] or 0)) for name in TARGETS}


def lost_points(report: dict, category: str):
    """The weighted audits of `category` that did not pass, with what Lighthouse measured."""
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            yield f"{audit['id']} (score {audit['score']:.2f}) {audit.get('displayValue', '')}: {audit['title']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--runs", type=int, default=7, help="runs per page; the median run counts (on a shared machine one run in five or so comes out slow)")
    parser.add_argument("--reports", type=Path, help="keep each page's median JSON report in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci`")

    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        site_dir = args.site.resolve() if args.site else Path(tmp) / "site"
        if not args.site:
            build(site_dir)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site_dir)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        missed = []
        try:
            for path in pages(site_dir):
                runs = [lighthouse(base + path, Path(tmp) / f"report-{i}.json") for i in range(args.runs)]
                # The median run by performance (the only category that varies between runs).
                report = sorted(runs, key=lambda r: r["categories"]["performance"]["score"] or 0)[len(runs) // 2]
                got = scores(report)
                if args.reports:
                    args.reports.mkdir(parents=True, exist_ok=True)
                    name = path.strip("/").replace("/", "_") or "home"
                    (args.reports / f"{name}.json").write_text(json.dumps(report), encoding="utf-8")
                all_perf = [scores(r)["performance"] for r in runs]
                # Lighthouse's measure of this machine's speed in each run: its simulated phone is this machine slowed 4x.
                speed = [round(r["environment"]["benchmarkIndex"]) for r in runs]
                print(f"/{path}: " + ", ".join(f"{k} {v}" for k, v in got.items()) + f"  (performance runs: {all_perf}; benchmarkIndex: {speed})")
                for category, target in TARGETS.items():
                    if got[category] < target:
                        missed.append(f"/{path} {category} {got[category]} < {target}")
                        for line in lost_points(report, category):
                            print(f"    {category}: {line}")
        finally:
            server.shutdown()
            server.server_close()
    if missed:
        print("Lighthouse targets missed:\n  " + "\n  ".join(missed))
        sys.exit(1)
    print("Lighthouse targets met: " + ", ".join(f"{k} >= {v}" for k, v in TARGETS.items()))


if __name__ == "__main__":
    main()
