"""Notebook pages stay light: CSS in one shared stylesheet, plots as files, Material's copy button on code."""

import re

import pytest
from bs4 import BeautifulSoup

from conftest import EXAMPLE_PAGES, EXAMPLES
from sitebuild import notebook_assets

STYLESHEET = "assets/stylesheets/notebook.css"


def page(site, name):
    return (site / "examples" / name / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", EXAMPLE_PAGES)
def test_page_inlines_no_css_no_images_and_no_copy_widget_script(site, name):
    html = page(site, name)
    assert "<style" not in html
    assert "data:image" not in html
    assert "clipboard-copy" not in html and "zeroclipboard" not in html


@pytest.mark.parametrize("name", EXAMPLE_PAGES)
def test_page_links_the_shared_notebook_stylesheet_in_its_head(site, name):
    soup = BeautifulSoup(page(site, name), "html.parser")
    links = [link["href"] for link in soup.head.select('link[rel="stylesheet"]') if "notebook.css" in link["href"]]
    assert links == [f"../../{STYLESHEET}"]
    css = (site / STYLESHEET).read_text(encoding="utf-8")
    assert ".jupyter-wrapper" in css and ".jp-OutputArea" in css  # the notebook styles, not an empty file


@pytest.mark.parametrize("name", EXAMPLE_PAGES)
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
    assert notebook_assets.squeeze(html) == "<div>\n<p>a</p>\n<pre>x\n\n   y</pre>\n</div>"


def test_images_become_files_named_by_their_bytes():
    html, images = notebook_assets.take_images('<img src="data:image/png;base64,AAEC">', lambda b: b"\x00\x01\x02")
    (name, data), = images.items()
    assert html == f'<img src="{name}">' and data == b"\x00\x01\x02" and name.startswith("figure-")


def test_a_stringified_list_style_block_is_dropped():
    html, css = notebook_assets.take_styles("<style>a{b:c}</style><p>x</p><style>['pre {}']</style>")
    assert html == "<p>x</p>" and css == ["a{b:c}"]
