"""sitebuild.cache: a cached run is reused only while the example, its imports and the environment are unchanged."""

from pathlib import Path

import nbformat
import pytest

from sitebuild import cache as cache_module
from sitebuild.cache import ExecutionCache

EXAMPLE = Path("examples/ex.py")
HELPER = "examples/helper.py"


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "examples").mkdir()
    (tmp_path / EXAMPLE).write_text("# %%\nfrom helper import f\n")
    (tmp_path / HELPER).write_text("def f(): pass\n")
    return tmp_path


@pytest.fixture
def stored(repo):
    c = ExecutionCache(repo / ".cache", repo, settings="s")
    c.store(EXAMPLE, nbformat.v4.new_notebook(), [HELPER])
    assert c.lookup(EXAMPLE) is not None
    return c


def test_unchanged_is_a_hit(stored, repo):
    again = ExecutionCache(repo / ".cache", repo, settings="s")
    assert again.lookup(EXAMPLE) == repo / ".cache" / "ex.ipynb"


def test_editing_the_example_invalidates(stored, repo):
    (repo / EXAMPLE).write_text("# %%\nfrom helper import f\nf()\n")
    assert stored.lookup(EXAMPLE) is None


def test_editing_an_imported_module_invalidates(stored, repo):
    (repo / HELPER).write_text("def f(): return 1\n")
    assert stored.lookup(EXAMPLE) is None


def test_deleting_an_imported_module_invalidates(stored, repo):
    (repo / HELPER).unlink()
    assert stored.lookup(EXAMPLE) is None


def test_a_package_version_change_invalidates(stored, repo, monkeypatch):
    real = cache_module.environment_fingerprint()
    monkeypatch.setattr(cache_module, "environment_fingerprint", lambda: real.replace("torch==", "torch==9"))
    assert ExecutionCache(repo / ".cache", repo, settings="s").lookup(EXAMPLE) is None


def test_environment_lists_the_packages_that_make_outputs():
    names = {line.split("==")[0].lower() for line in cache_module.environment_fingerprint().splitlines()[1:]}
    assert {"torch", "numpy", "matplotlib", "ipykernel"} <= names


def test_forget_removes_the_entry(stored):
    stored.forget(EXAMPLE)
    assert stored.lookup(EXAMPLE) is None
