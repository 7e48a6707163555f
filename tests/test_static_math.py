"""Markdown pages carry their math typeset at build time, with its CSS, and load no MathJax script; example pages carry their opening's."""

import re
import subprocess

import pytest
import tinycss2
from bs4 import BeautifulSoup

from browser import settle
from conftest import REPO
from sitebuild.site import book, static_math
from sitebuild.store import Store

MARKDOWN_PAGES_WITH_MATH = ["", "summary/"]


@pytest.mark.parametrize("path", MARKDOWN_PAGES_WITH_MATH, ids=lambda p: p or "home")
def test_every_formula_is_typeset_with_its_css_and_fonts(site, path):
    soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    formulas = soup.select("article .arithmatex")
    assert formulas
    for formula in formulas:
        assert formula.select_one("mjx-container mjx-math"), formula
        assert formula.select_one("mjx-assistive-mml math"), "screen readers get MathML"
        assert "\\(" not in formula.get_text() and "\\[" not in formula.get_text()
    # The page links the one math stylesheet of the site, which finds the fonts the site serves.
    link = soup.head.select_one('link[rel="stylesheet"][href$="math.css"]')
    stylesheet = (site / path / link["href"]).resolve()
    assert stylesheet == (site / static_math.STYLESHEET).resolve()
    css = stylesheet.read_text(encoding="utf-8")
    assert "mjx-container" in css
    fonts = static_math.FONTS.split("/")[-1]
    url = css.split("url(", 1)[1].split(")", 1)[0].strip("\"'")
    assert fonts in url and (stylesheet.parent / url).resolve().is_file(), url


def test_an_example_page_carries_its_openings_math_typeset_and_leaves_the_rest(site):
    soup = BeautifulSoup((site / "examples/1_9_control_flow_weight_sharing/index.html").read_text(encoding="utf-8"), "html.parser")
    typeset = [f.select_one("mjx-container") is not None for f in soup.select("article .arithmatex")]
    assert typeset[0] and not typeset[-1]
    assert typeset == sorted(typeset, reverse=True), "only the first formulas are typeset"
    assert soup.head.select_one('link[rel="stylesheet"][href="../../assets/stylesheets/math.css"]')


def test_an_opening_keeps_the_formulas_that_start_within_it(tmp_path):
    formula = '<span class="arithmatex">\\({}\\)</span>'
    content = f"<p>ab {formula.format('x')} cd {formula.format('y')}</p>"  # y starts at text character 8
    assert static_math.typeset(content, REPO, Store(tmp_path), "fonts", opening=8)[0].count("<mjx-container") == 1
    assert static_math.typeset(content, REPO, Store(tmp_path), "fonts", opening=9)[0].count("<mjx-container") == 2
    assert static_math.typeset(content, REPO, Store(tmp_path), "fonts", opening=3) == (content, "")


def test_display_and_inline_math_keep_their_kind(site):
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select("div.arithmatex mjx-container[display='true']")
    assert soup.select("span.arithmatex mjx-container:not([display])")


def test_a_tex_error_names_the_formula(tmp_path):
    content = '<p><span class="arithmatex">\\(\\frac{1}{\\)</span></p>'
    with pytest.raises(static_math.MathError, match=r"frac\{1\}\{.*Missing close brace"):
        static_math.typeset(content, REPO, Store(tmp_path), "fonts")


def test_the_result_is_cached_and_html_is_unescaped(tmp_path, monkeypatch):
    content = '<p>a <span class="arithmatex">\\(x &lt; y\\)</span> b</p>'
    first, css = static_math.typeset(content, REPO, Store(tmp_path), "fonts")
    assert "mjx-c3C" in first  # "<" itself, not "&lt;" typeset as text
    assert first.startswith("<p>a ") and first.endswith(" b</p>") and css

    def no_node(*args, **kwargs):
        raise AssertionError("node ran although the formulas are cached")

    monkeypatch.setattr(subprocess, "run", no_node)
    assert static_math.typeset(content, REPO, Store(tmp_path), "fonts") == (first, css)


