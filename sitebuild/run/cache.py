"""Keeps executed examples in jupyter-cache, matched on their code cells and a fingerprint of all else they use."""

import hashlib
import json
import os
import platform
from importlib import metadata
from pathlib import Path

from jupyter_cache.base import CacheBundleIn
from jupyter_cache.cache.main import JupyterCacheBase

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


class _Cache(JupyterCacheBase):
    """jupyter-cache, told to hash our fingerprint along with the kernelspec."""

    def create_hashed_notebook(self, nb, nb_metadata=HASHED_METADATA, cell_metadata=HASHED_CELL_METADATA):
        return super().create_hashed_notebook(nb, nb_metadata, cell_metadata)


class ExampleCache:
    """Executed notebooks (jupyter-cache) plus, per example, the files its last run used."""

    def __init__(self, directory: Path, root: Path, runner: str):
        self.root = root
        self.runs = directory / "runs"
        self.store_ = _Cache(str(directory / "jupyter-cache"))
        self.base = {"runner": runner, "environment": environment_fingerprint(), "plot": plot_settings()}

    def fingerprint(self, dependencies) -> str:
        """Hash of the environment, the runner code and the current bytes of each dependency."""
        files = {dep: _read(self.root / dep) for dep in sorted(dependencies)}
        return hashlib.sha256(json.dumps({**self.base, "files": files}, sort_keys=True).encode()).hexdigest()

    def last_run(self, example: Path) -> dict:
        path = self.runs / f"{example.stem}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"dependencies": []}

    def lookup(self, example: Path, nb):
        """The notebook with cached outputs merged in, or None when its code or anything it used changed."""
        nb.metadata["sitebuild"] = {"fingerprint": self.fingerprint(self.last_run(example)["dependencies"])}
        try:
            _, merged = self.store_.merge_match_into_notebook(nb, nb_meta=("kernelspec", "language_info", RESULTS))
        except KeyError:
            return None
        return merged

    def store(self, example: Path, executed, dependencies, results: dict):
        """Cache a successful run (failures never reach here) and remember the files it used."""
        executed.metadata["sitebuild"] = {"fingerprint": self.fingerprint(dependencies)}
        executed.metadata[RESULTS] = results
        self.store_.cache_notebook_bundle(CacheBundleIn(executed, uri=str(example)), overwrite=True)
        self.runs.mkdir(parents=True, exist_ok=True)
        run = {"dependencies": sorted(dependencies)}
        (self.runs / f"{example.stem}.json").write_text(json.dumps(run), encoding="utf-8")
        return executed
