"""Every page of the built site, in light and dark colours, passes axe-core's WCAG 2.x A/AA and best-practice rules."""

import pytest

from browser import base_url, browser, nav_pages, site_pages  # noqa: F401  (shared fixtures: served site, Chromium)
from visits import SCHEMES, audit


def report(violations):
    """One line per violation and up to five of its elements: rule, impact, CSS selectors, what to fix."""
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())[:300]
            lines.append(f"    {' > '.join(map(str, node['target']))}  {summary}")
    return lines


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations_on_any_page(site, seen, scheme):
    """axe ran on every page of the sitemap as tests/visits.py opened it, in each scheme."""
    assert set(nav_pages()) <= set(seen[scheme]) == set(site_pages(site)), "the visits miss pages of the nav or the sitemap"
    failures = []
    for path, got in seen[scheme].items():
        if got["axe"]:
            failures += [f"/{path} ({scheme}):", *report(got["axe"])]
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
