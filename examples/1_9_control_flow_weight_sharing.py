# %% [markdown]
# # 제어 흐름과 가중치 공유
#
# > 순전파(forward pass)마다 깊이가 바뀌는 모델에서, 파이썬 제어 흐름으로 한 계층을 여러 번 다시 쓰는 가중치 공유를 봅니다.
#
# 앞 단계에서는 `torch.nn.Module`의 하위 클래스(subclass)를 직접 정의해서 모델을 만들었습니다. 그때의
# `forward`는 `nn.Sequential`로도 쓸 수 있는 단순한 계산이었습니다. 이번 단계에서는 `forward`가 **평범한
# 파이썬 코드**라는 점을 본격적으로 활용합니다.
#
# 이 페이지의 모델 `DynamicNet`은 순전파(forward pass)를 할 때마다 주사위를 굴려 은닉층(hidden layer)의
# 개수를 정합니다. 그리고 늘어난 은닉층에는 새 계층(layer)을 만들지 않고 **같은 계층 하나를 거듭
# 씁니다.** 그래서 이 모델에는 두 가지 개념이 함께 들어 있습니다.
#
# - **제어 흐름(control flow)**: `for`문과 `if`문 같은 파이썬의 제어 흐름을 순전파 안에서 그대로 씁니다.
# - **가중치 공유(weight sharing)**: 한 계층의 가중치(weight)를 한 번의 순전파에서 여러 번 씁니다.
#
# 이 페이지에서 배울 내용은 다음과 같습니다.
#
# - 동적 그래프(dynamic graph)에서는 반복 횟수가 매번 달라지는 `for`문도 그냥 동작하는 이유
# - 가중치 공유가 코드의 어디에 있는지, 그리고 공유된 가중치의 변화도(gradient)가 **각 사용에서 온 변화도의
#   합**이라는 것(직접 계산해서 확인합니다)
# - 모멘텀(momentum)이 있는 확률적 경사하강법(SGD)의 갱신 식
# - 이 모델의 손실(loss) 곡선이 들쭉날쭉한 이유

# %% [markdown]
# ## 순전파마다 깊이가 바뀌는 모델
#
# `DynamicNet`은 `nn.Linear` 세 개를 가집니다.
#
# | 속성 | 모듈 | 가중치 shape | 하는 일 |
# |---|---|---|---|
# | `input_linear` | `Linear(D_in, H)` | $(100, 1000)$ | 입력을 은닉 차원으로 |
# | `middle_linear` | `Linear(H, H)` | $(100, 100)$ | 은닉 차원에서 은닉 차원으로, **여러 번 재사용** |
# | `output_linear` | `Linear(H, D_out)` | $(10, 100)$ | 은닉 차원을 출력으로 |
#
# 순전파는 다음 순서로 진행합니다.
#
# 1. `input_linear`와 ReLU를 거칩니다. 이것이 첫 번째 은닉층입니다.
# 2. `random.randint(0, 3)`으로 0 이상 3 이하의 정수 $k$를 하나 뽑고, `middle_linear`와 ReLU를 $k$번
#    거듭 거칩니다. 모두 **같은** `middle_linear`입니다.
# 3. `output_linear`로 출력을 계산합니다.
#
# 그러므로 은닉층은 $k + 1$개, 즉 순전파마다 **1개에서 4개 사이**가 됩니다. 식으로 쓰면 입력 $x$ 하나에
# 대해 다음과 같습니다(ReLU는 원소별로 $\max(\cdot, 0)$입니다).
#
# $$
# h_0 = \mathrm{ReLU}(W_{in} x + b_{in}), \qquad
# h_j = \mathrm{ReLU}(W h_{j-1} + b) \quad (j = 1, \dots, k), \qquad
# \hat{y} = W_{out} h_k + b_{out}
# $$
#
# 가운데 식에 번호 $j$가 붙은 것은 $h_j$뿐이고, $W$와 $b$에는 번호가 없습니다. 몇 번째 은닉층이든 같은
# $W$와 $b$를 쓴다는 뜻입니다. 이것이 가중치 공유입니다.

# %% [markdown]
# ## 준비: 장치, 데이터, 모델
#
# 장치(device)와 데이터는 지금까지와 같습니다. 이번에는 파이썬의 `random` 모듈도 쓰므로
# `torch.manual_seed(0)`과 함께 `random.seed(0)`으로 파이썬의 난수도 고정합니다. 두 난수 생성기는 서로
# 독립이어서, 한쪽만 고정하면 실행할 때마다 뽑히는 깊이가 달라집니다.

# %%
import random

import torch

from loss_plot import plot_losses

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print("실행한 장치:", device)

# %%
# N: 배치 크기, D_in: 입력 차원, H: 은닉층 차원, D_out: 출력 차원
N, D_in, H, D_out = 64, 1000, 100, 10

torch.manual_seed(0)  # PyTorch의 난수: 데이터와 가중치 초기화
random.seed(0)  # 파이썬의 난수: 순전파마다 뽑는 반복 횟수

