# %% [markdown]
# # autograd로 역전파 자동화하기
#
# > `requires_grad=True`와 `loss.backward()`로 역전파(backward pass)를 autograd에 맡기고, 가중치 갱신만 직접 합니다.
#
# 앞 단계에서는 은닉층(hidden layer)이 하나인 완전 연결(fully-connected) ReLU 신경망을 PyTorch
# 텐서(tensor)로 옮겨 적었습니다. 순전파(forward pass)뿐 아니라 역전파까지, 가중치(weight)에 대한
# 손실(loss)의 변화도(gradient)를 구하는 식을 한 줄 한 줄 손으로 썼습니다.
#
# 이번 단계에서는 그 역전파 코드를 통째로 지웁니다. 대신 PyTorch의 자동 미분(automatic
# differentiation) 패키지인 **autograd**에게 변화도 계산을 맡깁니다. 신경망의 구조, 데이터,
# 학습률(learning rate), 반복 횟수는 앞 단계와 모두 같으므로, 이 페이지의 출력을 앞 단계의 출력과
# 나란히 놓고 비교할 수 있습니다.
#
# 이 페이지에서 배울 내용은 다음과 같습니다.
#
# - 순전파가 **연산 그래프**(computational graph)를 기록하고, 역전파가 그 그래프를 거꾸로 거슬러
#   올라가며 연쇄 법칙(chain rule)을 적용한다는 것
# - `requires_grad=True`, `loss.backward()`, `.grad` 세 가지가 하는 일
# - 가중치 갱신을 왜 `torch.no_grad()` 안에서 해야 하는지, 변화도를 왜 매번 0으로 되돌려야 하는지
# - autograd를 처음 쓸 때 흔히 빠지는 함정들

# %% [markdown]
# ## 손으로 쓴 역전파는 왜 오래가지 못할까
#
# 앞 단계의 `loss_and_grads` 함수를 떠올려 봅시다. 순전파는 네 줄이었지만 역전파는 여섯 줄이었습니다.
# 계층(layer)이 두 개뿐인 작은 신경망인데도 그렇습니다. 이 방식에는 몇 가지 분명한 한계가 있습니다.
#
# - **계층이 늘어날 때마다 미분 코드도 늘어납니다.** 계층을 하나 추가하거나 활성화 함수(activation
#   function)를 바꾸면, 그 연산의 도함수(derivative)를 직접 유도해서 역전파 코드를 고쳐야 합니다.
#   실제로 쓰는 신경망에는 계층이 수십, 수백 개씩 있기도 합니다.
# - **실수가 조용히 숨습니다.** 전치(transpose)를 빠뜨리는 실수는 이 신경망에서는 shape가 맞지 않아 곧바로
#   오류가 나지만, 계수 2를 빠뜨리는 실수는 shape를 바꾸지 않아 프로그램이 오류 없이 돌아갑니다. 손실도
#   줄어들기는 합니다. 더 느리게 줄 뿐이라 무엇이 틀렸는지 알아채기 어렵습니다.
# - **순전파와 역전파를 늘 함께 고쳐야 합니다.** 순전파를 바꾸고 역전파를 깜빡하면 두 코드가 서로
#   다른 함수를 계산하게 됩니다.
#
# 그런데 역전파에서 하는 일은 사실 기계적입니다. 순전파에서 어떤 연산이 어떤 순서로 일어났는지만
# 알면, 출력 쪽에서부터 연산마다 정해진 역전파 규칙을 차례로 적용하면 됩니다. 이렇게 기계적인 일은
# 컴퓨터에게 맡기는 것이 옳습니다. 그 일을 하는 것이 autograd입니다.

# %% [markdown]
# ## 연산 그래프: 순전파가 남기는 기록
#
# autograd를 쓰면 신경망의 순전파가 곧 **연산 그래프를 정의하는 일**이 됩니다. 이 그래프에서
#
# - **노드**는 텐서이고,
# - **엣지**는 입력 텐서로부터 출력 텐서를 만들어 낸 함수(연산)입니다.
#
# 이 예제의 순전파를 그래프로 그리면 대략 다음과 같습니다. 화살표 옆의 이름이 그 엣지에 해당하는
# 연산입니다.
#
# ```text
# x  --+
#      +-- mm --> h -- clamp(min=0) --> h_relu --+
# w1 --+                                         +-- mm --> y_pred --+
#                                         w2 ----+                   +-- 빼기 --> 제곱 --> 합 --> loss
#                                                               y ---+
# ```
#
# 그래프가 있으면 역전파는 간단해집니다. `loss`에서 출발해 화살표를 거꾸로 따라가면서, 각 연산마다
# "출력 쪽의 변화도를 받아 입력 쪽의 변화도를 돌려주는" 계산을 하면 됩니다. 그러면 그래프의 맨 앞에
# 있는 `w1`과 `w2`에 도착했을 때 각 가중치에 대한 손실의 변화도가 손에 들어옵니다.
#
# 참고로 PyTorch 내부에서는 이 그림을 조금 다르게 저장합니다. 연산이 하나 일어날 때마다 그 연산의
# 역전파를 담당할 함수 객체를 만들어 출력 텐서의 `grad_fn` 속성에 붙여 두고, 그 객체가 입력 쪽의
# 함수 객체들을 `next_functions`로 가리킵니다. 아래에서 이 연결을 직접 따라가 보겠습니다.

