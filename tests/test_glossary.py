"""The glossary (docs/glossary.yml): its page lists every term with the pages that use it, and on every
page the first use of a term in running prose shows the English original on hover."""

import json
import posixpath
import re

import pytest
from bs4 import BeautifulSoup, NavigableString

from browser import base_url, browser, nav_pages  # noqa: F401  (shared fixtures: served site, Chromium)
from conftest import REPO
from sitebuild.site.glossary import Glossary, load, mark_first_uses, rejected_in

TERMS = load(REPO / "docs" / "glossary.yml")
BY_TERM = {t.term: t for t in TERMS}
GLOSSARY_PAGE = "glossary/"
# The book page repeats the other pages, each chapter marked as on its own page (tests/test_book.py).
PAGES = [p for p in nav_pages() if p not in (GLOSSARY_PAGE, "book/")]

# Where text is not running prose, written here independently of sitebuild/site/glossary.py.
NOT_PROSE_TAGS = {
    "a", "button", "code", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "label", "math", "option",
    "pre", "samp", "script", "select", "style", "summary", "svg", "textarea",
}
NOT_PROSE_CLASSES = {"arithmatex", "admonition-title"}


def _not_prose(element):
    return (
        element.name in NOT_PROSE_TAGS
        or bool(NOT_PROSE_CLASSES & set(element.get("class") or []))
        or element.has_attr("title")
    )


def _uses_pattern():
    """Each term at the start of a word (a Korean one may carry particles); the longest term wins."""
    words = []
    for t in sorted(TERMS, key=lambda t: len(t.term), reverse=True):
        regex = r"\s+".join(map(re.escape, t.term.split()))
        words.append(regex if re.search(r"[가-힣]", t.term) else regex + r"(?![A-Za-z])")
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + ")")


USES = _uses_pattern()


def article(site, path):
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")


def prose(content):
    """The content's running prose (text nodes joined by NUL, which no term spans) and the spans of
    the <abbr title> elements that wrap a whole text node in it: [(start, end, title, text)]."""
    parts, spans, length = [], [], 0
    for node in content.descendants:
        if type(node) is not NavigableString:  # comments, doctype, script/style text
            continue
        own = node.parent if node.parent.name == "abbr" and node.parent.has_attr("title") else None
        if _inside_non_prose(node, content, own):
            continue
        text = str(node)
        if own is not None:
            spans.append((length, length + len(text), own["title"], text))
        parts.append(text)
        length += len(text) + 1
    return "\0".join(parts), spans


def _inside_non_prose(node, content, own):
    for element in node.parents:
        if element is content:
            return False
        if element is not own and _not_prose(element):
            return True
    return False


def first_uses(text):
    """{term: match} of each term's first use: leftmost-longest matches, a later one of a term ignored."""
    found = {}
    for match in USES.finditer(text):
        found.setdefault(" ".join(match.group().split()), match)
    return found


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_first_use_of_each_term_carries_its_english(site, path):
    text, spans = prose(article(site, path))
    uses = first_uses(text)
    expected = {(m.start(), m.end(), BY_TERM[term].english) for term, m in uses.items() if BY_TERM[term].hover}
    marked = {(start, end, title) for start, end, title, _ in spans}
    assert marked - expected == set(), "an <abbr title> that is not a term's first use, or with the wrong English"
    assert expected - marked == set(), "a term's first use without its <abbr title>"
    assert len(marked) >= 5, "hardly any term marked: is the glossary hooked into this page?"


def test_known_first_uses(site):
    """Spot checks against the written pages: the abbr is where a reader meets the term first."""
    content = article(site, "examples/1_3_autograd/")
    abbrs = {a.get_text(): a["title"] for a in content.select("abbr[title]")}
    assert abbrs["변화도"] == "gradient" and abbrs["연쇄 법칙"] == "chain rule" and abbrs["잎"] == "leaf"
    # 학습률 is its own term, so its 학습 is not a use of 학습 (training).
    home = {a.get_text(): a["title"] for a in article(site, "").select("abbr[title]")}
    assert home["학습률"] == "learning rate" and home["학습"] == "training"
    # Nothing inside code, headings or links, on any page.
    for path in PAGES:
        assert not article(site, path).select(
            ":is(code, pre, a, h1, h2, h3, h4, h5, h6, .arithmatex) abbr[title]"
        ), path


