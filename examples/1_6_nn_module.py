# %% [markdown]
# # nn 패키지로 신경망 조립하기
#
# > `torch.nn`의 계층과 손실 함수로 같은 모델을 짧게 쓰고, 매개변수는 여전히 손으로 갱신합니다.
#
# autograd 단계에서는 역전파(backward pass)를 손으로 쓰는 수고를 덜었습니다. 변화도(gradient)는
# `loss.backward()` 한 줄이 계산해 주었습니다. 하지만 신경망을 적는 방식은 여전히 낮은 수준에
# 머물러 있었습니다. 가중치(weight) 텐서(tensor) `w1`, `w2`를 직접 만들고, 순전파(forward pass)를
# `x.mm(w1).clamp(min=0).mm(w2)`처럼 행렬 곱(matrix multiplication) 하나하나로 적고, 갱신할 때도 가중치의 이름을 하나씩
# 불러야 했습니다. 가중치 두 개짜리 신경망에서는 견딜 만하지만, 계층(layer)이 수십 개인 신경망을 이렇게
# 쓰기는 어렵습니다.
#
# 앞 단계에서는 정적 그래프를 잠시 살펴보았습니다. 이번 단계에서는 변화도를 autograd로 구하는 것은 그대로
# 두고, 신경망을 **계층 단위로 조립**하게 해 주는 `torch.nn` 패키지를 씁니다. 데이터와 신경망의 크기,
# 학습(training) 단계 수는 지금까지와 같습니다. 달라지는 것은 신경망을 적는 방식, 그리고 그 방식을 따라오는
# 두 가지 변화인 **편향(bias)의 추가와 기본 초기화**입니다. 그 결과 학습률(learning rate)도 바뀝니다.
#
# 이 페이지에서 배울 내용은 다음과 같습니다.
#
# - `nn` 패키지가 주는 세 가지: 매개변수(parameter)를 가진 계층인 모듈(module), 모듈을 잇는 컨테이너,
#   손실 함수(loss function)
# - `nn.Linear`가 계산하는 식과, 그 가중치가 지금까지의 `w1`을 전치(transpose)한 shape로 저장된다는 것
# - 모델의 매개변수 목록을 꺼내 보는 방법
# - 출발 손실이 지금까지보다 훨씬 작고 학습률이 1e-4로 커지는 이유
# - `MSELoss`의 `reduction` 인자와, 이 모든 것을 쓸 때 흔히 빠지는 함정들

# %% [markdown]
# ## `nn` 패키지가 주는 것
#
# `torch.nn`은 신경망을 만드는 데 필요한 부품을 모아 둔 패키지입니다. 이 예제에서 쓰는 부품은 세
# 종류입니다.
#
# - **모듈**: `torch.nn.Module`을 상속한 클래스의 인스턴스(instance)로, 입력 텐서를 받아 출력 텐서를 계산합니다.
#   신경망의 계층 하나가 보통 모듈 하나입니다. 모듈의 핵심은 **자기 매개변수를 스스로
#   가지고 있다**는 점입니다. `nn.Linear`는 가중치와 편향을 만들어 속성으로 들고 있고,
#   `nn.ReLU`처럼 매개변수가 없는 모듈도 있습니다. 모듈의 매개변수는 `nn.Parameter`라는 텐서이며,
#   처음부터 `requires_grad=True`로 만들어집니다. 이제 `requires_grad`를 직접 붙일 필요가 없습니다.
# - **컨테이너**: 모듈을 묶어 더 큰 모듈을 만드는 모듈입니다. `nn.Sequential`은 받은 모듈들을
#   순서대로 이어서, 앞 모듈의 출력을 다음 모듈의 입력으로 넘깁니다. 묶인 모듈 전체가 다시 하나의
#   모듈이므로, 안에 든 모든 매개변수를 한꺼번에 꺼낼 수 있습니다.
# - **손실 함수**: 예측과 정답을 받아 손실(loss)을 계산하는 모듈입니다. 이 예제는
#   지금까지 써 온 오차 제곱합(sum of squared errors)을 `nn.MSELoss`로 계산합니다.
#
# autograd가 변화도 계산을 맡았듯이, 모듈은 매개변수를 만들고 보관하고 모아 주는 일을 맡습니다.

