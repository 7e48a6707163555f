"""Executes one example in a fresh Jupyter kernel, in its own folder, with a per-cell timeout."""

import json
import os
import re
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from nbformat import v4
from traitlets.config import Config

from .forks import imports_preloaded
from .kernel import private_sockets
from .notebook import read_example

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
CELL_FRAME = re.compile(r"Cell In\[(\d+)\], line (\d+)")
FILE_FRAME = re.compile(r"^File (.+?):(\d+)(?:, in |$)", re.MULTILINE)

# Runs when the kernel starts (not a cell, so execution counts still start at 1): records every
# file the example opens, so a data file it reads is part of what decides whether to run it again.
RECORD_OPENS = (
    "import os as _sb_os, sys as _sb_sys; _sb_opened = set(); "
    "_sb_sys.addaudithook(lambda e, a: _sb_opened.add(_sb_os.path.abspath(a[0])) "
    "if e == 'open' and isinstance(a[0], str) else None)"
)

# Plots at twice the pixels of their displayed size, sharp on dense screens.
SHARP_PLOTS = "--InlineBackend.figure_formats=retina"

# The build's cells stay out of the writer's IPython history (a SQLite file every kernel would open and write).
NO_HISTORY = "--HistoryManager.enabled=False"

# Runs when the kernel starts, after RECORD_OPENS: every figure the kernel shows carries its Korean
# description in its output's metadata (run/figure_alt.py, sent as source: the kernel imports nothing
# of the build, and its namespace keeps no name of it).
DESCRIBE_FIGURES = (
    f"_sb_alt = {{}}; exec(compile({(Path(__file__).parent / 'figure_alt.py').read_text(encoding='utf-8')!r}, "
    "'figure_alt.py', 'exec'), _sb_alt); _sb_alt['install'](get_ipython()); del _sb_alt"
)

# Runs after the example: the module files it imported, the files it opened, its `losses`, and
# what produced its outputs (Python, torch and NumPy versions, the device it chose).
PROBE = """\
import json as _j, sys as _s, platform as _p
def _sb_run():
    info = {"python": _p.python_version()}
    for name in ("torch", "numpy"):
        if name in _s.modules:
            info[name] = _s.modules[name].__version__
    device = str(globals().get("device", "cpu"))
    info["device"] = device
    # How many threads the math libraries were allowed: NumPy's sums come out differently in the last
    # digits with another count, so a reader who wants the page's numbers exactly needs the same.
    info["threads"] = {k: v for k, v in _s.modules["os"].environ.items() if k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS')}
    if device.startswith("cuda"):
        info["device_name"] = _s.modules["torch"].cuda.get_device_name(device)
    else:
        try:
            with open("/proc/cpuinfo") as f:
                info["device_name"] = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
        except (OSError, StopIteration):
            info["device_name"] = _p.processor() or _p.machine()
    return info
print(_j.dumps({
    "used": sorted({getattr(m, "__file__", None) or "" for m in list(_s.modules.values())} | _sb_opened),
    "losses": [float(v) for v in globals().get("losses", [])],
    "run": _sb_run(),
}))
"""


class ExampleError(Exception):
    """An example failed: the message names the file and the line."""


@dataclass
class Execution:
    notebook: object  # the executed nbformat notebook
    used: list  # absolute paths of every module file the example imported and every file it opened
    stderr: list  # (file line, text) of output the example wrote to stderr
    losses: list  # the example's `losses` list, if it has one
    run: dict  # Python, torch and NumPy versions and the device the example used
    seconds: float  # wall-clock time of the whole run, kernel start included
    finished: datetime  # when the run ended (UTC)