# %% [markdown]
# ### `requires_grad`와 `.grad`
#
# autograd가 모든 텐서에 대해 변화도를 구하지는 않습니다. 변화도가 필요한 텐서를 만들 때
# `requires_grad=True`를 지정해서 알려 줍니다. 이 예제에서는 학습할 가중치 `w1`, `w2`만 그렇게 만들고,
# 입력 `x`와 정답 `y`는 그대로 둡니다. 데이터에 대한 변화도는 필요 없기 때문입니다.
#
# `requires_grad=True`인 텐서가 입력으로 들어간 연산은 그 결과도 `requires_grad=True`로 만들고, 결과의
# `grad_fn`에 자기 역전파를 맡을 함수 객체를 붙입니다. 이렇게 해서 가중치에서 손실까지 이어지는 그래프가
# 저절로 기록됩니다. (결과가 참/거짓이나 정수인 연산, 예를 들어 비교 `h > 0`은 미분할 수 없으므로
# 예외입니다.)
#
# 순전파가 끝나면 손실에 대해 `loss.backward()`를 한 번 호출합니다. 그러면 autograd가 그래프를 거꾸로
# 훑으며 변화도를 계산하고, 그래프의 잎(leaf)마다 그 결과를 `.grad` 속성에 쌓습니다. 잎은 `grad_fn`이 없는
# 텐서, 곧 autograd가 더 거슬러 올라갈 기록이 없는 텐서입니다. 직접 만든 텐서가 그렇고, 변화도가 필요 없는
# 텐서끼리 계산한 결과도 그렇습니다. 그 가운데 `.grad`가 채워지는 것은 `requires_grad=True`인 텐서뿐입니다.
# 역전파가 끝나면 `w1.grad`는 `w1`에 대한 손실의 변화도 $\partial L / \partial w_1$을 담은 텐서이고,
# shape는 `w1`과 같습니다. `w2.grad`도 마찬가지입니다.

# %% [markdown]
# ### 연쇄 법칙을 거꾸로 적용하기
#
# autograd가 무엇을 대신 계산하는지 식으로 확인해 봅시다. 순전파와 손실은 앞 단계와 같습니다.
#
# $$
# \begin{aligned}
# h &= x w_1 \\
# h_{\mathrm{relu}} &= \max(h, 0) \\
# \hat{y} &= h_{\mathrm{relu}} w_2 \\
# L &= \sum_{i,j} (\hat{y}_{ij} - y_{ij})^2
# \end{aligned}
# $$
#
# 손실 $L$은 출력과 정답의 유클리드 거리(Euclidean distance)가 아니라 그 제곱, 곧 차이를 제곱해서 모두
# 더한 **오차 제곱합**(sum of squared errors)입니다. 평균을 내지 않으므로 원소 $64 \times 10 = 640$개의
# 오차가 전부 더해집니다.
#
# 손실 쪽에서부터 연산을 하나씩 거슬러 올라가며 연쇄 법칙을 적용하면 앞 단계에서 손으로 쓴 다섯 식이
# 나옵니다. $M$은 $h$의 원소가 음수인 자리는 0, 나머지 자리는 1인 행렬이고 $\odot$는 원소별 곱입니다.
#
# $$
# \begin{aligned}
# \frac{\partial L}{\partial \hat{y}} &= 2(\hat{y} - y) \\
# \frac{\partial L}{\partial w_2} &= h_{\mathrm{relu}}^{\top} \frac{\partial L}{\partial \hat{y}} \\
# \frac{\partial L}{\partial h_{\mathrm{relu}}} &= \frac{\partial L}{\partial \hat{y}}\, w_2^{\top}
# \end{aligned}
# $$
#
# $$
# \begin{aligned}
# \frac{\partial L}{\partial h} &= \frac{\partial L}{\partial h_{\mathrm{relu}}} \odot M \\
# \frac{\partial L}{\partial w_1} &= x^{\top} \frac{\partial L}{\partial h}
# \end{aligned}
# $$
#
# 앞 단계의 `grad_y_pred`, `grad_w2`, `grad_h_relu`, `grad_h`, `grad_w1`이 이 다섯 식입니다.
# autograd는 같은 계산을 그래프의 노드 단위로 나누어 합니다. 손실 쪽에서 받은 변화도 $\frac{\partial L}{\partial \hat{y}}$를
# `mm`의 역전파 함수에 넘기면 $\frac{\partial L}{\partial w_2}$와 $\frac{\partial L}{\partial h_{\mathrm{relu}}}$가 나오고, 그중
# $\frac{\partial L}{\partial h_{\mathrm{relu}}}$를 `clamp`의 역전파 함수에 넘기는 식입니다. 각 함수는 자기 연산의 역전파 규칙만
# 알면 되고, 전체 신경망의 구조는 몰라도 됩니다. 이것이 계층을 아무리 쌓아도 역전파 코드를 새로 쓸
# 필요가 없는 이유입니다. `clamp(min=0)`의 역전파는 $h$가 정확히 0인 자리에서도 변화도를 통과시키므로
# $M$과 같은 일을 합니다. (`torch.relu`의 역전파는 그 자리에서 변화도를 막습니다. 다음 단계에서 ReLU를
# 직접 정의하며 이 차이를 따져 봅니다.)

