"""Build benchmark: this site's build against stock mkdocs-jupyter executing the same examples.

Usage: python scripts/benchmark.py [--example examples/1_3_autograd.py] [--repeat 3]

Works on temporary copies of the repository, so the working tree and its cache are untouched.
For each configuration it measures, in this order: a cold build (no cache), a build with nothing
changed (the median of five in a row), a build after a prose-only edit of one example, a build after a code edit of that example,
and, for ours only, the extra seconds a warm build takes with `BOOK_PDF=true` (printing the book to
a PDF) against the same build without it; stock has no PDF, so its cells read "—". Then, with one
`mkdocs serve` running per configuration, the writers' loop: the time from saving an edit to the
served page containing its effect, for an edit of the home page (`docs/index.md`), a prose edit of
the example and a code edit of the example (the served page must show the new code's output, so
it counts the example's execution). Each serve case waits for its rebuild to finish before the next
edit. It prints the seconds and the number of examples each case executed, side by side, with the
ratio ours / stock. "Stock" is mkdocs-jupyter 0.26 with `execute: true` and its own cache, which is
what the site would be without sitebuild (PYTHONPATH points at examples/ so its kernels can import
the shared plotting helper, since stock runs every example in the folder mkdocs was started from).
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]
IGNORE = shutil.ignore_patterns(".git", ".venv", "site", ".cache", "node_modules", "__pycache__", ".pytest_cache", "screenshots")

STOCK_PLUGINS = """plugins:
  - search:
      lang: ko
  - mkdocs-jupyter:
      include: ["examples/[0-9]*.py"]
      execute: true
      allow_errors: false
      include_source: true
"""


def copy(dest: Path, stock: bool) -> Path:
    shutil.copytree(REPO, dest, symlinks=True, ignore=IGNORE)
    (dest / "node_modules").symlink_to(REPO / "node_modules")
    if stock:
        config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
        start = config.index("plugins:")
        end = config.index("markdown_extensions:")
        (dest / "mkdocs.yml").write_text(config[:start] + STOCK_PLUGINS + "\n" + config[end:], encoding="utf-8")
    return dest


def environment(root: Path, stock: bool):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if stock:
        env["PYTHONPATH"] = str(root / "examples")
    return env


def executions(log: str, stock: bool) -> int:
    pattern = r"Converting notebook \(execute=True\)" if stock else r"executed examples/"
    return len(re.findall(pattern, log))


def build(root: Path, stock: bool, **extra_env):
    started = time.perf_counter()
    proc = subprocess.run(
        [*MKDOCS, "build", "--strict"], cwd=root, env={**environment(root, stock), **extra_env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build failed in {root}:\n{proc.stdout[-3000:]}")
    return seconds, executions(proc.stdout, stock)


def repeated_build(root: Path, stock: bool, times: int):
    """The median seconds of `times` builds in a row, and the examples they executed (the same in each)."""
    runs = [build(root, stock) for _ in range(times)]
    counts = {executed for _, executed in runs}
    return statistics.median(seconds for seconds, _ in runs), (counts.pop() if len(counts) == 1 else counts)


# Each edit saves a change to a file and returns the text the page built from it must then contain.

def markdown_edit(path: Path, token: str) -> str:
    """A paragraph at the end of a Markdown page."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n벤치마크 문장 {token}\n", encoding="utf-8")
    return token


def prose_edit(path: Path, token: str) -> str:
    """A sentence at the top of the example's second prose cell."""
    text = path.read_text(encoding="utf-8")
    marker = "\n# %% [markdown]\n"
    i = text.index(marker) + len(marker)  # the first prose cell after the title
    path.write_text(text[:i] + f"# 벤치마크 문장 {token}\n#\n" + text[i:], encoding="utf-8")
    return token


def code_edit(path: Path, token: str) -> str:
    """A print at the top of the example's first code cell; only its output holds the upper-cased token."""
    text = path.read_text(encoding="utf-8")
    i = text.index("\n# %%\n") + len("\n# %%\n")  # the first code cell
    path.write_text(text[:i] + f"print({token!r}.upper())\n" + text[i:], encoding="utf-8")
    return token.upper()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_url(port: int, src: str) -> str:
    """The served address of a page from its path in the repository (docs/index.md, examples/x.py)."""
    uri = Path(src).relative_to("docs").as_posix() if src.startswith("docs/") else src
    page = uri.rsplit(".", 1)[0]
    page = "" if page == "index" else page.removesuffix("/index") + "/"
    return f"http://127.0.0.1:{port}/{page}"


def fetch(url: str) -> str:
    return urllib.request.urlopen(url, timeout=5).read().decode()


BUILT = "Documentation built in"  # mkdocs logs it at the end of every build, the first and each rebuild
RELOADED = "Reloading browsers"  # and mkdocs serve this, after each rebuild (the other line has gone missing once)