x = torch.randn(N, D_in, device=device)
y = torch.randn(N, D_out, device=device)


# %%
class DynamicNet(torch.nn.Module):
    """순전파마다 가운데 계층을 0~3번 더 거쳐서, 은닉층이 1~4개가 되는 신경망입니다."""

    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.input_linear = torch.nn.Linear(D_in, H)
        self.middle_linear = torch.nn.Linear(H, H)  # 하나만 만들고 여러 번 씁니다.
        self.output_linear = torch.nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.input_linear(x).clamp(min=0)
        # 0 이상 3 이하(양 끝 포함)의 횟수만큼 같은 계층을 다시 거칩니다.
        for _ in range(random.randint(0, 3)):
            h_relu = self.middle_linear(h_relu).clamp(min=0)
        y_pred = self.output_linear(h_relu)
        return y_pred


model = DynamicNet(D_in, H, D_out).to(device)
print(model)


# %% [markdown]
# `print(model)`에는 `middle_linear`가 **한 번만** 나옵니다. 모델이 가진 계층은 세 개이고, 몇 번 쓰느냐는
# `forward`가 실행될 때 정해지기 때문입니다.
#
# 아래 실험들에서는 반복 횟수를 운에 맡기지 않고 직접 정해야 합니다. 그래서 `forward`와 같은 계산을 하되
# 가운데 계층을 쓰는 횟수 `k`를 인자로 받는 도우미 함수를 하나 만들어 둡니다.

# %%
def forward_with_uses(model, x, k):
    """DynamicNet.forward와 같은 계산을 하되, 가운데 계층을 쓰는 횟수 k를 직접 정합니다."""
    h_relu = model.input_linear(x).clamp(min=0)
    for _ in range(k):
        h_relu = model.middle_linear(h_relu).clamp(min=0)
    return model.output_linear(h_relu)


loss_fn = torch.nn.MSELoss(reduction="sum")

# %% [markdown]
# ## 반복 횟수는 0, 1, 2, 3 가운데 하나입니다
#
# 원래 튜토리얼은 판이 바뀌는 동안 글이 말하는 반복 범위와 코드가 실제로 쓰는 범위가 어긋나기도 했습니다.
# 이 페이지의 범위는 코드 그대로입니다. 파이썬의 `random.randint(a, b)`는 **양 끝을 모두 포함**해서
# $a$ 이상 $b$ 이하의 정수를 돌려주므로, 가운데 계층을 다시 쓰는 횟수는 0, 1, 2, 3 가운데 하나입니다. 끝을
# 포함하지 않는 `range`, `random.randrange`, `torch.randint`와 헷갈리기 쉬우니 아래에서 직접 비교합니다.
# (전역 난수 상태를 건드리지 않도록 따로 만든 난수 생성기를 씁니다.)

# %%
rng = random.Random(1)  # 이 셀에서만 쓰는 파이썬 난수 생성기
gen = torch.Generator().manual_seed(1)  # 이 셀에서만 쓰는 PyTorch 난수 생성기

print("random.randint(0, 3):  ", sorted({rng.randint(0, 3) for _ in range(1000)}))
print("random.randrange(0, 3):", sorted({rng.randrange(0, 3) for _ in range(1000)}))
print("torch.randint(0, 3):   ", torch.randint(0, 3, (1000,), generator=gen).unique().tolist())
print("list(range(0, 3)):     ", list(range(0, 3)))

# %% [markdown]
# ## 제어 흐름은 그냥 동작합니다
#
# `forward` 안의 `for`문은 PyTorch가 따로 제공하는 반복 연산이 아니라 평범한 파이썬 `for`문입니다. 그런데도
# 역전파(backward pass)가 제대로 되는 이유는 3단계에서 본 동적 그래프에 있습니다. autograd는 코드를
# 미리 분석하지 않습니다. 순전파가 **실행되는 동안** 실제로 일어난 연산을 하나씩 연산 그래프(computational
# graph)에 기록할 뿐입니다. `for`문이 두 번 돌았다면 `middle_linear`를 두 번 거친 기록이 남고, 한 번도 돌지
# 않았다면 아무 기록도 남지 않습니다. 파이썬이 `for`문과 `if`문을 처리하고 나면 autograd에게 남는 것은
# 연산의 나열뿐이므로, 어떤 제어 흐름을 쓰든 역전파는 그 순전파에서 만들어진 그래프를 거꾸로 따라가기만
# 하면 됩니다.
#
# 아래 셀은 `k`를 0부터 3까지 바꿔 가며 손실에서 출발해 연산 그래프를 거슬러 올라갑니다. 그리고 그래프의
# 노드 수, 그래프에 들어 있는 매개변수(parameter)의 수(`AccumulateGrad` 노드의 수), `middle_linear.weight`로
# 들어가는 화살표의 수를 셉니다.

