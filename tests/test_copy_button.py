"""In Chromium, the copy button of a code block copies exactly that block's code: no prompt, no output."""

import jupytext
import pytest

from browser import site_pages
from conftest import EXAMPLES, REPO


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


def copy(page, block):
    """What the clipboard holds after a reader scrolls to `block`'s code, hovers it and clicks its copy
    button (Material adds the button once the code is on screen: feature content.lazy)."""
    code = block.locator("pre > code").first
    code.scroll_into_view_if_needed()
    code.hover()
    page.evaluate("navigator.clipboard.writeText('')")
    block.locator('[data-md-type="copy"]').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''", timeout=5000)
    return page.evaluate("navigator.clipboard.readText()")


def code_cells(script):
    """The sources of the example's code cells, as jupytext reads them into the notebook the page shows."""
    nb = jupytext.read(script)
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def test_code_cell_copy_buttons_copy_the_cells_source(context, base_url, site):
    """On every example page, the first, a middle and the last visible code cell."""
    examples = [p for p in site_pages(site) if p.startswith("examples/")]
    assert examples
    wrong = []
    for path in examples:
        cells = code_cells(EXAMPLES / (path.removeprefix("examples/").strip("/") + ".py"))
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle")
        shown = page.locator(".jp-CodeCell[id]").filter(visible=True)  # answers stay folded
        count = shown.count()
        assert count > 0, f"{path}: no code cell"
        for i in sorted({0, count // 2, count - 1}):
            copied = copy(page, shown.nth(i))
            if copied.rstrip("\n") not in cells:
                wrong.append(f"{path} cell {i}: copied {copied[:80]!r}")
        page.close()
    assert not wrong, "copied text that is not one cell's source:\n" + "\n".join(wrong)


def test_fenced_block_copy_button_copies_the_command(context, base_url):
    """The home page's first shell block: the command and nothing else."""
    source = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    command = source.split("```bash\n", 1)[1].split("```", 1)[0].rstrip("\n")
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    assert copy(page, page.locator(".md-content .highlight").first) == command
    page.close()
