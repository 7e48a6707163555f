# %% [markdown]
# # optim 패키지로 매개변수 갱신 맡기기
#
# > 가중치 갱신을 옵티마이저 Adam에 맡깁니다.
#
# 앞 단계에서는 `torch.nn`으로 신경망을 계층(layer) 단위로 조립했습니다. 순전파(forward pass)는
# `model(x)`, 역전파(backward pass)는 `loss.backward()` 한 줄이 되었고, 변화도(gradient)는
# `model.zero_grad()`로 비웠습니다. 그런데 매개변수(parameter)를 갱신하는 부분만은 여전히 손으로 적었습니다.
#
# ```python
# with torch.no_grad():
#     for param in model.parameters():
#         param -= learning_rate * param.grad
# ```
#
# 가장 단순한 경사하강법(gradient descent)이라 세 줄로 충분했습니다. 하지만 실제 학습에는 모멘텀(momentum)이나
# Adam처럼 더 복잡한 갱신 규칙도 많이 쓰이고, 그런 규칙은 매개변수마다 지난 변화도에 대한 기억을 따로 들고
# 다녀야 합니다. 그것까지 손으로 관리하기는 번거롭고 실수하기도 쉽습니다. 이번 단계에서는 갱신 규칙을 통째로
# `torch.optim` 패키지의 옵티마이저(optimizer)에게 맡기고, 규칙도 경사하강법에서 **Adam**으로 바꿉니다.
# 모델, 데이터, 손실 함수(loss function), 학습률(learning rate) 값은 앞 단계와 같습니다.
#
# 이 페이지에서 배울 내용은 다음과 같습니다.
#
# - 옵티마이저가 무엇이고 어떤 약속(`zero_grad`, `step`)으로 쓰는지
# - Adam의 갱신 규칙을 식으로 적으면 어떻게 되는지, 그리고 경사하강법과 무엇이 다른지
# - 학습(training)이 끝난 옵티마이저가 속에 무엇을 들고 있는지
# - 옵티마이저를 쓸 때 흔히 빠지는 함정들

# %% [markdown]
# ## 옵티마이저란
#
# 학습의 한 단계는 "변화도를 구한다"와 "변화도를 보고 매개변수를 고친다"로 나뉩니다. 앞의
# 일은 autograd가 합니다. 뒤의 일, 즉 **변화도로부터 매개변수를 어떻게 고칠지 정하는 규칙**을 구현한
# 객체가 옵티마이저입니다. `torch.optim`에는 흔히 쓰는 규칙이 모여 있습니다. 확률적 경사하강법(SGD)을
# 구현한 `torch.optim.SGD`(모멘텀 옵션 포함), `RMSprop`, `Adam`, `AdamW` 등이 그 예입니다.
#
# 쓰는 방법은 규칙과 상관없이 같습니다.
#
# 1. **만들 때** 갱신할 매개변수와 설정값을 넘깁니다: `torch.optim.Adam(model.parameters(), lr=1e-4)`.
#    옵티마이저는 넘겨받은 매개변수 객체들을 기억해 둡니다.
# 2. **단계마다** `optimizer.zero_grad()`로 그 매개변수들의 변화도를 비우고, `loss.backward()`로 변화도를
#    채운 다음, `optimizer.step()`을 부릅니다. `step()`이 기억해 둔 매개변수들의 `.grad`를 읽어 규칙대로
#    제자리(in-place)에서 고칩니다. `torch.no_grad()`도 `step()` 안에서 알아서 처리합니다.
#
# 참고로 `torch.optim.SGD`의 "확률적"은 보통 전체 데이터가 아니라 작은 미니 배치(mini-batch)로 변화도를 구해 쓰기
# 때문에 붙은 이름입니다. 이 예제처럼 매번 같은 배치 전체로 변화도를 구하면 평범한 경사하강법이 됩니다. 앞 단계의
# 세 줄은 `torch.optim.SGD(model.parameters(), lr=1e-4)`의 `step()` 한 번과 같은 식을 계산합니다. 결과가 비트까지
# 같은지는 연습 문제 3에서 확인합니다.

