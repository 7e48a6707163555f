"""Tests of example 2_1 (how fast is a GPU): the FLOP count, the timed steps computing the real update,
the timing arithmetic (on a fake clock), the CUDA branch skipping cleanly without a GPU (and running
where there is one), the GPU data file's validation, and the built page. The checks every example
page shares are in test_examples.py, test_site.py and the other page-wide modules."""

import ast
import copy
import importlib.util
import json
import os
import re
import sys

import nbformat
import numpy as np
import pytest
import torch
from bs4 import BeautifulSoup
from torch.utils.flop_counter import FlopCounterMode

from conftest import EXAMPLES, REPO, prose_cells

sys.path.insert(0, str(EXAMPLES))
try:
    import benchmark_timing as bt
finally:
    sys.path.remove(str(EXAMPLES))

NAME = "2_1_gpu_benchmark"
cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def load_script():
    """scripts/gpu_benchmark.py as a module (it imports the same benchmark_timing module as these tests)."""
    spec = importlib.util.spec_from_file_location("gpu_benchmark_script", REPO / "scripts" / "gpu_benchmark.py")
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


# --- FLOP count --------------------------------------------------------------------------------


def test_flop_formula_counts_every_matrix_multiply_of_a_step():
    N, D_in, H, D_out = 64, 1000, 100, 10
    by_hand = sum(
        2 * a * b * c
        for a, b, c in [
            (N, D_in, H),  # x @ w1
            (N, H, D_out),  # h_relu @ w2
            (H, N, D_out),  # h_relu.T @ grad_y_pred
            (N, D_out, H),  # grad_y_pred @ w2.T
            (D_in, N, H),  # x.T @ grad_h
        ]
    )
    assert bt.step_flops(N, D_in, H, D_out) == by_hand == 25_984_000
    assert bt.Size.scaled(1).flops == by_hand
    assert bt.Size.scaled(2) == bt.Size(128, 2000, 200, 10)
    assert bt.matmul_flops(3) == 54


@pytest.mark.parametrize("size", [bt.Size(8, 7, 5, 3), bt.Size(16, 40, 12, 10)])
def test_flop_formula_agrees_with_torchs_flop_counter(size):
    """PyTorch counts the FLOPs of the matrix multiplies it actually runs in torch_step."""
    x, y, w1, w2 = (torch.from_numpy(a) for a in bt.make_problem(size))
    with FlopCounterMode(display=False) as counter:
        bt.torch_step(x, y, w1, w2, 1e-6)
    assert counter.get_total_flops() == size.flops


def test_a_step_sends_about_twenty_operations_that_compute():
    """The page says one torch_step launches close to twenty kernels on a GPU: every operation but the
    transposes (views) and the lifting of the Python scalar 0 computes something."""
    from torch.utils._python_dispatch import TorchDispatchMode

    class Ops(TorchDispatchMode):
        def __init__(self):
            super().__init__()
            self.names = []

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            self.names.append(func.overloadpacket.__name__)
            return func(*args, **(kwargs or {}))

    x, y, w1, w2 = (torch.from_numpy(a) for a in bt.make_problem(bt.Size(8, 7, 5, 3)))
    with Ops() as ops:
        bt.torch_step(x, y, w1, w2, 1e-6)
    computing = [n for n in ops.names if n not in ("t", "lift_fresh")]
    assert ops.names.count("mm") == 5 and len(computing) == 18, ops.names


# --- The timed steps compute the real training step ---------------------------------------------


