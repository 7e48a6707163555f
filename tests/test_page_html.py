"""sitebuild.page.page_html: the one pass, in its order, over what mkdocs-jupyter renders from a tiny notebook."""

import pytest
from bs4 import BeautifulSoup
from nbformat import v4
from pymdownx.slugs import slugify

from notebooks import notebook, render
from sitebuild.page import page_html, tree
from sitebuild.store import Store
from test_page_weight import PIXEL

SLUG = {"slugify": slugify(case="lower"), "separator": "-", "permalink_title": "이 절의 주소"}
ALTS = ["«기울기» 그래프."]  # the image output's alt text, as the build's kernel records it (run/figure_alt.py)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    nb = notebook(
        ("md", "# 제목\n\n## $x^2$ 의 기울기\n\n텐서 $a$ 를 씁니다."),
        ("code", "print('$b$')"),
    )
    nb.cells[1].outputs.append(v4.new_output("display_data", data={"image/png": PIXEL}, metadata={"image/png": {"alt": ALTS[0]}}))
    return render(nb, tmp_path_factory.mktemp("page"))


def test_the_pass_does_every_step(rendered):
    seen = []
    mended = page_html.mend(rendered, "제목", SLUG, mark_terms=lambda doc: seen.append(doc) or ["텐서"], alts=ALTS)
    soup = BeautifulSoup(mended.html, "html.parser")
    assert not soup.select("style, .zeroclipboard-container, .clipboard-copy-txt") and mended.css
    assert [h["id"] for h in soup.select("h1, h2")] == ["제목", "x2-의-기울기"]
    assert [a["title"] for a in soup.select("a.headerlink")] == ["이 절의 주소"] * 2
    assert [c.id for c in mended.toc] == ["제목"] and [c.title for c in list(mended.toc)[0].children] == ["\\(x^2\\) 의 기울기"]
    [img] = soup.select("img")
    assert img["alt"] == ALTS[0] and list(mended.images) == [img["src"]]
    assert soup.select_one(".highlight-ipynb.highlight pre > code")
    assert not soup.select(".jp-Collapser, .jp-Notebook-cell, [data-type]")
    assert len(seen) == 1 and mended.terms == ["텐서"], "the glossary marks the same parsed page"
    # Last, the template's indentation goes (not inside <pre> and the like), and the page's classes are gathered.
    def indented(html):
        texts = tree.parse(html).texts()
        return [t.raw for t in texts if "\n " in t.raw and not any(e.tag in tree.VERBATIM_TAGS for e in t.ancestors())]

    assert indented(rendered) and not indented(mended.html)
    assert mended.classes == sorted({name for element in soup.select("[class]") for name in element["class"]})


def test_dollars_in_code_are_not_math(rendered):
    """Only prose math is marked: not the cell's code, nor the template's hidden copy of it (dropped)."""
    assert "clipboard-copy-txt" in rendered and rendered.count("$b$") == 2
    soup = BeautifulSoup(page_html.mend(rendered, "제목", SLUG, alts=ALTS).html, "html.parser")
    assert [m.get_text() for m in soup.select(".arithmatex")] == ["\\(x^2\\)", "\\(a\\)"]
    assert "$b$" in soup.select_one(".highlight-ipynb code").get_text()


def test_a_kept_pass_gives_what_the_pass_gives_and_mends_again_when_a_setting_changes(rendered, tmp_path):
    store, settings = Store(tmp_path / "store"), tmp_path / "settings.yml"
    settings.write_text("a", encoding="utf-8")
    calls = []

    def kept(alts=ALTS):
        return page_html.mend_kept(store, [settings], rendered, "제목", SLUG, lambda doc: calls.append(1) or ["텐서"], alts)

    first, again = kept(), kept()
    assert first == again == page_html.mend(rendered, "제목", SLUG, lambda doc: ["텐서"], ALTS) and len(calls) == 1
    assert [c.id for c in again.toc] == ["제목"] and again.images and all(isinstance(d, bytes) for d in again.images.values())
    settings.write_text("b", encoding="utf-8")
    kept()
    assert len(calls) == 2
    # A run that drew something else: the same HTML, another alt text.
    assert kept(["다른 그림."]).html != kept().html and len(calls) == 3
