"""Keeps executed notebooks, keyed on the example, the repository modules it imported, and the environment."""

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

import nbformat

FORMAT = "1"


def environment_fingerprint():
    """Python version and every installed distribution's version: a change re-runs every example."""
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return "\n".join([platform.python_version(), *dists])


class ExecutionCache:
    """One executed notebook and one manifest per example, under `directory`."""

    def __init__(self, directory: Path, root: Path, settings: str):
        self.directory = directory
        self.root = root
        self.settings = settings
        self._environment = environment_fingerprint()

    def notebook_path(self, example: Path) -> Path:
        return self.directory / f"{example.stem}.ipynb"

    def _manifest_path(self, example: Path) -> Path:
        return self.directory / f"{example.stem}.json"

    def key(self, example: Path, dependencies) -> str:
        """Hash of the example's bytes, each dependency's path and bytes, the settings and the environment."""
        h = hashlib.sha256()
        for part in (FORMAT, self.settings, self._environment):
            h.update(part.encode() + b"\0")
        for path in [example, *sorted(dependencies)]:
            full = self.root / path
            h.update(str(path).encode() + b"\0")
            h.update(full.read_bytes() if full.is_file() else b"<missing>")
            h.update(b"\0")
        return h.hexdigest()

    def lookup(self, example: Path):
        """The cached notebook's path if it is still valid for the current files and environment."""
        manifest = self._manifest_path(example)
        notebook = self.notebook_path(example)
        if not (manifest.is_file() and notebook.is_file()):
            return None
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("key") != self.key(example, data.get("dependencies", [])):
            return None
        return notebook

    def store(self, example: Path, notebook, dependencies) -> Path:
        """Save a successful execution; failures are never stored."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.notebook_path(example)
        nbformat.write(notebook, path)
        manifest = {"key": self.key(example, dependencies), "dependencies": sorted(dependencies)}
        self._manifest_path(example).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        return path

    def forget(self, example: Path):
        for path in (self._manifest_path(example), self.notebook_path(example)):
            path.unlink(missing_ok=True)