# %% [markdown]
# ## 준비: 장치, 데이터, 모델
#
# 장치(device)는 CUDA GPU가 있으면 GPU, 없으면 CPU입니다. 데이터는 지금까지와 같은 크기의 무작위
# 텐서입니다. 모델의 가중치도 만들어질 때 난수로 초기화되므로, 시드를 한 번 정한 뒤 `x`, `y`, 모델을
# **항상 이 순서로** 만듭니다. 시드와 순서가 같으면 초기 가중치도 같습니다. 다음 단계도 같은 순서를 지켜서
# 이 페이지와 같은 모델에서 출발합니다.
#
# 모델은 `nn.Sequential`로 세 모듈을 잇습니다. 입력 1000차원을 은닉층(hidden layer) 100차원으로 보내는
# 완전 연결(fully-connected) 계층, ReLU, 은닉층 100차원을 출력 10차원으로 보내는 완전 연결 계층입니다.
# `.to(device)`는 모델 안의 모든 매개변수를 고른 장치로 옮깁니다.

# %%
import copy
import warnings

import torch

from loss_plot import plot_losses

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
dtype = torch.float32
print("실행한 장치:", device)

# %%
# N: 배치 크기, D_in: 입력 차원, H: 은닉층 차원, D_out: 출력 차원
N, D_in, H, D_out = 64, 1000, 100, 10

# 시드를 정한 뒤 x, y, 모델 순서로 만듭니다. 순서가 같으면 초기 가중치도 매번 같습니다.
torch.manual_seed(0)
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)

# 계층을 순서대로 잇는 모델입니다. Linear는 가중치와 편향을 스스로 만들고 초기화합니다.
model = torch.nn.Sequential(
    torch.nn.Linear(D_in, H),
    torch.nn.ReLU(),
    torch.nn.Linear(H, D_out),
).to(device)

# 오차 제곱합: 평균을 내지 않고 모두 더합니다.
loss_fn = torch.nn.MSELoss(reduction="sum")

learning_rate = 1e-4

# %% [markdown]
# 모델을 `print`하면 어떤 모듈이 어떤 순서로 들어 있는지 보입니다. 괄호 안의 번호 0, 1, 2는
# `Sequential` 안의 자리이고, `model[0]`처럼 번호로 각 모듈을 꺼낼 수 있습니다.

# %%
print(model)

# %% [markdown]
# ## `nn.Linear`가 계산하는 것
#
# `nn.Linear(in_features, out_features)`는 입력의 마지막 차원 `in_features`개를 `out_features`개로 바꾸는
# 완전 연결 계층입니다. 배치(batch)로 들어온 입력 $x$(shape `(N, in_features)`)에 대해 다음을 계산합니다.
#
# $$
# y = x W^{\top} + b
# $$
#
# 여기서 가중치 $W$는 `weight` 속성, 편향 $b$는 `bias` 속성입니다. 눈여겨볼 점은 $W$의 shape가
# **출력 쪽이 먼저인** `(out_features, in_features)`라는 것입니다. 지금까지 우리가 만든 `w1`은 shape가
# `(D_in, H)`이고 $x w_1$(`x.mm(w1)`)로 곱했습니다. `nn.Linear(D_in, H)`의 가중치는 그 전치인 `(H, D_in)`으로
# 저장되므로, $x w_1$의 $w_1$ 자리에 $W^{\top}$가 들어갑니다. 출력 하나에 연결된 가중치들이 한 행에 모이도록
# 저장하는 것입니다. 두 방식이 계산하는 값은 같고 저장하는 방향만 다릅니다. `w1`처럼 직접 만든 가중치를
# `Linear`에 옮겨 담을 때는 `w1.T`를 넣어야 한다는 점만 기억하면 됩니다.
#
# 편향 $b$는 shape가 `(out_features,)`인 벡터이고, 브로드캐스팅(broadcasting)으로 배치의 모든 행에 같은
# 값이 더해집니다. 지금까지의 신경망에는 편향이 없었습니다. `nn.Linear`는 기본으로 편향을 만들며,
# 필요 없으면 `bias=False`를 주면 됩니다. 이 예제는 기본값대로 편향을 씁니다.
#
# 아래 셀은 첫 번째 `Linear`의 매개변수 shape를 보고, 모듈을 호출한 결과가 위의 식을 직접 계산한 값과
# 같은지 확인합니다.

# %%
first = model[0]
print("첫 번째 Linear:", first)
print("weight shape:", tuple(first.weight.shape), "(out_features, in_features)")
print("bias shape:", tuple(first.bias.shape))

with torch.no_grad():
    by_hand = x @ first.weight.T + first.bias  # y = x W^T + b
    print("Linear의 출력 == x @ W.T + b:", torch.allclose(first(x), by_hand, atol=1e-5))

