"""Tests of example 1_2 (PyTorch tensors): the script runs on the chosen device, learns, and its
hand-written backward pass agrees with autograd. The checks every example shares are in test_examples.py."""

import warnings

import pytest
import torch


NAME = "1_2_Tensors.py"


def expected_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def test_tensors_live_on_the_chosen_device_as_float32(example_globals):
    g = example_globals(NAME)
    assert g["device"] == expected_device()
    for name in ("x", "y", "w1", "w2"):
        assert g[name].device.type == expected_device().type, name
        assert g[name].dtype == torch.float32, name


def test_loss_is_a_zero_dim_tensor(example_globals):
    g = example_globals(NAME)
    loss, grad_w1, grad_w2 = g["loss_and_grads"](g["x"], g["y"], g["w1"], g["w2"])
    assert loss.shape == torch.Size([])
    assert loss.ndim == 0
    assert isinstance(loss.item(), float)
    assert grad_w1.shape == g["w1"].shape and grad_w2.shape == g["w2"].shape


def test_initial_loss_is_tens_of_millions(example_globals):
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


def autograd_reference(x, y, w1, w2):
    """Loss and gradients of the same network computed by torch.autograd in float64."""
    w1 = w1.detach().clone().requires_grad_(True)
    w2 = w2.detach().clone().requires_grad_(True)
    loss = (torch.relu(x @ w1) @ w2 - y).pow(2).sum()
    loss.backward()
    return loss.detach(), w1.grad, w2.grad


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hand_written_backward_matches_autograd(example_globals, seed):
    loss_and_grads = example_globals(NAME)["loss_and_grads"]
    x, y, w1, w2 = small_problem(seed)
    w1_before, w2_before = w1.clone(), w2.clone()

    loss, grad_w1, grad_w2 = loss_and_grads(x, y, w1, w2)
    ref_loss, ref_grad_w1, ref_grad_w2 = autograd_reference(x, y, w1, w2)

    assert loss.dtype == grad_w1.dtype == grad_w2.dtype == torch.float64
    torch.testing.assert_close(loss, ref_loss, rtol=1e-10, atol=0)
    torch.testing.assert_close(grad_w1, ref_grad_w1, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(grad_w2, ref_grad_w2, rtol=1e-10, atol=1e-12)
    # Computing the gradients must not change the weights.
    assert torch.equal(w1, w1_before) and torch.equal(w2, w2_before)


def test_the_pages_description_of_the_float32_curve_holds(example_globals):
    """The page says: in float32 the curve flattens towards the end, ending far above NumPy's float64 loss."""
    torch_losses = example_globals(NAME)["losses"]
    numpy_losses = example_globals("1_1_Numpy_warm_up.py")["losses"]
    if example_globals(NAME)["device"].type != "cpu":
        pytest.skip("the page describes the CPU run")
    middle = torch_losses[200] / torch_losses[300]  # how much the loss shrinks over steps 200..300
    end = torch_losses[399] / torch_losses[499]  # ... and over the last 100 steps
    assert end < middle / 10
    assert torch_losses[-1] > 10 * numpy_losses[-1]


def test_late_updates_vanish_in_float32_as_the_first_exercise_shows(script_run, example_globals):
    """The loss curve flattens because late updates are too small for float32 weights: one more update of the
    trained weights leaves most elements unchanged, while the same update kept in float64 changes them all."""
    g = example_globals(NAME)
    if g["device"].type != "cpu":
        pytest.skip("the page describes the CPU run")
    _, grad_w1, grad_w2 = g["loss_and_grads"](g["x"], g["y"], g["w1"], g["w2"])
    lr = g["learning_rate"]
    out = script_run(NAME).stdout
    for name, w, grad in [("w1", g["w1"], grad_w1), ("w2", g["w2"], grad_w2)]:
        changed = (w - lr * grad != w).float().mean().item()
        assert changed < 0.5, name  # the answer says: most elements keep their value
        assert f"한 번 더 갱신하면 값이 바뀌는 {name} 원소의 비율: {changed:.1%}" in out
        w64 = w.double()
        assert (w64 - lr * grad.double() != w64).float().mean().item() > 0.99, name


def test_the_pages_claims_about_tensor_basics_hold():
    # torch.Size is a tuple; .item() refuses a tensor of several elements.
    assert isinstance(torch.Size([2, 3]), tuple)
    with pytest.raises(RuntimeError):
        torch.ones(3).item()
    # A legacy tensor type bundles device and dtype and is not a dtype.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch also warns about the legacy type's __torch_function__
        with pytest.raises(TypeError):
            torch.randn(2, dtype=torch.cuda.FloatTensor)
    # Matrix products need one dtype; elementwise ops promote silently.
    with pytest.raises(RuntimeError, match="same dtype"):
        torch.ones(2, 2).mm(torch.ones(2, 2, dtype=torch.float64))
    assert (torch.ones(2) + torch.ones(2, dtype=torch.float64)).dtype == torch.float64
    # from_numpy keeps the array's dtype (and memory); NumPy's default float is float64.
    import numpy as np

    assert torch.from_numpy(np.zeros(2, dtype=np.float32)).dtype == torch.float32
    assert torch.from_numpy(np.zeros(2)).dtype == torch.float64
