# %% [markdown]
# # GPU는 얼마나 빠를까
#
# > 튜토리얼 신경망의 학습 한 단계를 NumPy, CPU의 PyTorch, GPU의 PyTorch로 재어 보고, GPU가 NumPy보다 50배 넘게 빠르다는 말이 언제 맞는지 확인합니다.
#
# 원래 튜토리얼은 PyTorch 텐서(tensor)를 소개하면서, 요즘의 큰 딥러닝 모델에서는 GPU가 계산을 50배 이상 빠르게 해 주는 경우가 많다고 말합니다.
# 앞 페이지들에서도 같은 코드가 GPU에서 돌아간다는 점을 NumPy와 비교한 PyTorch의 큰 장점으로 꼽았습니다.
# 이 페이지에서는 그 말을 그대로 받아들이지 않고 직접 재 봅니다.
# 재는 것은 앞 페이지들의 2계층 신경망을 학습(training)시키는 한 단계, 즉 순전파(forward pass) 한 번, 역전파(backward pass) 한 번, 가중치(weight) 갱신 한 번입니다.
#
# 결론부터 말하면 "50배"는 정해진 숫자가 아닙니다.
# 얼마나 빨라지는지는 계산의 크기, 비교 대상인 CPU 코드가 얼마나 잘 짜였는지, 그리고 어떤 CPU와 어떤 GPU를 비교하는지에 따라 크게 달라집니다.
# 튜토리얼 크기의 작은 신경망에서는 GPU가 거의 이득을 보지 못하고, 크기를 키울수록 차이가 벌어집니다.
#
# 이 페이지에서 다루는 내용은 다음과 같습니다.
#
# - 학습 한 단계의 계산량을 부동소수점 연산 수(FLOP)로 세는 법
# - 시간을 제대로 재는 법: 예열, 반복, 중앙값, 그리고 GPU를 기다리는 동기화
# - 그 컴퓨터가 낼 수 있는 행렬 곱(matrix multiplication)의 최대 성능과 견주어 보기
# - 작은 계산에서 GPU가 이득을 보지 못하는 이유
#
# ## 이 페이지의 숫자는 어디서 왔나
#
# 이 페이지의 표와 그래프는 사이트를 빌드할 때 빌드하는 컴퓨터에서 코드를 실행해 만든 것입니다.
# 이 사이트를 빌드하는 컴퓨터에는 CPU 코어가 두 개뿐이고 GPU가 없습니다.
# 그래서 CPU 수치는 빌드할 때마다 새로 재지만, GPU 수치는 GPU가 있는 컴퓨터에서 따로 재어 저장해 둔 파일
# `examples/data/gpu_benchmark.json`에서 읽어 옵니다. 그 파일이 없으면 GPU 수치는 아직 재지 않았다고 표시합니다.
# (CUDA GPU가 있는 컴퓨터에서 이 예제를 실행하면 GPU도 그 자리에서 잽니다.)
#
# 잰 시간은 빌드할 때마다 조금씩 달라지고, 같은 컴퓨터에서 다른 프로그램이 함께 돌면 크게 흔들리기도 합니다.
# 그래서 이 글은 숫자를 직접 인용하지 않고 경향만 설명합니다. 구체적인 값은 아래에 출력된 표와 그래프에서 확인하세요.
# 맨 아래의 실행 정보에는 이 출력을 만든 컴퓨터의 CPU와 패키지 버전이 나옵니다.
#
# ## 무엇을 재나
#
# 세 가지 구현을 비교합니다. GPU는 데이터가 어디에 있느냐에 따라 두 번 잽니다.
#
# | 구현 | 장치(device) | 행렬 곱을 계산하는 곳 | 표와 그래프의 이름 | 글자 표의 열 |
# |---|---|---|---|---|
# | NumPy | CPU | NumPy에 딸린 BLAS 라이브러리 | NumPy | NumPy |
# | PyTorch | CPU | PyTorch에 딸린 BLAS 라이브러리 | PyTorch CPU | PyTorch CPU |
# | PyTorch | GPU | NVIDIA의 cuBLAS | PyTorch GPU | PyTorch GPU |
# | PyTorch, 배치를 단계마다 GPU로 복사 | GPU | NVIDIA의 cuBLAS | GPU+배치 복사 | GPU+copy |
#
# 이 페이지에서는 결과를 HTML 표로 보여 줍니다. 예제를 스크립트로 실행하면 같은 표를 글자로 출력하는데,
# 고정폭 글꼴에서 한글은 글꼴마다 폭이 달라 줄이 어긋나므로 글자 표의 열 이름은 로마자로 씁니다.
#
# 공정하게 비교하려고 몇 가지를 맞췄습니다.
#
# - **모든 구현이 같은 연산을 합니다.** NumPy 구현은 첫 페이지(NumPy로 시작하기)의 코드와 같고,
#   PyTorch 구현은 두 번째 페이지(PyTorch 텐서)처럼 역전파를 손으로 적은 코드입니다.
#   PyTorch에서도 autograd 대신 손으로 적은 역전파를 쓴 것은, 세 구현이 정확히 같은 행렬 곱과 원소별 연산을 하게 해서
#   시간 차이가 라이브러리와 장치에서만 오게 하려는 것입니다.
#   autograd를 쓰면 순전파 때 연산 그래프(computational graph)를 기록하는 비용이 조금 더 들지만, 계산하는 행렬 곱은 같습니다.
#   CPU와 GPU는 같은 함수 `torch_step`을 쓰고, 텐서를 어느 장치에 두었는지만 다릅니다.
# - **자료형은 모두 `float32`입니다.** 첫 페이지의 NumPy 코드는 `float64`였지만, 딥러닝에서는 `float32`를 주로 쓰고
#   GPU도 `float32`에 맞춰 설계되어 있습니다. 많은 GPU가 `float64`를 훨씬 느리게 계산하므로, 같은 자료형으로 맞추지 않으면 비교가 어긋납니다.
# - **데이터는 재기 전에 준비합니다.** 입력과 가중치를 만들고 장치로 옮기는 일은 재는 시간에 넣지 않습니다.
#   다만 실제 학습에서는 데이터가 보통 CPU 메모리에 있어서 배치(batch)를 단계마다 GPU로 복사해야 하므로,
#   GPU는 그 복사를 포함한 시간도 따로 잽니다.
#
# 크기는 튜토리얼의 $N = 64$, $D_{in} = 1000$, $H = 100$, $D_{out} = 10$에서 시작해서
# $N$, $D_{in}$, $H$를 함께 2배, 4배, 8배, 16배로 키웁니다. 출력 차원 $D_{out}$은 그대로 둡니다.
# 가장 큰 크기는 이 사이트를 빌드하는 컴퓨터의 CPU로 한 단계에 1초 가까이 걸리도록 골랐습니다. 더 키우면 빌드가 너무 오래 걸립니다.
#
# 튜토리얼처럼 표준정규분포에서 뽑은 가중치를 그대로 쓰면, 크기를 키웠을 때 출력과 변화도(gradient)가 너무 커져서 몇 단계 만에 값이 `inf`로 넘칩니다.
# 계산 시간은 값과 상관이 없지만 비정상적인 값이 섞이지 않도록, 각 가중치 행렬을 그 계층(layer)의 입력 차원의 제곱근으로 나눠서 만듭니다.
# 학습률(learning rate)은 튜토리얼과 같은 $10^{-6}$입니다.