# %% [markdown]
# ## 모델의 매개변수 목록
#
# 모듈은 자기 매개변수를 알고 있고, 컨테이너는 안에 든 모듈들의 매개변수를 모아 줍니다.
# `model.parameters()`는 모델의 모든 매개변수를 차례로 내놓고, `model.named_parameters()`는 이름까지 함께
# 내놓습니다. 이름의 앞부분 `0`, `2`는 `Sequential` 안의 자리, 뒷부분은 그 모듈 안의 속성 이름입니다.
# 자리 `1`인 ReLU는 매개변수가 없어서 목록에 나오지 않습니다.
#
# 매개변수 텐서는 가중치 두 개와 편향 두 개이고, 원소 수는 shape에서 바로 셈할 수 있습니다. 가중치는
# $100 \times 1000 + 10 \times 100 = 101{,}000$개로 앞 단계들의 `w1`, `w2`와 같고, 여기에 편향 $100 + 10 = 110$개가
# 더해져 모두 101,110개입니다. 실제 모델에서 꺼낸 목록으로 확인해 봅시다.

# %%
for name, param in model.named_parameters():
    print(f"{name:<9} shape={tuple(param.shape)!s:<12} 원소 {param.numel():>7,}개  "
          f"{type(param).__name__}, requires_grad={param.requires_grad}")

total = sum(param.numel() for param in model.parameters())
print(f"매개변수 텐서 {len(list(model.parameters()))}개, 원소 합계 {total:,}개")

# %% [markdown]
# ## 기본 초기화와 작아진 출발 손실
#
# 지금까지는 가중치를 `torch.randn`으로 만들었습니다. 원소 하나하나가 표준정규분포를 따르니 크기가
# 대략 1입니다. `nn.Linear`는 그렇게 하지 않고, 만들어질 때 자기 매개변수를 **입력 개수에 맞춰 작게**
# 초기화합니다. 입력 개수(fan_in, 여기서는 `in_features`)를 $n$이라 하면, 가중치와 편향의 원소를
# 모두 다음 구간에서 고르게 뽑습니다.
#
# $$
# \begin{aligned}
# W_{ij},\ b_i &\sim \mathcal{U}\!\left(-\frac{1}{\sqrt{n}},\ \frac{1}{\sqrt{n}}\right) \\
# \operatorname{Var}[W_{ij}] &= \frac{1}{3n}
# \end{aligned}
# $$
#
# 첫 번째 계층은 $n = 1000$이므로 가중치가 $\pm 1/\sqrt{1000}$, 약 $\pm 0.03$ 안에 있습니다. 입력 개수에 맞춰
# 줄이는 것은 입력이 많아져도 출력이 따라 커지지 않게 하려는 것입니다. 출력 하나는 입력 $n$개에 가중치를 곱해
# 더한 값이라, 가중치의 분산이 1이면 출력의 분산이 입력의 $n$배로 불어나지만, 분산이 $\frac{1}{3n}$이면 $n$과
# 상관없이 입력의 $\frac{1}{3}$배입니다.
#
# 순전파를 따라가며 어림해 봅시다.
#
# - 첫 번째 계층의 출력 원소 하나는 곱 1000개의 합이므로 분산이 약 $1000 \times \frac{1}{3000} = \frac{1}{3}$입니다.
#   (3단계에서 같은 자리의 분산은 약 1000이었습니다.)
# - ReLU가 음수 절반을 0으로 만들면 제곱의 평균이 약 $\frac{1}{6}$이 됩니다.
# - 두 번째 계층($n = 100$)을 지나면 예측의 제곱 평균은 약 $100 \times \frac{1}{6} \times \frac{1}{300} = \frac{1}{18}$입니다.
#   편향이 더하는 몫 $\frac{1}{300}$은 이보다 훨씬 작습니다.
#
# 즉 처음 예측은 0 근처의 작은 값이고, 분산이 1인 정답 `y`에 비하면 거의 0입니다. 그래서 첫 손실은
# **정답의 제곱합** $\sum y^2$와 거의 같습니다. 원소 $64 \times 10 = 640$개의 제곱을 더한 값이니 수백
# 정도입니다. 지금까지는 가중치를 `randn`으로 만들어서 예측이 정답보다 수백 배 컸고, 그래서 첫 손실이
# 수천만이었습니다. 아래 셀에서 이 어림을 확인합니다. 어림은 데이터와 가중치를 여러 번 뽑았을 때 평균으로
# 기대되는 값이라 이 시드의 값과 조금 다르지만, 자릿수는 같습니다.

