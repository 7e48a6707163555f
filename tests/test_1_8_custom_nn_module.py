"""Tests of example 1_8 (custom nn Modules): TwoLayerNet registers exactly its two Linear layers, computes
the two-layer formula, is trained by plain SGD, and the demonstrations print what the page says."""

import math
import re

import pytest
import torch

from conftest import EXAMPLES, printed_losses

NAME = "1_8_custom_nn_module.py"
STEPS = [99, 199, 299, 399, 499]


def expected_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


# --- the script as a reader runs it -------------------------------------------------------------


def test_prints_the_device_first(script_run):
    """The device line (checked for all examples in test_examples.py) is this page's first output."""
    assert script_run(NAME).stdout.startswith("실행한 장치:")


def test_printed_loss_falls_steadily_by_a_large_factor(script_run):
    """The page: the printed loss falls by a large factor every hundred steps. Plain gradient descent on a
    network that can fit 64 points exactly shrinks the loss geometrically: over 12 seeds (CPU) each hundred
    steps cut it 9- to 99-fold (17- to 33-fold for seed 0), so require 5-fold per line, 1000-fold overall."""
    losses = [loss for _, loss in printed_losses(script_run(NAME).stdout)]
    assert all(math.isfinite(loss) for loss in losses)
    for before, after in zip(losses, losses[1:]):
        assert after * 5 < before
    assert losses[-1] * 1000 <= losses[0]


# --- TwoLayerNet ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def g(example_globals):
    return example_globals(NAME)


def test_model_is_a_two_layer_net_with_exactly_four_registered_parameters(g):
    model = g["model"]
    assert type(model).__name__ == "TwoLayerNet" and isinstance(model, torch.nn.Module)
    named = dict(model.named_parameters())
    assert list(named) == ["linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"]
    assert len(list(model.parameters())) == 4
    # registered through the attributes, not copies of them
    assert named["linear1.weight"] is model.linear1.weight and named["linear1.bias"] is model.linear1.bias
    assert named["linear2.weight"] is model.linear2.weight and named["linear2.bias"] is model.linear2.bias
    assert dict(model.named_children()).keys() == {"linear1", "linear2"}
    assert all(type(m) is torch.nn.Linear for m in model.children())
    shapes = {name: tuple(p.shape) for name, p in named.items()}
    assert shapes == {
        "linear1.weight": (100, 1000), "linear1.bias": (100,),
        "linear2.weight": (10, 100), "linear2.bias": (10,),
    }
    for p in model.parameters():
        assert p.dtype == torch.float32 and p.device.type == expected_device().type


def test_forward_equals_the_hand_written_formula(g):
    torch.manual_seed(5)
    net = g["TwoLayerNet"](7, 5, 3).double()
    x = torch.randn(8, 7, dtype=torch.float64)
    W1, b1 = net.linear1.weight, net.linear1.bias
    W2, b2 = net.linear2.weight, net.linear2.bias
    h = x @ W1.T + b1
    assert (h > 0).any() and (h < 0).any()  # the ReLU matters
    expected = h.clamp(min=0) @ W2.T + b2
    torch.testing.assert_close(net(x), expected, rtol=1e-12, atol=1e-12)


def test_the_constructor_calls_super_init_first_and_the_sizes_are_used(g):
    net = g["TwoLayerNet"](4, 6, 2)
    assert net.linear1.in_features == 4 and net.linear1.out_features == 6
    assert net.linear2.in_features == 6 and net.linear2.out_features == 2


def test_loss_and_optimizer_are_those_the_page_describes(g):
    loss_fn, optimizer, model = g["loss_fn"], g["optimizer"], g["model"]
    assert isinstance(loss_fn, torch.nn.MSELoss) and loss_fn.reduction == "sum"
    assert type(optimizer) is torch.optim.SGD
    (group,) = optimizer.param_groups
    assert group["lr"] == 1e-4 and group["momentum"] == 0 and group["weight_decay"] == 0
    assert [id(p) for p in group["params"]] == [id(p) for p in model.parameters()]


def test_recorded_loss_falls_at_least_hundred_thousandfold(g):
    """Over 12 seeds (CPU) the first loss was 4e7 to 1e9 times the last; 1e5 leaves room for other devices
    and still fails if training stalls or the learning rate is off by a factor of ten."""
    losses = g["losses"]
    assert all(math.isfinite(loss) for loss in losses)
    assert losses[-1] * 1e5 <= losses[0]


