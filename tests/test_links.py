"""No broken internal link or anchor anywhere in the built site, as LinkChecker sees it over HTTP."""

import functools
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from browser import QuietHandler, Server

LINKCHECKER = Path(sys.executable).with_name("linkchecker")
# LinkChecker waits 0.1-0.6 s between two requests to one host, to spare servers it does not own; that
# made the check take 100 s. A server answering with a "LinkChecker" header lifts the floor, and
# maxrequestspersecond sets the pace (linkcheckerrc(5)). One thread: parsing, not waiting, is what is
# left, and threads only fight over the GIL (10 threads: 65 s; 1 thread: 26 s, on 2 cores).
CONFIG = """\
[checking]
maxrequestspersecond=1000
threads=1
[AnchorCheck]
"""


class OwnHandler(QuietHandler):
    """A server that tells LinkChecker it is the site's own, so it need not be spared."""

    def end_headers(self):
        self.send_header("LinkChecker", "local")
        super().end_headers()


def check(site: Path, tmp_path: Path, depth=-1) -> subprocess.CompletedProcess:
    """Serve `site` and run LinkChecker over it (to `depth` links from the home page; -1: all),
    anchors included (its AnchorCheck plugin)."""
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    server = Server(("127.0.0.1", 0), functools.partial(OwnHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return subprocess.run(
            [
                str(LINKCHECKER), "-f", str(config), "--no-status", "-o", "text", "-r", str(depth),
                f"http://127.0.0.1:{server.server_address[1]}/",
            ],
            capture_output=True, text=True, timeout=600,
        )
    finally:
        server.shutdown()


def problems(proc) -> list:
    """The checked URLs that LinkChecker reported with an error or a warning (a missing anchor is one)."""
    blocks = proc.stdout.split("\nURL ")
    return [b.strip()[:600] for b in blocks[1:] if "\nResult     Error" in b or "\nWarning " in b]


def test_every_internal_link_and_anchor_resolves(site, tmp_path):
    proc = check(site, tmp_path)
    assert "That's it." in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert problems(proc) == []
    assert proc.returncode == 0


def test_the_checker_reports_a_missing_page_and_a_missing_anchor(site, tmp_path):
    """The check above could pass by checking nothing: on a copy with two broken links it must fail."""
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    index = broken / "index.html"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "</article>", '<a href="summary/#no-such-anchor">a</a><a href="no-such-page/">b</a></article>'
        ),
        encoding="utf-8",
    )
    found = "\n".join(problems(check(broken, tmp_path, depth=1)))
    assert "no-such-anchor" in found and "no-such-page" in found