def execute(path: Path, root: Path, timeout: float, threads: int = 0, slot=None, forks=None) -> Execution:
    """Run every cell of the example at `path`; raise ExampleError naming `path:line` on failure.

    `threads` caps the math libraries' threads in the kernel (0: their own default). `slot`, a
    lock or semaphore, is held while the cells run: the kernel can start before a slot is free.
    `forks`, a ForkServer, forks the kernel if the example imports what the server has imported and the
    server has this kernel's environment (run/forks.py); otherwise the kernel is a fresh Python.
    """
    started = time.perf_counter()
    nb, starts = read_example(path)
    shown = _shown_path(path, root)
    exec_counts = {}
    with tempfile.TemporaryDirectory(prefix="sitebuild-kernel-") as sockets, tempfile.TemporaryFile("w+") as kernel_log:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name=nb.metadata["kernelspec"]["name"],
            allow_errors=False,
            resources={"metadata": {"path": str(path.parent)}},
            extra_arguments=[f"--IPKernelApp.exec_lines={line}" for line in (RECORD_OPENS, DESCRIBE_FIGURES)] + [SHARP_PLOTS, NO_HISTORY],
            config=Config(KernelManager=private_sockets(sockets)),
            # Stopped, not asked to stop: the outputs and the probe's answer are in by then, and a graceful
            # shutdown (atexit hooks, the client polling for the exit) kept each build waiting 0.7 s more.
            shutdown_kernel="immediate",
            **_forked(forks, path, threads),
        )
        with ExitStack() as kernel:
            try:
                kernel.enter_context(client.setup_kernel(stderr=kernel_log, env=kernel_environment(threads)))
            except (RuntimeError, TimeoutError) as error:  # what jupyter_client raises when a kernel does not come up
                raise ExampleError(f"{shown}: the kernel did not start: {error}\n{_tail(kernel_log)}") from None
            waited = kernel.enter_context(_held(slot))
            try:
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    try:
                        client.execute_cell(cell, index)
                    except CellTimeoutError:
                        raise ExampleError(
                            f"{shown}:{starts[index]}: timed out: the cell starting here did not "
                            f"finish within {timeout:g} s"
                        ) from None
                    except CellExecutionError:
                        exec_counts[cell.execution_count] = starts[index]
                        raise ExampleError(_describe_error(cell, starts[index], exec_counts, shown, root)) from None
                    exec_counts[cell.execution_count] = starts[index]
                probe = _probe(client, nb)
            except DeadKernelError:
                raise ExampleError(f"{shown}: the kernel died while running the example\n{_tail(kernel_log)}") from None
    # One output per stream and cell: a line flushed in pieces would otherwise show split on the page.
    CoalesceStreamsPreprocessor().preprocess(nb, {})
    stderr = [
        (starts[i], out["text"])
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]
    return Execution(
        notebook=nb,
        used=probe["used"],
        stderr=stderr,
        losses=probe["losses"],
        run=probe["run"],
        seconds=time.perf_counter() - started - waited(),  # kernel start and cells, not the wait
        finished=datetime.now(timezone.utc),
    )


THREAD_SETTINGS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def _tail(log, lines=5):
    """The last lines the kernel wrote to `log`, its stderr."""
    log.seek(0)
    return "".join(log.readlines()[-lines:]).strip()


@contextmanager
def _held(slot):
    """Hold `slot` (if any); yields a function giving the seconds spent waiting for it."""
    if slot is None:
        yield lambda: 0.0
        return
    before = time.perf_counter()
    with slot:
        waited = time.perf_counter() - before
        yield lambda: waited


def kernel_environment(threads=0):
    """The build's environment, minus settings that would stop plots from showing on the page."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # ipykernel picks the inline backend only when none is forced
    if threads:
        for name in THREAD_SETTINGS:
            env.setdefault(name, str(threads))  # a value the writer set wins
    return env


def _forked(forks, path, threads) -> dict:
    """NotebookClient's settings for a kernel forked from `forks`, if it can stand in for a fresh one."""
    if forks is None or not imports_preloaded(path) or not forks.ready():
        return {}
    return {"kernel_manager_class": forks.manager}


def _probe(client, nb):
    probe = v4.new_code_cell(PROBE)
    nb.cells.append(probe)
    try:
        client.execute_cell(probe, len(nb.cells) - 1)
    finally:
        nb.cells.pop()
    text = "".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout")
    found = json.loads(text)
    # Frozen and built-in modules carry relative or no file names: only real files count.
    found["used"] = [p for p in found["used"] if Path(p).is_absolute()]
    return found


def _describe_error(cell, start, exec_counts, shown, root):
    """`file:line: Error: message`, pointing at the innermost frame inside the example."""
    error = next((o for o in cell.outputs if o.get("output_type") == "error"), {})
    tb = ANSI.sub("", "\n".join(error.get("traceback", [])))
    line = start
    cell_frames = CELL_FRAME.findall(tb)
    if cell_frames:
        count, offset = cell_frames[-1]
        line = exec_counts.get(int(count), start) + int(offset) - 1
    message = f"{shown}:{line}: {error.get('ename', 'Error')}: {error.get('evalue', '')}"
    inner = [
        (Path(f).expanduser(), n)
        for f, n in FILE_FRAME.findall(tb)
        if _inside(Path(f).expanduser(), root)
    ]
    if inner:
        where, n = inner[-1]
        message += f"\n  raised in {_shown_path(where, root)}:{n}"
    return message


def _inside(path, root):
    try:
        rel = path.resolve().relative_to(root)
    except ValueError:
        return False
    return "site-packages" not in rel.parts and not rel.parts[0].startswith(".")


def _shown_path(path, root):
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
