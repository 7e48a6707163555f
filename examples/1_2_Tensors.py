# %% [markdown]
# # PyTorch 텐서
#
# > 같은 계산을 PyTorch 텐서로 옮기고, 장치만 골라 주면 GPU에서도 실행되게 합니다.
#
# 앞 페이지(NumPy로 시작하기)에서는 NumPy만으로 은닉층(hidden layer)이 하나인, 계층(layer) 두 개짜리 신경망을 만들고, 순전파(forward pass)와 역전파(backward pass)를 손으로 적어 학습(training)시켰습니다.
# 그 코드에 남은 한계 하나는 NumPy가 CPU에서만 계산한다는 것이었습니다.
# 이 페이지에서는 같은 신경망을 PyTorch의 텐서(tensor)로 옮겨서 그 한계를 넘어섭니다.
#
# PyTorch의 텐서는 개념적으로 NumPy 배열과 같습니다. n차원 배열이고, 그 위에서 계산하는 함수가 아주 많이 준비되어 있습니다.
# `torch.randn`이나 `torch.tensor`가 만들어 돌려주는 것은 모두 `torch.Tensor` 클래스의 객체입니다.
# 이 페이지에서 쓰는 차이는 하나입니다. **텐서는 GPU에서도 계산할 수 있습니다.**
# 텐서를 만들 때 어느 장치(device)에 둘지 정해 주기만 하면, 같은 코드가 CPU에서도 GPU에서도 돌아갑니다.
# 텐서에는 연산을 기록해 두었다가 변화도(gradient)를 자동으로 구하는 기능도 있지만, 그 기능은 켜야 동작하고 다음 페이지에서 씁니다.
# 이 페이지의 텐서는 NumPy 배열처럼 숫자만 계산합니다.
#
# 이 페이지에서 다루는 내용은 다음과 같습니다.
#
# - NumPy 코드의 각 줄이 PyTorch에서 무엇으로 바뀌는지
# - 장치와 자료형(dtype)이 왜 서로 다른 두 인수인지, 그리고 장치를 고르는 방법
# - 같은 시드를 썼는데도 앞 페이지와 숫자가 다른 이유
# - 손실(loss)이 0차원 텐서라는 것과 `.item()`의 역할
#
# ## NumPy에서 PyTorch로: 무엇이 바뀌었나
#
# 신경망의 구조, 데이터와 가중치(weight)의 크기, 학습률(learning rate), 학습 단계 수는 모두 앞 페이지와 같습니다.
# 바뀐 것은 배열을 만들고 계산하는 함수의 이름 정도이고, 대부분 일대일로 대응합니다.
#
# | 하는 일 | NumPy (앞 페이지) | PyTorch (이 페이지) |
# |---|---|---|
# | 시드 고정 | `rng = np.random.default_rng(0)` | `torch.manual_seed(0)` |
# | 표준정규분포 난수 | `rng.standard_normal((N, D_in))` | `torch.randn(N, D_in, device=device, dtype=dtype)` |
# | 행렬 곱(matrix multiplication) | `x @ w1` | `x.mm(w1)` |
# | ReLU | `np.maximum(h, 0)` | `h.clamp(min=0)` |
# | 제곱해서 모두 더하기 | `np.square(d).sum()` | `d.pow(2).sum()` |
# | 전치 | `w2.T` | `w2.t()` |
# | 복사본 만들기 | `a.copy()` | `a.clone()` |
# | 조건에 맞는 자리에 0 넣기 | `grad_h[h < 0] = 0` | `grad_h[h < 0] = 0` (같음) |
# | 손실을 파이썬 숫자로 | 필요 없음 | `loss.item()` |
#
# 몇 가지 덧붙이면 다음과 같습니다.
#
# - 행렬 곱의 `mm`은 2차원 텐서끼리만 곱합니다. 텐서에서도 `x @ w1`이라고 쓸 수 있고, `@`는 더 일반적인 `torch.matmul`을 부릅니다.
#   이 예제처럼 2차원끼리 곱할 때는 결과가 같습니다.
# - `clamp(min=0)`은 0보다 작은 값을 0으로 끌어올리므로 ReLU와 같은 값을 냅니다. `torch.relu(h)`라고 써도 됩니다.
# - `.t()`는 2차원 텐서의 전치입니다. `.T`도 쓸 수 있습니다.
# - 마지막 줄의 `.item()`은 아래 '손실은 0차원 텐서입니다'에서 설명합니다.

