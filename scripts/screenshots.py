"""Screenshots of built pages in headless Chromium: desktop and 375 px wide, light and dark.

Usage: python scripts/screenshots.py [SITE_DIR] [OUT_DIR] [PAGE ...]
Serves SITE_DIR (default: site) on 127.0.0.1 and writes PNGs to OUT_DIR (default: screenshots).
PAGE is a path inside the site such as examples/1_1_Numpy_warm_up/ (default: every page).
"""

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from sitebuild import late_scripts

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Wait until the site's scripts have run (they load after the first paint), MathJax (loaded on demand)
# has typeset the page, its web fonts have loaded, and its lazy images (gallery cards below the first
# screen) have loaded: a full-page shot does not scroll to them. For the same reason, what is drawn only
# near the viewport (content-visibility: auto, the notebook pages' code cells) is drawn as it is once the
# reader scrolls to it: with layout, style and paint containment.
SETTLE = """async () => {
  await %s;
  await window.typesetMath?.();
  await document.fonts.ready;
  for (const element of document.querySelectorAll("*"))
    if (getComputedStyle(element).contentVisibility === "auto")
      Object.assign(element.style, { contentVisibility: "visible", contain: "layout style paint" });
  const lazy = [...document.querySelectorAll('img[loading="lazy"]')];
  lazy.forEach((img) => (img.loading = "eager"));
  await Promise.all(lazy.map((img) => img.complete ? null : new Promise((done) => (img.onload = img.onerror = done))));
}""" % late_scripts.SCRIPTS_RUN
VIEWPORTS = {"desktop": (1280, 900), "mobile": (375, 740)}
SCHEMES = ("light", "dark")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pages_of(site):
    return sorted(str(p.parent.relative_to(site)) + "/" for p in site.rglob("index.html") if "search" not in p.parts)


def main(site="site", out="screenshots", *pages):
    site, out = Path(site), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for path in pages or pages_of(site):
            path = "" if path in ("./", ".") else path
            for view, (width, height) in VIEWPORTS.items():
                for scheme in SCHEMES:
                    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
                    page.goto(base + path, wait_until="networkidle")
                    page.evaluate(SETTLE)
                    name = (path.strip("/").replace("/", "_") or "index") + f"-{view}-{scheme}.png"
                    page.screenshot(path=out / name, full_page=True)
                    page.close()
                    print(out / name)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:])