# %%
def describe_graph(loss, param):
    """손실에서 출발해 연산 그래프를 거슬러 올라가며 노드와 화살표를 셉니다."""
    seen, stack = set(), [loss.grad_fn]
    arrows_into_param = 0
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for next_node, _ in node.next_functions:
            if next_node is None:
                continue
            # AccumulateGrad 노드는 자신이 변화도를 쌓을 잎 텐서를 variable로 알고 있습니다.
            if getattr(next_node, "variable", None) is param:
                arrows_into_param += 1
            stack.append(next_node)
    n_leaves = sum(1 for node in seen if type(node).__name__ == "AccumulateGrad")
    return len(seen), n_leaves, arrows_into_param


for k in range(4):
    loss = loss_fn(forward_with_uses(model, x, k), y)
    n_nodes, n_leaves, arrows = describe_graph(loss, model.middle_linear.weight)
    print(f"k={k}: 노드 {n_nodes}개, 그래프 안의 매개변수 {n_leaves}개, middle_linear.weight로 가는 화살표 {arrows}개")

# %% [markdown]
# `k`가 하나 늘 때마다 그래프에는 노드가 몇 개씩 늘어납니다. `middle_linear`를 한 번 거칠 때마다 행렬 곱,
# 전치, ReLU의 기록이 새로 생기기 때문입니다. 반면 그래프 안의 매개변수는 `k`가 1 이상이기만 하면 언제나
# 6개입니다. 가운데 계층의 가중치와 편향(bias)이 몇 번 쓰이든 그래프 안의 잎은 하나씩이고, 대신
# `middle_linear.weight`로 들어가는 화살표가 `k`개로 늘어납니다. 이 "한 잎으로 모이는 여러 화살표"가 바로
# 가중치 공유의 모습입니다. `k`가 0이면 가운데 계층이 한 번도 쓰이지 않아 그래프에 나타나지도 않습니다.
#
# ### 정적 그래프였다면
#
# 5단계에서는 그래프를 한 번 정의해 두고 여러 번 실행하는 정적 그래프(static graph)를 살펴보았습니다.
# 정적 그래프에서는 그래프를 만드는 시점에 모든 연산이 정해져야 합니다. 그래서 "순전파마다 반복 횟수를
# 새로 뽑는" 모델은 그대로 옮길 수 없습니다. 반복을 그래프 안의 특별한 반복 연산으로 바꿔 써야 합니다.
#
# 5단계 끝에서는 `torch.fx.symbolic_trace`로 추적(tracing)할 때 생기는 일도 보았습니다. 텐서의 값에 따라
# 갈라지는 `if`는 추적 자체가 실패하고, 난수로 횟수를 정하는 반복은 오류 없이 **한 가지 횟수로 굳어**
# 버립니다. 이번에는 그 일을 `DynamicNet`에 직접 해 봅니다. 추적은 `forward`를 **한 번** 실행하면서 일어난
# 연산을 기록하므로, 파이썬 `for`문은 추적하는 그 순간에 뽑힌 횟수만큼 풀려서 그래프에 고정됩니다. 아래
# 셀에서 추적한 그래프의 코드를 출력해 보면 `middle_linear`를 부르는 줄의 수가 정해져 있고, 이 그래프는 몇
# 번을 실행해도 늘 그만큼만 반복합니다. 무작위 깊이라는 모델의 성질이 사라진 것입니다.
#
# 추적할 때도 `random.randint`가 한 번 불립니다. 그래서 아래 학습 결과가 이 셀의 유무와 상관없도록, 추적하기
# 전에 파이썬의 난수 상태를 저장했다가 추적이 끝나면 되돌려 놓습니다.

# %%
python_random_state = random.getstate()
traced = torch.fx.symbolic_trace(model)
random.setstate(python_random_state)

print(traced.code.strip())
fixed_uses = sum(1 for node in traced.graph.nodes if node.op == "call_module" and node.target == "middle_linear")
print("추적한 그래프가 middle_linear를 부르는 횟수:", fixed_uses)

# %% [markdown]
# ## 가중치 공유는 어디에 있을까
#
# 원래 튜토리얼을 읽은 사람들이 자주 묻는 질문입니다. 코드 어디에도 "공유"라는 말이 없기 때문입니다. 답은
# `__init__`에서 `middle_linear`를 **하나만** 만들고, `forward`에서 그 하나를 여러 번 부른다는 데 있습니다.
# `nn.Linear` 하나는 가중치 텐서 하나와 편향 텐서 하나를 가지므로, 가운데 계층을 몇 번 쓰든 그 계층들은 모두
# 같은 가중치 텐서와 같은 편향 텐서를 씁니다. 공유는 새 기능이 아니라 "같은 모듈을 다시 부른다"는 평범한
# 코드의 결과입니다.
#
# 세 가지로 확인해 봅시다.
#
# 1. 매개변수 텐서의 수는 가운데 계층을 몇 번 쓰든 6개(가중치 3개, 편향 3개)입니다. 은닉층 네 개에 각각
#    따로 가중치를 두는 모델보다 학습할 수가 적습니다.
# 2. 한 번의 순전파에서 가운데 계층이 쓰일 때마다 넘겨받는 가중치는 **같은 객체**입니다.
# 3. 공유된 가중치의 변화도는 각 사용에서 온 변화도의 합입니다. 이것은 다음 절에서 따로 다룹니다.