# %%
import torch

from loss_plot import plot_losses

# %% [markdown]
# ## 장치와 자료형은 서로 다른 인수입니다
#
# 텐서를 만들 때는 두 가지를 정합니다.
#
# - **장치**: 텐서의 데이터가 어느 메모리에 있고 어느 프로세서가 계산하는지입니다. `torch.device("cpu")`, `torch.device("cuda")`처럼 씁니다.
# - **자료형**: 원소 하나가 어떤 종류의 숫자인지입니다. 32비트 부동소수점 `torch.float32`, 64비트 부동소수점 `torch.float64` 같은 것입니다.
#
# 두 가지는 서로 독립이라서, GPU에 있는 `float64` 텐서도, CPU에 있는 `float32` 텐서도 만들 수 있습니다.
# 그래서 `torch.randn(..., device=device, dtype=dtype)`처럼 **따로따로** 넘기고, GPU에서 계산하려면 자료형이 아니라 **장치**를 바꿉니다.
# 이미 만든 텐서는 `x.to(device)`로 다른 장치에 옮기고, 자료형은 `x.to(torch.float64)`처럼 바꿉니다.
# 둘을 한 번에 바꾸려면 `x.to(device=device, dtype=dtype)`처럼 두 인수를 함께 넘깁니다.
# 오래된 코드에서는 `torch.cuda.FloatTensor`처럼 장치와 자료형을 한 이름에 묶은 텐서 타입을 볼 수 있습니다.
# 이것은 자료형이 아니라서 `dtype` 인수에 넘기면 `TypeError`가 납니다.
#
# ### 장치 고르기
#
# 아래 코드는 CUDA를 쓸 수 있는 GPU가 있으면 GPU를, 없으면 CPU를 고르고, 어느 장치를 골랐는지 출력합니다.
# 이 페이지의 출력은 사이트를 만들 때 그 컴퓨터에서 예제를 실행한 결과이므로,
# 아래 줄에 `cpu`가 찍혀 있다면 CUDA GPU가 없는 컴퓨터에서 실행된 것입니다.
# 여러분의 컴퓨터에 CUDA GPU가 있다면 같은 코드가 `cuda`를 출력하고 GPU에서 학습합니다.
# (이 예제는 CUDA만 확인합니다. 다른 종류의 가속기는 고르지 않습니다.)

# %%
# CUDA GPU가 있으면 GPU를, 없으면 CPU를 씁니다.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
# 자료형은 장치와 따로 정합니다. 딥러닝에서는 32비트 부동소수점을 주로 씁니다.
dtype = torch.float32
print("실행한 장치:", device)

# %% [markdown]
# ## 데이터와 가중치 준비
#
# 앞 페이지와 같은 크기로, 한 배치(batch)에 샘플 64개를 담은 입력 `x`와 정답 `y`, 그리고 가중치 `w1`, `w2`를 만듭니다.
# 모두 `device=device, dtype=dtype`을 받으므로, 처음부터 고른 장치 위에 `float32`로 만들어집니다.
#
# 같은 시드 0을 썼지만 숫자는 앞 페이지와 다릅니다. 이유는 두 가지입니다.
#
# - **난수 생성기가 다릅니다.** NumPy의 `default_rng`와 PyTorch의 `torch.manual_seed`는 서로 다른 난수 생성 알고리즘을 씁니다.
#   시드가 같아도 나오는 수열은 전혀 다릅니다. PyTorch 안에서도 CPU와 CUDA의 난수 생성기가 서로 다른 수열을 만들기 때문에,
#   GPU에서 실행하면 CPU에서와 또 다른 데이터로 학습하게 됩니다.
# - **자료형이 다릅니다.** NumPy의 기본 자료형은 `float64`였지만 여기서는 `float32`를 씁니다.
#   `float64`는 유효 숫자가 15~16자리쯤이고 `float32`는 7자리 안팎이라, 같은 계산도 반올림되는 자리가 다릅니다.
#   대신 `float32`는 메모리를 절반만 쓰고, 많은 GPU가 `float64`보다 `float32`를 훨씬 빠르게 계산합니다.
#
# 같은 컴퓨터에서 다시 실행하면 시드 덕분에 매번 같은 숫자가 나옵니다.

