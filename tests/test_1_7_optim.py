"""Tests of example 1_7 (torch.optim): the script runs and learns with torch.optim.Adam, starts from
exactly the model of 1_6, its optimizer does the Adam update the page writes out, and what the page
says about Adam, the optimizer's state, the loss curve and the pitfalls holds on the installed PyTorch."""

import copy
import math

import pytest
import torch

from conftest import EXAMPLES, prose_cells

NAME = "1_7_optim.py"
PREVIOUS = "1_6_nn_module.py"
N, D_IN, H, D_OUT = 64, 1000, 100, 10
LR, BETA1, BETA2, EPS = 1e-4, 0.9, 0.999, 1e-8


def expected_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def grads_at(model, g):
    """Gradients of the page's loss at `model`'s parameters (on a copy: `model` keeps no .grad)."""
    trial = copy.deepcopy(model)
    g["loss_fn"](trial(g["x"]), g["y"]).backward()
    return [p.grad for p in trial.parameters()]


def adam_by_hand(model, g, steps):
    """Adam written from the formula, independent of the page's code. Returns the model after `steps`
    steps and the loss after each step."""
    model = copy.deepcopy(model)
    params = list(model.parameters())
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    losses = []
    for t in range(1, steps + 1):
        model.zero_grad()
        g["loss_fn"](model(g["x"]), g["y"]).backward()
        with torch.no_grad():
            for i, p in enumerate(params):
                m[i] = BETA1 * m[i] + (1 - BETA1) * p.grad
                v[i] = BETA2 * v[i] + (1 - BETA2) * p.grad**2
                m_hat = m[i] / (1 - BETA1**t)
                v_hat = v[i] / (1 - BETA2**t)
                p -= LR * m_hat / (v_hat.sqrt() + EPS)
            losses.append(g["loss_fn"](model(g["x"]), g["y"]).item())
    return model, losses


# --- the script as a reader runs it -------------------------------------------------------------


# --- same start as step 6 -------------------------------------------------------------------------


def test_same_data_and_initial_model_as_1_6(example_globals):
    ours, theirs = example_globals(NAME), example_globals(PREVIOUS)
    assert torch.equal(ours["x"], theirs["x"]) and torch.equal(ours["y"], theirs["y"])
    mine, previous = ours["initial_model"].state_dict(), theirs["initial_model"].state_dict()
    assert list(mine) == list(previous) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    for name in mine:
        assert torch.equal(mine[name], previous[name]), name


def test_first_loss_equals_that_of_1_6(example_globals):
    assert example_globals(NAME)["losses"][0] == example_globals(PREVIOUS)["losses"][0]


def test_the_model_and_loss_are_those_of_1_6(example_globals):
    model, loss_fn = example_globals(NAME)["model"], example_globals(NAME)["loss_fn"]
    assert [type(m) for m in model] == [torch.nn.Linear, torch.nn.ReLU, torch.nn.Linear]
    assert isinstance(loss_fn, torch.nn.MSELoss) and loss_fn.reduction == "sum"
    for param in model.parameters():
        assert param.device.type == expected_device().type and param.dtype == torch.float32


# --- the optimizer --------------------------------------------------------------------------------


def test_optimizer_is_adam_with_lr_1e4_and_default_settings(example_globals):
    optimizer = example_globals(NAME)["optimizer"]
    assert type(optimizer) is torch.optim.Adam
    assert len(optimizer.param_groups) == 1
    group = optimizer.param_groups[0]
    assert group["lr"] == LR and group["betas"] == (BETA1, BETA2) and group["eps"] == EPS
    assert group["weight_decay"] == 0 and group["amsgrad"] is False


def test_optimizer_holds_the_models_own_parameters_and_stepped_500_times(example_globals):
    g = example_globals(NAME)
    params = g["optimizer"].param_groups[0]["params"]
    model_params = list(g["model"].parameters())
    assert len(params) == len(model_params) == 4
    assert all(p is q for p, q in zip(params, model_params))
    for p in model_params:
        state = g["optimizer"].state[p]
        assert sorted(state) == ["exp_avg", "exp_avg_sq", "step"]
        assert state["step"].item() == 500
        assert state["exp_avg"].shape == state["exp_avg_sq"].shape == p.shape


