# %% [markdown]
# # GPU는 얼마나 빠를까
#
# > 앞 단계들의 신경망으로 학습(training) 한 단계를 NumPy, CPU의 PyTorch, GPU의 PyTorch에서 재어 보고, GPU가 50배 넘게 빠르다는 말이 언제 맞는지 따져 봅니다.
#
# 요즘의 큰 딥러닝 모델에서는 GPU가 계산을 50배 넘게 빠르게 해 준다는 말을 흔히 듣습니다.
# 2단계에서도 PyTorch 텐서(tensor)가 NumPy 배열과 달리 GPU에서 계산할 수 있다는 점을 가장 큰 차이로 꼽았습니다.
# 이 페이지에서는 GPU가 얼마나 빠른지 직접 재 봅니다.
# 재는 것은 앞 단계들의 2계층 신경망을 학습시키는 한 단계, 곧 순전파(forward pass) 한 번, 역전파(backward pass) 한 번, 가중치(weight) 갱신 한 번입니다.
#
# 이 페이지에서 다루는 내용은 다음과 같습니다.
#
# - 학습 한 단계의 계산량을 세는 법
# - 시간을 제대로 재는 법: 예열(warm-up), 반복, 중앙값, 그리고 GPU를 기다리는 동기화
# - 그 컴퓨터가 낼 수 있는 행렬 곱(matrix multiplication)의 최대 성능과 견주어 보기
# - 작은 계산에서 GPU가 이득을 크게 보지 못하는 이유
#
# ## 이 페이지의 숫자는 어디서 왔나
#
# 표와 그래프는 사이트를 빌드할 때 이 예제를 실행해서 만듭니다. CPU 수치는 빌드할 때마다 빌드하는 컴퓨터에서 새로 잽니다.
# GPU 수치는 그 컴퓨터에 CUDA GPU가 있으면 그 자리에서 재고, 없으면 GPU가 있는 컴퓨터에서 따로 재어 저장해 둔 파일
# `examples/data/gpu_benchmark.json`에서 읽습니다. 그 파일도 없으면 GPU 수치는 아직 재지 않았다고 출력합니다.
# 어느 경우인지는 아래 'GPU에서 잰 결과'의 출력에 나오고, 이 출력을 만든 컴퓨터의 CPU와 패키지 버전은 맨 아래의 실행 정보에 나옵니다.
#
# 잰 시간은 빌드할 때마다 조금씩 달라지고, 같은 컴퓨터에서 다른 프로그램이 함께 돌면 크게 흔들립니다.
# 그래서 이 글은 잰 숫자를 인용하지 않고, 출력에서 무엇을 보아야 하는지와 그 이유를 설명합니다. 값은 출력된 표와 그래프에서 확인하세요.
#
# ## 무엇을 재나
#
# 세 가지 구현을 비교합니다. GPU는 데이터가 어디에 있느냐에 따라 두 번 잽니다.
#
# | 구현 | 장치(device) | 행렬 곱을 계산하는 라이브러리 | 표와 그래프의 이름 |
# |---|---|---|---|
# | NumPy | CPU | NumPy에 딸린 BLAS | NumPy |
# | PyTorch | CPU | PyTorch에 딸린 BLAS | PyTorch CPU |
# | PyTorch | GPU | NVIDIA의 cuBLAS | PyTorch GPU |
# | PyTorch, 배치(batch)를 단계마다 GPU로 복사 | GPU | NVIDIA의 cuBLAS | GPU+배치 복사 |
#
# BLAS(Basic Linear Algebra Subprograms)는 행렬 곱 같은 기본 선형대수 연산의 표준 인터페이스이고, 라이브러리마다 이를 구현합니다.
# x86-64 리눅스용 pip 패키지라면 NumPy에는 OpenBLAS가, PyTorch에는 Intel MKL이 들어 있고, cuBLAS는 NVIDIA GPU용 구현입니다.
# 설치된 패키지가 무엇을 쓰는지는 `np.show_config()`와 `print(torch.__config__.show())`로 확인할 수 있습니다.
#
# 공정하게 비교하려고 몇 가지를 맞췄습니다.
#
# - **모든 구현이 같은 연산을 합니다.** NumPy 구현은 1단계의 코드와 같고, PyTorch 구현은 2단계처럼 역전파를 손으로 적은 코드입니다.
#   PyTorch에서도 autograd 대신 손으로 적은 역전파를 쓴 것은, 세 구현이 정확히 같은 행렬 곱과 원소별 연산을 하게 해서
#   시간 차이가 라이브러리와 장치에서만 오게 하려는 것입니다.
#   autograd를 쓰면 순전파 때 연산 그래프(computational graph)를 기록하는 비용이 더 들지만, 계산하는 행렬 곱은 같습니다.
#   CPU와 GPU는 같은 함수 `torch_step`을 쓰고, 텐서를 어느 장치에 두었는지만 다릅니다.
# - **자료형(dtype)은 모두 `float32`입니다.** 1단계의 NumPy 코드는 `float64`였지만, 여기서는 2단계부터의 PyTorch 코드처럼 모두 `float32`로 맞춥니다.
#   많은 GPU가 `float64`를 `float32`보다 훨씬 느리게 계산하므로, 자료형이 다르면 장치가 아니라 자료형을 비교하게 됩니다.
#   GPU의 `float32` 행렬 곱은 PyTorch의 기본 설정(`torch.get_float32_matmul_precision()`이 `"highest"`)대로 `float32`의 정밀도를 지켜 계산합니다.
#   `torch.set_float32_matmul_precision("high")`로 낮은 정밀도를 허락하면, TF32를 지원하는 GPU(NVIDIA Ampere 세대부터)에서는 행렬 곱이 더 빨라집니다.
# - **데이터는 재기 전에 준비합니다.** 입력과 가중치를 만들고 장치로 옮기는 일은 재는 시간에 넣지 않습니다.
#   다만 실제 학습에서는 데이터가 보통 CPU 메모리에 있어서 배치를 단계마다 GPU로 복사해야 하므로,
#   GPU는 그 복사를 포함한 시간도 따로 잽니다.
#
# 크기는 앞 단계들과 같은 $N = 64$, $D_{in} = 1000$, $H = 100$, $D_{out} = 10$(아래에서는 '기본 크기')에서 시작해서
# $N$, $D_{in}$, $H$를 함께 2배, 4배, 8배, 16배로 키웁니다. 출력 차원 $D_{out}$은 그대로 둡니다.
# 가장 큰 크기는 다른 프로그램이 CPU를 쓰지 않을 때 코어가 두 개인 CPU로 한 단계에 1초 안팎이 걸리는 크기입니다. 더 키우면 빌드가 너무 오래 걸립니다.
#
# 1~5단계처럼 표준정규분포에서 뽑은 가중치를 그대로 쓰면, 크기를 키웠을 때 출력과 변화도(gradient)가 너무 커져서 몇 단계 만에 손실(loss)이 `inf`로 넘칩니다.
# 넘친 값으로 재는 것은 실제 학습과 다르므로, 각 가중치 행렬을 그 계층(layer)의 입력 차원의 제곱근으로 나눠서 만듭니다.
# 학습률(learning rate)은 1~5단계와 같은 $10^{-6}$입니다.

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
# 신경망 계산의 대부분은 행렬 곱입니다. $a \times b$ 행렬과 $b \times c$ 행렬을 곱하면 결과의 원소 $ac$개마다
# 곱셈 $b$번과 덧셈 $b - 1$번을 합니다. 부동소수점 연산(floating-point operation, FLOP)의 수를 셀 때는 흔히 이를 어림해 $2abc$번으로 칩니다.
# PyTorch의 `torch.utils.flop_counter.FlopCounterMode`도 행렬 곱을 이렇게 셉니다.
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
# 입니다. ReLU, 마스크, 오차 제곱, 가중치 갱신 같은 원소별 연산은 세지 않습니다. 원소 하나에 연산이 한두 번이라,
# 그중 가장 큰 $w_1$의 갱신도 $2 D_{in} H$번으로 첫 번째 계층의 행렬 곱 $4 N D_{in} H$번의 $1/(2N)$에 그칩니다.
# 다만 원소별 연산은 계산보다 메모리를 읽고 쓰는 데 시간이 들어서, 시간으로는 연산 수의 비율보다 큰 몫을 차지할 수 있습니다.
#
# 한 단계에 $t$초가 걸렸다면 그 구현이 낸 성능은 초당 $F / t$번의 연산이고, 이 값을 $10^9$으로 나눈 단위가 GFLOP/s입니다.
# 위 출력은 크기($N \times D_{in} \times H$)마다 이 $F$를 $10^9$ 단위(GFLOP)로 적은 것입니다. 크기를 2배로 키우면 $N D_{in} H$가 8배가 되므로 계산량도 거의 8배씩 늘어납니다.
#
# 시간을 재는 학습 한 단계는 다음 두 함수입니다. 둘 다 이 페이지와 GPU 측정 스크립트(`scripts/gpu_benchmark.py`)가 함께 쓰는 모듈(module) `benchmark_timing.py`에 있습니다.

