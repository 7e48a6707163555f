"""2계층 신경망의 학습 한 단계를 NumPy, CPU의 PyTorch, GPU의 PyTorch로 재는 코드입니다.

예제 페이지(2_1_gpu_benchmark.py)와, GPU가 있는 컴퓨터에서 결과 파일을 만드는 스크립트
(scripts/gpu_benchmark.py)가 이 모듈을 함께 씁니다. 그래서 페이지에 나오는 CPU 수치와 파일에 담긴
GPU 수치는 같은 코드로 잰 것입니다.
"""

import html
import json
import os
import platform
import statistics
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch

# GPU에서 잰 결과를 담는 파일입니다. scripts/gpu_benchmark.py가 만듭니다.
GPU_RESULTS = Path(__file__).resolve().parent / "data" / "gpu_benchmark.json"
NO_GPU = "이 컴퓨터에는 CUDA를 쓸 수 있는 GPU가 없어서 GPU 측정은 건너뜁니다."


@dataclass(frozen=True)
class Size:
    """신경망의 크기: 배치 크기 N, 입력 차원 D_in, 은닉층 차원 H, 출력 차원 D_out."""

    N: int
    D_in: int
    H: int
    D_out: int = 10

    @classmethod
    def scaled(cls, k):
        """앞 단계들의 크기(64, 1000, 100, 10)에서 N, D_in, H를 k배로 키운 크기입니다."""
        return cls(64 * k, 1000 * k, 100 * k, 10)

    @property
    def flops(self):
        """학습 한 단계(순전파와 역전파)의 행렬 곱에 드는 부동소수점 연산 수입니다."""
        return step_flops(self.N, self.D_in, self.H, self.D_out)

    @property
    def label(self):
        return f"{self.N}×{self.D_in}×{self.H}"


def step_flops(N, D_in, H, D_out):
    """(a×b) 행렬과 (b×c) 행렬의 곱은 곱셈 a·b·c번과 덧셈 a·(b-1)·c번을 합니다. 흔히 어림해 2·a·b·c번으로 셉니다.

    순전파: x·w1 (2·N·D_in·H), h_relu·w2 (2·N·H·D_out).
    역전파: h_reluᵀ·grad_y_pred와 grad_y_pred·w2ᵀ (각 2·N·H·D_out), xᵀ·grad_h (2·N·D_in·H).
    입력 x의 변화도는 구하지 않으므로 첫 번째 계층의 행렬 곱은 두 번뿐입니다.
    """
    return 4 * N * D_in * H + 6 * N * H * D_out


def matmul_flops(n):
    """n×n 행렬 두 개를 곱하는 데 드는 부동소수점 연산 수입니다."""
    return 2 * n**3


@dataclass(frozen=True)
class Implementation:
    """재는 구현 하나: 어떤 라이브러리로, 어느 장치에서, 배치를 매번 GPU로 복사하는지."""

    key: str
    label: str  # 그래프의 범례에 쓰는 이름
    column: str  # 글자 표의 열 이름. 한글은 글꼴에 따라 폭이 달라 줄이 어긋나므로 로마자로만 씁니다
    library: str  # "numpy" 또는 "torch"
    device: str = "cpu"  # "cpu" 또는 "cuda"
    copy_batch: bool = False  # 단계마다 입력과 정답을 CPU 메모리에서 장치로 복사합니다


IMPLEMENTATIONS = {
    impl.key: impl
    for impl in [
        Implementation("numpy", "NumPy", "NumPy", "numpy"),
        Implementation("torch_cpu", "PyTorch CPU", "PyTorch CPU", "torch"),
        Implementation("torch_cuda", "PyTorch GPU", "PyTorch GPU", "torch", "cuda"),
        Implementation("torch_cuda_copy", "GPU+배치 복사", "GPU+copy", "torch", "cuda", copy_batch=True),
    ]
}
CPU_IMPLEMENTATIONS = [IMPLEMENTATIONS["numpy"], IMPLEMENTATIONS["torch_cpu"]]


def gpu_implementations():
    """CUDA GPU가 있으면 GPU 구현들을, 없으면 그렇다고 알리고 빈 목록을 돌려줍니다."""
    if not torch.cuda.is_available():
        print(NO_GPU)
        return []
    return [IMPLEMENTATIONS["torch_cuda"], IMPLEMENTATIONS["torch_cuda_copy"]]


