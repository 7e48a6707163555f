# %% [markdown]
# # 제어 흐름과 가중치 공유
#
# > 순전파(forward pass)마다 깊이가 바뀌는 모델에서, 파이썬 제어 흐름으로 한 계층을 여러 번 다시 쓰는 가중치 공유를 봅니다.
#
# 앞 단계에서 `torch.nn.Module`의 하위 클래스(subclass)로 만든 모델의 `forward`는 `nn.Sequential`로도 쓸 수
# 있는 계산이었습니다. 이번에는 `forward`가 **평범한 파이썬 코드**라는 점을 활용합니다. 모델 `DynamicNet`은
# 순전파를 할 때마다 은닉층(hidden layer)의 개수를 무작위로 정하고, 늘어난 은닉층에는 새 계층(layer)을 만들지
# 않고 **같은 계층 하나를 거듭 씁니다.** 앞의 것이 **제어 흐름(control flow)**, 뒤의 것이 한 계층의
# 가중치(weight)를 한 번의 순전파에서 여러 번 쓰는 **가중치 공유**(weight sharing)입니다.
#
# 이 페이지에서 배울 내용은 다음과 같습니다.
#
# - 동적 그래프(dynamic graph)에서는 반복 횟수가 매번 달라지는 `for`문도 그냥 동작하는 이유
# - 가중치 공유가 코드의 어디에 있는지, 그리고 공유된 가중치의 변화도(gradient)를 누가 언제 합하는지
# - 모멘텀(momentum)이 있는 확률적 경사하강법(SGD)의 갱신 식과, 손실(loss) 곡선이 들쭉날쭉한 이유

# %% [markdown]
# ## 순전파마다 깊이가 바뀌는 모델
#
# `DynamicNet`은 `nn.Linear` 모듈(module) 세 개를 가집니다.
#
# | 속성 | 모듈 | 가중치 shape | 하는 일 |
# |---|---|---|---|
# | `input_linear` | `Linear(D_in, H)` | $(100, 1000)$ | 입력을 은닉 차원으로 |
# | `middle_linear` | `Linear(H, H)` | $(100, 100)$ | 은닉 차원에서 은닉 차원으로, **여러 번 재사용** |
# | `output_linear` | `Linear(H, D_out)` | $(10, 100)$ | 은닉 차원을 출력으로 |
#
# 순전파는 `input_linear`와 ReLU를 거친 뒤, `random.randint(0, 3)`으로 뽑은 정수 $k$번만큼 **같은**
# `middle_linear`와 ReLU를 거듭 거치고, `output_linear`로 출력을 냅니다. 은닉층은 $k + 1$개, 즉 순전파마다
# **1개에서 4개 사이**입니다. 입력 $x$ 하나에 대해 식으로 쓰면 다음과 같습니다(ReLU는 원소별 $\max(\cdot, 0)$).
#
# $$
# \begin{aligned}
# h_0 &= \mathrm{ReLU}(W_{in} x + b_{in}) \\
# h_j &= \mathrm{ReLU}(W h_{j-1} + b) \quad (1 \le j \le k) \\
# \hat{y} &= W_{out} h_k + b_{out}
# \end{aligned}
# $$
#
# 가운데 식에 번호 $j$가 붙은 것은 $h_j$뿐이고, $W$와 $b$에는 번호가 없습니다. 몇 번째 은닉층이든 같은
# $W$와 $b$를 쓴다는 뜻입니다. 이것이 가중치 공유입니다.
#
# 여기서는 입력 하나를 열 벡터로 보고 $W x$로 적었습니다. `nn.Linear`가 실제로 계산하는 것은 입력을 행으로 쌓은
# 배치(batch) `x`(shape `(N, in_features)`)의 $x W^\top + b$이고, `weight`의 shape는 위 표처럼
# `(out_features, in_features)`입니다. 그 한 행을 전치(transpose)하면 $W x + b$이니 같은 계산이고, 1~5단계의
# $x w$에서 $w$가 여기의 $W^\top$입니다.