# %%
# N: 배치 크기, D_in: 입력 차원, H: 은닉층 차원, D_out: 출력 차원
N, D_in, H, D_out = 64, 1000, 100, 10

# 시드를 고정합니다. CPU와 CUDA의 난수 생성기 모두에 적용됩니다.
torch.manual_seed(0)
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)

w1 = torch.randn(D_in, H, device=device, dtype=dtype)
w2 = torch.randn(H, D_out, device=device, dtype=dtype)

learning_rate = 1e-6

# %% [markdown]
# 텐서는 자기가 어느 장치에 있는지, 자료형이 무엇인지, shape가 어떤지를 속성으로 알려 줍니다.
# PyTorch에서 shape는 튜플의 하위 클래스(subclass)인 `torch.Size`로 나오므로 튜플처럼 다룰 수 있습니다.

# %%
# 각 텐서의 shape, 자료형, 장치를 출력합니다.
for name, tensor in [("x", x), ("y", y), ("w1", w1), ("w2", w2)]:
    print(f"{name:>2}: shape {tensor.shape}, dtype {tensor.dtype}, 장치 {tensor.device}")


# %% [markdown]
# ## 순전파와 역전파
#
# 계산 내용은 앞 페이지와 똑같습니다. 순전파는
#
# $$
# \begin{aligned}
# h &= x w_1 \\
# h_{\mathrm{relu}} &= \max(h, 0) \\
# \hat y &= h_{\mathrm{relu}} w_2
# \end{aligned}
# $$
#
# $$
# L = \sum_{i,j} \left(\hat y_{ij} - y_{ij}\right)^2
# $$
#
# 이고, 손실 $L$은 평균이 아닌 오차 제곱합(sum of squared errors)입니다.
# 역전파는 연쇄 법칙(chain rule)을 출력 쪽에서부터 거꾸로 적용해서 얻은 다음 식들입니다.
# $M$은 $h$의 원소가 음수인 자리는 0, 나머지 자리는 1인 행렬이고 $\odot$는 원소별 곱입니다.
#
# $$
# \begin{aligned}
# \frac{\partial L}{\partial \hat y} &= 2\left(\hat y - y\right) \\
# \frac{\partial L}{\partial w_2} &= h_{\mathrm{relu}}^\top \frac{\partial L}{\partial \hat y} \\
# \frac{\partial L}{\partial h_{\mathrm{relu}}} &= \frac{\partial L}{\partial \hat y} w_2^\top
# \end{aligned}
# $$
#
# $$
# \begin{aligned}
# \frac{\partial L}{\partial h} &= \frac{\partial L}{\partial h_{\mathrm{relu}}} \odot M \\
# \frac{\partial L}{\partial w_1} &= x^\top \frac{\partial L}{\partial h}
# \end{aligned}
# $$
#
# 이 식들을 어떻게 유도하는지는 앞 페이지에서 한 단계씩 설명했습니다.
# 아래 함수는 앞 페이지의 `loss_and_grads`를 한 줄씩 텐서 연산으로 옮긴 것입니다. 함수 이름과 돌려주는 값도 같습니다.


# %%
def loss_and_grads(x, y, w1, w2):
    """순전파로 손실을 구하고, 역전파로 w1과 w2의 변화도를 구합니다."""
    # 순전파
    h = x.mm(w1)  # (N, H)
    h_relu = h.clamp(min=0)  # ReLU: 0보다 작은 값을 0으로
    y_pred = h_relu.mm(w2)  # (N, D_out)
    loss = (y_pred - y).pow(2).sum()  # 오차 제곱합, shape가 ()인 0차원 텐서

    # 역전파: 연쇄 법칙을 출력 쪽에서부터 거꾸로 적용합니다.
    grad_y_pred = 2.0 * (y_pred - y)  # dL/dy_pred, (N, D_out)
    grad_w2 = h_relu.t().mm(grad_y_pred)  # dL/dw2, (H, D_out)
    grad_h_relu = grad_y_pred.mm(w2.t())  # dL/dh_relu, (N, H)
    grad_h = grad_h_relu.clone()  # 복사본을 만든 뒤에 지웁니다.
    grad_h[h < 0] = 0  # ReLU 입력 h가 음수였던 자리는 변화도가 0
    grad_w1 = x.t().mm(grad_h)  # dL/dw1, (D_in, H)
    return loss, grad_w1, grad_w2


