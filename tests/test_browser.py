"""The built site in a real Chromium: math is typeset, plots load, nothing fails to load."""

import functools
import http.server
import os
import shutil
import threading

import pytest
from playwright.sync_api import sync_playwright

from conftest import EXAMPLE_PAGES, EXAMPLES, REPO

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PAGES = ["", *(f"examples/{name}/" for name in EXAMPLE_PAGES)]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}: apt-get install chromium, or set CHROMIUM"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture(params=PAGES, ids=lambda p: p or "home")
def loaded(request, browser, base_url):
    """A page opened in Chromium after MathJax has finished, with what went wrong while loading it."""
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(base_url + request.param, wait_until="networkidle")
    page.evaluate("async () => { await MathJax.startup.promise; await document.fonts.ready; }")
    yield page, problems
    page.close()


def test_page_loads_cleanly(loaded):
    _, problems = loaded
    assert problems == []


def test_every_formula_is_typeset_with_visible_glyphs(loaded, request):
    page, _ = loaded
    result = page.evaluate(
        """() => {
        const formulas = [...document.querySelectorAll('.arithmatex')];
        const bad = formulas.filter(el => {
          const box = el.querySelector('mjx-container');
          if (!box || box.getBoundingClientRect().width === 0) return true;
          // CHTML draws each character through a ::before rule; without it the formula is blank.
          const glyph = box.querySelector('mjx-c');
          return !glyph || getComputedStyle(glyph, '::before').content === 'none';
        }).map(el => el.textContent.slice(0, 40));
        return {count: formulas.length, bad};
    }"""
    )
    assert result["bad"] == []
    name = request.node.callspec.params["loaded"].strip("/").removeprefix("examples/")
    source = REPO / "docs" / "index.md" if not name else EXAMPLES / f"{name}.py"
    if "$" in source.read_text(encoding="utf-8"):
        assert result["count"] > 0, "the page's source has math, but none was typeset"


@pytest.mark.parametrize("name", EXAMPLE_PAGES)
def test_plots_load(browser, base_url, name):
    page = browser.new_page()
    page.goto(f"{base_url}examples/{name}/", wait_until="networkidle")
    sizes = page.evaluate("[...document.querySelectorAll('.jp-OutputArea-output img')].map(i => i.naturalWidth)")
    page.close()
    assert sizes and all(w > 0 for w in sizes)