def test_state_holds_twice_the_parameter_count(example_globals):
    """The page: 101,110 parameters, 202,220 moment values."""
    g = example_globals(NAME)
    state_values = sum(s["exp_avg"].numel() + s["exp_avg_sq"].numel() for s in g["optimizer"].state.values())
    assert state_values == 2 * 101_110 == 202_220


def test_first_adam_step_moves_each_element_by_lr_times_the_sign_of_its_gradient(example_globals):
    g = example_globals(NAME)
    start = g["initial_model"]
    grads = grads_at(start, g)
    model = copy.deepcopy(start)
    optimizer = torch.optim.Adam(model.parameters(), lr=g["learning_rate"])
    optimizer.zero_grad()
    g["loss_fn"](model(g["x"]), g["y"]).backward()
    optimizer.step()
    for p, p0, grad in zip(model.parameters(), start.parameters(), grads):
        moved = (p - p0).detach()
        # The full first-step formula: m_hat = g, v_hat = g^2.
        torch.testing.assert_close(moved, -LR * grad / (grad.abs() + EPS), rtol=2e-3, atol=1e-9)
        clear = grad.abs() > 1e-3  # gradients far above eps: a step of exactly lr against the sign
        assert clear.float().mean() > 0.99
        torch.testing.assert_close(moved[clear], -LR * torch.sign(grad[clear]), rtol=2e-3, atol=0)


def test_one_optimizer_step_matches_the_hand_computed_adam_update(example_globals):
    g = example_globals(NAME)
    reference = copy.deepcopy(g["initial_model"])
    optimizer = torch.optim.Adam(reference.parameters(), lr=g["learning_rate"])
    optimizer.zero_grad()
    g["loss_fn"](reference(g["x"]), g["y"]).backward()
    optimizer.step()
    by_hand, _ = adam_by_hand(g["initial_model"], g, steps=1)
    for p, q in zip(reference.parameters(), by_hand.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-4, atol=1e-7)


def test_the_examples_first_steps_are_the_hand_computed_adam(example_globals):
    """The losses the example recorded after its first five optimizer steps are those of Adam
    written from the formula, starting from the same model."""
    g = example_globals(NAME)
    _, losses = adam_by_hand(g["initial_model"], g, steps=5)
    assert losses == pytest.approx(g["losses"][1:6], rel=1e-4)


def test_the_pages_adam_function_matches_torch_optim_adam(example_globals):
    adam_step_by_hand = example_globals(NAME)["adam_step_by_hand"]
    gen = torch.Generator().manual_seed(3)
    start = torch.randn(20, generator=gen, dtype=torch.float64)
    theta, m, v = start.clone(), torch.zeros(20, dtype=torch.float64), torch.zeros(20, dtype=torch.float64)
    p = start.clone().requires_grad_()
    optimizer = torch.optim.Adam([p], lr=0.01)
    for t in range(1, 8):
        grad = torch.randn(20, generator=gen, dtype=torch.float64) * 10 ** (t % 3)
        theta, m, v = adam_step_by_hand(theta, grad, m, v, t, lr=0.01)
        p.grad = grad.clone()
        optimizer.step()
    torch.testing.assert_close(theta, p.detach(), rtol=1e-10, atol=1e-12)


def test_adam_update_barely_depends_on_the_scale_of_the_loss(example_globals):
    """The page: sum/mean update-size ratio is 640 for SGD and about 1 for Adam."""
    g = example_globals(NAME)
    first_update_norm = g["first_update_norm"]
    mean_loss = torch.nn.MSELoss()
    sgd = lambda params: torch.optim.SGD(params, lr=LR)  # noqa: E731
    adam = lambda params: torch.optim.Adam(params, lr=LR)  # noqa: E731
    sgd_ratio = first_update_norm(sgd, g["loss_fn"]) / first_update_norm(sgd, mean_loss)
    adam_ratio = first_update_norm(adam, g["loss_fn"]) / first_update_norm(adam, mean_loss)
    assert sgd_ratio == pytest.approx(N * D_OUT, rel=1e-3)
    assert adam_ratio == pytest.approx(1, abs=0.02)


