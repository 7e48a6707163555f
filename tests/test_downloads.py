"""Each example page offers its script and executed notebook, built to run alone: the example as it is in
examples/, its pip line at the top, its helper modules inside. (tests/test_download_runs.py runs them.)"""

import ast
import re
from importlib import metadata

import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import ALL_EXAMPLE_PAGES, EXAMPLES, REPOSITORY
from sitebuild.site import downloads
from sitebuild.store import Store

PIP_LINE = re.compile(r"^#\s+(pip install \S.*)$", re.MULTILINE)


def page(site, name):
    return BeautifulSoup((site / "examples" / name / "index.html").read_text(encoding="utf-8"), "html.parser")


def pip_line(text):
    """The one `pip install` line a download's opening names (the tests install exactly that)."""
    found = PIP_LINE.findall(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_page_offers_the_script_the_notebook_and_colab_right_after_its_title(site, name):
    soup = page(site, name)
    links = soup.select(".sitebuild-downloads a")
    assert [a["href"] for a in links[:2]] == [f"{name}.py", f"{name}.ipynb"]
    assert all(a.has_attr("download") for a in links[:2])
    assert [a.get_text() for a in links[2:]] == ["Colab에서 열기"]
    assert soup.select_one(".sitebuild-downloads").find_previous(["h1", "h2"]).name == "h1"


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_script_is_the_example_with_its_pip_line_and_helpers(site, name):
    text = (site / "examples" / name / f"{name}.py").read_text(encoding="utf-8")
    example = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    bundle = downloads.bundle(EXAMPLES / f"{name}.py")
    assert pip_line(text) == bundle.pip_line
    # The example is there unchanged; what the build adds is a comment header before its first cell,
    # and one code cell right after its first prose cell.
    at = text.index("# %% [markdown]\n")
    header, cells = text[:at], [c for c in re.split(r"(?m)^(?=# %%)", text[at:]) if c]
    assert all(line.startswith("#") or not line for line in header.splitlines())
    helpers = cells[1]
    assert helpers.startswith("# %%\n# 이 셀은 예제가 import하는 도우미 모듈")
    assert "".join(cells[:1] + cells[2:]) == example
    # The helpers are their files' sources, byte for byte, each under its own module name.
    tree = ast.parse(helpers)
    registered = {
        node.args[0].value: node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_register_helper"
    }
    assert registered == {n: (EXAMPLES / f"{n}.py").read_text(encoding="utf-8") for n, _ in bundle.helpers}
    assert registered, "every example imports a helper (loss_plot at least)"
    assert "코드 셀에 함께 들어 있습니다" in header


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_notebook_is_the_executed_page_plus_an_install_cell_and_its_helpers(site, name):
    nb = nbformat.read(site / "examples" / name / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    install, title, helpers, *cells = nb.cells
    bundle = downloads.bundle(EXAMPLES / f"{name}.py")
    # The first cell installs, from inside the notebook, what the environment cannot import.
    assert install.cell_type == "code" and install.outputs == []
    assert pip_line(install.source) == bundle.pip_line
    assert "subprocess.run([sys.executable, \"-m\", \"pip\", \"install\"" in install.source
    assert "Colab" in install.source
    # Then the page's notebook: its title cell, the helpers (a form that Colab and Jupyter fold), the rest.
    assert title.cell_type == "markdown" and title.source.startswith("# ")
    assert helpers.cell_type == "code" and helpers.source.startswith("# @title 도우미 모듈")
    assert helpers.metadata["cellView"] == "form" and helpers.metadata["jupyter"]["source_hidden"] is True
    assert "_register_helper('loss_plot', " in helpers.source
    code = [c for c in cells if c.cell_type == "code"]
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    assert all(c.source in source for c in code)
    assert all(c.execution_count for c in code), "the cells keep the outputs of the build's run"
    assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs)
    assert "sitebuild" not in nb.metadata, "the cache's fingerprint stays out"
    assert nb.metadata["sitebuild_run"]["run"]["python"], "what produced the outputs stays in"


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_colab_opens_the_notebook_the_workflow_publishes(site, name):
    """Colab's address for a GitHub notebook is /github/OWNER/REPO/blob/BRANCH/PATH; the notebook sits
    at the same path on the notebooks branch as in the site (tests/test_workflow.py checks the job that
    copies it there)."""
    link = page(site, name).select_one("a.sitebuild-colab")["href"]
    repository = REPOSITORY["GITHUB_REPOSITORY"]
    assert link == f"https://colab.research.google.com/github/{repository}/blob/notebooks/examples/{name}/{name}.ipynb"
    assert (site / "examples" / name / f"{name}.ipynb").is_file()


def test_a_helper_that_is_not_a_module_or_a_package_fails_the_bundle(tmp_path):
    (tmp_path / "a.py").write_text("# %% [markdown]\n# # A\n\n# %%\nimport no_such_module_here\n", encoding="utf-8")
    with pytest.raises(downloads.BundleError, match="no_such_module_here"):
        downloads.bundle(tmp_path / "a.py")


def test_helpers_come_before_the_helpers_that_import_them(tmp_path):
    (tmp_path / "low.py").write_text("import numpy\n", encoding="utf-8")
    (tmp_path / "high.py").write_text("import low\n", encoding="utf-8")
    (tmp_path / "ex.py").write_text("import high\nimport low\nimport torch.nn\n", encoding="utf-8")
    bundle = downloads.bundle(tmp_path / "ex.py")
    assert [name for name, _ in bundle.helpers] == ["low", "high"]
    assert [r.split("==")[0] for r in bundle.requirements] == ["numpy", "torch"]
    assert "+" not in bundle.pip_line  # torch 2.13.0+cpu is pinned as the release, torch==2.13.0


def test_what_is_installed_is_read_once_per_environment(tmp_path, monkeypatch):
    """A build reads the installed distributions from the store (reading them takes about a second);
    another environment (a package installed or upgraded) reads them again."""
    store = Store(tmp_path)
    kept = downloads.installed_kept(store, "environment a")
    assert kept == downloads.installed()
    assert kept.pinned("numpy", "ex.py") == f"numpy=={metadata.version('numpy')}"
    reads = []
    monkeypatch.setattr(downloads, "installed", lambda: reads.append(1) or kept)
    assert downloads.installed_kept(store, "environment a") == kept and reads == []
    downloads.installed_kept(store, "environment b")
    assert reads == [1]
