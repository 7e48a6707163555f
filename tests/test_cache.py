"""sitebuild.run.cache: a cached run is reused only while its code, the files it used and the environment are unchanged."""

import os
import sys
from pathlib import Path

import nbformat
import pytest

from sitebuild.run import cache as cache_module
from sitebuild.run.cache import ExampleCache
from sitebuild.run.notebook import read_example
from sitebuild.store import Store

EXAMPLE = Path("examples/ex.py")
HELPER = "examples/helper.py"
SOURCE = "# %% [markdown]\n# 설명\n\n# %%\nfrom helper import f\nprint(f())\n"


def executed(root):
    """The example's notebook as if it had run: outputs and consecutive execution counts."""
    nb, _ = read_example(root / EXAMPLE)
    for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), 1):
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    return nb


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "examples").mkdir()
    (tmp_path / EXAMPLE).write_text(SOURCE, encoding="utf-8")
    (tmp_path / HELPER).write_text("def f(): return 1\n")
    return tmp_path


def new_cache(repo):
    return ExampleCache(repo / ".cache", repo, runner="r1")


def lookup(repo, cache=None):
    nb, _ = read_example(repo / EXAMPLE)
    return (cache or new_cache(repo)).lookup(EXAMPLE, nb)


@pytest.fixture
def stored(repo):
    new_cache(repo).store_run(EXAMPLE, executed(repo), [HELPER], {"losses": [2.0, 1.0], "seconds": 0.5})
    assert lookup(repo) is not None
    return repo


def test_a_hit_brings_the_outputs_and_what_the_run_produced(stored):
    merged = lookup(stored)
    assert merged.cells[1].outputs[0]["text"] == "1\n"
    assert merged.metadata["sitebuild_run"] == {"losses": [2.0, 1.0], "seconds": 0.5}
    assert new_cache(stored).last_run(EXAMPLE) == {"dependencies": [HELPER]}


def test_a_prose_edit_is_still_a_hit_and_shows_the_new_prose(stored):
    (stored / EXAMPLE).write_text(SOURCE.replace("설명", "고친 설명"), encoding="utf-8")
    merged = lookup(stored)
    assert merged is not None and "고친 설명" in merged.cells[0].source


def test_a_code_edit_misses(stored):
    (stored / EXAMPLE).write_text(SOURCE.replace("print(f())", "print(f() + 1)"), encoding="utf-8")
    assert lookup(stored) is None


def test_an_edited_or_deleted_dependency_misses(stored):
    (stored / HELPER).write_text("def f(): return 2\n")
    assert lookup(stored) is None
    (stored / HELPER).unlink()
    assert lookup(stored) is None


def test_a_package_version_change_misses(stored, monkeypatch):
    real = cache_module.environment_fingerprint()
    monkeypatch.setattr(cache_module, "environment_fingerprint", lambda: real.replace("torch==", "torch==9"))
    assert lookup(stored) is None


def test_a_changed_runner_misses(stored):
    assert lookup(stored, ExampleCache(stored / ".cache", stored, runner="r2")) is None


def test_changed_plot_settings_miss(stored, monkeypatch, tmp_path):
    rc = tmp_path / "matplotlibrc"
    rc.write_text("lines.linewidth: 3\n")
    monkeypatch.setenv("MATPLOTLIBRC", str(rc))
    assert lookup(stored) is None


def test_environment_lists_the_packages_that_make_outputs():
    names = {line.split("==")[0].lower() for line in cache_module.environment_fingerprint().splitlines()[1:]}
    assert {"torch", "numpy", "matplotlib", "ipykernel"} <= names


def test_environment_is_the_same_whether_or_not_the_repository_is_on_sys_path():
    """`python -m mkdocs` puts the working directory (with this repository's egg-info) on sys.path,
    the `mkdocs` command does not: the two must not see different environments and re-run everything."""
    import subprocess

    code = "from sitebuild.run.cache import environment_fingerprint as f; print(f())"
    root = Path(__file__).resolve().parents[1]
    with_cwd = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    without = subprocess.run([sys.executable, "-c", code], cwd=root.parent, capture_output=True, text=True, check=True)
    assert with_cwd.stdout == without.stdout


