"""The built site in a real Chromium: math is typeset, plots load, nothing fails to load."""

import pytest

from browser import nav_pages, open_settled
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
    page, problems = open_settled(browser, base_url + request.param)
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


def test_mathjax_loads_when_math_comes_near_and_then_typesets_it(browser, base_url, site):
    """On a phone, every example page opens with the math of its first screen typeset at build and loads MathJax
    only when the reader scrolls towards the rest, which lies more than 600 px below the screen."""
    page = browser.new_page(viewport={"width": 375, "height": 740})
    requested = []
    page.on("request", lambda r: requested.append(r.url) if r.url.endswith("tex-chtml.js") else None)
    first_untypeset = "() => [...document.querySelectorAll('.arithmatex')].find(f => !f.querySelector('mjx-container'))"
    for example in sorted((site / "examples").glob("*/index.html")):
        page.goto(f"{base_url}examples/{example.parent.name}/", wait_until="networkidle")
        top = page.evaluate(f"() => ({first_untypeset})()?.getBoundingClientRect().top ?? Infinity")
        assert top > 740 + 600, example.parent.name
        assert requested == [], example.parent.name
    page.evaluate(f"() => ({first_untypeset})().scrollIntoView()")  # the last page, 2_1, has math further down
    page.wait_for_function(f"() => !({first_untypeset})()", timeout=30_000)
    assert len(requested) == 1
    page.close()


def test_math_typeset_at_build_and_in_the_browser_is_one_size(browser, base_url):
    """The longest step opens with formulas typeset at build and has more that MathJax typesets in the browser:
    all of them are drawn at one size relative to the text around them, as in any one paragraph. (On a phone,
    MathJax waits until the reader scrolls near the rest: see the test above.)"""
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(f"{base_url}examples/1_9_control_flow_weight_sharing/", wait_until="networkidle")
    ratio = "el => parseFloat(getComputedStyle(el).fontSize) / parseFloat(getComputedStyle(el.parentElement).fontSize)"
    built = page.evaluate(f"() => [...document.querySelectorAll('mjx-container')].map({ratio})")
    page.evaluate("() => window.typesetMath()")
    everything = page.evaluate(f"() => [...document.querySelectorAll('mjx-container')].map({ratio})")
    page.close()
    assert built and len(everything) > len(built), "the page should have formulas of both kinds"
    assert {round(r, 3) for r in everything} == {1.2}


def test_a_formula_wider_than_its_column_takes_the_keyboard_focus_while_it_is(browser, base_url):
    """docs/javascripts/a11y.js: a display formula that scrolls sideways can be reached with Tab, and only then.
    No formula of the site is that wide on a phone (test_reading.py), so one is made narrower than its math."""
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(f"{base_url}examples/1_9_control_flow_weight_sharing/", wait_until="networkidle")
    page.evaluate("() => window.typesetMath()")
    frames = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    focusable = "el => el.getAttribute('tabindex')"
    formula = page.query_selector("div.arithmatex")
    before = formula.evaluate(focusable)
    formula.evaluate("el => { el.style.width = '60px'; }")
    page.evaluate(frames)
    narrowed = formula.evaluate(focusable)
    formula.evaluate("el => { el.style.width = ''; }")
    page.evaluate(frames)
    after = formula.evaluate(focusable)
    page.close()
    assert (before, narrowed, after) == (None, "0", None)