def test_first_loss_is_near_640_as_the_page_explains(g):
    """Default nn.Linear init gives outputs near 0, so the loss starts near sum(y**2), about 64*10 = 640."""
    assert 500 < g["losses"][0] < 800
    y = g["y"]
    assert g["losses"][0] == pytest.approx(y.pow(2).sum().item(), rel=0.25)


def test_curve_is_steeper_first_then_nearly_straight_on_the_log_scale(g):
    """The page: the first hundred-odd steps fall a little faster, then close to a straight line. Over 12 seeds
    (CPU) the steepest 25-step drop after step 200 was at most 1.7 times the shallowest (1.1 for seed 0)."""
    logs = [math.log10(loss) for loss in g["losses"]]
    drops = [logs[i] - logs[i + 25] for i in range(0, 475, 25)]
    assert all(drop > 0 for drop in drops)
    late = drops[8:]  # steps 200..500
    assert max(late) < 2 * min(late)
    assert min(drops[:3]) > max(late)


def test_sgd_step_is_the_manual_update_of_step_6(g):
    """The page says optim.SGD without momentum does w <- w - lr * grad, the manual update of step 6."""
    torch.manual_seed(3)
    net = g["TwoLayerNet"](6, 4, 2).double()
    before = [p.detach().clone() for p in net.parameters()]
    x, y = torch.randn(5, 6, dtype=torch.float64), torch.randn(5, 2, dtype=torch.float64)
    opt = torch.optim.SGD(net.parameters(), lr=1e-4)
    opt.zero_grad()
    torch.nn.MSELoss(reduction="sum")(net(x), y).backward()
    grads = [p.grad.clone() for p in net.parameters()]
    opt.step()
    for p, w, grad in zip(net.parameters(), before, grads):
        torch.testing.assert_close(p.detach(), w - 1e-4 * grad, rtol=1e-14, atol=1e-16)


# --- the demonstrations --------------------------------------------------------------------------


def test_demonstrations_print_what_the_page_says(script_run):
    out = script_run(NAME).stdout
    assert "(linear1): Linear(in_features=1000, out_features=100, bias=True)" in out
    assert "(linear2): Linear(in_features=100, out_features=10, bias=True)" in out
    assert "매개변수 텐서: 4개, 학습할 수(원소)는 모두 101110개" in out
    assert "첫 매개변수가 model.linear1.weight인가? True" in out
    assert "두 모델의 출력이 같은가? True" in out
    assert "입력 [-1, 0, 1]에서 ReLU의 변화도: [0.0, 0.0, 1.0] / clamp(min=0)의 변화도: [0.0, 1.0, 1.0]" in out
    assert "AttributeError: cannot assign module before Module.__init__() call" in out
    assert "model(x) 뒤 훅이 불린 횟수: 1" in out
    assert "model.forward(x) 뒤 훅이 불린 횟수: 1" in out
    assert "모듈: 돌려받은 것이 자기 자신인가? True / 가중치 자료형: torch.float64" in out
    assert "텐서: 돌려받은 것이 자기 자신인가? False / 원래 텐서 자료형: torch.float32" in out
    assert f"이 페이지의 모델 매개변수가 있는 장치: {{'{expected_device().type}" in out
    assert "ValueError: optimizer got an empty parameter list" in out


def test_registration_pitfall_counts(g):
    counts = {name: len(list(g[name]().parameters())) for name in
              ("PlainListNet", "ModuleListNet", "PlainTensorNet", "ParameterNet")}
    assert counts == {"PlainListNet": 0, "ModuleListNet": 4, "PlainTensorNet": 0, "ParameterNet": 1}


def test_sequential_copy_computes_the_same_function(g):
    seq, model, x = g["seq"], g["model"], g["x"]
    # seq holds the initial weights; the trained model has moved on, so compare through a fresh copy.
    with torch.no_grad():
        for p_seq, p in zip(seq.parameters(), model.parameters()):
            p_seq.copy_(p)
        assert torch.equal(seq(x), model(x))


def test_the_demos_leave_no_hooks_on_the_model(g):
    assert len(g["model"]._forward_hooks) == 0


# --- the page itself ----------------------------------------------------------------------------


def training_loop_code(name):
    """The code lines of the cell holding `for t in range(500):`, from `losses = []` on, without comments."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    cell = next(c for c in re.split(r"^# %%.*$", text, flags=re.MULTILINE) if "for t in range(500):" in c)
    cell = cell[cell.index("losses = []"):]
    lines = [line.split("#")[0].rstrip() for line in cell.splitlines()]
    return [line for line in lines if line.strip()]


def test_training_loop_is_the_code_of_step_7():
    """The page: apart from comments, the training loop is the same code as step 7's."""
    assert training_loop_code(NAME) == training_loop_code("1_7_optim.py")


