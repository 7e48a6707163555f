"""Tests of example 1_5 (static and dynamic graphs): the torch.fx graph captured from `forward` is the
same function as the eager one, training through it is the same run as 1_3, the page's claims about
tracing and export hold on the installed PyTorch, and the TensorFlow 1.x code is a listing only."""

import operator
import random
import re
from pathlib import Path

import pytest
import torch
import torch.fx

from conftest import EXAMPLES, prose_cells

NAME = "1_5_static_graph.py"
AUTOGRAD = "1_3_autograd.py"
STEPS = [99, 199, 299, 399, 499]


def expected_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def code_cells(path):
    """The code cells of a percent-format example, as source text."""
    text = Path(path).read_text(encoding="utf-8")
    cells = re.split(r"^# %%.*$", text, flags=re.MULTILINE)
    kinds = re.findall(r"^# %%(.*)$", text, flags=re.MULTILINE)
    return [cell for kind, cell in zip(kinds, cells[1:]) if "[markdown]" not in kind]


# --- the script as a reader runs it -------------------------------------------------------------


def test_demos_print_what_the_page_says(script_run):
    out = script_run(NAME).stdout
    assert "추적 중 x의 타입: Proxy" in out
    assert "추적 중 x.mm(w1)의 타입: Proxy" in out
    assert "평소 호출에서 x의 타입: Tensor" in out
    assert "gm은 GraphModule인가: True" in out
    assert "학습 데이터에서 출력이 같은가: True" in out
    assert "새 입력에서 출력이 같은가: True" in out
    # The print inside the traced function runs once, while tracing, and is not part of the graph; the
    # x.mm(w1) computed inside it was an operation on a Proxy, so it is a node that nothing uses.
    assert out.count("추적 중 x의 타입") == 1
    assert "peek 그래프의 연산 노드(이름, 사용처 수): [('mm', 0), ('mm_1', 1), ('clamp', 1), ('mm_2', 1)]" in out


def test_data_dependent_if_fails_to_trace_and_the_page_shows_the_message(script_run):
    out = script_run(NAME).stdout
    assert re.search(r"^TraceError: symbolically traced variables cannot be used as inputs to control flow",
                     out, re.MULTILINE)


def test_export_rejects_another_batch_size_as_the_page_says(script_run):
    out = script_run(NAME).stdout
    assert re.search(r"^\w+: .*x\.size\(\)\[0\] == 64", out, re.MULTILINE)


# --- the captured graph -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def g(example_globals):
    return example_globals(NAME)


def fresh_inputs(seed, n, dtype=torch.float32, D_in=1000, H=100, D_out=10):
    gen = torch.Generator().manual_seed(seed)
    return tuple(
        torch.randn(*shape, generator=gen, dtype=dtype)
        for shape in [(n, D_in), (D_in, H), (H, D_out)]
    )


@pytest.mark.parametrize(
    "seed, n, dtype", [(1, 64, torch.float32), (2, 5, torch.float32), (3, 17, torch.float64)]
)
def test_graph_module_equals_the_eager_function_in_output_and_gradients(g, seed, n, dtype):
    gm, forward = g["gm"], g["forward"]
    assert isinstance(gm, torch.fx.GraphModule)
    x, w1, w2 = fresh_inputs(seed, n, dtype)

    leaves = {}
    outputs = {}
    for label, fn in [("graph", gm), ("eager", forward)]:
        a, b = w1.clone().requires_grad_(True), w2.clone().requires_grad_(True)
        out = fn(x, a, b)
        out.pow(2).sum().backward()
        outputs[label], leaves[label] = out.detach(), (a.grad, b.grad)

    assert outputs["graph"].shape == (n, 10) and outputs["graph"].dtype == dtype
    assert torch.equal(outputs["graph"], outputs["eager"])
    assert torch.equal(leaves["graph"][0], leaves["eager"][0])
    assert torch.equal(leaves["graph"][1], leaves["eager"][1])


def test_graph_has_placeholders_for_x_w1_w2_and_the_network_ops(g):
    nodes = list(g["gm"].graph.nodes)
    placeholders = [node.target for node in nodes if node.op == "placeholder"]
    assert placeholders == ["x", "w1", "w2"]
    calls = [(node.op, node.target) for node in nodes if node.op.startswith("call_")]
    assert calls == [("call_method", "mm"), ("call_method", "clamp"), ("call_method", "mm")]
    clamp = next(node for node in nodes if node.target == "clamp")
    assert clamp.kwargs == {"min": 0}
    assert [node.op for node in nodes][-1] == "output"
    assert "clamp(min = 0)" in g["gm"].code


def test_graph_module_holds_no_state(g):
    """The page says the weights are inputs of the graph, not state inside it."""
    gm = g["gm"]
    assert list(gm.parameters()) == [] and list(gm.buffers()) == []


def test_function_style_forward_traces_to_call_function_nodes(g):
    graph = torch.fx.symbolic_trace(g["forward_with_functions"]).graph
    targets = [node.target for node in graph.nodes if node.op == "call_function"]
    assert targets == [operator.matmul, torch.relu, operator.matmul]