def _rows(site):
    table = article(site, GLOSSARY_PAGE).select_one(".glossary table")
    assert table is not None, "the glossary page has no generated table"
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    assert header == ["용어", "영어 원어", "뜻", "쓰인 곳"]
    return [tr.find_all("td") for tr in table.select("tbody tr")]


def test_glossary_page_lists_every_term_with_its_english(site):
    rows = _rows(site)
    assert [cells[0].get_text(strip=True) for cells in rows] == sorted(
        (t.term for t in TERMS), key=lambda term: (not BY_TERM[term].hover, term.lower())
    )
    for term, english, meaning, _ in rows:
        t = BY_TERM[term.get_text(strip=True)]
        assert english.get_text(strip=True) == t.english
        assert t.explanation.replace("`", "") in meaning.get_text()
        for bad in t.rejected:
            assert bad in meaning.get_text(), f"{t.term}: the rejected variant {bad} is not shown"


def test_glossary_links_are_the_pages_that_use_each_term(site):
    """The 쓰인 곳 column is exactly the pages whose prose uses the term: it cannot go stale."""
    listed = {}
    for term, _, _, where in _rows(site):
        for a in where.find_all("a"):
            page = posixpath.normpath(posixpath.join(GLOSSARY_PAGE, a["href"])).removeprefix(".") + "/"
            listed.setdefault(term.get_text(strip=True), set()).add(page.lstrip("/"))
    used = {}
    for path in PAGES:
        for term in first_uses(prose(article(site, path))[0]):
            used.setdefault(term, set()).add(path)
    assert listed == used
    assert len(listed["변화도"]) >= 8


def test_built_pages_use_no_rejected_variant(site):
    """Besides the sources (tests/test_terms.py): generated text and image descriptions, as built."""
    for path in PAGES:
        content = article(site, path)
        for el in content.select("pre, code, script, style"):
            el.decompose()
        text = content.get_text(" ") + " ".join(img.get("alt", "") for img in content.select("img"))
        found = rejected_in(text, TERMS)
        assert not found, f"{path}: write {found} (rejected variant: term of docs/glossary.yml)"


SNIPPET = (
    '<h2 id="a">변화도란</h2>\r\n\u2028'  # line breaks HTMLParser does not count must not shift the splicing
    '<p><code>변화도</code> <a href="#a">변화도</a> <span class="arithmatex">\\(변화도\\)</span>'
    ' <abbr title="x">변화도</abbr> <span title="y">변화도</span></p>'
    "<pre>변화도</pre><details><summary>변화도</summary></details>"
    "<p>이제 변화도를 구하고 다시 변화도를 씁니다. 최소손실이 아니라 학습률을 정하고 학습합니다.</p>"
    "<p>은닉층 두 개의 shape를 보고, 손실\n함수를 &amp; 손실로 나눕니다.</p>"
)