# %% [markdown]
# ## 손실은 0차원 텐서입니다
#
# NumPy에서 `sum()`의 결과는 NumPy 스칼라(`np.float64`)라서 그대로 출력하거나 리스트에 담을 수 있었습니다.
# PyTorch에서 `sum()`의 결과는 여전히 **텐서**이고, 차원이 0인 텐서입니다. shape는 빈 `torch.Size([])`입니다.
# 원소가 하나인 1차원 텐서, 곧 shape가 `(1,)`인 텐서와는 다른 것이라 아래 출력에서 둘을 나란히 놓았습니다.
# 학습을 시작하기 전에 손실을 한 번 계산해서 확인해 봅니다. 가중치는 바뀌지 않습니다.

# %%
loss0, grad_w1_0, grad_w2_0 = loss_and_grads(x, y, w1, w2)
print("loss0.shape:", loss0.shape)
print("loss0.ndim:", loss0.ndim)
print("loss0.dtype:", loss0.dtype, "/ 장치:", loss0.device)
print("reshape(1)로 만든 1차원 텐서의 shape:", loss0.reshape(1).shape)
print("loss0.item():", f"{loss0.item():.4e}", type(loss0.item()))

# %% [markdown]
# 처음 손실이 수천만 단위라는 것도 앞 페이지의 어림과 맞습니다.
# 가중치를 표준정규분포 그대로 써서 출력이 크고, 640개 오차의 제곱을 평균 내지 않고 모두 더했기 때문입니다.
#
# `.item()`은 원소가 하나인 텐서에서 값을 꺼내 파이썬 숫자로 돌려줍니다. `float32` 텐서라면 파이썬 `float`가 나옵니다.
# 텐서가 GPU에 있다면 값을 CPU로 가져오는 일도 함께 합니다. 원소가 여러 개인 텐서에 부르면 `RuntimeError`가 납니다.
#
# ## 학습하기
#
# 학습 반복도 앞 페이지와 같습니다. 단계마다 손실과 변화도를 구하고 경사하강법(gradient descent)으로 가중치를 갱신합니다.
# 다른 점은 손실을 기록할 때 `loss.item()`으로 파이썬 숫자를 꺼내 `losses`에 담는다는 것 하나입니다.
# 가중치 갱신 `w1 -= learning_rate * grad_w1`은 NumPy에서처럼 텐서의 내용을 제자리(in-place)에서 고칩니다.
# 모든 텐서가 같은 장치에 있으므로 반복 안의 계산도 모두 그 장치에서 일어납니다.

# %%
losses = []
for t in range(500):
    loss, grad_w1, grad_w2 = loss_and_grads(x, y, w1, w2)
    # .item()으로 0차원 텐서에서 파이썬 숫자를 꺼내 기록합니다.
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    # 경사하강법: 변화도의 반대 방향으로 조금씩 움직입니다.
    # -=는 새 텐서를 만들지 않고 w1, w2의 내용을 직접 고칩니다.
    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2