# %% [markdown]
# ## 준비: 장치와 데이터
#
# 코드는 앞 단계와 거의 같습니다. 장치(device)는 CUDA GPU가 있으면 GPU, 없으면 CPU로 고르고,
# 같은 시드에서 같은 크기의 무작위 데이터와 가중치를 만듭니다. 달라진 곳은 단 하나, 가중치를 만들 때
# `requires_grad=True`를 붙였다는 점입니다.

# %%
import torch

from loss_plot import plot_losses

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
dtype = torch.float32
print("실행한 장치:", device)

# %%
# N: 배치 크기, D_in: 입력 차원, H: 은닉층 차원, D_out: 출력 차원
N, D_in, H, D_out = 64, 1000, 100, 10

torch.manual_seed(0)
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)

# requires_grad=True: 이 텐서에 대한 변화도를 autograd가 계산하도록 표시합니다.
w1 = torch.randn(D_in, H, device=device, dtype=dtype, requires_grad=True)
w2 = torch.randn(H, D_out, device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-6

# %% [markdown]
# ## 순전파만 남은 손실 함수
#
# 앞 단계의 `loss_and_grads`에서 역전파 여섯 줄을 지우면 아래 손실 함수(loss function)가 남습니다. 손실만
# 계산해서 돌려줄 뿐, 변화도는 한 줄도 계산하지 않습니다. 그 일은 나중에 `loss.backward()`가 합니다.

# %%
def compute_loss(x, y, w1, w2):
    """순전파만 적습니다. 변화도는 autograd가 연산 그래프를 보고 계산합니다."""
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)
    return (y_pred - y).pow(2).sum()


# %% [markdown]
# ### 연산 그래프 들여다보기
#
# 학습을 시작하기 전에 순전파를 한 번 실행하고, autograd가 기록한 그래프를 직접 따라가 봅시다.
# 먼저 중간 결과가 어떤 속성을 갖는지 확인합니다. `x`는 `requires_grad`가 꺼져 있지만, `w1`과 곱한
# 결과 `h`는 `requires_grad`가 켜져 있고 자신을 만든 연산의 역전파 함수(`MmBackward0`)를 `grad_fn`으로
# 가리킵니다. `h`는 직접 만든 텐서가 아니라 연산의 결과이므로 잎이 아닙니다. `x`와 `w1`은 둘 다 잎이지만,
# 역전파 뒤에 `.grad`가 채워지는 것은 `requires_grad=True`인 `w1`뿐입니다.

# %%
h = x.mm(w1)
for name, t in [("x", x), ("w1", w1), ("h", h)]:
    grad_fn = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    print(f"{name:>2}: requires_grad={t.requires_grad}, is_leaf={t.is_leaf}, grad_fn={grad_fn}")

# %% [markdown]
# 이번에는 손실에서 출발해 `grad_fn`과 `next_functions`를 재귀적으로 따라가며 그래프 전체를
# 출력합니다. 들여쓰기 한 단계가 화살표 하나를 거꾸로 거슬러 올라간 것입니다. 그래프의 끝에 있는
# `AccumulateGrad`는 잎 텐서의 `.grad`에 변화도를 쌓아 두는 역할을 하는 노드입니다. `x`와 `y`는 변화도가
# 필요 없으므로 그래프에 나타나지 않습니다.

# %%
def show_graph(fn, names, depth=0):
    """grad_fn에서 출발해 역전파가 지나갈 길을 들여쓰기로 출력합니다."""
    label = type(fn).__name__
    if hasattr(fn, "variable"):  # AccumulateGrad 노드는 자신이 담당하는 잎 텐서를 알고 있습니다.
        label += f" ({names.get(id(fn.variable), '?')}.grad에 쌓음)"
    print("    " * depth + label)
    for next_fn, _ in fn.next_functions:
        if next_fn is not None:  # 변화도가 필요 없는 입력(x, y)은 None으로 표시됩니다.
            show_graph(next_fn, names, depth + 1)


