# %% [markdown]
# # 사용자 정의 nn 모듈 만들기
#
# > 모델을 `nn.Module`의 하위 클래스로 직접 정의합니다.
#
# 앞의 두 단계에서는 `torch.nn.Sequential`에 계층(layer)을 차례로 넣어 신경망을 만들었습니다. 6단계에서는
# 그 모델의 매개변수(parameter)를 손으로 갱신했고, 7단계에서는 그 일을 옵티마이저(optimizer)에게 맡겼습니다.
# 이번 단계에서는 모델을 만드는 방법을 바꿉니다. 계층을 목록처럼 나열하는 대신, `torch.nn.Module`의
# 하위 클래스(subclass)를 직접 정의해서 **어떤 계층을 가질지**와 **입력을 어떻게 계산할지**를 파이썬
# 코드로 적습니다.
#
# 신경망 자체는 지금까지와 같습니다. 입력 1000차원, 은닉층(hidden layer) 100차원, 출력 10차원인 완전
# 연결(fully-connected) ReLU 신경망이고, 데이터와 손실(loss)도 같습니다. 옵티마이저로는 7단계의 Adam 대신
# 가장 단순한 확률적 경사하강법(SGD)을 씁니다.
#
# 이 페이지에서 배울 내용은 다음과 같습니다.
#
# - `nn.Sequential`로는 부족한 경우와, 그때 모듈(module)을 직접 정의하는 방법
# - `__init__`에서 하위 모듈을 속성으로 대입하면 그 매개변수가 **자동으로 등록**되는 원리
# - `super().__init__()`을 모듈을 대입하기 전에 불러야 하는 이유
# - 직접 정의한 모듈에서 다시 보는 `model(x)`와 `model.forward(x)`, `model.to(device)`와 텐서의 `.to`
# - 매개변수를 파이썬 리스트에 넣었을 때 생기는 함정과 `nn.ModuleList`, `nn.Parameter`

# %% [markdown]
# ## `nn.Sequential`로 부족할 때
#
# `nn.Sequential`은 편리하지만 할 수 있는 일이 정해져 있습니다. 안에 든 모듈을 **넣은 순서대로 한 번씩**
# 호출하고, 앞 모듈의 출력을 그대로 다음 모듈의 입력으로 넘길 뿐입니다. 그래서 다음과 같은 모델은
# `nn.Sequential` 하나로 표현할 수 없습니다.
#
# - 입력을 두 갈래로 나누어 따로 계산한 뒤 합치는 모델(예: 잔차 연결(residual connection) $y = x + f(x)$)
# - 입력을 여러 개 받는 모델(`nn.Sequential`의 `forward`는 입력을 하나만 받습니다)
# - 입력의 값에 따라 다른 계산을 하거나, 같은 계층을 모델을 실행할 때마다 다른 횟수만큼 쓰는 모델(같은 모듈을
#   `nn.Sequential`에 두 번 넣으면 정해진 횟수만큼 다시 쓰는 것은 됩니다)
# - 계층 사이에 텐서(tensor) 연산(`clamp`, 덧셈 등)을 모듈로 감싸지 않고 바로 쓰는 모델
#
# 이럴 때는 `nn.Module`의 하위 클래스를 직접 만듭니다. 사실 `nn.Sequential`, `nn.Linear`, `nn.ReLU`도
# 모두 `nn.Module`의 하위 클래스입니다. `torch.nn`의 계층은 모두 이 틀로 만들어져 있고, 이번 단계는 그
# 틀을 직접 쓰는 법을 배우는 것입니다. 이 페이지의 모델은 `nn.Sequential`로도 만들 수 있는
# 단순한 모델이지만, 다음 단계에서는 `nn.Sequential`로는 만들 수 없는 모델을 같은 방법으로 정의합니다.