# %% [markdown]
# ### 출력 읽기
#
# 앞 페이지처럼 각 줄은 단계 번호와 그 단계에서 가중치를 갱신하기 전의 손실입니다.
# 숫자 자체는 앞 페이지와 다르지만, 100번째 단계에서 수백, 200번째 단계에서 1 안팎으로 떨어지고 그 뒤로도 계속 작아지는 흐름은 같습니다.
#
# 출력된 손실에 유효 숫자가 열다섯 자리 이상 찍히는 것을 보고 그만큼 정밀하게 계산되었다고 생각하기 쉽지만, 그렇지 않습니다.
# `loss.item()`은 `float32` 값을 파이썬 `float`(64비트)로 바꿔서 돌려주고, `print`는 그 64비트 값을 다른 64비트 값과 구별할 수 있는 만큼의 자릿수로 적을 뿐입니다.
# `float32`로 구별되는 자릿수는 앞의 7자리 안팎입니다.
#
# GPU에서 실행하면 숫자가 또 달라집니다. 앞에서 말했듯이 데이터를 만드는 난수부터 다르고,
# GPU는 큰 합을 CPU와 다른 순서로 더할 수 있어서 반올림 오차도 조금씩 다르게 쌓이기 때문입니다.
#
# ## 자주 하는 실수
#
# **서로 다른 장치의 텐서를 섞기.**
# 한 연산에 들어가는 텐서는 모두 같은 장치에 있어야 합니다.
# 예를 들어 `x`는 GPU에 만들고 `w1`은 장치를 지정하지 않아 CPU에 만들었다면, `x.mm(w1)`은 `Expected all tensors to be on the same device`로 시작하는 `RuntimeError`를 냅니다.
# 이 예제처럼 모든 텐서를 만들 때 같은 `device`를 넘기거나, 이미 만든 텐서는 `.to(device)`로 옮겨 두세요.
# 반대 방향도 조심해야 합니다. 텐서를 NumPy 배열로 바꾸는 `.numpy()`는 CPU 텐서에만 쓸 수 있으므로, GPU 텐서는 먼저 `.cpu()`로 가져와야 합니다.
#
# **서로 다른 자료형의 텐서를 섞기.**
# `mm` 같은 행렬 곱은 두 텐서의 자료형이 같아야 해서, `float32` 텐서와 `float64` 텐서를 곱하면 `RuntimeError`가 납니다.
# (덧셈 같은 원소별 연산은 오류 없이 결과를 `float64`로 만들어 계산하므로 섞인 것을 알아채기가 더 어렵습니다.)
# `torch.from_numpy`는 NumPy 배열의 자료형을 그대로 따르고 NumPy의 기본 자료형은 `float64`이므로, NumPy로 만든 데이터를 가져올 때 이 실수가 자주 생깁니다.
#
# **`.item()`을 빠뜨리기.**
# `losses.append(loss)`처럼 텐서를 그대로 담아도 이 예제는 돌아가는 것처럼 보입니다.
# 하지만 리스트에는 숫자가 아니라 0차원 텐서 500개가 쌓이고, GPU에서 실행했다면 그 텐서들이 모두 GPU 메모리에 남아 있습니다.
# 다음 페이지처럼 autograd를 쓰기 시작하면 손실 텐서마다 자신을 계산한 연산 그래프(computational graph)까지 딸려 남습니다.
# 기록하거나 출력할 값은 `.item()`으로 꺼내 두는 습관을 들이세요.
# 다만 GPU 텐서의 `.item()`은 GPU의 계산이 끝날 때까지 기다렸다가 값을 가져오므로, 큰 모델에서는 너무 자주 부르지 않는 편이 좋습니다.
#
# **제자리 연산을 의식하지 않기.**
# `w1 -= ...`나 `grad_h[h < 0] = 0`처럼 텐서의 내용을 직접 고치는 연산은 같은 텐서를 가리키는 모든 이름에 영향을 줍니다.
# `grad_h = grad_h_relu`라고만 쓰고 마스크를 씌우면 `grad_h_relu`도 함께 바뀝니다.
# 지금의 `loss_and_grads`는 그 뒤에 `grad_h_relu`를 다시 읽지 않으므로 결과가 같겠지만, 나중에 `grad_h_relu`를 읽는 줄을 더하면 조용히 틀린 값을 쓰게 됩니다.
# 그래서 이 예제는 앞 페이지의 `copy()`처럼 `clone()`으로 복사본을 먼저 만듭니다.
# PyTorch에는 이름이 밑줄로 끝나는 제자리 버전 메서드도 많습니다. `h.clamp(min=0)`은 새 텐서를 돌려주지만 `h.clamp_(min=0)`은 `h` 자체를 바꿉니다.
# autograd를 쓰는 다음 페이지에서는 가중치의 제자리 갱신을 `torch.no_grad()` 안에서 해야 하는데, 그 이유도 거기서 설명합니다.
#
# ## 손실 곡선
#
# 마지막으로 손실 곡선을 앞 페이지와 같은 방식(로그 눈금의 y축)으로 그립니다.
#
# - 처음 몇 단계 동안 손실이 수천만에서 머뭇거리다가, 몇십 단계 만에 가파르게 떨어지는 흐름은 앞 페이지와 같습니다.
# - 그 뒤 한동안 곡선이 거의 직선으로 내려가는 것도 같습니다. 단계마다 손실이 거의 일정한 비율로 줄어든다는 뜻입니다.
# - 이 페이지를 만든 CPU에서는 뒤쪽 단계로 갈수록 곡선이 눈에 띄게 완만해지고, 마지막 손실도 앞 페이지보다 훨씬 큽니다.
#   손실이 작아질수록 가중치를 고치는 양도 작아지는데, 그 양이 가중치 자신에 비해 너무 작아지면 `float32`로는 나타낼 수 없어 반올림으로 사라지기 때문입니다(연습 문제 1).
#
# 직접 확인해 보고 싶다면 위의 `dtype = torch.float32`를 `dtype = torch.float64`로 바꿔서 실행해 보세요.
# 이 예제의 크기에서는 자료형이 바뀌면 난수도 다르게 뽑혀서 데이터와 초기 가중치가 다른 값이 되지만,
# 곡선이 끝까지 거의 곧게 내려가서 마지막 손실이 앞 페이지와 비슷한 수준까지 작아지는 것을 볼 수 있습니다.