# %%
params = list(model.parameters())
print("매개변수 텐서의 수:", len(params))
print("학습할 수(원소)의 합:", sum(p.numel() for p in params))

# 비교: 은닉층 네 개가 각자 가중치를 가지면(공유하지 않으면) 필요한 학습할 수
# Linear(입력, 출력)의 학습할 수는 가중치 입력×출력 개와 편향 출력 개입니다.
unshared_layers = [(D_in, H), (H, H), (H, H), (H, H), (H, D_out)]
print("공유하지 않는 은닉층 4개 모델의 학습할 수:", sum(n_in * n_out + n_out for n_in, n_out in unshared_layers))

# %%
# 가운데 계층이 불릴 때마다 그 계층의 weight 속성을 기록하는 훅을 겁니다.
weights_seen = []
handle = model.middle_linear.register_forward_hook(
    lambda module, inputs, output: weights_seen.append(module.weight)
)
with torch.no_grad():
    forward_with_uses(model, x, 3)
handle.remove()

print("가운데 계층이 불린 횟수:", len(weights_seen))
print("매번 같은 객체인가?", all(w is model.middle_linear.weight for w in weights_seen))
print("id도 모두 같은가?", {id(w) for w in weights_seen} == {id(model.middle_linear.weight)})

# %% [markdown]
# ## 공유된 가중치의 변화도는 각 사용의 합입니다
#
# 가중치 $W$를 한 번의 순전파에서 $k$번 썼다면, 손실 $L$은 $W$에 $k$개의 경로로 의존합니다. 이것을 분명히
# 보려고 $j$번째 사용에서 쓰인 가중치를 잠시 $W^{(j)}$라는 별개의 변수로 생각해 봅시다. 값은 모두 $W$와
# 같습니다.
#
# $$
# h_j = \mathrm{ReLU}\big(W^{(j)} h_{j-1} + b^{(j)}\big), \qquad W^{(1)} = \dots = W^{(k)} = W, \quad b^{(1)} = \dots = b^{(k)} = b
# $$
#
# 다변수 함수의 연쇄 법칙(chain rule)에 따르면, $W$가 조금 변할 때 손실의 변화는 $k$개의 경로를 따라 생긴
# 변화를 모두 더한 것입니다. 그러므로
#
# $$
# \frac{\partial L}{\partial W} = \sum_{j=1}^{k} \frac{\partial L}{\partial W^{(j)}}, \qquad
# \frac{\partial L}{\partial b} = \sum_{j=1}^{k} \frac{\partial L}{\partial b^{(j)}}
# $$
#
# 이고, 각 항은 보통의 완전 연결(fully-connected) 계층과 같은 식으로 구해집니다. $z_j = W^{(j)} h_{j-1} + b^{(j)}$를
# ReLU에 들어가기 전의 값이라 하면 $\frac{\partial L}{\partial W^{(j)}} = \frac{\partial L}{\partial z_j}\, h_{j-1}^{\top}$이고,
# 배치에서는 여기에 데이터마다의 값을 더합니다. 각 항의 값은 서로 다릅니다. 같은 가중치라도 사용마다
# 들어오는 입력 $h_{j-1}$과 뒤에서 돌아오는 변화도 $\frac{\partial L}{\partial z_j}$가 다르기 때문입니다.
#
# autograd는 이 합을 따로 계산하지 않습니다. 3단계에서 본 것처럼 `backward()`는 잎 텐서의 `.grad`에 변화도를
# **더하기** 때문에, 위의 그래프에서 `middle_linear.weight`로 모이던 $k$개의 화살표가 각자 자기 몫을
# 더하고 나면 `.grad`에는 저절로 합이 남습니다. 변화도를 덮어쓰지 않고 더하도록 설계한 이유 하나가 바로
# 이것입니다.
#
# 수치로 확인해 봅시다. 먼저 `k = 3`으로 순전파하고 역전파해서 `middle_linear.weight.grad`를 얻습니다.
# 그다음 같은 계산을 하되, 가운데 계층의 가중치와 편향을 사용 횟수만큼 **따로 복사**해서 $j$번째 사용에
# $j$번째 복사본을 씁니다. 복사본들의 값은 모두 같으므로 순전파 결과도 같지만, 이제 각 복사본에 대한
# 변화도는 자기 사용에서 온 몫뿐입니다. 이것을 모두 더해 첫 번째 결과와 비교합니다. 복사본에 대한 변화도는
# 모델의 `.grad`를 건드리지 않도록 `torch.autograd.grad`로 직접 돌려받습니다. 이 함수는 `backward()`와 같은
# 역전파를 하되, 변화도를 `.grad`에 쌓는 대신 돌려줍니다.

