"""sitebuild.page.headings and sitebuild.page.notebook_math on the HTML mkdocs-jupyter renders from a tiny notebook."""

import markdown
import pytest
from bs4 import BeautifulSoup
from pymdownx.slugs import slugify

from notebooks import mended, notebook, render
from sitebuild.page import notebook_assets
from sitebuild.page.headings import fix_headings, toc
from sitebuild.page.notebook_math import mark_math

SLUG = slugify(case="lower")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    nb = notebook(
        ("md", "# 제목\n\n## 순전파 단계\n\n### a < b 비교\n\n## 순전파 단계\n\n## 자동 미분(autograd)과 변화도"),
        ("md", "손실 $L = \\sum (\\hat y - y)^2$ 에서 $a < b$\n\n$$\nx^2\n$$\n\n`$x$` 는 코드이고, 값은 5$ 와 $3 입니다."),
        ("code", "print('$a$')"),
    )
    nb.cells[2].outputs[0].text = "$a$\n"
    return render(nb, tmp_path_factory.mktemp("page"))


def test_korean_headings_get_unique_ids_and_a_matching_toc(page):
    # mkdocs-jupyter's ids keep ASCII letters only: Korean headings get an empty id, and a heading's link goes nowhere.
    assert [h["id"] for h in BeautifulSoup(page, "html.parser").select("h1, h2, h3")] == ["", "", "a-b", "", "autograd"]
    fixed, flat = mended(fix_headings, page, slugify=SLUG)
    soup = BeautifulSoup(fixed, "html.parser")
    headings = soup.select("h1, h2, h3")
    ids = [h["id"] for h in headings]
    assert ids == ["제목", "순전파-단계", "a--b-비교", "순전파-단계_1", "자동-미분autograd과-변화도"]
    assert [h.select_one("a.headerlink")["href"] for h in headings] == [f"#{i}" for i in ids]
    assert not soup.select("a.anchor-link"), "every heading's link is Material's"
    [top] = list(toc(flat))
    assert top.id == "제목"
    assert [c.id for c in top.children] == ["순전파-단계", "순전파-단계_1", "자동-미분autograd과-변화도"]
    assert top.children[0].children[0].title == "a &lt; b 비교"


def test_ids_are_the_ones_markdown_pages_get(page):
    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": SLUG}})
    md.convert("## 자동 미분(autograd)과 변화도")
    fixed, _ = mended(fix_headings, page, slugify=SLUG)
    assert f'id="{md.toc_tokens[0]["id"]}"' in fixed


def math_marked(page):
    """The page as the HTML pass (sitebuild.page.page_html) has it when it marks math: the template's copy
    widgets, with their hidden copy of each cell's code, are gone by then."""
    return BeautifulSoup(mended(mark_math, mended(notebook_assets.drop_template_widgets, page)[0])[0], "html.parser")


def test_inline_and_display_math_become_arithmatex(page):
    out = math_marked(page)
    assert [m.get_text() for m in out.select("span.arithmatex")] == ["\\(L = \\sum (\\hat y - y)^2\\)", "\\(a < b\\)"]
    assert [m.get_text() for m in out.select("div.arithmatex")] == ["\\[\nx^2\n\\]"]


def test_dollars_in_code_outputs_and_prices_are_left_alone(page):
    out = math_marked(page)
    assert out.select_one("p code").get_text() == "$x$"
    assert "값은 5$ 와 $3 입니다." in out.get_text()
    assert [pre.get_text() for pre in out.select(".jp-OutputArea-output pre")] == ["$a$\n"]