# %%
fig = plot_losses(losses, "PyTorch 텐서로 구현한 신경망의 손실")


# %% [markdown]
# ## 정리
#
# NumPy 코드를 거의 한 줄씩 텐서 연산으로 옮겼고, 장치를 고르는 한 줄 덕분에 같은 코드가 GPU에서도 돌아갑니다.
# GPU가 실제로 얼마나 빨라지는지는 'GPU는 얼마나 빠를까' 페이지에서 재어 봅니다. 이 예제처럼 행렬이 작을 때는 GPU로 옮겨도 얻는 이득이 크지 않을 수 있습니다.
# 남은 한계는 역전파입니다. `loss_and_grads`의 역전파 여섯 줄은 여전히 손으로 유도해 적은 것이라, 신경망이 조금만 커지거나 순전파를 바꾸면 처음부터 다시 유도해야 합니다.
# 다음 페이지에서는 가중치를 `requires_grad=True`로 만들고 `loss.backward()`를 불러, 이 변화도를 PyTorch의 autograd가 구하게 합니다.

# %% [markdown]
# ## 연습 문제
#
# 답을 먼저 예측해 본 뒤 펼쳐 보세요. 답의 코드와 출력은 본문처럼 사이트를 빌드할 때 실제로 실행한 결과입니다.
#
# ### 문제 1. `float32`가 놓치는 작은 갱신
#
# `float32` 텐서 `w = torch.tensor(1.0)`에서 $10^{-8}$을 빼면 값이 바뀔까요? $10^{-7}$을 빼면요? 본문의 손실 곡선이
# 뒤쪽에서 완만해진 이유와 어떻게 이어지는지도 생각해 보세요.

# %% [markdown] tags=["answer"]
# $10^{-8}$을 빼면 값이 그대로 1이고, $10^{-7}$을 빼면 1보다 조금 작은 값이 됩니다. 부동소수점 수는 유효 숫자의
# 개수가 정해져 있어서, 1 근처에서 `float32`가 나타낼 수 있는 수 사이에는 간격이 있습니다. 1 바로 위의 간격이
# `torch.finfo(torch.float32).eps`, 약 $1.2 \times 10^{-7}$이고 1 바로 아래의 간격은 그 절반인 약 $6 \times 10^{-8}$입니다.
# 1에서 빼는 양이 아래쪽 간격의 절반, 곧 약 $3 \times 10^{-8}$보다 작으면 계산 결과가 가장 가까운 수인 1로 반올림되어
# 뺄셈이 없었던 것처럼 됩니다. $10^{-7}$은 그보다 커서 1 아래의 수로 반올림됩니다.
#
# 이 간격은 대략 수의 크기에 비례합니다. 학습 후반에는 변화도가 작아져서 `learning_rate * grad_w1`의 원소도 아주
# 작아지는데, 갱신량이 가중치 자신의 크기의 약 $10^{-7}$배보다 작아지면 갱신이 반올림으로 사라지거나 부정확해지고,
# 손실이 더 줄지 못합니다. 아래 코드의 마지막 두 줄은 본문에서 학습을 마친 가중치에 갱신을 한 번 더 해 보고, 값이
# 실제로 바뀌는 원소가 얼마나 되는지 셉니다(가중치 자체는 고치지 않습니다). 대부분의 원소에서 갱신이 사라집니다.
# `float64`의 간격은 약 $2.2 \times 10^{-16}$배로 훨씬 촘촘해서, 앞 페이지의 NumPy
# 코드(`float64`)는 손실이 훨씬 작아질 때까지 곧게 내려갈 수 있었습니다.

