"""Material's bundle and the site's scripts load after the first paint, in order, and Material still starts."""

import re
import time
from pathlib import Path

import material
import pytest
from mkdocs.config import config_options

from browser import mkdocs_config, settle, site_pages
from sitebuild.late_scripts import SCRIPTS_RUN, LoaderError, bundle, check, loaded_by, loader

# extra_javascript of mkdocs.yml, by file name, in order.
EXTRA = [entry["path"].rsplit("/", 1)[-1] for entry in mkdocs_config()["extra_javascript"]]
# Material's own templates and assets, as the theme's files of a build name them.
THEME = Path(material.__file__).parent / "templates"
THEME_FILES = [p.relative_to(THEME).as_posix() for p in THEME.rglob("*") if p.is_file()]


def test_the_bundle_is_found_among_materials_files():
    found = bundle(THEME_FILES)
    assert re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", found)
    # The one Material's own template names (overrides/main.html replaces that block).
    assert found in (THEME / "base.html").read_text(encoding="utf-8")


def test_a_theme_without_one_bundle_is_refused_with_what_to_look_at():
    others = [f for f in THEME_FILES if "bundle." not in f]
    with pytest.raises(LoaderError, match="overrides/main.html"):
        bundle(others)
    with pytest.raises(LoaderError):
        bundle([*THEME_FILES, "assets/javascripts/bundle.0123abcd.min.js"])


def scripts(entries):
    """extra_javascript as MkDocs reads it from mkdocs.yml."""
    option = config_options.ListOfItems(config_options.ExtraScript(), default=[])
    return option.validate(entries)


def test_plain_and_deferred_scripts_pass_and_modules_or_async_ones_are_refused():
    check(scripts(mkdocs_config()["extra_javascript"] + ["plain.js"]))
    for entry in ({"path": "m.js", "type": "module"}, {"path": "a.js", "async": True}, "m.mjs"):
        with pytest.raises(LoaderError, match="extra_javascript"):
            check(scripts([entry]))


def test_the_loader_adds_the_sources_in_order():
    out = str(loader(["../assets/javascripts/bundle.0123abcd.min.js", "../a.js", "../b.js"]))
    assert out.startswith("<script>") and out.endswith("</script>") and "<script src=" not in out
    assert loaded_by(out) == ["../assets/javascripts/bundle.0123abcd.min.js", "../a.js", "../b.js"]


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
    settle(page)
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


def test_waiting_for_the_scripts_waits_for_the_page_to_be_parsed(browser):
    """window.siteScripts is made by the loader at the end of <body>: asked for while the page is still being
    parsed (a long page on a busy machine, after goto's networkidle), SCRIPTS_RUN waits for it to exist."""
    page = browser.new_page()
    # A synchronous script that is slow to arrive holds the parser before the page's end, as a long page does.
    page.route("**/slow.js", lambda route: (time.sleep(1), route.fulfill(body="", content_type="text/javascript")))
    page.route("**/page.html", lambda route: route.fulfill(content_type="text/html", body=(
        '<!doctype html><body><p>text</p><script src="slow.js"></script>'
        '<script>window.siteScripts = Promise.resolve("scripts ran")</script></body>'
    )))
    page.goto("http://sitebuild.test/page.html", wait_until="commit")
    assert page.evaluate(f"async () => [document.readyState, await {SCRIPTS_RUN}]") == ["loading", "scripts ran"]
    page.close()
