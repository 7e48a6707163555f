"""sitebuild.run.execute: examples run in their own folder, and failures name the file and the line."""

import os
import textwrap
from pathlib import Path

import pytest

from sitebuild.run.execute import ExampleError, execute
from sitebuild.run.notebook import read_example


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_cell_start_lines_match_the_file(tmp_path):
    example = write(
        tmp_path / "ex.py",
        """
        # %% [markdown]
        # # 제목

        # %%

        a = 1

        # %%
        b = 2
        """,
    )
    nb, starts = read_example(example)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code"]
    assert starts[1] == line_of(example, "a = 1")
    assert starts[2] == line_of(example, "b = 2")


def test_runs_in_its_own_folder_and_records_repository_imports(tmp_path):
    write(tmp_path / "examples" / "helper.py", "VALUE = 41\n")
    write(tmp_path / "examples" / "data.txt", "1\n")
    example = write(
        tmp_path / "examples" / "ex.py",
        """
        # %%
        import os
        from helper import VALUE
        print(VALUE + int(open("data.txt").read()), os.path.basename(os.getcwd()))
        """,
    )
    run = execute(example, tmp_path, timeout=60)
    outputs = run.notebook.cells[0].outputs
    assert outputs[0]["text"] == "42 examples\n"
    assert str(tmp_path / "examples" / "helper.py") in run.used
    assert run.stderr == []


def test_exception_names_file_and_line(tmp_path):
    example = write(
        tmp_path / "examples" / "broken.py",
        """
        # %% [markdown]
        # 설명

        # %%
        def divide(a, b):
            return a / b

        # %%
        x = 1
        y = divide(x, 0)
        """,
    )
    with pytest.raises(ExampleError) as error:
        execute(example, tmp_path, timeout=60)
    message = str(error.value)
    assert message.startswith(f"examples/broken.py:{line_of(example, 'return a / b')}: ZeroDivisionError")


def test_exception_in_imported_module_names_both_places(tmp_path):
    helper = write(tmp_path / "examples" / "helper.py", "def boom():\n    raise RuntimeError('터짐')\n")
    example = write(tmp_path / "examples" / "ex.py", "# %%\nfrom helper import boom\n\nboom()\n")
    with pytest.raises(ExampleError) as error:
        execute(example, tmp_path, timeout=60)
    message = str(error.value)
    assert message.startswith("examples/ex.py:4: RuntimeError: 터짐")
    assert f"raised in examples/helper.py:{line_of(helper, 'raise')}" in message


def test_syntax_error_names_the_line(tmp_path):
    example = write(tmp_path / "ex.py", "# %%\nx = 1\n\n# %%\ny = (\n")
    with pytest.raises(ExampleError) as error:
        execute(example, tmp_path, timeout=60)
    assert str(error.value).startswith("ex.py:5: SyntaxError")


def test_hang_times_out_with_a_message(tmp_path):
    example = write(tmp_path / "ex.py", "# %%\nx = 1\n\n# %%\nimport time\ntime.sleep(60)\n")
    with pytest.raises(ExampleError, match=r"^ex.py:5: timed out: .* within 2 s"):
        execute(example, tmp_path, timeout=2)


def test_stderr_output_is_reported(tmp_path):
    example = write(tmp_path / "ex.py", "# %%\nimport warnings\nwarnings.warn('조심')\n")
    run = execute(example, tmp_path, timeout=60)
    assert len(run.stderr) == 1 and "조심" in run.stderr[0][1]


