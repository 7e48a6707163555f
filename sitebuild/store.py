"""A content-addressed file store for build products, named by a hash of their inputs and swept after each build."""

import hashlib
import json
import os
import time
import uuid
from pathlib import Path

TEMP = ".tmp-"  # an entry being written: the sweep leaves it to its writer, which may be another build
STALE = 24 * 3600  # seconds after which a temp file is taken for the leftover of a killed build
# Entries named with this suffix cost seconds to remake (an example's run): the sweep spares the SPARED most
# recently used of those a build did not ask for, so undoing an edit or switching a branch back finds them.
SPARE = ".spare.json"
SPARED = 100
NEEDS = ".needs"  # beside an entry made from other entries: their names, one a line


class Store:
    """Build products (a chart, thumbnails, typeset math, a trimmed stylesheet) in one folder, each file named
    by a hash of all that makes it: its inputs and the source of the code that makes it, so that a change to
    either makes a new entry rather than reusing a stale one. An entry is written under a unique temp name and
    renamed into place: no reader sees half of one, and a failed or interrupted `make` leaves none.

    Eviction is mark and sweep, once per build: each entry a build asks for is marked, and `sweep`, at the end
    of a build that succeeded, deletes the rest. The store so holds exactly what the last build used: rebuilds
    (`mkdocs serve`) stay warm, nothing piles up, and there is no size or age limit to tune; the price is that
    undoing an edit remakes what the edit replaced (under a second, except for an example's run: the sweep spares
    the last SPARED runs it would otherwise delete, see SPARE). A failed build sweeps nothing. Two builds
    sharing the folder at once may sweep each other's entries, which the next build remakes; a file still being
    written is never swept (the temp name), unless it is a day old: the leftover of a killed build.

    An entry made from other entries (the first uses of PyTorch's names, from torch's answer about each name;
    an example's notebook, from its run) records them (NEEDS), and asking for it marks them too: a build that
    finds the whole product kept still keeps its parts for the next build that has to make it again."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.used = set()  # names of the entries asked for since this store was opened (this build)
        self._making = []  # per entry being made (innermost last): the names of the entries its make asked for

    def get_or_make(self, parts, make, suffix: str = "") -> Path:
        """The path of the entry for `parts` (bytes, str, or a Path standing for its file's bytes; include the
        source of the code that makes the product), made by `make()` (bytes or str) only when absent. A
        `make()` that returns None has nothing to keep: no entry is written, and the result is None."""
        name = key(parts) + suffix
        path = self.folder / name
        if path.is_file():
            self._mark(name)
        else:
            self._making.append([])
            try:
                data = make()
            finally:
                needs = self._making.pop()
            if data is None:
                return None
            self._write(path, data.encode() if isinstance(data, str) else data)
            if needs:
                self._write(self.folder / (name + NEEDS), "\n".join(needs).encode())
                self.used.add(name + NEEDS)
            self.used.add(name)
        if self._making:
            self._making[-1].append(name)
        return path

    def _mark(self, name):
        """Mark an entry, and the entries it was made from, as used by this build."""
        if name in self.used:
            return
        self.used.add(name)
        if name.endswith(SPARE):
            os.utime(self.folder / name)  # the sweep spares the most recently used
        needs = self.folder / (name + NEEDS)
        if needs.is_file():
            self.used.add(needs.name)
            for need in needs.read_text(encoding="utf-8").split():
                if (self.folder / need).is_file():
                    self._mark(need)

    def text(self, parts, make, suffix: str = ".txt"):
        """`get_or_make` for text: the entry's text, or None when `make()` returned None."""
        path = self.get_or_make(parts, make, suffix)
        return None if path is None else path.read_text(encoding="utf-8")

    def json(self, parts, make, suffix: str = ".json"):
        """`get_or_make` for a value JSON can hold (dicts, lists, strings, numbers): `make()` returns the value,
        the entry keeps it as JSON, and the result is the value read back (None when `make()` returned None).
        `suffix`: SPARE for an entry that takes seconds to remake."""

        def made():
            value = make()
            return None if value is None else json.dumps(value, ensure_ascii=False)

        text = self.text(parts, made, suffix)
        return None if text is None else json.loads(text)

    def _write(self, path: Path, data: bytes):
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / f"{TEMP}{uuid.uuid4().hex}-{path.name}"
        try:
            temp.write_bytes(data)
            os.replace(temp, path)  # atomic: a concurrent build making the same entry writes the same bytes
        finally:
            temp.unlink(missing_ok=True)

    def sweep(self):
        """Delete the entries this build did not use, but the SPARED most recently used of those named SPARE,
        and temp files left by builds killed a day ago."""
        if not self.folder.is_dir():
            return
        now = time.time()
        spares = []
        for path in self.folder.iterdir():
            try:
                if path.name.startswith(TEMP):
                    if now - path.stat().st_mtime > STALE:
                        path.unlink()
                elif path.name in self.used or not path.is_file():
                    continue
                elif path.name.endswith(SPARE):
                    spares.append((path.stat().st_mtime_ns, path))
                else:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:  # its writer renamed it, or another build swept it, meanwhile
                pass
        for _, path in sorted(spares, reverse=True)[SPARED:]:
            path.unlink(missing_ok=True)


def key(parts) -> str:
    """Hash of `parts`, each tagged with its kind and length, so no two different lists of parts share one."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            kind, data = b"f", part.read_bytes()
        elif isinstance(part, str):
            kind, data = b"s", part.encode()
        elif isinstance(part, bytes):
            kind, data = b"b", part
        else:
            raise TypeError(f"a key part is bytes, str or Path, not {type(part).__name__}")
        digest.update(kind + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]