# %% [markdown]
# ## `nn.Module` 하위 클래스의 구조
#
# 모듈을 정의하려면 두 가지를 적습니다.
#
# 1. **`__init__`**: 모델이 가질 부품을 만듭니다. 먼저 `super().__init__()`으로 부모 클래스를 초기화하고,
#    그다음 하위 모듈(여기서는 `nn.Linear` 두 개)을 만들어 `self`의 속성으로 대입합니다.
# 2. **`forward`**: 입력 텐서를 받아 출력 텐서를 돌려주는 순전파(forward pass)를 적습니다. `__init__`에서
#    만든 하위 모듈은 물론이고, 텐서 연산이라면 무엇이든 자유롭게 쓸 수 있습니다.
#
# 역전파(backward pass)는 적지 않습니다. `forward`에서 일어난 연산은 autograd가 연산 그래프(computational
# graph)로 기록하므로, 3단계에서 본 것처럼 `loss.backward()` 한 줄이면 모든 매개변수의 변화도(gradient)가
# 구해집니다.
#
# 이 페이지의 `TwoLayerNet`이 계산하는 식은 다음과 같습니다. `nn.Linear`는 가중치(weight) $W$와
# 편향(bias) $b$를 갖고, 입력 $x$에 대해 $x W^{\top} + b$를 계산합니다(6단계).
#
# $$
# \hat{y} = \max(x W_1^{\top} + b_1,\ 0)\, W_2^{\top} + b_2
# $$
#
# shape로 적으면 $x$가 $(N, D_{in}) = (64, 1000)$, $W_1$이 $(H, D_{in}) = (100, 1000)$, $b_1$이 $(100,)$,
# $W_2$가 $(D_{out}, H) = (10, 100)$, $b_2$가 $(10,)$이고, 출력 $\hat{y}$는 $(64, 10)$입니다. `nn.Linear`의
# 가중치는 1~5단계의 `w1`, `w2`와 달리 **(출력 차원, 입력 차원)** 순서로 저장되기 때문에 식에 전치(transpose)
# $W^{\top}$가 붙습니다. 1~5단계의 $x w_1$에서 $w_1$이 있던 자리에 $W_1^{\top}$가 들어간 셈입니다.
#
# 활성화 함수(activation function)는 모듈 `nn.ReLU` 대신 텐서 연산 `clamp(min=0)`으로 적었습니다. `forward`가
# 평범한 파이썬 코드라서 가능한 일입니다.

# %%
import torch

from loss_plot import plot_losses

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print("실행한 장치:", device)

# %%
# N: 배치 크기, D_in: 입력 차원, H: 은닉층 차원, D_out: 출력 차원
N, D_in, H, D_out = 64, 1000, 100, 10

torch.manual_seed(0)
x = torch.randn(N, D_in, device=device)
y = torch.randn(N, D_out, device=device)


# %%
class TwoLayerNet(torch.nn.Module):
    """은닉층이 하나인 완전 연결 ReLU 신경망을 nn.Module의 하위 클래스로 정의합니다."""

    def __init__(self, D_in, H, D_out):
        # 부모 클래스를 먼저 초기화해야 하위 모듈과 매개변수를 등록할 수 있습니다.
        super().__init__()
        # 속성으로 대입한 모듈은 이 모델의 하위 모듈로 등록됩니다.
        self.linear1 = torch.nn.Linear(D_in, H)
        self.linear2 = torch.nn.Linear(H, D_out)

    def forward(self, x):
        # 순전파만 적습니다. 역전파는 autograd가 맡습니다.
        h_relu = self.linear1(x).clamp(min=0)
        y_pred = self.linear2(h_relu)
        return y_pred


# 인스턴스를 만들고 장치로 옮깁니다.
model = TwoLayerNet(D_in, H, D_out).to(device)

# %% [markdown]
# ## 속성으로 대입하면 매개변수가 등록됩니다
#
# `__init__`에서 한 일은 `self.linear1 = torch.nn.Linear(D_in, H)`처럼 속성에 값을 대입한 것뿐입니다.
# 그런데 이것만으로 `model.parameters()`가 두 `nn.Linear`의 가중치와 편향을 모두 알게 됩니다. 비결은
# `nn.Module`이 속성 대입(`__setattr__`)을 가로챈다는 데 있습니다. 대입하는 값이
#
# - `nn.Module`이면 하위 모듈을 모아 두는 사전 `_modules`에,
# - `nn.Parameter`이면 매개변수를 모아 두는 사전 `_parameters`에
#
# 속성 이름을 키로 따로 기록해 둡니다. `model.parameters()`는 이 사전들을 하위 모듈까지 차례로 내려가며 모은
# 것입니다. 이렇게 모인 매개변수가 옵티마이저에 전달되고, `model.to(device)`로 함께 옮겨지고,
# `model.zero_grad()`로 함께 초기화됩니다.
#
# `print(model)`은 등록된 하위 모듈을 속성 이름과 함께 보여 줍니다. `forward`에서 쓰는 `clamp`는 모듈이
# 아니므로 여기에 나오지 않습니다.

# %%
print(model)

# %% [markdown]
# `named_parameters()`는 매개변수를 이름과 함께 돌려줍니다. 이름은 **속성 이름.매개변수 이름**
# 꼴이고, 순서는 `__init__`에서 대입한 순서를 따릅니다. 가중치 두 개와 편향 두 개, 모두 네 개의
# 텐서입니다.

