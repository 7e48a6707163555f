"""Prints the book page of a built site to PDF with headless Chromium, its links pointing at the published site."""

import mimetypes
import os
import shutil
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import late_scripts

FILE = "pytorch-examples-ko.pdf"  # next to the book page
NO_SITE_URL = "http://localhost/"  # where a site without site_url is loaded from (its links then lead nowhere real)
# Resolves once the page's scripts have run (they load after the first paint), its math is typeset,
# its fonts are in and every image has loaded (lazy ones too: a printout does not scroll to them).
SETTLE = """async (seconds) => {
  const settled = (async () => {
    await %s;
    await window.typesetMath?.();
    await document.fonts.ready;
    const images = [...document.images];
    images.forEach((img) => (img.loading = "eager"));
    await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => (img.onload = img.onerror = done))));
  })();
  const late = new Promise((_, fail) => setTimeout(() => fail(new Error(`the page did not settle within ${seconds} s`)), seconds * 1000));
  await Promise.race([settled, late]);
}""" % late_scripts.SCRIPTS_RUN
TIMEOUT = 180  # seconds for loading and settling the page, then again for printing it
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#666;text-align:center;font-family:sans-serif">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


class PrintError(Exception):
    """The PDF could not be made: no browser, a page that failed to load, or Chromium's own error."""


def chromium() -> str:
    """The Chromium to print with: $CHROMIUM, else Debian's chromium, else Playwright's own."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return ""  # Playwright's own browser, if `playwright install chromium` fetched one


def print_page(site: Path, page_url: str, site_url: str, out: Path) -> float:
    """Print the page at `page_url` (relative to the site's root) of the built `site` to `out`; returns
    the seconds it took. The page is loaded under `site_url` and served from `site`, so the PDF's
    links to other pages lead to the published site."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PrintError("Playwright is not installed: pip install -r requirements.txt") from None
    started = time.perf_counter()
    base = site_url.rstrip("/") + "/"
    problems = []
    try:
        with sync_playwright() as p:
            executable = chromium()
            browser = p.chromium.launch(executable_path=executable or None, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(color_scheme="light")
            page.set_default_timeout(TIMEOUT * 1000)
            page.route("**/*", lambda route: _serve(route, site, base, problems))
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.goto(base + page_url, wait_until="networkidle")
            page.evaluate(SETTLE, TIMEOUT)
            page.emulate_media(media="print")
            if problems:
                raise PrintError("; ".join(problems))
            out.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                outline=True,  # the PDF's bookmarks follow the headings
                tagged=True,  # and its text keeps its structure (reading order, headings)
            )
            browser.close()
    except Error as error:
        hint = "" if chromium() else " (set CHROMIUM to a Chromium binary, or run `playwright install chromium`)"
        raise PrintError(f"{error.message.splitlines()[0]}{hint}") from None
    return time.perf_counter() - started


def _serve(route, site, base, problems):
    """Answer a request under `base` with the file from `site`; anything else is not fetched."""
    url = route.request.url
    if not url.startswith(base):
        route.abort()
        return
    path = unquote(urlsplit(url).path[len(urlsplit(base).path):])
    file = site / path
    if file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        problems.append(f"missing in the site: {path}")
        route.fulfill(status=404, body="")
        return
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=file.read_bytes(), headers={"Content-Type": kind})
