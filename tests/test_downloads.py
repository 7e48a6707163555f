"""Each example page offers its script and its executed notebook, and both files are really there."""

import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import ALL_EXAMPLE_PAGES, EXAMPLES


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_page_links_the_script_and_the_executed_notebook(site, name):
    folder = site / "examples" / name
    soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"]: a for a in soup.select(".sitebuild-downloads a")}
    assert set(links) == {f"{name}.py", f"{name}.ipynb"}
    assert all(a.has_attr("download") for a in links.values())
    # The script is the example itself, byte for byte.
    assert (folder / f"{name}.py").read_bytes() == (EXAMPLES / f"{name}.py").read_bytes()
    # The notebook holds the same code, executed: every code cell ran, the plot is in it.
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    assert all(c.source in source for c in code)
    assert all(c.execution_count for c in code)
    assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs)


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_download_links_come_right_after_the_title(site, name):
    soup = BeautifulSoup((site / "examples" / name / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".sitebuild-downloads").find_previous(["h1", "h2"]).name == "h1"
