"""Tests of example 1_3 (autograd): the script runs and learns, autograd reproduces the hand-written
backward pass of 1_2 exactly, and the training loop keeps the autograd rules the page teaches."""

import pytest
import torch

from conftest import EXAMPLES

NAME = "1_3_autograd.py"
PREVIOUS = "1_2_Tensors.py"
STEPS = [99, 199, 299, 399, 499]


def expected_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


# --- the script as a reader runs it -------------------------------------------------------------


# --- the definitions and results of the example -------------------------------------------------


def test_recorded_losses_equal_those_of_1_2(example_globals):
    """All 500 recorded losses, not only the printed five, are those of the hand-written backward pass."""
    losses = example_globals(NAME)["losses"]
    previous = example_globals(PREVIOUS)["losses"]
    assert losses == pytest.approx(previous, rel=1e-5)


def test_weights_stay_leaves_with_zeroed_gradients_after_training(example_globals):
    """Updates are in place under no_grad (no rebinding to non-leaf tensors) and gradients are zeroed."""
    g = example_globals(NAME)
    for name in ("w1", "w2"):
        w = g[name]
        assert w.is_leaf and w.requires_grad and w.grad_fn is None, name
        assert w.dtype == torch.float32 and w.device.type == expected_device().type, name
        assert w.grad is not None and w.grad.shape == w.shape, name
        assert torch.count_nonzero(w.grad) == 0, name
    for name in ("x", "y"):
        assert not g[name].requires_grad, name


def test_loss_is_a_zero_dim_tensor_with_a_graph(example_globals):
    g = example_globals(NAME)
    loss = g["compute_loss"](g["x"], g["y"], g["w1"], g["w2"])
    assert loss.shape == torch.Size([]) and loss.ndim == 0
    assert loss.requires_grad and type(loss.grad_fn).__name__ == "SumBackward0"


def test_initial_loss_is_tens_of_millions_as_the_page_says(example_globals):
    assert 1e7 <= example_globals(NAME)["losses"][0] < 1e8


def small_problem(seed, N=8, D_in=7, H=5, D_out=3):
    gen = torch.Generator().manual_seed(seed)
    x, y, w1, w2 = (
        torch.randn(*shape, generator=gen, dtype=torch.float64)
        for shape in [(N, D_in), (N, D_out), (D_in, H), (H, D_out)]
    )
    h = x @ w1
    # The ReLU mask must matter (both signs occur) and be unambiguous (no exact zeros).
    assert (h > 0).any() and (h < 0).any() and (h != 0).all()
    return x, y, w1, w2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_autograd_gradients_equal_the_hand_written_ones_of_1_2(example_globals, seed):
    compute_loss = example_globals(NAME)["compute_loss"]
    loss_and_grads = example_globals(PREVIOUS)["loss_and_grads"]
    x, y, w1, w2 = small_problem(seed)

    w1_auto = w1.clone().requires_grad_(True)
    w2_auto = w2.clone().requires_grad_(True)
    loss = compute_loss(x, y, w1_auto, w2_auto)
    loss.backward()

    ref_loss, ref_grad_w1, ref_grad_w2 = loss_and_grads(x, y, w1, w2)
    assert w1_auto.grad.dtype == w2_auto.grad.dtype == torch.float64
    torch.testing.assert_close(loss.detach(), ref_loss, rtol=1e-12, atol=0)
    torch.testing.assert_close(w1_auto.grad, ref_grad_w1, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(w2_auto.grad, ref_grad_w2, rtol=1e-10, atol=1e-12)


def _graph_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("graph_plot", EXAMPLES / "graph_plot.py")
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.path.insert(0, str(EXAMPLES))  # graph_plot imports loss_plot
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(EXAMPLES))
    return module


def test_drawn_graph_is_the_one_autograd_recorded_for_the_loss(example_globals):
    g = example_globals(NAME)
    graph = _graph_module()
    loss = g["compute_loss"](g["x"], g["y"], g["w1"], g["w2"])
    nodes, edges = graph.autograd_graph(loss, {"w1": g["w1"], "w2": g["w2"]})
    assert sorted(name for name, _, _ in nodes) == sorted(
        ["SumBackward0", "PowBackward0", "SubBackward0", "MmBackward0", "MmBackward0", "ClampBackward1",
         "AccumulateGrad", "AccumulateGrad"]
    )
    assert len(edges) == len(nodes) - 1  # a tree: every node but the loss's has one parent
    assert {note for name, note, _ in nodes if name == "AccumulateGrad"} == {"w1.grad에 쌓음", "w2.grad에 쌓음"}
    # Every node has a Korean caption; the loss's node is on top.
    assert all(note for _, note, _ in nodes) and nodes[0][2] == 0


def test_page_figure_draws_every_node_with_a_korean_title(example_globals):
    g = example_globals(NAME)
    fig = g["graph_fig"]
    texts = [t.get_text() for t in fig.axes[0].texts]
    for name in ("SumBackward0", "ClampBackward1", "AccumulateGrad\nw1.grad에 쌓음", "AccumulateGrad\nw2.grad에 쌓음"):
        assert any(t.startswith(name) for t in texts), name
    assert "연산 그래프" in fig.axes[0].get_title()


def test_the_graph_figure_is_shown_on_the_page(site):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / "examples" / "1_3_autograd" / "index.html").read_text(encoding="utf-8"), "html.parser")
    cell = next(c for c in soup.select(".jp-CodeCell") if "draw_autograd_graph(" in c.get_text())
    assert cell.select(".jp-OutputArea-output img")
