"""Readies, while `mkdocs serve` waits for the first edit, what rebuilding an edited example needs."""

import logging
import tempfile
import threading
from pathlib import Path

import nbformat

log = logging.getLogger("mkdocs.plugins.sitebuild")


def start():
    """Warm up in a background thread."""
    threading.Thread(target=_warm_up, name="sitebuild-warm-up", daemon=True).start()


def _warm_up():
    """Import jupytext and the code that runs an example (nbclient), and render a small notebook with
    mkdocs-jupyter, to HTML and to Markdown (for its table of contents). A build with nothing changed needs
    none of it, so `mkdocs serve` starts without it; the first rebuild after an example is saved would then
    spend over a second on it. Here it is spent once, in the background, right after the first build. A
    failure costs only that time: the rebuild does the real work and reports its errors."""
    try:
        import jupytext  # noqa: F401  (run/notebook.py reads examples with it)
        from mkdocs_jupyter import convert

        from .run import execute  # noqa: F401  (nbclient and the kernel's client, for a code edit)

        nb = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_markdown_cell("# 준비\n\n수식 $x^2$ 과 `코드`."),
                nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")]),
            ],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "warm-up.ipynb"
            nbformat.write(nb, str(path))
            convert.nb2html(str(path))
            convert.nb2md(str(path))
    except Exception as error:  # noqa: BLE001
        log.debug("run-examples: the serve warm-up failed (the first rebuild will be slower): %s", error)
