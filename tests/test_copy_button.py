"""In Chromium, the copy button of a code block copies exactly that block's code: no prompt, no output."""

import pytest

from conftest import EXAMPLE_PAGES, EXAMPLES
from test_browser import base_url, browser  # noqa: F401  (shared fixtures: served site, Chromium)


@pytest.fixture(scope="module")
def context(browser):  # noqa: F811
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


def copy(page, block):
    block.scroll_into_view_if_needed()
    block.hover()
    page.evaluate("navigator.clipboard.writeText('')")
    block.locator('[data-md-type="copy"]').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''", timeout=5000)
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.parametrize("name", [EXAMPLE_PAGES[0], EXAMPLE_PAGES[-1]])
def test_code_cell_copy_button_copies_the_cells_source(context, base_url, name):  # noqa: F811
    page = context.new_page()
    page.goto(f"{base_url}examples/{name}/", wait_until="networkidle")
    cells = page.locator(".jp-CodeCell[id]")
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    for i in (0, cells.count() // 2, cells.count() - 1):
        copied = copy(page, cells.nth(i))
        assert copied.strip() and copied.strip() in source
        assert not copied.lstrip().startswith("In [")  # no prompt; output would not be in the source
    page.close()


def test_fenced_block_copy_button_copies_the_command(context, base_url):  # noqa: F811
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    assert copy(page, page.locator(".md-content .highlight").first).strip() == "python examples/1_1_Numpy_warm_up.py"
    page.close()
