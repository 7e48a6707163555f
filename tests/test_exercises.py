"""Every step ends with a 연습 문제 section: two or three numbered questions, each followed by its answer
folded in a closed <details>; answer code runs at build like the examples (sitebuild/page/answers.py folds;
tests/test_page_cells.py checks the folding on a tiny notebook that mkdocs-jupyter renders)."""

import re

import pytest
from bs4 import BeautifulSoup

from conftest import EXAMPLE_PAGES, EXAMPLES
from sitebuild.page import answers, diffs, runinfo
from sitebuild.run.notebook import read_example

SECTION = "## 연습 문제"
QUESTION = re.compile(r"^### (문제 (\d)\. .+)$", re.MULTILINE)


def tagged(cell):
    return answers.TAG in cell.metadata.get("tags", [])


def section_start(nb):
    """The index of the cell that opens the exercises, or None."""
    opens = (i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and SECTION in c.source.splitlines())
    return next(opens, None)


def exercises(name):
    """The script's exercises: [(question heading as shown, [answer cells])], from its 연습 문제 section."""
    nb, _ = read_example(EXAMPLES / f"{name}.py")
    start = section_start(nb)
    assert start is not None, f"{name}: no {SECTION} section"
    found = []
    for cell in nb.cells[start:]:
        if tagged(cell):
            assert found, f"{name}: an answer cell comes before the first question"
            found[-1][1].append(cell)
        else:
            assert cell.cell_type == "markdown", f"{name}: untagged code in the exercises: {cell.source[:60]}"
            found += [(heading.replace("`", ""), []) for heading, _ in QUESTION.findall(cell.source)]
    return found


def page(site, name):
    return BeautifulSoup((site / "examples" / name / "index.html").read_text(encoding="utf-8"), "html.parser")


def heading_text(tag):
    return tag.get_text().rstrip("¶").strip()


# --- the scripts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_PAGES)
def test_script_ends_with_two_or_three_numbered_exercises_each_with_an_answer(name):
    nb, _ = read_example(EXAMPLES / f"{name}.py")
    prose = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()]
    sections = [line for line in prose if line.startswith("## ")]
    assert sections[-1] == SECTION, f"{name}: the last section is {sections[-1]!r}"
    found = exercises(name)
    assert 2 <= len(found) <= 3
    numbers = [int(re.match(r"문제 (\d)", heading).group(1)) for heading, _ in found]
    assert numbers == list(range(1, len(found) + 1))
    for heading, cells in found:
        assert cells, f"{name}: {heading} has no answer"
        assert cells[0].cell_type == "markdown", f"{name}: {heading}: the answer starts with its explanation"
    # Answer cells belong to the exercises only.
    assert not any(tagged(c) for c in nb.cells[: section_start(nb)])


# --- the built pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_PAGES)
def test_page_ends_with_the_exercises_each_answer_folded_and_closed(site, name):
    soup = page(site, name)
    notebook = soup.select_one(".jupyter-wrapper .jp-Notebook")
    # The run info the build adds comes after them (tests/test_run_info.py).
    h2 = [h for h in notebook.select("h2") if not h.find_parent(class_=f"celltag_{runinfo.TAG}")]
    assert heading_text(h2[-1]) == "연습 문제", "the exercises are the example's last section"
    questions = [h3 for h3 in notebook.select("h3") if h3.find_previous("h2") is h2[-1]]
    assert [heading_text(h3) for h3 in questions] == [heading for heading, _ in exercises(name)]
    folds = notebook.select("details.answer")
    assert len(folds) == len(questions) and 2 <= len(folds) <= 3
    for h3, fold in zip(questions, folds):
        # The question's cell is followed right away by its answer, folded and closed.
        cell = h3.find_parent(class_="jp-Cell")
        assert cell.find_next_sibling() is fold, f"{heading_text(h3)}: no answer right after the question"
        assert not fold.has_attr("open")
        assert fold.parent is notebook
        assert fold.summary.get_text(strip=True) == answers.SUMMARY
        text = fold.get_text(" ", strip=True).removeprefix(answers.SUMMARY)
        assert len(text) > 80, f"{heading_text(h3)}: the answer is nearly empty"
        assert not fold.select(".celltoolbar"), "the tag toolbar is dropped"
    # Each fold holds its question's answer cells, prose and code as in the script, and nothing else.
    for fold, (heading, cells) in zip(folds, exercises(name)):
        shown = ["code" if "jp-CodeCell" in c["class"] else "markdown" for c in fold.find_all(class_="jp-Cell", recursive=False)]
        assert shown == [c.cell_type for c in cells], heading


@pytest.mark.parametrize("name", EXAMPLE_PAGES)
def test_answer_code_on_the_page_is_the_scripts_and_was_executed(site, name):
    soup = page(site, name)
    cells = [
        cell for fold in soup.select("details.answer") for cell in fold.select(".jp-CodeCell[id]")
    ]
    shown = [cell.select_one(".jp-InputArea pre > code").get_text().strip("\n") for cell in cells]
    script = [c.source.strip("\n") for _, found in exercises(name) for c in found if c.cell_type == "code"]
    assert shown == script, "the page's answer code is not the script's (stale build?)"
    for cell, source in zip(cells, script):
        output = "".join(o.get_text() for o in cell.select(".jp-OutputArea-output"))
        if "print(" in source:
            assert output.strip(), f"no output for an answer that prints:\n{source[:200]}"
        assert "Traceback" not in output and not cell.select('[data-mime-type="application/vnd.jupyter.stderr"]')


def test_answers_open_on_click_in_chromium(browser, base_url):
    """Closed, the answer takes no room; a click on 답 보기 shows its prose, code and printed output."""
    page_ = browser.new_page(viewport={"width": 1280, "height": 900})
    page_.goto(base_url + "examples/1_3_autograd/", wait_until="networkidle")
    fold = page_.locator("details.answer").first
    body = fold.locator(".jp-Cell").first
    assert fold.is_visible() and fold.locator("summary").inner_text().strip() == answers.SUMMARY
    assert not body.is_visible()
    fold.locator("summary").click()
    assert fold.evaluate("el => el.open")
    assert body.is_visible()
    assert fold.locator(".jp-InputArea pre > code").first.is_visible()
    assert fold.locator(".jp-OutputArea-output").first.is_visible()
    page_.close()


def test_answer_code_stays_out_of_the_diff_between_steps():
    from nbformat import v4

    def notebook(answer):
        nb = v4.new_notebook()
        nb.cells = [v4.new_code_cell("a = 1"), v4.new_code_cell(answer, metadata={"tags": ["answer"]})]
        return nb

    assert diffs.unified_diff(notebook("print(1)"), notebook("print(2)"), "a.py", "b.py") == ""
    assert diffs.code_lines(notebook("print(1)")) == ["a = 1"]
