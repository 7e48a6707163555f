"""The downloads run where readers take them. Each page's .py and .ipynb, fetched from the served site and put
alone in an empty folder, runs in a fresh virtual environment that holds only the packages its opening names
(the notebook also gets ipykernel, its kernel), and prints the losses its page shows when run with the
thread settings its page shows. The twenty runs are queued together and run one per core at a time
(the steps' pages show one math-library thread each); each test waits for its own."""

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

import notebook_runner
from conftest import ALL_EXAMPLE_PAGES, printed_losses
from sitebuild.page import runinfo
from test_downloads import pip_line

TIMEOUT = 900
RUNNER = Path(notebook_runner.__file__)
# What a venv must not inherit from the test run: its packages, and settings a reader does not have.
PRIVATE = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MPLBACKEND", "PYTHONWARNINGS")


def clean_environment(**extra):
    env = {k: v for k, v in os.environ.items() if k not in PRIVATE}
    return {**env, **extra}


def pip(python, *args):
    """This pip, installing into the venv of `python` (the venv itself has no pip: nothing it does not name)."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-compile", *args],
        capture_output=True, text=True, timeout=TIMEOUT, env=clean_environment(),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def fetch(base_url, tmp_path_factory):
    """Download a file of the served site into a new empty folder; returns its path there."""

    def get(url_path):
        folder = tmp_path_factory.mktemp("alone")
        path = folder / url_path.rsplit("/", 1)[-1]
        with urllib.request.urlopen(base_url + url_path) as response:
            path.write_bytes(response.read())
        return path

    return get


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh venv per pip line (memoised: files naming the same packages share one), without pip or
    setuptools of its own; with `kernel`, a copy of it with ipykernel added."""
    # Runs ask from the pool's threads: two venvs are made at once, one venv once (a lock per venv).
    made, locks, lock = {}, {}, threading.Lock()

    def make(line, kernel=False):
        key = (line, kernel)
        with lock:
            key_lock = locks.setdefault(key, threading.Lock())
        with key_lock:
            if key not in made:
                made[key] = create(line, kernel)
            return made[key]

    def create(line, kernel):
        folder = tmp_path_factory.mktemp("venv")
        if kernel:
            base = make(line)
            shutil.rmtree(folder)
            # Hard links: the copy takes no disk and seconds; pip only adds and replaces whole files.
            subprocess.run(["cp", "-al", str(base.parent.parent), str(folder)], check=True)
            python = folder / "bin" / "python"
            pip(python, f"ipykernel=={metadata.version('ipykernel')}")
            subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(folder), "--name", "download"],
                           check=True, capture_output=True, env=clean_environment())
        else:
            subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
            python = folder / "bin" / "python"
            pip(python, *line.removeprefix("pip install ").split())
        return python

    return make


def page_of(site, name):
    return BeautifulSoup((site / "examples" / name / "index.html").read_text(encoding="utf-8"), "html.parser")


def page_losses(site, name):
    return printed_losses("\n".join(o.get_text() for o in page_of(site, name).select(".jp-OutputArea-output")))


def page_threads(site, name):
    """The math libraries' thread settings the page's run info shows (NumPy's last digits depend on them)."""
    rows = {tr.th.get_text(): tr.td.get_text() for tr in page_of(site, name).select(f".celltag_{runinfo.TAG} tr")}
    return dict(re.findall(r"([A-Z_]+)=(\d+)", rows["수학 라이브러리 스레드"]))  # one setting a line, <br> between


IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| +(\S+)$", re.MULTILINE)


def run_script(site, fetch, venv, name):
    """The page's .py run alone with the venv of its pip line: (returncode, stdout, stderr with import times)."""
    script = fetch(f"examples/{name}/{name}.py")
    assert [p.name for p in script.parent.iterdir()] == [script.name]
    python = venv(pip_line(script.read_text(encoding="utf-8")))
    return subprocess.run(
        [str(python), "-X", "importtime", script.name], cwd=script.parent, capture_output=True, text=True,
        timeout=TIMEOUT, env=clean_environment(MPLBACKEND="Agg", **page_threads(site, name)),
    )


def run_notebook(site, fetch, venv, name):
    """The page's .ipynb run alone by tests/notebook_runner.py in a kernel of the venv of its pip line: the notebook as run."""
    path = fetch(f"examples/{name}/{name}.ipynb")
    python = venv(pip_line(nbformat.read(path, as_version=4).cells[0].source), kernel=True)
    out = path.with_name("executed.ipynb")
    env = json.dumps(clean_environment(**page_threads(site, name)))
    proc = subprocess.run(
        [sys.executable, str(RUNNER), str(path), str(python.parent.parent / "share" / "jupyter" / "kernels"), env, str(out)],
        capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return nbformat.read(out, as_version=4)


@pytest.fixture(scope="module")
def runs(site, fetch, venv):
    """{(kind, name): Future} of every download's run, started at once, at most one per core at a time;
    the benchmark (2_*), the longest, first."""
    order = sorted(ALL_EXAMPLE_PAGES, key=lambda name: not name.startswith("2_"))
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        yield {
            (kind, name): pool.submit(run, site, fetch, venv, name)
            for name in order
            for kind, run in (("script", run_script), ("notebook", run_notebook))
        }


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_script_runs_alone_in_a_fresh_venv(site, runs, name):
    proc = runs["script", name].result()
    errors = IMPORTED.sub("", proc.stderr).replace("import time: self [us] | cumulative | imported package\n", "").strip()
    assert proc.returncode == 0, errors[-3000:]
    assert errors == ""
    assert printed_losses(proc.stdout) == page_losses(site, name)
    # Nothing needs distutils, which Python 3.12 (Colab's) removed.
    assert not [m for m in IMPORTED.findall(proc.stderr) if m.split(".")[0] == "distutils"]


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_notebook_runs_alone_in_a_fresh_venv(site, runs, name):
    nb = runs["notebook", name].result()
    probe = nb.cells.pop()
    assert probe.metadata.tags == ["probe"]
    # A line the kernel flushed in pieces (a loaded machine) arrives as several stream outputs: join a cell's as one.
    stdout = "\n".join(
        "".join(o.get("text", "") for o in c.outputs if o.get("name") == "stdout") for c in nb.cells if c.cell_type == "code"
    )
    stderr = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stderr"]
    assert stderr == []
    assert "새로 설치한 패키지: 없음" in stdout  # the install cell found everything the pip line named
    assert printed_losses(stdout) == page_losses(site, name)
    assert probe.outputs[0]["text"].strip() == "[]"