loss = compute_loss(x, y, w1, w2)
show_graph(loss.grad_fn, {id(w1): "w1", id(w2): "w2"})

# %% [markdown]
# 같은 그래프를 그림으로도 그려 봅시다. 아래 그림은 방금 계산한 `loss`의 `grad_fn`에서 출발해
# `next_functions`를 따라가며 찾은 노드를 그대로 그린 것으로, 손으로 그린 그림이 아닙니다. 맨 위가
# 손실이고, 화살표는 역전파에서 변화도가 흘러가는 방향입니다. 그리는 코드는 `examples/graph_plot.py`에
# 있습니다.

# %%
from graph_plot import draw_autograd_graph

graph_fig = draw_autograd_graph(loss, {"w1": w1, "w2": w2}, "손실의 연산 그래프 (화살표: 역전파 방향)")

# %% [markdown]
# 출력을 위에서 아래로 읽으면 순전파를 거꾸로 읽은 것과 같습니다. 합(`SumBackward0`) → 제곱
# (`PowBackward0`) → 빼기(`SubBackward0`) → 두 번째 행렬 곱(matrix multiplication, `MmBackward0`)에서
# 길이 둘로 갈라져, 한쪽은 `w2`로, 다른 쪽은 `clamp`와 첫 번째 행렬 곱을 거쳐 `w1`로 이어집니다.
#
# 손실 텐서 자체도 살펴봅시다. 앞 단계에서 본 것처럼 손실은 차원이 0인 텐서, 곧 스칼라이고 이제는
# `grad_fn`도 가집니다. 인자 없이 부르는 `backward()`는 "이 값 하나를 미분하라"는 뜻이라서, 원소가 하나뿐인
# 텐서에서만 쓸 수 있습니다.

# %%
print("loss.shape:", loss.shape)
print("loss.dim():", loss.dim())
print("loss.grad_fn:", type(loss.grad_fn).__name__)

# 여기서는 그래프를 보기만 하고 backward()는 부르지 않습니다. 그래서 w1.grad는 아직 비어 있습니다.
print("w1.grad:", w1.grad)

# %% [markdown]
# ### 작은 텐서로 `backward()`와 `.grad` 확인하기
#
# 큰 가중치 행렬로는 변화도가 맞는지 눈으로 확인하기 어려우니, 원소가 세 개인 텐서로 해 봅시다.
# $L = \sum_i w_i^2$이면 $\frac{\partial L}{\partial w_i} = 2 w_i$이므로, `w.grad`는 `w`의 두 배가 되어야 합니다.

# %%
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
L = (w**2).sum()
L.backward()
print("w.grad:", w.grad)  # 2 * w

# %% [markdown]
# 원소가 여러 개인 텐서에 인자 없이 `backward()`를 부르면 어떻게 될까요? 어느 값의 변화도를 원하는지
# 정할 수 없으므로 autograd는 오류를 냅니다. (출력 쪽 변화도를 `gradient` 인자로 직접 넘겨 주면 쓸 수는
# 있지만, 이 예제에서는 필요 없습니다.)

# %%
v = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
try:
    (v * 2).backward()
except RuntimeError as err:
    print("RuntimeError:", err)

# %% [markdown]
# ## 학습하기
#
# 이제 학습(training) 루프입니다. 한 단계는 네 부분으로 이루어집니다.
#
# 1. **순전파**: `compute_loss`로 손실을 계산합니다. 이때 연산 그래프가 새로 기록됩니다.
# 2. **역전파**: `loss.backward()` 한 줄로 `w1.grad`, `w2.grad`를 채웁니다.
# 3. **가중치 갱신**: 경사하강법(gradient descent)에 따라 변화도의 반대 방향으로 학습률만큼 움직입니다.
#    이 부분은 `torch.no_grad()` 블록 안에서 합니다.
# 4. **변화도 초기화**: 다음 단계를 위해 `.grad`를 0으로 되돌립니다.
#
# 3번과 4번을 왜 이렇게 하는지는 루프를 실행한 뒤에 작은 예로 하나씩 확인합니다.

# %%
losses = []
for t in range(500):
    # 순전파: 손실을 계산하면서 연산 그래프를 기록합니다.
    loss = compute_loss(x, y, w1, w2)
    # .item()으로 파이썬 숫자만 꺼내 기록합니다. 그래프는 붙잡지 않습니다.
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    # 역전파: 그래프를 거꾸로 따라가며 w1.grad와 w2.grad를 계산합니다.
    loss.backward()

    # 가중치 갱신은 그래프에 기록하지 않습니다.
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad

        # 변화도는 계속 더해지므로, 다음 단계 전에 0으로 되돌립니다.
        w1.grad.zero_()
        w2.grad.zero_()