# %% [markdown]
# ## Adam의 갱신 규칙
#
# Adam은 매개변수의 원소 하나하나에 대해 두 가지 이동 평균을 기억합니다. 단계 $t$에서 변화도를
# $g_t$라 하면(제곱, 나눗셈, 제곱근은 모두 원소별입니다),
#
# $$
# \begin{aligned}
# m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
# v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
# m_0 &= v_0 = 0
# \end{aligned}
# $$
#
# - $m_t$는 변화도의 이동 평균, 즉 **1차 모멘트**(평균)의 추정값입니다. 최근 변화도들이 가리키는 방향을
#   모읍니다. 모멘텀과 비슷한 역할입니다.
# - $v_t$는 변화도 제곱의 이동 평균, 즉 **2차 모멘트**의 추정값입니다. 그 원소의 변화도가 대체로 얼마나
#   큰지를 기억합니다.
#
# 두 값은 0에서 출발하므로 처음 몇 단계 동안은 0 쪽으로 치우쳐 있습니다. 예를 들어 $m_1 = (1-\beta_1) g_1$은
# 실제 변화도의 10분의 1밖에 안 됩니다. 이 치우침을 바로잡는 것이 **편향 보정**(bias correction)입니다.
#
# $$
# \hat{m}_t = \frac{m_t}{1 - \beta_1^t}, \qquad \hat{v}_t = \frac{v_t}{1 - \beta_2^t}
# $$
#
# 그리고 매개변수 $\theta$를 다음과 같이 고칩니다. $\eta$가 학습률입니다.
#
# $$
# \theta_t = \theta_{t-1} - \eta\, \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}
# $$
#
# PyTorch의 기본값은 $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-8}$이고, 학습률의 기본값은 $10^{-3}$입니다.
# 이 예제는 학습률만 $10^{-4}$로 넘기고 나머지는 기본값을 씁니다. $\epsilon$은 분모가 0이 되는 것을 막는 작은
# 수로, PyTorch는 식 그대로 편향 보정을 마친 $\sqrt{\hat{v}_t}$에 더합니다. (여기서 편향 보정의 "편향"은 추정값의
# 치우침을 뜻하며, `Linear`의 편향 매개변수와는 관계가 없습니다.)
#
# ### 첫 단계는 부호만 봅니다
#
# $t = 1$을 대입해 보면 규칙의 성격이 잘 드러납니다. $\hat{m}_1 = g_1$, $\hat{v}_1 = g_1^2$이므로
#
# $$
# \theta_1 = \theta_0 - \eta\, \frac{g_1}{|g_1| + \epsilon} \approx \theta_0 - \eta\, \operatorname{sign}(g_1)
# $$
#
# 입니다. 변화도의 크기가 $\epsilon$보다 충분히 크기만 하면, 변화도가 100이든 0.01이든 **모든 원소가 거의 정확히
# 학습률만큼** 움직입니다. 모자라는 몫은 학습률의 $\epsilon / |g_1|$배쯤이고, 변화도가 정확히 0인 원소는 움직이지
# 않습니다. 그 뒤의 단계에서도 $\hat{m}_t / \sqrt{\hat{v}_t}$는 "변화도를 그 원소의 평소 변화도 크기로 나눈 값"이라
# 단위가 없는 수입니다. 변화도가 단계마다 거의 같으면 1에 가깝고, 부호가 자주 바뀌면 $\hat{m}_t$가 서로 상쇄되어
# 1보다 훨씬 작아집니다. 그래서 Adam의 학습률은 대략 **한 단계에 원소 하나가 움직이는 거리의 눈금**이 됩니다.
#
# ### 경사하강법과 무엇이 다른가
#
# 경사하강법의 한 걸음은 $\eta\, g_t$, 즉 변화도에 비례합니다. 변화도가 큰 원소는 크게, 작은 원소는 작게
# 움직이고, 모든 원소가 같은 학습률 하나를 나눠 씁니다. Adam은 원소마다 자기 변화도의 평소 크기
# $\sqrt{\hat{v}_t}$로 나누므로, **원소마다 걸음의 크기를 따로 맞추는** 셈입니다. 변화도가 늘 작은 원소도 작지 않은
# 걸음을 가고, 변화도가 늘 큰 원소는 걸음이 억제됩니다.
#
# 같은 이유로 Adam은 손실에 양의 상수를 곱해도($\epsilon$의 영향을 빼면) 갱신이 달라지지 않습니다. $g$가
# $c$배($c > 0$)가 되면 $\hat{m}$도 $c$배, $\sqrt{\hat{v}}$도 $c$배가 되어 서로 약분되기 때문입니다. 경사하강법은
# 걸음도 $c$배가 됩니다. 그래서 **같은 숫자의 학습률이라도 SGD와 Adam에서 뜻이 다릅니다.** 앞 단계와 이 단계가 모두
# `1e-4`를 쓰는 것은 우연히 같은 값일 뿐, SGD의 `1e-4`는 변화도에 곱하는 배율이고 Adam의 `1e-4`는 걸음
# 크기의 눈금입니다.
#
# 아래 셀은 원소 세 개의 변화도가 100, 1, -0.01로 크게 다를 때 한 단계를 비교합니다. 학습률은 눈에 잘
# 띄도록 0.1로 했습니다.

# %%
import copy

import torch

from loss_plot import plot_losses