# %%
print(inspect.getsource(benchmark_timing.numpy_step))
print(inspect.getsource(benchmark_timing.torch_step))

# %% [markdown]
# ## 시간을 재는 법
#
# 짧은 계산의 시간을 믿을 만하게 재려면 몇 가지를 챙겨야 합니다.
#
# - **예열.** 처음 한 번은 메모리를 새로 할당하고 라이브러리가 내부 준비를 하느라 느립니다.
#   GPU라면 처음 쓰는 커널을 불러오고 cuBLAS를 준비하는 시간까지 더해집니다. 그래서 크기마다 처음 한 번은 재지 않고 버립니다.
# - **반복과 중앙값.** 같은 계산도 실행할 때마다 시간이 조금씩 다르고, 다른 프로그램이 CPU를 잠깐 가져가면 한 번만 크게 튀기도 합니다.
#   그래서 여러 번 재고 중앙값을 씁니다. 평균은 튀는 값 하나에 끌려가지만 중앙값은 그렇지 않습니다.
#   적어도 세 번(`min_repeat`)은 재고, 잰 시간의 합이 정해 둔 시간(`budget`)을 넘거나 정해 둔 횟수(`max_repeat`)가 되면 멈춥니다.
#   작은 크기는 여러 번, 큰 크기는 세 번만 재는 셈입니다.
# - **GPU 동기화.** PyTorch의 GPU 연산은 비동기로 실행됩니다. 파이썬은 GPU가 할 일(커널)을 차례로 넣어 두기만 하고, 계산이 끝나기를 기다리지 않고 다음 줄로 넘어갑니다.
#   그대로 시계를 읽으면 계산한 시간이 아니라 일을 넣은 시간만 재게 됩니다.
#   그래서 GPU에서는 시계를 읽기 전에 `torch.cuda.synchronize()`로 넣어 둔 일이 모두 끝나기를 기다립니다.
#   이렇게 잰 시간에는 파이썬이 연산을 하나씩 GPU에 보내는 시간과 GPU가 계산하는 시간이 모두 들어갑니다.
#   기다리지 않고 여러 단계를 이어서 보내면 CPU가 다음 단계의 일을 보내는 동안 GPU가 앞 단계를 계산할 수 있지만,
#   여기서는 단계마다 기다리므로 그런 겹침 없이 한 단계를 처음부터 끝까지 마치는 시간을 잽니다.
# - **값을 꺼내는 코드도 GPU를 기다립니다.** `loss.item()`처럼 GPU에 있는 값을 파이썬 숫자로 꺼내면, 그때까지 넣어 둔 일이 끝나야 값이 나옵니다.
#   `torch_step`이 손실을 `.item()`으로 꺼내지 않고 텐서 그대로 돌려주는 것은 기다리는 곳을 시계를 읽기 직전의 한 군데로 두기 위해서입니다.
#   실제 학습에서도 손실을 단계마다 꺼내면 그때마다 GPU를 기다리게 되므로, 기록은 가끔만 꺼내는 편이 좋습니다.
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
# 학습 한 단계보다 더 많이(적어도 다섯 번, 잰 시간이 모두 합쳐 반 초가 될 때까지) 재고,
# "낼 수 있는 최대"를 어림하는 것이므로 중앙값이 아니라 가장 빨랐던 값을 씁니다.
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
# 표 아래에는 재는 동안 같은 컴퓨터의 다른 프로그램들이 CPU를 코어 몇 개 분량 썼는지도 출력합니다(리눅스에서만).
# NumPy와 PyTorch는 행렬 곱 같은 연산을 기본으로 코어 수만큼의 스레드에 나눠 맡기고, 나눠 맡은 일이 모두 끝나야 다음 연산으로 넘어갑니다.
# 다른 프로그램에 밀려난 스레드는 운영체제가 다시 차례를 줄 때까지 멈춰 있고, 나머지 스레드는 그 스레드를 기다립니다.
# 이런 기다림이 연산마다 생기므로, 짧은 연산이 이어지는 작은 크기에서는 한 단계가 평소의 백 배 넘게 걸리기도 합니다.
# 다른 프로그램이 CPU를 많이 썼다는 줄이 나왔다면 표의 수치는 믿기 어렵고, 행렬 곱 최대 성능보다 높은 비율 같은 이상한 값이 나오기도 합니다.