# %%
with torch.no_grad():
    for label, layer in [("첫 번째 Linear", model[0]), ("두 번째 Linear", model[2])]:
        bound = 1 / layer.in_features**0.5
        print(f"{label}: 가중치의 최대 |값| {layer.weight.abs().max().item():.4f}, "
              f"편향의 최대 |값| {layer.bias.abs().max().item():.4f}, 1/sqrt(fan_in) = {bound:.4f}")
    y_pred = model(x)
    print(f"처음 예측의 제곱 평균: {y_pred.pow(2).mean().item():.4f}  (어림값 1/18 = {1 / 18:.4f})")
    print(f"정답 y의 제곱 평균: {y.pow(2).mean().item():.4f}")
    print(f"처음 손실: {loss_fn(y_pred, y).item():.1f},  정답 y의 제곱합: {y.pow(2).sum().item():.1f}")

# %% [markdown]
# ### 학습률은 왜 1e-4로 바뀔까
#
# 지금까지의 학습률은 $10^{-6}$이었습니다. 그때는 가중치와 출력이 커서 변화도도 컸고, 학습률을 아주
# 작게 잡아야 한 번에 너무 멀리 뛰지 않았습니다. 이번에는 가중치가 $\pm 0.03$ 정도로 작고 손실도
# 수백에서 시작하니 변화도도 훨씬 작습니다. 같은 $10^{-6}$을 쓰면 한 단계에 움직이는 거리가 가중치
# 크기에 비해 너무 작아서, 500단계가 지나도 손실이 처음과 같은 자릿수에 머뭅니다. 그래서 학습률을 $10^{-4}$로
# 키웁니다. 학습률은 정해진 값이 아니라 **손실의 크기, 매개변수의 크기와 함께 정해지는 값**입니다.
# 초기화나 손실의 정의를 바꾸면 학습률도 다시 맞춰야 합니다. 학습을 마친 뒤에 학습률 $10^{-6}$으로
# 같은 모델을 학습해서 이 말을 확인해 봅니다.

# %% [markdown]
# ## 손실 함수: `MSELoss(reduction="sum")`
#
# `nn.MSELoss`는 이름 그대로 평균 제곱 오차(mean squared error)를 계산하는 손실 함수입니다. 다만
# `reduction` 인자로 원소별 제곱 오차를 어떻게 모아 하나의 값으로 만들지 고를 수 있습니다.
#
# | `reduction` | 계산 | 비고 |
# |---|---|---|
# | `"mean"` | $\frac{1}{N D_{out}} \sum_{i,j} (\hat{y}_{ij} - y_{ij})^2$ | 기본값 |
# | `"sum"` | $\sum_{i,j} (\hat{y}_{ij} - y_{ij})^2$ | 이 예제, 지금까지의 오차 제곱합과 같은 값 |
# | `"none"` | 원소별 제곱 오차 그대로, shape `(N, D_out)` | 직접 가공할 때 |
#
# 이 예제는 지금까지와 같은 손실을 쓰기 위해 `reduction="sum"`을 지정합니다. `MSELoss`는 `reduction`보다
# 먼저 있던 두 인자 `size_average`와 `reduce`도 받습니다. 문서에는 폐기(deprecated)된 인자로 적혀 있고, 둘 중
# 하나라도 주면 `UserWarning`이 나며 `reduction`에 준 값은 무시됩니다. `size_average=False`는 `reduction="sum"`과
# 같은 뜻이지만, 새로 쓰는 코드에는 `reduction`만 씁니다.
#
# `"mean"`과 `"sum"`은 상수배 차이입니다. 원소가 $N \times D_{out} = 640$개이니, 같은 예측에서 합은 평균의
# 640배이고, **변화도도 640배**입니다. 경사하강법(gradient descent)의 한 단계는 학습률 곱하기 변화도만큼
# 움직이므로, 기본값인 `MSELoss()`로 바꾸면서 학습률을 그대로 두면 한 단계의 거리가 640분의 1이 됩니다.
# 아래 셀은 두 손실의 비와 변화도의 비를 확인하고, 옛 인자 `size_average=False`가 내는 경고를 잡아서
# 보여 줍니다.

# %%
mean_loss_fn = torch.nn.MSELoss()  # 기본값 reduction="mean"

loss_sum = loss_fn(model(x), y)
loss_mean = mean_loss_fn(model(x), y)
print("reduction='sum' 손실 / reduction='mean' 손실:", round((loss_sum / loss_mean).item(), 3))

# 마지막 계층의 편향에 대한 변화도를 두 손실로 각각 구합니다. (.grad에는 쌓지 않습니다.)
(grad_sum,) = torch.autograd.grad(loss_sum, model[2].bias)
(grad_mean,) = torch.autograd.grad(loss_mean, model[2].bias)
print("변화도(sum) == 640 * 변화도(mean):", torch.allclose(grad_sum, N * D_out * grad_mean, rtol=1e-4))
print("sum과 같은 값:", torch.allclose(loss_sum, ((model(x) - y) ** 2).sum()))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # 경고를 화면에 내보내지 않고 모두 caught에 모읍니다.
    legacy_loss_fn = torch.nn.MSELoss(size_average=False)