# %%
start = torch.tensor([1.0, 1.0, 1.0])
grad = torch.tensor([100.0, 1.0, -0.01])  # 크기가 크게 다른 변화도

for name, make_optimizer in [("SGD", torch.optim.SGD), ("Adam", torch.optim.Adam)]:
    p = start.clone().requires_grad_()
    opt = make_optimizer([p], lr=0.1)
    p.grad = grad.clone()  # 역전파 대신 변화도를 직접 넣습니다.
    opt.step()
    moved = (p.detach() - start).tolist()
    print(f"{name:>4}의 첫 걸음:", [round(d, 6) for d in moved])

# %% [markdown]
# SGD는 변화도에 학습률을 곱한 만큼(-10, -0.1, 0.001) 움직였고, Adam은 세 원소 모두 학습률 0.1만큼 변화도의
# 반대 방향으로 움직였습니다. 마지막 원소는 변화도의 크기가 0.01로 작아도 $\epsilon = 10^{-8}$보다는 훨씬 크므로
# 0.1에서 $10^{-7}$쯤 모자랄 뿐입니다(출력은 소수점 아래 여섯 자리로 반올림한 값입니다).
#
# ### 식을 그대로 코드로 옮기기
#
# 기본 설정의 `torch.optim.Adam`이 위의 식대로 계산하는지 확인해 봅시다. 식을 그대로 옮긴 함수로 세 단계를
# 계산하고, 같은 변화도를 넣은 `torch.optim.Adam`의 결과와 비교합니다. 변화도는 단계마다 바꿔서 이동 평균이
# 실제로 쓰이게 합니다. 계산하는 순서가 조금 달라 `float32`의 마지막 자리는 다를 수 있으므로 `torch.allclose`로
# 비교합니다.