def test_marking_wraps_only_the_first_use_in_prose():
    html, used = mark_first_uses(SNIPPET, TERMS, page="examples/1_1_Numpy_warm_up.py")
    abbrs = re.findall(r'<abbr title="([^"]*)"(?: id="[^"]*")?>([^<]*)</abbr>', html)
    assert abbrs == [
        ("x", "변화도"),  # the one that was there
        ("gradient", "변화도"),  # first use in prose: not in the heading, code, link, math, titled span, pre, summary
        ("learning rate", "학습률"),  # the longer term wins; 손실 inside 최소손실 is no word start
        ("training", "학습"),
        ("hidden layer", "은닉층"),
        ("loss function", "손실\n함수"),  # a term across a line break
        ("loss", "손실"),
    ]
    assert "shape" in used and "shape" not in {title for title, _ in abbrs}  # English terms get no hover
    # The page that teaches a term (glossary.yml `page:`) gives its first use the id its search entry
    # points at (an English term, which has no hover, in a bare <span>); other pages spend no bytes on ids.
    assert '<abbr title="gradient" id="term-변화도">' in html and 'id="term-손실-함수"' not in html
    assert '<span id="term-shape">shape</span>' in html
    elsewhere = mark_first_uses(SNIPPET, TERMS, page="examples/1_2_Tensors.py")[0]
    assert 'id="term-' not in elsewhere and '<span id="term-shape">' not in elsewhere
    # Nothing else changed: without the new <abbr>s and <span>s the HTML is the input.
    unmarked = re.sub(r'<abbr title="(?!x")[^"]*"(?: id="[^"]*")?>([^<]*)</abbr>', r"\1", html)
    assert re.sub(r'<span id="term-[^"]*">([^<]*)</span>', r"\1", unmarked) == SNIPPET


def test_hover_shows_the_english_original(browser, base_url):
    """The browser's own tooltip shows an <abbr>'s title on hover; the term is marked as having one.
    (Material's tooltips, theme feature content.tooltips, are off: mounting one per term cost the
    longest step's page about 10 Lighthouse performance points on a phone, in 3 runs out of 5.)"""
    page = browser.new_page()
    try:
        page.goto(base_url + "examples/1_3_autograd/", wait_until="networkidle")
        term = page.locator("article abbr", has_text="변화도").first
        assert term.get_attribute("title") == "gradient"
        style = page.evaluate(
            "el => { const s = getComputedStyle(el); return [s.cursor, s.borderBottomStyle]; }", term.element_handle()
        )
        assert style == ["help", "dotted"]
        assert page.locator(".md-tooltip2").count() == 0  # no second tooltip over the browser's
    finally:
        page.close()


@pytest.mark.parametrize(
    "entries, message",
    [
        ("- term: 변화도\n  english: gradient\n", "needs term, english and explanation"),
        ("- {term: 손실, english: loss, explanation: 값}\n- {term: 손실, english: loss, explanation: 값}\n", "twice"),
        ("- {term: 손실, english: loss, explanation: 값, rejected: [계층]}\n"
         "- {term: 계층, english: layer, explanation: 값}\n", "is a term itself"),
        ("- {term: 손실, english: loss, explanation: 값, rejected: 로스}\n", "lists of text"),
    ],
)
def test_a_malformed_data_file_is_refused(tmp_path, entries, message):
    path = tmp_path / "glossary.yml"
    path.write_text(entries, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load(path)


def test_a_term_teaching_page_leads_search_to_its_first_use(site):
    """Each term that names the page teaching it has a boosted entry in the search index, pointing at
    the term's first use on that page (an element with that id)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # The glossary's entries point at a term's first use; the PyTorch names' (api_search.py) at code cells.
    entries = {d["title"]: d for d in index["docs"] if "boost" in d and "#term-" in d["location"]}
    taught = [t for t in TERMS if t.page]
    assert len(taught) >= 15 and set(entries) == {t.term for t in taught}
    for t in taught:
        location = entries[t.term]["location"]
        page, anchor = location.split("#")
        assert page == t.page.removesuffix(".py") + "/", location
        soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        target = soup.find(id=anchor)
        # An <abbr> with the English; an English term (shape), which has no hover, a bare <span>.
        assert target is not None and target.name == ("abbr" if t.hover else "span"), location
        assert target.get_text(" ").split() == t.term.split(), location


def test_a_teaching_page_that_does_not_use_its_term_is_refused(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("- {term: 변화도, english: gradient, explanation: 값, page: examples/b.py}\n", encoding="utf-8")
    glossary = Glossary(path, "glossary.md")
    glossary.used = {"변화도": {"examples/a.py": "A"}}
    with pytest.raises(ValueError, match="examples/b.py does not use the term"):
        glossary.search_entries({"examples/a.py": "examples/a/", "examples/b.py": "examples/b/"})
