"""Every page of the built site, in light and dark colours, passes axe-core's WCAG 2.x A/AA and best-practice rules."""

import pytest

from browser import base_url, browser, nav_pages, settle, site_pages  # noqa: F401  (shared fixtures: served site, Chromium)
from conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
SCHEMES = ["light", "dark"]  # Material picks its palette from prefers-color-scheme


def audit(page, url):
    """axe's violations on `url` once it has settled (MathJax typeset, fonts loaded)."""
    page.goto(url, wait_until="load")
    settle(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']})", RULES
    )
    return result["violations"]


def report(violations):
    """One line per violation and up to five of its elements: rule, impact, CSS selectors, what to fix."""
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())[:300]
            lines.append(f"    {' > '.join(map(str, node['target']))}  {summary}")
    return lines


@pytest.fixture(scope="module")
def pages(site):
    found = site_pages(site)
    assert set(nav_pages()) <= set(found), "the sitemap misses pages of the nav"
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations_on_any_page(browser, base_url, pages, scheme):
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci`"
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    failures = []
    for path in pages:
        violations = audit(page, base_url + path)
        if violations:
            failures += [f"/{path} ({scheme}):", *report(violations)]
    context.close()
    assert not failures, "axe-core found accessibility violations:\n" + "\n".join(failures)


def test_axe_reports_what_it_should(browser, base_url):
    """The audit above could pass by checking nothing: on a page given an unlabelled image and faint
    text, the same audit must name both."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()

    def spoil(route):
        response = route.fetch()
        extra = '<img src="missing.png" width="10" height="10"><p style="color:#aaa">흐린 글자</p>'
        route.fulfill(response=response, body=response.text().replace("</article>", extra + "</article>"))

    page.route(base_url, spoil)
    found = {v["id"] for v in audit(page, base_url)}
    context.close()
    assert {"image-alt", "color-contrast"} <= found