# %%
with OtherLoad() as load:
    cpu_steps = measure(CPU_IMPLEMENTATIONS, SIZES)
display(Tables(cpu_steps, cpu_peaks))  # 노트북에서는 HTML 표, 스크립트에서는 글자 표
print(load.report())

# %% [markdown]
# 한 단계의 시간에는 계산량과 상관없이 드는 비용도 들어 있습니다. 파이썬이 연산을 하나씩 부르는 시간,
# 라이브러리가 인수의 자료형과 shape를 확인하고 알맞은 함수를 고르는 시간, 결과를 담을 메모리를 얻는 시간 같은 것입니다.
# 모든 차원을 1로 줄여 계산할 것이 거의 없는 크기로 한 단계를 재면 이 고정 비용만 남습니다.

# %%
# 모든 차원이 1인 크기: 계산할 것이 거의 없어 고정 비용만 남습니다
TINY = Size(1, 1, 1, 1)
tiny_steps = measure(CPU_IMPLEMENTATIONS, [TINY])
for r in tiny_steps:
    print(f"{IMPLEMENTATIONS[r.impl].column:<12} 한 단계의 고정 비용: {r.median * 1e6:.0f} 마이크로초")

# %% [markdown]
# CPU에서는 이 고정 비용이 기본 크기의 한 단계 시간(표의 첫 행)보다 훨씬 작습니다.
# 기본 크기의 한 단계에도 행렬 곱에 연산이 2600만 번쯤 필요해서, CPU로는 고정 비용보다 훨씬 오래 걸리기 때문입니다.
# 고정 비용은 PyTorch 쪽이 NumPy보다 큽니다. PyTorch는 연산마다 어느 장치의 어떤 함수를 쓸지, autograd가 기록해야 하는지 같은 것을
# 가리는 일을 더 하기 때문이고, 기본 크기에서 PyTorch가 NumPy보다 조금 느릴 수 있는 한 가지 이유입니다.
#
# 다른 프로그램이 CPU를 거의 쓰지 않았다면 두 구현의 시간은 어느 크기에서나 몇 배 안쪽으로 비슷합니다.
# NumPy와 PyTorch는 행렬 곱을 서로 다른 BLAS에 맡기므로 크기에 따라 어느 쪽이 앞서기도 하지만,
# 같은 CPU를 쓰는 한 NumPy를 PyTorch로 바꾸는 것만으로 몇십 배씩 빨라지지는 않습니다.
#
# ## GPU에서 잰 결과
#
# GPU 수치가 있으면 같은 크기, 같은 함수로 잰 GPU의 표가 아래에 나옵니다. GPU는 더 큰 행렬이라야 연산 장치를 다 채우므로,
# GPU의 행렬 곱 최대 성능은 4096×4096 행렬로 잽니다.
# 결과 파일에는 그 컴퓨터의 CPU에서 잰 NumPy와 PyTorch의 시간도 함께 들어 있어서, 배율은 **같은 컴퓨터** 안에서 GPU와 CPU를 비교한 값입니다.
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
# GPU 선의 범례에는 GPU의 이름과 함께, 그 수치를 이 컴퓨터에서 쟀는지 결과 파일에서 읽었는지를 붙입니다.
#
# 첫 번째 그래프는 한 단계에 걸린 시간입니다. 계산량이 8배 늘 때 시간도 8배 늘었다면 그 구간에서는 GFLOP/s가 그대로이고,
# 크기와 상관없는 비용은 이미 무시할 만하다는 뜻입니다. 시간이 그보다 덜 늘었다면 작은 쪽 크기에서는 고정 비용이 시간의 큰 몫을
# 차지하고 있었던 것이고, 더 늘었다면 큰 쪽 크기에서 효율이 떨어진 것입니다.

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
# 선이 점선에 가까울수록 그 구현이 그 장치에서 행렬 곱으로 낼 수 있는 성능을 많이 쓰고 있다는 뜻입니다.