# %% tags=["answer"]
one32 = torch.tensor(1.0, dtype=torch.float32)
one64 = torch.tensor(1.0, dtype=torch.float64)
print("float32의 eps:", torch.finfo(torch.float32).eps)
print("float32: 1 - 1e-8 == 1 ?", (one32 - 1e-8 == one32).item())
print("float32: 1 - 1e-7 =", (one32 - 1e-7).item())
print("float64: 1 - 1e-8 == 1 ?", (one64 - 1e-8 == one64).item())

_, grad_w1_end, grad_w2_end = loss_and_grads(x, y, w1, w2)  # 학습을 마친 가중치에서의 변화도
for name, w, grad in [("w1", w1, grad_w1_end), ("w2", w2, grad_w2_end)]:
    changed = (w - learning_rate * grad != w).float().mean().item()
    print(f"한 번 더 갱신하면 값이 바뀌는 {name} 원소의 비율: {changed:.1%}")

# %% [markdown]
# ### 문제 2. `torch.from_numpy`는 복사할까?
#
# NumPy 배열 `a`로 `torch.from_numpy(a)`와 `torch.tensor(a)` 두 가지 방법으로 텐서를 만든 뒤, 각 텐서에 제자리
# 연산으로 1을 더했습니다. 각각의 경우 `a`는 어떻게 될까요? 만들어진 텐서의 자료형은 무엇일까요?

# %% [markdown] tags=["answer"]
# `torch.from_numpy(a)`는 `a`의 메모리를 **함께 쓰는** 텐서를 만듭니다. 그래서 텐서를 제자리에서 바꾸면 `a`도
# 바뀌고, 반대로 `a`를 바꾸면 텐서도 바뀝니다. `torch.tensor(a)`는 데이터를 복사하므로 `a`는 그대로입니다. 자료형은
# 두 경우 모두 배열의 자료형을 그대로 따르므로, `np.zeros`의 기본 자료형인 `float64`입니다. 본문에서 말한 것처럼,
# 이 텐서를 `float32` 가중치와 곱하려면 먼저 `.float()`나 `.to(torch.float32)`로 바꿔야 합니다. 자료형을 바꾸거나
# 텐서를 다른 장치로 옮기면 새 텐서가 만들어지므로, 그 뒤로는 `a`와 메모리를 함께 쓰지 않습니다.

# %% tags=["answer"]
import numpy as np

shared_array = np.zeros(3)
shared = torch.from_numpy(shared_array)
shared += 1  # 제자리 연산
print("from_numpy 뒤의 a:", shared_array, "/ 텐서의 자료형:", shared.dtype)

copied_array = np.zeros(3)
copied = torch.tensor(copied_array)
copied += 1
print("torch.tensor 뒤의 a:", copied_array, "/ 텐서의 자료형:", copied.dtype)

# %% [markdown]
# ### 문제 3. 샘플 하나만 신경망에 넣으려면
#
# 학습한 신경망에 샘플 하나, 즉 `x[0]`만 넣어 예측을 구하려고 합니다. `x[0].mm(w1)`과 `x[0] @ w1` 중 어느 쪽이
# 동작할까요? 동작하는 쪽의 결과는 shape가 무엇일까요?

# %% [markdown] tags=["answer"]
# `x[0]`은 shape가 `(1000,)`인 1차원 텐서입니다. `mm`은 2차원 텐서끼리의 행렬 곱만 하므로 `x[0].mm(w1)`은
# `RuntimeError`를 냅니다. `@`(`torch.matmul`)는 1차원 텐서를 행 벡터처럼 다루어 곱한 뒤 그 차원을 다시 없애므로,
# `x[0] @ w1`은 shape가 `(100,)`인 1차원 텐서가 됩니다. 배치의 shape를 유지하고 싶다면 `x[:1]`처럼 슬라이스로
# 꺼내면 됩니다. 그러면 shape가 `(1, 1000)`인 2차원 텐서라서 `mm`도 동작하고, 결과도 배치 하나짜리 `(1, 100)`입니다.

# %% tags=["answer"]
try:
    x[0].mm(w1)
except RuntimeError as err:
    print("x[0].mm(w1) -> RuntimeError:", err)

print("x[0] @ w1의 shape:", tuple((x[0] @ w1).shape))
print("x[:1].mm(w1)의 shape:", tuple(x[:1].mm(w1).shape))
one_sample = (x[0] @ w1).clamp(min=0) @ w2
print("샘플 하나의 예측 shape:", tuple(one_sample.shape))
