"""The notebook stylesheet keeps only the rules the pages can use, and styles them exactly as the whole one."""

import pytest
from bs4 import BeautifulSoup

from browser import settle
from conftest import REPO
from sitebuild.site.css_purge import UNTRIMMED, purge

UNTRIMMED_CSS = REPO / ".cache" / "examples" / UNTRIMMED


def test_rules_for_absent_classes_go_and_the_rest_stay():
    css = (
        ".a .b{color:red}.a .gone{color:blue}.a,.gone{margin:0}"
        ".a:not(.gone){padding:1px}[href$=\".py\"]{color:green}pre{tab-size:4}"
        "@media (max-width:10px){.gone{color:red}}@media print{.a{color:black}}"
        "@font-face{font-family:x;src:url(x.woff)}"
    )
    out = purge(css, {"a", "b"})
    assert ".a .b{color:red}" in out
    assert "blue" not in out
    assert ".a{margin:0}" in out  # the selector list keeps its matching part
    assert ".a:not(.gone){padding:1px}" in out
    assert '[href$=".py"]{color:green}' in out and "pre{tab-size:4}" in out
    assert "@media (max-width:10px)" not in out and "@media print{.a{color:black}}" in out
    assert "@font-face" in out


def test_selection_rules_go():
    css = ".a ::selection{background:blue}.a ::-moz-selection{background:blue}.a :focus,.a ::selection{outline:0}"
    out = purge(css, {"a"})
    assert "selection" not in out and "blue" not in out
    assert out == ".a :focus{outline:0}"


def test_only_custom_properties_that_something_reads_stay():
    css = (
        ".a{--used:var(--chained);--chained:1px;--unread:2px;--icon:url(\"data:image/svg+xml;base64,AAA\");"
        "margin:var(--used)}"
        ".b{--read-only-by-a-dropped-rule:3px}.gone{padding:var(--read-only-by-a-dropped-rule)}"
    )
    out = purge(css, {"a", "b"})
    assert "--used:var(--chained)" in out and "--chained:1px" in out and "margin:var(--used)" in out
    assert "--unread" not in out and "--icon" not in out and "base64" not in out
    assert ".b" not in out and "read-only-by-a-dropped-rule" not in out


def test_the_site_stylesheet_is_trimmed(site):
    trimmed = (site / "assets" / "stylesheets" / "notebook.css").stat().st_size
    assert UNTRIMMED_CSS.is_file(), "the build keeps the untrimmed stylesheet in the example cache"
    assert trimmed < UNTRIMMED_CSS.stat().st_size / 10


def test_the_build_trims_to_the_classes_of_every_page_that_links_the_stylesheet(site):
    """The classes the build gathered as it made the pages (sitebuild/page/page_html.py, sitebuild/site/book.py)
    keep what the classes on the finished pages keep: the example pages and the book, chrome and all."""
    pages = [*(site / "examples").glob("*/index.html"), site / "book" / "index.html"]
    soups = [BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in pages]
    assert all(soup.select_one('link[href$="assets/stylesheets/notebook.css"]') for soup in soups)
    used = {name for soup in soups for element in soup.select("[class]") for name in element["class"]}
    trimmed = (site / "assets" / "stylesheets" / "notebook.css").read_text(encoding="utf-8")
    assert purge(UNTRIMMED_CSS.read_text(encoding="utf-8"), used) == trimmed


# Every computed style of every element in the page body (custom properties aside: the trimmed sheet
# drops those nothing reads), one "tag\nproperty:value\n…" string per element. The page starts the work
# and keeps its promise, so that the two pages compared compute at once, each in its own renderer
# process (about 8 s each for 1_9's 3,600 elements); joined strings cross to Python three times faster
# than lists.
START_COMPUTING = """() => { window.computedStyles = new Promise(resolve => setTimeout(() => resolve(
  [...document.querySelectorAll('article *')].map(el => {
    const s = getComputedStyle(el), out = [el.tagName];
    for (let i = 0; i < s.length; i++) if (!s[i].startsWith('--')) out.push(s[i] + ':' + s.getPropertyValue(s[i]));
    return out.join('\\n');
  })))); }"""


@pytest.mark.parametrize(
    "name, scheme",
    [("1_1_Numpy_warm_up", "light"), ("1_9_control_flow_weight_sharing", "light"), ("1_9_control_flow_weight_sharing", "dark")],
)
def test_trimmed_stylesheet_styles_every_element_as_the_untrimmed_one(site, browser, base_url, name, scheme):
    untrimmed = UNTRIMMED_CSS.read_bytes()
    contexts, pages = [], []
    for whole in (False, True):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        if whole:
            page.route("**/notebook.css", lambda route: route.fulfill(body=untrimmed, content_type="text/css"))
        page.goto(f"{base_url}examples/{name}/", wait_until="load")
        settle(page)
        page.evaluate(START_COMPUTING)
        contexts.append(context)
        pages.append(page)
    trimmed, whole = (page.evaluate("() => window.computedStyles") for page in pages)
    for context in contexts:
        context.close()
    assert len(trimmed) == len(whole) > 500
    differ = [(a.split("\n", 1)[0], sorted(set(a.split("\n")) ^ set(b.split("\n")))[:4]) for a, b in zip(trimmed, whole) if a != b]
    assert not differ, f"{len(differ)} elements styled differently, e.g. {differ[:3]}"