# %%
for name, param in model.named_parameters():
    print(f"{name:<15} shape={tuple(param.shape)}, requires_grad={param.requires_grad}")

n_tensors = len(list(model.parameters()))
n_numbers = sum(param.numel() for param in model.parameters())
print(f"매개변수 텐서: {n_tensors}개, 학습할 수(원소)는 모두 {n_numbers}개")

# 등록된 매개변수는 속성으로 만든 모듈의 가중치 그 자체입니다(복사본이 아닙니다).
print("첫 매개변수가 model.linear1.weight인가?", next(model.parameters()) is model.linear1.weight)

# %% [markdown]
# ### 6단계의 `nn.Sequential`과 같은 함수입니다
#
# `TwoLayerNet`은 `nn.Sequential(Linear, ReLU, Linear)`와 같은 계산을 합니다. 확인해 봅시다. 같은 구조의
# `nn.Sequential`을 만들고, `TwoLayerNet`의 매개변수 값을 순서대로 복사한 뒤 두 모델의 출력을 비교합니다.
# 매개변수 이름이 `0.weight`와 `linear1.weight`처럼 다른 것은 `nn.Sequential`이 하위 모듈에 번호를 이름으로
# 붙이기 때문입니다. 이름은 달라도 매개변수의 개수, shape, 순서가 같아서 값을 그대로 옮길 수 있습니다.
#
# 두 모델은 ReLU를 `clamp(min=0)`으로 적은 것만 다릅니다. 둘은 늘 같은 값을 내지만, 변화도는 입력이 정확히 0인
# 원소에서 다릅니다. 그 자리의 변화도를 ReLU는 0으로, `clamp(min=0)`은 1로 정합니다. 셀의 끝에서 이것도 확인합니다.

# %%
seq = torch.nn.Sequential(
    torch.nn.Linear(D_in, H),
    torch.nn.ReLU(),
    torch.nn.Linear(H, D_out),
).to(device)

with torch.no_grad():  # 값을 옮기는 일은 연산 그래프에 기록하지 않습니다.
    for (seq_name, seq_param), (name, param) in zip(seq.named_parameters(), model.named_parameters()):
        seq_param.copy_(param)
        print(f"{seq_name:<9} <- {name}")

print("두 모델의 출력이 같은가?", torch.equal(seq(x), model(x)))

# 입력이 -1, 0, 1일 때 두 활성화 함수의 변화도를 비교합니다.
z = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True)
(relu_grad,) = torch.autograd.grad(torch.relu(z).sum(), z)
(clamp_grad,) = torch.autograd.grad(z.clamp(min=0).sum(), z)
print("입력 [-1, 0, 1]에서 ReLU의 변화도:", relu_grad.tolist(), "/ clamp(min=0)의 변화도:", clamp_grad.tolist())

# %% [markdown]
# ## `super().__init__()`을 먼저 불러야 하는 이유
#
# 하위 모듈과 매개변수를 기록해 둘 사전(`_modules`, `_parameters` 등)은 `nn.Module.__init__`이 만듭니다.
# 따라서 `super().__init__()`을 부르기 **전에** 모듈이나 `nn.Parameter`를 속성으로 대입하면, 기록할 곳이 아직
# 없습니다. PyTorch는 이때 매개변수를 조용히 잃어버리는 대신 오류를 냅니다. `super().__init__()`을 아예
# 빠뜨리고 모듈을 대입해도 같은 오류가 납니다. 아래 셀에서 오류를 잡아 메시지를 출력합니다.

# %%
class ForgotSuperInit(torch.nn.Module):
    def __init__(self):
        # 잘못된 순서: 부모 클래스를 초기화하기 전에 하위 모듈을 대입합니다.
        self.linear = torch.nn.Linear(2, 2)
        super().__init__()


try:
    ForgotSuperInit()
except AttributeError as err:
    print("AttributeError:", err)

# %% [markdown]
# 메시지 그대로, `Module.__init__()`이 불리기 전에는 모듈을 대입할 수 없습니다. 크기를 계산하는 것처럼
# 모듈과 상관없는 코드는 그 앞에 와도 되지만, 헷갈리지 않도록 보통 `__init__`의 첫 줄에 `super().__init__()`을
# 둡니다.