def kept(repo):
    """What a build gets for the example: its notebook with outputs from the store, or None for a run."""
    hit = new_cache(repo).lookup_kept(EXAMPLE)
    return None if hit is None else hit[0]


def test_the_kept_lookup_hits_and_misses_where_the_run_lookup_does(stored):
    nb, starts = new_cache(stored).lookup_kept(EXAMPLE)
    assert nb.cells[1].outputs[0]["text"] == "1\n" and starts == read_example(stored / EXAMPLE)[1]
    assert nb.metadata["sitebuild_run"] == {"losses": [2.0, 1.0], "seconds": 0.5}
    (stored / EXAMPLE).write_text(SOURCE.replace("설명", "고친 설명"), encoding="utf-8")
    assert "고친 설명" in kept(stored).cells[0].source
    (stored / HELPER).write_text("def f(): return 2\n")
    assert kept(stored) is None
    (stored / HELPER).write_text("def f(): return 1\n")
    assert kept(stored) is not None
    (stored / EXAMPLE).write_text(SOURCE.replace("print(f())", "print(f() + 1)"), encoding="utf-8")
    assert kept(stored) is None


def test_a_kept_hit_reads_no_example(stored, monkeypatch):
    first = kept(stored)

    def read(path):
        raise AssertionError("the example was read for a hit the store keeps")

    monkeypatch.setattr(cache_module.notebook, "read_example", read)
    assert kept(stored) == first
    (stored / EXAMPLE).write_text(SOURCE.replace("설명", "고친 설명"), encoding="utf-8")
    with pytest.raises(AssertionError, match="the example was read"):
        kept(stored)  # a new prose: the store has no entry for these bytes, the example is read


def test_a_prose_edit_finds_the_run_after_builds_that_found_the_example_kept(stored):
    """Builds that find the whole example kept mark its run as used, so their sweep leaves it for the next
    edit of prose (sitebuild/store.py deletes what a build did not ask for)."""
    for _ in range(2):
        cache = new_cache(stored)  # a build: one store, for the run and for what is made of it
        assert cache.lookup_kept(EXAMPLE) is not None
        cache.store.sweep()
    (stored / EXAMPLE).write_text(SOURCE.replace("설명", "고친 설명"), encoding="utf-8")
    nb, _ = new_cache(stored).lookup_kept(EXAMPLE)
    assert "고친 설명" in nb.cells[0].source and nb.cells[1].outputs[0]["text"] == "1\n"


def test_a_run_is_kept_by_its_code_not_by_ids_or_timings(stored):
    nb, _ = read_example(stored / EXAMPLE)
    for cell in nb.cells:
        cell.id = "other-" + cell.id
    merged = new_cache(stored).lookup(EXAMPLE, nb)
    assert [c.id for c in merged.cells] == [c.id for c in nb.cells]
    nb.cells[1].metadata["tags"] = ["answer"]
    assert new_cache(stored).lookup(EXAMPLE, nb) is None  # answers are folded by their tags: a different page


def test_the_kept_environment_is_read_again_when_a_folder_on_sys_path_changes(tmp_path, monkeypatch):
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.setattr(sys, "path", [str(folder)])
    store = Store(tmp_path / "store")
    calls = []
    monkeypatch.setattr(cache_module, "environment_fingerprint", lambda: calls.append(1) or f"env{len(calls)}")
    assert cache_module.environment_kept(store) == "env1"
    assert cache_module.environment_kept(store) == "env1" and len(calls) == 1  # kept
    (folder / "torch-9.0.dist-info").mkdir()  # what pip does when it installs a distribution
    os.utime(folder, ns=(0, folder.stat().st_mtime_ns + 1))  # a coarse clock could otherwise show no change
    assert cache_module.environment_kept(store) == "env2"