# %%
import inspect

import matplotlib.pyplot as plt
import torch
from IPython.display import display

import benchmark_timing
import loss_plot  # noqa: F401  (그래프의 한글 글꼴을 등록합니다)
from benchmark_timing import (
    CPU_IMPLEMENTATIONS,
    IMPLEMENTATIONS,
    OtherLoad,
    Size,
    Tables,
    gpu_implementations,
    load_gpu_results,
    measure,
    peak_lines,
    time_matmul,
)

# 튜토리얼 크기에서 N, D_in, H를 함께 키운 크기들
SIZES = [Size.scaled(k) for k in (1, 2, 4, 8, 16)]
# 행렬 곱 최대 성능을 잴 정사각 행렬의 크기(CPU)
PEAK_N = 2048

# 크기(N×D_in×H, D_out은 모두 10)마다 한 단계의 계산량
for size in SIZES:
    print(f"{size.label:>15}: {size.flops / 1e9:8.3f} GFLOP")

# %% [markdown]
# ## 계산량: 한 단계에 부동소수점 연산이 몇 번 필요한가
#
# 신경망 계산의 대부분은 행렬 곱입니다. $a \times b$ 행렬과 $b \times c$ 행렬을 곱하면 결과의 원소 $a c$개마다
# 곱셈 $b$번과 덧셈 $b$번을 하므로, 부동소수점 연산(floating-point operation, FLOP)은 $2abc$번입니다.
# 학습 한 단계에 나오는 행렬 곱을 모두 세면 다음과 같습니다.
#
# | 단계 | 행렬 곱 | shape | 연산 수 |
# |---|---|---|---|
# | 순전파 | $h = x w_1$ | $(N \times D_{in})(D_{in} \times H)$ | $2 N D_{in} H$ |
# | 순전파 | $\hat y = h_{\mathrm{relu}} w_2$ | $(N \times H)(H \times D_{out})$ | $2 N H D_{out}$ |
# | 역전파 | $\partial L / \partial w_2 = h_{\mathrm{relu}}^\top \, \partial L / \partial \hat y$ | $(H \times N)(N \times D_{out})$ | $2 N H D_{out}$ |
# | 역전파 | $\partial L / \partial h_{\mathrm{relu}} = \partial L / \partial \hat y \; w_2^\top$ | $(N \times D_{out})(D_{out} \times H)$ | $2 N H D_{out}$ |
# | 역전파 | $\partial L / \partial w_1 = x^\top \, \partial L / \partial h$ | $(D_{in} \times N)(N \times H)$ | $2 N D_{in} H$ |
#
# 입력 $x$는 데이터라서 변화도를 구하지 않으므로, 첫 번째 계층의 행렬 곱은 순전파와 역전파를 합쳐 두 번뿐입니다. 모두 더하면
#
# $$
# F = 4 N D_{in} H + 6 N H D_{out}
# $$
#
# 입니다. ReLU, 마스크, 오차 제곱, 가중치 갱신 같은 원소별 연산은 원소 수에 비례할 뿐이어서 행렬 곱보다 훨씬 적으므로 세지 않습니다.
# 한 단계에 $t$초가 걸렸다면 그 구현이 낸 성능은 초당 $F / t$번의 연산이고, 이 값을 $10^9$으로 나눈 단위가 GFLOP/s입니다.
# 위 출력은 크기($N \times D_{in} \times H$)마다 이 $F$를 $10^9$ 단위(GFLOP)로 적은 것입니다. 크기를 2배로 키우면 $N D_{in} H$가 8배가 되므로 계산량도 거의 8배씩 늘어납니다.
#
# 시간을 재는 학습 한 단계는 다음 함수들입니다. 두 함수 모두 페이지와 GPU 측정 스크립트가 함께 쓰는 모듈 `benchmark_timing.py`에 있습니다.