# %% [markdown]
# ## `model.forward(x)`가 아니라 `model(x)`로 부릅니다
#
# `forward`를 정의했는데 정작 호출할 때는 `model(x)`라고 씁니다. 6단계의 '자주 하는 실수'에서 보았듯이
# `model(x)`는 `nn.Module`의 `__call__`을 거치고, `__call__`은 `forward`를 부르기 전후로 그 모듈에 걸린
# **훅**(hook)을 실행하는 등 몇 가지 일을 더 합니다. 훅은 순전파나 역전파 도중에 끼어들어 값을 기록하거나
# 바꾸는 함수로, 디버깅 도구나 모델 분석 라이브러리가 씁니다. `model.forward(x)`로 직접 부르면 `model` 자신에
# 걸린 훅을 건너뜁니다.
#
# 아래 셀은 직접 정의한 모델에 훅을 하나 걸고, 두 방식으로 호출했을 때 훅이 불린 횟수를 셉니다.

# %%
hook_calls = []
handle = model.register_forward_hook(lambda module, inputs, output: hook_calls.append(output.shape))

model(x)
print("model(x) 뒤 훅이 불린 횟수:", len(hook_calls))
model.forward(x)
print("model.forward(x) 뒤 훅이 불린 횟수:", len(hook_calls))

handle.remove()  # 걸어 둔 훅을 떼어 냅니다.

# %% [markdown]
# `model.forward(x)`도 같은 출력을 계산하지만 훅은 불리지 않았습니다. `forward` 안의 `self.linear1(x)`는
# 여전히 하위 모듈을 호출하므로, `linear1`에 건 훅이었다면 실행되었을 것입니다. 같은 이유로 `forward` 안에서도
# 하위 모듈은 `self.linear1(x)`처럼 호출하고 `self.linear1.forward(x)`로 부르지 않습니다. 지금은 훅을 쓰지
# 않더라도, 누군가(또는 어떤 라이브러리가) 건 훅이 조용히 무시되는 일을 막으려면 언제나 `model(x)`로 호출하세요.

# %% [markdown]
# ## 모델을 장치로 옮기기: `model.to(device)`
#
# 위에서 모델을 만들 때 `.to(device)`를 붙였습니다. 장치(device)가 GPU라면 등록된 매개변수가 모두 GPU
# 메모리로 옮겨집니다. 입력 `x`와 `y`도 같은 장치에서 만들었으므로 계산이 한 장치 안에서 이루어집니다.
#
# 6단계의 '자주 하는 실수'에서 짚은 차이를 직접 정의한 모듈로 확인해 봅시다.
#
# - **모듈**: `.to`가 모듈을 **제자리(in-place)에서** 바꾸고 자기 자신을 돌려줍니다. 그래서
#   `model.to(device)`만 써도 되고, `model = model.to(device)`라고 써도 같은 객체입니다.
# - **텐서**: `.to`가 장치나 자료형을 바꾼 **새 텐서**를 돌려주고 원래 텐서는 그대로 둡니다(바꿀 것이 없으면
#   원래 텐서를 돌려줍니다). 그래서 `x = x.to(device)`처럼 결과를 받아야 합니다.
#
# 장치가 CPU뿐인 컴퓨터에서도 차이가 보이도록, 아래 셀은 자료형을 `float64`로 바꾸는 `.to`로 비교합니다.

# %%
small_module = torch.nn.Linear(2, 2)
returned = small_module.to(torch.float64)
print("모듈: 돌려받은 것이 자기 자신인가?", returned is small_module, "/ 가중치 자료형:", small_module.weight.dtype)

small_tensor = torch.zeros(2)
converted = small_tensor.to(torch.float64)
print("텐서: 돌려받은 것이 자기 자신인가?", converted is small_tensor, "/ 원래 텐서 자료형:", small_tensor.dtype)

print("이 페이지의 모델 매개변수가 있는 장치:", {str(param.device) for param in model.parameters()})

