"""A broken example in a copy of the repository fails the build, naming the file and the line."""

import shutil
from pathlib import Path

import pytest
from filelock import FileLock

from sitecopy import REPO, build, copy_repository

EXAMPLE = "examples/1_1_Numpy_warm_up.py"


@pytest.fixture
def repo(site, tmp_path):
    """A copy of the repository with the execution cache of the session's build (the `site` fixture), less the
    broken example's record: only that example runs, not every example from cold."""
    copy = copy_repository(tmp_path / "repo")
    cache, copied = REPO / ".cache" / "examples", copy / ".cache" / "examples"
    with FileLock(REPO / ".cache" / "tests-build.lock"):  # no build of the repository writes it meanwhile
        shutil.copytree(cache / "store", copied / "store")  # the runs, and what the build made of them
        shutil.copytree(cache / "runs", copied / "runs", ignore=shutil.ignore_patterns(f"{Path(EXAMPLE).stem}.json"))
    return copy


def insert_after(path: Path, needle: str, new_line: str) -> int:
    """Insert `new_line` after the first line containing `needle`; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if needle in line)
    lines.insert(index + 1, new_line + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return index + 2


def test_exception_fails_the_build_naming_file_and_line(repo, tmp_path):
    line = insert_after(repo / EXAMPLE, "learning_rate = 1e-6", "learning_rate = learning_rate / 0")
    proc = build(repo, tmp_path / "site")
    assert proc.returncode != 0
    assert f"{EXAMPLE}:{line}: ZeroDivisionError: float division by zero" in proc.stdout
    assert "Traceback" not in proc.stdout  # a short message, not a wall of kernel traceback
    assert not (repo / ".cache" / "examples" / "runs" / "1_1_Numpy_warm_up.json").exists()
    assert not (tmp_path / "site" / "examples" / "1_1_Numpy_warm_up" / "index.html").exists()


def test_hang_fails_the_build_after_the_timeout(repo, tmp_path):
    insert_after(repo / EXAMPLE, "learning_rate = 1e-6", "import time; time.sleep(600)")
    # Only this example runs (the cache holds the others), and its slowest cell takes under a second
    # here: 8 s times out the hang alone, even on a loaded machine.
    proc = build(repo, tmp_path / "site", timeout=240, EXAMPLE_TIMEOUT=8)
    assert proc.returncode != 0
    assert f"{EXAMPLE}:" in proc.stdout and "timed out" in proc.stdout and "within 8 s" in proc.stdout
    assert not (repo / ".cache" / "examples" / "runs" / "1_1_Numpy_warm_up.json").exists()
