"""Keeps executed examples in the build's store, matched on their code cells and a fingerprint of all else they use."""

import hashlib
import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

import nbformat

from ..store import SPARE, Store
from . import notebook

# What a run produced besides its outputs (losses, seconds): kept with the outputs, not part of the match.
RESULTS = "sitebuild_run"
# The notebook metadata a hit brings along with the code cells' outputs.
KEPT_METADATA = ("kernelspec", "language_info", RESULTS)


def environment_fingerprint():
    """Python version and every installed distribution's version: a change re-runs every example."""
    # A set: a distribution found twice on sys.path (`python -m` adds the working directory,
    # where this repository's own egg-info lives) must not look like a different environment.
    dists = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()})
    return "\n".join([platform.python_version(), *dists])


def environment_kept(store) -> str:
    """`environment_fingerprint()`, kept in `store` by the modification time of each entry of sys.path:
    installing, upgrading or removing a distribution adds, renames or deletes a file or folder in one of
    them, which moves its time. Reading every distribution's metadata takes a tenth of a second."""
    stamps = "\n".join(f"{entry}\t{os.stat(entry).st_mtime_ns}" for entry in sys.path if entry and os.path.exists(entry))
    return store.text(["environment", stamps, Path(__file__)], environment_fingerprint)


def plot_settings():
    """The user-level matplotlibrc files matplotlib would read (a repository one is recorded as opened)."""
    home = Path.home()
    candidates = [
        os.environ.get("MATPLOTLIBRC"),
        os.environ.get("MPLCONFIGDIR") and os.path.join(os.environ["MPLCONFIGDIR"], "matplotlibrc"),
        home / ".config" / "matplotlib" / "matplotlibrc",
    ]
    return {str(c): _read(Path(c)) for c in candidates if c}


def _read(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<missing>"


class ExampleCache:
    """Executed examples, kept in the store (sitebuild/store.py) by their code cells and fingerprint, plus, per
    example, the files its last run used. An edit of prose matches the run of the same code. Runs are the
    store's SPARE entries: its sweep keeps the last ones no build asked for, so undoing a code edit or
    switching a branch back finds them."""

    def __init__(self, directory: Path, root: Path, runner: str, store=None):
        """`store`: where runs are kept, which also keeps the environment's fingerprint between builds
        (`environment_kept`); by default a store in `directory` that works the fingerprint out every time."""
        self.root = root
        self.runs = directory / "runs"
        self.store = store or Store(directory / "store")
        self.base = {"runner": runner, "environment": environment_kept(store) if store else environment_fingerprint(), "plot": plot_settings()}

    def fingerprint(self, dependencies) -> str:
        """Hash of the environment, the runner code and the current bytes of each dependency."""
        files = {dep: _read(self.root / dep) for dep in sorted(dependencies)}
        return hashlib.sha256(json.dumps({**self.base, "files": files}, sort_keys=True).encode()).hexdigest()

    def last_run(self, example: Path) -> dict:
        path = self.runs / f"{example.stem}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"dependencies": []}

    def lookup(self, example: Path, nb, fingerprint: str | None = None):
        """The notebook with cached outputs merged in, or None when its code or anything it used changed."""
        if fingerprint is None:
            fingerprint = self.fingerprint(self.last_run(example)["dependencies"])
        run = self.store.json(_run_parts(nb, fingerprint), lambda: None, SPARE)
        if run is None:
            return None
        merged = nbformat.from_dict(nb)
        merged.metadata.update({k: v for k, v in run["metadata"].items() if k in KEPT_METADATA})
        code = iter(run["cells"])
        for index, cell in enumerate(merged.cells):
            if cell.cell_type == "code":
                merged.cells[index] = nbformat.from_dict({**next(code), "id": cell.id})
        return merged

    def lookup_kept(self, example: Path):
        """(the example's notebook with its cached outputs, each cell's first line in the file), or None when
        its run is not cached. A hit is kept in the store by the example's bytes and its fingerprint, so that a
        build with nothing changed reads one file per example instead of parsing the script (jupytext); the
        store keeps the run it came from as long (sitebuild/store.py, NEEDS), for the next edit of prose."""
        fingerprint = self.fingerprint(self.last_run(example)["dependencies"])

        def make():
            nb, starts = notebook.read_example(self.root / example)
            merged = self.lookup(example, nb, fingerprint)
            return None if merged is None else {"notebook": merged, "starts": starts}

        kept = self.store.json(["executed", str(example), self.root / example, fingerprint, Path(__file__), Path(notebook.__file__)], make)
        return None if kept is None else (nbformat.from_dict(kept["notebook"]), kept["starts"])

    def store_run(self, example: Path, executed, dependencies, results: dict):
        """Keep a successful run (failures never reach here) and remember the files it used."""
        fingerprint = self.fingerprint(dependencies)
        executed.metadata[RESULTS] = results
        run = {
            "cells": [{k: v for k, v in cell.items() if k != "id"} for cell in executed.cells if cell.cell_type == "code"],
            "metadata": {k: v for k, v in executed.metadata.items() if k in KEPT_METADATA},
        }
        self.store.json(_run_parts(executed, fingerprint), lambda: run, SPARE)
        self.runs.mkdir(parents=True, exist_ok=True)
        record = {"dependencies": sorted(dependencies)}
        (self.runs / f"{example.stem}.json").write_text(json.dumps(record), encoding="utf-8")
        return executed


def _run_parts(nb, fingerprint):
    """What a run is kept by: the kernel, each code cell's source and tags (answers run too, and are
    folded by them), and the fingerprint; not the prose, nor the ids, nor nbclient's timings."""
    code = [(c.source, c.metadata.get("tags", [])) for c in nb.cells if c.cell_type == "code"]
    return ["run", json.dumps({"kernelspec": nb.metadata.get("kernelspec"), "code": code}, sort_keys=True, ensure_ascii=False), fingerprint, Path(__file__)]