# %% [markdown]
# ## 손실 함수와 옵티마이저
#
# 손실 함수(loss function)는 6단계부터 써 온 `torch.nn.MSELoss(reduction="sum")`입니다. 이름은 평균 제곱
# 오차(mean squared error)이지만 `reduction="sum"`이므로 평균을 내지 않은 **오차 제곱합**(sum of squared
# errors)을 계산합니다.
#
# $$
# L = \sum_{i=1}^{N} \sum_{j=1}^{D_{out}} (\hat{y}_{ij} - y_{ij})^2
# $$
#
# 옵티마이저는 `torch.optim.SGD(model.parameters(), lr=1e-4)`입니다. 모멘텀 같은 옵션을 주지 않은 SGD는 모든
# 매개변수 $w$에 대해 다음 한 가지 일만 합니다. $\eta$는 학습률(learning rate)이고 $g$는 $w$에 대한 손실의
# 변화도입니다.
#
# $$
# w \leftarrow w - \eta\, g, \qquad g = \frac{\partial L}{\partial w}
# $$
#
# 이것은 6단계에서 `torch.no_grad()` 안에 손으로 적은 갱신과 똑같은 식입니다. 달라진 것은 그 일을 누가
# 하느냐뿐입니다. 이 예제는 단계마다 데이터 64개 전체로 변화도를 구하므로, 7단계에서 보았듯이 실제로는 평범한
# 경사하강법(gradient descent)입니다.
#
# 옵티마이저는 7단계처럼 모델을 장치로 옮긴 **뒤에** `model.parameters()`를 넘겨 만듭니다. 모멘텀 없는 SGD는
# 따로 기억하는 상태가 없지만, 다른 옵티마이저로 바꿔 끼워도 상태와 매개변수가 같은 장치에 있게 하는
# 순서입니다(7단계의 '자주 하는 실수').

# %%
loss_fn = torch.nn.MSELoss(reduction="sum")
learning_rate = 1e-4
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

# %% [markdown]
# ## 학습하기
#
# 학습(training) 루프는 주석을 빼면 7단계와 같은 코드입니다. 단계마다 순전파로 예측하고, 손실을 구하고,
# 옵티마이저로 변화도를 비우고(`None`으로 되돌리고), 역전파로 변화도를 구하고, 옵티마이저로 매개변수를
# 갱신합니다.
#
# `optimizer.zero_grad()`는 `loss.backward()`보다 **앞에** 둡니다. `backward()`는 `.grad`에 변화도를 더하기
# 때문에(3단계), 새 변화도를 구하기 전에 지난 단계의 변화도를 지워야 합니다.

# %%
losses = []
for t in range(500):
    # 순전파: 모델을 함수처럼 호출합니다(model.forward(x)가 아니라 model(x)).
    y_pred = model(x)

    # 손실을 계산하고 파이썬 숫자로 기록합니다.
    loss = loss_fn(y_pred, y)
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    # 지난 단계의 변화도를 지우고, 역전파로 새 변화도를 구하고, 매개변수를 갱신합니다.
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

# %% [markdown]
# 출력된 손실은 100단계마다 큰 비율로 꾸준히 줄어듭니다. 6단계 페이지의 출력과 나란히 놓고 비교해 보세요.
# 앞의 몇 자리는 같고 끝자리 몇 개만 조금 다릅니다. 시드가 같고 두 모델의 매개변수가 같은 순서로 만들어지므로
# 초기 가중치가 같고, 두 모델은 같은 함수를 계산하며, SGD의 갱신 식도 6단계의 손 갱신과 같기 때문입니다.
# 끝자리가 다른 이유는 두 가지입니다. 하나는 `step()`이 손 갱신과 같은 식을 다른 연산으로 계산해서 반올림이
# 조금 다르다는 점입니다(7단계의 연습 문제 3). 다른 하나는 위에서 본 `clamp`와 ReLU의 차이로, 학습 도중 첫
# 계층의 출력이 `float32`로 정확히 0이 되는 원소가 가끔 생기면 그 원소의 변화도가 달라집니다. 한번 달라진 가중치는
# 그 뒤의 모든 계산을 조금씩 바꿉니다.
#
# 첫 손실과 마지막 손실도 봅시다.

# %%
print(f"첫 단계의 손실: {losses[0]:.4g}")
print(f"마지막 단계의 손실: {losses[-1]:.4g}")

# %% [markdown]
# 첫 손실이 1~5단계의 수천만이 아니라 수백인 것은 6단계에서 따져 본 `nn.Linear`의 기본 초기화 때문입니다.
# 가중치가 $\pm 1/\sqrt{n}$($n$은 입력 차원) 안에서 뽑혀 처음 예측이 0에 가까우므로, 첫 손실은 정답의 제곱합
# $\sum y_{ij}^2$, 곧 분산이 1인 원소 $64 \times 10 = 640$개의 제곱합 근처에서 시작합니다. 학습률 $10^{-4}$도
# 6단계에서 이 초기화에 맞춰 정한 값입니다.

