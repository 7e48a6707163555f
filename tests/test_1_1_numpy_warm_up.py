"""Tests of example 1_1 (NumPy warm-up): the script learns and its hand-written backward pass is right.
The checks every example shares (clean run, printed losses, repeatability, plot) are in test_examples.py."""

import numpy as np
import pytest
import torch


NAME = "1_1_Numpy_warm_up.py"


def test_initial_loss_is_tens_of_millions_as_the_page_estimates(example_globals):
    """The prose estimates the first loss as 640 * (H * D_in / 2 + 1), about 3.2e7."""
    g = example_globals(NAME)
    first = g["losses"][0]
    assert 1e7 <= first < 1e8
    assert first == pytest.approx(g["N"] * g["D_out"] * (g["H"] * g["D_in"] / 2 + 1), rel=0.25)


def small_problem(seed=1, N=8, D_in=7, H=5, D_out=3):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, D_in))
    y = rng.standard_normal((N, D_out))
    w1 = rng.standard_normal((D_in, H))
    w2 = rng.standard_normal((H, D_out))
    h = x @ w1
    # The ReLU mask must matter (both signs occur) and be unambiguous (no exact zeros).
    assert (h > 0).any() and (h < 0).any() and (h != 0).all()
    return x, y, w1, w2


def autograd_reference(x, y, w1, w2):
    """Loss and gradients of the same network computed by torch.autograd in float64."""
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    w1 = torch.tensor(w1, dtype=torch.float64, requires_grad=True)
    w2 = torch.tensor(w2, dtype=torch.float64, requires_grad=True)
    loss = (torch.relu(x @ w1) @ w2 - y).pow(2).sum()
    loss.backward()
    return loss.item(), w1.grad.numpy(), w2.grad.numpy()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hand_written_backward_matches_autograd(example_globals, seed):
    loss_and_grads = example_globals(NAME)["loss_and_grads"]
    x, y, w1, w2 = small_problem(seed)
    w1_before, w2_before = w1.copy(), w2.copy()

    loss, grad_w1, grad_w2 = loss_and_grads(x, y, w1, w2)
    ref_loss, ref_grad_w1, ref_grad_w2 = autograd_reference(x, y, w1, w2)

    assert grad_w1.shape == w1.shape and grad_w2.shape == w2.shape
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-10)
    np.testing.assert_allclose(grad_w1, ref_grad_w1, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grad_w2, ref_grad_w2, rtol=1e-10, atol=1e-12)
    # Computing the gradients must not change the weights.
    np.testing.assert_array_equal(w1, w1_before)
    np.testing.assert_array_equal(w2, w2_before)


def test_first_step_sizes_are_what_the_prose_says_for_each_weight(script_run, example_globals):
    """The prose: w2's gradient averages over 1e5 and its first step is about a fifth of its size; w1's
    gradient is about 25 times smaller and its first step under 1% of its size. The page prints both."""
    g = example_globals(NAME)
    rng = np.random.default_rng(0)  # the page's draws, in the page's order (its w1, w2 are trained by now)
    x, y = rng.standard_normal((g["N"], g["D_in"])), rng.standard_normal((g["N"], g["D_out"]))
    w1, w2 = rng.standard_normal((g["D_in"], g["H"])), rng.standard_normal((g["H"], g["D_out"]))
    _, grad_w1, grad_w2 = g["loss_and_grads"](x, y, w1, w2)
    np.testing.assert_array_equal(grad_w1, g["grad_w1_0"])
    np.testing.assert_array_equal(grad_w2, g["grad_w2_0"])
    lr = g["learning_rate"]
    ratio = {name: lr * np.abs(grad).mean() / np.abs(w).mean() for name, w, grad in [("w1", w1, grad_w1), ("w2", w2, grad_w2)]}
    assert np.abs(grad_w2).mean() > 1e5
    assert 0.17 < ratio["w2"] < 0.25
    assert ratio["w1"] < 0.01
    assert 20 < np.abs(grad_w2).mean() / np.abs(grad_w1).mean() < 30
    out = script_run(NAME).stdout
    for name in ("w1", "w2"):
        assert f"(가중치 크기의 {ratio[name]:.1%})" in out, name