# %%
print(inspect.getsource(benchmark_timing.numpy_step))
print(inspect.getsource(benchmark_timing.torch_step))

# %% [markdown]
# ## 시간을 재는 법
#
# 짧은 계산의 시간을 믿을 만하게 재려면 몇 가지를 챙겨야 합니다.
#
# - **예열(warm-up).** 처음 한 번은 메모리를 새로 할당하고 라이브러리를 초기화하느라 느립니다.
#   GPU라면 CUDA 문맥을 만들고 cuBLAS를 초기화하는 시간까지 더해집니다. 그래서 처음 한 번은 재지 않고 버립니다.
# - **반복과 중앙값.** 같은 계산도 실행할 때마다 시간이 조금씩 다르고, 다른 프로그램이 CPU를 잠깐 가져가면 한 번만 크게 튀기도 합니다.
#   그래서 여러 번 재고 중앙값을 씁니다. 평균은 튀는 값 하나에 끌려가지만 중앙값은 그렇지 않습니다.
#   적어도 세 번(`min_repeat`)은 재고, 잰 시간의 합이 정해 둔 시간(`budget`)을 넘거나 정해 둔 횟수(`max_repeat`)가 되면 멈춥니다.
#   작은 크기는 여러 번, 큰 크기는 세 번만 재는 셈입니다.
# - **GPU 동기화.** PyTorch의 GPU 연산은 비동기로 실행됩니다. 파이썬은 GPU에 할 일(커널)을 쌓아 두기만 하고 곧바로 다음 줄로 넘어갑니다.
#   그대로 시계를 읽으면 계산 시간이 아니라 일을 쌓는 시간만 재게 됩니다.
#   그래서 GPU에서는 시계를 읽기 전에 `torch.cuda.synchronize()`로 쌓인 일이 모두 끝나기를 기다립니다.
#   `loss.item()`처럼 GPU의 값을 파이썬으로 꺼내는 코드도 같은 이유로 GPU를 기다립니다. 재는 함수에서 `.item()`을 부르지 않는 것은 이 때문입니다.
#
# 시계는 짧은 구간을 재는 데 알맞은 `time.perf_counter`입니다. 되풀이해서 재는 함수는 다음과 같습니다.
# `sync`로는 CPU에서는 아무것도 하지 않는 함수를, GPU에서는 `torch.cuda.synchronize`를 넘깁니다.