# %%
rate_figure, ax = plt.subplots(figsize=(7, 4.5))
draw(ax, cpu_steps, lambda r: r.gflops)
draw(ax, gpu_only, lambda r: r.gflops, dashed=True, source=gpu_source)
# 행렬 곱 최대 성능: 이 컴퓨터의 CPU와, 있으면 GPU
for peak in cpu_peaks + [p for p in gpu_peaks if p.impl == "torch_cuda"]:
    ax.axhline(peak.gflops, linestyle=":", linewidth=1.5, color=COLORS[peak.impl])
finish(ax, "학습 한 단계의 GFLOP/s와 행렬 곱 최대 성능(점선)", "GFLOP/s (로그 눈금)")

# %% [markdown]
# 세 번째 그래프는 같은 컴퓨터의 NumPy보다 몇 배 빠른지입니다. 검은 실선(1배)보다 아래면 NumPy보다 느리다는 뜻이고,
# 가로로 그은 회색 점선이 50배입니다.

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
ax.axhline(50, color="gray", linestyle=":", linewidth=1.5, label="50배")
finish(ax, "NumPy보다 몇 배 빠른가", "NumPy 대비 배율 (로그 눈금)")

# %% [markdown]
# ## 결과 읽기: GPU는 어디서, 왜 이기나
#
# 이 절은 GPU를 재면 흔히 보이는 모습과 그 이유를 설명합니다.
# 위에 GPU 수치가 나와 있다면 표와 그래프에서 직접 확인해 보고, 아직 없다면 GPU를 잰 뒤에 무엇을 눈여겨볼지 미리 알아 두세요.
#
# **큰 크기에서는 GPU가 크게 이깁니다.** GPU에는 CPU보다 훨씬 많은 연산 장치가 있고 메모리 대역폭도 훨씬 큽니다.
# 행렬이 커서 그 연산 장치들이 모두 일할 거리가 생기면, GPU의 행렬 곱 최대 성능은 CPU 코어 몇 개의 최대 성능보다 수십 배에서 수백 배 높습니다.
# 50배가 넘는 차이는 이런 경우, 곧 큰 행렬 곱이 계산의 대부분을 차지하고 데이터가 GPU 메모리에 머무를 때 나옵니다.
#
# **기본 크기에서는 이득이 작습니다.** 이유는 셋입니다.
#
# - **고정 비용.** CPU에서 잰 고정 비용, 곧 파이썬이 연산을 부르고 PyTorch가 알맞은 함수를 고르는 비용은 GPU에서도 그대로 듭니다.
#   GPU에서는 여기에 연산마다 커널을 GPU에 보내는 비용(한 번에 몇 마이크로초)이 더해지는데, `torch_step` 한 번이 보내는 커널은 스무 개 가까이 됩니다.
#   기본 크기의 행렬 곱은 GPU가 순식간에 끝내므로, GPU의 한 단계 시간은 계산이 아니라 이 고정 비용으로 정해집니다.
#   그래서 기본 크기에서 GPU가 NumPy보다 빨라지는 배율은 'NumPy의 한 단계 시간 ÷ PyTorch의 고정 비용'을 넘기 어렵습니다.
#   이 페이지를 빌드한 컴퓨터라면 CPU 표 첫 행의 NumPy 시간을 위에서 잰 PyTorch의 고정 비용으로 나눠 이 한계를 어림해 볼 수 있습니다.
# - **연산 장치를 다 채우지 못합니다.** 작은 행렬 곱은 GPU의 수많은 연산 장치에 나눠 줄 일이 모자라서, 계산하는 동안에도 장치 대부분이 놉니다.
# - **CPU와 GPU 사이의 복사.** GPU에서 계산하려면 데이터가 GPU 메모리에 있어야 하므로, CPU 메모리에 있는 배치는 PCIe 같은 연결을 거쳐 GPU로 복사해야 합니다.
#   'GPU+배치 복사'가 이 복사를 포함한 시간입니다. 복사하는 양은 계산량이 아니라 데이터 크기에 비례하므로,
#   한 번 옮긴 데이터로 많이 계산할수록 복사의 몫이 줄어듭니다.
#
# **최대 성능에 얼마나 가까운가.** GPU는 최대 성능이 훨씬 높은 만큼, 그에 가까이 가려면 CPU보다 훨씬 큰 계산이 필요합니다.
# 같은 크기에서 GPU의 '최대 성능 대비' 비율이 CPU의 비율보다 낮다면, 그 크기는 GPU에게는 아직 작은 것입니다.
#
# **배율은 무엇과 비교하느냐에 따라 다릅니다.** GPU의 배율은 같은 컴퓨터의 NumPy와 비교한 값입니다.
# 코어가 많은 서버 CPU와 비교하면 배율이 작아지고, 코어가 적은 노트북 CPU와 비교하면 커집니다.
# 또 NumPy 코드가 이 페이지처럼 행렬 곱 위주로 짜여 있지 않고 파이썬 반복문을 많이 쓴다면, 배율은 훨씬 커 보일 것입니다.
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