def test_plots_show_even_when_the_caller_forces_a_backend(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    example = write(tmp_path / "ex.py", "# %%\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\n")
    run = execute(example, tmp_path, timeout=60)
    assert any("image/png" in out.get("data", {}) for out in run.notebook.cells[0].outputs)


def test_a_line_printed_in_pieces_is_one_output(tmp_path):
    """Flushed pieces arrive as separate messages; the page must show them as one block of lines."""
    example = write(
        tmp_path / "ex.py",
        """
        # %%
        import time
        for step in (99, 199):
            print(step, end=" ", flush=True)
            time.sleep(0.2)
            print(0.5, flush=True)
            time.sleep(0.2)
        """,
    )
    run = execute(example, tmp_path, timeout=60)
    outputs = run.notebook.cells[0].outputs
    assert [(o.output_type, o.name, o.text) for o in outputs] == [("stream", "stdout", "99 0.5\n199 0.5\n")]


def test_plots_are_drawn_at_twice_their_displayed_size(tmp_path):
    example = write(tmp_path / "ex.py", "# %%\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\n")
    out = next(o for o in execute(example, tmp_path, timeout=60).notebook.cells[0].outputs if "image/png" in o.get("data", {}))
    import base64

    png = base64.b64decode(out["data"]["image/png"])
    assert int.from_bytes(png[16:20], "big") >= 2 * out["metadata"]["image/png"]["width"] - 2


def test_the_kernel_talks_over_sockets_in_a_folder_of_its_own(tmp_path):
    """No TCP port that another process could take between jupyter_client's choice and the kernel's bind
    (sitebuild/run/kernel.py); the folder goes with the kernel."""
    example = write(
        tmp_path / "ex.py",
        """
        # %%
        from ipykernel.connect import get_connection_info
        info = get_connection_info(unpack=True)
        print(info["transport"], info["ip"])
        """,
    )
    transport, ip = execute(example, tmp_path, timeout=60).notebook.cells[0].outputs[0]["text"].split()
    assert transport == "ipc"
    folder = Path(ip).parent
    assert folder.name.startswith("sitebuild-kernel-")
    assert not folder.exists()


def test_a_kernel_that_does_not_start_names_the_example_and_what_it_printed(tmp_path, monkeypatch):
    """A kernel that exits before it answers: the build names the example and shows the kernel's last words."""
    write(tmp_path / "broken" / "ipykernel_launcher.py", "import sys\nsys.exit('이 커널은 시작하지 못합니다')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "broken"))  # found before the real launcher by `python -m`
    example = write(tmp_path / "examples" / "ex.py", "# %%\nprint(1)\n")
    with pytest.raises(ExampleError, match=r"(?s)^examples/ex\.py: the kernel did not start: .*이 커널은 시작하지 못합니다$"):
        execute(example, tmp_path, timeout=60)


def test_a_plot_carries_its_description_in_the_output_metadata(tmp_path):
    """run/figure_alt.py, installed in the kernel: the alt text comes from the run, the kernel's namespace keeps nothing of it."""
    example = write(
        tmp_path / "ex.py",
        """
        # %%
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.plot([0, 1, 2], [4.0, 2.0, 1.0])
        ax.set(title="loss", xlabel="step", ylabel="value")

        # %%
        print(sorted(name for name in globals() if "alt" in name))
        """,
    )
    first, second = execute(example, tmp_path, timeout=60).notebook.cells
    [plot] = [o for o in first.outputs if "image/png" in o.get("data", {})]
    assert plot.metadata["image/png"]["alt"] == (
        "«loss» 그래프. 가로축은 step, 세로축은 value. 점 3개를 잇는 선이 (0, 4)에서 시작해 (2, 1)에서 끝납니다."
    )
    assert second.outputs[0]["text"] == "[]\n"


def test_the_kernel_is_stopped_once_the_outputs_are_in_not_asked_to_wind_down(tmp_path):
    """A graceful shutdown runs the kernel's atexit hooks and waits for its exit (0.7 s of every run);
    the build stops it instead: an atexit hook of the example never runs, and its process is gone."""
    marker = tmp_path / "atexit-ran"
    example = write(
        tmp_path / "ex.py",
        f"""
        # %%
        import atexit, os
        atexit.register(lambda: open({str(marker)!r}, "w").close())
        print(os.getpid())
        """,
    )
    pid = int(execute(example, tmp_path, timeout=60).notebook.cells[0].outputs[0]["text"])
    assert not marker.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_the_build_leaves_the_ipython_history_alone(tmp_path, monkeypatch):
    """Every kernel would otherwise open the writer's IPython history and add the example's cells to it."""
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    example = write(
        tmp_path / "ex.py",
        """
        # %%
        print(get_ipython().history_manager.enabled)
        """,
    )
    assert execute(example, tmp_path, timeout=60).notebook.cells[0].outputs[0]["text"] == "False\n"
    assert not list((tmp_path / "ipython").rglob("history.sqlite"))