def test_effective_learning_rates_differ_by_tens_of_times_within_one_weight(example_globals):
    g = example_globals(NAME)
    state = g["optimizer"].state[g["model"][0].weight]
    v_hat = state["exp_avg_sq"] / (1 - BETA2 ** state["step"].item())
    effective = LR / (v_hat.sqrt() + EPS)
    assert (effective.max() / effective.min()).item() > 20


# --- the loss curve against step 6 ----------------------------------------------------------------


def hundred_step_drops(losses):
    return [math.log(losses[a] / losses[a + 100]) for a in (0, 100, 200, 300, 399)]


def test_adam_starts_slower_than_plain_gd_and_ends_lower(example_globals):
    ours, theirs = example_globals(NAME)["losses"], example_globals(PREVIOUS)["losses"]
    assert all(b < a for a, b in zip(ours, ours[1:]))
    assert ours[99] > theirs[99]
    assert ours[-1] < theirs[-1]
    mine, previous = hundred_step_drops(ours), hundred_step_drops(theirs)
    assert mine[0] < previous[0]  # the first 100 steps: slower than step 6
    assert all(a > b for a, b in zip(mine[2:], previous[2:]))  # from the middle on: faster per 100 steps
    assert mine[-1] > 1.5 * mine[0]  # Adam's curve steepens


def test_first_gradients_are_mostly_above_one_as_the_page_says(example_globals):
    """So plain GD's first steps (lr * |g|) are mostly longer than Adam's (about lr)."""
    g = example_globals(NAME)
    grads = grads_at(g["initial_model"], g)
    assert all(grad.abs().mean().item() > 1 for grad in grads)
    above = sum((grad.abs() > 1).sum().item() for grad in grads)
    assert above > 0.5 * sum(grad.numel() for grad in grads)


# --- the pitfalls ---------------------------------------------------------------------------------


def test_page_demos_print_what_the_prose_says(script_run):
    lines = script_run(NAME).stdout.splitlines()
    for line in [
        " SGD의 첫 걸음: [-10.0, -0.1, 0.001]",
        "Adam의 첫 걸음: [-0.1, -0.1, 0.1]",
        "같은가: True",
        "상태의 키: ['exp_avg', 'exp_avg_sq', 'step']",
        "옵티마이저가 든 매개변수가 모델의 매개변수와 같은 객체인가: True",
        "상태를 가진 매개변수 4개, 모멘트 원소 합계 202,220개",
        "SGD : 갱신 크기(sum) / 갱신 크기(mean) = 640",
        "잘못된 순서로 step()한 뒤 매개변수가 바뀌었나: False",
        "단계마다 새로 만든 옵티마이저의 step: [1, 1, 1]",
        "루프 밖에서 한 번 만든 옵티마이저의 step: 500",
        "새 모델의 매개변수가 바뀌었나: False",
    ]:
        assert line in lines, line
    adam = [line for line in lines if line.startswith("Adam: 갱신 크기(sum) / 갱신 크기(mean) = ")]
    assert len(adam) == 1 and float(adam[0].rsplit("= ", 1)[1]) == pytest.approx(1, abs=0.02)
    ratio = [line for line in lines if line.startswith("첫 번째 Linear 가중치의 원소별 학습률")]
    assert len(ratio) == 1 and float(ratio[0].rsplit("최대/최소 ", 1)[1]) > 20