# %% [markdown]
# 출력된 다섯 줄을 앞 단계 **PyTorch 텐서** 페이지의 출력과 비교해 보세요. 숫자가 마지막 자리까지
# 똑같습니다. 시드가 같아 데이터와 초기 가중치가 같고, 이 신경망에서는 autograd가 각 연산의 역전파 규칙으로
# 하는 계산이 손으로 쓴 역전파와 같은 연산을 같은 순서로 하기 때문입니다. autograd는 변화도를 값을 조금씩
# 바꿔 보며 **어림하는 것이 아니라**, 우리가 유도한 것과 같은 식을 그대로 계산합니다. 그래서 반올림까지
# 같아집니다. 연습 문제 2에서 두 변화도를 원소 하나하나까지 비교해 봅니다.
#
# 출력은 100번째 단계(`t`가 99)부터 시작합니다. 그보다 앞, 맨 처음 손실은 얼마였을까요?

# %%
print(f"첫 단계의 손실: {losses[0]:.4g}")
print(f"마지막 단계의 손실: {losses[-1]:.4g}")

# %% [markdown]
# 처음 손실이 수천만에 이르는 까닭은 1단계에서 어림한 그대로입니다. 가중치를 표준정규분포 그대로 쓰면
# `y_pred`의 원소 하나의 분산이 약 $100 \times 500 = 50000$이라 정답(분산 1)과의 제곱 오차도 원소마다 약 5만이고,
# 이것을 640개 더하면 약 $3.2 \times 10^7$입니다. 위에 출력된 첫 손실과 자릿수가 맞습니다. 학습률이
# $10^{-6}$으로 아주 작은 것도 손실과 변화도가 이렇게 크기 때문입니다.

# %% [markdown]
# ## 왜 `torch.no_grad()` 안에서 갱신할까
#
# 가중치 갱신 `w1 -= learning_rate * w1.grad`도 텐서 연산입니다. 그런데 가중치 갱신은 학습 알고리즘의
# 일이지, 손실을 계산하는 모델의 일부가 아닙니다. 그래프에 기록할 까닭이 없고, 기록된다면 다음 단계의
# 역전파가 지난 단계의 갱신까지 거슬러 올라가야 합니다.
#
# 실제로 autograd가 켜진 채로 이 줄을 실행하면 `RuntimeError`가 납니다. `-=`는 새 텐서를 만들지 않고
# `w1`의 메모리를 직접 고치는 제자리(in-place) 연산인데, PyTorch는 **`requires_grad=True`인 잎 텐서를
# 제자리에서 바꾸는 연산을 허락하지 않습니다.** 잎 텐서는 변화도가 모이는 그래프의 출발점인데, 그 값을
# 바꾸는 연산을 그래프에 기록하면 잎이 연산의 결과가 되어 더는 잎이 아니게 되기 때문입니다.
#
# `torch.no_grad()` 블록 안에서는 autograd가 기록을 멈춥니다. 그 안에서 만든 결과는
# `requires_grad=False`가 되고, 잎 텐서의 제자리 갱신도 허용됩니다. 아래 셀에서 두 경우를 비교합니다.

# %%
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

# autograd가 켜진 채로 잎 텐서를 제자리에서 바꾸려 하면 오류가 납니다.
try:
    w -= 0.1 * torch.ones(3)
except RuntimeError as err:
    print("no_grad 없이:", err)

# no_grad 안에서는 기록 없이 값만 바뀝니다. w는 여전히 잎이고 requires_grad도 그대로입니다.
with torch.no_grad():
    w -= 0.1 * torch.ones(3)
    doubled = w * 2
print("no_grad 안에서:", w, "is_leaf =", w.is_leaf)
print("no_grad 안에서 만든 결과의 requires_grad:", doubled.requires_grad)

# %% [markdown]
# ## 왜 변화도를 0으로 되돌릴까
#
# `backward()`는 `.grad`에 변화도를 **덮어쓰지 않고 더합니다**. `.grad`가 비어 있으면(`None`) 새로 만들고,
# 이미 있으면 거기에 더하므로, `backward()`를 여러 번 부르면 각 호출의 변화도가 합쳐집니다. 이것은 의도된
# 설계입니다. 예를 들어 큰 배치(batch)가 메모리에 한 번에 올라가지 않으면, 조각으로 나누어 조각마다 손실을
# 구하고 `backward()`를 부릅니다. 이 예제처럼 손실이 합이라면 `.grad`에 모인 값이 배치 전체의 변화도입니다.
#
# 한 텐서가 한 그래프 안에서 여러 번 쓰일 때 쓰임마다 온 변화도를 더하는 것은 이것과 다른 일입니다. 그 합은
# 연쇄 법칙의 일부로 `backward()` 한 번 안에서 계산되고, `.grad`에는 그 합이 한 번 더해집니다. 9단계에서
# 다시 다룹니다.
#
# 이 예제처럼 단계마다 새 변화도만 써야 할 때는, 갱신이 끝난 뒤 `.grad`를 직접 0으로 되돌려야 합니다.
# 그렇지 않으면 지난 단계들의 변화도가 계속 쌓여 엉뚱한 방향으로 움직이게 됩니다. 아래는 같은 손실
# $\sum_i w_i^2$로 `backward()`를 두 번 부른 결과입니다. 두 번째에는 $2w$가 한 번 더 더해져 $4w$가 됩니다.
# 두 번째 호출 전에 순전파를 다시 하는 까닭은 연습 문제 1에서 봅니다.