# %% [markdown]
# ## 준비: 장치, 데이터, 모델
#
# 장치(device)와 데이터는 지금까지와 같습니다. 이번에는 파이썬의 `random` 모듈도 쓰므로
# `torch.manual_seed(0)`과 함께 `random.seed(0)`으로 파이썬의 난수도 고정합니다. 두 난수 생성기는 서로
# 독립이고 정하는 것이 다릅니다. `torch.manual_seed`만 부르면 데이터와 초기 가중치는 실행할 때마다 같지만
# 순전파마다 뽑히는 깊이가 달라지고, `random.seed`만 부르면 깊이의 순서는 되풀이되지만 데이터와 초기
# 가중치가 달라집니다.

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
# 가운데 계층을 쓰는 횟수 `k`를 인자로 받는 도우미 함수 `forward_with_uses`를 만들어 둡니다.

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
# 파이썬의 `random.randint(a, b)`는 **양 끝을 모두 포함**해서 $a$ 이상 $b$ 이하의 정수를 돌려주므로, 가운데
# 계층을 다시 쓰는 횟수는 0, 1, 2, 3 가운데 하나입니다. 끝을 포함하지 않는 `range`, `random.randrange`,
# `torch.randint`와 헷갈리기 쉬우니 아래에서 직접 비교합니다. (전역 난수 상태를 건드리지 않도록 따로 만든
# 난수 생성기를 씁니다.)

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
# `forward` 안의 `for`문은 평범한 파이썬 `for`문입니다. 그런데도 역전파(backward pass)가 제대로 되는 것은
# 3단계에서 본 동적 그래프 덕분입니다. autograd는 코드를 미리 분석하지 않고, 순전파가 **실행되는 동안** 실제로
# 일어난 연산을 연산 그래프(computational graph)에 기록합니다. `for`문이 두 번 돌았다면 `middle_linear`를 두 번
# 거친 기록이 남고, 한 번도 돌지 않았다면 아무것도 남지 않습니다. 역전파는 어떤 제어 흐름을 썼든 이번 순전파가
# 남긴 그래프를 거꾸로 따라갈 뿐입니다.
#
# 아래 셀은 `k`를 0부터 3까지 바꿔 가며 손실에서 그래프를 거슬러 올라가, 노드 수, 그래프 안의
# 매개변수(parameter) 수(`AccumulateGrad` 노드의 수), `middle_linear.weight`로 들어가는 화살표 수를 셉니다.

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
            # AccumulateGrad 노드의 variable은 그 노드가 맡은 잎 텐서입니다.
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
# 노드는 `k`가 0에서 1이 될 때 다섯 개, 그 뒤로는 세 개씩 늘어납니다. `middle_linear`를 한 번 거칠 때마다
# 편향(bias)까지 더하는 행렬 곱(matrix multiplication), 전치, ReLU의 기록이 생기고, 처음 한 번은 가중치와
# 편향의 노드도 생기기 때문입니다. 그래프 안의 매개변수는 `k`가 1 이상이면 언제나 6개입니다. 가운데 계층이 몇 번
# 쓰이든 그 가중치와 편향은 잎(leaf) 하나씩이고, 대신 `middle_linear.weight`로 들어가는 화살표가 `k`개가 됩니다.
# 이 "한 잎으로 모이는 여러 화살표"가 가중치 공유의 모습입니다. `k`가 0이면 가운데 계층은 그래프에 없습니다.
#
# ### 더 알아보기(건너뛰어도 됩니다): 정적 그래프였다면
#
# 5단계의 정적 그래프(static graph)는 만들 때 구조가 정해지므로, 순전파마다 반복 횟수를 새로 뽑으려면 그래프
# 안의 특별한 반복 연산이 필요합니다. `torch.fx.symbolic_trace`로 추적(tracing)하면 5단계 끝에서 본 것처럼
# 반복 횟수가 오류 없이 **하나로 굳어** 버립니다. 추적은 `forward`를 한 번 실행하며 일어난 연산을 기록하므로,
# `for`문은 그때 뽑힌 횟수만큼 풀려 고정되고, 추적한 그래프는 몇 번을 실행해도 그만큼만 반복합니다. 추적할 때도
# `random.randint`가 한 번 불리므로, 뒤의 학습(training) 결과가 이 셀과 상관없도록 난수 상태를 되돌려 놓습니다.

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
# 코드 어디에도 "공유"라는 말은 없습니다. 공유는 `__init__`에서 `middle_linear`를 **하나만** 만들고 `forward`에서
# 여러 번 부르는 데 있습니다. `nn.Linear` 하나는 가중치 텐서(tensor)와 편향 텐서를 하나씩 가지므로, 가운데 계층을
# 몇 번 쓰든 같은 두 텐서를 씁니다. 같은 계산을 되풀이하는 모델은 이렇게 매개변수를 늘리지 않습니다. 같은 계층을
# 시간 순서대로 거듭 적용하는 순환 신경망(recurrent neural network)이 대표적인 예입니다. 아래 두 셀은 매개변수가
# 6개(가중치 3개, 편향 3개)뿐이어서 은닉층 네 개에 따로 가중치를 두는 모델보다 학습할 수가 적다는 것과, 가운데
# 계층이 쓰일 때마다 넘겨받는 가중치가 **같은 객체**라는 것을 보여 줍니다.