print("size_average=False가 뜻하는 reduction:", legacy_loss_fn.reduction)
for caught_warning in caught:
    print(f"{caught_warning.category.__name__}: {caught_warning.message}")

# %% [markdown]
# ## 학습하기
#
# 학습 루프의 한 단계는 다음과 같습니다.
#
# 1. **순전파**: `model(x)`로 예측을 계산합니다. 모듈을 함수처럼 호출하면 안쪽의 `forward`가 실행되고,
#    `Sequential`은 세 모듈을 차례로 통과시킵니다.
# 2. **손실**: `loss_fn(y_pred, y)`로 오차 제곱합을 계산합니다. 결과는 차원이 0인 스칼라 텐서입니다.
# 3. **변화도 초기화**: `model.zero_grad()`로 모든 매개변수의 변화도를 한꺼번에 비웁니다. autograd
#    단계에서는 `w1.grad.zero_()`, `w2.grad.zero_()`를 이름마다 불렀지만, 이제는 모델에게 한 번만
#    말하면 됩니다. `zero_grad()`는 기본값 `set_to_none=True`대로 `.grad`를 0으로 채우지 않고 `None`으로
#    되돌리며, 다음 `backward()`가 새 변화도를 그 자리에 넣습니다.
# 4. **역전파**: `loss.backward()`가 모든 매개변수의 `.grad`를 채웁니다.
# 5. **갱신**: `torch.no_grad()` 안에서 `model.parameters()`를 돌며 매개변수마다
#    `param -= learning_rate * param.grad`를 합니다. 이름을 부를 필요가 없으니, 계층을 늘려도 이 코드는
#    그대로입니다.
#
# 변화도 초기화를 역전파 바로 앞에 두었지만, autograd 단계처럼 갱신 뒤에 두어도 결과는 같습니다.
# 중요한 것은 **역전파와 갱신 사이에는 두지 않는 것**입니다(아래 "자주 하는 실수"에서 봅니다).
#
# 학습을 시작하기 전에, 뒤에서 다른 설정과 비교하려고 학습 전 모델을 `copy.deepcopy`로 복사해 둡니다.

# %%
initial_model = copy.deepcopy(model)  # 학습 전 상태를 보관합니다. (뒤에서 비교용으로 씁니다.)

losses = []
for t in range(500):
    # 순전파: 모듈을 호출해 예측을 계산합니다.
    y_pred = model(x)

    # 손실: 예측과 정답의 오차 제곱합입니다.
    loss = loss_fn(y_pred, y)
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    # 지난 단계의 변화도를 비우고, 역전파로 모든 매개변수의 변화도를 구합니다.
    model.zero_grad()
    loss.backward()

    # 경사하강법: 갱신은 연산 그래프에 기록하지 않습니다.
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad

# %% [markdown]
# 출력은 지금까지의 단계들과 숫자가 전혀 다릅니다. 초기 가중치가 다르고, 편향이 있고, 학습률도
# 다르니 당연합니다. 대신 손실이 수백에서 출발해 단계마다 꾸준히 줄어드는 것을 볼 수 있습니다.
# 첫 손실과 마지막 손실도 확인해 봅시다.

# %%
print(f"첫 단계의 손실: {losses[0]:.4g}")
print(f"마지막 단계의 손실: {losses[-1]:.4g}")

# %% [markdown]
# ### 학습률과 `reduction`을 바꿔 보면
#
# 앞에서 학습률 $10^{-6}$은 이 모델에 너무 작고, `MSELoss()`의 기본값 `"mean"`으로 바꾸면 변화도가
# 640분의 1이 된다고 했습니다. 보관해 둔 학습 전 모델을 복사해서 두 설정으로 500단계씩 학습해 보고,
# 비교하기 쉽도록 마지막 손실은 모두 오차 제곱합으로 재서 처음 손실과의 비를 출력합니다. 두 경우 모두
# 손실이 처음과 같은 자릿수에 머무릅니다. 학습률 $10^{-4}$, `reduction="sum"`으로 학습한 위의 결과와
# 비교해 보세요.

# %%
def sgd_final_loss_ratio(criterion, lr, steps=500):
    """학습 전 모델의 복사본을 경사하강법으로 학습하고, 마지막 손실 / 처음 손실을 돌려줍니다."""
    trial = copy.deepcopy(initial_model)
    for _ in range(steps):
        trial_loss = criterion(trial(x), y)
        trial.zero_grad()
        trial_loss.backward()
        with torch.no_grad():
            for param in trial.parameters():
                param -= lr * param.grad
    with torch.no_grad():
        return loss_fn(trial(x), y).item() / loss_fn(initial_model(x), y).item()