# %%
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

(w**2).sum().backward()
print("backward 한 번:", w.grad)

(w**2).sum().backward()  # 순전파를 다시 하고 한 번 더 역전파합니다.
print("backward 두 번:", w.grad)  # 2w + 2w = 4w

w.grad.zero_()  # 제자리에서 0으로 되돌립니다.
print("zero_() 뒤:", w.grad)

# %% [markdown]
# ## 앞 단계에서 무엇이 바뀌었나
#
# 앞 단계(PyTorch 텐서)와 이 단계의 차이를 정리하면 다음과 같습니다.
#
# | 항목 | 앞 단계: 텐서만 사용 | 이 단계: autograd 사용 |
# |---|---|---|
# | 가중치 만들기 | `torch.randn(...)` | `torch.randn(..., requires_grad=True)` |
# | 역전파 | `loss_and_grads` 안에서 여섯 줄을 직접 계산 | `loss.backward()` 한 줄 |
# | 변화도가 있는 곳 | 함수가 돌려준 `grad_w1`, `grad_w2` | 텐서의 속성 `w1.grad`, `w2.grad` |
# | 가중치 갱신 | 그냥 `w1 -= ...` | `with torch.no_grad():` 안에서 `w1 -= ...` |
# | 변화도 초기화 | 필요 없음(매번 새로 계산해 돌려받음) | `w1.grad.zero_()`가 꼭 필요함 |
# | 출력되는 손실 | 5줄 | 똑같은 5줄 |
#
# 무엇보다 **신경망의 구조를 바꿔도 역전파 코드를 고칠 필요가 없어졌습니다.** `compute_loss`에 계층을 하나
# 더 넣으면 새 가중치를 만들고, 갱신하고, 0으로 되돌리는 줄만 더하면 됩니다.

# %% [markdown]
# ## 그래프는 순전파마다 새로 만들어집니다
#
# 학습 루프에서 `compute_loss`는 500번 호출되고, 그때마다 연산 그래프가 **처음부터 새로** 기록됩니다.
# `backward()`가 끝나면 그 그래프가 저장해 둔 중간 값은 풀리고, 다음 단계의 순전파는 새 그래프를 기록합니다.
# 이렇게 코드를 실행하면서 그래프를 정의하는 방식을
# "실행하며 정의(define-by-run)"라고 하고, 이렇게 만들어지는 그래프를 동적 그래프(dynamic graph)라고
# 부릅니다.
#
# 동적 그래프의 장점은 순전파를 평범한 파이썬 코드로 쓸 수 있다는 것입니다. `if`문이나 `for`문으로
# 입력마다 다른 연산을 해도, autograd는 **그 순전파에서 실제로 일어난 연산**만 기록합니다. 아래 함수는
# 입력의 합이 양수인지에 따라 다른 연산을 하는데, 그래프에 기록된 연산도 그에 따라 달라집니다.

# %%
def branchy(t):
    """입력에 따라 다른 연산을 하는 순전파입니다."""
    if t.sum() > 0:
        return (t * 2).sum()
    return (t**3).sum()


for values in ([1.0, 2.0], [-1.0, -2.0]):
    t_in = torch.tensor(values, requires_grad=True)
    out = branchy(t_in)
    out.backward()
    recorded = type(out.grad_fn.next_functions[0][0]).__name__
    print(f"입력 {values}: 기록된 연산 = {recorded}, 변화도 = {t_in.grad.tolist()}")

# %% [markdown]
# 이와 반대로, 그래프를 한 번만 정의해 두고 데이터만 바꿔 가며 여러 번 실행하는 방식을 정적
# 그래프(static graph)라고 합니다. 두 방식의 차이는 5단계에서 자세히 살펴봅니다.