def numpy_step(x, y, w1, w2, learning_rate):
    """NumPy로 학습 한 단계: 순전파, 손으로 적은 역전파, 경사하강법 갱신(1_1 예제와 같은 코드)."""
    h = x @ w1
    h_relu = np.maximum(h, 0)
    y_pred = h_relu @ w2
    loss = np.square(y_pred - y).sum()

    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.T @ grad_y_pred
    grad_h_relu = grad_y_pred @ w2.T
    grad_h = grad_h_relu.copy()
    grad_h[h < 0] = 0
    grad_w1 = x.T @ grad_h

    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2
    return loss


def torch_step(x, y, w1, w2, learning_rate):
    """PyTorch 텐서로 학습 한 단계(1_2 예제와 같은 코드). 텐서가 있는 장치에서 계산합니다."""
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)
    loss = (y_pred - y).pow(2).sum()

    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.t().mm(grad_y_pred)
    grad_h_relu = grad_y_pred.mm(w2.t())
    grad_h = grad_h_relu.clone()
    grad_h[h < 0] = 0
    grad_w1 = x.t().mm(grad_h)

    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2
    return loss  # GPU에서는 .item()을 부르지 않습니다. 부르면 그때마다 GPU를 기다립니다.


def make_problem(size, seed=0, dtype=np.float32):
    """NumPy 배열로 만든 입력, 정답, 가중치. 크기를 키워도 값이 폭발하지 않도록 가중치를 줄여 둡니다."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((size.N, size.D_in), dtype=dtype)
    y = rng.standard_normal((size.N, size.D_out), dtype=dtype)
    w1 = rng.standard_normal((size.D_in, size.H), dtype=dtype) / np.sqrt(size.D_in, dtype=dtype)
    w2 = rng.standard_normal((size.H, size.D_out), dtype=dtype) / np.sqrt(size.H, dtype=dtype)
    return x, y, w1, w2


def synchronizer(impl):
    """시계를 읽기 전에 부를 함수. GPU는 명령을 쌓아 두고 비동기로 계산하므로 끝날 때까지 기다려야 합니다."""
    if impl.device == "cuda":
        return torch.cuda.synchronize
    return lambda: None


def time_calls(fn, sync=lambda: None, warmup=1, min_repeat=3, max_repeat=50, budget=0.2, clock=time.perf_counter):
    """`fn`을 `warmup`번 실행해 데운 다음, 한 번씩 시간을 잰 실행을 되풀이합니다.

    적어도 `min_repeat`번 재고, 잰 시간의 합이 `budget`초를 넘거나 `max_repeat`번이 되면 멈춥니다.
    실행마다 걸린 시간(초)의 목록을 돌려줍니다.
    """
    for _ in range(warmup):
        fn()
    sync()
    times = []
    while len(times) < min_repeat or (len(times) < max_repeat and sum(times) < budget):
        start = clock()
        fn()
        sync()
        times.append(clock() - start)
    return times


@dataclass
class Result:
    """한 구현이 학습 한 단계(또는 행렬 곱 하나)에 걸린 시간들."""

    impl: str
    flops: int
    seconds: list = field(repr=False)
    size: Size = None  # 학습 한 단계일 때의 크기(행렬 곱 최대 성능이면 None)
    n: int = None  # 행렬 곱 최대 성능을 잰 정사각 행렬의 크기

    @property
    def median(self):
        return statistics.median(self.seconds)

    @property
    def time(self):
        """대표 시간: 학습 한 단계는 중앙값, 행렬 곱 최대 성능은 가장 빨랐던 값."""
        return min(self.seconds) if self.n else self.median

    @property
    def gflops(self):
        return gflops(self.flops, self.time)


def gflops(flops, seconds):
    """초당 10억 번 단위의 부동소수점 연산 수(GFLOP/s)."""
    return flops / seconds / 1e9


def time_step(impl, size, seed=0, learning_rate=1e-6, **timing):
    """`impl`로 학습 한 단계를 되풀이해 잽니다. `timing`은 time_calls에 넘깁니다."""
    arrays = make_problem(size, seed)
    if impl.library == "numpy":
        x, y, w1, w2 = arrays

        def run():
            numpy_step(x, y, w1, w2, learning_rate)
    else:
        # 데이터는 CPU 메모리에서 만들어 장치로 한 번 옮겨 둡니다. 재는 동안에는 장치 안에서만 계산합니다.
        x_host, y_host, w1, w2 = (torch.from_numpy(a) for a in arrays)
        x, y, w1, w2 = (t.to(impl.device) for t in (x_host, y_host, w1, w2))

        def run():
            if impl.copy_batch:  # 실제 학습처럼 배치를 단계마다 CPU 메모리에서 장치로 복사합니다
                torch_step(x_host.to(impl.device), y_host.to(impl.device), w1, w2, learning_rate)
            else:
                torch_step(x, y, w1, w2, learning_rate)

    return Result(impl.key, size.flops, time_calls(run, synchronizer(impl), **timing), size=size)


def time_matmul(impl, n, seed=0, min_repeat=5, budget=0.5, **timing):
    """`impl`의 라이브러리와 장치에서 n×n float32 행렬 곱을 잽니다. 그 구현이 낼 수 있는 최대 성능의 어림값입니다."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    if impl.library == "torch":
        a, b = torch.from_numpy(a).to(impl.device), torch.from_numpy(b).to(impl.device)
    times = time_calls(lambda: a @ b, synchronizer(impl), min_repeat=min_repeat, budget=budget, **timing)
    return Result(impl.key, matmul_flops(n), times, n=n)