# %%
print(inspect.getsource(benchmark_timing.time_calls))

# %% [markdown]
# ## 행렬 곱의 최대 성능
#
# 구현이 빠른지 느린지 판단하려면 기준이 필요합니다.
# 그 컴퓨터에서 큰 정사각 행렬 두 개를 곱하면, 각 라이브러리가 그 장치에서 실제로 낼 수 있는 최대 성능에 가까운 값이 나옵니다.
# 큰 행렬 곱은 계산량에 비해 메모리에서 읽고 쓰는 양이 적고, BLAS 라이브러리가 가장 공들여 최적화한 연산이기 때문입니다.
# 제조사가 발표하는 이론상 최대 성능은 이보다 높지만, 여기서는 직접 잰 값을 기준으로 삼습니다.
# 학습 한 단계보다 조금 더 여러 번 재고, "낼 수 있는 최대"를 어림하는 것이므로 중앙값이 아니라 가장 빨랐던 값을 씁니다.
# 아래 결과에서 "최대 성능 대비" 비율은 학습 한 단계의 GFLOP/s를 같은 구현의 이 값으로 나눈 것입니다.

# %%
with OtherLoad() as load:
    cpu_peaks = [time_matmul(impl, PEAK_N) for impl in CPU_IMPLEMENTATIONS]
print(peak_lines(cpu_peaks))
print(load.report())