# %% [markdown]
# ## 앞 단계에서 무엇이 바뀌었나
#
# 6단계(`nn`), 7단계(`optim`)와 이 단계를 나란히 놓으면 다음과 같습니다.
#
# | 항목 | 6단계: `nn` | 7단계: `optim` | 8단계: 사용자 정의 모듈 |
# |---|---|---|---|
# | 모델 정의 | `nn.Sequential(Linear, ReLU, Linear)` | 6단계와 같음 | `nn.Module`의 하위 클래스 `TwoLayerNet` |
# | 활성화 함수 | 모듈 `nn.ReLU()` | 모듈 `nn.ReLU()` | `forward` 안의 텐서 연산 `clamp(min=0)` |
# | 매개변수 이름 | `0.weight`, `2.weight` … (번호) | 6단계와 같음 | `linear1.weight`, `linear2.weight` … (속성 이름) |
# | 갱신 규칙 | $w \leftarrow w - \eta g$를 손으로 | Adam | $w \leftarrow w - \eta g$ (`optim.SGD`) |
# | 변화도 초기화 | `model.zero_grad()` | `optimizer.zero_grad()` | `optimizer.zero_grad()` |
# | 학습률 | $10^{-4}$ | $10^{-4}$ | $10^{-4}$ |
#
# 왜 이렇게 바꿨을까요?
#
# - **모델 정의**: 모듈을 직접 정의하면 `forward`에 어떤 파이썬 코드든 쓸 수 있으므로, `nn.Sequential`로
#   표현할 수 없는 모델까지 같은 방법으로 만들 수 있습니다.
# - **이름**: 매개변수가 의미 있는 이름을 얻습니다. 모델을 저장하는 `state_dict()`의 키도 이 이름이므로,
#   저장된 모델을 읽거나 특정 계층만 따로 다룰 때 편합니다.
# - **옵티마이저**: Adam에서 SGD로 바꾼 것은 모델 정의와 옵티마이저가 서로 독립이라는 것을 보여 줍니다.
#   옵티마이저는 `model.parameters()`만 받으므로, 모델을 어떻게 정의했든 한 줄만 바꾸면 다른 옵티마이저를
#   쓸 수 있습니다.

# %% [markdown]
# ## 자주 하는 실수
#
# 모듈을 직접 정의할 때 특히 조심할 것은 매개변수가 등록되지 않는 경우입니다. 속성 대입으로 등록되는 것은 **값이
# `nn.Module`이나 `nn.Parameter`일 때뿐**입니다. 그 밖의 값은 평범한 파이썬 속성이 될 뿐이어서, 다음 두 경우에
# 매개변수가 조용히 사라집니다.
#
# - **모듈을 파이썬 리스트(또는 딕셔너리)에 담은 경우.** `self.layers = [Linear(...), Linear(...)]`에서
#   속성에 대입한 값은 리스트이지 모듈이 아닙니다. 리스트 안의 모듈은 등록되지 않습니다. 대신
#   `nn.ModuleList`(딕셔너리라면 `nn.ModuleDict`)를 쓰면 리스트처럼 다루면서도 안의 모듈이 등록됩니다.
# - **학습할 텐서를 평범한 텐서로 만든 경우.** `self.scale = torch.ones(1, requires_grad=True)`는 변화도는
#   구할 수 있어도 매개변수로 등록되지 않습니다. `nn.Parameter(torch.ones(1))`로 감싸야 등록됩니다.
#   `nn.Parameter`는 기본으로 `requires_grad=True`인 텐서입니다.
#
# 이런 실수가 무서운 이유는 **그 자리에서 오류가 나지 않기** 때문입니다. 순전파는 잘 되지만, 등록되지 않은
# 매개변수는 `model.parameters()`에 없으므로 옵티마이저가 갱신하지 않고, `state_dict()`에도 빠져 저장되지 않으며,
# `model.to(...)`로 장치나 자료형을 바꿀 때 따라가지도 않습니다. 아래 셀은 두 실수를 각각 잘못된 정의와 올바른
# 정의로 나란히 만들고 `parameters()`가 찾는 매개변수를 셉니다.

# %%
class PlainListNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # 잘못된 방법: 파이썬 리스트 안의 모듈은 등록되지 않습니다.
        self.layers = [torch.nn.Linear(D_in, H), torch.nn.Linear(H, D_out)]


class ModuleListNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # 올바른 방법: nn.ModuleList 안의 모듈은 등록됩니다.
        self.layers = torch.nn.ModuleList([torch.nn.Linear(D_in, H), torch.nn.Linear(H, D_out)])


class PlainTensorNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # 잘못된 방법: requires_grad=True여도 평범한 텐서는 등록되지 않습니다.
        self.scale = torch.ones(1, requires_grad=True)


class ParameterNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        # 올바른 방법: nn.Parameter로 감싼 텐서는 등록됩니다.
        self.scale = torch.nn.Parameter(torch.ones(1))


for cls in (PlainListNet, ModuleListNet, PlainTensorNet, ParameterNet):
    params = list(cls().parameters())
    print(f"{cls.__name__:<15} 매개변수 텐서 {len(params)}개, 원소 {sum(p.numel() for p in params)}개")

# 매개변수가 하나도 없는 모델을 옵티마이저에 넘기면 오류가 납니다.
try:
    torch.optim.SGD(PlainListNet().parameters(), lr=learning_rate)
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# `PlainListNet`과 `PlainTensorNet`은 매개변수가 하나도 없다고 나옵니다. 이렇게 매개변수가 전혀 없는 모델은
# 옵티마이저를 만드는 순간 빈 목록이라는 오류가 나서 금방 알아챌 수 있습니다. 하지만 등록된 매개변수와
# 등록되지 않은 매개변수가 섞여 있으면 오류 없이 일부만 학습됩니다. 모델을 새로 정의했다면
# `print(model)`과 `named_parameters()`로 매개변수가 빠짐없이 등록되었는지 확인하는 습관을 들이세요.
#
# 그 밖에 이 페이지에서 다룬 실수들은 다음과 같습니다.
#
# - `super().__init__()`을 빠뜨리거나 모듈을 대입한 뒤에 부르면 `AttributeError`가 납니다.
# - `model.forward(x)`로 직접 부르면 `model`에 건 훅이 실행되지 않습니다. 언제나 `model(x)`로 부릅니다.
# - 텐서는 `x = x.to(device)`처럼 결과를 받아야 옮겨집니다. 모듈은 `model.to(device)`만으로 옮겨집니다.

# %% [markdown]
# ## 손실 곡선
#
# 단계마다 기록한 손실을 로그 눈금으로 그립니다. 손실의 끝자리만 다를 뿐 6단계와 같은 학습이라 곡선도 6단계와
# 눈으로 구별되지 않습니다. 처음 100단계에서 가장 가파르게 떨어지고, 그 뒤로는 로그 눈금에서 직선에 가깝게,
# 아주 조금씩 완만해지며 끝까지 내려갑니다. 로그 눈금에서 직선이라는 것은 손실이 단계마다 거의 일정한 비율로
# 줄어든다는 뜻입니다.

# %%
fig = plot_losses(losses, "사용자 정의 모듈 TwoLayerNet의 손실")

# %% [markdown]
# ## 정리
#
# 모델을 `nn.Module`의 하위 클래스로 정의하면, `super().__init__()` 뒤에 속성으로 대입한 모듈과 `nn.Parameter`가
# 자동으로 등록되고, `forward`에는 어떤 파이썬 코드든 쓸 수 있습니다. 다음 단계에서는 이 점을 살려, 순전파할
# 때마다 **같은 계층을 다른 횟수만큼** 써서 가중치를 공유하는 모델을 만듭니다.

# %% [markdown]
# ## 연습 문제
#
# 답을 먼저 예측해 본 뒤 펼쳐 보세요. 답의 코드와 출력은 본문처럼 사이트를 빌드할 때 실제로 실행한 결과입니다.
#
# ### 문제 1. 은닉층을 하나 더 넣으면
#
# `TwoLayerNet`을 본떠, 100차원에서 100차원으로 가는 은닉층을 하나 더 넣은 `ThreeLayerNet`을 정의해 보세요.
# 학습 루프, 손실 함수, 옵티마이저 중 고쳐야 하는 것이 있을까요? 매개변수 텐서와 원소는 몇 개로 늘어날까요?

# %% [markdown] tags=["answer"]
# 고칠 곳은 모델 클래스뿐입니다. `__init__`에서 `Linear(H, H)`를 하나 더 만들어 속성으로 대입하면 자동으로
# 등록되고, `forward`에서 그 계층을 한 번 더 거치게 하면 됩니다. 옵티마이저는 `model.parameters()`로 새 계층의
# 매개변수까지 받으므로 학습 루프는 한 글자도 바뀌지 않습니다. 늘어나는 매개변수는 가중치 $100 \times 100$개와
# 편향 100개이므로, 텐서는 4개에서 6개로, 원소는 101,110개에서 111,210개로 늘어납니다.

