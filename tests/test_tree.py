"""sitebuild.page.tree: what mkdocs-jupyter renders comes back byte for byte, and edits change only what they touch."""

from bs4 import BeautifulSoup
from nbformat import v4

from notebooks import notebook, render
from sitebuild.page import tree


def test_real_output_comes_back_byte_for_byte(tmp_path):
    nb = notebook(
        ("md", "# 제목\n\n값은 $a &lt; b$ 이고 <!-- 주석 --> `x & y` 입니다.\n\n```python\nnp.zeros(1)\n```"),
        ("code", "print('<b>&amp;</b>')"),
    )
    nb.cells[1].outputs.append(v4.new_output("display_data", data={"text/html": "<p>표<br>줄</p>"}))
    rendered = render(nb, tmp_path)
    assert tree.parse(rendered).html() == rendered


def test_an_end_tag_that_closes_nothing_is_kept():
    assert tree.parse("<p>a</span>b</p></div>").html() == "<p>a</span>b</p></div>"


def test_a_changed_element_is_written_anew_and_the_rest_as_it_was(tmp_path):
    rendered = render(notebook(("code", "x = 1")), tmp_path)
    doc = tree.parse(rendered)
    cell = next(e for e in doc.elements() if e.get("id", "").startswith("cell-id="))
    written = cell.start
    cell.set("data-x", 'a "b" & c')
    cell.set("id", None)
    html = doc.html()
    changed = BeautifulSoup(html, "html.parser").select_one(".jp-CodeCell[data-x]")
    assert changed["data-x"] == 'a "b" & c' and not changed.has_attr("id")
    assert rendered.count(written) == 1
    assert html == rendered.replace(written, tree.start_tag("div", cell.attrs)), "only the changed start tag differs"


def test_a_self_closed_tag_stays_self_closed_when_changed():
    doc = tree.parse('<img alt="x" src="a.png"/>')
    doc.elements()[0].set("alt", "그림")
    assert doc.html() == '<img alt="그림" src="a.png"/>'


def test_text_is_read_with_entities_decoded_and_comments_left_out():
    doc = tree.parse("<h2>a &lt; b<!-- c --> <code>d</code></h2>")
    assert doc.elements()[0].text() == "a < b d"
