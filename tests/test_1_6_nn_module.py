"""Tests of example 1_6 (torch.nn): the script runs and learns, the model has the parameters the page
lists, the hand-written update is plain SGD, and what the page says about the default initialisation,
the starting loss, `reduction` and the pitfalls holds on the installed PyTorch."""

import copy
import math
import re

import pytest
import torch

from conftest import EXAMPLES, prose_cells

NAME = "1_6_nn_module.py"
N, D_IN, H, D_OUT = 64, 1000, 100, 10
LR = 1e-4


def expected_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def rebuild():
    """The page's recipe: seed, then x, y and the model, in this order, on the expected device."""
    device = expected_device()
    torch.manual_seed(0)
    x = torch.randn(N, D_IN, device=device)
    y = torch.randn(N, D_OUT, device=device)
    model = torch.nn.Sequential(
        torch.nn.Linear(D_IN, H), torch.nn.ReLU(), torch.nn.Linear(H, D_OUT)
    ).to(device)
    return x, y, model


def sum_loss(model, x, y):
    return torch.nn.functional.mse_loss(model(x), y, reduction="sum")


# --- the script as a reader runs it -------------------------------------------------------------


def test_loss_falls_every_step_and_the_curve_flattens_as_the_page_says(example_globals):
    """Plain gradient descent: the fall per 100 steps (log scale) is largest at the start."""
    losses = example_globals(NAME)["losses"]
    assert all(b < a for a, b in zip(losses, losses[1:]))
    drops = [math.log(losses[a] / losses[a + 100]) for a in (0, 100, 200, 300, 399)]
    assert all(later < earlier for earlier, later in zip(drops, drops[1:])), drops


# --- the model and its parameters ---------------------------------------------------------------


def test_model_is_linear_relu_linear_with_biases_on_the_device(example_globals):
    model = example_globals(NAME)["model"]
    assert isinstance(model, torch.nn.Sequential) and len(model) == 3
    first, relu, second = model
    assert isinstance(first, torch.nn.Linear) and isinstance(second, torch.nn.Linear)
    assert isinstance(relu, torch.nn.ReLU)
    assert (first.in_features, first.out_features) == (D_IN, H)
    assert (second.in_features, second.out_features) == (H, D_OUT)
    assert first.bias is not None and second.bias is not None
    for param in model.parameters():
        assert param.device.type == expected_device().type and param.dtype == torch.float32


def test_exactly_four_parameter_tensors_with_the_shapes_the_page_lists(example_globals):
    model = example_globals(NAME)["model"]
    named = [(name, tuple(p.shape), p.numel()) for name, p in model.named_parameters()]
    assert named == [
        ("0.weight", (H, D_IN), 100_000),
        ("0.bias", (H,), 100),
        ("2.weight", (D_OUT, H), 1_000),
        ("2.bias", (D_OUT,), 10),
    ]
    assert sum(p.numel() for p in model.parameters()) == 101_110
    assert all(isinstance(p, torch.nn.Parameter) and p.requires_grad for p in model.parameters())


def test_page_prints_the_parameter_table(script_run):
    out = script_run(NAME).stdout
    assert re.search(r"^0\.weight\s+shape=\(100, 1000\)\s+원소 100,000개", out, re.MULTILINE)
    assert re.search(r"^2\.bias\s+shape=\(10,\)\s+원소\s+10개", out, re.MULTILINE)
    assert "매개변수 텐서 4개, 원소 합계 101,110개" in out


def test_linear_computes_x_times_weight_transposed_plus_bias(example_globals):
    first = example_globals(NAME)["model"][0]
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(5, D_IN, generator=gen).to(first.weight.device)
    with torch.no_grad():
        torch.testing.assert_close(first(x), x @ first.weight.T + first.bias, rtol=1e-5, atol=1e-5)