# %% tags=["answer"]
class ThreeLayerNet(torch.nn.Module):
    """TwoLayerNet에 100차원 -> 100차원 은닉층을 하나 더 넣었습니다."""

    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = torch.nn.Linear(D_in, H)
        self.linear_mid = torch.nn.Linear(H, H)  # 새 계층: 대입만 하면 등록됩니다.
        self.linear2 = torch.nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.linear1(x).clamp(min=0)
        h_relu = self.linear_mid(h_relu).clamp(min=0)
        return self.linear2(h_relu)


deeper = ThreeLayerNet(D_in, H, D_out).to(device)
print(f"매개변수 텐서 {len(list(deeper.parameters()))}개, 원소 {sum(p.numel() for p in deeper.parameters()):,}개")
print("출력 shape:", tuple(deeper(x).shape))

# %% [markdown]
# ### 문제 2. 등록된 매개변수와 등록되지 않은 텐서가 섞이면
#
# 본문은 등록된 매개변수와 등록되지 않은 텐서가 섞여 있으면 오류 없이 일부만 학습된다고 했습니다. `Linear` 하나와,
# 출력에 곱하는 평범한 텐서 `self.scale = torch.ones(1, requires_grad=True)`를 가진 모듈을 만들어 역전파와
# `optimizer.step()`을 한 번 하면, `scale`의 변화도는 구해질까요? `scale`의 값은 바뀔까요?

# %% [markdown] tags=["answer"]
# 변화도는 구해지지만 값은 바뀌지 않습니다. `scale`은 `requires_grad=True`인 잎 텐서이므로 autograd는 역전파 때
# `scale.grad`를 채웁니다. 하지만 `nn.Parameter`가 아니어서 `model.parameters()`에 없고, 옵티마이저는 자기가 받은
# 매개변수만 갱신하므로 `scale`은 그대로입니다. 변화도가 있다는 사실에 속아 학습되고 있다고 착각하기 쉬운
# 경우입니다. `torch.nn.Parameter(torch.ones(1))`로 감싸면 다른 매개변수와 함께 갱신됩니다.

# %% tags=["answer"]
class HalfRegistered(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(3, 1)  # 등록됩니다.
        self.scale = torch.ones(1, requires_grad=True)  # 등록되지 않습니다.

    def forward(self, inputs):
        return self.scale * self.linear(inputs)


half = HalfRegistered()
half_optimizer = torch.optim.SGD(half.parameters(), lr=0.1)
weight_before = half.linear.weight.detach().clone()
half_optimizer.zero_grad()
half(torch.ones(2, 3)).pow(2).sum().backward()
half_optimizer.step()
print("등록된 매개변수:", [name for name, _ in half.named_parameters()])
print("scale.grad가 있는가?", half.scale.grad is not None)
print("step() 뒤 scale:", half.scale.item())
print("step() 뒤 linear.weight가 바뀌었나?", not torch.equal(half.linear.weight, weight_before))

# %% [markdown]
# ### 문제 3. 학습한 가중치를 `nn.Sequential`로 옮기기
#
# 학습이 끝난 `TwoLayerNet`의 가중치를 6단계처럼 만든 `nn.Sequential(Linear, ReLU, Linear)`에 옮기려고
# `seq.load_state_dict(model.state_dict())`를 불렀습니다. 어떻게 될까요? 옮기려면 어떻게 해야 할까요?

# %% [markdown] tags=["answer"]
# `state_dict()`는 매개변수의 **이름**을 키로 하는 사전입니다. `TwoLayerNet`의 키는 `linear1.weight`처럼 속성 이름이고
# `nn.Sequential`의 키는 `0.weight`처럼 번호라서, `load_state_dict`는 없는 키와 뜻밖의 키를 나열하며 `RuntimeError`를
# 냅니다. 이름을 맞추지 않고 순서만 보고 값을 넣는 일을 막아 주는 안전장치입니다.
#
# 두 모델은 매개변수의 개수, shape, 순서가 같으므로, `Sequential`의 키와 `TwoLayerNet`의 값을 순서대로 짝지은 사전을
# 만들어 넣으면 됩니다. 본문에서 `copy_`로 값을 하나씩 옮긴 것과 같은 일입니다.

# %% tags=["answer"]
target = torch.nn.Sequential(
    torch.nn.Linear(D_in, H),
    torch.nn.ReLU(),
    torch.nn.Linear(H, D_out),
).to(device)

try:
    target.load_state_dict(model.state_dict())
except RuntimeError as err:
    print("RuntimeError:", err)

renamed = dict(zip(target.state_dict().keys(), model.state_dict().values()))
print("키를 바꿔 넣은 결과:", target.load_state_dict(renamed))
print("두 모델의 출력이 같은가?", torch.equal(target(x), model(x)))