# %% [markdown]
# ## CPU에서 잰 결과
#
# 이제 크기마다 NumPy와 CPU의 PyTorch로 학습 한 단계를 잽니다. 한 구현의 모든 크기를 잰 다음 다음 구현으로 넘어갑니다.
# 결과는 표 세 개로 보여 줍니다.
#
# - 한 단계에 걸린 시간의 중앙값(밀리초)
# - 그 시간으로 계산한 GFLOP/s와, 괄호 안에 같은 구현의 행렬 곱 최대 성능 대비 비율
# - NumPy보다 몇 배 빠른지(NumPy의 시간을 그 구현의 시간으로 나눈 값)
#
# 표 아래에는 재는 동안 같은 컴퓨터에서 다른 프로그램들이 CPU를 얼마나 썼는지도 출력합니다(리눅스에서만).
# 코어가 두 개뿐인 컴퓨터에서 다른 프로그램이 코어 하나를 차지하면, 두 코어를 함께 쓰는 행렬 곱은 절반보다도 더 느려질 수 있습니다.
# 코어마다 나눠 맡은 일이 모두 끝나야 다음 단계로 넘어가는데, 다른 프로그램에 밀려 늦어진 코어 하나를 나머지가 기다리기 때문입니다.
# 그런 때에는 표의 수치가 크게 흔들리고, 행렬 곱 최대 성능보다 높은 비율 같은 이상한 값이 나오기도 합니다.

# %%
with OtherLoad() as load:
    cpu_steps = measure(CPU_IMPLEMENTATIONS, SIZES)
display(Tables(cpu_steps, cpu_peaks))  # 노트북에서는 HTML 표, 스크립트에서는 글자 표
print(load.report())

# %% [markdown]
# 작은 크기에서는 두 구현 모두 최대 성능에 한참 못 미칩니다. 행렬이 작으면 계산 자체는 금방 끝나고,
# 함수 호출과 메모리 할당, 원소별 연산처럼 계산량과 상관없이 드는 비용이 시간의 큰 몫을 차지하기 때문입니다.
# 크기를 키우면 두 개의 큰 행렬 곱이 시간 대부분을 차지하게 되어 최대 성능에 가까워집니다.
# NumPy와 PyTorch는 행렬 곱을 서로 다른 BLAS 라이브러리에 맡기므로 크기에 따라 어느 쪽이 조금 앞서기도 하지만,
# 같은 CPU를 쓰는 한 둘의 차이는 크지 않습니다. CPU에서 PyTorch로 바꾸는 것만으로는 몇십 배씩 빨라지지 않습니다.
#
# ## GPU에서 잰 결과
#
# CUDA GPU가 있으면 같은 크기와 같은 함수로 GPU를 잽니다. GPU의 행렬 곱 최대 성능은 더 큰 4096×4096 행렬로 잽니다.
# GPU가 없으면 GPU가 있는 컴퓨터에서 잰 결과 파일을 읽고, 그 파일도 없으면 아직 재지 않았다고 출력합니다.
# 파일에는 그 컴퓨터의 CPU에서 잰 NumPy와 PyTorch의 시간도 함께 들어 있어서, 배율은 **같은 컴퓨터** 안에서 GPU와 CPU를 비교한 값입니다.
# 이 사이트를 빌드한 컴퓨터의 CPU와 비교한 것이 아닙니다.

# %%
gpu_impls = gpu_implementations()
# 실행 정보에 나오는 장치: GPU로 잰 것이 있으면 GPU
device = torch.device("cuda" if gpu_impls else "cpu")
gpu_steps, gpu_peaks, gpu_source = [], [], None
if gpu_impls:
    gpu_peaks = cpu_peaks + [time_matmul(IMPLEMENTATIONS["torch_cuda"], 4096)]
    gpu_steps = cpu_steps + measure(gpu_impls, SIZES)
    gpu_source = f"{torch.cuda.get_device_name()}, 이 컴퓨터"
else:
    saved = load_gpu_results()
    if saved is None:
        print("GPU 수치는 아직 재지 않았습니다.")
        print("GPU에서 잰 결과 파일(examples/data/gpu_benchmark.json)도 아직 없습니다.")
        print("CUDA GPU가 있는 컴퓨터에서 python scripts/gpu_benchmark.py 를 실행하면 만들어집니다.")
    else:
        info, gpu_steps, gpu_peaks = saved
        gpu_source = f"{info['gpu_name']}, 결과 파일"
        print(f"GPU: {info['gpu_name']}, 같은 컴퓨터의 CPU: {info['cpu_name']}")
        print(f"잰 때 (UTC): {info['measured_at']}")
        print(f"Python {info['python']}, torch {info['torch']}, CUDA {info['cuda']}, NumPy {info['numpy']}")
