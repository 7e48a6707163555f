"""Run a downloaded notebook from a clean slate in a given kernel, as its own process, and save what it printed.

Usage: python notebook_runner.py NOTEBOOK KERNELS_DIR KERNEL_ENV_JSON OUT
tests/test_download_runs.py starts several at once (each in its own process: one kernel client a process).
The notebook at OUT holds every cell's outputs and, last, a probe cell of the test's own, tagged `probe`:
did anything import distutils (gone in Colab's Python 3.12)?
"""

import json
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from sitebuild.run.kernel import private_sockets

PROBE = "import sys; print(sorted(m for m in sys.modules if m.split('.')[0] == 'distutils'))"
TIMEOUT = 900


def run(path: Path, kernels_dir: str, env: dict) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # as a reader runs it: from a clean slate
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    kernels = KernelSpecManager(kernel_dirs=[kernels_dir])
    # Several runners start kernels at once: sockets in a folder of the kernel's own, no TCP ports to race for.
    with tempfile.TemporaryDirectory(prefix="sitebuild-kernel-") as sockets:
        km = KernelManager(kernel_name="download", kernel_spec_manager=kernels, **private_sockets(sockets))
        client = NotebookClient(
            nb, km=km, timeout=TIMEOUT, allow_errors=False, resources={"metadata": {"path": str(path.parent)}},
        )
        with client.setup_kernel(env=env, cleanup_kc=True):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index)
            nb.cells.append(nbformat.v4.new_code_cell(PROBE, metadata={"tags": ["probe"]}))
            client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
    return nb


if __name__ == "__main__":
    notebook, kernels_dir, env, out = sys.argv[1:]
    nbformat.write(run(Path(notebook), kernels_dir, json.loads(env)), out)