def test_an_edit_that_moves_a_formula_out_of_the_opening_starts_no_mathjax(tmp_path, monkeypatch):
    """An example page typesets its opening's formulas from a result kept for all of the page's formulas: a
    sentence added above them (a prose edit, or a line of output) does not run MathJax again."""
    formula = '<span class="arithmatex">\\({}\\)</span>'
    content = f"<p>ab {formula.format('x')} cd {formula.format('y')}</p>"
    typeset, css = static_math.typeset(content, REPO, Store(tmp_path), "fonts", opening=9)
    assert typeset.count("<mjx-container") == 2

    def no_node(*args, **kwargs):
        raise AssertionError("node ran although the page's formulas are kept")

    monkeypatch.setattr(subprocess, "run", no_node)
    edited = "<p>새 문장</p>" + content
    shifted, shifted_css = static_math.typeset(edited, REPO, Store(tmp_path), "fonts", opening=9)
    assert shifted.count("<mjx-container") == 1 and shifted_css == css
    first = re.compile(r"<mjx-container.*?</mjx-container>", re.DOTALL)
    assert first.search(shifted).group() == first.search(typeset).group()  # x, as typeset before


def test_the_book_finds_each_chapters_math_as_its_page_typeset_it(tmp_path, monkeypatch):
    """The book typesets each chapter on its own: the same formulas its page asked MathJax for, so the book
    starts no MathJax of its own and each formula comes out as on the page."""
    import markdown

    text = "식 $y = w_1 x$ 와 따로 선 식\n\n$$\nL = \\sum (\\hat y - y)^2\n$$\n"
    page = markdown.markdown(text, extensions=["pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": {"generic": True}})
    store = Store(tmp_path)
    on_page, css = static_math.typeset(page, REPO, store, "fonts")  # as the chapter's own page does
    assert on_page.count("<mjx-container") == 2

    def no_node(*args, **kwargs):
        raise AssertionError("node ran for the book although its chapter's formulas are kept")

    monkeypatch.setattr(subprocess, "run", no_node)
    sections, _ = book.assemble([book.Chapter("examples/a/", "가", page)], "book/")
    in_book, book_css = static_math.typeset(sections[0], REPO, store, "fonts")
    containers = re.compile(r"<mjx-container.*?</mjx-container>", re.DOTALL)
    assert containers.findall(in_book) == containers.findall(on_page) and book_css == css


def test_page_without_math_is_left_alone(tmp_path):
    assert static_math.typeset("<p>수식 없음</p>", REPO, Store(tmp_path), "fonts") == ("<p>수식 없음</p>", "")


def test_home_page_shows_math_without_loading_mathjax(browser, base_url):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    requested = []
    page.on("request", lambda r: requested.append(r.url) if r.url.endswith("tex-chtml.js") else None)
    page.goto(base_url, wait_until="networkidle")
    settle(page)
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.arithmatex mjx-c')].slice(0, 20)"
        ".map(c => getComputedStyle(c, '::before').content)"
    )
    page.close()
    assert requested == []
    assert drawn and all(content not in ("none", "normal", "") for content in drawn)


def test_pages_share_one_math_stylesheet_holding_each_rule_once(tmp_path):
    """MathJax's own CSS for two pages: the base rules both carry come once, each page's glyph rules stay."""
    formula = '<span class="arithmatex">\\({}\\)</span>'
    one = static_math.typeset(formula.format("1"), REPO, Store(tmp_path), "fonts")[1]
    two = static_math.typeset(formula.format("2"), REPO, Store(tmp_path), "fonts")[1]
    merged = static_math.merge([one, two])
    assert "mjx-c31" in merged and "mjx-c32" in merged
    assert merged.count("@font-face") == one.count("@font-face") == two.count("@font-face") > 0
    rules = lambda css: [r.serialize().strip() for r in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)]
    assert sorted(rules(merged)) == sorted(set(rules(one) + rules(two)))  # every rule of both, none twice