# %%
def per_use_gradients(model, x, y, k):
    """가운데 계층의 가중치와 편향을 사용마다 따로 복사해 순전파하고, 복사본마다 받은 변화도를 돌려줍니다."""
    weight = model.middle_linear.weight.detach()
    bias = model.middle_linear.bias.detach()
    weight_copies = [weight.clone().requires_grad_(True) for _ in range(k)]
    bias_copies = [bias.clone().requires_grad_(True) for _ in range(k)]

    h_relu = model.input_linear(x).clamp(min=0)
    for w_j, b_j in zip(weight_copies, bias_copies):
        # middle_linear(h_relu)와 같은 계산을, j번째 복사본으로 합니다.
        h_relu = torch.nn.functional.linear(h_relu, w_j, b_j).clamp(min=0)
    loss = loss_fn(model.output_linear(h_relu), y)

    # 모델의 .grad를 건드리지 않도록, 복사본들에 대한 변화도만 돌려받습니다.
    grads = torch.autograd.grad(loss, weight_copies + bias_copies)
    return list(grads[:k]), list(grads[k:])


k = 3

# 1) 공유된 가중치 그대로: .grad에 k번의 사용에서 온 변화도가 더해집니다.
model.zero_grad()
loss_fn(forward_with_uses(model, x, k), y).backward()
shared_weight_grad = model.middle_linear.weight.grad.clone()
shared_bias_grad = model.middle_linear.bias.grad.clone()
model.zero_grad()  # 확인이 끝났으니 학습 전에 변화도를 지웁니다.

# 2) 사용마다 따로 복사한 가중치: 복사본마다 자기 몫만 받습니다.
weight_grads, bias_grads = per_use_gradients(model, x, y, k)
for j, grad in enumerate(weight_grads, start=1):
    print(f"{j}번째 사용에서 온 가중치 변화도의 노름: {grad.norm().item():.4g}")


def same(a, b):
    """float32의 반올림 오차를 감안해, 값의 크기에 비례하는 허용 오차로 비교합니다."""
    return torch.allclose(a, b, rtol=1e-4, atol=1e-5 * b.abs().max().item())


print("가중치: 공유된 .grad == 사용별 변화도의 합?", same(shared_weight_grad, sum(weight_grads)))
print("편향:   공유된 .grad == 사용별 변화도의 합?", same(shared_bias_grad, sum(bias_grads)))
print("가중치: 공유된 .grad == 마지막 사용의 변화도만?", same(shared_weight_grad, weight_grads[-1]))

# %% [markdown]
# 사용마다 온 변화도의 크기는 서로 다르고, 그것을 모두 더한 것이 공유된 가중치의 `.grad`와 같습니다.
# 어느 한 사용의 변화도만으로는 같지 않습니다. 옵티마이저는 이 합을 보고 $W$를 한 번 갱신하므로, 하나의
# 가중치가 네 가지 깊이 모두에서 쓸모 있도록 조금씩 맞춰지게 됩니다.

# %% [markdown]
# ## 모멘텀이 있는 SGD
#
# 손실 함수(loss function)는 지금까지처럼 오차 제곱합을 계산하는 `torch.nn.MSELoss(reduction="sum")`이고,
# 옵티마이저(optimizer)는 앞 단계의 SGD에 `momentum=0.9`를 더한
# `torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)`입니다. 모멘텀이 있는 SGD는 매개변수마다 속도
# $v$를 하나씩 더 기억해 두고(처음에는 0), 단계마다 다음과 같이 갱신합니다. $g$는 그 단계의 변화도,
# $\eta$는 학습률(learning rate), $\mu$는 모멘텀 계수입니다.
#
# $$
# v \leftarrow \mu\, v + g, \qquad w \leftarrow w - \eta\, v
# $$
#
# 속도 $v$는 지난 변화도들을 $\mu$배씩 줄여 가며 더한 값입니다. 펼쳐 쓰면
# $v_t = g_t + \mu g_{t-1} + \mu^2 g_{t-2} + \cdots$입니다. 여러 단계에 걸쳐 같은 방향을 가리키는 변화도는
# 계속 쌓여서 그 방향으로 더 크게 움직이고, 단계마다 방향이 바뀌는 성분은 서로 상쇄됩니다. 변화도가 계속
# 같다면 $v$는 $g / (1 - \mu)$, 즉 $\mu = 0.9$일 때 변화도의 10배까지 커집니다. 그래서 같은 학습률
# $10^{-4}$로도 앞 단계의 모멘텀 없는 SGD보다 훨씬 크게 움직일 수 있습니다.
#
# 참고로 교과서에 따라 $v \leftarrow \mu v - \eta g$, $w \leftarrow w + v$처럼 학습률을 속도 안에 넣어 쓰기도
# 합니다. 학습률이 바뀌지 않으면 두 식은 같은 결과를 냅니다. PyTorch가 쓰는 식이 정말 위의 식인지, 값이
# 하나뿐인 매개변수로 세 단계를 직접 계산해 비교해 봅시다.