if gpu_steps:
    print()
    print(peak_lines(gpu_peaks))
    display(Tables(gpu_steps, gpu_peaks))

# %% [markdown]
# ## 그래프로 보기
#
# 세 그래프 모두 가로축은 한 단계의 계산량(GFLOP)이고, 두 축 모두 로그 눈금입니다.
# 실선은 이 페이지를 빌드한 컴퓨터의 CPU에서 잰 값이고, GPU 수치가 있으면 파선(짧은 선을 이은 선)으로 함께 그립니다.
# 결과 파일에서 읽은 GPU 수치는 다른 컴퓨터에서 잰 것이므로, 범례에 그 GPU의 이름을 붙였습니다.
#
# 첫 번째 그래프는 한 단계에 걸린 시간입니다. 계산량이 8배씩 늘어날 때 시간도 8배씩 늘어난다면 그 구현은 이미 제 성능을 내고 있다는 뜻이고,
# 시간이 그보다 덜 늘어난다면 작은 크기에서는 계산량과 상관없는 비용이 시간을 차지하고 있었다는 뜻입니다.

# %%
# 구현마다 그래프에서 쓸 색
COLORS = {
    "numpy": "#1f77b4",
    "torch_cpu": "#e8710a",
    "torch_cuda": "#2ca02c",
    "torch_cuda_copy": "#9467bd",
}


def draw(ax, results, value, dashed=False, source=None):
    """구현마다 (계산량, value(결과)) 점을 이은 선을 그립니다."""
    for key in dict.fromkeys(r.impl for r in results):
        mine = [r for r in results if r.impl == key]
        label = IMPLEMENTATIONS[key].label + (f" ({source})" if source else "")
        x = [r.flops / 1e9 for r in mine]
        y = [value(r) for r in mine]
        ax.plot(x, y, "--" if dashed else "-", marker="o", color=COLORS[key], label=label)


def finish(ax, title, ylabel):
    if not gpu_steps:
        title += " (GPU 수치 없음)"
    ax.set(xscale="log", yscale="log", title=title, ylabel=ylabel)
    ax.set_xlabel("한 단계의 계산량 (GFLOP, 로그 눈금)")
    ax.grid(True, which="major", alpha=0.4)
    ax.legend(fontsize="small")
    ax.figure.tight_layout()


gpu_only = [r for r in gpu_steps if IMPLEMENTATIONS[r.impl].device == "cuda"]
time_figure, ax = plt.subplots(figsize=(7, 4.5))
draw(ax, cpu_steps, lambda r: r.median * 1e3)
draw(ax, gpu_only, lambda r: r.median * 1e3, dashed=True, source=gpu_source)
finish(ax, "학습 한 단계에 걸린 시간", "시간 (밀리초, 로그 눈금)")

# %% [markdown]
# 두 번째 그래프는 GFLOP/s입니다. 가로로 그은 점선은 같은 색 구현의 행렬 곱 최대 성능입니다.
# 선이 점선에 가까울수록 그 구현이 장치의 성능을 남김없이 쓰고 있다는 뜻입니다.

# %%
rate_figure, ax = plt.subplots(figsize=(7, 4.5))
draw(ax, cpu_steps, lambda r: r.gflops)
draw(ax, gpu_only, lambda r: r.gflops, dashed=True, source=gpu_source)
# 행렬 곱 최대 성능: 이 컴퓨터의 CPU와, 있으면 GPU
for peak in cpu_peaks + [p for p in gpu_peaks if p.impl == "torch_cuda"]:
    ax.axhline(peak.gflops, linestyle=":", linewidth=1.5, color=COLORS[peak.impl])
finish(ax, "학습 한 단계의 GFLOP/s와 행렬 곱 최대 성능(점선)", "GFLOP/s (로그 눈금)")