# %%
def adam_step_by_hand(theta, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam 한 단계를 식 그대로 계산합니다. 새 theta, m, v를 돌려줍니다."""
    m = beta1 * m + (1 - beta1) * g  # 1차 모멘트(변화도의 이동 평균)
    v = beta2 * v + (1 - beta2) * g**2  # 2차 모멘트(변화도 제곱의 이동 평균)
    m_hat = m / (1 - beta1**t)  # 편향 보정
    v_hat = v / (1 - beta2**t)
    theta = theta - lr * m_hat / (v_hat.sqrt() + eps)
    return theta, m, v


grads = [torch.tensor([100.0, 1.0, -0.01]), torch.tensor([50.0, -1.0, -0.02]), torch.tensor([-10.0, 2.0, 0.03])]

# 손으로 계산한 Adam
theta, m, v = start.clone(), torch.zeros(3), torch.zeros(3)
for t, g in enumerate(grads, start=1):
    theta, m, v = adam_step_by_hand(theta, g, m, v, t, lr=0.1)

# torch.optim.Adam
p = start.clone().requires_grad_()
opt = torch.optim.Adam([p], lr=0.1)
for g in grads:
    p.grad = g.clone()
    opt.step()

print("손으로 계산한 Adam:", theta.tolist())
print("torch.optim.Adam  :", p.detach().tolist())
print("같은가:", torch.allclose(theta, p.detach(), rtol=1e-5, atol=1e-7))

# %% [markdown]
# ## 준비: 장치, 데이터, 모델
#
# 장치(device), 데이터, 모델, 손실 함수는 앞 단계와 같습니다. 시드를 정한 뒤 `x`, `y`,
# 모델을 같은 순서로 만들기 때문에, 모델의 초기 가중치(weight)도 앞 단계와 같습니다. 그래서 두 페이지의
# 첫 손실은 같은 값이고, 그 뒤의 차이는 오로지 갱신 규칙의 차이입니다.
#
# 달라진 것은 마지막 줄, 옵티마이저를 만드는 부분입니다. 모델을 장치로 옮긴 **다음에**, 그 모델의
# 매개변수를 넘겨서 만듭니다.

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
dtype = torch.float32
print("실행한 장치:", device)

# %%
# N: 배치 크기, D_in: 입력 차원, H: 은닉층 차원, D_out: 출력 차원
N, D_in, H, D_out = 64, 1000, 100, 10

# 시드를 정한 뒤 x, y, 모델 순서로 만듭니다. 앞 단계와 같은 순서라 초기 가중치도 같습니다.
torch.manual_seed(0)
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)

model = torch.nn.Sequential(
    torch.nn.Linear(D_in, H),
    torch.nn.ReLU(),
    torch.nn.Linear(H, D_out),
).to(device)

# 오차 제곱합: 평균을 내지 않고 모두 더합니다.
loss_fn = torch.nn.MSELoss(reduction="sum")

learning_rate = 1e-4
# 모델을 장치로 옮긴 뒤, 갱신할 매개변수와 학습률을 넘겨 옵티마이저를 만듭니다.
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)

# %% [markdown]
# ## 학습하기
#
# 학습 루프에서 바뀐 곳은 두 군데입니다. `model.zero_grad()`가 `optimizer.zero_grad()`로, 그리고
# `torch.no_grad()` 안의 갱신 반복문이 `optimizer.step()` 한 줄로 바뀌었습니다. 이 예제에서는 옵티마이저가
# 모델의 모든 매개변수를 맡고 있으므로 두 `zero_grad()`는 같은 일을 합니다. 옵티마이저의 것을 부르는
# 습관을 들이면, 모델의 일부만 학습할 때도 "갱신하는 매개변수의 변화도를 비운다"는 짝이 맞습니다.
#
# 학습을 시작하기 전에, 뒤의 비교를 위해 학습 전 모델을 복사해 둡니다.

# %%
initial_model = copy.deepcopy(model)  # 학습 전 상태를 보관합니다. (뒤에서 비교용으로 씁니다.)

losses = []
for t in range(500):
    # 순전파: 예측과 손실을 계산합니다.
    y_pred = model(x)
    loss = loss_fn(y_pred, y)
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    # 옵티마이저가 맡은 매개변수들의 변화도를 비우고, 역전파로 다시 채웁니다.
    optimizer.zero_grad()
    loss.backward()

    # Adam 규칙으로 모든 매개변수를 한 번에 갱신합니다.
    optimizer.step()

# %% [markdown]
# 첫 손실은 앞 단계와 같은 값이지만, 출력된 다섯 줄은 앞 단계와 다릅니다. 같은 출발점에서 다른 규칙으로
# 움직였기 때문입니다. 처음과 마지막 손실도 확인해 봅시다.

# %%
print(f"첫 단계의 손실: {losses[0]:.4g}")
print(f"마지막 단계의 손실: {losses[-1]:.4g}")

# %% [markdown]
# ## 학습이 끝난 옵티마이저 들여다보기
#
# 옵티마이저는 두 가지를 들고 있습니다.
#
# - `optimizer.param_groups`: 매개변수 그룹의 목록입니다. 그룹마다 맡은 매개변수들과 설정값(학습률, $\beta_1$,
#   $\beta_2$, $\epsilon$ 등)이 들어 있어서, 그룹마다 학습률을 다르게 줄 수 있습니다. 이 예제는 그룹이 하나입니다.
# - `optimizer.state`: 매개변수를 키로 하는 사전으로, 규칙이 기억해야 하는 값이 들어 있습니다. Adam은
#   매개변수마다 단계 수 `step`, 1차 모멘트 `exp_avg`($m_t$), 2차 모멘트 `exp_avg_sq`($v_t$)를 첫 `step()` 때 만들어
#   기억합니다. `exp_avg`와 `exp_avg_sq`는 매개변수와 shape가 같으므로, **Adam은 매개변수 원소 수의 두 배만큼
#   값을 더 저장합니다.** 이 모델이라면 원소 101,110개에 모멘트 202,220개입니다.
#
# 아래 셀에서 첫 번째 `Linear`의 가중치에 딸린 상태를 꺼내 봅니다. 마지막으로, 위의 식에서 $\hat{m}_t$에 곱해지는
# 값 $\eta / (\sqrt{\hat{v}_t} + \epsilon)$를 원소마다 계산합니다. 원소마다 따로 정해진 학습률이라고 볼 수 있는
# 값인데, 같은 가중치 행렬 안에서도 원소에 따라 수십 배 차이가 납니다. 경사하강법이었다면 모든 원소가 같은
# 학습률 하나를 썼을 것입니다.

# %%
weight = model[0].weight
state = optimizer.state[weight]
print("상태의 키:", sorted(state))
print("step:", state["step"])
print("exp_avg shape:", tuple(state["exp_avg"].shape), " exp_avg_sq shape:", tuple(state["exp_avg_sq"].shape))
print("가중치 shape:", tuple(weight.shape))

group = optimizer.param_groups[0]
print("설정값:", {key: group[key] for key in ("lr", "betas", "eps", "weight_decay", "amsgrad")})
print("옵티마이저가 든 매개변수가 모델의 매개변수와 같은 객체인가:",
      all(p is q for p, q in zip(group["params"], model.parameters())))

state_elements = sum(s["exp_avg"].numel() + s["exp_avg_sq"].numel() for s in optimizer.state.values())
print(f"상태를 가진 매개변수 {len(optimizer.state)}개, 모멘트 원소 합계 {state_elements:,}개")

# 원소마다 m_hat에 곱해지는 학습률: lr / (sqrt(v_hat) + eps)
beta1, beta2 = group["betas"]
v_hat = state["exp_avg_sq"] / (1 - beta2 ** state["step"].item())
effective_lr = group["lr"] / (v_hat.sqrt() + group["eps"])
print(f"첫 번째 Linear 가중치의 원소별 학습률: 최소 {effective_lr.min().item():.3g}, "
      f"최대 {effective_lr.max().item():.3g}, 최대/최소 {(effective_lr.max() / effective_lr.min()).item():.3g}")

# %% [markdown]
# ## 손실의 크기와 학습률
#
# 앞 단계에서 `MSELoss()`의 기본값 `reduction="mean"`으로 바꾸면 변화도가 640분의 1이 되어, 같은 학습률의
# 경사하강법은 거의 움직이지 않는다는 것을 보았습니다. Adam에서는 사정이 다릅니다. 위에서 말했듯이
# 손실에 양의 상수를 곱해도 Adam의 갱신은 거의 그대로입니다. 학습 전 모델의 복사본에서 한 단계씩 갱신해 보고,
# `reduction="sum"`으로 잰 갱신의 크기(모든 원소를 모은 벡터의 길이)를 `"mean"`으로 잰 갱신의 크기로
# 나눠 봅니다.

# %%
def first_update_norm(make_optimizer, criterion):
    """학습 전 모델의 복사본에서 한 단계 갱신하고, 매개변수가 움직인 거리(전체 벡터의 길이)를 돌려줍니다."""
    trial = copy.deepcopy(initial_model)
    trial_optimizer = make_optimizer(trial.parameters())
    trial_optimizer.zero_grad()
    criterion(trial(x), y).backward()
    trial_optimizer.step()
    with torch.no_grad():
        moved = [(p - q).flatten() for p, q in zip(trial.parameters(), initial_model.parameters())]
        return torch.cat(moved).norm().item()


mean_loss_fn = torch.nn.MSELoss()  # 기본값 reduction="mean"
for name, make_optimizer in [
    ("SGD ", lambda params: torch.optim.SGD(params, lr=learning_rate)),
    ("Adam", lambda params: torch.optim.Adam(params, lr=learning_rate)),
]:
    ratio = first_update_norm(make_optimizer, loss_fn) / first_update_norm(make_optimizer, mean_loss_fn)
    print(f"{name}: 갱신 크기(sum) / 갱신 크기(mean) = {ratio:.4g}")

# %% [markdown]
# SGD의 갱신은 손실의 크기를 그대로 따라가서 비가 출력 원소 수 640이 되고, Adam의 갱신은 손실의 크기와 거의
# 무관하게 비가 1에 가깝습니다. 학습률은 옵티마이저와 손실의 정의를 함께 놓고 정해야 합니다.

# %% [markdown]
# ## 앞 단계에서 무엇이 바뀌었나
#
# | 항목 | 앞 단계: 손으로 쓴 경사하강법 | 이 단계: `torch.optim.Adam` |
# |---|---|---|
# | 모델, 데이터, 손실 함수 | `Sequential`, `MSELoss(reduction="sum")` | 같음 |
# | 초기 가중치, 첫 손실 | 시드 다음 `x`, `y`, 모델 순서 | 같은 순서, 같은 값 |
# | 변화도 초기화 | `model.zero_grad()` | `optimizer.zero_grad()` |
# | 갱신 | `no_grad` 안에서 `param -= learning_rate * param.grad` | `optimizer.step()` |
# | 갱신 규칙 | 걸음 = 학습률 × 변화도 | 원소마다 모멘트로 걸음 크기를 맞춤 |
# | 기억하는 값 | 없음 | 원소마다 `exp_avg`, `exp_avg_sq` |
# | 학습률 | `1e-4` (변화도에 곱하는 배율) | `1e-4` (걸음 크기의 눈금) |
#
# 바꾼 이유는 앞 단계에서 모델을 `nn`에 맡긴 이유와 같습니다. **무엇을 학습하는가(모델)와 어떻게
# 학습하는가(갱신 규칙)를 떼어 놓기 위해서**입니다. 이제 갱신 규칙을 바꾸려면 옵티마이저를 만드는 한 줄만
# 고치면 됩니다. `torch.optim.Adam`을 `torch.optim.SGD`나 `torch.optim.RMSprop`으로 바꿔도 학습 루프는
# 그대로입니다. 모멘트처럼 규칙이 기억해야 하는 값도 옵티마이저가 매개변수마다 알아서 만들고 보관합니다.

# %% [markdown]
# ## 자주 하는 실수
#
# - **`zero_grad()`를 역전파와 `step()` 사이에 두는 경우.** 방금 구한 변화도가 `None`이 됩니다. 앞 단계처럼
#   손으로 갱신할 때는 `TypeError`라도 났지만, `step()`은 변화도가 `None`인 매개변수를 **조용히 건너뜁니다.**
#   오류 없이 실행되는데 아무것도 학습되지 않으니 찾기 어려운 실수입니다. 순서는 항상
#   `zero_grad()` → `backward()` → `step()`입니다.
# - **옵티마이저를 단계마다 새로 만드는 경우.** Adam의 모멘트는 옵티마이저 안에 있으므로, 루프 안에서
#   옵티마이저를 다시 만들면 기억이 매번 지워집니다. 그러면 모든 단계가 "첫 단계"가 되어, 위에서 본 것처럼
#   변화도의 부호만 보는 갱신을 되풀이합니다. 옵티마이저는 루프 밖에서 **한 번만** 만듭니다.
# - **엉뚱한 매개변수를 넘기는 경우.** 옵티마이저는 만들 때 받은 매개변수 객체만 갱신합니다.
#   `model[0].parameters()`를 넘기면 첫 번째 계층만 학습하고, 옵티마이저를 만든 뒤에 `model = ...`로 모델을
#   새로 만들면 옵티마이저는 옛 모델의 매개변수를 고치고 새 모델은 그대로 둡니다. 아래 셀에서 확인합니다.
# - **모델을 장치로 옮기는 순서.** 이 예제처럼 모델을 옮긴 **뒤에** 옵티마이저를 만드는 것이 가장 안전합니다.
#   모듈(module)의 `.to()`는 매개변수 객체를 새로 만들지 않고 그 안의 데이터만 바꿔 끼우므로, 옵티마이저를 먼저
#   만들고 모델을 옮겨도 옵티마이저가 든 매개변수는 여전히 모델의 매개변수입니다. 하지만 `step()`을 해서 상태가
#   생긴 뒤라면 `exp_avg` 같은 상태 텐서(tensor)는 함께 옮겨지지 않습니다. 장치를 정하는 일은 옵티마이저를
#   만들기 전에 끝내 두세요.
# - **학습률을 옵티마이저 사이에서 그대로 옮기는 경우.** SGD와 Adam의 학습률은 뜻이 다르므로, 옵티마이저를
#   바꾸면 학습률도 다시 정해야 합니다.
#
# 아래 셀은 처음 세 가지를 학습 전 모델의 복사본으로 재현합니다.

# %%
def changed(a, b):
    """두 모델의 매개변수 중 하나라도 값이 다르면 True입니다."""
    return any(not torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


# 1) zero_grad를 역전파와 step 사이에 두면: 아무것도 바뀌지 않고 오류도 없습니다.
demo = copy.deepcopy(initial_model)
demo_optimizer = torch.optim.Adam(demo.parameters(), lr=learning_rate)
loss_fn(demo(x), y).backward()
demo_optimizer.zero_grad()  # 잘못된 자리: 방금 구한 변화도를 지웁니다.
demo_optimizer.step()
print("잘못된 순서로 step()한 뒤 매개변수가 바뀌었나:", changed(demo, initial_model))

# 2) 옵티마이저를 단계마다 새로 만들면: 상태의 step이 매번 1에서 다시 시작합니다.
steps_seen = []
for _ in range(3):
    fresh_optimizer = torch.optim.Adam(demo.parameters(), lr=learning_rate)  # 잘못: 루프 안에서 새로 만듦
    fresh_optimizer.zero_grad()
    loss_fn(demo(x), y).backward()
    fresh_optimizer.step()
    steps_seen.append(int(fresh_optimizer.state[demo[0].weight]["step"].item()))
print("단계마다 새로 만든 옵티마이저의 step:", steps_seen)
print("루프 밖에서 한 번 만든 옵티마이저의 step:", int(state["step"].item()))

# 3) 옵티마이저를 만든 뒤 모델을 새로 만들면: 새 모델은 학습되지 않습니다.
old_model = copy.deepcopy(initial_model)
stale_optimizer = torch.optim.Adam(old_model.parameters(), lr=learning_rate)
new_model = copy.deepcopy(initial_model)  # 옵티마이저를 만든 뒤에 새로 만든 모델
stale_optimizer.zero_grad()
loss_fn(new_model(x), y).backward()
stale_optimizer.step()
print("새 모델의 매개변수가 바뀌었나:", changed(new_model, initial_model))

# %% [markdown]
# ## 손실 곡선
#
# 손실 곡선을 그립니다. 앞 단계(경사하강법)의 곡선과는 생김새가 다릅니다. 경사하강법의 곡선은 처음에
# 가장 가파르고 갈수록 완만해졌지만, Adam의 곡선은 처음 100단계 동안 앞 단계보다 천천히 내려가다가
# 뒤로 갈수록 오히려 가팔라집니다. 중반 이후로는 같은 100단계 동안 손실이 줄어드는 비율이 앞 단계보다 크고,
# 500단계가 끝날 때는 앞 단계보다 낮은 손실에 이릅니다.
#
# 처음이 느린 이유는 위의 식에서 읽을 수 있습니다. 이 모델의 첫 변화도는 원소의 절반 이상에서 크기가 1보다
# 크고, 매개변수 텐서마다 평균을 내도 1보다 큽니다. 그래서 처음에는 경사하강법의 걸음(학습률 × 변화도)이
# Adam의 걸음(원소마다 대략 학습률)보다 대체로 큽니다. 뒤로 갈수록 경사하강법은 변화도와 함께 걸음이 줄어
# 느려지는 반면, Adam은 원소마다 변화도의 크기로 나눈 걸음을 가므로 변화도가 작아진 원소도 계속 움직입니다. 다만 어느 쪽이 더 빠른지는 문제와 설정값에 따라 달라지며, 이
# 비교는 이 예제 하나에 대한 관찰입니다.

# %%
fig = plot_losses(losses, "Adam 옵티마이저로 학습한 신경망의 손실")

# %% [markdown]
# ## 정리
#
# Adam은 원소마다 변화도를 그 원소의 평소 변화도 크기로 나눈 만큼 움직입니다. 그래서 첫 걸음은 모든 원소가
# 학습률만큼이고, 손실에 양의 상수를 곱해도 갱신이 거의 변하지 않으며, 그 대가로 매개변수 원소 수의 두 배만큼
# 상태를 더 기억합니다. 다음 단계에서는 모델을 `nn.Module`의 하위 클래스(subclass)로 직접 정의해서, 순전파를
# `forward` 메서드에 원하는 대로 적습니다.

# %% [markdown]
# ## 연습 문제
#
# 답을 먼저 예측해 본 뒤 펼쳐 보세요. 답의 코드와 출력은 본문처럼 사이트를 빌드할 때 실제로 실행한 결과입니다.
#
# ### 문제 1. 실제 모델에서 Adam의 첫 걸음
#
# 학습 전 모델의 복사본에 `torch.optim.Adam(lr=1e-4)`로 한 단계만 갱신하면, 매개변수의 원소 101,110개는 각각
# 얼마나 움직일까요? 이 모델의 변화도는 원소마다 크기가 아주 다르다는 점을 생각하고 예측해 보세요.

# %% [markdown] tags=["answer"]
# 변화도의 크기와 상관없이 거의 모든 원소가 학습률 $10^{-4}$만큼 움직입니다. 본문의 "첫 단계는 부호만 봅니다"에서
# 본 것처럼, 첫 단계의 갱신은 $\eta\, g_1 / (|g_1| + \epsilon)$이어서 변화도가 $\epsilon = 10^{-8}$보다 충분히 크기만
# 하면 크기는 약분되고 부호만 남기 때문입니다. 예외는 변화도가 $\epsilon$에 견줄 만큼 작은 원소인데, 그런 원소는
# 학습률보다 덜 움직이고, 변화도가 정확히 0인 원소는 움직이지 않습니다. 이 모델에서는 가장 작은 변화도도
# $\epsilon$보다 훨씬 커서 그런 원소가 없습니다. 아래 코드는 변화도의 크기가 얼마나 다른지와, 움직인 거리가
# 학습률에서 1% 넘게 벗어난 원소가 몇 개인지 셉니다.

# %% tags=["answer"]
first_step = copy.deepcopy(initial_model)
first_optimizer = torch.optim.Adam(first_step.parameters(), lr=learning_rate)
first_optimizer.zero_grad()
loss_fn(first_step(x), y).backward()
all_grads = torch.cat([p.grad.abs().flatten() for p in first_step.parameters()])
first_optimizer.step()
with torch.no_grad():
    moved = torch.cat([(p - q).abs().flatten() for p, q in zip(first_step.parameters(), initial_model.parameters())])
print(f"변화도 크기: 최소 {all_grads.min().item():.2g}, 최대 {all_grads.max().item():.2g}")
print(f"움직인 거리: 최소 {moved.min().item():.4g}, 최대 {moved.max().item():.4g}")
off = ((moved - learning_rate).abs() > 0.01 * learning_rate).sum().item()
print(f"학습률에서 1% 넘게 벗어난 원소: {moved.numel():,}개 중 {off}개")

# %% [markdown]
# ### 문제 2. 학습 도중 학습률 바꾸기
#
# 학습이 어느 정도 진행되면 학습률을 줄이고 싶을 때가 많습니다. 이미 만든 옵티마이저의 학습률은 어떻게 바꿀까요?
# 옵티마이저를 새로 만들면 안 되는 이유도 생각해 보세요.

# %% [markdown] tags=["answer"]
# 학습률은 `optimizer.param_groups`의 각 그룹에 `"lr"`라는 키로 들어 있습니다. 이 값을 바꾸면 다음 `step()`부터
# 새 학습률을 씁니다. 옵티마이저를 새로 만들면 본문의 "자주 하는 실수"에서 본 것처럼 Adam의 모멘트가 모두
# 지워지므로, 학습률만 바꾸려면 이 방법을 씁니다. `torch.optim.lr_scheduler`의 스케줄러들도 정해진 규칙에 따라
# 바로 이 값을 바꿔 주는 도구입니다. 아래 코드는 `StepLR`로 한 단계마다 학습률을 10분의 1로 줄여 봅니다.
# 스케줄러의 `step()`은 옵티마이저의 `step()` 뒤에 부릅니다.

# %% tags=["answer"]
decay_model = copy.deepcopy(initial_model)
decay_optimizer = torch.optim.Adam(decay_model.parameters(), lr=learning_rate)
scheduler = torch.optim.lr_scheduler.StepLR(decay_optimizer, step_size=1, gamma=0.1)
for step in range(3):
    decay_optimizer.zero_grad()
    loss_fn(decay_model(x), y).backward()
    decay_optimizer.step()
    scheduler.step()  # param_groups[0]["lr"]에 0.1을 곱합니다.
    print(f"{step + 1}단계 뒤 학습률: {decay_optimizer.param_groups[0]['lr']:.0e}")

decay_optimizer.param_groups[0]["lr"] = 5e-5  # 직접 바꿀 수도 있습니다.
print("직접 바꾼 학습률:", decay_optimizer.param_groups[0]["lr"])

# %% [markdown]
# ### 문제 3. `torch.optim.SGD`는 손으로 쓴 갱신과 비트까지 같을까?
#
# 본문에서 `torch.optim.SGD(model.parameters(), lr=1e-4)`의 `step()` 한 번은 앞 단계의 손 갱신과 같은 식을
# 계산한다고 했습니다. 같은 모델에서 한쪽은 손으로, 다른 쪽은 `SGD`로 갱신하면 매개변수가 비트 하나까지 같을까요? 100단계
# 뒤의 손실은요?

# %% [markdown] tags=["answer"]
# 수학적으로는 같은 식이지만 비트까지 같지는 않습니다. 손으로 쓴 `param -= learning_rate * param.grad`는
# `learning_rate * param.grad`라는 새 텐서를 먼저 만들어 반올림한 뒤 빼고, `step()`은 `param.add_(param.grad,
# alpha=-lr)`처럼 곱하고 더하는 일을 연산 하나로 처리합니다. 계산 방법이 달라서 반올림 결과가 마지막 비트에서
# 달라지는 원소가 생깁니다. 그 차이는 `float32`의 정밀도 수준이라 아주 작지만, 가중치가 조금이라도 달라지면 그
# 뒤의 모든 계산이 달라지므로 손실은 첫 갱신 바로 다음 단계부터 뒤쪽 자리가 달라집니다. 8단계 페이지에서 손실의
# 끝자리가 6단계와 조금 다른 이유 하나가 이것입니다.

# %% tags=["answer"]
def sgd_losses(use_optimizer, steps=100):
    """학습 전 모델의 복사본을 경사하강법으로 학습하고, 단계별 손실과 첫 갱신 뒤의 매개변수를 돌려줍니다."""
    trial = copy.deepcopy(initial_model)
    trial_optimizer = torch.optim.SGD(trial.parameters(), lr=learning_rate)
    history, after_first = [], None
    for _ in range(steps):
        trial_loss = loss_fn(trial(x), y)
        history.append(trial_loss.item())
        trial_optimizer.zero_grad()
        trial_loss.backward()
        if use_optimizer:
            trial_optimizer.step()
        else:
            with torch.no_grad():
                for param in trial.parameters():
                    param -= learning_rate * param.grad
        if after_first is None:
            after_first = [p.detach().clone() for p in trial.parameters()]
    return history, after_first


by_hand, hand_params = sgd_losses(use_optimizer=False)
by_step, step_params = sgd_losses(use_optimizer=True)
same = sum((p == q).sum().item() for p, q in zip(hand_params, step_params))
total = sum(p.numel() for p in hand_params)
print(f"첫 갱신 뒤 비트까지 같은 원소: {total:,}개 중 {same:,}개")
differ = [step for step, (p, q) in enumerate(zip(by_hand, by_step)) if p != q]
print("손실이 처음 달라진 단계:", differ[0] if differ else "없음")
print(f"100단계째 손실의 상대 차이: {abs(by_hand[-1] - by_step[-1]) / by_hand[-1]:.1e}")
