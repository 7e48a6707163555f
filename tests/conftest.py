"""Shared fixtures: run an example as a script, read its printed losses, load its definitions."""

import contextlib
import io
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild.run.execute import THREAD_SETTINGS

# One math-library thread in each process that runs an example: this worker's in-process runs and the
# scripts it starts. Two workers share the cores with the site's build and the downloads' runs; with more
# threads than cores, the libraries' spinning threads fight over them (1_7, six seconds alone, took a
# minute). Set before NumPy or torch loads. Builds (tests/sitecopy.py) choose their own, as they do outside.
os.environ.update(dict.fromkeys(THREAD_SETTINGS, "1"))

from browser import base_url, browser, playwright  # noqa: F401  (fixtures of the Chromium tests: served site, browser)
from session_once import once  # a result made by the first worker to ask, read by the others
from visits import seen  # noqa: F401  (every page as Chromium showed it, for the reading and accessibility tests)

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

# Every example page; the tutorial's training steps (1_*) are the ones that record and plot `losses`.
ALL_EXAMPLE_PAGES = sorted(p.stem for p in EXAMPLES.glob("[0-9]*.py"))
EXAMPLE_PAGES = sorted(p.stem for p in EXAMPLES.glob("1_*.py"))

LOSS_LINE = re.compile(r"^(\d+) ([0-9.eE+-]+)$", re.MULTILINE)

# The modules that start first, longest first. `make test` hands whole modules to its workers in
# collection order (pytest-xdist's --dist loadfile --no-loadscope-reorder), two to each at the start,
# then one more as each finishes: a long module started last would leave the other core idle. The
# first needs the site, so its worker builds it (a minute and more); the second and fourth, which the
# other worker gets, need no site and keep that core busy meanwhile. The rest follow in file order.
FIRST = [
    "test_download_runs.py",  # about 150 s once the site is built
    "test_rebuilds.py",  # 80 s, no site: builds of a small project of its own
    "test_reading.py",  # 85 s
    "test_examples.py",  # 50 s, no site: the examples run as scripts
    "test_css_purge.py",  # 55 s
    "test_browser.py",  # 50 s
    "test_accessibility.py",  # 47 s
    "test_page_weight.py",  # 33 s
    "test_links.py",  # 29 s
    "test_copy_button.py",  # 20 s
]


def pytest_collection_modifyitems(items):
    """Put the modules of FIRST first, in its order; the others keep theirs (a stable sort)."""
    rank = {name: i for i, name in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(FIRST)))


def run_script(path, cwd, timeout=300):
    """Run `path` with this Python from `cwd`, as a reader would; fail the test on a non-zero exit."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "default"}
    proc = subprocess.run(
        [sys.executable, str(path)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, f"{path.name} failed:\n{proc.stderr}"
    return proc


def prose_cells(path):
    """The Markdown cells of a percent-format example, as their commented source text."""
    text = Path(path).read_text(encoding="utf-8")
    cells = re.split(r"^# %%.*$", text, flags=re.MULTILINE)
    kinds = re.findall(r"^# %%(.*)$", text, flags=re.MULTILINE)
    return [cell for kind, cell in zip(kinds, cells[1:]) if "[markdown]" in kind]


def printed_losses(stdout):
    """The `step loss` lines an example prints, as (step, loss) pairs."""
    return [(int(step), float(loss)) for step, loss in LOSS_LINE.findall(stdout)]


@pytest.fixture(scope="session")
def shared_tmp(tmp_path_factory, worker_id):
    """A folder every pytest-xdist worker of the session sees (pytest-xdist's own recipe: each worker's base
    temp folder sits in one folder of the session); without workers, the session's base temp folder."""
    return tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent


@pytest.fixture(scope="session")
def script_run(shared_tmp):
    """Run an example by file name from an unrelated directory, once per session (session_once.py)."""

    def run(name):
        def make():
            cwd = shared_tmp / f"script-run-{name}"
            cwd.mkdir(exist_ok=True)
            proc = run_script(EXAMPLES / name, cwd)
            return {"args": proc.args, "stdout": proc.stdout, "stderr": proc.stderr}

        return subprocess.CompletedProcess(returncode=0, **once(shared_tmp, f"script-run-{name}", make))

    return run


@pytest.fixture(scope="session")
def in_process_run():
    """Execute an example in this process, once per worker: (its module globals, what it printed)."""
    results = {}

    def load(name):
        if name not in results:
            import matplotlib

            matplotlib.use("Agg")  # no window, and no change to the environment later builds inherit
            sys.path.insert(0, str(EXAMPLES))
            printed = io.StringIO()
            try:
                with contextlib.redirect_stdout(printed):
                    module = runpy.run_path(str(EXAMPLES / name), run_name="__main__")  # as a script runs: its printed class names match
            finally:
                sys.path.remove(str(EXAMPLES))
            results[name] = (module, printed.getvalue())
        return results[name]

    return load


@pytest.fixture(scope="session")
def example_globals(in_process_run):
    """An example's module globals (definitions and results), from its run in this process."""
    return lambda name: in_process_run(name)[0]


# The site the tests read is built as GitHub Actions builds it: knowing its repository (so pages link
# it: edit, feedback, Colab) and printing the book's PDF. A fixed repository name keeps the links alike
# wherever the tests run; tests/test_talk_back.py also builds the site without one.
SITE_URL = "https://sitebuild-tests.github.io/pytorch-examples-ko/"
REPOSITORY = {"GITHUB_REPOSITORY": "sitebuild-tests/pytorch-examples-ko", "GITHUB_SERVER_URL": "https://github.com"}


@pytest.fixture(scope="session")
def site(shared_tmp):
    """The site, built once per test session with `mkdocs build --strict`, which must log no warning.
    Under pytest-xdist (`make test`) the first worker to get here builds it; the others wait and read it."""
    from sitecopy import build

    def make():
        proc = build(REPO, shared_tmp / "site", SITE_URL=SITE_URL, BOOK_PDF="true", **REPOSITORY)
        return {"returncode": proc.returncode, "stdout": proc.stdout}

    proc = once(shared_tmp, "site-build", make)
    assert proc["returncode"] == 0, proc["stdout"]
    warnings = [line for line in proc["stdout"].splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert warnings == []
    return shared_tmp / "site"
