"""Checks the example pages must pass, run once per example. Every example page (ALL_EXAMPLE_PAGES) runs
cleanly as a script and has a title and sections. Every training step (EXAMPLE_PAGES, 1_*) also prints
the device and five losses, is repeatable, and records the losses it prints and plots; the benchmark
pages (2_*) time things, so their output is not repeatable. What each example must show beyond that
(how far its loss falls, how it compares with other steps, its demonstrations, the benchmark's timing
code) is tested in its own module, tests/test_<stem>.py."""

import math
import re

import numpy as np
import pytest
import torch

from conftest import ALL_EXAMPLE_PAGES, EXAMPLE_PAGES, EXAMPLES, printed_losses, prose_cells

STEPS = [99, 199, 299, 399, 499]
# The NumPy warm-up uses no torch: it prints no device, and its losses are NumPy float64 scalars.
NUMPY_ONLY = {"1_1_Numpy_warm_up"}

every_page = pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
training_step = pytest.mark.parametrize("name", EXAMPLE_PAGES)


def expected_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@every_page
def test_runs_standalone_from_another_directory_without_warnings(script_run, name):
    proc = script_run(f"{name}.py")
    assert proc.stderr == "", f"the example wrote to stderr:\n{proc.stderr}"


@training_step
def test_prints_the_device_torch_picked_once(script_run, name):
    """Every PyTorch example prints `실행한 장치: cpu|cuda` exactly once; the NumPy example prints none."""
    lines = re.findall(r"^실행한 장치: (\S+)$", script_run(f"{name}.py").stdout, re.MULTILINE)
    assert lines == ([] if name in NUMPY_ONLY else [str(expected_device())])


@training_step
def test_prints_five_finite_losses_at_every_hundredth_step(script_run, name):
    losses = printed_losses(script_run(f"{name}.py").stdout)
    assert [step for step, _ in losses] == STEPS
    assert all(math.isfinite(loss) for _, loss in losses)


@training_step
def test_second_run_prints_identical_numbers(script_run, in_process_run, name):
    """The examples are seeded (1_9 seeds Python's `random` too), so a second run prints the same output:
    the run in this process, which the tests of definitions read, prints what the script's own process did."""
    first = script_run(f"{name}.py").stdout
    second = in_process_run(f"{name}.py")[1]
    assert printed_losses(first) == printed_losses(second)
    assert first == second


@training_step
def test_records_500_losses_and_prints_exactly_those(script_run, example_globals, name):
    """`losses` holds one loss per step as a plain number: a Python float from `.item()` (not a tensor
    holding its graph), or in the NumPy example a NumPy float64. The printed lines are its entries."""
    losses = example_globals(f"{name}.py")["losses"]
    assert len(losses) == 500
    number = np.float64 if name in NUMPY_ONLY else float
    assert all(type(loss) is number for loss in losses)
    assert printed_losses(script_run(f"{name}.py").stdout) == [(step, losses[step]) for step in STEPS]


@training_step
def test_plot_is_the_recorded_losses_on_a_log_scale(example_globals, name):
    g = example_globals(f"{name}.py")
    ax = g["fig"].axes[0]
    assert ax.get_yscale() == "log"
    assert list(ax.lines[0].get_ydata()) == g["losses"]


@every_page
def test_page_has_a_title_and_sections(name):
    prose = prose_cells(EXAMPLES / f"{name}.py")
    assert prose[0].lstrip("\n").startswith("# # ")
    text = "\n".join(prose)
    assert len(re.findall(r"^# ## ", text, re.MULTILINE)) >= 5


@training_step
def test_prose_quotes_no_measured_loss_values(script_run, name):
    """Measured losses depend on the machine, so the prose describes the curve instead of quoting them."""
    text = "\n".join(prose_cells(EXAMPLES / f"{name}.py"))
    for _, loss in printed_losses(script_run(f"{name}.py").stdout):
        assert f"{loss:.3g}" not in text
