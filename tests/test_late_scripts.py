"""Material's bundle and the site's scripts load after the first paint, in order, and Material still starts."""

import re

import pytest

from browser import SETTLE, mkdocs_config, site_pages
from sitebuild.late_scripts import ScriptsNotFound, load_after_first_paint, loaded_by

# extra_javascript of mkdocs.yml, by file name, in order.
EXTRA = [entry["path"].rsplit("/", 1)[-1] for entry in mkdocs_config()["extra_javascript"]]
BUNDLE = '<script src="../assets/javascripts/bundle.0123abcd.min.js"></script>'


def test_the_tags_become_one_loader_keeping_their_order():
    page = f'<p>x</p>{BUNDLE}\n<script src="../a.js" defer></script>\n<script src="../b.js"></script>\n</body>'
    out = load_after_first_paint(page)
    assert "<script src=" not in out and out.startswith("<p>x</p><script>") and out.endswith("</script>\n</body>")
    assert loaded_by(out) == ["../assets/javascripts/bundle.0123abcd.min.js", "../a.js", "../b.js"]


@pytest.mark.parametrize(
    "page",
    [
        '<script src="a.js"></script></body>',  # no bundle (a Material upgrade renamed it?)
        f'{BUNDLE}<script type="module" src="a.js"></script></body>',  # a kind of tag the loader cannot copy
        f"{BUNDLE}<p>x</p></body>",  # something other than scripts after the bundle
    ],
)
def test_a_page_whose_scripts_do_not_look_like_materials_is_refused(page):
    with pytest.raises(ScriptsNotFound):
        load_after_first_paint(page)


def test_every_page_loads_its_scripts_through_the_loader(site):
    for path in site_pages(site):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        assert not re.search(r'<script src="[^"]*bundle\.[0-9a-f]+\.min\.js"', html), path
        assert html.count("window.siteScripts=") == 1, path
        bundle, *extra = loaded_by(html)
        assert "/javascripts/bundle." in bundle and [src.rsplit("/", 1)[-1] for src in extra] == EXTRA, path


@pytest.mark.parametrize("path", ["", "examples/1_9_control_flow_weight_sharing/"])
def test_the_page_paints_before_materials_bundle_loads_and_material_starts(browser, base_url, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + path, wait_until="load")
    page.evaluate(SETTLE)
    timing = page.evaluate(
        """() => ({
        paint: performance.getEntriesByName("first-paint")[0]?.startTime,
        bundle: performance.getEntriesByType("resource").find(r => /bundle\\.[0-9a-f]+\\.min\\.js$/.test(r.name))?.startTime,
        material: typeof document$ !== "undefined",
    })"""
    )
    assert timing["paint"] is not None and timing["bundle"] is not None, timing
    assert timing["paint"] <= timing["bundle"], f"the bundle was requested before the first paint: {timing}"
    assert timing["material"], "Material's bundle did not run"
    # Material started, once: the search box answers, and a code block gets one copy button.
    page.fill(".md-search__input", "변화도")
    page.press(".md-search__input", "End")  # Material searches on keyup (see test_search.py)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    page.keyboard.press("Escape")
    if path:
        code = page.locator(".jp-CodeCell pre > code").first
        code.scroll_into_view_if_needed()
        code.hover()
        assert code.locator("xpath=..").locator('[data-md-type="copy"]').count() == 1
    assert not errors, errors
    page.close()