# %%
w_demo = torch.nn.Parameter(torch.tensor(1.0))
demo_optimizer = torch.optim.SGD([w_demo], lr=0.1, momentum=0.9)

w_manual, v_manual = 1.0, 0.0
for step in range(3):
    demo_optimizer.zero_grad()
    (w_demo**2).backward()  # 손실 w², 변화도 2w

    g = 2 * w_manual
    v_manual = 0.9 * v_manual + g  # v <- μv + g
    w_manual = w_manual - 0.1 * v_manual  # w <- w - ηv

    demo_optimizer.step()
    print(f"{step + 1}단계 뒤: optim.SGD {w_demo.item():.6f}, 직접 계산 {w_manual:.6f}")

# %%
learning_rate = 1e-4
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, momentum=0.9)

# %% [markdown]
# ## 학습하기
#
# 학습(training) 루프의 코드는 주석을 빼면 앞 단계와 똑같습니다. 모델이 어떤 제어 흐름을 쓰든 학습 루프는 알
# 필요가 없습니다. 달라진 것은 `model(x)`를 부를 때마다 `forward` 안에서 새 깊이가 뽑히고, 그 깊이에 맞는
# 연산 그래프가 새로 만들어진다는 점뿐입니다.

# %%
losses = []
for t in range(500):
    # 순전파: 부를 때마다 가운데 계층을 거치는 횟수가 새로 정해집니다.
    y_pred = model(x)

    loss = loss_fn(y_pred, y)
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    # 역전파는 이번 순전파에서 실제로 만들어진 그래프를 따라갑니다.
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

# %% [markdown]
# 출력된 손실은 앞 단계처럼 매끄럽게 줄지 않습니다. 100단계마다 찍은 값이 앞의 값보다 커지는 일도 생길 수
# 있습니다. 왜 그런지 살펴봅시다.
#
# ## 손실 곡선이 들쭉날쭉한 이유
#
# 단계마다 기록한 손실은 **서로 다른 함수**의 손실입니다. 은닉층이 한 개부터 네 개까지인 네 가지 신경망이
# 가중치를 나눠 쓰며 무작위로 번갈아 나오기 때문입니다. 이 때문에 손실이 흔들리는 이유가 몇 가지 생깁니다.
#
# - **같은 매개변수라도 깊이에 따라 손실이 다릅니다.** 매개변수가 전혀 바뀌지 않아도, 이번에 뽑힌 깊이에
#   따라 기록되는 손실이 달라집니다.
# - **한 깊이에 좋은 갱신이 다른 깊이에는 나쁠 수 있습니다.** 각 단계의 변화도는 그 단계에 뽑힌 깊이 하나의
#   손실을 줄이는 방향입니다. 그 방향으로 움직이면 다른 깊이의 손실은 오히려 늘어날 수 있습니다.
# - **모멘텀이 지난 방향을 끌고 갑니다.** 속도 $v$에는 다른 깊이에서 구한 지난 변화도들이 섞여 있어서,
#   이번 깊이에 맞지 않는 방향으로 한동안 더 움직이기도 합니다.
#
# 또 하나 알아 둘 점이 있습니다. $k = 0$이 뽑힌 단계에서는 가운데 계층이 그래프에 없으므로, 역전파가 끝나도
# `middle_linear`의 `.grad`는 `optimizer.zero_grad()`가 비워 둔 `None` 그대로입니다. PyTorch의 SGD는
# `.grad`가 `None`인 매개변수를 건너뛰므로, 그 단계에서는 가운데 계층이 모멘텀으로도 움직이지 않습니다.
#
# 첫째 이유는 학습이 끝난 모델로 직접 볼 수 있습니다. 같은 매개변수로 $k$만 바꿔 가며 손실을 계산합니다.

# %%
with torch.no_grad():  # 평가만 하므로 연산 그래프를 기록하지 않습니다.
    for k in range(4):
        loss_k = loss_fn(forward_with_uses(model, x, k), y).item()
        print(f"k={k} (은닉층 {k + 1}개)일 때 손실: {loss_k:.4g}")
print(f"참고로 첫 단계의 손실: {losses[0]:.4g}")

# %% [markdown]
# 네 손실은 서로 다르지만, 모두 처음 손실보다 백 배 넘게 작습니다. 하나의 가중치 집합이 은닉층 한 개부터
# 네 개까지의 신경망 모두에 맞춰진 것입니다. 그래서 단계마다 기록한 손실은 흔들리면서도 전체적으로는
# 내려갑니다. 이런 곡선에서 학습이 잘 되는지 판단할 때는 값 하나하나가 아니라 여러 단계의 평균을 봅니다.

# %%
first_mean = sum(losses[:50]) / 50
last_mean = sum(losses[-50:]) / 50
print(f"처음 50단계의 평균 손실: {first_mean:.4g}")
print(f"마지막 50단계의 평균 손실: {last_mean:.4g}")