def measure(impls, sizes, **timing):
    """구현마다 모든 크기를 잽니다. 한 구현을 끝낸 다음 다음 구현으로 넘어갑니다."""
    return [time_step(impl, size, **timing) for impl in impls for size in sizes]


def peak_of(impl_key, peaks):
    """그 구현이 비교할 최대 성능: 같은 라이브러리와 장치에서 잰 행렬 곱."""
    key = "torch_cuda" if impl_key == "torch_cuda_copy" else impl_key
    return next((p for p in peaks if p.impl == key), None)


# --- 다른 프로그램의 CPU 사용 ---------------------------------------------------------------------


def _machine_busy_seconds():
    """이 컴퓨터의 모든 CPU가 일한 시간의 합(초). 리눅스의 /proc/stat으로 읽고, 읽을 수 없으면 None."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            ticks = [int(v) for v in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = ticks
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds():
    times = os.times()
    return times.user + times.system


class OtherLoad:
    """`with` 블록 동안 이 프로세스 밖의 프로그램들이 CPU를 코어 몇 개 분량 썼는지 잽니다."""

    def __enter__(self):
        self._start = (time.perf_counter(), _machine_busy_seconds(), _own_cpu_seconds())
        self.cores = None
        return self

    def __exit__(self, *exc):
        wall, busy, own = self._start
        wall = time.perf_counter() - wall
        end = _machine_busy_seconds()
        if busy is not None and end is not None and wall > 0:
            self.cores = max(0.0, (end - busy - (_own_cpu_seconds() - own)) / wall)
        return False

    def report(self):
        """측정하는 동안의 다른 프로그램 CPU 사용을 알리는 한 줄(알 수 없으면 빈 문자열)."""
        if self.cores is None:
            return ""
        line = f"재는 동안 다른 프로그램들이 쓴 CPU: 코어 {self.cores:.2f}개 분량 (이 컴퓨터의 코어 {os.cpu_count()}개 중)"
        if self.cores >= 0.25:
            line += "\n다른 프로그램과 CPU를 나눠 쓰면서 잰 값이라 수치가 흔들렸을 수 있습니다."
        return line


# --- 표 ---------------------------------------------------------------------------------------


def _width(text):
    """고정폭 글꼴에서 차지하는 칸 수. 한글 같은 전각 문자는 두 칸입니다."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _row(cells, widths):
    first, *rest = cells
    out = first + " " * (widths[0] - _width(first))
    for cell, width in zip(rest, widths[1:]):
        out += "  " + " " * (width - _width(cell)) + cell
    return out


def _number(value):
    """표에 쓸 숫자: 대개 유효 숫자 세 자리, 100 이상은 정수(1000 이상은 천 단위 쉼표)."""
    for limit, fmt in ((99.95, ",.0f"), (9.995, ".1f"), (0.9995, ".2f")):
        if value >= limit:
            return format(value, fmt)
    return f"{value:#.3g}"


def _table(header, rows):
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [_row(header, widths), "-" * _width(_row(header, widths))]
    return "\n".join(lines + [_row(r, widths) for r in rows])


