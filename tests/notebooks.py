"""Tiny notebooks rendered by mkdocs-jupyter as the build renders the examples: the real HTML that unit tests are fed."""

from pathlib import Path

import nbformat
# The module the plugin renders with: loading it patches nbconvert's headings (their ids) as in a build.
from mkdocs_jupyter.convert import nb2html
from nbformat import v4

from sitebuild.page import tree


def notebook(*cells):
    """A notebook of (kind, source) cells. kind is "md" or "code", optionally with an "answer-" prefix
    (the cell gets the `answer` tag). Each code cell has printed "out N" (N is its index)."""
    nb = v4.new_notebook()
    for i, (kind, source) in enumerate(cells):
        tags = {"tags": ["answer"]} if kind.startswith("answer") else {}
        if kind.endswith("md"):
            cell = v4.new_markdown_cell(source, metadata=tags)
        else:
            printed = v4.new_output("stream", name="stdout", text=f"out {i}\n")
            cell = v4.new_code_cell(source, metadata=tags, outputs=[printed], execution_count=i)
        cell.id = f"cell-{i}"
        nb.cells.append(cell)
    return nb


def render(nb, folder) -> str:
    """The HTML mkdocs-jupyter makes of `nb` (written to `folder`), before the build's HTML pass."""
    path = Path(folder) / "page.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return nb2html(str(path))


def mended(step, content, *args, **kwargs):
    """(the HTML after one step of the build's HTML pass, what the step returned)."""
    doc = tree.parse(content)
    result = step(doc, *args, **kwargs)
    return doc.html(), result