def test_tracing_the_data_dependent_function_fails_but_eager_works(g):
    branchy = g["branchy"]
    with pytest.raises(torch.fx.proxy.TraceError, match="control flow"):
        torch.fx.symbolic_trace(branchy)
    assert branchy(torch.tensor([1.0, 2.0])).item() == 6.0
    assert branchy(torch.tensor([-1.0, -2.0])).item() == -9.0


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_tracing_freezes_the_random_depth_drawn_while_tracing(g, seed):
    random_depth = g["random_depth"]
    random.seed(seed)
    traced = torch.fx.symbolic_trace(random_depth)
    drawn = random.Random(seed).randint(0, 3)
    assert sum(node.target == "mm" for node in traced.graph.nodes) == drawn

    h = torch.randn(4, 6, dtype=torch.float64)
    w = torch.rand(6, 6, dtype=torch.float64)  # non-negative: the ReLU never hides a repetition
    expected = h
    for _ in range(drawn):
        expected = expected.mm(w).clamp(min=0)
    for _ in range(5):  # whatever Python's random does later, the graph keeps its depth
        random.random()
        assert torch.equal(traced(h, w), expected)


def test_the_page_traced_depth_is_the_one_seed_0_draws(g):
    depth = sum(node.target == "mm" for node in g["traced_depth"].graph.nodes)
    assert depth == random.Random(0).randint(0, 3)


def test_exported_program_uses_aten_ops_and_fixes_the_shapes(g):
    exported = g["exported"]
    nodes = list(exported.graph.nodes)
    placeholders = {node.name: tuple(node.meta["val"].shape) for node in nodes if node.op == "placeholder"}
    assert placeholders == {"x": (64, 1000), "w1": (1000, 100), "w2": (100, 10)}
    targets = [node.target for node in nodes if node.op == "call_function"]
    assert targets == [torch.ops.aten.mm.default, torch.ops.aten.clamp.default, torch.ops.aten.mm.default]

    device = g["x"].device  # the program was exported with inputs on this device
    x, w1, w2 = (t.to(device) for t in fresh_inputs(4, 64))
    assert torch.equal(exported.module()(x, w1, w2), g["forward"](x, w1, w2))
    with pytest.raises(Exception, match=r"x\.size\(\)\[0\] == 64"):
        exported.module()(*(t.to(device) for t in fresh_inputs(5, 32)))


def test_export_takes_a_varying_batch_when_told_with_dim_as_the_page_says(g):
    batch = torch.export.Dim("batch")
    x, w1, w2 = fresh_inputs(6, 64)
    exported = torch.export.export(g["ForwardModule"](), (x, w1, w2), dynamic_shapes=({0: batch}, None, None))
    x32, w1_32, w2_32 = fresh_inputs(7, 32)
    assert torch.equal(exported.module()(x32, w1_32, w2_32), g["forward"](x32, w1_32, w2_32))


def test_torch_cond_expresses_the_branch_in_an_exported_graph(g):
    """The page names torch.cond as export's counterpart of tf.cond for the branch that fails to trace."""

    class Branchy(torch.nn.Module):
        def forward(self, t):
            return torch.cond(t.sum() > 0, lambda t: (t * 2).sum(), lambda t: (t**3).sum(), (t,))

    program = torch.export.export(Branchy(), (torch.tensor([1.0, 2.0]),)).module()
    for values in ([1.0, 2.0], [-1.0, -2.0]):
        t = torch.tensor(values)
        assert program(t).item() == g["branchy"](t).item()


# --- the training run ---------------------------------------------------------------------------


def test_recorded_losses_equal_those_of_1_3(g, example_globals):
    """All 500 recorded losses, not only the printed five, are those of step 3's eager run."""
    assert g["losses"] == pytest.approx(example_globals(AUTOGRAD)["losses"], rel=1e-5)


def test_training_loop_runs_the_captured_graph():
    loop = next(cell for cell in code_cells(EXAMPLES / NAME) if "for t in range(500)" in cell)
    assert "y_pred = gm(x, w1, w2)" in loop
    assert "forward(" not in loop


def test_weights_stay_leaves_with_zeroed_gradients_after_training(g):
    for name in ("w1", "w2"):
        w = g[name]
        assert w.is_leaf and w.requires_grad and w.grad_fn is None, name
        assert w.dtype == torch.float32 and w.device.type == expected_device().type, name
        assert torch.count_nonzero(w.grad) == 0, name
    for name in ("x", "y"):
        assert not g[name].requires_grad, name


# --- the page itself ----------------------------------------------------------------------------


def tf_listing():
    text = "\n".join(prose_cells(EXAMPLES / NAME))
    blocks = re.findall(r"^# ```python\n(.*?)^# ```$", text, re.MULTILINE | re.DOTALL)
    listings = [block for block in blocks if "tensorflow" in block]
    assert len(listings) == 1
    return listings[0], text[: text.index("# ```python\n" + listings[0])]


