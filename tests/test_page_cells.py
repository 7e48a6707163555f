"""The build's own cells (sitebuild/page/page_cells.py), on a tiny notebook that mkdocs-jupyter really renders:
download links under the title, the step diff after its section, answers folded, run info last."""

from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from notebooks import notebook, render
from sitebuild.page import answers, diffs, page_cells, runinfo
from sitebuild.site import downloads

RESULTS = {"seconds": 2.5, "finished": "2026-12-06 12:00", "run": {"device": "cpu", "python": "3.11.7", "threads": {"OMP_NUM_THREADS": 1}}}
DIFF = diffs.diff_block("--- a.py\n+++ b.py\n@@ -1,3 +1,3 @@\n-x = 1\n \n+x = 2\n print(x)", "앞 단계", "../a/")


STEP = notebook(
    ("md", "# 제목\n\n> 한 줄 요약\n\n설명"),
    ("md", "## 앞 단계에서 무엇이 바뀌었나\n\n이유"),
    ("code", "x = 2\nprint(x)"),
    ("md", "## 연습 문제\n\n### 문제 1. 첫 물음"),
    ("answer-md", "첫 답의 설명"),
    ("answer-code", "print('a1')"),
    ("md", "### 문제 2. 둘째 물음"),
    ("answer-code", "print('a2')"),
)


def rendered(nb, folder, **kwargs):
    """The page notebook of `nb` as mkdocs-jupyter renders it: the cells of its .jp-Notebook."""
    page = page_cells.page_notebook(nb, links=downloads.links(Path("step.py"), kwargs.get("colab", "")), diff=kwargs.get("diff", ""), results=RESULTS)
    return BeautifulSoup(render(page, folder), "html.parser").select_one(".jp-Notebook")


@pytest.fixture(scope="module")
def step(tmp_path_factory):
    return rendered(STEP, tmp_path_factory.mktemp("step"), diff=DIFF, colab="https://colab.example/step.ipynb")


def test_downloads_sit_right_under_the_title_in_the_title_cell(step):
    links = step.select_one(".sitebuild-downloads")
    assert links.find_previous_sibling().name == "h1" and links.find_next_sibling().name == "blockquote"
    assert [a["href"] for a in links.select("a")] == ["step.py", "step.ipynb", "https://colab.example/step.ipynb"]
    assert all(a.has_attr("download") for a in links.select("a")[:2])


def test_a_page_without_a_title_gets_its_downloads_first(tmp_path):
    page = rendered(notebook(("code", "print(1)")), tmp_path)
    assert page.find(recursive=False) is page.select_one(".sitebuild-downloads")


def test_the_diff_follows_the_cell_of_its_section_between_cells(step):
    diff = step.select_one("details.sitebuild-diff")
    assert diff.parent is step, "the diff stands between cells, not inside one"
    assert diff.find_previous_sibling().select_one("h2").get_text().startswith("앞 단계에서 무엇이 바뀌었나")
    assert diff.select_one("pre").get_text() == "--- a.py\n+++ b.py\n@@ -1,3 +1,3 @@\n-x = 1\n \n+x = 2\n print(x)\n"
    assert diff.select_one("a")["href"] == "../a/" and not diff.has_attr("open")


def test_each_run_of_answer_cells_is_one_closed_fold_without_the_tag_toolbar(step):
    children = step.find_all(recursive=False)
    folds = step.select("details.answer")
    assert [f.parent for f in folds] == [step, step]
    assert [f.summary.get_text() for f in folds] == [answers.SUMMARY] * 2 and not any(f.has_attr("open") for f in folds)
    # A code cell comes as an id-less cell <div> around the one with the id.
    cells = [[c.get("id") or c.select_one("[id]")["id"] for c in f.find_all(class_="jp-Cell", recursive=False)] for f in folds]
    assert cells == [["cell-id=cell-4", "cell-id=cell-5"], ["cell-id=cell-7"]]
    assert "out 5" in folds[0].get_text() and "out 7" in folds[1].get_text()
    assert not step.select(".celltoolbar"), "mkdocs-jupyter shows a tagged code cell's tags; the fold says it all"
    # Each fold comes right after its question's cell.
    assert [children[children.index(f) - 1].select_one("h3").get_text() for f in folds] == ["문제 1. 첫 물음¶", "문제 2. 둘째 물음¶"]


def test_a_notebook_without_answers_keeps_its_cells():
    nb = notebook(("md", "# 제목"), ("code", "print(1)"))
    cells = list(nb.cells)
    assert answers.fold(cells, page_cells.html_cell) == cells


def test_the_run_info_is_the_last_section_as_a_table(step):
    last = step.find_all(recursive=False)[-1]
    section = last.select_one(f".celltag_{runinfo.TAG}")
    assert section is not None and section.select_one("h2").get_text() == f"{runinfo.HEADING}¶"
    rows = {tr.th.get_text(): tr.td.get_text() for tr in section.select("tr")}
    assert rows["실행 시간"] == "2.5초 (Jupyter 커널 시작 포함)" and rows["장치"] == "cpu"
    assert rows["수학 라이브러리 스레드"] == "OMP_NUM_THREADS=1" and rows["실행한 때 (UTC)"] == "2026-12-06 12:00"


def test_the_executed_notebook_is_left_as_it_was():
    before = nbformat.writes(STEP)
    page_cells.page_notebook(STEP, links="<p>links</p>", diff=DIFF, results=RESULTS)
    assert nbformat.writes(STEP) == before, "the downloads and the summary read the executed notebook too"


def test_a_diff_without_its_section_names_what_is_missing():
    with pytest.raises(ValueError, match="무엇이 바뀌었나"):
        page_cells.page_notebook(notebook(("md", "# 제목")), links="", diff=DIFF, results=RESULTS)