def table_sections(results, peaks=(), baseline="numpy"):
    """표 세 개의 (제목, 구현 열, 행) 목록: 한 단계 시간, GFLOP/s(최대 성능 대비 비율), `baseline` 대비 배율.

    행은 (크기, 구현마다 칸의 글자) 입니다. 잰 것이 없는 칸은 "-"입니다.
    """
    keys = list(dict.fromkeys(r.impl for r in results))
    sizes = list(dict.fromkeys(r.size for r in results))
    found = {(r.impl, r.size): r for r in results}

    def rows(fmt, impls):
        return [(size, [fmt(found[k, size], k) if (k, size) in found else "-" for k in impls]) for size in sizes]

    def rate(result, key):
        peak = peak_of(key, peaks)
        share = f" ({result.gflops / peak.gflops:.0%})" if peak else ""
        return f"{_number(result.gflops)}{share}"

    sections = [
        ("한 단계 시간 (밀리초, 중앙값)", keys, rows(lambda r, k: _number(r.median * 1e3), keys)),
        ("GFLOP/s (괄호 안은 같은 구현의 행렬 곱 최대 성능 대비)" if peaks else "GFLOP/s", keys, rows(rate, keys)),
    ]
    if baseline in keys and len(keys) > 1:
        others = [k for k in keys if k != baseline]
        name = IMPLEMENTATIONS[baseline].column

        def speedup(result, key):
            base = found.get((baseline, result.size))
            return f"{base.median / result.median:.2f}" if base else "-"

        sections.append(
            (f"{name}보다 몇 배 빠른가 ({name}의 시간 ÷ 그 구현의 시간, 1보다 작으면 더 느림)", others, rows(speedup, others))
        )
    return sections


def tables(results, peaks=(), baseline="numpy"):
    """table_sections의 표들을 고정폭 글꼴로 읽는 글자 표로."""
    parts = []
    for title, impls, rows in table_sections(results, peaks, baseline):
        header = ["N×D_in×H", *(IMPLEMENTATIONS[k].column for k in impls)]
        parts += [title, _table(header, [[size.label, *cells] for size, cells in rows]), ""]
    if any(r.impl == "torch_cuda_copy" for r in results):
        parts.append("GPU+copy: 입력과 정답 배치를 단계마다 CPU 메모리에서 GPU로 복사하면서 잰 PyTorch GPU")
    return "\n".join(parts).rstrip("\n")


def html_tables(results, peaks=(), baseline="numpy"):
    """table_sections의 표들을 HTML 표로. 좁은 화면에서도 칸이 어긋나지 않고, 표가 넓으면 옆으로 밀어 봅니다."""
    right = ' style="text-align: right"'
    out = []
    for title, impls, rows in table_sections(results, peaks, baseline):
        head = "".join(f"<th{right}>{html.escape(IMPLEMENTATIONS[k].label)}</th>" for k in impls)
        body = "".join(
            f"<tr><td>{size.label}</td>" + "".join(f"<td{right}>{html.escape(c)}</td>" for c in cells) + "</tr>\n"
            for size, cells in rows
        )
        out.append(
            f"<p><strong>{html.escape(title)}</strong></p>\n"
            # 칸 안에서 숫자가 두 줄로 갈라지지 않게 합니다.
            f'<table style="white-space: nowrap">\n<thead><tr><th>N×D_in×H</th>{head}</tr></thead>\n'
            f"<tbody>\n{body}</tbody>\n</table>\n"
        )
    if any(r.impl == "torch_cuda_copy" for r in results):
        out.append("<p>GPU+배치 복사: 입력과 정답 배치를 단계마다 CPU 메모리에서 GPU로 복사하면서 잰 PyTorch GPU</p>\n")
    return "".join(out)


class Tables:
    """결과 표. 노트북에서는 HTML 표로, 스크립트에서는(print, display) 글자 표로 보입니다."""

    def __init__(self, results, peaks=(), baseline="numpy"):
        self.args = (results, peaks, baseline)

    def __str__(self):
        return tables(*self.args)

    __repr__ = __str__

    def _repr_html_(self):
        return html_tables(*self.args)


def peak_lines(peaks):
    """행렬 곱 최대 성능을 한 줄에 하나씩."""
    return "\n".join(
        f"{IMPLEMENTATIONS[p.impl].column:<12} {p.n}×{p.n} 행렬 곱: {_number(p.gflops)} GFLOP/s ({_number(p.time * 1e3)} 밀리초)"
        for p in peaks
    )


