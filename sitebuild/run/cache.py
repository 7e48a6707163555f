"""Keeps executed examples in jupyter-cache, matched on their code cells and a fingerprint of all else they use."""

import hashlib
import json
import os
import platform
import sys
from functools import cached_property
from importlib import metadata
from pathlib import Path

import nbformat

from . import notebook

# Metadata that jupyter-cache hashes besides the code cells' source. Not the cells' execution
# timestamps, which nbclient writes into each executed cell's metadata.
HASHED_METADATA = ("kernelspec", "sitebuild")
HASHED_CELL_METADATA = ("tags",)
# What a run produced besides its outputs (losses, seconds): kept with the notebook, not hashed.
RESULTS = "sitebuild_run"


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


def _jupyter_cache(folder: str):
    """jupyter-cache in `folder`, told to hash our fingerprint along with the kernelspec. Imported here, not
    at the top: its database layer (SQLAlchemy) takes a third of a second to import, which a build whose
    examples are all kept in the store (`ExampleCache.lookup_kept`) does not need."""
    from jupyter_cache.cache.main import JupyterCacheBase

    class Cache(JupyterCacheBase):
        def create_hashed_notebook(self, nb, nb_metadata=HASHED_METADATA, cell_metadata=HASHED_CELL_METADATA):
            return super().create_hashed_notebook(nb, nb_metadata, cell_metadata)

    return Cache(folder)


class ExampleCache:
    """Executed notebooks (jupyter-cache) plus, per example, the files its last run used."""

    def __init__(self, directory: Path, root: Path, runner: str, store=None):
        """`store`, when given, keeps the environment's fingerprint between builds (`environment_kept`)."""
        self.root = root
        self.runs = directory / "runs"
        self.folder = directory / "jupyter-cache"
        self.base = {"runner": runner, "environment": environment_kept(store) if store else environment_fingerprint(), "plot": plot_settings()}

    def fingerprint(self, dependencies) -> str:
        """Hash of the environment, the runner code and the current bytes of each dependency."""
        files = {dep: _read(self.root / dep) for dep in sorted(dependencies)}
        return hashlib.sha256(json.dumps({**self.base, "files": files}, sort_keys=True).encode()).hexdigest()

    def last_run(self, example: Path) -> dict:
        path = self.runs / f"{example.stem}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"dependencies": []}

    @cached_property
    def jupyter(self):
        return _jupyter_cache(str(self.folder))

    def lookup(self, example: Path, nb, fingerprint: str | None = None):
        """The notebook with cached outputs merged in, or None when its code or anything it used changed."""
        if fingerprint is None:
            fingerprint = self.fingerprint(self.last_run(example)["dependencies"])
        nb.metadata["sitebuild"] = {"fingerprint": fingerprint}
        try:
            _, merged = self.jupyter.merge_match_into_notebook(nb, nb_meta=("kernelspec", "language_info", RESULTS))
        except KeyError:
            return None
        return merged

    def lookup_kept(self, store, example: Path):
        """(the example's notebook with its cached outputs, each cell's first line in the file), or None when
        its run is not cached. A hit is kept in `store` by the example's bytes and its fingerprint, the same
        inputs `lookup` matches on, so that a build with nothing changed reads one file per example instead
        of parsing the script and querying jupyter-cache."""
        fingerprint = self.fingerprint(self.last_run(example)["dependencies"])

        def make():
            nb, starts = notebook.read_example(self.root / example)
            merged = self.lookup(example, nb, fingerprint)
            return None if merged is None else {"notebook": merged, "starts": starts}

        kept = store.json(["executed", str(example), self.root / example, fingerprint, Path(__file__), Path(notebook.__file__)], make)
        return None if kept is None else (nbformat.from_dict(kept["notebook"]), kept["starts"])

    def store(self, example: Path, executed, dependencies, results: dict):
        """Cache a successful run (failures never reach here) and remember the files it used."""
        executed.metadata["sitebuild"] = {"fingerprint": self.fingerprint(dependencies)}
        executed.metadata[RESULTS] = results
        from jupyter_cache.base import CacheBundleIn

        self.jupyter.cache_notebook_bundle(CacheBundleIn(executed, uri=str(example)), overwrite=True)
        self.runs.mkdir(parents=True, exist_ok=True)
        run = {"dependencies": sorted(dependencies)}
        (self.runs / f"{example.stem}.json").write_text(json.dumps(run), encoding="utf-8")
        return executed
