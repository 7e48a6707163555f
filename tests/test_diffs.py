"""Each step's page shows, folded after its "what changed" section, the code diff from the previous step."""

import html

import pytest
from bs4 import BeautifulSoup

from conftest import EXAMPLE_PAGES, EXAMPLES
from sitebuild.page import diffs
from sitebuild.run.notebook import read_example

PAIRS = list(zip(EXAMPLE_PAGES, EXAMPLE_PAGES[1:]))


def page(site, name):
    return BeautifulSoup((site / "examples" / name / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("previous, current", PAIRS, ids=[c for _, c in PAIRS])
def test_page_shows_the_current_diff_from_the_previous_step(site, previous, current):
    soup = page(site, current)
    blocks = soup.select("details.sitebuild-diff")
    assert len(blocks) == 1
    block = blocks[0]
    assert not block.has_attr("open"), "the diff is folded by default"
    expected = diffs.unified_diff(
        read_example(EXAMPLES / f"{previous}.py")[0],
        read_example(EXAMPLES / f"{current}.py")[0],
        f"{previous}.py",
        f"{current}.py",
    )
    # Stale if either script changed since the build.
    assert block.select_one("pre").get_text() == expected + "\n"
    assert block.select_one("a")["href"] == f"../{previous}/"
    # It sits right after the section that says why the code changed.
    heading = block.find_previous("h2")
    assert diffs.SECTION.search(heading.get_text())


def test_the_first_step_has_no_diff(site):
    assert page(site, EXAMPLE_PAGES[0]).select("details.sitebuild-diff") == []


def notebook(cells):
    from nbformat import v4

    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell(text) if kind == "md" else v4.new_code_cell(text) for kind, text in cells]
    return nb


def test_diff_covers_code_only():
    before = notebook([("md", "설명"), ("code", "a = 1\nprint(a)")])
    prose_edit = notebook([("md", "고친 설명"), ("code", "a = 1\nprint(a)")])
    code_edit = notebook([("md", "설명"), ("code", "a = 2\nprint(a)")])
    assert diffs.unified_diff(before, prose_edit, "a.py", "b.py") == ""
    diff = diffs.unified_diff(before, code_edit, "a.py", "b.py")
    assert "-a = 1" in diff and "+a = 2" in diff and "설명" not in diff


def test_block_goes_after_the_cell_with_the_section():
    nb = notebook([("md", "# 제목"), ("md", "## 앞 단계에서 무엇이 바뀌었나\n\n이유"), ("code", "x = 1")])
    cells = list(nb.cells)
    diffs.put_after_section(cells, "D")
    assert cells[1:3] == [nb.cells[1], "D"] and cells[3] is nb.cells[2]


def test_a_page_without_the_section_is_an_error():
    cells = list(notebook([("md", "## 다른 제목\n\n무엇이 바뀌었나 묻는 글")]).cells)
    with pytest.raises(ValueError, match="무엇이 바뀌었나"):
        diffs.put_after_section(cells, "D")


def test_highlighted_diff_marks_inserted_and_deleted_lines():
    block = diffs.diff_block("--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new", "제목", "../a/")
    soup = BeautifulSoup(block, "html.parser")
    assert [s.get_text() for s in soup.select(".gd")] == ["--- a", "-old"]
    assert [s.get_text() for s in soup.select(".gi")] == ["+++ b", "+new"]
    assert "추가 1줄, 삭제 1줄" in soup.summary.get_text()
    assert html.unescape(str(soup.a["href"])) == "../a/"