# %% [markdown]
# 세 번째 그래프는 같은 컴퓨터의 NumPy보다 몇 배 빠른지입니다. 1보다 아래면 NumPy보다 느리다는 뜻입니다.
# 가로로 그은 회색 점선이 튜토리얼이 말한 50배입니다.

# %%
def speedups(results):
    """같은 결과 묶음 안에서, 같은 크기의 NumPy 시간을 각 구현의 시간으로 나눈 배율."""
    numpy_time = {r.size: r.median for r in results if r.impl == "numpy"}
    others = [r for r in results if r.impl != "numpy" and r.size in numpy_time]
    return others, numpy_time


speedup_figure, ax = plt.subplots(figsize=(7, 4.5))
faster, numpy_time = speedups(cpu_steps)
draw(ax, faster, lambda r: numpy_time[r.size] / r.median)
# GPU는 결과 파일(또는 GPU가 있는 이 컴퓨터)의 같은 컴퓨터 NumPy와 비교합니다.
faster, numpy_time = speedups(gpu_steps)
faster = [r for r in faster if IMPLEMENTATIONS[r.impl].device == "cuda"]
draw(ax, faster, lambda r: numpy_time[r.size] / r.median, dashed=True, source=gpu_source)
ax.axhline(1, color="black", linewidth=1)
ax.axhline(50, color="gray", linestyle=":", linewidth=1.5, label="튜토리얼이 말한 50배")
finish(ax, "NumPy보다 몇 배 빠른가", "NumPy 대비 배율 (로그 눈금)")

