"""Build the site from the repository or from a throwaway copy of it, as the tests need."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

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
    """`mkdocs build --strict` in `root`; returns the CompletedProcess (output in .stdout, merged)."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **{k: str(v) for k, v in env.items()}}
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