# %%
params = list(model.parameters())
print("매개변수 텐서의 수:", len(params))
print("학습할 수(원소)의 합:", sum(p.numel() for p in params))

# 비교: 은닉층 넷이 가중치를 따로 가지는 모델. Linear(입력, 출력)의 학습할 수는 입력×출력 + 출력입니다.
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
# $W$를 한 번의 순전파에서 $k$번 썼다면 손실 $L$은 $W$에 $k$개의 경로로 의존합니다. $j$번째 사용의 가중치를
# 잠시 값이 $W$와 같은 별개의 변수 $W^{(j)}$로 생각해 봅시다.
#
# $$
# \begin{aligned}
# h_j &= \mathrm{ReLU}\big(W^{(j)} h_{j-1} + b^{(j)}\big) \\
# W^{(1)} &= \dots = W^{(k)} = W \\
# b^{(1)} &= \dots = b^{(k)} = b
# \end{aligned}
# $$
#
# 다변수 함수의 연쇄 법칙(chain rule)에 따르면 $W$가 조금 변할 때 손실의 변화는 $k$개의 경로로 생긴 변화의
# 합이므로
#
# $$
# \begin{aligned}
# \frac{\partial L}{\partial W} &= \sum_{j=1}^{k} \frac{\partial L}{\partial W^{(j)}} \\
# \frac{\partial L}{\partial b} &= \sum_{j=1}^{k} \frac{\partial L}{\partial b^{(j)}}
# \end{aligned}
# $$
#
# 입니다. 각 항은 보통의 완전 연결(fully-connected) 계층과 같습니다. ReLU 앞의 값을
# $z_j = W^{(j)} h_{j-1} + b^{(j)}$라 하면 $\frac{\partial L}{\partial W^{(j)}} = \frac{\partial L}{\partial z_j}\, h_{j-1}^{\top}$이고,
# 배치에서는 데이터마다의 값을 더합니다. 사용마다 입력 $h_{j-1}$과 돌아오는 변화도가 다르므로 항마다 값이 다릅니다.
#
# 이 합은 역전파 엔진이 구합니다. 엔진은 노드 하나로 들어오는 화살표들의 변화도를 도착하는 대로 더해 두었다가,
# 모두 도착하면 그 합으로 노드를 **한 번** 실행합니다. `middle_linear.weight`의 `AccumulateGrad` 노드에는
# 화살표가 $k$개 들어오므로 $k$개의 몫이 먼저 더해지고, 노드는 그 합을 `.grad`에 한 번 씁니다. 연쇄 법칙을 그대로
# 계산하는 것이라 잎 텐서만의 일도 아닙니다. 여러 곳에서 쓰인 중간 텐서도 더해진 변화도 하나를 받아 앞으로
# 넘깁니다. 3단계에서 본 "`backward()`는 `.grad`에 더한다"는 성질은 이와 다른 기능입니다. **서로 다른** `backward()`
# 호출의 변화도를 쌓는 것이고, 학습 루프가 `zero_grad()`를 부르는 이유입니다. `.grad`를 덮어쓰는 설계였더라도
# 가중치 공유의 변화도는 똑같이 나왔을 것입니다.
#
# 확인해 봅시다. `k = 3`으로 역전파하면서, `.grad`가 쓰일 때마다 불리는 훅(hook)을
# `register_post_accumulate_grad_hook`으로 `middle_linear.weight`에 걸어 둡니다. 그다음 가운데 계층의 가중치와
# 편향을 사용마다 **따로 복사**해 같은 계산을 하면, 복사본마다 자기 사용의 몫만 받습니다. 그 몫들을
# `torch.autograd.grad`(`.grad`에 쌓지 않고 변화도를 돌려주는 역전파)로 받아 더해 비교합니다. 마지막 셀은 잎이
# 아닌 텐서를 세 번 씁니다. 그런 텐서는 `.grad`를 받지 않으므로 `register_hook`으로 건 훅이 받는 값을 봅니다.

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
    grads = torch.autograd.grad(loss, weight_copies + bias_copies)  # 모델의 .grad는 그대로 둡니다.
    return list(grads[:k]), list(grads[k:])