# %% [markdown]
# ### 깊이는 정말 0~3번 사이에서 뽑힐까
#
# 마지막으로, 학습이 끝난 모델을 200번 순전파하면서 가운데 계층이 몇 번씩 불리는지 셉니다. 가운데 계층에
# 훅(hook)을 걸어 부를 때마다 개수를 하나씩 늘리고, 순전파 한 번이 끝날 때마다 그 개수를 기록합니다.

# %%
middle_calls = []  # 순전파 한 번 동안 가운데 계층이 불릴 때마다 원소가 하나씩 늘어납니다.
handle = model.middle_linear.register_forward_hook(
    lambda module, inputs, output: middle_calls.append(1)
)

uses_per_pass = []
with torch.no_grad():
    for _ in range(200):
        middle_calls.clear()
        model(x)
        uses_per_pass.append(len(middle_calls))
handle.remove()

for k in range(5):
    print(f"가운데 계층을 {k}번 쓴 순전파: {uses_per_pass.count(k)}회")

# %% [markdown]
# 0번, 1번, 2번, 3번이 모두 나오고 4번은 한 번도 나오지 않습니다. `random.randint(0, 3)`이 양 끝을 포함하는
# 0 이상 3 이하의 정수를 고르기 때문입니다.

# %% [markdown]
# ## 앞 단계에서 무엇이 바뀌었나
#
# | 항목 | 8단계: `TwoLayerNet` | 9단계: `DynamicNet` |
# |---|---|---|
# | 하위 모듈 | `Linear` 2개 | `Linear` 3개 |
# | 매개변수 텐서 | 4개 | 6개(깊이와 상관없이) |
# | 은닉층 | 언제나 1개 | 순전파마다 1~4개 |
# | `forward` | 고정된 계산 | `random.randint(0, 3)`번 도는 `for`문 |
# | 가중치 공유 | 없음 | `middle_linear`를 0~3번 재사용 |
# | 옵티마이저 | `SGD(lr=1e-4)` | `SGD(lr=1e-4, momentum=0.9)` |
# | 난수 고정 | `torch.manual_seed(0)` | `torch.manual_seed(0)`와 `random.seed(0)` |
# | 손실 곡선 | 매끄럽게 감소 | 흔들리며 감소 |
#
# 바뀐 이유를 정리하면 다음과 같습니다.
#
# - **`forward`의 `for`문**은 동적 그래프에서 제어 흐름이 아무 준비 없이 동작한다는 것을 보여 주려는 것입니다.
#   순전파를 파이썬으로 적을 수 있다는 것이 `nn.Module`을 직접 정의하는 가장 큰 이유입니다.
# - **가중치 공유**는 같은 계산을 여러 번 반복하는 모델에서 매개변수의 수를 늘리지 않으려고 씁니다. 시간
#   순서대로 같은 계층을 거듭 적용하는 순환 신경망(recurrent neural network)이 대표적인 예입니다.
# - **모멘텀**은 단계마다 깊이가 바뀌어 변화도가 흔들리는 이 모델에서, 여러 단계의 변화도를 평균 내듯
#   모아 일관된 방향으로 움직이게 해 줍니다.

# %% [markdown]
# ## 자주 하는 실수
#
# - **`forward` 안에서 계층을 만드는 경우.** 같은 계층을 여러 번 쓰고 싶다고 반복문 안에서
#   `torch.nn.Linear(H, H)`를 새로 만들면, 부를 때마다 무작위로 초기화된 새 가중치가 생깁니다. 공유도 되지
#   않고, 매개변수로 등록되지도 않아 학습되지도 않습니다. 계층은 언제나 `__init__`에서 만듭니다.
# - **공유하려다 복사하는 경우.** 반대로 은닉층마다 다른 가중치를 원한다면 `__init__`에서 계층을 따로 만들어
#   `nn.ModuleList`에 담아야 합니다(앞 단계의 함정 참고). 같은 모듈 객체를 리스트에 여러 번 넣으면 그것은
#   여전히 하나의 계층이라 가중치가 공유됩니다.
# - **파이썬의 난수를 고정하지 않는 경우.** `torch.manual_seed`는 PyTorch의 난수만 고정합니다. `forward`가
#   `random` 모듈을 쓰면 `random.seed`도 불러야 실행 결과가 재현됩니다.
# - **추론할 때도 깊이가 무작위인 경우.** 이 모델은 같은 입력에도 부를 때마다 다른 출력을 냅니다. 학습이
#   끝난 모델로 예측할 때는 `forward_with_uses`처럼 깊이를 정해 두는 것이 보통입니다.
# - **손실 값 하나로 판단하는 경우.** 흔들리는 손실 곡선에서 한 단계의 값이 올랐다고 학습이 실패한 것은
#   아닙니다. 여러 단계의 평균으로 추세를 봅니다.

