"""Notebook pages stay light: CSS in one shared stylesheet, plots as files, Material's copy button on code."""

import base64
import gzip
import hashlib
import json
import re

import pytest
from bs4 import BeautifulSoup
from nbformat import v4

from browser import site_pages
from conftest import ALL_EXAMPLE_PAGES, EXAMPLES
from notebooks import mended, notebook, render
from sitebuild.page import notebook_assets
from sitebuild.site import css_purge

STYLESHEET = "assets/stylesheets/notebook.css"


def page(site, name):
    return (site / "examples" / name / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_page_inlines_no_css_no_images_and_no_copy_widget_script(site, name):
    html = page(site, name)
    assert "<style" not in html
    assert "data:image" not in html
    assert "clipboard-copy" not in html and "zeroclipboard" not in html


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_page_links_the_shared_notebook_stylesheet_in_its_head(site, name):
    soup = BeautifulSoup(page(site, name), "html.parser")
    links = [link["href"] for link in soup.head.select('link[rel="stylesheet"]') if "notebook.css" in link["href"]]
    assert links == [f"../../{STYLESHEET}"]
    css = (site / STYLESHEET).read_text(encoding="utf-8")
    assert ".jupyter-wrapper" in css and ".jp-OutputArea" in css  # the notebook styles, not an empty file


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_every_code_cell_is_a_pre_code_block_holding_exactly_its_source(site, name):
    """Material puts its copy button on `pre > code`; the code it copies is the cell's source, no prompt."""
    soup = BeautifulSoup(page(site, name), "html.parser")
    blocks = soup.select(".jp-CodeCell .jp-InputArea pre > code")
    cells = soup.select(".jp-CodeCell[id]")  # mkdocs-jupyter wraps each cell in a second, id-less div
    assert len(blocks) == len(cells) > 0
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    for code in blocks:
        text = code.get_text().strip("\n")
        assert text and text in source
        assert not re.match(r"In \[\d+\]", text)


def test_the_slimming_keeps_what_is_inside_pre_blocks():
    html = '<div>\n   <p>a</p>\n\n  <pre>x\n\n   y</pre>\n  </div>'
    assert mended(notebook_assets.squeeze, html)[0] == "<div>\n<p>a</p>\n<pre>x\n\n   y</pre>\n</div>"


# The smallest PNG: one transparent pixel.
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def test_images_become_files_named_by_their_bytes(tmp_path):
    nb = notebook(("code", "plt.show()"))
    nb.cells[0].outputs.append(v4.new_output("display_data", data={"image/png": PIXEL}))
    rendered = render(nb, tmp_path)
    assert f"data:image/png;base64,{PIXEL}" in rendered
    html, images = mended(notebook_assets.take_images, rendered, base64.b64decode)
    (name, data), = images.items()
    assert data == base64.b64decode(PIXEL) and data[:8] == PNG_MAGIC
    assert name == f"figure-{hashlib.sha256(data).hexdigest()[:12]}.png"
    assert [img["src"] for img in BeautifulSoup(html, "html.parser").select("img")] == [name]


def test_the_templates_styles_are_taken_out_and_its_printed_list_dropped(tmp_path):
    rendered = render(notebook(("md", "설명")), tmp_path)
    blocks = BeautifulSoup(rendered, "html.parser").select("style")
    assert any(b.get_text().strip().startswith("['pre {") for b in blocks), "mkdocs-jupyter prints a Python list"
    html, css = mended(notebook_assets.take_styles, rendered)
    assert "<style" not in html and "설명" in html
    assert css == [b.get_text().strip() for b in blocks if not b.get_text().strip().startswith("[")]


# What a reader downloads: GitHub Pages sends HTML gzip-compressed. 32 KB (K = 1000) per example page;
# inline images would count, but there are none.
BUDGET = 32_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def gzipped(path):
    """The size of the file as GitHub Pages sends it (gzip, level 6 like most servers, no timestamp)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_page_html_fits_its_budget(site, name):
    size = gzipped(site / "examples" / name / "index.html")
    assert size <= BUDGET, f"{name}: {size:,} bytes of gzipped HTML, over the budget of {BUDGET:,}"


def test_the_notebook_stylesheet_is_written_once(site):
    # JupyterLab's own variables mark its stylesheet (the site's extra.css restyles a few of its classes).
    jupyterlab = [p for p in site.rglob("*.css") if "--jp-cell-prompt-width:" in p.read_text("utf-8")]
    assert [p.relative_to(site).as_posix() for p in jupyterlab] == [STYLESHEET]
    # The dark scheme's notebook colors travel in it too (Material's palette switches them on).
    assert "[data-md-color-scheme=slate]" in (site / STYLESHEET).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_plots_are_png_files_twice_as_wide_as_shown(site, name):
    """Each plot is a PNG next to its page, with at least 2 image pixels per CSS pixel (sharp at 2x)."""
    folder = site / "examples" / name
    images = BeautifulSoup(page(site, name), "html.parser").select(".jp-OutputArea-output img")
    assert images, f"{name}: no plot"
    for img in images:
        assert img.get("alt", "").strip(), f"{name}: a plot without alt text"
        data = (folder / img["src"]).read_bytes()  # a relative file name: no data: URI, no other folder
        assert data[:8] == PNG_MAGIC and data[12:16] == b"IHDR"
        natural = int.from_bytes(data[16:20], "big")
        shown = int(img["width"])  # the CSS width the page gives it (max-width: 100% only shrinks it)
        assert natural >= 2 * shown, f"{name}: {img['src']} is {natural} px wide, shown {shown} px wide"


def test_squeeze_keeps_the_whitespace_that_shows():
    """Indentation and blank lines go, and comments (the text around one is one run); <code> (pre-wrap under
    Material), scripts and no-break spaces stay."""
    html = "<p>a\n   b</p>\n  <code>x\n   y</code>\n\n<script>if (a)\n    b()</script><p>\xa0\n  \xa0c</p>\n <!-- x -->\n  d"
    assert mended(notebook_assets.squeeze, html)[0] == (
        "<p>a\nb</p>\n<code>x\n   y</code>\n<script>if (a)\n    b()</script><p>\xa0\n\xa0c</p>\nd"
    )


def test_lighten_code_drops_the_spans_that_look_like_plain_code(tmp_path):
    prose = "설명\n\n```python\nnp.zeros(1)\n```\n\n```diff\n+a\n+b\n c\n-d\n```"
    rendered = render(notebook(("md", prose), ("code", "x = f(1)")), tmp_path)
    html, _ = mended(notebook_assets.lighten_code, mended(notebook_assets.use_material_code_blocks, rendered)[0])
    python, diff, cell = (  # document order
        pre.decode_contents() for pre in BeautifulSoup(html, "html.parser").select(".jp-InputArea pre, .jp-MarkdownCell pre")
    )
    # In cells, names, whitespace and punctuation lose their spans; operators and numbers keep theirs.
    assert cell == '<code>x <span class="o">=</span> f(<span class="mi">1</span>)\n</code>'
    # In prose code blocks, only names and whitespace: punctuation keeps Material's color.
    assert python == 'np<span class="o">.</span>zeros<span class="p">(</span><span class="mi">1</span><span class="p">)</span>\n'
    # Neighbouring lines of one kind become one span.
    assert diff == '<span class="gi">+a\n+b</span>\n c\n<span class="gd">-d</span>\n'
    before = BeautifulSoup(rendered, "html.parser")
    assert before.select(".jp-CodeCell pre span.n") and len(before.select(".jp-MarkdownCell pre span.gi")) == 2


def test_drop_hidden_keeps_the_prompts_of_code_cells(tmp_path):
    nb = notebook(("md", "설명"), ("code", "print(1)"))
    nb.cells[1].outputs.append(v4.new_output("stream", name="stderr", text="경고\n"))
    rendered = render(nb, tmp_path)
    before = BeautifulSoup(rendered, "html.parser")
    assert before.select(".jp-Collapser") and before.select(".jp-MarkdownCell .jp-InputPrompt") and before.select("[data-type]")
    soup = BeautifulSoup(mended(notebook_assets.drop_hidden, rendered)[0], "html.parser")
    assert not soup.select(".jp-Collapser, .jp-MarkdownCell .jp-InputPrompt")
    assert not soup.select("[data-mime-type='text/plain'], [data-mime-type='text/markdown'], [data-type]")
    assert [p.get_text() for p in soup.select(".jp-CodeCell .jp-InputPrompt")] == ["In\xa0[1]:"], "a code cell's prompt shows"
    assert soup.select("[data-mime-type='application/vnd.jupyter.stderr']"), "the notebook CSS styles stderr by it"


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_page_keeps_no_markup_that_draws_nothing(site, name):
    html = page(site, name)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("pre span.n, pre span.w, .highlight-ipynb pre span.p") and "<span></span>" not in html
    assert not soup.select(".jp-Collapser, .jp-MarkdownCell .jp-InputPrompt")
    assert not soup.select("[data-mime-type='text/plain'], [data-mime-type='text/markdown'], [data-type]")
    # What does show stays: the prompts of code cells, and the highlighting of keywords.
    assert len(soup.select(".jp-CodeCell .jp-InputPrompt")) == len(soup.select(".jp-CodeCell[id]"))
    assert soup.select(".highlight-ipynb pre span.k, .highlight-ipynb pre span.kn")


def test_drop_unread_takes_only_the_unread_classes_off_divs(tmp_path):
    rendered = render(notebook(("md", "설명"), ("code", "s = 'class=\"hl-python\"'")), tmp_path)
    before = BeautifulSoup(rendered, "html.parser")
    assert all(before.select(f"div.{name}") for name in notebook_assets.UNREAD_CLASSES)
    soup = BeautifulSoup(mended(notebook_assets.drop_unread, rendered)[0], "html.parser")
    assert not any(soup.select(f"div.{name}") for name in notebook_assets.UNREAD_CLASSES)
    assert soup.select("div.jp-Cell.jp-CodeCell div.jp-CodeMirrorEditor.jp-InputArea-editor div.highlight-ipynb"), "other classes stay"
    assert "s = 'class=\"hl-python\"'" in soup.select_one(".highlight-ipynb pre").get_text(), "code text is not markup"


def test_materials_configuration_is_compact_json_with_hangul_as_itself(site):
    """The plugin sets tojson's policy for Material's configuration block: no spaces, no \\u escapes of Hangul."""
    for path in site_pages(site):
        config = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("#__config")
        text = config.string
        data = json.loads(text)
        assert data["translations"]["clipboard.copy"] == "클립보드로 복사"
        assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), path


def test_the_dropped_classes_are_read_by_no_stylesheet_or_script(site):
    """Given back to the pages, the dropped classes would keep no more rules of the untrimmed notebook
    stylesheet, and no other stylesheet or script of the site names them."""
    from test_css_purge import UNTRIMMED_CSS

    soups = [BeautifulSoup(page(site, name), "html.parser") for name in ALL_EXAMPLE_PAGES]
    used = {name for soup in soups for element in soup.select("[class]") for name in element["class"]}
    assert not used & set(notebook_assets.UNREAD_CLASSES), "a dropped class is still on a page"
    untrimmed = UNTRIMMED_CSS.read_text(encoding="utf-8")
    assert css_purge.purge(untrimmed, used | set(notebook_assets.UNREAD_CLASSES)) == css_purge.purge(untrimmed, used)
    for path in [*site.rglob("*.css"), *site.rglob("*.js")]:
        if "mathjax" not in path.parts:
            text = path.read_text(encoding="utf-8")
            assert not [c for c in notebook_assets.UNREAD_CLASSES if c in text], path.relative_to(site)


# A `span.n` probe put into each kind of code block: it must look exactly like the block's own text,
# or dropping the name spans (notebook_assets.PLAIN_EVERYWHERE) would have changed how code looks.
NAME_PROBE = """() => Object.fromEntries([
    ["cell", ".highlight-ipynb pre > code"],
    ["prose", ".jp-MarkdownOutput .highlight:not(.highlight-ipynb) pre > code"],
    ["diff", ".sitebuild-diff pre > code"],
  ].map(([kind, selector]) => {
    const code = document.querySelector(selector);
    if (!code) return [kind, null];
    const probe = code.appendChild(document.createElement("span"));
    probe.className = "n";
    probe.textContent = "x";
    const look = el => ["color", "fontWeight", "fontStyle", "textDecorationLine"].map(k => getComputedStyle(el)[k]);
    const seen = [look(code), look(probe), getComputedStyle(probe).backgroundColor];
    probe.remove();
    return [kind, seen];
  }))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_names_look_like_plain_code_in_every_kind_of_code_block(browser, base_url, scheme):
    page = browser.new_page(color_scheme=scheme)
    page.goto(f"{base_url}examples/1_5_static_graph/", wait_until="networkidle")  # cells, prose code, a diff
    seen = page.evaluate(NAME_PROBE)
    page.close()
    for kind, looks in seen.items():
        assert looks, f"no {kind} code block on the page to probe"
        code, name, background = looks
        assert name == code, f"{kind}: a name would be drawn {name}, the code around it {code}"
        assert background == "rgba(0, 0, 0, 0)", f"{kind}: a name would get a background, {background}"


def test_merged_diff_lines_keep_one_highlight_box_each(browser, base_url):
    """Runs of added or removed lines share one <span>; each line still gets its own padded box."""
    page = browser.new_page()
    page.goto(f"{base_url}examples/1_9_control_flow_weight_sharing/", wait_until="networkidle")
    lefts = page.evaluate(
        """() => {
        document.querySelector("details.sitebuild-diff").open = true;
        return [...document.querySelectorAll(".sitebuild-diff .gi, .sitebuild-diff .gd")]
          .map(span => [...span.getClientRects()].map(r => r.left))
          .filter(rects => rects.length > 1);
    }"""
    )
    page.close()
    assert lefts, "no run of several changed lines to look at"
    for run in lefts:
        assert max(run) - min(run) < 0.5, run


@pytest.mark.parametrize("width", [1280, 375])
def test_plots_get_two_image_pixels_per_css_pixel_as_laid_out(browser, base_url, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    shown = {}
    for name in ALL_EXAMPLE_PAGES:
        page.goto(f"{base_url}examples/{name}/", wait_until="networkidle")
        shown[name] = page.evaluate(
            """() => [...document.querySelectorAll(".jp-OutputArea-output img")]
                 .map(img => [img.naturalWidth, img.getBoundingClientRect().width])"""
        )
    page.close()
    for name, images in shown.items():
        assert images, f"{name}: no plot"
        for natural, css in images:
            assert natural >= 2 * css - 0.5, f"{name}: {natural} image pixels across {css} CSS pixels"
