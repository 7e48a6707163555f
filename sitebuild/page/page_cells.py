"""Makes the notebook an example's page renders: its executed notebook with the build's own cells added."""

import copy

import nbformat

from ..site import downloads
from . import answers, diffs, runinfo

# nbconvert's HTML exporters copy a raw cell of this format into the page as it is, with no cell markup
# around it (mkdocs-jupyter also turns off its sanitizer): the build's HTML goes in where the cell stands.
HTML = {"raw_mimetype": "text/html"}


def html_cell(cell_id: str, source: str):
    """A raw cell that puts `source` into the rendered page unchanged."""
    cell = nbformat.v4.new_raw_cell(source, metadata=dict(HTML))
    cell.id = cell_id
    return cell


def page_notebook(executed, *, links: str, diff: str = "", results: dict):
    """A copy of `executed` as its page shows it: the download `links` under the title (at the top without one), the `diff` block
    from the previous step (if any) after the "what changed" section, each run of answer cells folded,
    and the run info as the last section. ValueError when a section the cells go into is missing."""
    nb = copy.deepcopy(executed)
    cells = list(nb.cells)
    if not downloads.put_under_title(cells, links):
        cells.insert(0, html_cell("sitebuild-downloads", links))
    if diff:
        diffs.put_after_section(cells, html_cell("sitebuild-diff", diff))
    cells = answers.fold(cells, html_cell)
    cells.append(runinfo.cell(results))
    nb.cells = cells
    return nb