def test_the_tensorflow_1_code_is_a_listing_in_the_prose():
    listing, before = tf_listing()
    pieces = [
        "import tensorflow as tf", "tf.placeholder(", "tf.Variable(tf.random_normal(",
        "tf.gradients(loss, [w1, w2])", "w1.assign(w1 - learning_rate * grad_w1)", "tf.Session()",
        "feed_dict=", "range(500)", "t % 100 == 99", "learning_rate = 1e-6",
    ]
    for piece in pieces:
        assert piece in listing, piece
    assert "$" not in listing  # the site renders $...$ in prose as math
    # The sentence right before the listing says what it is and that the site does not run it.
    last_paragraph = before.rstrip().split("\n#\n")[-1]
    assert "TensorFlow 1.x" in last_paragraph and "실행하지" in last_paragraph


def test_no_code_cell_uses_tensorflow():
    for cell in code_cells(EXAMPLES / NAME):
        assert "tensorflow" not in cell and not re.search(r"\btf\.", cell)


def test_no_torch_compile_is_executed():
    """The page mentions torch.compile in prose only: compiling is slow on the build machine."""
    assert all("torch.compile" not in cell for cell in code_cells(EXAMPLES / NAME))


# --- the page's claims about torch.export and torch.compile -------------------------------------


def test_export_takes_a_module_not_a_function(g):
    x, w1, w2 = fresh_inputs(8, 4)
    with pytest.raises(ValueError, match="torch.nn.Module"):
        torch.export.export(g["forward"], (x, w1, w2))


def test_exported_program_saves_and_loads(g, tmp_path):
    x, w1, w2 = fresh_inputs(9, 64)
    program = torch.export.export(g["ForwardModule"](), (x, w1, w2))
    torch.export.save(program, tmp_path / "forward.pt2")
    loaded = torch.export.load(tmp_path / "forward.pt2")
    assert torch.equal(loaded.module()(x, w1, w2), g["forward"](x, w1, w2))


class _Wrap(torch.nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, *args):
        return self.fn(*args)


def test_export_refuses_the_data_dependent_branch_too(g):
    from torch.fx.experimental.symbolic_shapes import GuardOnDataDependentSymNode

    with pytest.raises(GuardOnDataDependentSymNode):
        torch.export.export(_Wrap(g["branchy"]), (torch.tensor([1.0, 2.0]),))


@pytest.mark.parametrize("seed", [0, 1])
def test_export_freezes_the_random_depth_like_tracing(g, seed):
    random.seed(seed)
    program = torch.export.export(_Wrap(g["random_depth"]), (torch.rand(4, 6), torch.rand(6, 6)))
    mm = sum(node.target == torch.ops.aten.mm.default for node in program.graph.nodes)
    assert mm == random.Random(seed).randint(0, 3)


def test_export_keeps_one_branch_of_a_shape_dependent_if_and_guards_the_shape():
    def by_batch_size(t):
        if t.shape[0] > 32:
            return t * 2
        return t * 3

    program = torch.export.export(_Wrap(by_batch_size), (torch.ones(64, 1),))
    calls = [node.target for node in program.graph.nodes if node.op == "call_function"]
    assert calls == [torch.ops.aten.mul.Tensor]
    assert program.module()(torch.ones(64, 1)).sum().item() == 128.0
    with pytest.raises(Exception, match=r"size\(\)\[0\] == 64"):
        program.module()(torch.ones(8, 1))


def test_torch_compile_breaks_the_graph_at_the_branch_and_redraws_the_random_depth(g):
    """The page says torch.compile does not fail where tracing does, and does not freeze the random depth.
    The eager backend checks the graph capture without compiling kernels."""
    import types

    import torch._dynamo

    # The page's functions, with this module as their globals: dynamo looks their module up by name, and the
    # example ran under runpy as a module that cannot be imported.
    branchy, random_depth = (
        types.FunctionType(g[name].__code__, globals(), name)
        for name in ("branchy", "random_depth")
    )
    torch._dynamo.reset()
    explained = torch._dynamo.explain(branchy)(torch.tensor([1.0, 2.0]))
    assert explained.graph_break_count >= 1
    compiled = torch.compile(branchy, backend="eager")
    for values in ([1.0, 2.0], [-1.0, -2.0]):
        assert compiled(torch.tensor(values)).item() == g["branchy"](torch.tensor(values)).item()

    compiled_depth = torch.compile(random_depth, backend="eager")
    h, w = torch.ones(2, 3), torch.rand(3, 3) + 0.1  # positive: every repetition changes the result
    random.seed(0)
    got = [compiled_depth(h, w) for _ in range(8)]
    random.seed(0)
    want = [g["random_depth"](h, w) for _ in range(8)]
    assert len({tuple(t.flatten().tolist()) for t in want}) > 1  # the eager depths differ between calls
    for a, b in zip(got, want):
        torch.testing.assert_close(a, b)
    torch._dynamo.reset()


def test_what_changed_section_compares_with_step_4_whose_code_the_diff_shows():
    text = "\n".join(prose_cells(EXAMPLES / NAME))
    section = text.split("# ## 앞 단계에서 무엇이 바뀌었나")[1].split("\n# ## ")[0]
    assert "4단계" in section and "MyReLU" in section
