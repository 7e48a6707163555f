"""What a reader sees on every page of the built site, in Chromium: it loads cleanly, plots load and carry
Korean alt text, Hangul is drawn with a Korean font, light and dark schemes keep text, code, outputs and
plots legible, and a 375 px phone never scrolls sideways."""

import re

import pytest

from browser import nav_pages, settle, site_pages
from visits import SCHEMES

HANGUL = re.compile(r"[\uac00-\ud7a3]")
MIN_CONTRAST = 4.5  # WCAG AA for body-size text
PHONE = {"width": 375, "height": 740}
# Font families that have Hangul, as the stylesheet names them (and as Chromium reports the one it drew with).
KOREAN_FAMILIES = re.compile(r"CJK|KR|Korean|Gothic|Pretendard|D2Coding|Nanum|Malgun|Apple SD", re.IGNORECASE)

NARROW_JS = """() => {
  // A box that scrolls sideways; the notebook's own wrapper (overflow: auto) does not count: when it
  // scrolls, the whole column of prose and cells slides sideways, not just the wide block.
  const column = '.jp-Notebook, .jupyter-wrapper, article, .md-content, .md-main, .md-container, body';
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && !e.matches(column);
  const scroller = el => { for (let e = el.parentElement; e; e = e.parentElement) if (scrolls(e)) return e; return null; };
  const width = document.documentElement.clientWidth;
  const name = el => `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]}`;
  // Content reaching past the screen's right edge with no scrolling box of its own to hold it.
  const loose = [...document.querySelectorAll('.md-main *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width && r.right > width + 1 && !scroller(el);
  }).map(el => `${name(el)} right=${Math.round(el.getBoundingClientRect().right)}`);
  // Code and outputs wider than their box: the box that scrolls them must be their own, and on screen.
  const wide = [], spill = [];
  for (const el of document.querySelectorAll('article pre, article pre > code, .jp-OutputArea-output, article table')) {
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const box = scrolls(el) ? el : scroller(el);
    if (!box) spill.push(name(el));
    else if (box.getBoundingClientRect().right > width + 1) spill.push(`${name(box)} reaches past the screen`);
    else wide.push(box);
  }
  // Display formulas, typeset: wider than the column, they would scroll sideways in their own box.
  const formulas = [...document.querySelectorAll('div.arithmatex')]
    .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent.trim().slice(0, 40));
  return {scrollWidth: document.scrollingElement.scrollWidth, loose: loose.slice(0, 8), spill: spill.slice(0, 8),
          wide: new Set(wide).size, formulas};
}"""


def label(path):
    return path or "home"


@pytest.fixture(scope="module")
def pages(site):
    return site_pages(site)


def test_sitemap_lists_every_page_of_the_nav(pages):
    """The checks below take their pages from the built sitemap; it holds every page of the nav."""
    assert set(nav_pages()) <= set(pages)
    assert "" in pages and "summary/" in pages and sum(p.startswith("examples/") for p in pages) >= 9


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_loads_without_errors_or_failed_requests(seen, scheme):
    problems = {label(path): got["problems"] for path, got in seen[scheme].items() if got["problems"]}
    assert not problems, problems


def test_every_image_has_loaded_and_has_korean_alt_text(seen):
    wrong, plots = [], 0
    for path, got in seen["light"].items():
        for img in got["images"]:
            plots += img["plot"]
            if not (img["done"] and img["width"] > 0):
                wrong.append(f"{label(path)}: {img['src']} did not load")
            if not HANGUL.search(img["alt"]):
                wrong.append(f"{label(path)}: {img['src']} has no Korean alt text ({img['alt']!r})")
    assert plots >= 9, "fewer plots than example steps: is the selector still right?"
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("what", ["prose", "code"])
def test_hangul_is_drawn_with_a_korean_font_of_the_stylesheet(seen, what):
    """The text's font stack names a Korean font; Chromium drew the Hangul with one of the stack's Korean
    fonts (not a fallback it went looking for); and the syllables are real glyphs, not missing-glyph boxes."""
    probed, wrong = 0, []
    for path, got in seen["light"].items():
        probe = got["fonts"].get(what)
        if probe is None:
            continue  # no Korean text of this kind on the page
        probed += 1
        stack = [f.strip().strip("\"'") for f in probe["family"].split(",")]
        korean = [f for f in stack if KOREAN_FAMILIES.search(f)]
        drew = [f for f, glyphs in probe["used"].items() if f in korean and glyphs >= probe["hangul"]]
        if not korean:
            wrong.append(f"{label(path)} {what}: no Korean font in {stack}")
        elif not drew:
            wrong.append(f"{label(path)} {what}: drawn with {probe['used']}, none of the stack's {korean}")
        if not probe["distinct"]:
            wrong.append(f"{label(path)} {what}: Hangul comes out as missing-glyph boxes in {probe['family']}")
    assert probed >= 9, f"Korean {what} found on only {probed} pages"
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_text_code_outputs_and_plots_are_legible(seen, scheme):
    wrong, texts, plots = [], 0, 0
    for path, got in seen[scheme].items():
        result = got["legibility"]
        assert result["scheme"] == SCHEMES[scheme], f"{label(path)}: Material did not pick its {SCHEMES[scheme]} scheme"
        texts, plots = texts + result["texts"], plots + result["plots"]
        wrong += [f"{label(path)}: {line}" for line in result["bad"]]
    assert texts > 1000 and plots >= 9
    assert not wrong, f"{len(wrong)} below {MIN_CONTRAST}:1 in the {scheme} scheme\n" + "\n".join(wrong[:40])


def test_nothing_scrolls_sideways_on_a_375px_phone(browser, base_url, pages):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    wrong, wide = [], 0
    for path in pages:
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle")
        settle(page)
        result = page.evaluate(NARROW_JS)
        page.close()
        wide += result["wide"]
        if result["scrollWidth"] > PHONE["width"] or result["loose"]:
            wrong.append(f"{label(path)}: page {result['scrollWidth']} px wide; past the edge: {result['loose']}")
        if result["spill"]:
            wrong.append(f"{label(path)}: wide code or output without a scrolling box of its own: {result['spill']}")
        if result["formulas"]:
            wrong.append(f"{label(path)}: display formulas wider than the column (set them on several lines, aligned): {result['formulas']}")
    context.close()
    assert wide > 0, "no code or output wider than 375 px: the check that they scroll in their own box did not run"
    assert not wrong, "\n".join(wrong)


# The share of the content column that a code cell's code and its outputs get.
CELL_WIDTHS_JS = """() => {
  const column = document.querySelector(".md-content__inner").getBoundingClientRect().width;
  const boxes = [...document.querySelectorAll(".jp-CodeCell .jp-InputArea-editor, .jp-CodeCell .jp-OutputArea-output")]
    .filter(el => !el.closest("details"));  // the answers' cells sit inside a fold with its own margins
  return boxes.map(el => el.getBoundingClientRect().width / column);
}"""


def test_on_a_375px_phone_code_and_outputs_take_the_whole_column(browser, base_url):
    """The cell number goes above the code instead of taking a 76 px column at its left."""
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(base_url + "examples/1_9_control_flow_weight_sharing/", wait_until="networkidle")
    settle(page)
    shares = page.evaluate(CELL_WIDTHS_JS)
    prompt = page.evaluate("() => getComputedStyle(document.querySelector('.jp-CodeCell .jp-InputPrompt')).textAlign")
    page.close()
    assert len(shares) > 10 and min(shares) > 0.9, f"narrowest code or output: {min(shares):.2f} of the column"
    assert prompt == "left"
