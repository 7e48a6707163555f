"""What a rebuild executes, counted from the build log: exactly the examples whose inputs changed."""

import json
from pathlib import Path

import pytest

from sitecopy import build, executed, mini_project

A, B = "examples/a.py", "examples/b.py"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A mini site after a first (cold) build, which must run both examples at the same time."""
    root = mini_project(tmp_path_factory.mktemp("mini"), barrier=True)
    cold = build(root, root / "site", EXAMPLE_JOBS=2)
    assert cold.returncode == 0, cold.stdout
    assert sorted(executed(cold)) == [A, B]
    for marker in root.glob("examples/started-*"):
        marker.unlink()
    # Without the barrier from here on: later builds run one example at a time.
    for name in ("a.py", "b.py"):
        path = root / "examples" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.index("\nimport pathlib")] + text[text.index("\nprint("):], encoding="utf-8")
    settle = build(root, root / "site")
    assert settle.returncode == 0, settle.stdout
    return root


def rebuild(root, **env):
    proc = build(root, root / "site", **env)
    assert proc.returncode == 0, proc.stdout
    return sorted(executed(proc))


def edit(path: Path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def page(root, name):
    html = (root / "site" / "examples" / name / "index.html").read_text(encoding="utf-8")
    assert "jp-OutputArea-output" in html, "not rendered as an executed notebook"
    return html


def test_nothing_changed_runs_nothing(project):
    assert rebuild(project) == []


def test_prose_edit_runs_nothing_and_shows_the_new_prose(project):
    edit(project / A, "설명 A", "고친 설명 A")
    assert rebuild(project) == []
    assert "고친 설명 A" in page(project, "a")
    assert "a 42" in page(project, "a")


def test_code_edit_runs_that_example(project):
    edit(project / A, "print('a', ", "print('a',  ")
    assert rebuild(project) == [A]


def test_imported_module_edit_runs_its_importers(project):
    edit(project / "examples/helper.py", "2 * v", "v * 2")
    assert rebuild(project) == [A]


def test_data_file_edit_runs_its_readers(project):
    (project / "examples/data.csv").write_text("20\n", encoding="utf-8")
    assert rebuild(project) == [A]
    assert "a 40" in page(project, "a")


def test_the_store_keeps_what_the_last_build_used(project):
    """A build's products (here the typeset math of b's page) are swept when a later build no longer needs them."""
    store = project / ".cache" / "examples" / "store"

    def math_entries():  # typeset math (sitebuild/site/static_math.py) holds only its markup and CSS
        return sorted(p.name for p in store.glob("*.json") if set(json.loads(p.read_text(encoding="utf-8"))) == {"html", "css"})

    assert math_entries() == []  # the pages have no math
    before = {p.name for p in store.iterdir()}  # the trimmed stylesheet
    assert before
    edit(project / B, "# # 예제 B\n", "# # 예제 B\n#\n# 수식 $x^2$\n")
    assert rebuild(project) == []
    first = math_entries()
    assert len(first) == 1
    edit(project / B, "$x^2$", "$y^2$")
    assert rebuild(project) == []
    second = math_entries()
    assert len(second) == 1 and second != first
    edit(project / B, "# # 예제 B\n#\n# 수식 $y^2$\n", "# # 예제 B\n")
    assert rebuild(project) == []
    assert {p.name for p in store.iterdir()} == before


def test_plot_settings_change_runs_everything(project, tmp_path):
    rc = tmp_path / "matplotlibrc"
    rc.write_text("lines.linewidth: 3\n")
    assert rebuild(project, MATPLOTLIBRC=rc) == [A, B]
    assert rebuild(project, MATPLOTLIBRC=rc) == []
    # Back to the earlier settings: the runs made with them are still in the cache.
    assert rebuild(project) == []


def test_disabling_the_cache_runs_everything(project):
    assert rebuild(project, EXAMPLE_CACHE="false") == [A, B]


def test_a_failure_is_never_cached(project):
    edit(project / B, "print('b')", "print('b'); 1 / 0")
    for _ in range(2):
        proc = build(project, project / "site")
        assert proc.returncode != 0
        assert "examples/b.py:6: ZeroDivisionError: division by zero" in proc.stdout
        assert executed(proc) == []  # logged as executed only when it succeeded
    # Undoing the break brings back the last good run, which is still in the cache.
    edit(project / B, "print('b'); 1 / 0", "print('b')")
    assert rebuild(project) == []
    assert "<pre>b" in page(project, "b")


TIMED = """# %%
import time
start = time.time()
time.sleep(1.5)
with open("intervals.txt", "a") as log:
    log.write(f"{start} {time.time()}\\n")
"""


@pytest.mark.parametrize("jobs, overlap", [(1, False), (2, True)])
def test_no_more_examples_run_at_once_than_jobs(tmp_path, jobs, overlap):
    """With `jobs: 1` the examples' cells never run at the same time (a spare kernel may boot, no more)."""
    root = mini_project(tmp_path / "mini")
    for name in ("a.py", "b.py"):
        (root / "examples" / name).write_text(TIMED, encoding="utf-8")
    proc = build(root, root / "site", EXAMPLE_JOBS=jobs)
    assert proc.returncode == 0, proc.stdout
    (s1, e1), (s2, e2) = sorted(
        tuple(map(float, line.split())) for line in (root / "examples" / "intervals.txt").read_text().splitlines()
    )
    assert (s2 < e1) == overlap


def test_an_exclusive_example_runs_alone_before_the_others(tmp_path):
    """Examples that time themselves (`exclusive` in the plugin's settings) never share the machine."""
    root = mini_project(tmp_path / "mini")
    for name in ("a.py", "b.py"):
        (root / "examples" / name).write_text(TIMED, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      jobs: !ENV [EXAMPLE_JOBS, 0]\n", '      jobs: !ENV [EXAMPLE_JOBS, 0]\n      exclusive: ["examples/a.py"]\n'
        ),
        encoding="utf-8",
    )
    assert "exclusive" in config.read_text(encoding="utf-8")
    proc = build(root, root / "site", EXAMPLE_JOBS=2)
    assert proc.returncode == 0, proc.stdout
    assert executed(proc) == [A, B]  # the exclusive one first
    (s1, e1), (s2, e2) = sorted(
        tuple(map(float, line.split())) for line in (root / "examples" / "intervals.txt").read_text().splitlines()
    )
    assert s2 >= e1


def test_a_page_is_read_while_another_example_still_runs(tmp_path):
    """A page waits for its own example only: b's page notebook (written when mkdocs reads b's page) is
    there before the slow example a has finished. b's file is the longer, so its run starts first."""
    root = mini_project(tmp_path / "mini")
    (root / "examples" / "a.py").write_text(
        "# %%\nimport time\ntime.sleep(4)\nwith open('a-ended.txt', 'w') as f:\n    f.write(str(time.time()))\n", encoding="utf-8"
    )
    (root / "examples" / "b.py").write_text("# %% [markdown]\n# # 예제 B\n#\n# " + "긴 설명. " * 50 + "\n\n# %%\nprint('b')\n", encoding="utf-8")
    proc = build(root, root / "site", EXAMPLE_JOBS=2)
    assert proc.returncode == 0, proc.stdout
    b_page = root / ".cache" / "examples" / "pages" / "examples" / "b.ipynb"
    assert b_page.stat().st_mtime < float((root / "examples" / "a-ended.txt").read_text())
    assert "<pre>b" in page(root, "b")