print(f"reduction='sum',  학습률 1e-6: 마지막 손실 / 처음 손실 = {sgd_final_loss_ratio(loss_fn, 1e-6):.3f}")
print(f"reduction='mean', 학습률 1e-4: 마지막 손실 / 처음 손실 = {sgd_final_loss_ratio(mean_loss_fn, 1e-4):.3f}")
print(f"reduction='sum',  학습률 1e-4: 마지막 손실 / 처음 손실 = {losses[-1] / losses[0]:.3g}  (위의 학습)")

# %% [markdown]
# ## autograd 단계에서 무엇이 바뀌었나
#
# 같은 신경망을 텐서와 autograd로 적었던 3단계와 비교하면 다음과 같습니다.
#
# | 항목 | 3단계: 텐서와 autograd | 이 단계: `nn` |
# |---|---|---|
# | 가중치 | `w1` `(D_in, H)`, `w2` `(H, D_out)`를 `randn`으로 직접 만듦 | `Linear`가 `weight` `(H, D_in)`, `(D_out, H)`를 만들고 초기화함 |
# | 편향 | 없음 | 계층마다 있음 (110개) |
# | `requires_grad` | 직접 지정 | `nn.Parameter`라서 처음부터 켜져 있음 |
# | 순전파 | `x.mm(w1).clamp(min=0).mm(w2)` | `model(x)` |
# | 손실 | `(y_pred - y).pow(2).sum()` | `loss_fn(y_pred, y)`, 값은 같음 |
# | 변화도 초기화 | 이름마다 `w.grad.zero_()` | `model.zero_grad()` 한 번 |
# | 갱신 | 이름마다 `w -= learning_rate * w.grad` | `model.parameters()`를 도는 반복문 |
# | 학습률 | `1e-6` | `1e-4` |
# | 첫 손실 | 수천만 | 수백 |
#
# 바뀐 이유는 한 가지로 모입니다. **신경망의 구조를 적는 일과 학습시키는 일을 떼어 놓기 위해서**입니다.
# 구조는 `Sequential` 안에 모듈로 적고, 학습 루프는 `model(x)`, `model.zero_grad()`,
# `model.parameters()`만 알면 됩니다. 은닉층을 하나 더 넣어도 바뀌는 것은 `Sequential`의 목록뿐이고,
# 루프는 한 글자도 고칠 필요가 없습니다. 편향과 초기화는 `nn.Linear`를 쓰면서 따라온 변화입니다.
# `nn.Linear`는 기본으로 편향을 갖고 매개변수를 입력 개수에 맞춰 작게 초기화합니다. 학습률은 그 초기화가
# 바꿔 놓은 손실과 변화도의 크기에 맞춘 것입니다.

# %% [markdown]
# ## 자주 하는 실수
#
# - **`zero_grad()`를 잊는 경우.** 오류는 나지 않지만 `backward()`는 변화도를 `.grad`에 **더하므로**,
#   단계마다 지난 변화도가 모두 쌓인 방향으로 움직이게 됩니다. 그러면 더 이상 경사하강법이 아닙니다.
# - **역전파와 갱신 사이에서 `zero_grad()`를 부르는 경우.** 방금 구한 변화도가 지워져 `param.grad`가
#   `None`이 되고, 갱신하는 줄에서 `TypeError`가 납니다. `zero_grad(set_to_none=False)`처럼 0으로 채우게
#   했다면 오류도 없이 매개변수가 하나도 바뀌지 않습니다.
# - **`no_grad` 밖에서 갱신하는 경우.** 매개변수는 `requires_grad=True`인 잎(leaf) 텐서라서, autograd가 켜진
#   채로 제자리(in-place) 연산 `-=`를 하면 3단계에서 본 것과 같은 `RuntimeError`가 납니다.
# - **`model(x)` 대신 `model.forward(x)`를 부르는 경우.** 결과는 같아 보이지만, 모듈을 호출하는 `model(x)`는
#   `forward`를 실행하기 전후에 그 모듈에 등록된 훅(hook)들을 함께 실행합니다. `forward`를 직접 부르면
#   `model` 자신의 훅을 건너뜁니다. 훅은 중간 출력을 기록하거나 고치는 도구들이 쓰는 장치라서, 건너뛰면 그런
#   도구가 조용히 동작하지 않습니다. 항상 `model(x)`로 호출하세요.
# - **`MSELoss()`를 기본값 그대로 쓰는 경우.** 기본값은 `reduction="mean"`이라 손실과 변화도가 이 예제의
#   640분의 1입니다. 위의 비교에서 보았듯이 같은 학습률로는 학습이 거의 진행되지 않으니, 평균을 쓰려면
#   학습률을 다시 정해야 합니다.
# - **모델과 텐서의 `.to(device)`를 같은 것으로 생각하는 경우.** 모듈의 `.to(device)`는 모듈 자신의
#   매개변수를 옮기고 같은 모듈을 돌려줍니다. 텐서의 `.to(device)`는 원래 텐서를 바꾸지 않고, 옮긴 결과를
#   **새 텐서**로 돌려줍니다(이미 그 장치에 있으면 원래 텐서를 그대로 돌려줍니다). 그래서 `x.to(device)`만
#   쓰고 결과를 `x = x.to(device)`처럼 이름에 다시 붙이지 않으면 `x`는 옮겨지지 않습니다.
#
# 아래 셀은 앞의 네 가지를 학습 전 모델의 복사본으로 재현합니다. 오류는 잡아서 메시지만 출력합니다.