# --- GPU 결과 파일 -----------------------------------------------------------------------------

REQUIRED = ("gpu_name", "measured_at", "python", "torch", "cuda", "numpy", "cpu_name", "steps", "peaks")


def cpu_name():
    """CPU의 모델 이름(리눅스의 /proc/cpuinfo), 없으면 platform이 아는 이름."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()


def gpu_record(steps, peaks, gpu_name, measured_at=None, other_cpu_cores=None):
    """결과 파일에 쓸 내용: 어디서 언제 어떤 버전으로 쟀는지와, 잰 시간 그대로."""
    return {
        "gpu_name": gpu_name,
        "measured_at": measured_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cuda": torch.version.cuda or "",
        "numpy": np.__version__,
        "cpu_name": cpu_name(),
        "cpu_threads": torch.get_num_threads(),
        "other_cpu_cores": other_cpu_cores,  # 재는 동안 다른 프로그램들이 쓴 CPU(코어 몇 개 분량)
        "steps": [
            {"impl": r.impl, "N": r.size.N, "D_in": r.size.D_in, "H": r.size.H, "D_out": r.size.D_out,
             "seconds": r.seconds}
            for r in steps
        ],
        "peaks": [{"impl": p.impl, "n": p.n, "seconds": p.seconds} for p in peaks],
    }


def parse_gpu_record(record, source="GPU 결과"):
    """결과 파일의 내용을 검사하고 (정보, 단계 결과, 최대 성능 결과)로 돌려줍니다. 틀리면 ValueError."""

    def fail(why):
        raise ValueError(f"{source}: {why}")

    if not isinstance(record, dict):
        fail("JSON 객체가 아닙니다")
    missing = [k for k in REQUIRED if k not in record]
    if missing:
        fail(f"필수 항목이 없습니다: {', '.join(missing)}")
    for key in ("gpu_name", "python", "torch", "cuda", "numpy", "cpu_name"):
        if not isinstance(record[key], str) or not record[key].strip():
            fail(f"{key}가 비어 있습니다")
    try:
        datetime.strptime(record["measured_at"], "%Y-%m-%dT%H:%MZ")
    except (TypeError, ValueError):
        fail(f"measured_at은 2026-01-31T12:00Z 형식이어야 합니다: {record['measured_at']!r}")

    def times(entry):
        seconds = entry.get("seconds")
        if not isinstance(seconds, list) or not seconds or not all(
            isinstance(s, (int, float)) and s > 0 for s in seconds
        ):
            fail(f"seconds는 양수의 목록이어야 합니다: {entry}")
        return [float(s) for s in seconds]

    steps, peaks = [], []
    for entry in record["steps"]:
        if entry.get("impl") not in IMPLEMENTATIONS:
            fail(f"모르는 구현입니다: {entry.get('impl')!r}")
        dims = [entry.get(k) for k in ("N", "D_in", "H", "D_out")]
        if not all(isinstance(d, int) and d > 0 for d in dims):
            fail(f"크기는 양의 정수여야 합니다: {entry}")
        size = Size(*dims)
        steps.append(Result(entry["impl"], size.flops, times(entry), size=size))
    for entry in record["peaks"]:
        if entry.get("impl") not in IMPLEMENTATIONS or not isinstance(entry.get("n"), int) or entry["n"] <= 0:
            fail(f"최대 성능 항목이 잘못되었습니다: {entry}")
        peaks.append(Result(entry["impl"], matmul_flops(entry["n"]), times(entry), n=entry["n"]))
    if not any(r.impl == "torch_cuda" for r in steps):
        fail("GPU(torch_cuda)에서 잰 단계가 없습니다")
    info = {k: v for k, v in record.items() if k not in ("steps", "peaks")}
    return info, steps, peaks


def load_gpu_results(path=GPU_RESULTS):
    """GPU 결과 파일을 읽어 parse_gpu_record의 결과를 돌려줍니다. 파일이 없으면 None."""
    try:
        # 존재 여부를 따로 묻지 않고 바로 엽니다. 사이트 빌드가 '이 예제가 연 파일'로 기록해 두었다가,
        # 파일이 새로 생기거나 바뀌면 예제를 다시 실행합니다.
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: JSON이 아닙니다: {error}") from None
    return parse_gpu_record(record, str(path))