def test_the_initial_model_is_the_seeded_recipe(example_globals):
    """Seed, x, y, model in a fixed order: the example's data and initial weights are reproducible."""
    g = example_globals(NAME)
    x, y, model = rebuild()
    assert torch.equal(g["x"], x) and torch.equal(g["y"], y)
    initial = g["initial_model"].state_dict()
    for name, tensor in model.state_dict().items():
        assert torch.equal(initial[name], tensor), name
    with torch.no_grad():
        assert sum_loss(model, x, y).item() == g["losses"][0]


def test_training_changed_every_parameter(example_globals):
    g = example_globals(NAME)
    for p, q in zip(g["model"].parameters(), g["initial_model"].parameters()):
        assert not torch.equal(p, q)


# --- the default initialisation and the starting loss --------------------------------------------


def test_default_initialisation_is_bounded_by_one_over_sqrt_fan_in(example_globals):
    initial = example_globals(NAME)["initial_model"]
    for layer in (initial[0], initial[2]):
        bound = 1 / math.sqrt(layer.in_features)
        for param in (layer.weight, layer.bias):
            assert param.abs().max().item() <= bound
        assert layer.weight.abs().max().item() > 0.95 * bound  # uniform up to the bound, not much smaller


def test_initial_predictions_are_small_as_the_estimate_says(example_globals):
    """The page estimates the mean square of the first prediction at about 1/18; y has variance 1."""
    g = example_globals(NAME)
    with torch.no_grad():
        mean_square = g["initial_model"](g["x"]).pow(2).mean().item()
    assert 1 / 36 < mean_square < 1 / 9


def test_initial_loss_is_hundreds_and_close_to_the_sum_of_y_squared(example_globals):
    g = example_globals(NAME)
    first = g["losses"][0]
    assert 100 <= first < 1000
    assert abs(first / g["y"].pow(2).sum().item() - 1) < 0.1


def test_initial_loss_is_far_below_that_of_the_autograd_step(example_globals):
    """Tens of millions with randn weights (step 3) against hundreds here."""
    assert example_globals(NAME)["losses"][0] * 1e4 < example_globals("1_3_autograd.py")["losses"][0]


# --- the update is plain SGD ----------------------------------------------------------------------


def test_one_manual_step_equals_one_step_of_torch_optim_sgd(example_globals):
    """The loss the example recorded after its first hand-written update is the loss after one
    torch.optim.SGD(lr=1e-4) step from the same start."""
    g = example_globals(NAME)
    assert g["learning_rate"] == LR
    model = copy.deepcopy(g["initial_model"])
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    optimizer.zero_grad()
    g["loss_fn"](model(g["x"]), g["y"]).backward()
    optimizer.step()
    with torch.no_grad():
        after_one = g["loss_fn"](model(g["x"]), g["y"]).item()
    assert after_one == pytest.approx(g["losses"][1], rel=1e-5)


def test_the_page_update_rule_equals_sgd_parameter_by_parameter(example_globals):
    """The loop body the page writes (`param -= learning_rate * param.grad` under no_grad) gives the
    same parameters as SGD's step on a copy."""
    g = example_globals(NAME)
    manual = copy.deepcopy(g["initial_model"])
    reference = copy.deepcopy(g["initial_model"])
    optimizer = torch.optim.SGD(reference.parameters(), lr=LR)
    for model in (manual, reference):
        model.zero_grad()
        g["loss_fn"](model(g["x"]), g["y"]).backward()
    with torch.no_grad():
        for param in manual.parameters():
            param -= g["learning_rate"] * param.grad
    optimizer.step()
    for p, q in zip(manual.parameters(), reference.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-6, atol=1e-9)


def test_whole_run_matches_torch_optim_sgd(example_globals):
    g = example_globals(NAME)
    model = copy.deepcopy(g["initial_model"])
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    losses = []
    for _ in range(500):
        loss = g["loss_fn"](model(g["x"]), g["y"])
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert losses == pytest.approx(g["losses"], rel=1e-3)


# --- the loss function and reduction --------------------------------------------------------------


