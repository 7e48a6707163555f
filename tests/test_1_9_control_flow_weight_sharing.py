"""Tests of example 1_9 (control flow + weight sharing): DynamicNet reuses one middle Linear 0 to 3 times as
random.randint draws, its parameters do not depend on the depth, the shared weight's gradient is the sum of
the per-use gradients (summed by the autograd engine before .grad is written, once per backward), training
uses SGD with momentum, and the demonstrations print what the page says."""

import math
import random
import re
import statistics

import pytest
import torch

from conftest import EXAMPLES, prose_cells

NAME = "1_9_control_flow_weight_sharing.py"
PARAM_NAMES = [
    "input_linear.weight", "input_linear.bias",
    "middle_linear.weight", "middle_linear.bias",
    "output_linear.weight", "output_linear.bias",
]


def expected_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@pytest.fixture(scope="module")
def g(example_globals):
    return example_globals(NAME)


def small_net(g, seed=7, D_in=7, H=6, D_out=3):
    torch.manual_seed(seed)
    return g["DynamicNet"](D_in, H, D_out).double()


def small_data(seed=8, N=9, D_in=7, D_out=3):
    gen = torch.Generator().manual_seed(seed)
    return (torch.randn(N, D_in, generator=gen, dtype=torch.float64),
            torch.randn(N, D_out, generator=gen, dtype=torch.float64))


class RecordingRandint:
    """Stands in for random.randint: records each call's arguments and what it returned."""

    def __init__(self, real, forced=None):
        self.real, self.forced, self.calls = real, forced, []

    def __call__(self, a, b):
        value = self.real(a, b) if self.forced is None else self.forced
        self.calls.append(((a, b), value))
        return value


def count_middle_calls(model):
    calls = []
    handle = model.middle_linear.register_forward_hook(lambda module, inputs, output: calls.append(1))
    return calls, handle


# --- the script as a reader runs it -------------------------------------------------------------


def test_prints_the_device_first(script_run):
    """The device line (checked for all examples in test_examples.py) is this page's first output."""
    assert script_run(NAME).stdout.startswith("실행한 장치:")


# --- DynamicNet ----------------------------------------------------------------------------------


def test_model_has_exactly_six_parameter_tensors(g):
    model = g["model"]
    assert type(model).__name__ == "DynamicNet"
    named = dict(model.named_parameters())
    assert list(named) == PARAM_NAMES
    assert len(list(model.parameters())) == 6
    assert sum(p.numel() for p in model.parameters()) == 1000 * 100 + 100 + 100 * 100 + 100 + 100 * 10 + 10
    assert named["middle_linear.weight"] is model.middle_linear.weight
    assert tuple(model.middle_linear.weight.shape) == (100, 100)
    for p in model.parameters():
        assert p.dtype == torch.float32 and p.device.type == expected_device().type


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_parameters_do_not_depend_on_the_depth(g, monkeypatch, k):
    """Running the model at any depth neither adds nor replaces parameters: the middle layer is shared."""
    net = small_net(g)
    x, _ = small_data()
    before = [(name, id(p)) for name, p in net.named_parameters()]
    monkeypatch.setattr(random, "randint", RecordingRandint(random.randint, forced=k))
    calls, handle = count_middle_calls(net)
    net(x)
    handle.remove()
    assert len(calls) == k
    assert [(name, id(p)) for name, p in net.named_parameters()] == before
    assert len(before) == 6