# %% [markdown]
# ## 정리
#
# - `forward`는 평범한 파이썬 코드이므로 `for`문, `if`문 같은 제어 흐름을 마음껏 쓸 수 있습니다.
#   autograd는 순전파를 실행하면서 실제로 일어난 연산을 기록하므로, 역전파도 그 그래프를 따라 정확히 됩니다.
# - 가중치 공유는 하나의 모듈을 한 번의 순전파에서 여러 번 부르는 것입니다. 매개변수의 수는 그대로이고,
#   공유된 가중치의 변화도는 각 사용에서 온 변화도의 합입니다. autograd가 `.grad`에 변화도를 더하므로 이
#   합은 저절로 계산됩니다.
# - 모멘텀이 있는 SGD는 $v \leftarrow \mu v + g$, $w \leftarrow w - \eta v$로 갱신합니다.
# - 무작위 깊이 때문에 손실은 흔들리며 줄어듭니다. 추세는 여러 단계의 평균으로 봅니다.
#
# 이것으로 두 계층 신경망을 NumPy로 손수 구현하는 데서 시작해, autograd, `nn`, `optim`, 사용자 정의 모듈을
# 거쳐 제어 흐름과 가중치 공유까지 왔습니다. 지금까지의 내용은 모두 같은 데이터와 같은 신경망으로 적었으니,
# 앞 단계들의 코드와 나란히 놓고 달라진 줄만 비교해 보는 것도 좋은 복습이 됩니다.
#
# ## 손실 곡선
#
# 단계마다 기록한 손실을 로그 눈금으로 그립니다. 앞 단계의 매끄러운 곡선과 달리 단계마다 위아래로 크게
# 흔들리지만, 흔들림을 눈으로 평균 내어 보면 곡선 전체는 아래로 내려갑니다.

# %%
fig = plot_losses(losses, "제어 흐름과 가중치 공유를 쓴 DynamicNet의 손실")


# %% [markdown]
# ## 연습 문제
#
# 답을 먼저 예측해 본 뒤 펼쳐 보세요. 답의 코드와 출력은 본문처럼 사이트를 빌드할 때 실제로 실행한 결과입니다.
#
# ### 문제 1. 가운데 계층을 쓰지 않은 단계의 모멘텀
#
# $k = 2$인 단계에서 가운데 계층에 속도 $v$가 쌓였고, 다음 단계에 $k = 0$이 뽑혔습니다. 이 단계의 `step()`은
# `middle_linear.weight`를 움직일까요? 식 $w \leftarrow w - \eta (\mu v + g)$대로라면 $g = 0$이어도 움직일 것 같습니다.

# %% [markdown] tags=["answer"]
# 움직이지 않습니다. 가운데 계층이 그래프에 없으니 역전파 뒤에도 `.grad`가 `zero_grad()`가 만든 `None`이고,
# PyTorch의 SGD는 `.grad`가 `None`인 매개변수를 건너뜁니다. 속도는 옵티마이저의 상태에 남아 있다가 다음에 쓰입니다.
# 변화도가 0으로 채워진 텐서였다면 식대로 움직였을 것입니다. "변화도가 0"과 "변화도가 없음"은 다릅니다.

# %% tags=["answer"]
import copy

trial = copy.deepcopy(model)  # 학습한 모델은 그대로 둡니다.
trial_optimizer = torch.optim.SGD(trial.parameters(), lr=learning_rate, momentum=0.9)
middle = trial.middle_linear.weight
for k in (2, 0):
    before = middle.detach().clone()
    trial_optimizer.zero_grad()
    loss_fn(forward_with_uses(trial, x, k), y).backward()
    trial_optimizer.step()
    print(f"k = {k}: grad가 None인가 {middle.grad is None}, 움직였나 {not torch.equal(middle, before)}")
print("남은 속도가 0이 아닌가:", bool(trial_optimizer.state[middle]["momentum_buffer"].any()))

# %% [markdown]
# ### 문제 2. 모멘텀의 속도는 얼마나 커질까?
#
# 본문은 변화도 $g$가 늘 같으면 속도 $v$가 $g / (1 - \mu)$까지, 즉 $\mu = 0.9$일 때 변화도의 10배까지 커진다고
# 했습니다. 이 값은 어디서 나올까요? 처음 속도는 0입니다.

# %% [markdown] tags=["answer"]
# 갱신 식 $v \leftarrow \mu v + g$를 $t$번 되풀이하면 $v_t = g + \mu g + \mu^2 g + \cdots + \mu^{t-1} g$입니다. 공비가 $\mu$인
# 등비수열의 합이므로 $v_t = g\,\frac{1 - \mu^t}{1 - \mu}$이고, $0 < \mu < 1$이면 $t$가 커질수록 $\mu^t$가 0에 가까워져
# $v_t$는 $\frac{g}{1 - \mu}$에 다가갑니다. $\mu = 0.9$이면 $\frac{1}{1 - 0.9} = 10$배입니다. 다가가는 빠르기도 $\mu^t$가
# 정합니다. $0.9^{22} \approx 0.1$이므로, 20여 단계가 지나면 극한의 90%에 이릅니다. 그래서 모멘텀은 처음 몇 단계
# 동안은 효과가 작다가 점점 커집니다.
