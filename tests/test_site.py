"""The built site: every example page shows its executed code, printed losses, plot, math and a working TOC."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ALL_EXAMPLE_PAGES, EXAMPLE_PAGES, EXAMPLES, printed_losses, prose_cells
from sitebuild import late_scripts
from sitebuild.run import figure_alt


def page(site, name) -> BeautifulSoup:
    path = site / "index.html" if name == "" else site / "examples" / name / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session", params=ALL_EXAMPLE_PAGES)
def example(request, site):
    return request.param, page(site, request.param)


@pytest.fixture(scope="session", params=EXAMPLE_PAGES)
def step(request, site):
    """A training step's page (1_*): these print five losses and plot them."""
    return request.param, page(site, request.param)


def outputs(soup):
    return soup.select(".jp-OutputArea-output")


def test_pages_are_korean(site):
    for name in ["", *ALL_EXAMPLE_PAGES]:
        assert page(site, name).html["lang"] == "ko"


def test_example_page_shows_its_printed_losses(step):
    _, soup = step
    text = "\n".join(o.get_text() for o in outputs(soup))
    losses = printed_losses(text)
    assert [step for step, _ in losses] == [99, 199, 299, 399, 499]
    # How far each loss must fall is each example's own test (1_9's random depth makes it noisy).
    assert losses[-1][1] < losses[0][1]


def test_example_page_shows_a_plot(example, site):
    name, soup = example
    images = [img for o in outputs(soup) for img in o.select("img")]
    assert images, "no plot on the page"
    for img in images:
        # A file next to the page (not inlined into the HTML), drawn at twice its displayed size.
        png = (site / "examples" / name / img["src"]).read_bytes()
        assert png.startswith(b"\x89PNG")
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert width >= 800 and height >= 400
        assert width >= 2 * int(img["width"]) - 2 and height >= 2 * int(img["height"]) - 2
        # Described from the run (sitebuild/run/figure_alt.py), not the build's numbered stand-in.
        assert img["alt"].startswith("«") and "예제를 실행해 그린 그림" not in img["alt"], img["alt"]


def test_the_loss_plot_is_described_with_the_losses_the_page_prints(step):
    """The plot's alt text reads its curve off the run: it ends at step 499 on the loss printed for step 499."""
    _, soup = step
    [alt] = [img["alt"] for o in outputs(soup) for img in o.select("img") if "가로축은 학습 단계" in img["alt"]]
    step, loss = printed_losses("\n".join(o.get_text() for o in outputs(soup)))[-1]
    assert step == 499
    assert re.search(rf"점 500개를 잇는 선이 \(0, [^)]+\)에서 시작해 \(499, {re.escape(figure_alt._number(loss))}\)에서 끝납니다\.$", alt), alt


def test_example_page_has_no_traceback_or_warning(example):
    _, soup = example
    assert not soup.select('[data-mime-type="application/vnd.jupyter.stderr"]')
    text = "\n".join(o.get_text() for o in outputs(soup))
    # Demonstration cells may print a caught error's message; a real traceback or warning would
    # come as an error or stderr output, which nbconvert marks with the stderr MIME type.
    assert "Traceback (most recent call last)" not in text
    assert not soup.select(".jp-OutputArea-output .ansi-red-fg, .jp-OutputArea-output .ansi-red-intense-fg")


def test_example_page_shows_the_code(step):
    name, soup = step
    code = "\n".join(c.get_text() for c in soup.select(".jp-InputArea .highlight-ipynb"))
    assert "range(500)" in code and "plot_losses(" in code


def test_toc_links_jump_to_korean_headings(example):
    _, soup = example
    links = [a["href"] for a in soup.select("nav.md-nav--secondary a.md-nav__link")]
    assert len(links) >= 3, "the page's table of contents is (nearly) empty"
    ids = {tag["id"] for tag in soup.select("[id]")}
    for href in links:
        assert href.startswith("#") and len(href) > 1
        assert href[1:] in ids, f"TOC link {href} has no target"
    assert any(re.search(r"[가-힣]", href) for href in links)
    assert not soup.select('h1[id=""], h2[id=""], h3[id=""], h4[id=""]')


def test_math_in_example_prose_is_marked_for_mathjax(example):
    name, soup = example
    if "$" in "".join(prose_cells(EXAMPLES / f"{name}.py")):
        assert soup.select(".jp-MarkdownOutput .arithmatex"), "the prose has math, the page has none"
    for cell in soup.select(".jp-MarkdownOutput"):
        for code in cell.select("code, pre"):
            code.decompose()
        assert "$" not in cell.get_text(), cell.get_text()[:200]


def test_prose_markup_is_rendered_not_shown(example):
    # CommonMark leaves ** literal when it closes after punctuation and runs into Hangul: "**a(b)**는".
    _, soup = example
    for cell in soup.select(".jp-MarkdownOutput"):
        for code in cell.select("code, pre"):
            code.decompose()
        assert "**" not in cell.get_text(), cell.get_text()[:300]


def test_mathjax_is_served_by_the_site_and_loaded_on_demand(site):
    assert (site / "assets" / "mathjax" / "tex-chtml.js").stat().st_size > 500_000
    assert list((site / "assets" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    assert '"../assets/mathjax/tex-chtml.js"' in (site / "javascripts" / "mathjax.js").read_text(encoding="utf-8")
    for name in ["", *ALL_EXAMPLE_PAGES]:
        soup = page(site, name)
        sources = [s.get("src", "") for s in soup.select("script")] + late_scripts.loaded_by(str(soup))
        assert any(s.endswith("javascripts/mathjax.js") for s in sources)  # the loader, not MathJax itself
        assert not any(s.endswith("tex-chtml.js") for s in sources)
        assert not any(s.startswith(("http:", "https:", "//")) for s in sources)


def test_home_page_math_and_reading_path(site):
    soup = page(site, "")
    assert soup.select(".arithmatex")
    hrefs = {a["href"] for a in soup.select("article a[href]")}
    for name in EXAMPLE_PAGES:
        assert f"examples/{name}/" in hrefs


def test_previous_and_next_links_follow_the_reading_order(site):
    for before, after in zip(EXAMPLE_PAGES, EXAMPLE_PAGES[1:]):
        nxt = page(site, before).select_one("a.md-footer__link--next")
        assert nxt["href"] == f"../{after}/"


def test_search_index_is_korean_and_holds_notebook_text(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "ko" in index["config"]["lang"]
    page_text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("examples/1_3_autograd/"))
    assert "역전파" in page_text and "requires_grad" in page_text
    titles = [d["title"] for d in index["docs"] if d["location"].startswith("examples/1_3_autograd/#")]
    assert len(titles) >= 5 and not any("¶" in t for t in titles)


def test_every_heading_link_of_every_page_has_one_korean_title(site):
    """Markdown pages (toc's permalink_title) and notebook pages (sitebuild/page/headings.py) title their ¶ alike."""
    titles = {}
    for path in site.rglob("index.html"):
        for link in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("a.headerlink"):
            titles.setdefault(link.get("title"), path.parent.relative_to(site).as_posix())
    assert len(titles) == 1, f"heading links titled differently: {titles}"
    assert re.search("[가-힣]", next(iter(titles))), titles