def reference_step(x, y, w1, w2, learning_rate):
    """Loss and updated weights of one gradient-descent step, with autograd in float64."""
    w1 = torch.tensor(w1, requires_grad=True)
    w2 = torch.tensor(w2, requires_grad=True)
    loss = (torch.relu(torch.tensor(x) @ w1) @ w2 - torch.tensor(y)).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        return loss.item(), (w1 - learning_rate * w1.grad).numpy(), (w2 - learning_rate * w2.grad).numpy()


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("library", ["numpy", "torch"])
def test_each_step_makes_the_same_update_as_autograd(library, seed):
    x, y, w1, w2 = bt.make_problem(bt.Size(8, 7, 5, 3), seed=seed, dtype=np.float64)
    assert ((x @ w1) > 0).any() and ((x @ w1) < 0).any()  # the ReLU mask matters
    learning_rate = 1e-2  # large enough that the update is far above rounding
    ref_loss, ref_w1, ref_w2 = reference_step(x, y, w1, w2, learning_rate)
    if library == "numpy":
        new_w1, new_w2 = w1.copy(), w2.copy()
        loss = bt.numpy_step(x, y, new_w1, new_w2, learning_rate)
    else:
        new_w1, new_w2 = torch.tensor(w1), torch.tensor(w2)
        loss = bt.torch_step(torch.tensor(x), torch.tensor(y), new_w1, new_w2, learning_rate).item()
        new_w1, new_w2 = new_w1.numpy(), new_w2.numpy()
    assert not np.allclose(new_w1, w1) and not np.allclose(new_w2, w2)  # the step did update in place
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-12)
    np.testing.assert_allclose(new_w1, ref_w1, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(new_w2, ref_w2, rtol=1e-10, atol=1e-12)


def test_scaled_weights_keep_the_largest_size_finite():
    """The page scales the initial weights so that timing many steps never computes inf or nan."""
    x, y, w1, w2 = bt.make_problem(bt.Size.scaled(4))
    assert x.dtype == w1.dtype == np.float32
    for _ in range(60):  # more steps than the timing ever runs at that size
        loss = bt.numpy_step(x, y, w1, w2, 1e-6)
    assert np.isfinite(loss) and np.isfinite(w1).all() and np.isfinite(w2).all()


# --- Timing arithmetic on a fake clock --------------------------------------------------------------


class FakeClock:
    """A clock whose successive timed calls last the given durations (one reading before, one after)."""

    def __init__(self, durations):
        self.readings = []
        now = 100.0
        for d in durations:
            self.readings += [now, now + d]
            now += d + 1.0
        self.readings.reverse()

    def __call__(self):
        return self.readings.pop()


def test_time_calls_warms_up_then_measures_until_the_budget():
    calls, syncs = [], []
    clock = FakeClock([0.5, 0.25, 0.125, 0.1, 0.1])
    times = bt.time_calls(
        lambda: calls.append(1), lambda: syncs.append(1), warmup=2, min_repeat=3, max_repeat=10, budget=1.0, clock=clock
    )
    # 0.5 + 0.25 + 0.125 = 0.875 < 1.0: a fourth run; then 0.975: a fifth; then 1.075: stop.
    assert times == pytest.approx([0.5, 0.25, 0.125, 0.1, 0.1])
    assert len(calls) == 2 + 5  # warm-up runs are not timed
    assert len(syncs) == 1 + 5  # after the warm-up and after every timed run, before the clock is read


def test_time_calls_runs_at_least_min_repeat_and_at_most_max_repeat():
    assert len(bt.time_calls(lambda: None, warmup=0, min_repeat=3, budget=0.0, clock=FakeClock([5, 5, 5]))) == 3
    many = FakeClock([0.001] * 8)
    assert len(bt.time_calls(lambda: None, warmup=0, min_repeat=1, max_repeat=8, budget=1.0, clock=many)) == 8


@pytest.mark.parametrize("key", ["numpy", "torch_cpu"])
def test_step_result_is_the_median_and_its_gflops(key):
    size = bt.Size(4, 6, 5, 3)
    clock = FakeClock([0.5, 0.1, 0.2, 0.9, 0.3])  # median 0.3, mean 0.4
    result = bt.time_step(bt.IMPLEMENTATIONS[key], size, warmup=1, min_repeat=5, max_repeat=5, clock=clock)
    assert result.impl == key and result.size == size and result.flops == size.flops
    assert result.seconds == pytest.approx([0.5, 0.1, 0.2, 0.9, 0.3])
    assert result.median == pytest.approx(0.3) and result.time == pytest.approx(0.3)
    assert result.gflops == pytest.approx(size.flops / 0.3 / 1e9)


def test_matmul_peak_uses_the_fastest_run():
    clock = FakeClock([0.4, 0.2, 0.3, 0.5, 0.25])
    peak = bt.time_matmul(bt.IMPLEMENTATIONS["numpy"], 8, warmup=0, max_repeat=5, clock=clock)
    assert peak.n == 8 and peak.time == pytest.approx(0.2)
    assert peak.gflops == pytest.approx(2 * 8**3 / 0.2 / 1e9)


def test_tables_show_the_medians_rates_shares_of_peak_and_speedups():
    size = bt.Size.scaled(1)
    results = [
        bt.Result("numpy", size.flops, [0.009, 0.002, 0.003], size=size),  # median 3 ms (mean 4.67)
        bt.Result("torch_cpu", size.flops, [0.001, 0.0015, 0.006], size=size),  # median 1.5 ms (mean 2.83)
    ]
    # Peaks at exactly 4x and 2x the steps' rates, so the shares are 25 % and 50 %.
    peaks = [
        bt.Result("numpy", 1000, [1000 / (4 * results[0].gflops * 1e9)], n=10),
        bt.Result("torch_cpu", 1000, [1000 / (2 * results[1].gflops * 1e9)], n=10),
    ]
    text = bt.tables(results, peaks)
    row = next(line for line in text.splitlines() if line.startswith("64×1000×100") and "ms" not in line)
    assert row.split()[1:] == ["3.00", "1.50"]  # the time table comes first
    assert f"{results[0].gflops:.2f} (25%)" in text and f"{results[1].gflops:.1f} (50%)" in text
    speedup = text[text.index("NumPy보다 몇 배"):]
    assert next(line for line in speedup.splitlines() if line.startswith("64×1000×100")).split() == ["64×1000×100", "2.00"]
    # Rows line up in a monospace font: the rows hold no Hangul (its width differs between fonts).
    for table in text.split("\n\n"):
        rows = table.splitlines()[1:]
        assert not re.search(r"[가-힣]", "".join(rows)), rows
        assert len({len(row) for row in rows}) == 1, rows


def test_html_tables_hold_the_same_cells_under_korean_headers():
    size = bt.Size.scaled(1)
    results = [bt.Result(k, size.flops, [0.003], size=size) for k in bt.IMPLEMENTATIONS]
    soup = BeautifulSoup(bt.Tables(results)._repr_html_(), "html.parser")
    tables = soup.select("table")
    assert len(tables) == 3
    assert [th.get_text() for th in tables[0].select("th")] == ["N×D_in×H", "NumPy", "PyTorch CPU", "PyTorch GPU", "GPU+배치 복사"]
    assert [td.get_text() for td in tables[0].select("td")] == ["64×1000×100", "3.00", "3.00", "3.00", "3.00"]
    assert [td.get_text() for td in tables[2].select("td")] == ["64×1000×100", "1.00", "1.00", "1.00"]
    assert str(bt.Tables(results)) == bt.tables(results)  # what a script prints


def test_cpu_timing_runs_for_real():
    results = bt.measure(bt.CPU_IMPLEMENTATIONS, [bt.Size.scaled(1)], min_repeat=3, max_repeat=3)
    assert [r.impl for r in results] == ["numpy", "torch_cpu"]
    assert all(len(r.seconds) == 3 and r.median > 0 and r.gflops > 0 for r in results)


def test_other_load_reports_the_cpu_others_used():
    with bt.OtherLoad() as load:
        sum(range(10**6))
    if load.cores is None:
        pytest.skip("no /proc/stat here")
    assert 0 <= load.cores <= (os.cpu_count() or 1) + 0.5
    assert "코어" in load.report()


# --- The CUDA branch --------------------------------------------------------------------------------


def test_without_cuda_the_gpu_branch_is_skipped_with_a_korean_line(monkeypatch, capsys):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert bt.gpu_implementations() == []
    assert capsys.readouterr().out.strip() == bt.NO_GPU
    assert re.search(r"[가-힣]", bt.NO_GPU) and "GPU" in bt.NO_GPU
    assert bt.measure([], [bt.Size.scaled(1)]) == []


def test_without_cuda_the_script_writes_no_file(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    output = tmp_path / "gpu.json"
    assert load_script().main(["--output", str(output)]) == 1
    assert not output.exists()
    assert bt.NO_GPU in capsys.readouterr().out


def test_cuda_implementations_wait_for_the_gpu_before_the_clock_is_read():
    assert bt.synchronizer(bt.IMPLEMENTATIONS["torch_cuda"]) is torch.cuda.synchronize
    assert bt.synchronizer(bt.IMPLEMENTATIONS["torch_cuda_copy"]) is torch.cuda.synchronize
    assert bt.synchronizer(bt.IMPLEMENTATIONS["torch_cpu"]) is not torch.cuda.synchronize


@cuda
def test_on_a_gpu_the_same_timing_code_measures_it():
    gpu = bt.gpu_implementations()
    assert [impl.key for impl in gpu] == ["torch_cuda", "torch_cuda_copy"]
    results = bt.measure(gpu, [bt.Size.scaled(1), bt.Size.scaled(2)], min_repeat=3, max_repeat=5)
    assert len(results) == 4 and all(r.median > 0 for r in results)
    peak = bt.time_matmul(bt.IMPLEMENTATIONS["torch_cuda"], 1024)
    assert peak.gflops > 0


@cuda
def test_on_a_gpu_the_step_makes_the_same_update_as_autograd():
    x, y, w1, w2 = bt.make_problem(bt.Size(8, 7, 5, 3), seed=3, dtype=np.float64)
    _, ref_w1, ref_w2 = reference_step(x, y, w1, w2, 1e-2)
    x, y, w1, w2 = (torch.tensor(a, device="cuda") for a in (x, y, w1, w2))
    bt.torch_step(x, y, w1, w2, 1e-2)
    np.testing.assert_allclose(w1.cpu().numpy(), ref_w1, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(w2.cpu().numpy(), ref_w2, rtol=1e-10, atol=1e-12)


@cuda
def test_on_a_gpu_the_script_writes_a_file_the_page_accepts(tmp_path):
    output = tmp_path / "gpu.json"
    assert load_script().main(["--output", str(output), "--scales", "1", "2"]) == 0
    info, steps, peaks = bt.load_gpu_results(output)
    assert info["gpu_name"] == torch.cuda.get_device_name() and info["cuda"] == torch.version.cuda
    assert {r.impl for r in steps} == set(bt.IMPLEMENTATIONS)
    assert {p.impl for p in peaks} == {"numpy", "torch_cpu", "torch_cuda"}


# --- The GPU data file -------------------------------------------------------------------------------


def valid_record():
    """A well-formed record for testing the loader (written only to temporary files)."""
    size = bt.Size.scaled(1)
    steps = [bt.Result(key, size.flops, [0.003, 0.002, 0.004], size=size) for key in bt.IMPLEMENTATIONS]
    peaks = [bt.Result(key, bt.matmul_flops(64), [0.01, 0.02], n=64) for key in ("numpy", "torch_cpu", "torch_cuda")]
    record = bt.gpu_record(steps, peaks, gpu_name="Test GPU", measured_at="2026-01-31T12:00Z")
    record["cuda"] = "12.4"  # this machine's CPU-only torch has no CUDA version
    return record


def write(tmp_path, record):
    path = tmp_path / "gpu_benchmark.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_loader_reads_back_what_the_script_writes(tmp_path):
    info, steps, peaks = bt.load_gpu_results(write(tmp_path, valid_record()))
    assert info["gpu_name"] == "Test GPU" and info["measured_at"] == "2026-01-31T12:00Z"
    assert info["python"] and info["torch"] == torch.__version__ and info["numpy"] == np.__version__
    assert [r.impl for r in steps] == list(bt.IMPLEMENTATIONS)
    assert steps[0].size == bt.Size.scaled(1) and steps[0].median == pytest.approx(0.003)
    assert peaks[0].n == 64 and peaks[0].time == pytest.approx(0.01)


def test_a_missing_file_means_not_measured(tmp_path):
    assert bt.load_gpu_results(tmp_path / "none.json") is None


@pytest.mark.parametrize("field", ["gpu_name", "measured_at", "python", "torch", "cuda", "numpy", "cpu_name"])
def test_loader_requires_where_when_and_versions(tmp_path, field):
    record = valid_record()
    del record[field]
    with pytest.raises(ValueError, match=field):
        bt.load_gpu_results(write(tmp_path, record))
    record[field] = ""
    with pytest.raises(ValueError, match=field):
        bt.load_gpu_results(write(tmp_path, record))


@pytest.mark.parametrize(
    "spoil, why",
    [
        (lambda r: r.update(measured_at="31/01/2026"), "measured_at"),
        (lambda r: r.update(steps=[s for s in r["steps"] if s["impl"] != "torch_cuda"]), "torch_cuda"),
        (lambda r: r["steps"][0].update(impl="tpu"), "tpu"),
        (lambda r: r["steps"][0].update(seconds=[]), "seconds"),
        (lambda r: r["steps"][0].update(seconds=[0.1, -1]), "seconds"),
        (lambda r: r["steps"][0].update(N=0), "크기"),
        (lambda r: r["peaks"][0].update(n="big"), "최대 성능"),
        (lambda r: r.pop("steps"), "steps"),
    ],
)
def test_loader_rejects_a_broken_file(tmp_path, spoil, why):
    record = copy.deepcopy(valid_record())
    spoil(record)
    with pytest.raises(ValueError, match=why):
        bt.load_gpu_results(write(tmp_path, record))


def test_loader_rejects_text_that_is_not_json(tmp_path):
    path = tmp_path / "gpu_benchmark.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="JSON"):
        bt.load_gpu_results(path)


def test_the_data_file_in_the_repository_is_valid_if_there_is_one():
    if not bt.GPU_RESULTS.exists():
        pytest.skip("no GPU figures measured yet")
    info, steps, _ = bt.load_gpu_results()
    assert any(r.impl == "torch_cuda" for r in steps)


# --- The example and its page --------------------------------------------------------------------


class GlobalNames(ast.NodeVisitor):
    """Names a module assigns outside its functions (including inside its `with`, `if` and `for` blocks)."""

    def __init__(self):
        self.names = set()

    def visit_FunctionDef(self, node):
        pass  # a function's assignments are its locals

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Store):
            self.names.add(node.id)


def global_names(path):
    visitor = GlobalNames()
    visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
    return visitor.names


def code_lines(path):
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#"))


def test_the_example_defines_no_training_results():
    """The loss summary and the gallery list examples that keep `losses`; the benchmark is not one."""
    names = global_names(EXAMPLES / f"{NAME}.py")
    assert {"cpu_steps", "cpu_peaks", "gpu_steps"} <= names
    assert not names & {"losses", "fig"}


def test_the_example_and_the_script_share_the_timing_code():
    example = code_lines(EXAMPLES / f"{NAME}.py")
    script = code_lines(REPO / "scripts" / "gpu_benchmark.py")
    assert "from benchmark_timing import" in example and "import benchmark_timing as bt" in script
    for code in (example, script):
        assert "perf_counter" not in code and "synchronize(" not in code  # no timing code of its own


def test_the_benchmark_runs_alone():
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    patterns = config.plugins["run-examples"].config.exclusive
    from fnmatch import fnmatch

    assert any(fnmatch(f"examples/{NAME}.py", p) for p in patterns)
    assert not any(fnmatch(f"examples/{p.name}", pat) for p in EXAMPLES.glob("1_*.py") for pat in patterns)


def page(site):
    return BeautifulSoup((site / "examples" / NAME / "index.html").read_text(encoding="utf-8"), "html.parser")


def output_text(soup):
    return "\n".join(o.get_text(" ") for o in soup.select(".jp-OutputArea-output"))


def output_tables(soup):
    """Each HTML table in the page's outputs as (header cells, body rows of cells)."""
    return [
        ([th.get_text() for th in t.select("thead th")], [[td.get_text() for td in tr.select("td")] for tr in t.select("tbody tr")])
        for t in soup.select(".jp-OutputArea-output table")
    ]


def test_page_shows_the_cpu_tables_and_three_plots(site):
    soup = page(site)
    text = output_text(soup)
    for heading in ("한 단계 시간 (밀리초, 중앙값)", "GFLOP/s (괄호 안은", "NumPy보다 몇 배 빠른가", "2048×2048 행렬 곱"):
        assert heading in text
    cpu_tables = output_tables(soup)[:3]
    assert [header for header, _ in cpu_tables] == [
        ["N×D_in×H", "NumPy", "PyTorch CPU"], ["N×D_in×H", "NumPy", "PyTorch CPU"], ["N×D_in×H", "PyTorch CPU"]
    ]
    for _, rows in cpu_tables:
        assert [row[0] for row in rows] == [bt.Size.scaled(k).label for k in (1, 2, 4, 8, 16)]
        assert all(re.fullmatch(r"[\d,.]+( \(\d+%\))?", cell) for row in rows for cell in row[1:]), rows
    images = soup.select(".jp-OutputArea-output img")
    assert len(images) == 3
    assert all((site / "examples" / NAME / img["src"]).read_bytes().startswith(b"\x89PNG") for img in images)


def test_page_measures_the_fixed_cost_of_a_step(site):
    """With every dimension 1 a step computes almost nothing: what remains is the per-step fixed cost the
    prose compares with the tables' first row."""
    text = output_text(page(site))
    for impl in bt.CPU_IMPLEMENTATIONS:
        assert re.search(rf"{re.escape(impl.column)}\s+한 단계의 고정 비용: \d+ 마이크로초", text), impl.column
    tiny, base = bt.Size(1, 1, 1, 1), bt.Size.scaled(1)
    assert tiny.flops * 1000 < base.flops


def test_page_says_where_the_gpu_figures_come_from(site):
    soup = page(site)
    text = output_text(soup)
    headers = [cell for header, _ in output_tables(soup) for cell in header]
    if torch.cuda.is_available():  # the build measured its own GPU
        assert "PyTorch GPU" in headers and bt.NO_GPU not in text
    elif bt.GPU_RESULTS.exists():
        info, _, _ = bt.load_gpu_results(bt.GPU_RESULTS)
        assert bt.NO_GPU in text
        assert info["gpu_name"] in text and info["measured_at"] in text and f"CUDA {info['cuda']}" in text
        assert "PyTorch GPU" in headers and "GPU+배치 복사" in headers
    else:
        assert bt.NO_GPU in text
        assert "GPU 수치는 아직 재지 않았습니다" in text
        assert "PyTorch GPU" not in headers and "GPU+배치 복사" not in headers
        assert len(output_tables(soup)) == 3  # the CPU tables only


def test_adding_the_gpu_data_file_reruns_the_page(site):
    """The run recorded the data file (even while it is missing) among what it used, so the cache notices it."""
    run = json.loads((REPO / ".cache" / "examples" / "runs" / f"{NAME}.json").read_text(encoding="utf-8"))
    assert "examples/data/gpu_benchmark.json" in run["dependencies"]
    assert "examples/benchmark_timing.py" in run["dependencies"]


def test_page_is_in_the_navigation_after_the_summary_and_has_no_diff(site):
    soup = page(site)
    assert soup.select("details.sitebuild-diff") == []  # the first page of its lesson
    nav = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link")]
    assert nav.index("한눈에 보기") < nav.index("GPU는 얼마나 빠를까")
    summary = (site / "summary" / "index.html").read_text(encoding="utf-8")
    assert NAME not in BeautifulSoup(summary, "html.parser").select_one("article").decode()
    nb = nbformat.read(site / "examples" / NAME / f"{NAME}.ipynb", as_version=4)
    assert nb.metadata["sitebuild_run"]["losses"] == []


def test_prose_quotes_no_measured_numbers(site):
    """Timings change with every build: the prose describes them, the printed tables carry the numbers."""
    prose = "\n".join(prose_cells(EXAMPLES / f"{NAME}.py"))
    soup = page(site)
    # The measured values: the tables' cells and the matrix-multiply peak lines (not the printed source code).
    text = " ".join(cell for _, rows in output_tables(soup) for row in rows for cell in row[1:])
    text += " ".join(line for line in output_text(soup).splitlines() if "GFLOP/s" in line)
    # Times, rates and ratios print with a decimal point or, from 100 up, as whole numbers (1,234);
    # shares of the peak as whole percents. The sizes the prose names are not measurements.
    sizes = {str(v) for k in (1, 2, 4, 8, 16) for v in vars(bt.Size.scaled(k)).values()} | {"2048", "4096"}
    measured = set(re.findall(r"\d[\d,]*\.\d+|\d+%|\d{1,3}(?:,\d{3})+|\d{3,}", text)) - sizes
    assert measured, "no measured numbers found on the page"
    quoted = {m for m in measured if re.search(rf"(?<![\d.,]){re.escape(m)}(?![\d.,]*\d)", prose)}
    assert quoted == set(), quoted
    assert "50배" in prose  # the claim under test, not a measurement
