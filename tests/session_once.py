"""Work a test session does once, whichever pytest-xdist worker asks first; the others wait and read its result."""

import json
from pathlib import Path

from filelock import FileLock


def once(folder: Path, name: str, make):
    """make()'s result (JSON data), kept as `name`.json in `folder`, a folder all workers share. A make()
    that raises keeps nothing, so every test that asks for it makes it again and fails."""
    result = folder / f"{name}.json"
    with FileLock(folder / f"{name}.lock"):
        if not result.is_file():
            result.write_text(json.dumps(make(), ensure_ascii=False), encoding="utf-8")
    return json.loads(result.read_text(encoding="utf-8"))
