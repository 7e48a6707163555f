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


# --- the page's claims about autograd ----------------------------------------------------------


def test_clamp_backward_passes_the_gradient_at_zero_like_the_mask_M():
    """The page writes the ReLU step as ⊙ M (0 where h < 0, 1 elsewhere): that is clamp(min=0)'s backward."""
    h = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    h.clamp(min=0).backward(torch.ones(3))
    assert h.grad.tolist() == [0.0, 1.0, 1.0]
    r = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    torch.relu(r).backward(torch.ones(3))
    assert r.grad.tolist() == [0.0, 0.0, 1.0]  # torch.relu blocks at 0, as the page says


def test_backward_without_argument_needs_exactly_one_element():
    one = torch.tensor([2.0], requires_grad=True)
    (one * 3).backward()  # shape (1,): one element is enough
    assert one.grad.tolist() == [3.0]
    many = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        (many * 2).backward()


def test_results_of_comparisons_do_not_require_grad():
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    assert (w * 2).requires_grad and not (w > 0).requires_grad


def test_grad_accumulates_across_backward_calls_not_across_uses():
    """Uses inside one graph are summed by the chain rule before .grad is written once; separate
    backward() calls add to .grad."""
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    writes = []
    w.register_post_accumulate_grad_hook(lambda p: writes.append(p.grad.clone()))
    (w * w + 3 * w).sum().backward()  # w used three times in one graph
    assert len(writes) == 1 and writes[0].tolist() == [5.0, 7.0, 9.0]
    (w * w + 3 * w).sum().backward()
    assert len(writes) == 2 and w.grad.tolist() == [10.0, 14.0, 18.0]


def test_backward_over_chunks_of_a_batch_sums_to_the_full_batch_gradient(example_globals):
    g = example_globals(NAME)
    x, y = g["x"].double(), g["y"].double()
    w1 = g["w1"].detach().double().requires_grad_(True)
    w2 = g["w2"].detach().double().requires_grad_(True)
    g["compute_loss"](x, y, w1, w2).backward()
    full = w1.grad.clone(), w2.grad.clone()
    w1.grad = w2.grad = None
    for i in range(0, len(x), 16):
        g["compute_loss"](x[i:i + 16], y[i:i + 16], w1, w2).backward()
    torch.testing.assert_close(w1.grad, full[0])
    torch.testing.assert_close(w2.grad, full[1])


def _start(example_globals):
    g = example_globals(NAME)
    torch.manual_seed(0)
    x = torch.randn(64, 1000)
    y = torch.randn(64, 10)
    w1 = torch.randn(1000, 100, requires_grad=True)
    w2 = torch.randn(100, 10, requires_grad=True)
    return g, x, y, w1, w2


def test_forgetting_to_zero_the_gradients_ends_in_nan_after_ups_and_downs(example_globals):
    g, x, y, w1, w2 = _start(example_globals)
    losses = []
    for _ in range(500):
        loss = g["compute_loss"](x, y, w1, w2)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w1 -= g["learning_rate"] * w1.grad
            w2 -= g["learning_rate"] * w2.grad
    rises = sum(b > 1.5 * a for a, b in zip(losses, losses[1:]))
    assert rises >= 5  # the loss goes up and down ...
    assert any(v != v for v in losses)  # ... and ends in nan


@pytest.mark.parametrize("under_no_grad", [False, True])
def test_rebinding_the_weight_leaves_it_without_grad_and_zero_fails(example_globals, under_no_grad):
    import contextlib
    import warnings

    g, x, y, w1, w2 = _start(example_globals)
    g["compute_loss"](x, y, w1, w2).backward()
    with torch.no_grad() if under_no_grad else contextlib.nullcontext():
        w1 = w1 - g["learning_rate"] * w1.grad
    assert w1.is_leaf == under_no_grad and w1.requires_grad != under_no_grad
    if not under_no_grad:
        assert type(w1.grad_fn).__name__ == "SubBackward0"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reading .grad of a non-leaf warns
        with pytest.raises(AttributeError):
            w1.grad.zero_()


def test_a_kept_loss_holds_intermediate_values_only_until_backward(example_globals):
    import gc
    import weakref

    _, x, y, w1, w2 = _start(example_globals)
    h_relu = x.mm(w1).clamp(min=0)
    ref = weakref.ref(h_relu)
    loss = (h_relu.mm(w2) - y).pow(2).sum()
    del h_relu
    gc.collect()
    assert ref() is not None  # the graph saved it for the backward pass
    loss.backward()
    gc.collect()
    assert ref() is None and loss.grad_fn is not None  # freed; the graph's nodes stay with the loss