# %% [markdown]
# ## 자주 하는 실수
#
# autograd를 처음 쓸 때 많이 겪는 함정을 모았습니다.
#
# - **변화도 초기화를 잊는 경우.** 오류는 나지 않지만 `.grad`에 지난 단계들의 변화도가 계속 쌓여, 갱신 폭이
#   단계마다 커집니다. 위의 `backward 두 번` 예가 바로 이 상황입니다. 이 예제에서 `zero_()` 두 줄만 지우고
#   실행해 보면, 손실이 한동안 크게 오르내리다가 결국 `nan`이 됩니다.
# - **`no_grad` 없이 갱신하는 경우.** `w1 -= ...`처럼 제자리 연산으로 갱신하면 위에서 본
#   `RuntimeError`가 납니다. 오류 메시지의 "leaf Variable"은 잎 텐서를 말합니다.
# - **`w1 = w1 - learning_rate * w1.grad`처럼 새 이름을 붙이는 경우.** 이 줄은 제자리 연산이 아니라서
#   그 자리에서는 오류가 나지 않지만, 오른쪽에서 **새 텐서**가 만들어지고 이름 `w1`이 그 새 텐서를 가리키게
#   됩니다. `no_grad` 밖에서 쓰면 새 텐서는 빼기 연산의 결과라서 잎이 아니고(`grad_fn`이 `SubBackward0`),
#   `no_grad` 안에서 쓰면 `requires_grad=False`인 텐서가 됩니다. 어느 쪽이든 새 `w1`의 `.grad`는 `None`이라서,
#   바로 뒤의 `w1.grad.zero_()`가 `AttributeError`를 냅니다. 해결책은 `no_grad` 안에서 `-=`로 제자리 갱신을
#   하는 것입니다. 아래 셀에서 새 텐서가 잎이 아님을 확인할 수 있습니다.
# - **기록용으로 손실 텐서를 그대로 모으는 경우.** `losses.append(loss)`라고 쓰면 리스트에 담긴 손실
#   텐서마다 자신의 연산 그래프가 딸려 남습니다. `backward()`를 부른 그래프는 중간 값을 이미 풀었지만,
#   `backward()`를 부르지 않는 곳(예를 들어 평가용 데이터의 손실)에서 이렇게 모으면 중간 값까지 메모리에
#   쌓입니다. 기록이나 출력에는 `loss.item()`으로 파이썬 숫자만 꺼내 쓰세요. 이 예제의 루프가 그렇게 합니다.
# - **원소가 여러 개인 텐서에 `backward()`를 부르는 경우.** 손실을 `.sum()`이나 `.mean()`으로 줄여
#   스칼라로 만들었는지 확인하세요.

# %%
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
(w**2).sum().backward()

w = w - 0.1 * w.grad  # 제자리 갱신이 아니라 새 텐서에 이름만 다시 붙입니다.
print("새 w는 잎인가?", w.is_leaf)
print("새 w의 grad_fn:", type(w.grad_fn).__name__)

# 기록용으로는 .item()이 돌려주는 파이썬 숫자를 씁니다.
print("loss.item()의 타입:", type(loss.item()).__name__)

# %% [markdown]
# ## 손실 곡선
#
# 마지막으로 단계마다 기록한 손실을 그립니다. 손실이 약 $10^{12}$배 줄어들기 때문에 y축은 로그 눈금입니다.
# 처음 스무 단계 남짓 동안 3천만 가까운 값에서 가파르게 떨어지고, 그 뒤로는 거의 곧은 직선을 그리며(로그
# 눈금에서 직선은 일정한 비율로 줄어든다는 뜻입니다) 내려가다가, 끝 무렵에는 완만해집니다. 기록된 손실이
# 앞 단계와 같으므로 곡선도 앞 단계와 똑같습니다.

# %%
fig = plot_losses(losses, "autograd로 학습한 신경망의 손실")


# %% [markdown]
# ## 정리
#
# autograd를 쓰면 순전파만 적으면 됩니다. 순전파가 연산 그래프를 기록하고, `loss.backward()`가 그 그래프를
# 거꾸로 따라가며 연쇄 법칙으로 구한 변화도를 `requires_grad=True`인 잎 텐서의 `.grad`에 쌓습니다. 우리 몫으로
# 남은 일은 `torch.no_grad()` 안에서 가중치를 제자리 갱신하고, 갱신 뒤에 `.grad`를 0으로 되돌리는 것입니다.
#
# 다음 단계에서는 autograd가 각 연산의 역전파를 어떻게 알고 있는지 한 걸음 더 들어가서, ReLU를
# 순전파와 역전파를 직접 적은 **새 autograd 함수**로 정의해 봅니다.

# %% [markdown]
# ## 연습 문제
#
# 답을 먼저 예측해 본 뒤 펼쳐 보세요. 답의 코드와 출력은 본문처럼 사이트를 빌드할 때 실제로 실행한 결과입니다.
#
# ### 문제 1. 같은 손실로 `backward()`를 두 번 부르면
#
# 순전파를 한 번만 하고 그 손실에 `backward()`를 두 번 부르면 어떻게 될까요? 본문의 "backward 두 번" 예에서는
# 두 번째 호출 전에 순전파를 다시 했다는 점을 떠올려 보세요.