# %%
demo = copy.deepcopy(initial_model)

# 1) zero_grad를 잊으면: 두 번 역전파한 변화도는 한 번의 두 배입니다.
demo.zero_grad()
loss_fn(demo(x), y).backward()
once = demo[2].bias.grad.clone()
loss_fn(demo(x), y).backward()
print("zero_grad 없이 두 번 역전파한 변화도 == 2 * 한 번의 변화도:", torch.equal(demo[2].bias.grad, 2 * once))

# 2) 역전파와 갱신 사이에서 zero_grad를 부르면: 변화도가 None이 됩니다.
demo.zero_grad()
loss_fn(demo(x), y).backward()
demo.zero_grad()
try:
    with torch.no_grad():
        for param in demo.parameters():
            param -= learning_rate * param.grad
except TypeError as err:
    print("TypeError:", err)

# 3) no_grad 밖에서 갱신하면: 잎 텐서의 제자리 연산이라 오류가 납니다.
loss_fn(demo(x), y).backward()
try:
    for param in demo.parameters():
        param -= learning_rate * param.grad
except RuntimeError as err:
    print("RuntimeError:", err)

# 4) model.forward(x)는 모델 자신에 등록된 훅을 건너뜁니다.
hook_calls = []
handle = demo.register_forward_hook(lambda module, inputs, output: hook_calls.append(output.shape))
demo(x)
print("demo(x)를 부른 뒤 훅이 실행된 횟수:", len(hook_calls))
demo.forward(x)
print("demo.forward(x)를 부른 뒤 훅이 실행된 횟수:", len(hook_calls))
handle.remove()

# %% [markdown]
# ## 손실 곡선
#
# 단계마다 기록한 손실을 그립니다. y축은 로그 눈금입니다. 손실은 수백에서 출발해 처음에 가장 가파르게
# 떨어지고, 그 뒤로는 꾸준히 내려가면서 곡선이 조금씩 완만해집니다. 로그 눈금이므로, 같은 100단계 동안
# 손실이 줄어드는 비율이 처음에 가장 크고 끝으로 갈수록 작아진다는 뜻입니다.

# %%
fig = plot_losses(losses, "nn 모듈로 학습한 신경망의 손실")

# %% [markdown]
# ## 정리
#
# 신경망을 모듈로 조립하면서 학습 루프는 신경망의 구조를 몰라도 되는 코드가 되었습니다(위의 표). 함께 기억할 것은
# 학습률이 초기화와 손실의 정의에 묶여 있다는 점입니다. `nn.Linear`의 작은 기본 초기화 때문에 학습률을
# $10^{-4}$로 키웠고, `reduction`을 `"mean"`으로 바꾸면 변화도가 640분의 1이 되어 학습률을 다시 정해야 합니다.
# 다음 단계에서는 아직 손으로 적는 갱신 반복문을 `torch.optim` 패키지의 옵티마이저(optimizer)에게 맡깁니다.

# %% [markdown]
# ## 연습 문제
#
# 답을 먼저 예측해 본 뒤 펼쳐 보세요. 답의 코드와 출력은 본문처럼 사이트를 빌드할 때 실제로 실행한 결과입니다.
#
# ### 문제 1. `reduction="mean"`으로 같은 학습을 하려면
#
# 손실 함수를 기본값 `MSELoss()`, 즉 `reduction="mean"`으로 바꾸고도 이 페이지의 학습과 같은 결과를 얻으려면
# 학습률을 얼마로 해야 할까요? 예측한 학습률로 학습 전 모델의 복사본을 학습해서 확인해 보세요.

