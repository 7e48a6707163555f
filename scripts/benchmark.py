"""Build benchmark: this site's build against stock mkdocs-jupyter executing the same examples.

Usage: python scripts/benchmark.py [--example examples/1_3_autograd.py] [--repeat 3]

Works on temporary copies of the repository, so the working tree and its cache are untouched.
For each configuration it measures, in this order: a cold build (no cache), a build with nothing
changed, a build after a prose-only edit of one example, a build after a code edit of that example,
and, with `mkdocs serve` running, the time from saving a prose edit to the rebuilt page being served.
It prints the seconds and the number of examples each case executed, side by side, with the ratio
ours / stock. "Stock" is mkdocs-jupyter 0.26 with `execute: true` and its own cache, which is what
the site would be without sitebuild (PYTHONPATH points at examples/ so its kernels can import the
shared plotting helper, since stock runs every example in the folder mkdocs was started from).
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


def build(root: Path, stock: bool):
    started = time.perf_counter()
    proc = subprocess.run(
        [*MKDOCS, "build", "--strict"], cwd=root, env=environment(root, stock),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build failed in {root}:\n{proc.stdout[-3000:]}")
    return seconds, executions(proc.stdout, stock)


def prose_edit(path: Path, token: str):
    text = path.read_text(encoding="utf-8")
    marker = "\n# %% [markdown]\n"
    i = text.index(marker) + len(marker)  # the first prose cell
    path.write_text(text[:i] + f"# 벤치마크 문장 {token}\n#\n" + text[i:], encoding="utf-8")


def code_edit(path: Path, token: str):
    text = path.read_text(encoding="utf-8")
    i = text.index("\n# %%\n") + len("\n# %%\n")  # the first code cell
    path.write_text(text[:i] + f"_benchmark = '{token}'\n" + text[i:], encoding="utf-8")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_latency(root: Path, stock: bool, example: str, timeout=300):
    """Seconds from saving a prose edit to the served page containing it, and the examples executed."""
    port = free_port()
    proc = subprocess.Popen(
        [*MKDOCS, "serve", "--livereload", "-a", f"127.0.0.1:{port}"], cwd=root, env=environment(root, stock),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    log = []
    reader = threading.Thread(target=lambda: log.extend(proc.stdout), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}/{Path(example).with_suffix('').as_posix()}/"
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1.0)  # let the watcher settle
        before = len(log)
        token = f"serve{time.time_ns()}"
        started = time.perf_counter()
        prose_edit(root / example, token)
        while time.time() < deadline:
            try:
                if token in urllib.request.urlopen(url, timeout=5).read().decode():
                    seconds = time.perf_counter() - started
                    return seconds, executions("".join(log[before:]), stock)
            except OSError:
                pass
            time.sleep(0.05)
        return float("nan"), None
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def measure(root: Path, stock: bool, example: str):
    results = {}
    results["cold build"] = build(root, stock)
    results["nothing changed"] = build(root, stock)
    prose_edit(root / example, "prose")
    results["prose edit of one example"] = build(root, stock)
    code_edit(root / example, "code")
    results["code edit of one example"] = build(root, stock)
    results["serve: save → page served (prose edit)"] = serve_latency(root, stock, example)
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
        print(f"| {case} | {a:.2f} | {b:.2f} | {a / b:.2f} | {count(na)} | {count(nb)} |")


def median_of(runs, case):
    """Median seconds of one case over the rounds, and its execution counts (all rounds must agree)."""
    counts = {run[case][1] for run in runs}
    return statistics.median(run[case][0] for run in runs), (counts.pop() if len(counts) == 1 else counts)


def count(n):
    return "—" if n is None else str(n)


if __name__ == "__main__":
    main()
