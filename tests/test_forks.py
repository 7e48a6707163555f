"""Kernels forked from a process that has imported torch (sitebuild/run/forks.py), against fresh ones, with real kernels."""

import os
import select
import sys
import time
from pathlib import Path

import pytest

from sitebuild.run import forks
from sitebuild.run.execute import execute, kernel_environment
from sitebuild.run.forks import ForkServer, imports_preloaded

pytestmark = pytest.mark.skipif(not forks.available(), reason="forking kernels needs Linux")

# What an example can see of the process it runs in, apart from its pid and its parent's.
LOOK_AROUND = """\
import os, sys
import torch
print(__name__, [p.replace(os.getcwd(), "<cwd>") for p in sys.path[:2]], os.path.basename(sys.argv[0]))
print({k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")})
print(torch.get_num_threads(), torch.get_num_interop_threads())
torch.manual_seed(0)
print(torch.randn(3).tolist(), torch.ones(64, 64).matmul(torch.ones(64, 64)).sum().item())
print(sorted(k for k in ("numpy.random", "matplotlib", "IPython") if k in sys.modules))
print(os.getppid())
"""


def example(root: Path, name: str, code: str) -> Path:
    path = root / name
    path.write_text("# %%\n" + code, encoding="utf-8")
    return path


def outputs(run):
    return [out.get("text") for cell in run.notebook.cells for out in cell.get("outputs", [])]


@pytest.fixture
def server():
    """A server for one-thread kernels, started in the test's call phase: pytest changes the environment
    between phases (PYTEST_CURRENT_TEST), and a kernel whose environment differs is not forked."""
    started = []
    yield lambda: started.append(ForkServer(kernel_environment(1))) or started[-1]
    for one in started:
        one.close()


def test_a_forked_kernel_shows_what_a_fresh_one_shows(tmp_path, server):
    server = server()
    path = example(tmp_path, "look.py", LOOK_AROUND)
    fresh = execute(path, tmp_path, 60, threads=1)
    forked = execute(path, tmp_path, 60, threads=1, forks=server)
    *seen, parent = outputs(forked)[0].splitlines()
    assert int(parent) == server.process.pid  # it was forked, not started afresh
    assert seen == outputs(fresh)[0].splitlines()[:-1]
    assert seen[0].startswith("__main__ [") and seen[0].endswith("] ipykernel_launcher.py") and seen[2].startswith("1 ")
    assert forked.run == fresh.run and forked.losses == fresh.losses


def test_forked_kernels_do_not_share_numpys_random_numbers(tmp_path, server):
    """torch does not import numpy.random today, so the server holds no global generator to share; should a
    preload ever import it, the children must reseed it (this fails with numpy.random preloaded unseeded)."""
    server = server()
    path = example(tmp_path, "draw.py", "import torch\nimport numpy as np\nprint(np.random.rand())\n")
    drawn = {outputs(execute(path, tmp_path, 60, threads=1, forks=server))[0] for _ in range(2)}
    assert len(drawn) == 2


def test_an_example_that_does_not_open_by_importing_torch_gets_a_fresh_kernel(tmp_path, server):
    server = server()
    code = "import os, sys\nprint('torch' in sys.modules, os.getppid() == {})\n"
    plain = example(tmp_path, "plain.py", code.format(os.getpid()))
    late = example(tmp_path, "late.py", "import os\nos.environ['OMP_NUM_THREADS'] = '2'\nimport torch\n" + code.format(os.getpid()))
    assert not imports_preloaded(plain) and not imports_preloaded(late)
    assert outputs(execute(plain, tmp_path, 60, threads=1, forks=server)) == ["False True\n"]
    assert outputs(execute(late, tmp_path, 60, threads=1, forks=server)) == ["True True\n"]


def test_a_kernel_whose_environment_differs_from_the_servers_starts_afresh(tmp_path):
    path = example(tmp_path, "other.py", f"import os\nimport torch\nprint(os.getppid() == {os.getpid()})\n")
    other = ForkServer({**kernel_environment(1), "SOMETHING_TORCH_MIGHT_READ": "1"})
    try:
        assert outputs(execute(path, tmp_path, 60, threads=1, forks=other)) == ["True\n"]
    finally:
        other.close()


def test_a_server_whose_imports_print_anything_is_not_used(tmp_path, monkeypatch):
    (tmp_path / "noisy.py").write_text("import sys\nprint('hello', file=sys.stderr)\n", encoding="utf-8")
    monkeypatch.setattr(forks, "PRELOAD", ("noisy",))
    noisy = ForkServer({**kernel_environment(1), "PYTHONPATH": str(tmp_path)})
    assert noisy.ready() is False
    assert noisy.process.poll() is not None


def test_closing_the_server_stops_the_kernels_it_forked(tmp_path, server):
    server = server()
    (tmp_path / "sleeper.py").write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    assert server.ready()
    with open(os.devnull, "rb") as null:
        pid = server.fork("sleeper", [sys.executable], dict(server.env), str(tmp_path), [null.fileno(), 1, 2])
    pidfd = os.pidfd_open(pid)
    try:
        assert not select.select([pidfd], [], [], 0.5)[0]  # still asleep
        started = time.perf_counter()
        server.close()
        assert select.select([pidfd], [], [], 5)[0], "the forked child outlived its server"
        assert time.perf_counter() - started < 5
    finally:
        os.close(pidfd)