class Server:
    """One `mkdocs serve` of a copy; `latency` times one edit after another on it."""

    def __init__(self, root: Path, stock: bool, timeout: float):
        self.root, self.stock, self.timeout = root, stock, timeout
        self.port = free_port()
        self.proc = subprocess.Popen(
            [*MKDOCS, "serve", "--livereload", "-a", f"127.0.0.1:{self.port}"], cwd=root,
            env=environment(root, stock), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.log = []
        threading.Thread(target=lambda: self.log.extend(self.proc.stdout), daemon=True).start()
        self.wait(lambda: self.builds() >= 1 and self.served(page_url(self.port, "docs/index.md")) is not None,
                  "the first build")
        time.sleep(1.0)  # let the watcher settle

    def builds(self) -> int:
        return sum(BUILT in line for line in list(self.log))

    def reloads(self) -> int:
        return sum(RELOADED in line for line in list(self.log))

    def served(self, url: str):
        try:
            return fetch(url)
        except OSError:
            return None

    def wait(self, done, what: str):
        deadline = time.time() + self.timeout
        while not done():
            if self.proc.poll() is not None:
                sys.exit(f"mkdocs serve in {self.root} exited while waiting for {what}:\n{''.join(self.log)[-3000:]}")
            if time.time() > deadline:
                sys.exit(f"mkdocs serve in {self.root}: no {what} within {self.timeout} s:\n{''.join(self.log)[-3000:]}")
            time.sleep(0.05)

    def latency(self, edit, src: str):
        """Seconds from `edit` saving `src` to its served page containing the edit's effect, and the examples
        the rebuild executed. Returns once that rebuild has finished, so the next edit starts from rest."""
        url = page_url(self.port, src)
        before_log, before_builds, before_reloads = len(self.log), self.builds(), self.reloads()
        started = time.perf_counter()
        expected = edit(self.root / src, f"serve{time.time_ns()}")
        self.wait(lambda: expected in (self.served(url) or ""), f"page {url} containing {expected!r}")
        seconds = time.perf_counter() - started
        self.wait(lambda: self.builds() > before_builds or self.reloads() > before_reloads, "end of the rebuild")
        time.sleep(1.0)  # let the watcher settle
        return seconds, executions("".join(self.log[before_log:]), self.stock)

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


SERVE_CASES = [  # (row, edit, the file it saves: its page is the one watched)
    ("serve: save → page served (Markdown page edit)", markdown_edit, "docs/index.md"),
    ("serve: save → page served (prose edit)", prose_edit, None),
    ("serve: save → page served (code edit)", code_edit, None),
]


PDF_CASE = "book PDF: warm build with BOOK_PDF=true, extra seconds"


def measure(root: Path, stock: bool, example: str, timeout: float = 900):
    results = {}
    results["cold build"] = build(root, stock)
    # About a second: one build's noise on a shared machine is as large as the difference, so five in a row.
    results["nothing changed"] = repeated_build(root, stock, 5)
    prose_edit(root / example, "prose")
    results["prose edit of one example"] = build(root, stock)
    code_edit(root / example, "code")
    results["code edit of one example"] = build(root, stock)
    if stock:
        results[PDF_CASE] = None  # stock mkdocs-jupyter has no book PDF
    else:
        without, _ = build(root, stock, BOOK_PDF="false")
        with_pdf, executed = build(root, stock, BOOK_PDF="true")
        results[PDF_CASE] = (with_pdf - without, executed)
    server = Server(root, stock, timeout)
    try:
        for case, edit, src in SERVE_CASES:
            results[case] = server.latency(edit, src or example)
    finally:
        server.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", default="examples/1_3_autograd.py")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of every case; the table shows medians")
    args = parser.parse_args()
    print(f"examples: {len(list((REPO / 'examples').glob('[0-9]*.py')))}, cores: {os.cpu_count()}, "
          f"edited: {args.example}, rounds: {args.repeat}")
    rounds = {"ours": [], "stock": []}
    for n in range(args.repeat):
        # Alternate which configuration goes first, so neither always meets a warmer machine.
        order = ["ours", "stock"] if n % 2 == 0 else ["stock", "ours"]
        for name in order:
            with tempfile.TemporaryDirectory() as tmp:
                stock = name == "stock"
                rounds[name].append(measure(copy(Path(tmp) / name, stock=stock), stock, args.example))
    print()
    print("| case | ours (s) | stock (s) | ours / stock | executed: ours | executed: stock |")
    print("|---|---:|---:|---:|---:|---:|")
    for case in rounds["ours"][0]:
        a, na = median_of(rounds["ours"], case)
        b, nb = median_of(rounds["stock"], case)
        ratio = "—" if a is None or b is None else f"{a / b:.2f}"
        print(f"| {case} | {seconds(a)} | {seconds(b)} | {ratio} | {count(na)} | {count(nb)} |")


def median_of(runs, case):
    """Median seconds of one case over the rounds, and its execution counts (all rounds must agree);
    None, None for a case the configuration does not have."""
    if any(run[case] is None for run in runs):
        return None, None
    counts = {run[case][1] for run in runs}
    return statistics.median(run[case][0] for run in runs), (counts.pop() if len(counts) == 1 else counts)


def seconds(s):
    return "—" if s is None else f"{s:.2f}"


def count(n):
    return "—" if n is None else str(n)


if __name__ == "__main__":
    main()