k = 3

# 1) 공유된 가중치 그대로: 훅이 .grad가 쓰인 횟수를 셉니다.
grad_writes = []
handle = model.middle_linear.weight.register_post_accumulate_grad_hook(grad_writes.append)
model.zero_grad()
loss_fn(forward_with_uses(model, x, k), y).backward()
handle.remove()
shared_weight_grad = model.middle_linear.weight.grad.clone()
shared_bias_grad = model.middle_linear.bias.grad.clone()
model.zero_grad()  # 확인이 끝났으니 학습 전에 변화도를 지웁니다.
print(f"k = {k}인 backward() 한 번에 .grad가 쓰인 횟수: {len(grad_writes)}")

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

# %%
t = torch.tensor(2.0, requires_grad=True) * 1.0  # 연산의 결과라 잎이 아닌 텐서
received = []
t.register_hook(received.append)  # t의 변화도가 정해지면 불립니다.
(1 * t + 2 * t + 3 * t).backward()  # 세 사용의 몫: 1, 2, 3
print("t의 훅이 불린 횟수:", len(received), "/ 받은 변화도:", received[0].item())

# %% [markdown]
# `k = 3`이어도 `.grad`는 한 번 쓰였고, 그 값은 크기가 서로 다른 세 몫의 합과 같습니다(마지막 몫 하나와는 다릅니다).
# 잎이 아닌 `t`의 훅도 한 번, 세 몫의 합 $1 + 2 + 3 = 6$을 받았습니다. 한 단계의 합에 드는 것은 그 단계에 뽑힌
# 깊이 하나에서의 사용들뿐입니다. 가중치가 네 깊이 모두에 맞춰지는 것은 단계마다 다른 깊이가 뽑히기 때문입니다.

# %% [markdown]
# ## 모멘텀이 있는 SGD
#
# 손실 함수(loss function)는 지금까지처럼 오차 제곱합(sum of squared errors)인
# `torch.nn.MSELoss(reduction="sum")`이고, 옵티마이저(optimizer)는 앞 단계의 SGD에 `momentum=0.9`를 더한
# `torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)`입니다. 이름은 확률적 경사하강법이지만 단계마다
# 같은 데이터 64개 전체로 변화도를 구하므로(미니 배치(mini-batch)를 뽑지 않습니다), 변화도를 무작위로 바꾸는
# 것은 그 단계에 뽑힌 깊이뿐입니다. 모멘텀이 있는 SGD는 매개변수마다 속도 $v$(처음에는 0)를 더 기억해 두고
# 단계마다 다음과 같이 갱신합니다. $g$는 그 단계의 변화도, $\eta$는 학습률(learning rate), $\mu$는 모멘텀
# 계수입니다.
#
# $$
# v \leftarrow \mu\, v + g, \qquad w \leftarrow w - \eta\, v
# $$
#
# 속도는 지난 변화도들을 $\mu$배씩 줄여 가며 더한 값 $v_t = g_t + \mu g_{t-1} + \mu^2 g_{t-2} + \cdots$입니다.
# 계속 같은 방향을 가리키는 변화도는 쌓여서 더 크게 움직이고, 단계마다 방향이 바뀌는 성분은 상쇄됩니다. 변화도가
# 늘 같다면 $v$는 $g / (1 - \mu)$, 즉 $\mu = 0.9$일 때 변화도의 10배까지 커집니다. 그래서 같은 학습률
# $10^{-4}$로도 앞 단계의 모멘텀 없는 SGD보다 훨씬 크게 움직일 수 있습니다.
#
# PyTorch가 쓰는 식이 정말 위의 식인지, 값이 하나뿐인 매개변수로 세 단계를 직접 계산해 비교해 봅시다.

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