def test_leaving_out_super_init_gives_the_same_error_as_calling_it_late():
    """The page: forgetting super().__init__() fails with the same AttributeError as calling it too late."""

    class NoSuperInit(torch.nn.Module):
        def __init__(self):
            self.linear = torch.nn.Linear(2, 2)

    with pytest.raises(AttributeError, match=re.escape("cannot assign module before Module.__init__() call")):
        NoSuperInit()


def test_relu_and_clamp_agree_in_value_and_differ_in_gradient_only_at_zero():
    """The page: ReLU and clamp(min=0) give the same values; their gradients differ only where the input is 0."""
    z = torch.tensor([-2.0, -1e-30, 0.0, -0.0, 1e-30, 3.0], requires_grad=True)
    torch.testing.assert_close(torch.relu(z), z.clamp(min=0), rtol=0, atol=0)
    (relu_grad,) = torch.autograd.grad(torch.relu(z).sum(), z)
    (clamp_grad,) = torch.autograd.grad(z.clamp(min=0).sum(), z)
    assert relu_grad.tolist() == [0, 0, 0, 0, 1, 1]
    assert clamp_grad.tolist() == [0, 0, 1, 1, 1, 1]


@pytest.mark.skipif(torch.cuda.is_available(), reason="measured on the CPU run the page describes")
def test_first_layer_outputs_exactly_zero_now_and_then_during_training(g):
    """The page: one reason the losses differ from step 6 in the last digits is that an element of the first
    layer's output is now and then exactly 0 in float32 during training, where clamp and ReLU differ."""
    torch.manual_seed(0)
    x = torch.randn(64, 1000)
    y = torch.randn(64, 10)
    net = g["TwoLayerNet"](1000, 100, 10)
    optimizer = torch.optim.SGD(net.parameters(), lr=1e-4)
    loss_fn = torch.nn.MSELoss(reduction="sum")
    steps_with_zeros = 0
    for _ in range(500):
        with torch.no_grad():
            steps_with_zeros += bool((net.linear1(x) == 0).any())
        loss = loss_fn(net(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert 0 < steps_with_zeros < 100  # now and then, not every step


def test_the_page_model_and_optimizer_keep_no_state_and_unregistered_tensors_are_left_out(g):
    """The page: plain SGD keeps no state; unregistered modules and tensors are missing from state_dict() and
    are not converted by Module.to."""
    assert len(g["optimizer"].state) == 0
    for name in ("PlainListNet", "PlainTensorNet"):
        net = g[name]()
        assert list(net.state_dict()) == []
        net.to(torch.float64)
        leftover = net.layers[0].weight if name == "PlainListNet" else net.scale
        assert leftover.dtype == torch.float32


def test_assigning_plain_attributes_before_super_init_is_allowed_but_parameters_are_not():
    """The page: code unrelated to modules may come before super().__init__(); modules and Parameters may not."""

    class SizesFirst(torch.nn.Module):
        def __init__(self):
            self.width = 3
            super().__init__()
            self.linear = torch.nn.Linear(self.width, 1)

    assert len(list(SizesFirst().parameters())) == 2

    class ParameterFirst(torch.nn.Module):
        def __init__(self):
            self.scale = torch.nn.Parameter(torch.ones(1))
            super().__init__()

    with pytest.raises(AttributeError, match=re.escape("cannot assign parameters before Module.__init__() call")):
        ParameterFirst()


def test_forward_called_directly_still_runs_the_hooks_of_submodules(g):
    """The page: model.forward(x) skips the hooks of `model` itself; linear1, called inside forward, runs its own."""
    net = g["TwoLayerNet"](3, 4, 2)
    outer, inner = [], []
    net.register_forward_hook(lambda *args: outer.append(1))
    net.linear1.register_forward_hook(lambda *args: inner.append(1))
    net.forward(torch.ones(1, 3))
    assert outer == [] and inner == [1]


def test_sequential_can_reuse_one_module_a_fixed_number_of_times():
    """The page: putting the same module twice in nn.Sequential reuses it a fixed number of times."""
    linear = torch.nn.Linear(4, 4)
    seq = torch.nn.Sequential(linear, torch.nn.ReLU(), linear)
    assert len(list(seq.parameters())) == 2
    inputs = torch.randn(2, 4, generator=torch.Generator().manual_seed(0))
    assert torch.equal(seq(inputs), linear(linear(inputs).relu()))
