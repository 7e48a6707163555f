"""What a reader sees on every page of the built site, in Chromium: it loads cleanly, plots load and carry
Korean alt text, Hangul is drawn with a Korean font, light and dark schemes keep text, code, outputs and
plots legible, and a 375 px phone never scrolls sideways."""

import re

import pytest

from browser import nav_pages, open_settled, settle, site_pages

HANGUL = re.compile(r"[\uac00-\ud7a3]")
MIN_CONTRAST = 4.5  # WCAG AA for body-size text
PHONE = {"width": 375, "height": 740}
SCHEMES = {"light": "default", "dark": "slate"}  # the reader's system setting -> Material's scheme
# Font families that have Hangul, as the stylesheet names them (and as Chromium reports the one it drew with).
KOREAN_FAMILIES = re.compile(r"CJK|KR|Korean|Gothic|Pretendard|D2Coding|Nanum|Malgun|Apple SD", re.IGNORECASE)

# Colour helpers for the evaluations below: parse rgb()/rgba(), composite the backgrounds behind an
# element up the tree (the canvas under everything is white), and the WCAG contrast ratio.
COLOR_JS = """
const rgba = s => { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
const over = (top, under) => {
  const a = top[3] + under[3] * (1 - top[3]);
  return [0, 1, 2].map(i => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a).concat([a]);
};
const background = el => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
};
const luminance = c => {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
"""

IMAGES_JS = """() => [...document.querySelectorAll('article img')].map(i =>
  ({src: i.getAttribute('src'), alt: i.getAttribute('alt') || '', width: i.naturalWidth, done: i.complete,
    plot: !!i.closest('.jp-OutputArea-output')}))"""

FONT_PROBE_JS = """([selector, mark]) => {
  const el = [...document.querySelectorAll(selector)]
    .find(e => e.checkVisibility() && /[\\uac00-\\ud7a3]{4}/.test(e.textContent));  // not in a folded block
  if (!el) return null;
  el.setAttribute('data-font-probe', mark);
  const style = getComputedStyle(el);
  // Tofu check: two different syllables must not come out as the same picture (a missing-glyph box),
  // nor look like an unassigned code point, which always gets the box.
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  ctx.font = `40px ${style.fontFamily}`;
  const draw = ch => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.fillText(ch, 4, 48);
    return ctx.getImageData(0, 0, 64, 64).data.join(',');
  };
  const [ga, hal, missing] = [draw('가'), draw('할'), draw('\\u0378')];
  return {family: style.fontFamily, hangul: el.textContent.match(/[\\uac00-\\ud7a3]/g).length,
          distinct: ga !== hal && ga !== missing && hal !== missing};
}"""

LEGIBILITY_JS = (
    "() => {"
    + COLOR_JS
    + """
  const bad = [];
  let texts = 0, plots = 0;
  // Every element that holds text of its own in prose, code blocks and cells, and printed outputs,
  // against what lies behind it (highlighted code tokens each have their own colour).
  const holders = [...document.querySelectorAll('article p, article li, article pre, article pre *, .jp-OutputArea-output, .jp-OutputArea-output *')]
    .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && el.getClientRects().length);
  for (const el of holders) {
    const bg = background(el), ratio = contrast(over(rgba(getComputedStyle(el).color), bg), bg);
    texts++;
    if (ratio < 4.5) bad.push(`${ratio.toFixed(2)}:1 ${getComputedStyle(el).color} on rgb(${bg.slice(0, 3).map(Math.round)}): «${el.textContent.trim().slice(0, 30)}» in .${el.closest('[class]')?.className.split(' ')[0]}`);
  }
  // Plots: drawn over what lies behind them (a transparent plot shows the page through). Their paper is
  // the commonest colour, and must be light: the plots draw dark ink (matplotlib's default style). Their
  // ink is the contrast with the paper that the most contrasting 0.5% of the pixels reach (axes, ticks,
  // labels and lines are at least that much of a plot).
  for (const img of document.querySelectorAll('article img')) {
    if (!img.naturalWidth) continue;
    const w = Math.min(img.naturalWidth, 800), h = Math.max(1, Math.round(img.naturalHeight * w / img.naturalWidth));
    const canvas = document.createElement('canvas'); canvas.width = w; canvas.height = h;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    ctx.fillStyle = `rgb(${background(img).slice(0, 3).join(',')})`;
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    const data = ctx.getImageData(0, 0, w, h).data, counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const rgb = key => [key >> 16, (key >> 8) & 255, key & 255, 1];
    const paper = rgb([...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0]);
    const ratios = [...counts].map(([key, n]) => [contrast(rgb(key), paper), n]).sort((a, b) => b[0] - a[0]);
    let ink = 1, covered = 0;
    for (const [ratio, n] of ratios) { covered += n; ink = ratio; if (covered >= w * h * 0.005) break; }
    plots++;
    if (luminance(paper) < 0.6) bad.push(`plot ${img.getAttribute('src')}: dark ink on a dark paper rgb(${paper.slice(0, 3)})`);
    else if (ink < 4.5) bad.push(`plot ${img.getAttribute('src')}: its ink reaches ${ink.toFixed(2)}:1 on its paper rgb(${paper.slice(0, 3)})`);
  }
  return {scheme: document.body.getAttribute('data-md-color-scheme'), texts, plots, bad};
}"""
)

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
  return {scrollWidth: document.scrollingElement.scrollWidth, loose: loose.slice(0, 8), spill: spill.slice(0, 8),
          wide: new Set(wide).size};
}"""


# Images load lazily as the reader scrolls to them: bring each into view and wait for it (or its failure).
SCROLL_IMAGES_JS = """async () => {
  for (const img of document.querySelectorAll('article img')) {
    img.scrollIntoView();
    await new Promise(done => {
      if (img.complete) return done();
      img.addEventListener('load', done, {once: true});
      img.addEventListener('error', done, {once: true});
      setTimeout(done, 5000);
    });
  }
  window.scrollTo(0, 0);
}"""


def label(path):
    return path or "home"


def fonts_used(page, mark):
    """The platform fonts Chromium drew the marked element's text with: {family: glyph count}."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f'[data-font-probe="{mark}"]'})["nodeId"]
        return {f["familyName"]: f["glyphCount"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
    finally:
        cdp.detach()


def visit(context, url, light):
    """Open `url`, wait for MathJax and the fonts, and gather what the tests below check."""
    page, problems = open_settled(context, url)
    page.evaluate(SCROLL_IMAGES_JS)
    seen = {"problems": problems, "legibility": page.evaluate(LEGIBILITY_JS)}
    if light:
        seen["images"] = page.evaluate(IMAGES_JS)
        seen["fonts"] = {}
        for what, selector in (("prose", "article p, article li"), ("code", "article pre")):
            probe = page.evaluate(FONT_PROBE_JS, [selector, what])
            if probe:
                seen["fonts"][what] = {**probe, "used": fonts_used(page, what)}
    page.close()
    return seen


@pytest.fixture(scope="module")
def pages(site):
    return site_pages(site)


@pytest.fixture(scope="module")
def seen(browser, base_url, pages):
    """Every page, opened once in the light and once in the dark scheme (Material follows the reader's
    system setting on a first visit): {scheme: {path: what was gathered}}."""
    result = {}
    for scheme in SCHEMES:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        result[scheme] = {path: visit(context, base_url + path, scheme == "light") for path in pages}
        context.close()
    return result


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