def test_loss_fn_is_the_sum_of_squared_errors(example_globals):
    loss_fn = example_globals(NAME)["loss_fn"]
    assert isinstance(loss_fn, torch.nn.MSELoss) and loss_fn.reduction == "sum"
    gen = torch.Generator().manual_seed(2)
    y_pred, y = torch.randn(N, D_OUT, generator=gen), torch.randn(N, D_OUT, generator=gen)
    loss = loss_fn(y_pred, y)
    assert loss.shape == torch.Size([])
    torch.testing.assert_close(loss, ((y_pred - y) ** 2).sum())


def test_mean_reduction_scales_loss_and_gradient_by_640(example_globals):
    g = example_globals(NAME)
    grads = {}
    for reduction in ("sum", "mean"):
        model = copy.deepcopy(g["initial_model"])
        torch.nn.MSELoss(reduction=reduction)(model(g["x"]), g["y"]).backward()
        grads[reduction] = [p.grad for p in model.parameters()]
    for s, m in zip(grads["sum"], grads["mean"]):
        torch.testing.assert_close(s, N * D_OUT * m, rtol=1e-4, atol=1e-6)


def test_page_demos_print_what_the_prose_says(script_run):
    out = script_run(NAME).stdout
    for line in [
        "Linear의 출력 == x @ W.T + b: True",
        "reduction='sum' 손실 / reduction='mean' 손실: 640.0",
        "변화도(sum) == 640 * 변화도(mean): True",
        "sum과 같은 값: True",
        "size_average=False가 뜻하는 reduction: sum",
        "zero_grad 없이 두 번 역전파한 변화도 == 2 * 한 번의 변화도: True",
        "demo(x)를 부른 뒤 훅이 실행된 횟수: 1",
        "demo.forward(x)를 부른 뒤 훅이 실행된 횟수: 1",
    ]:
        assert line in out.splitlines(), line
    assert re.search(r"^UserWarning: size_average and reduce args will be deprecated", out, re.MULTILINE)
    assert re.search(r"^TypeError: unsupported operand type\(s\) for \*: 'float' and 'NoneType'$", out, re.MULTILINE)
    assert re.search(r"^RuntimeError: a leaf Variable that requires grad", out, re.MULTILINE)


def test_lr_1e6_and_mean_reduction_stay_at_the_starting_order_of_magnitude(script_run):
    """The page: both settings end 500 steps at the same order of magnitude as they started."""
    ratios = [float(r) for r in re.findall(r"학습률 1e-[46]: 마지막 손실 / 처음 손실 = ([0-9.e+-]+)",
                                             script_run(NAME).stdout, re.MULTILINE)]
    assert len(ratios) == 3
    slow_lr, mean_reduction, page_run = ratios
    assert 0.1 < slow_lr < 1 and 0.1 < mean_reduction < 1
    assert page_run < 1e-4


def test_zero_grad_sets_gradients_to_none_as_the_page_says(example_globals):
    model = copy.deepcopy(example_globals(NAME)["initial_model"])
    model(torch.zeros(1, D_IN, device=expected_device())).sum().backward()
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_calling_forward_directly_skips_the_modules_hooks():
    model = torch.nn.Sequential(torch.nn.Linear(3, 2))
    calls = []
    model.register_forward_hook(lambda module, inputs, output: calls.append(1))
    model(torch.zeros(1, 3))
    model.forward(torch.zeros(1, 3))
    assert len(calls) == 1


# --- the page itself ----------------------------------------------------------------------------


def test_page_names_reduction_sum_and_the_old_size_average():
    text = "\n".join(prose_cells(EXAMPLES / NAME))
    assert 'reduction="sum"' in text and "size_average=False" in text


