"""A mkdocs-jupyter setting the pipeline cannot work with fails the build at once, saying what to change."""

import pytest

from sitecopy import build, copy_repository, executed

# The lines of mkdocs.yml's mkdocs-jupyter block, and what each test changes them to.
INCLUDE = 'include: ["examples/[0-9]*.py", "examples/[0-9]*.ipynb"]'
CHANGES = {
    "execute": ("execute: false", "execute: true", "mkdocs-jupyter's execute must be false"),
    "include_source": ("include_source: false", "include_source: true", "mkdocs-jupyter's include_source must be false"),
    "include without the executed notebooks": (INCLUDE, 'include: ["examples/[0-9]*.py"]', "does not match 1_1_Numpy_warm_up.ipynb"),
    "include without the examples": (INCLUDE, 'include: ["*.ipynb"]', "does not match 1_1_Numpy_warm_up.py"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_setting_the_pipeline_cannot_work_with_fails_before_anything_runs(tmp_path, change):
    old, new, message = CHANGES[change]
    repo = copy_repository(tmp_path / "repo")
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count(old) == 1, f"mkdocs.yml no longer has {old!r}"
    (repo / "mkdocs.yml").write_text(config.replace(old, new), encoding="utf-8")
    proc = build(repo, tmp_path / "site", timeout=120)
    assert proc.returncode != 0
    assert message in proc.stdout and "mkdocs.yml" in proc.stdout, proc.stdout[-2000:]
    assert executed(proc) == [] and not (tmp_path / "site" / "index.html").exists()


def test_without_mkdocs_jupyter_the_build_says_to_add_it(tmp_path):
    repo = copy_repository(tmp_path / "repo")
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    start = config.index("  - mkdocs-jupyter:")
    end = config.index("markdown_extensions:")
    (repo / "mkdocs.yml").write_text(config[:start] + "\n" + config[end:], encoding="utf-8")
    proc = build(repo, tmp_path / "site", timeout=120)
    assert proc.returncode != 0
    assert "add the mkdocs-jupyter plugin" in proc.stdout, proc.stdout[-2000:]
