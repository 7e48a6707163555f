"""A cell that prints too much is a build warning naming its file and line, on every build until fixed."""

import base64
import textwrap
from pathlib import Path

import pytest

from sitebuild.run.execute import execute
from sitebuild.run.notebook import read_example
from sitebuild.run.output_limit import Limit, Size, measure, over_limit
from sitecopy import build, executed, mini_project

# A 1×1 PNG: an image output, which the limit does not count.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

EXAMPLE = f"""
# %% [markdown]
# # 출력이 많은 예제

# %%
for i in range(50):
    print("줄", i)

# %%
import sys
print("out")
print("err", file=sys.stderr)
40 + 2

# %%
from IPython.display import HTML, Image, display
display(HTML("<table>" + "<tr><td>x</td></tr>" * 100 + "</table>"))
display(Image(data={PNG!r}))

# %%
x = 1
"""


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The example above, executed as the build executes it: (path, executed notebook, cell start lines)."""
    path = tmp_path_factory.mktemp("ex") / "examples" / "loud.py"
    path.parent.mkdir()
    path.write_text(textwrap.dedent(EXAMPLE).lstrip(), encoding="utf-8")
    execution = execute(path, path.parent.parent, timeout=60)
    _, starts = read_example(path)
    return path, execution.notebook, starts


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_measures_the_printed_lines_and_their_utf8_bytes(run):
    _, nb, _ = run
    printed = "".join(f"줄 {i}\n" for i in range(50))
    assert measure(code_cells(nb)[0]) == Size(50, len(printed.encode("utf-8")))
    assert len(printed.encode("utf-8")) > len(printed)  # Korean counts as the bytes it takes


def test_counts_stdout_stderr_and_the_cells_value(run):
    _, nb, _ = run
    size = measure(code_cells(nb)[1])
    assert (size.lines, size.bytes) == (3, len("out\nerr\n42"))


def test_counts_html_displays_but_not_images(run):
    _, nb, _ = run
    cell = code_cells(nb)[2]
    assert sorted(o["output_type"] for o in cell.outputs) == ["display_data", "display_data"]
    assert any("image/png" in o["data"] for o in cell.outputs)
    html = "<table>" + "<tr><td>x</td></tr>" * 100 + "</table>"
    assert measure(cell) == Size(1, len(html))


def test_a_cell_without_output_measures_nothing(run):
    _, nb, _ = run
    assert measure(code_cells(nb)[3]) == Size(0, 0)


def test_names_the_line_where_each_cell_over_the_limit_starts(run):
    path, nb, starts = run
    found = dict(over_limit(nb, starts, Limit(lines=10, kb=1)))
    loop, table = line_of(path, "for i in range(50)"), line_of(path, "from IPython.display")
    assert sorted(found) == [loop, table]
    assert found[loop] == "50 lines, over the limit of 10"
    assert found[table] == f"{measure(code_cells(nb)[2]).bytes / 1024:.1f} KB, over the limit of 1 KB"


def test_names_both_limits_when_a_cell_passes_both(run):
    path, nb, starts = run
    found = dict(over_limit(nb, starts, Limit(lines=10, kb=0.1)))
    assert found[line_of(path, "for i in range(50)")] == "50 lines, over the limit of 10; 0.3 KB, over the limit of 0.1 KB"  # 340 bytes


def test_output_at_the_limit_passes(run):
    _, nb, starts = run
    table = measure(code_cells(nb)[2]).bytes
    assert table > 1024
    assert list(over_limit(nb, starts, Limit(lines=50, kb=table / 1024))) == []
    assert len(list(over_limit(nb, starts, Limit(lines=49, kb=0)))) == 1  # zero: no limit on size


# --- a site whose example prints too much ---------------------------------------------------------

LIMITED = "      diffs: false  # its examples are not steps of one lesson\n      output_limit: {lines: 20, kb: 1}\n"


def prints(lines: int) -> str:
    return f"# %% [markdown]\n# # 예제 B\n\n# %%\nprint('b')\n\n# %%\nfor i in range({lines}):\n    print(i)\n"


def test_a_cell_over_the_limit_fails_the_strict_build_on_every_build_until_fixed(tmp_path):
    root = mini_project(tmp_path / "mini")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      diffs: false  # its examples are not steps of one lesson\n", LIMITED), encoding="utf-8")
    assert "output_limit" in config.read_text(encoding="utf-8")
    example = root / "examples" / "b.py"

    example.write_text(prints(20), encoding="utf-8")  # exactly at the limit
    at_limit = build(root, root / "site")
    assert at_limit.returncode == 0, at_limit.stdout
    assert "too much output" not in at_limit.stdout

    example.write_text(prints(21), encoding="utf-8")
    line = line_of(example, "for i in range")
    message = f"examples/b.py:{line}: the cell starting here shows too much output: 21 lines, over the limit of 20"
    over = build(root, root / "site")
    assert over.returncode != 0
    assert executed(over) == ["examples/b.py"]
    assert message in over.stdout
    assert "examples/a.py:" not in over.stdout

    again = build(root, root / "site")  # from the cache now: the writer sees it again
    assert executed(again) == []
    assert again.returncode != 0
    assert message in again.stdout


# --- the real site ---------------------------------------------------------------------------------


def test_every_example_stays_well_under_the_sites_limit(site):
    """The limit in mkdocs.yml catches runaway output, not a table that grew a row: every cell of the
    built examples shows at most a quarter of it."""
    import nbformat
    from mkdocs.config import load_config

    from conftest import ALL_EXAMPLE_PAGES, REPO

    limit = load_config(str(REPO / "mkdocs.yml")).plugins["run-examples"].config.output_limit
    assert limit.lines and limit.kb
    sizes = []
    for name in ALL_EXAMPLE_PAGES:
        nb = nbformat.read(site / "examples" / name / f"{name}.ipynb", as_version=4)
        sizes += [measure(cell) for cell in code_cells(nb)]
    assert max(s.lines for s in sizes) * 4 <= limit.lines
    assert max(s.bytes for s in sizes) * 4 <= limit.kb * 1024
    assert max(s.lines for s in sizes) > 0  # the notebooks hold their outputs
