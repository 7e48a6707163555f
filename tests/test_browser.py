"""The built site in a real Chromium: math is typeset, plots load, nothing fails to load."""

import pytest

from browser import nav_pages
from conftest import ALL_EXAMPLE_PAGES, EXAMPLES, REPO

# Every page of the nav, known before the build; test_reading.py checks it against the built site's sitemap.
PAGES = nav_pages()


def source_of(page):
    """The file a page is built from: docs/*.md, or an example script."""
    if page.startswith("examples/"):
        return EXAMPLES / (page.removeprefix("examples/").strip("/") + ".py")
    return REPO / "docs" / ((page.strip("/") or "index") + ".md")


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
    source = source_of(request.node.callspec.params["loaded"])
    if "$" in source.read_text(encoding="utf-8"):
        assert result["count"] > 0, "the page's source has math, but none was typeset"


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_plots_load(browser, base_url, name):
    page = browser.new_page()
    page.goto(f"{base_url}examples/{name}/", wait_until="networkidle")
    sizes = page.evaluate("[...document.querySelectorAll('.jp-OutputArea-output img')].map(i => i.naturalWidth)")
    page.close()
    assert sizes and all(w > 0 for w in sizes)
