"""Shared Chromium fixtures: the built site served over HTTP, Playwright once per session, one browser per test module, page lists."""

import functools
import http.server
import os
import shutil
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from sitebuild import late_scripts

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Evaluated in a loaded page: resolves once its scripts have run (they load after the first paint:
# sitebuild/late_scripts.py), its math is typeset (MathJax loads on demand) and its fonts are in.
SETTLE = f"async () => {{ await {late_scripts.SCRIPTS_RUN}; await window.typesetMath(); await document.fonts.ready; }}"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    # A page asks for its stylesheets, scripts, fonts and images at once; the default backlog of 5 can
    # refuse some of them on a loaded machine (a script missing from a page then fails a test at random).
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A browser drops a request it no longer needs (a page closed while a picture loads): no error, no traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def base_url(site):
    """The built site served over HTTP (search and the clipboard need a real origin, not file://)."""
    server = Server(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright():
    """Playwright, started once per test session (its sync API runs one instance at a time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def launch(playwright):
    """Debian's Chromium, driven by `playwright`."""
    assert os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}: apt-get install chromium, or set CHROMIUM"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])


@pytest.fixture(scope="module")
def browser(playwright):
    """Chromium, one per test module."""
    browser = launch(playwright)
    yield browser
    browser.close()


def open_settled(owner, url):
    """(page, problems): `url` opened in a new page of `owner` (a browser or a context) once it has
    settled (math typeset, fonts loaded), and what went wrong while loading it."""
    page = owner.new_page()
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    settle(page, problems)
    return page, problems


def settle(page, problems=()):
    """Wait until `page` has settled (SETTLE); if it cannot, fail naming the page and what went wrong while it loaded."""
    from playwright.sync_api import Error

    try:
        page.evaluate(SETTLE)
    except Error as e:
        raise AssertionError(f"{page.url} did not settle: {e.message}; while loading: {list(problems) or 'nothing reported'}") from e


def site_pages(site_dir):
    """Every page of the built site, as paths relative to its root ("" is the home page), from sitemap.xml."""
    root = ET.parse(Path(site_dir) / "sitemap.xml").getroot()
    locs = [el.text.strip() for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    base = urlsplit(locs[0]).path  # the home page comes first
    return [urlsplit(loc).path.removeprefix(base) for loc in locs]


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its !ENV and !!python tags (only the nav is wanted)."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config():
    """mkdocs.yml as plain data, its tags left unresolved (None)."""
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)


def nav_pages():
    """The pages of mkdocs.yml's nav as site paths, known before the site is built (for parametrize)."""
    nav = mkdocs_config()["nav"]

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from walk(value)
            elif "://" not in value:
                stem = value.rsplit(".", 1)[0]
                yield "" if stem == "index" else stem.removesuffix("/index") + "/"

    return list(walk(nav))
