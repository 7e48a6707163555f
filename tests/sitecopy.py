"""Build the site from the repository or from a throwaway copy of it, as the tests need."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

from sitebuild.run.execute import THREAD_SETTINGS

REPO = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]
EXECUTED = re.compile(r"executed (examples/\S+\.py)")


def copy_repository(dest: Path) -> Path:
    """A copy of the sources (no git, virtualenv, caches or build output); node_modules is linked."""
    shutil.copytree(
        REPO,
        dest,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "site", ".cache", "node_modules", "__pycache__", ".pytest_cache", "screenshots"
        ),
    )
    (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest


def build(root: Path, site_dir: Path, timeout=900, **env):
    """`mkdocs build --strict` in `root`; returns the CompletedProcess (output in .stdout, merged).
    Builds of one folder take turns (tests on other pytest-xdist workers may build it too): they share its caches."""
    inherited = {k: v for k, v in os.environ.items() if k not in THREAD_SETTINGS}  # the build sets its examples' own
    environment = {**inherited, "NO_MKDOCS_2_WARNING": "1", **{k: str(v) for k, v in env.items()}}
    (root / ".cache").mkdir(exist_ok=True)
    with FileLock(root / ".cache" / "tests-build.lock"):
        return subprocess.run(
            [*MKDOCS, "build", "--strict", "--site-dir", str(site_dir)],
            cwd=root,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )


def executed(proc) -> list:
    """The examples a build executed (rather than took from the cache), from its log."""
    return EXECUTED.findall(proc.stdout)


MINI_CONFIG = """\
site_name: mini
docs_dir: docs
nav:
  - a: examples/a.py
  - b: examples/b.py
theme:
  name: material
plugins:
  - run-examples:
      examples: "examples/[a-z].py"
      timeout: 120
      cache: !ENV [EXAMPLE_CACHE, true]
      jobs: !ENV [EXAMPLE_JOBS, 0]
      diffs: false  # its examples are not steps of one lesson
  - mkdocs-jupyter:
      include: ["examples/[a-z].py", "examples/[a-z].ipynb"]
      execute: false
      cache: true
      cache_dir: .cache/render
"""

# Each example waits until the other one has started: run one after the other, both would fail.
BARRIER = """
import pathlib, time
pathlib.Path("started-{me}").touch()
deadline = time.time() + 60
while not pathlib.Path("started-{other}").exists():
    assert time.time() < deadline, "the other example never started alongside this one"
    time.sleep(0.05)
"""


def mini_project(root: Path, barrier=False) -> Path:
    """A two-example site using this repository's build extension; `a` imports a module and reads a file."""
    examples = root / "examples"
    examples.mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "examples").symlink_to("../examples")
    (root / "mkdocs.yml").write_text(MINI_CONFIG, encoding="utf-8")
    (root / "node_modules").symlink_to(REPO / "node_modules")
    (examples / "helper.py").write_text("def double(v):\n    return 2 * v\n", encoding="utf-8")
    (examples / "data.csv").write_text("21\n", encoding="utf-8")
    wait = BARRIER.format if barrier else (lambda **_: "")
    (examples / "a.py").write_text(
        "# %% [markdown]\n# # 예제 A\n#\n# 설명 A\n\n# %%\nfrom helper import double\n"
        + wait(me="a", other="b")
        + "print('a', double(int(open('data.csv').read())))\n",
        encoding="utf-8",
    )
    (examples / "b.py").write_text(
        "# %% [markdown]\n# # 예제 B\n\n# %%\n" + wait(me="b", other="a") + "print('b')\n", encoding="utf-8"
    )
    return root