# %% [markdown]
# **더 알아보기(건너뛰어도 됩니다).** 교과서에 따라서는 학습률을 속도 안에 넣어 $v \leftarrow \mu v - \eta g$,
# $w \leftarrow w + v$로 씁니다. 이 $v$는 위의 $v$에 $-\eta$를 곱한 것이라, 학습률이 그대로면 결과가 같고 학습
# 도중에 학습률을 바꾸면 달라집니다.

# %%
learning_rate = 1e-4
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, momentum=0.9)

# %% [markdown]
# ## 학습하기
#
# 학습 루프의 코드는 주석을 빼면 앞 단계와 똑같습니다. 학습 루프는 모델의 제어 흐름을 알 필요가 없습니다.
# 달라진 것은 `model(x)`를 부를 때마다 새 깊이가 뽑히고 그에 맞는 연산 그래프가 새로 만들어진다는 점뿐입니다.

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
# 출력된 손실은 앞 단계처럼 매끄럽게 줄지 않고, 100단계마다 찍은 값이 앞의 값보다 커질 수도 있습니다.
#
# ## 손실 곡선이 들쭉날쭉한 이유
#
# 단계마다 기록한 손실은 **서로 다른 함수**의 손실입니다. 은닉층이 한 개부터 네 개까지인 네 신경망이 가중치를
# 나눠 쓰며 무작위로 번갈아 나오기 때문이고, 그래서 손실이 흔들립니다.
#
# - **같은 매개변수라도 깊이에 따라 손실이 다릅니다.** 매개변수가 그대로여도 뽑힌 깊이에 따라 손실이 달라집니다.
# - **한 깊이에 좋은 갱신이 다른 깊이에는 나쁠 수 있습니다.** 각 단계의 변화도는 그 단계에 뽑힌 깊이의 손실을
#   줄이는 방향이라, 다른 깊이의 손실은 오히려 늘 수 있습니다.
# - **모멘텀이 지난 방향을 끌고 갑니다.** 속도 $v$에는 다른 깊이에서 구한 변화도들이 섞여 있습니다.
#
# 첫째 이유는 학습이 끝난 모델로 볼 수 있습니다. 같은 매개변수로 $k$만 바꿔 가며 손실을 계산합니다.

# %%
with torch.no_grad():  # 평가만 하므로 연산 그래프를 기록하지 않습니다.
    for k in range(4):
        loss_k = loss_fn(forward_with_uses(model, x, k), y).item()
        print(f"k={k} (은닉층 {k + 1}개)일 때 손실: {loss_k:.4g}")
print(f"참고로 첫 단계의 손실: {losses[0]:.4g}")

# %% [markdown]
# 네 손실은 서로 다르지만 모두 처음 손실보다 백 배 넘게 작습니다. 하나의 가중치가 네 신경망 모두에 맞춰졌고,
# 그래서 손실은 흔들리면서도 내려갑니다. 이런 곡선에서는 값 하나가 아니라 여러 단계의 평균으로 추세를 봅니다.

# %%
first_mean = sum(losses[:50]) / 50
last_mean = sum(losses[-50:]) / 50
print(f"처음 50단계의 평균 손실: {first_mean:.4g}")
print(f"마지막 50단계의 평균 손실: {last_mean:.4g}")

# %% [markdown]
# ### 깊이는 정말 0~3번 사이에서 뽑힐까
#
# 학습이 끝난 모델을 200번 순전파하며, 가운데 계층에 건 훅으로 순전파마다 그 계층이 몇 번 불리는지 셉니다.
# 모델은 `model.eval()`로 평가 모드로 바꿔 둡니다. `eval()`은 모듈들의 `training` 플래그만 바꾸므로, 그 플래그를
# 읽지 않는 이 `forward`는 여전히 깊이를 새로 뽑습니다.