# %% [markdown] tags=["answer"]
# `"mean"`의 손실은 `"sum"`의 $\frac{1}{640}$이고 변화도도 $\frac{1}{640}$입니다. 경사하강법의 한 걸음은 학습률 곱하기
# 변화도이므로, 학습률을 640배인 $640 \times 10^{-4} = 0.064$로 키우면 걸음이 같아집니다.
#
# 본문에서 만든 `sgd_final_loss_ratio`로 두 설정을 100단계씩 학습해서 확인합니다. 위의 학습에서 기록한
# `losses[-1]`은 마지막 갱신을 하기 **전**의 손실이라 이 함수가 재는 값과 때가 다르므로, `"sum"`과 학습률
# $10^{-4}$의 설정도 같은 함수로 다시 잽니다. 두 비는 거의 같게 나옵니다. 완전히 같지 않을 수 있는 것은, 나누고
# 곱하는 순서가 달라 `float32`의 반올림 오차가 조금 다르게 쌓이기 때문입니다.

# %% tags=["answer"]
print(f"reduction='sum',  학습률 1e-4:  100단계 뒤 손실 / 처음 손실 = {sgd_final_loss_ratio(loss_fn, 1e-4, steps=100):.4g}")
print(f"reduction='mean', 학습률 0.064: 100단계 뒤 손실 / 처음 손실 = {sgd_final_loss_ratio(mean_loss_fn, 0.064, steps=100):.4g}")

# %% [markdown]
# ### 문제 2. 편향을 빼면 매개변수는 몇 개일까?
#
# 두 `Linear`를 모두 `bias=False`로 만들면 모델의 매개변수 텐서는 몇 개이고, 원소는 모두 몇 개일까요? 계산해 본 뒤
# 코드로 확인하세요.

# %% [markdown] tags=["answer"]
# 편향 두 개가 빠지므로 매개변수 텐서는 가중치 두 개만 남고, 원소는 $1000 \times 100 + 100 \times 10 = 101{,}000$개입니다.
# 1~5단계의 `w1`, `w2`와 정확히 같은 수입니다. 다만 가중치의 shape는 `(out_features, in_features)` 순서라서
# `w1`, `w2`의 전치입니다.

# %% tags=["answer"]
no_bias = torch.nn.Sequential(
    torch.nn.Linear(D_in, H, bias=False),
    torch.nn.ReLU(),
    torch.nn.Linear(H, D_out, bias=False),
)
for name, param in no_bias.named_parameters():
    print(f"{name}: shape={tuple(param.shape)}")
print(f"매개변수 텐서 {len(list(no_bias.parameters()))}개, 원소 합계 {sum(p.numel() for p in no_bias.parameters()):,}개")

# %% [markdown]
# ### 문제 3. 가중치를 표준정규분포로 채우면
#
# 학습 전 모델의 복사본에서 두 `Linear`의 가중치를 1~5단계처럼 표준정규분포(`torch.randn`)로 채우고 편향은 0으로
# 두면, 처음 손실은 어느 정도 크기가 될까요? 학습률 $10^{-4}$로 경사하강법을 한 단계 하면 어떻게 될까요?

# %% [markdown] tags=["answer"]
# 모델의 계산이 1~5단계의 신경망과 같아지므로(편향이 0이니 더해지는 것이 없습니다) 처음 손실도 그때처럼 수천만
# 단위로 돌아갑니다. 변화도도 그만큼 크기 때문에, 이 모델에 맞춘 학습률 $10^{-4}$로는 한 걸음이 너무 커서 손실이
# 줄기는커녕 몇 자릿수나 불어납니다. 1단계에서 학습률을 $10^{-5}$로 키웠을 때 발산한 것과 같은 일입니다. 학습률은
# 초기화와 함께 정해진다는 본문의 말이 이런 뜻입니다.

# %% tags=["answer"]
randn_model = copy.deepcopy(initial_model)
# 전역 난수 상태를 건드리지 않는 생성기. CPU에서 시드 0을 쓰면 x를 만든 난수와 같은 수가 나오므로 1을 씁니다.
gen = torch.Generator().manual_seed(1)
with torch.no_grad():
    for layer in (randn_model[0], randn_model[2]):
        layer.weight.copy_(torch.randn(layer.weight.shape, generator=gen))
        layer.bias.zero_()

randn_loss = loss_fn(randn_model(x), y)
print(f"표준정규분포로 채운 모델의 처음 손실: {randn_loss.item():.2e}")
randn_model.zero_grad()
randn_loss.backward()
with torch.no_grad():
    for param in randn_model.parameters():
        param -= learning_rate * param.grad
    print(f"학습률 1e-4로 한 단계 갱신한 뒤의 손실: {loss_fn(randn_model(x), y).item():.2e}")