# %% [markdown]
# ## 결과 읽기: GPU는 어디서, 왜 이기나
#
# 이 절은 GPU를 재면 흔히 보이는 모습과 그 이유를 설명합니다.
# 위에 GPU 수치가 나와 있다면 표와 그래프에서 직접 확인해 보고, 아직 없다면 GPU를 잰 뒤에 무엇을 눈여겨볼지 미리 알아 두세요.
#
# **큰 크기에서는 GPU가 크게 이깁니다.** GPU에는 CPU보다 훨씬 많은 연산 장치가 있고 메모리 대역폭도 훨씬 큽니다.
# 행렬이 커서 그 많은 연산 장치가 모두 일할 거리가 생기면, GPU의 행렬 곱 최대 성능은 CPU 코어 몇 개의 최대 성능보다 수십 배에서 수백 배 높습니다.
# 튜토리얼이 말한 50배 넘는 차이는 이런 경우, 즉 큰 행렬 곱이 계산의 대부분을 차지하고 데이터가 GPU 안에 머무를 때의 이야기입니다.
#
# **튜토리얼 크기에서는 거의 이득이 없습니다.** 이유는 셋입니다.
#
# - **커널 실행 비용.** `torch_step` 안의 연산 하나하나가 GPU에서는 커널 하나로 실행됩니다.
#   커널을 GPU에 보내는 데는 계산량과 상관없이 매번 몇 마이크로초가 듭니다. 튜토리얼 크기의 행렬 곱은 GPU가 순식간에 끝내므로,
#   한 단계의 시간은 계산이 아니라 커널 십여 개를 보내는 시간으로 정해집니다. 작은 행렬로는 GPU의 연산 장치를 다 채우지도 못합니다.
# - **파이썬과 PyTorch의 호출 비용.** 연산마다 파이썬 코드를 실행하고, PyTorch가 자료형과 장치를 확인해서 알맞은 함수를 고르는 데에도 시간이 듭니다.
#   이 비용은 CPU에서나 GPU에서나 같고 크기와도 상관없어서, 계산이 작을수록 전체 시간에서 차지하는 몫이 커집니다.
#   작은 크기에서 PyTorch가 CPU에서도 NumPy보다 느릴 수 있는 것도 이 때문입니다.
# - **CPU와 GPU 사이의 복사.** GPU는 자기 메모리에 있는 데이터만 계산할 수 있어서, CPU 메모리에 있는 배치는 PCIe 같은 연결을 거쳐 복사해야 합니다.
#   "GPU+배치 복사"가 이 비용을 포함한 시간입니다. 복사는 계산량이 아니라 데이터 크기에 비례하므로,
#   한 번 옮긴 데이터로 많이 계산할수록 복사의 몫이 줄어듭니다.
#   손실을 `loss.item()`으로 단계마다 꺼내면 GPU를 기다리는 비용도 더해지므로, 실제 학습 코드에서는 기록을 가끔만 꺼내는 것이 좋습니다.
#
# **최대 성능에 얼마나 가까운가.** CPU의 두 구현은 크기를 키우면 행렬 곱 최대 성능에 꽤 가까이 갑니다.
# GPU는 최대 성능이 훨씬 높은 만큼, 그에 가까이 가려면 CPU보다 훨씬 큰 계산이 필요합니다.
# 같은 크기에서 GFLOP/s의 비율이 최대 성능의 비율보다 작다면, 그 크기는 GPU에게 아직 작은 것입니다.
#
# **배율은 무엇과 비교하느냐에 따라 다릅니다.** GPU의 배율은 같은 컴퓨터의 NumPy와 비교한 값입니다.
# 코어가 많은 서버 CPU와 비교하면 배율이 작아지고, 코어가 적은 노트북 CPU와 비교하면 커집니다.
# 또 NumPy 코드가 이 페이지처럼 행렬 곱 위주로 잘 짜여 있지 않고 파이썬 반복문을 많이 쓴다면, 배율은 훨씬 커 보일 것입니다.
# 그래서 "GPU는 50배 빠르다"보다는 "큰 행렬 곱이 대부분인 계산은 GPU에서 수십 배 이상 빨라질 수 있다"가 더 정확한 말입니다.
#
# ## 직접 재 보기
#
# CUDA GPU가 있는 컴퓨터에서 저장소 최상위 폴더로 가서 다음 명령을 실행하면, 이 페이지와 같은 코드로 CPU와 GPU를 재서
# `examples/data/gpu_benchmark.json`에 저장합니다.
#
# ```
# python scripts/gpu_benchmark.py
# ```
#
# 파일에는 GPU 이름, 잰 때, Python과 torch, CUDA, NumPy의 버전, 그리고 반복해서 잰 시간이 그대로 들어갑니다.
# 이 파일을 저장소에 넣으면 다음 빌드부터 이 페이지의 GPU 절과 그래프에 그 수치가 나옵니다.
# 파일이 바뀌면 사이트 빌드가 이 예제를 다시 실행하므로, 오래된 그래프가 남지 않습니다.
# 이 예제 스크립트를 GPU가 있는 컴퓨터에서 그대로 실행해도 GPU를 그 자리에서 잽니다.
#
# ### Google Colab의 GPU로 재 보기
#
# GPU가 없다면 Google Colab의 GPU 런타임에서 이 페이지를 그대로 실행해 볼 수 있습니다. 페이지 맨 위의
# 'Colab에서 열기'로 노트북을 열거나, 내려받은 노트북을 Colab의 **파일 → 노트북 업로드**로 올린 뒤,
# **런타임 → 런타임 유형 변경**에서 하드웨어 가속기를 GPU로 바꾸고 **런타임 → 모두 실행**을 누르세요.
# 노트북의 첫 셀은 Colab에 없는 한글 글꼴 패키지만 설치하고, 예제는 CUDA를 찾으면 GPU 절에서 그 GPU를 바로 잽니다.
# 그렇게 얻은 표를 이 페이지의 CPU 표와 나란히 놓고 보세요. 배율은 같은 컴퓨터의 NumPy와 비교한 값이므로,
# Colab처럼 CPU 코어가 적은 컴퓨터에서는 같은 GPU라도 배율이 이 페이지의 어림보다 크게 나올 수 있습니다.
