"""Every page of the built site opened once in each colour scheme, in Chromium, and what the reading and
accessibility checks read of it (tests/test_reading.py, tests/test_accessibility.py): gathered once per test
session and shared by its pytest-xdist workers."""

import pytest

from browser import REPO, launch, open_settled, settle, site_pages
from session_once import once

SCHEMES = {"light": "default", "dark": "slate"}  # the reader's system setting -> Material's scheme
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

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

FONT_PROBE_JS = """async ([selector, mark]) => {
  const el = [...document.querySelectorAll(selector)]
    .find(e => e.checkVisibility() && /[\\uac00-\\ud7a3]{4}/.test(e.textContent));  // not in a folded block
  if (!el) return null;
  el.setAttribute('data-font-probe', mark);
  // Code cells are drawn only near the screen (content-visibility: auto): scroll there, as the reader
  // does, and let two frames pass, so that Chromium has laid the text out with its fonts.
  el.scrollIntoView({block: 'center'});
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
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


def axe_violations(page):
    """axe-core's violations (WCAG 2.x A/AA and best practice) on a settled page."""
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci`"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']})", AXE_RULES
    )
    return result["violations"]


def audit(page, url):
    """axe's violations on `url` once it has settled (MathJax typeset, fonts loaded)."""
    page.goto(url, wait_until="load")
    settle(page)
    return axe_violations(page)


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
    """Open `url`, wait for MathJax and the fonts, and gather what the reading and accessibility tests check."""
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
        page.evaluate("window.scrollTo(0, 0)")  # the probe scrolled to its code block; axe reads the page from the top
    seen["axe"] = axe_violations(page)  # last: the checks above read the page as the reader gets it
    page.close()
    return seen


@pytest.fixture(scope="session")
def seen(site, base_url, playwright, shared_tmp):
    """Every page of the sitemap, opened once in the light and once in the dark scheme (Material follows the
    reader's system setting on a first visit): {scheme: {path: what was gathered}}. The first worker to ask
    gathers it; the others wait and read it."""

    def make():
        browser = launch(playwright)
        gathered = {}
        for scheme in SCHEMES:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
            gathered[scheme] = {path: visit(context, base_url + path, scheme == "light") for path in site_pages(site)}
            context.close()
        browser.close()
        return gathered

    return once(shared_tmp, "seen", make)