def test_initial_gradients_are_far_smaller_than_in_the_autograd_step(example_globals):
    """The page: with the small default initialisation the gradients are much smaller than with the
    randn weights of steps 1-4, which is why lr 1e-6 is too small here."""
    g = example_globals(NAME)
    model = copy.deepcopy(g["initial_model"])
    g["loss_fn"](model(g["x"]), g["y"]).backward()
    ours = torch.cat([p.grad.flatten() for p in model.parameters()]).norm().item()

    torch.manual_seed(0)  # step 3's recipe: seed, x, y, w1, w2
    device = expected_device()
    x, y = torch.randn(N, D_IN, device=device), torch.randn(N, D_OUT, device=device)
    w1 = torch.randn(D_IN, H, device=device, requires_grad=True)
    w2 = torch.randn(H, D_OUT, device=device, requires_grad=True)
    (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum().backward()
    theirs = torch.cat([w1.grad.flatten(), w2.grad.flatten()]).norm().item()
    assert ours * 1000 < theirs


def test_forward_called_directly_skips_only_the_models_own_hooks(example_globals):
    """The page: model.forward(x) skips the hooks of `model` itself; Sequential still calls its modules, so
    their hooks run."""
    model = copy.deepcopy(example_globals(NAME)["initial_model"])
    outer, inner = [], []
    model.register_forward_hook(lambda *args: outer.append(1))
    model[0].register_forward_hook(lambda *args: inner.append(1))
    model.forward(torch.zeros(1, D_IN, device=expected_device()))
    assert outer == [] and inner == [1]


def test_zero_grad_without_set_to_none_between_backward_and_update_silently_changes_nothing(example_globals):
    """The page: with zero_grad(set_to_none=False) in the wrong place there is no error and nothing moves."""
    g = example_globals(NAME)
    model = copy.deepcopy(g["initial_model"])
    g["loss_fn"](model(g["x"]), g["y"]).backward()
    model.zero_grad(set_to_none=False)
    with torch.no_grad():
        for param in model.parameters():
            param -= LR * param.grad
    assert all(torch.equal(p, q) for p, q in zip(model.parameters(), g["initial_model"].parameters()))


def test_zero_grad_before_backward_or_after_the_update_gives_the_same_run(example_globals):
    """The page: zeroing the gradients just before backward() or after the update (as in step 3) is the same."""
    g = example_globals(NAME)
    runs = []
    for zero_after in (False, True):
        model = copy.deepcopy(g["initial_model"])
        history = []
        for _ in range(20):
            loss = g["loss_fn"](model(g["x"]), g["y"])
            history.append(loss.item())
            if not zero_after:
                model.zero_grad()
            loss.backward()
            with torch.no_grad():
                for param in model.parameters():
                    param -= LR * param.grad
            if zero_after:
                model.zero_grad()
        runs.append(history)
    assert runs[0] == runs[1] == g["losses"][:20]


def test_legacy_size_average_and_reduce_override_reduction_with_a_warning():
    """The page: size_average/reduce are deprecated, warn, and the value given to reduction is ignored."""
    for kwargs, expected in [
        ({"size_average": False}, "sum"),
        ({"size_average": False, "reduction": "mean"}, "sum"),
        ({"reduce": False, "reduction": "sum"}, "none"),
    ]:
        with pytest.warns(UserWarning, match="size_average and reduce args will be deprecated"):
            assert torch.nn.MSELoss(**kwargs).reduction == expected
    assert "Deprecated" in torch.nn.MSELoss.__doc__


def test_tensor_to_returns_a_new_tensor_only_when_something_changes():
    """The page: a tensor's .to gives a new tensor when it converts, and the tensor itself when already there."""
    t = torch.zeros(2)
    assert t.to("cpu") is t and t.to(torch.float32) is t
    assert t.to(torch.float64) is not t and t.dtype == torch.float32
    module = torch.nn.Linear(2, 2)
    weight = module.weight
    assert module.to(torch.float64) is module and module.weight is weight


def test_default_initialisation_keeps_the_output_variance_independent_of_fan_in():
    """The page: with Var = 1/(3n) a layer's output variance is about a third of its input's whatever n is."""
    gen = torch.Generator().manual_seed(0)
    for n in (10, 100, 1000):
        torch.manual_seed(n)
        layer = torch.nn.Linear(n, 2000, bias=False)
        assert layer.weight.var().item() == pytest.approx(1 / (3 * n), rel=0.02)
        inputs = torch.randn(500, n, generator=gen)
        with torch.no_grad():
            assert layer(inputs).var().item() == pytest.approx(1 / 3, rel=0.1)