# %%
middle_calls = []  # 가운데 계층이 불릴 때마다 원소가 하나씩 늘어납니다.
handle = model.middle_linear.register_forward_hook(
    lambda module, inputs, output: middle_calls.append(1)
)

uses_per_pass = []
model.eval()  # 평가 모드로 바꿔도 깊이는 고정되지 않습니다.
with torch.no_grad():
    for _ in range(200):
        middle_calls.clear()
        model(x)
        uses_per_pass.append(len(middle_calls))
handle.remove()
model.train()  # 학습 모드로 되돌립니다.

for k in range(5):
    print(f"가운데 계층을 {k}번 쓴 순전파: {uses_per_pass.count(k)}회")

# %% [markdown]
# 평가 모드에서도 0~3번이 모두 나오고, 양 끝을 포함하는 `random.randint(0, 3)`이라 4번은 나오지 않습니다.

# %% [markdown]
# ## 앞 단계에서 무엇이 바뀌었나
#
# | 항목 | 8단계: `TwoLayerNet` | 9단계: `DynamicNet` |
# |---|---|---|
# | 하위 모듈 | `Linear` 2개 | `Linear` 3개 |
# | 매개변수 텐서 | 4개 | 6개(깊이와 상관없이) |
# | 은닉층 | 언제나 1개 | 순전파마다 1~4개 |
# | `forward` | 고정된 계산 | `middle_linear`를 `random.randint(0, 3)`번 다시 쓰는 `for`문 |
# | 옵티마이저 | `SGD(lr=1e-4)` | `SGD(lr=1e-4, momentum=0.9)` |
# | 난수 고정 | `torch.manual_seed(0)` | `torch.manual_seed(0)`과 `random.seed(0)` |

# %% [markdown]
# ## 자주 하는 실수
#
# - **`forward` 안에서 계층을 만드는 경우.** 반복문 안에서 `torch.nn.Linear(H, H)`를 새로 만들면 부를 때마다
#   무작위로 초기화된 새 가중치가 생깁니다. 공유되지 않고, 모델의 매개변수 목록에 없으니 학습되지도 않습니다.
# - **따로 두려다 공유하는 경우.** 은닉층마다 다른 가중치를 원하면 `__init__`에서 계층을 따로 만들어
#   `nn.ModuleList`에 담습니다(8단계의 '자주 하는 실수' 참고). 같은 모듈 객체를 여러 번 넣으면 하나의 계층입니다.
# - **추론(inference)할 때 `model.eval()`이 깊이를 고정하리라 여기는 경우.** 위에서 본 것처럼 평가 모드에서도
#   깊이와 출력은 부를 때마다 달라집니다. 정해진 깊이가 필요하면 `forward_with_uses`처럼 깊이를 인자로 받습니다.
#
# ## 손실 곡선
#
# 단계마다 기록한 손실을 로그 눈금으로 그립니다. 앞 단계와 달리 위아래로 크게 흔들리고 한동안 튀어 오르는 구간도
# 있지만, 전체로는 내려갑니다.

# %%
fig = plot_losses(losses, "제어 흐름과 가중치 공유를 쓴 DynamicNet의 손실")


# %% [markdown]
# ## 정리
#
# - `forward`는 평범한 파이썬 코드여서 횟수가 바뀌는 `for`문도 그대로 동작합니다. autograd는 실행된 연산만
#   기록하고, 역전파는 그 그래프를 따라갑니다.
# - 가중치 공유는 모듈 하나를 한 번의 순전파에서 여러 번 부르는 것입니다. 역전파 엔진이 각 사용의 몫을 먼저
#   더하므로 `.grad`는 역전파마다 한 번, 합으로 쓰입니다. `backward()` 호출 사이의 누적은 다른 기능입니다.
# - 한 단계의 변화도는 뽑힌 깊이 하나의 것이어서 손실은 흔들리며 내려가고, 가중치는 여러 단계에 걸쳐 네 깊이
#   모두에 맞춰집니다.
#
# 아홉 단계의 손실 곡선은 '한눈에 보기' 페이지에서 나란히 비교할 수 있습니다.

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
