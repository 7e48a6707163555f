"""Reads a percent-format example into a notebook and maps each cell to its line in the file."""

import re
from pathlib import Path

CELL_MARKER = re.compile(r"^# %%")
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def read_example(path: Path):
    """Return the example as a notebook and, per cell, the 1-based file line where its source starts."""
    import jupytext  # a quarter of a second: only a build that reads an example pays it (run/cache.py keeps the reading)

    text = path.read_text(encoding="utf-8")
    nb = jupytext.reads(text, fmt="py:percent")
    nb.metadata["kernelspec"] = dict(KERNELSPEC)  # the kernel every example runs in
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # stable ids: the same file gives byte-identical notebooks
    lines = text.splitlines()
    markers = [i for i, line in enumerate(lines) if CELL_MARKER.match(line)]
    # Cells before the first marker (a header jupytext keeps as its own cell) start at line 1.
    leading = len(nb.cells) - len(markers)
    starts = [1] * max(leading, 0)
    for cell, marker in zip(nb.cells[max(leading, 0):], markers):
        starts.append(_source_start(cell, lines, marker))
    return nb, starts


def _source_start(cell, lines, marker):
    """The first file line after `marker` that holds the cell's first source line."""
    first = next((s for s in cell.source.splitlines() if s.strip()), None)
    if cell.cell_type == "code" and first is not None:
        for i in range(marker + 1, len(lines)):
            if lines[i] == first:
                return i + 1
            if CELL_MARKER.match(lines[i]):
                break
    return marker + 2