def test_middle_layer_is_used_as_often_as_randint_drew(g, monkeypatch):
    """Over 200 forward passes: one randint(0, 3) draw per pass, the hook counts exactly that many uses,
    every count lies in 0..3 and each of 0, 1, 2, 3 occurs."""
    net = small_net(g)
    x, _ = small_data()
    random.seed(123)
    recorder = RecordingRandint(random.randint)
    monkeypatch.setattr(random, "randint", recorder)
    calls, handle = count_middle_calls(net)
    uses = []
    with torch.no_grad():
        for _ in range(200):
            calls.clear()
            recorder.calls.clear()
            net(x)
            assert len(recorder.calls) == 1
            (args, drawn), = recorder.calls
            assert args == (0, 3)
            assert len(calls) == drawn
            uses.append(drawn)
    handle.remove()
    assert set(uses) == {0, 1, 2, 3}


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_forward_equals_the_helper_and_the_hand_written_formula(g, monkeypatch, k):
    net = small_net(g)
    x, _ = small_data()
    monkeypatch.setattr(random, "randint", RecordingRandint(random.randint, forced=k))
    out = net(x)
    torch.testing.assert_close(out, g["forward_with_uses"](net, x, k), rtol=0, atol=0)
    h = (x @ net.input_linear.weight.T + net.input_linear.bias).clamp(min=0)
    for _ in range(k):
        h = (h @ net.middle_linear.weight.T + net.middle_linear.bias).clamp(min=0)
    expected = h @ net.output_linear.weight.T + net.output_linear.bias
    torch.testing.assert_close(out, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("k", [2, 3])
def test_shared_gradient_is_the_sum_of_per_use_gradients(g, k):
    """Independent of the example's helper: k copies of the middle weight and bias receive one use each."""
    net = small_net(g)
    x, y = small_data()
    loss_fn = torch.nn.MSELoss(reduction="sum")

    net.zero_grad()
    loss_fn(g["forward_with_uses"](net, x, k), y).backward()
    shared_w, shared_b = net.middle_linear.weight.grad, net.middle_linear.bias.grad

    w_copies = [net.middle_linear.weight.detach().clone().requires_grad_() for _ in range(k)]
    b_copies = [net.middle_linear.bias.detach().clone().requires_grad_() for _ in range(k)]
    h = net.input_linear(x).clamp(min=0)
    for w, b in zip(w_copies, b_copies):
        h = (h @ w.T + b).clamp(min=0)
    loss_fn(net.output_linear(h), y).backward()

    per_use = [w.grad for w in w_copies]
    assert all(grad.dtype == torch.float64 and grad.abs().sum() > 0 for grad in per_use)
    # the uses contribute different amounts, so the check is not trivially true
    assert not torch.allclose(per_use[0], per_use[-1])
    assert torch.allclose(shared_w, sum(per_use), rtol=1e-10, atol=1e-12)
    assert torch.allclose(shared_b, sum(b.grad for b in b_copies), rtol=1e-10, atol=1e-12)
    assert not torch.allclose(shared_w, per_use[-1])


@pytest.mark.parametrize("k", [1, 2, 3])
def test_grad_is_written_once_per_backward_with_the_sum_of_the_uses(g, k):
    """The page: the engine adds the k uses' shares before the leaf's AccumulateGrad node runs, so .grad is
    written once per backward (a post-accumulate-grad hook fires once, holding the final sum), and a tensor
    hook on the weight also sees one, already summed, gradient."""
    net = small_net(g)
    x, y = small_data()
    weight = net.middle_linear.weight
    writes, seen = [], []
    h1 = weight.register_post_accumulate_grad_hook(lambda p: writes.append(p.grad.clone()))
    h2 = weight.register_hook(lambda grad: seen.append(grad.clone()))
    net.zero_grad()
    torch.nn.MSELoss(reduction="sum")(g["forward_with_uses"](net, x, k), y).backward()
    h1.remove()
    h2.remove()
    assert len(writes) == 1 and len(seen) == 1
    weight_grads, _ = g["per_use_gradients"](net, x, y, k)
    assert torch.allclose(writes[0], sum(weight_grads), rtol=1e-10, atol=1e-12)
    assert torch.equal(writes[0], weight.grad) and torch.equal(seen[0], weight.grad)


def test_a_non_leaf_used_three_times_gets_one_summed_gradient():
    """The page: the summing is the chain rule, not a property of leaves or of .grad accumulation."""
    t = torch.tensor(2.0, requires_grad=True) * 1.0
    assert not t.is_leaf
    received = []
    t.register_hook(received.append)
    (1 * t + 2 * t + 3 * t).backward()
    assert [grad.item() for grad in received] == [6.0]


def test_accumulation_across_backward_calls_is_a_separate_feature(g):
    """The page: .grad adds up across separate backward() calls (why zero_grad exists); within one call the
    shared weight's .grad is written once, so overwriting .grad would give the same gradient."""
    net = small_net(g)
    x, y = small_data()
    loss_fn = torch.nn.MSELoss(reduction="sum")
    net.zero_grad()
    loss_fn(g["forward_with_uses"](net, x, 3), y).backward()
    once = net.middle_linear.weight.grad.clone()
    loss_fn(g["forward_with_uses"](net, x, 3), y).backward()
    assert torch.allclose(net.middle_linear.weight.grad, 2 * once, rtol=1e-12, atol=0)


@pytest.mark.parametrize("k", [1, 3])
def test_the_examples_per_use_helper_sums_to_the_shared_gradient(g, k):
    net = small_net(g, seed=11)
    x, y = small_data(seed=12)
    net.zero_grad()
    torch.nn.MSELoss(reduction="sum")(g["forward_with_uses"](net, x, k), y).backward()
    weight_grads, bias_grads = g["per_use_gradients"](net, x, y, k)
    assert len(weight_grads) == len(bias_grads) == k
    assert torch.allclose(net.middle_linear.weight.grad, sum(weight_grads), rtol=1e-10, atol=1e-12)
    assert torch.allclose(net.middle_linear.bias.grad, sum(bias_grads), rtol=1e-10, atol=1e-12)


def test_the_helper_leaves_the_models_gradients_alone(g):
    net = small_net(g)
    x, y = small_data()
    net.zero_grad()
    g["per_use_gradients"](net, x, y, 2)
    assert all(p.grad is None for p in net.parameters())


# --- optimizer and training ----------------------------------------------------------------------


def test_optimizer_is_sgd_with_lr_1e_4_and_momentum_0_9(g):
    optimizer, model = g["optimizer"], g["model"]
    assert type(optimizer) is torch.optim.SGD
    (group,) = optimizer.param_groups
    assert group["lr"] == 1e-4 and group["momentum"] == 0.9
    assert group["dampening"] == 0 and group["nesterov"] is False and group["weight_decay"] == 0
    assert [id(p) for p in group["params"]] == [id(p) for p in model.parameters()]
    # training ran with momentum: every parameter has a velocity
    assert all(optimizer.state[p]["momentum_buffer"] is not None for p in model.parameters())
    loss_fn = g["loss_fn"]
    assert isinstance(loss_fn, torch.nn.MSELoss) and loss_fn.reduction == "sum"


def test_sgd_momentum_is_the_update_the_page_writes():
    """v <- mu v + g, w <- w - lr v, with v starting at 0; gradients vary from step to step."""
    w = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
    opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
    w_manual, v = w.detach().clone(), torch.zeros(2, dtype=torch.float64)
    for step in range(5):
        opt.zero_grad()
        loss = (w**3).sum() + step * w.sum()
        loss.backward()
        grad = 3 * w_manual**2 + step
        v = 0.9 * v + grad
        w_manual = w_manual - 0.1 * v
        opt.step()
        torch.testing.assert_close(w.detach(), w_manual, rtol=1e-14, atol=1e-14)


def test_momentum_demo_agrees(script_run):
    lines = re.findall(r"^(\d)단계 뒤: optim.SGD (\S+), 직접 계산 (\S+)$", script_run(NAME).stdout, re.MULTILINE)
    assert [step for step, _, _ in lines] == ["1", "2", "3"]
    assert all(a == b for _, a, b in lines)


def test_a_step_without_the_middle_layer_leaves_it_where_it_is(g, monkeypatch):
    """Exercise 1's answer: when randint draws 0 the middle layer's .grad stays None and SGD skips it, momentum
    and all; a gradient of zeros instead of None would move it."""
    net = small_net(g)
    x, y = small_data()
    opt = torch.optim.SGD(net.parameters(), lr=1e-2, momentum=0.9)
    loss_fn = torch.nn.MSELoss(reduction="sum")
    for k in (2, 0):
        monkeypatch.setattr(random, "randint", RecordingRandint(random.randint, forced=k))
        middle_before = net.middle_linear.weight.detach().clone()
        input_before = net.input_linear.weight.detach().clone()
        opt.zero_grad()
        loss_fn(net(x), y).backward()
        opt.step()
    assert net.middle_linear.weight.grad is None
    assert torch.equal(net.middle_linear.weight.detach(), middle_before)
    assert not torch.equal(net.input_linear.weight.detach(), input_before)
    # "변화도가 0"과 "변화도가 없음"은 다릅니다: a gradient of zeros keeps the momentum going
    net.middle_linear.weight.grad = torch.zeros_like(net.middle_linear.weight)
    opt.step()
    assert not torch.equal(net.middle_linear.weight.detach(), middle_before)


def test_mean_loss_falls_at_least_tenfold(g):
    """Single losses are noisy (the depth changes every step), so compare the means of the first and the last
    50 steps. Over 12 seeds (CPU) that ratio was 36 to 1300 (360 for seed 0), while the ratio of single printed
    values fell as low as 2.7; 10 leaves room for another device and still fails if training stalls."""
    losses = g["losses"]
    assert all(math.isfinite(loss) for loss in losses)
    assert statistics.mean(losses[-50:]) * 10 <= statistics.mean(losses[:50])


def test_the_two_seeds_fix_different_things():
    """The page: torch.manual_seed fixes the data and the initial weights, random.seed the depths; neither
    touches the other's generator."""
    def draw(torch_seed, random_seed):
        torch.manual_seed(torch_seed)
        random.seed(random_seed)
        data = torch.randn(3)
        weight = torch.nn.Linear(4, 2).weight.detach().clone()
        return data, weight, [random.randint(0, 3) for _ in range(30)]

    data, weight, depths = draw(0, 0)
    other_torch = draw(1, 0)
    other_random = draw(0, 1)
    assert other_torch[2] == depths  # only random seeded the same: the depths repeat
    assert not torch.equal(other_torch[0], data) and not torch.equal(other_torch[1], weight)
    assert torch.equal(other_random[0], data) and torch.equal(other_random[1], weight)
    assert other_random[2] != depths  # only torch seeded the same: the depths change


def test_eval_mode_does_not_fix_the_depth(g):
    """The page: model.eval() only flips the training flags, so DynamicNet still draws a depth per pass; the
    depth histogram runs in eval mode and the model is back in training mode afterwards."""
    net = small_net(g).eval()
    x, _ = small_data()
    calls, handle = count_middle_calls(net)
    uses = []
    random.seed(3)
    with torch.no_grad():
        for _ in range(60):
            calls.clear()
            net(x)
            uses.append(len(calls))
    handle.remove()
    assert set(uses) == {0, 1, 2, 3}
    assert g["model"].training


def test_training_is_unaffected_by_the_demo_cells(g):
    """The page says the trace restores Python's random state and the demos use their own generators:
    a bare replay of seeds, model and loop gives the same losses."""
    device = expected_device()
    torch.manual_seed(0)
    random.seed(0)
    x = torch.randn(64, 1000, device=device)
    y = torch.randn(64, 10, device=device)
    model = g["DynamicNet"](1000, 100, 10).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
    loss_fn = torch.nn.MSELoss(reduction="sum")
    replay = []
    for _ in range(500):
        loss = loss_fn(model(x), y)
        replay.append(loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert replay == pytest.approx(g["losses"], rel=1e-5)


def test_every_depth_ends_at_least_a_hundred_times_below_the_first_loss(g):
    """The page: the four per-depth losses of the trained model differ, yet each is over 100 times smaller
    than the first loss (over 6 seeds, CPU: 450 to 10000 times smaller)."""
    model, x, y = g["model"], g["x"], g["y"]
    with torch.no_grad():
        per_depth = [g["loss_fn"](g["forward_with_uses"](model, x, k), y).item() for k in range(4)]
    assert all(loss * 100 < g["losses"][0] for loss in per_depth)
    assert len(set(per_depth)) == 4


# --- the demonstrations --------------------------------------------------------------------------


def test_randint_range_demo(script_run):
    out = script_run(NAME).stdout
    assert "random.randint(0, 3):   [0, 1, 2, 3]" in out
    assert "random.randrange(0, 3): [0, 1, 2]" in out
    assert "torch.randint(0, 3):    [0, 1, 2]" in out


def test_graph_demo_shows_one_leaf_with_k_arrows(script_run):
    found = re.findall(
        r"^k=(\d): 노드 (\d+)개, 그래프 안의 매개변수 (\d+)개, middle_linear.weight로 가는 화살표 (\d+)개$",
        script_run(NAME).stdout, re.MULTILINE,
    )
    rows = [tuple(map(int, row)) for row in found]
    assert [k for k, *_ in rows] == [0, 1, 2, 3]
    assert [leaves for _, _, leaves, _ in rows] == [4, 6, 6, 6]
    assert [arrows for *_, arrows in rows] == [0, 1, 2, 3]
    nodes = [n for _, n, _, _ in rows]
    assert nodes == sorted(set(nodes))  # grows with every use


def test_traced_graph_fixes_the_number_of_uses(g):
    traced, x = g["traced"], g["x"]
    assert g["fixed_uses"] in (0, 1, 2, 3)
    uses = []
    with torch.no_grad():
        for _ in range(20):
            calls, handle = count_middle_calls(traced)
            traced(x)
            handle.remove()
            uses.append(len(calls))
    assert set(uses) == {g["fixed_uses"]}


def test_weight_sharing_demo_prints_what_the_page_says(script_run):
    out = script_run(NAME).stdout
    assert out.count("(middle_linear): Linear(in_features=100, out_features=100, bias=True)") == 1
    assert "매개변수 텐서의 수: 6" in out
    assert "학습할 수(원소)의 합: 111210" in out
    assert "공유하지 않는 은닉층 4개 모델의 학습할 수: 131410" in out
    assert "가운데 계층이 불린 횟수: 3" in out
    assert "매번 같은 객체인가? True" in out
    assert "id도 모두 같은가? True" in out
    assert "가중치: 공유된 .grad == 사용별 변화도의 합? True" in out
    assert "편향:   공유된 .grad == 사용별 변화도의 합? True" in out
    assert "가중치: 공유된 .grad == 마지막 사용의 변화도만? False" in out
    assert "k = 3인 backward() 한 번에 .grad가 쓰인 횟수: 1" in out
    assert "t의 훅이 불린 횟수: 1 / 받은 변화도: 6.0" in out
    norms = re.findall(r"^\d번째 사용에서 온 가중치 변화도의 노름: (\S+)$", out, re.MULTILINE)
    assert len(norms) == 3 and len(set(norms)) == 3  # the uses contribute different amounts


def test_depth_histogram_demo(script_run):
    counts = dict(
        (int(k), int(n))
        for k, n in re.findall(r"^가운데 계층을 (\d)번 쓴 순전파: (\d+)회$", script_run(NAME).stdout, re.MULTILINE)
    )
    assert sorted(counts) == [0, 1, 2, 3, 4]
    assert sum(counts.values()) == 200
    assert all(counts[k] > 0 for k in range(4)) and counts[4] == 0


def test_the_same_module_twice_in_a_module_list_is_one_shared_layer():
    """The page's pitfall list says so."""
    layer = torch.nn.Linear(3, 3)
    assert len(list(torch.nn.ModuleList([layer, layer]).parameters())) == 2


def test_the_demos_leave_no_hooks_on_the_model(g):
    model = g["model"]
    assert len(model.middle_linear._forward_hooks) == 0 and len(model._forward_hooks) == 0
    assert not model.middle_linear.weight._post_accumulate_grad_hooks
    assert not model.middle_linear.weight._backward_hooks


# --- the page itself ----------------------------------------------------------------------------


def test_page_states_the_range_0_to_3_and_the_sum_rule():
    text = "\n".join(prose_cells(EXAMPLES / NAME))
    assert "random.randint(0, 3)" in text and "1개에서 4개 사이" in text
    assert r"\frac{\partial L}{\partial W} &= \sum_{j=1}^{k} \frac{\partial L}{\partial W^{(j)}}" in text  # one line of an aligned block
    assert r"v \leftarrow \mu\, v + g" in text
    # nn.Linear's own formula, where the page writes W x
    assert r"x W^\top + b" in text


def test_the_end_of_the_step_follows_the_site_order():
    """자주 하는 실수, then the loss curve, then 정리, then the exercises last; headings as the site spells them."""
    headings = re.findall(r"^# (## .+)$", EXAMPLES.joinpath(NAME).read_text(encoding="utf-8"), re.MULTILINE)
    tail = [h for h in headings if h in ("## 자주 하는 실수", "## 손실 곡선", "## 정리", "## 연습 문제")]
    assert tail == ["## 자주 하는 실수", "## 손실 곡선", "## 정리", "## 연습 문제"]
    assert headings[-1] == "## 연습 문제"


def test_training_loop_is_the_code_of_step_8():
    """The page: apart from comments, the training loop is the same code as step 8's."""
    from test_1_8_custom_nn_module import training_loop_code

    assert training_loop_code(NAME) == training_loop_code("1_8_custom_nn_module.py")
