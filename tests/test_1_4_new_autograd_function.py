"""Tests of example 1_4 (a new autograd Function): MyReLU is a correct autograd Function used through
`apply`, the claims of the page about it hold on the installed PyTorch, and training with it is the
same run as with autograd's own ReLU in 1_3."""

import re
import warnings

import pytest
import torch

from conftest import EXAMPLES, prose_cells

NAME = "1_4_new_autograd_function.py"
PREVIOUS = "1_3_autograd.py"
STEPS = [99, 199, 299, 399, 499]


# --- the script as a reader runs it -------------------------------------------------------------


def test_demo_reports_the_failures_it_promises(script_run):
    """The page says: calling an instance fails (making one warns), a kink in the input and a wrong backward
    fail gradcheck, and gradcheck refuses inputs without requires_grad with a ValueError."""
    out = script_run(NAME).stdout
    assert re.search(r"^RuntimeError: Legacy autograd function", out, re.MULTILINE)
    assert re.search(r"^DeprecationWarning: .*MyReLU.* should not be instantiated", out, re.MULTILINE)
    assert "MyReLU, 0에서 떨어진 입력: True" in out
    assert "MyReLU, 0이 섞인 입력: False" in out
    assert "BrokenReLU, 0에서 떨어진 입력: False" in out
    assert re.search(r"^MyReLU, requires_grad가 없는 입력: ValueError: .*requires_grad=True", out, re.MULTILINE)
    assert "ScaledReLU gradcheck: True" in out


def test_mask_only_relu_of_the_exercise_keeps_myrelus_rule_at_zero(script_run):
    """Exercise 3: the boolean mask is input >= 0, so at exactly 0 the gradient passes, as in MyReLU."""
    out = script_run(NAME).stdout
    assert "MaskReLU gradcheck: True" in out
    assert "MaskReLU의 입력 변화도: tensor([ 0.,  0., 30., 40., 50.])" in out
    assert "MyReLU의 입력 변화도와 같은가: True" in out


# --- MyReLU itself ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def MyReLU(example_globals):
    cls = example_globals(NAME)["MyReLU"]
    assert issubclass(cls, torch.autograd.Function)
    return cls


def away_from_zero(n, seed, margin=0.1):
    """float64 values of both signs, none closer to 0 than `margin` (ReLU's kink)."""
    gen = torch.Generator().manual_seed(seed)
    values = torch.randn(n, generator=gen, dtype=torch.float64)
    values = torch.sign(values) * (values.abs() + margin)
    assert (values > 0).any() and (values < 0).any()
    return values


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_myrelu_passes_gradcheck_in_float64(MyReLU, seed):
    x = away_from_zero(20, seed).reshape(4, 5).requires_grad_(True)
    assert torch.autograd.gradcheck(MyReLU.apply, (x,), eps=1e-6, atol=1e-8, rtol=1e-6)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_myrelu_forward_equals_torch_relu(MyReLU, dtype):
    gen = torch.Generator().manual_seed(5)
    x = torch.randn(64, 100, generator=gen, dtype=dtype)
    x[0, :3] = torch.tensor([0.0, -0.0, -1e-30], dtype=dtype)
    out = MyReLU.apply(x)
    assert out.dtype == dtype and out.shape == x.shape
    assert torch.equal(out, torch.relu(x))


def test_myrelu_backward_zeroes_the_gradient_where_the_input_is_negative(MyReLU):
    x = away_from_zero(50, seed=7).requires_grad_(True)
    upstream = away_from_zero(50, seed=8)
    out = MyReLU.apply(x)
    assert type(out.grad_fn).__name__ == "MyReLUBackward"
    out.backward(upstream)
    negative = x.detach() < 0
    assert torch.count_nonzero(x.grad[negative]) == 0
    assert torch.equal(x.grad[~negative], upstream[~negative])
    assert torch.equal(upstream, away_from_zero(50, seed=8))  # the incoming gradient was not modified


def test_myrelu_passes_the_gradient_at_exactly_zero_as_the_page_says(MyReLU):
    x = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    MyReLU.apply(x).backward(torch.tensor([10.0, 20.0, 30.0]))
    assert x.grad.tolist() == [0.0, 20.0, 30.0]


def test_myrelu_does_not_change_its_input(MyReLU):
    x = away_from_zero(10, seed=3)
    before = x.clone()
    MyReLU.apply(x)
    assert torch.equal(x, before)


def test_the_legacy_call_fails_on_this_pytorch(MyReLU):
    """Making an instance warns and calling it fails, as the page says."""
    with pytest.warns(DeprecationWarning, match="should not be instantiated"):
        instance = MyReLU()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(RuntimeError, match="[Ll]egacy"):
            instance(torch.ones(3, requires_grad=True))


def test_gradcheck_needs_an_input_that_requires_grad(MyReLU):
    """The page's third gradcheck rule: without requires_grad, a ValueError even with raise_exception=False."""
    x = away_from_zero(5, seed=4)
    with pytest.raises(ValueError, match="requires_grad=True"):
        torch.autograd.gradcheck(MyReLU.apply, (x,), raise_exception=False)


def test_exercise_mask_relu_matches_myrelu_at_exactly_zero(example_globals, MyReLU):
    mask_relu = example_globals(NAME)["MaskReLU"]
    upstream = torch.tensor([10.0, 20.0, 30.0, 40.0, 50.0])
    grads = []
    for fn in (MyReLU, mask_relu):
        x = torch.tensor([-2.0, -0.0, 0.0, 1.5, 3.0], requires_grad=True)
        fn.apply(x).backward(upstream)
        grads.append(x.grad)
    assert torch.equal(grads[0], grads[1])
    assert grads[1].tolist() == [0.0, 20.0, 30.0, 40.0, 50.0]


def test_training_used_myrelu_and_kept_the_autograd_rules(example_globals):
    g = example_globals(NAME)
    assert g["relu"] == g["MyReLU"].apply
    assert g["losses"] == pytest.approx(example_globals(PREVIOUS)["losses"], rel=1e-5)
    for name in ("w1", "w2"):
        w = g[name]
        assert w.is_leaf and w.requires_grad, name
        assert torch.count_nonzero(w.grad) == 0, name


# --- the page itself ----------------------------------------------------------------------------


def test_page_tells_to_call_myrelu_apply():
    assert "MyReLU.apply" in "\n".join(prose_cells(EXAMPLES / NAME))


def test_memory_tip_saves_the_mask_that_matches_myrelu():
    """MyReLU blocks `input < 0`; the mask the page suggests saving must keep that rule at 0."""
    prose = "\n".join(prose_cells(EXAMPLES / NAME))
    assert "`input >= 0`" in prose
    assert "마스크(`input > 0`)" not in prose