def test_step_silently_skips_parameters_whose_gradient_was_cleared():
    model = torch.nn.Linear(3, 2)
    before = copy.deepcopy(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
    model(torch.ones(1, 3)).sum().backward()
    optimizer.zero_grad()
    optimizer.step()
    assert all(torch.equal(p, q) for p, q in zip(model.parameters(), before.parameters()))
    assert len(optimizer.state) == 0


def test_moving_the_module_after_creating_the_optimizer_keeps_the_parameter_objects():
    """The page: Module.to swaps the data inside the same Parameter objects, so an optimizer made
    before the move still updates the model; state created before a move does not follow it."""
    targets = [torch.float64] + ([torch.device("cuda")] if torch.cuda.is_available() else [])
    for target in targets:
        model = torch.nn.Linear(3, 2)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
        before = list(model.parameters())
        model.to(target)
        assert all(p is q for p, q in zip(model.parameters(), before))
        assert all(p is q for p, q in zip(optimizer.param_groups[0]["params"], model.parameters()))
        start = copy.deepcopy(model)
        x = torch.ones(1, 3, dtype=model.weight.dtype, device=model.weight.device)
        model(x).sum().backward()
        optimizer.step()
        assert not torch.equal(model.weight, start.weight)

    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
    model(torch.ones(1, 3)).sum().backward()
    optimizer.step()
    model.to(torch.float64)
    assert optimizer.state[model.weight]["exp_avg"].dtype == torch.float32


# --- the page itself ----------------------------------------------------------------------------


def test_page_writes_the_adam_formula():
    text = "\n".join(prose_cells(EXAMPLES / NAME))
    for piece in [r"\beta_1 = 0.9", r"\beta_2 = 0.999", r"\epsilon = 10^{-8}", r"1 - \beta_1^t", r"1 - \beta_2^t"]:
        assert piece in text, piece


def test_adam_defaults_the_page_states():
    """The page: default lr 1e-3, betas (0.9, 0.999), eps 1e-8; the example passes only lr=1e-4."""
    defaults = torch.optim.Adam([torch.nn.Parameter(torch.ones(1))]).defaults
    assert defaults["lr"] == 1e-3 and defaults["betas"] == (BETA1, BETA2) and defaults["eps"] == EPS


def test_first_adam_step_falls_short_of_lr_by_about_eps_over_the_gradient():
    """The page: the first step is lr * |g| / (|g| + eps): short of lr by about eps / |g| of it, and 0 for g = 0."""
    for grad in (100.0, 0.01, 1e-6, 0.0):
        p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.Adam([p], lr=0.1)
        p.grad = torch.tensor([grad], dtype=torch.float64)
        optimizer.step()
        assert -p.item() == pytest.approx(0.1 * grad / (abs(grad) + EPS), rel=1e-12, abs=0)
    p = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.Adam([p], lr=0.1)
    p.grad = torch.tensor([-0.01])
    optimizer.step()
    assert 0.1 - p.item() == pytest.approx(1e-7, rel=0.5)  # the -0.01 element of the page's demo


def test_adam_is_invariant_to_positive_scaling_only():
    """The page: multiplying the loss by c > 0 leaves Adam's steps (nearly) unchanged; c < 0 reverses them."""
    def run(c):
        gen = torch.Generator().manual_seed(0)
        p = torch.zeros(5, dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.Adam([p], lr=0.1)
        for _ in range(10):
            p.grad = c * torch.randn(5, generator=gen, dtype=torch.float64)
            optimizer.step()
        return p.detach()

    torch.testing.assert_close(run(640.0), run(1.0), rtol=1e-6, atol=0)
    torch.testing.assert_close(run(-1.0), -run(1.0), rtol=1e-12, atol=0)


def test_steady_gradients_step_about_lr_and_alternating_ones_much_less():
    """The page: m_hat / sqrt(v_hat) is close to 1 when the gradient stays the same, far below 1 when its sign
    keeps flipping."""
    for flip, low, high in ((False, 0.99, 1.0), (True, 0.0, 0.2)):
        p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.Adam([p], lr=1.0)
        for t in range(30):
            before = p.item()
            p.grad = torch.tensor([(-1.0) ** t if flip else 3.0], dtype=torch.float64)
            optimizer.step()
        assert low <= abs(before - p.item()) <= high


def test_optimizer_state_is_created_at_the_first_step(example_globals):
    model = copy.deepcopy(example_globals(NAME)["initial_model"])
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    assert len(optimizer.state) == 0
    model(torch.zeros(1, D_IN, device=expected_device())).sum().backward()
    optimizer.step()
    assert len(optimizer.state) == 4