# %% [markdown] tags=["answer"]
# 두 번째 `backward()`에서 `RuntimeError`가 납니다. 역전파에는 순전파 때 저장해 둔 중간 값(예를 들어 제곱의
# 역전파에 필요한 입력)이 필요한데, autograd는 메모리를 아끼려고 역전파가 끝나는 즉시 그 값들을 풀어 버립니다.
# 그래서 같은 그래프를 두 번 거슬러 올라갈 수 없습니다.
#
# 꼭 두 번 역전파해야 한다면 첫 번째 호출에 `retain_graph=True`를 주어 그래프를 남겨 둡니다. 이때도 `.grad`에는
# 변화도가 더해지므로, 두 번 역전파한 뒤의 `.grad`는 한 번의 두 배입니다.

# %% tags=["answer"]
twice = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
twice_loss = (twice**2).sum()
twice_loss.backward()
try:
    twice_loss.backward()
except RuntimeError as err:
    print("두 번째 backward() -> RuntimeError:", str(err).split(" (or ")[0])

twice.grad = None  # 앞의 변화도를 지우고 다시 합니다.
twice_loss = (twice**2).sum()
twice_loss.backward(retain_graph=True)  # 그래프를 남겨 둡니다.
twice_loss.backward()
print("retain_graph=True로 두 번 역전파한 변화도:", twice.grad)

# %% [markdown]
# ### 문제 2. autograd의 변화도는 손으로 쓴 역전파와 똑같을까?
#
# 본문은 이 신경망에서 autograd가 손으로 쓴 역전파와 같은 계산을 해서 반올림까지 같아진다고 했습니다. 학습 전과
# 같은 가중치에서 앞 단계의 역전파 식으로 구한 `w1`, `w2`의 변화도와 `loss.backward()`가 구한 `.grad`를 직접
# 비교해 보세요. 근삿값이 아니라 모든 원소가 정확히 같을까요?

# %% [markdown] tags=["answer"]
# 정확히 같습니다. 손으로 쓴 역전파와 autograd는 같은 행렬 곱과 같은 마스크를 같은 순서로 계산하므로, 반올림
# 오차까지 똑같이 생깁니다. 아래 코드는 본문과 같은 시드로 학습 전 가중치를 다시 만들고(본문의 `w1`, `w2`는
# 학습이 끝난 상태라 쓰지 않습니다), 두 방법의 결과를 `torch.equal`로 비교합니다. `torch.equal`은 모든 원소가
# 비트 하나까지 같을 때만 `True`입니다.

# %% tags=["answer"]
def hand_written_grads(x, y, w1, w2):
    """앞 단계(PyTorch 텐서)의 역전파 식 그대로입니다."""
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.t().mm(grad_y_pred)
    grad_h = grad_y_pred.mm(w2.t())
    grad_h[h < 0] = 0
    return x.t().mm(grad_h), grad_w2


# 본문과 같은 순서로 뽑아서 학습 전 가중치를 다시 만듭니다.
torch.manual_seed(0)
x_again = torch.randn(N, D_in, device=device, dtype=dtype)
y_again = torch.randn(N, D_out, device=device, dtype=dtype)
w1_start = torch.randn(D_in, H, device=device, dtype=dtype, requires_grad=True)
w2_start = torch.randn(H, D_out, device=device, dtype=dtype, requires_grad=True)

compute_loss(x_again, y_again, w1_start, w2_start).backward()
with torch.no_grad():
    hand_w1, hand_w2 = hand_written_grads(x_again, y_again, w1_start, w2_start)
print("w1: autograd == 손으로 쓴 역전파?", torch.equal(w1_start.grad, hand_w1))
print("w2: autograd == 손으로 쓴 역전파?", torch.equal(w2_start.grad, hand_w2))

# %% [markdown]
# ### 문제 3. 순전파를 `torch.no_grad()` 안에서 하면
#
# 실수로 학습 루프의 순전파, 즉 `loss = compute_loss(x, y, w1, w2)`까지 `torch.no_grad()` 블록 안에 넣었다고 합시다.
# `loss.backward()`는 어떻게 될까요? 반대로 이렇게 하는 것이 쓸모 있는 때는 언제일까요?

# %% [markdown] tags=["answer"]
# `no_grad` 안에서는 autograd가 연산을 기록하지 않으므로, `loss`는 `requires_grad=False`이고 `grad_fn`도 없습니다.
# 거슬러 올라갈 그래프가 없으니 `loss.backward()`는 `RuntimeError`를 냅니다.
#
# 이 성질은 학습이 끝난 모델로 예측만 할 때 쓸모 있습니다. 역전파를 하지 않을 거라면 그래프를 기록하고 중간 값을
# 저장할 필요가 없으므로, 추론(inference)은 `no_grad` 안에서 하는 것이 메모리와 시간을 아끼는 방법입니다.

# %% tags=["answer"]
with torch.no_grad():
    frozen_loss = compute_loss(x, y, w1, w2)
print("requires_grad:", frozen_loss.requires_grad, "/ grad_fn:", frozen_loss.grad_fn)
try:
    frozen_loss.backward()
except RuntimeError as err:
    print("RuntimeError:", err)
