# %% [markdown]
# # 새 autograd 함수 정의하기
#
# > `torch.autograd.Function`의 하위 클래스로 ReLU의 순전파(forward pass)와 역전파(backward pass)를 직접 정의하고 `MyReLU.apply`로 씁니다.
#
# 앞 단계에서는 autograd가 연산 그래프(computational graph)를 기록하고 `loss.backward()` 한 줄로
# 변화도(gradient)를 계산하게 했습니다. 그런데 autograd는 `mm`, `clamp`, `pow` 같은 연산의
# 역전파를 어떻게 알고 있을까요?
#
# 답은 간단합니다. autograd가 아는 연산 하나하나가 **순전파와 역전파를 짝으로 가진 함수**로
# 정의되어 있습니다. 이 페이지에서는 그 구조를 직접 따라 해 봅니다. ReLU를 순전파와 역전파를 손으로
# 적은 새 autograd 함수로 정의하고, 지금까지의 신경망에서 `clamp(min=0)` 대신 그 함수를 씁니다.
#
# 이 페이지에서 배울 내용은 다음과 같습니다.
#
# - autograd의 기본 연산이 순전파와 역전파라는 두 함수로 이루어진다는 것
# - `torch.autograd.Function`의 하위 클래스(subclass)를 만들고, `ctx`로 순전파의 값을 역전파에 넘기는 방법
# - 새 함수는 인스턴스를 만들지 않고 `MyReLU.apply`로 호출한다는 것
# - `torch.autograd.gradcheck`로 직접 쓴 역전파를 검증하는 방법
# - 새 함수를 직접 만들어야 하는 경우와, 만들 때 흔히 하는 실수

# %% [markdown]
# ## autograd 연산은 두 함수의 짝입니다
#
# autograd의 기본 연산 하나는 내부적으로 텐서(tensor)를 다루는 두 개의 함수로 이루어져 있습니다.
#
# - **순전파 함수**는 입력 텐서를 받아 출력 텐서를 계산합니다. 평소에 "연산"이라고 부르는 부분입니다.
# - **역전파 함수**는 어떤 스칼라 값에 대한 **출력** 텐서의 변화도를 전달받아, 같은 스칼라 값에 대한
#   **입력** 텐서의 변화도를 계산해 돌려줍니다.
#
# 여기서 "어떤 스칼라 값"은 보통 손실(loss) $L$입니다. 출력을 $y$, 입력을 $x$라 하면 역전파 함수는
# $\frac{\partial L}{\partial y}$를 받아 $\frac{\partial L}{\partial x}$를 돌려줍니다. 연쇄 법칙(chain rule)에 따라
# 이 둘은 다음 관계에 있습니다.
#
# $$
# \frac{\partial L}{\partial x_i} = \sum_j \frac{\partial L}{\partial y_j} \, \frac{\partial y_j}{\partial x_i}
# $$
#
# 중요한 점은, 역전파 함수가 $L$이 무엇인지 전혀 몰라도 된다는 것입니다. 자기 연산의 도함수(derivative)
# $\frac{\partial y_j}{\partial x_i}$만 알면, 출력 쪽에서 넘어온 $\frac{\partial L}{\partial y}$와 곱해서 입력 쪽으로 넘겨주면
# 됩니다. 앞 단계에서 `show_graph`로 본 `MmBackward0`, `ClampBackward1` 같은 노드가 바로 이런 역전파
# 함수들이고, `loss.backward()`는 손실 쪽에서부터 이 함수들을 차례로 부르는 일입니다.
#
# 같은 구조로 우리만의 연산을 정의할 수도 있습니다. `torch.autograd.Function`의 하위 클래스를 만들고
# 순전파와 역전파를 구현하면, autograd는 그 연산을 기본 연산과 똑같이 대합니다.

# %% [markdown]
# ## ReLU의 도함수
#
# 직접 정의할 연산은 ReLU입니다. 입력 $x$의 원소마다 음수는 0으로 바꾸고 나머지는 그대로 둡니다.
#
# $$
# y = \max(x, 0)
# $$
#
# 원소별 연산이므로 $y_j$는 $x_j$에만 의존하고, 위의 합에서 $j = i$인 항만 남습니다. ReLU의 도함수는
# $x > 0$인 곳에서 1, $x < 0$인 곳에서 0이므로 역전파는 다음과 같습니다.
#
# $$
# \frac{\partial L}{\partial x} = \frac{\partial L}{\partial y} \odot \mathbb{1}[x > 0]
# $$
#
# 여기서 $\mathbb{1}[x > 0]$은 원소마다 조건이 참이면 1, 거짓이면 0인 텐서이고, $\odot$는 원소별 곱입니다.
# 말로 하면 "출력 쪽에서 온 변화도를, 입력이 양수였던 자리로만 통과시키고 나머지는 막는다"입니다. 그래서
# 역전파는 순전파 때 어느 자리가 양수였는지 알아야 하고, 아래의 `MyReLU`는 그것을 알려고 순전파의 **입력** $x$를
# 저장해 둡니다.
#
# ### 정확히 0인 자리는?
#
# $x = 0$에서 ReLU는 꺾여 있어서 도함수가 정의되지 않습니다. 그래서 구현할 때 0에서의 값을 하나
# 골라야 하는데, 0과 1 사이의 어떤 값을 골라도 수학적으로 문제가 없습니다(볼록 함수의 꺾인 점에서
# 허용되는 이런 값들을 영어로 subgradient라고 부릅니다). 선택은 구현마다 다릅니다.
#
# - 이 페이지의 `MyReLU`는 **음수인 자리만** 0으로 막습니다(`input < 0`). 따라서 $x = 0$에서는 변화도를
#   그대로 통과시켜, 실제로는 $\mathbb{1}[x \ge 0]$을 곱합니다. 앞 단계들에서 손으로 쓴 역전파
#   (`grad_h[h < 0] = 0`)와 `clamp(min=0)`의 역전파도 같은 선택을 합니다.
# - PyTorch의 `torch.relu`는 출력이 양수인 자리만 통과시키므로 $x = 0$에서 0을 곱합니다.
#
# 무작위 실수 데이터로 학습(training)할 때 입력이 정확히 0이 되는 일은 드물어서, 어느 쪽을 골라도 학습 결과는
# 거의 같습니다. 드물다고 해서 없는 것은 아니라서 결과가 조금 달라지기도 하는데, 이 신경망에서 실제로 그런지는
# 페이지 끝의 연습 문제에서 확인합니다. 아래에서 작은 텐서로 시험할 때는 이 차이가 눈에 보이고, `gradcheck`로
# 검증할 때 입력을 0에서 멀리 떨어뜨려야 하는 이유도 여기에 있습니다.

# %% [markdown]
# ## `torch.autograd.Function` 하위 클래스 만들기
#
# 새 autograd 함수는 다음 규칙에 따라 정의합니다.
#
# - `torch.autograd.Function`을 상속하는 클래스를 만듭니다.
# - `forward`와 `backward`를 **정적 메서드**(`@staticmethod`)로 정의합니다. 함수에 필요한 상태는
#   인스턴스(instance)에 저장하지 않고, 호출할 때마다 autograd가 새로 만들어 넘겨주는 `ctx`에 담습니다.
# - `forward(ctx, input)`은 첫 인자로 `ctx`를 받고, 나머지 인자로 연산의 입력을 받아 출력을 돌려줍니다.
# - `backward(ctx, grad_output)`은 출력에 대한 변화도 $\frac{\partial L}{\partial y}$를 받아 입력에 대한 변화도
#   $\frac{\partial L}{\partial x}$를 돌려줍니다.
#
# ### `ctx`: 순전파와 역전파를 잇는 통로
#
# `MyReLU`의 역전파에는 순전파의 입력이 필요합니다. 순전파와 역전파는 서로 다른 때에 따로 호출되므로,
# 그 사이에 값을 넘겨줄 통로가 있어야 합니다. 그것이 `ctx`(context)입니다.
#
# - 순전파에서 `ctx.save_for_backward(input)`으로 역전파에 필요한 텐서를 저장합니다.
# - 역전파에서 `ctx.saved_tensors`로 저장한 텐서들을 튜플로 꺼냅니다.
#
# 역전파 안에서는 `grad_output`을 `clone()`으로 복사한 다음 복사본을 고칩니다. `grad_output`은 autograd가
# 넘겨준 텐서라서 다른 곳에서도 쓰일 수 있으므로, 제자리(in-place)에서 바꾸면 안 됩니다.

# %%
import warnings

import torch

from loss_plot import plot_losses


# %%
class MyReLU(torch.autograd.Function):
    """ReLU를 순전파와 역전파를 직접 적어서 정의한 autograd 함수입니다."""

    @staticmethod
    def forward(ctx, input):
        # 역전파에서 "어느 자리가 음수였는지" 알아야 하므로 입력을 저장해 둡니다.
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        # grad_output: 손실에 대한 출력의 변화도, 돌려줄 값: 손실에 대한 입력의 변화도
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()  # 넘겨받은 변화도는 고치지 않고 복사본을 고칩니다.
        grad_input[input < 0] = 0  # 입력이 음수였던 자리에서는 변화도를 막습니다.
        return grad_input


# %% [markdown]
# ## `MyReLU.apply`로 호출하기
#
# 정의한 함수는 클래스의 `apply` 메서드로 호출합니다. `apply`는 `torch.autograd.Function`이 물려주는
# 메서드로, 다음 일을 대신 해 줍니다.
#
# 1. 새 `ctx`를 만들어 `forward`를 호출합니다. `forward` 안의 연산은 그래프에 따로 기록되지 않습니다.
#    이 연산 전체의 역전파는 우리가 적은 `backward`가 맡기 때문입니다.
# 2. 출력 텐서에 `MyReLUBackward`라는 노드를 `grad_fn`으로 붙여, 출력과 입력을 연산 그래프로 잇습니다.
# 3. 나중에 역전파가 이 노드에 도착하면 같은 `ctx`와 함께 `backward`를 호출합니다.
#
# 원소 다섯 개짜리 작은 텐서로 확인해 봅시다. 음수 두 개, 0 하나, 양수 두 개를 넣고, 출력 쪽 변화도로는
# 자리마다 다른 값(10, 20, 30, 40, 50)을 넘겨서 어느 자리가 통과하는지 보이게 합니다.

# %%
x_small = torch.tensor([-2.0, -0.5, 0.0, 1.5, 3.0], requires_grad=True)
upstream = torch.tensor([10.0, 20.0, 30.0, 40.0, 50.0])  # 출력에 대한 변화도라고 가정합니다.

y_small = MyReLU.apply(x_small)
print("순전파 출력:", y_small)
print("grad_fn:", type(y_small.grad_fn).__name__)

y_small.backward(upstream)
print("MyReLU의 입력 변화도:", x_small.grad)

# 비교: torch.relu는 x = 0인 자리(세 번째)에서 변화도를 막습니다.
x_ref = x_small.detach().clone().requires_grad_()
torch.relu(x_ref).backward(upstream)
print("torch.relu의 입력 변화도:", x_ref.grad)

# %% [markdown]
# 순전파 출력은 음수 자리만 0이 되었고, `grad_fn`은 우리가 정의한 함수의 역전파 노드입니다. 입력
# 변화도를 보면 음수였던 앞의 두 자리는 막히고, 양수였던 뒤의 두 자리는 40과 50이 그대로 통과했습니다.
# 세 번째 자리($x = 0$)는 앞에서 말한 대로 `MyReLU`에서는 30이 통과하고 `torch.relu`에서는 막혔습니다.
#
# ### 인스턴스를 만들어 호출하면 오류가 납니다
#
# `MyReLU()(x)`처럼 **인스턴스를 만든 뒤 그 인스턴스를 함수처럼 호출**하는 것은, `forward`와 `backward`를
# 정적 메서드가 아닌 일반 메서드로 정의하는 옛(legacy) 방식의 autograd 함수를 부르는 방법입니다. 현재 PyTorch는
# 이 방식을 받아들이지 않습니다. 인스턴스를 만드는 것만으로 `DeprecationWarning`이 나오고, 그 인스턴스를
# 호출하면 `RuntimeError`가 납니다. 오류 메시지의 "Legacy autograd function"이 바로 이 옛 방식을 가리킵니다.
#
# 인스턴스를 만들지 말고 **클래스에서 바로 `MyReLU.apply(x)`를 호출**하세요. 자주 쓴다면 아래 학습 루프처럼
# `relu = MyReLU.apply`로 짧은 이름을 붙여 두면 편합니다. 아래 셀은 인스턴스를 만들어 호출하면 어떻게 되는지
# 보여 줍니다(경고와 오류를 잡아서 메시지만 출력합니다).

# %%
print("PyTorch 버전:", torch.__version__)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # 경고를 화면에 내보내지 않고 모두 caught에 모읍니다.
    try:
        legacy_relu = MyReLU()  # 인스턴스 만들기: 경고
        legacy_relu(x_small)  # 인스턴스를 함수처럼 호출하기: 오류
    except RuntimeError as err:
        print("RuntimeError:", err)

for caught_warning in caught:
    print(f"{caught_warning.category.__name__}: {caught_warning.message}")

# %% [markdown]
# ## `gradcheck`로 역전파 검증하기
#
# 역전파를 직접 쓰면 앞 단계에서 말한 문제, 즉 "틀려도 조용히 실행된다"는 문제가 다시 생깁니다. autograd가
# 지켜 주던 정확성을 이제 스스로 책임져야 하므로, 직접 만든 autograd 함수는 늘 `torch.autograd.gradcheck`로
# 검증하세요.
#
# `gradcheck`는 변화도를 두 가지 방법으로 구해서 비교합니다.
#
# - **해석적 방법**: 우리가 쓴 `backward`로 구한 변화도
# - **수치적 방법**: 입력을 아주 조금($\varepsilon$) 움직였을 때 출력이 변한 양으로 어림한 변화도
#
# $$
# \frac{\partial y}{\partial x_i} \approx \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}
# $$
#
# 두 결과가 허용 오차 안에서 같으면 `True`를 돌려줍니다. 쓸 때 세 가지를 지켜야 합니다.
#
# - **검사할 입력은 `requires_grad=True`로 만듭니다.** `gradcheck`는 `requires_grad=True`인 입력에 대한
#   변화도만 비교하고, 나머지 입력에 대한 변화도는 틀려도 검사하지 않습니다. 그런 입력이 하나도 없으면
#   검사할 것이 없으므로 `ValueError`를 냅니다. 이 오류는 `raise_exception=False`를 주어도 `False`로 바뀌지 않습니다.
# - **입력은 `float64`로 만듭니다.** 기본 $\varepsilon$은 $10^{-6}$인데, `float32`는 유효숫자가 일곱 자리
#   남짓이라 이렇게 작은 차이를 정확히 표현하지 못합니다. 그러면 올바른 함수도 검사에 실패합니다.
# - **꺾이는 점에서 떨어진 입력을 씁니다.** ReLU라면 0 근처를 피합니다. 입력이 정확히 0이면 수치적
#   방법은 $\frac{\varepsilon - 0}{2\varepsilon} = 0.5$를 내놓는데, 해석적 방법은 0이나 1만 내놓으므로 둘이
#   맞을 수가 없습니다.
#
# 아래 셀은 네 가지를 시험합니다. 0에서 떨어진 `float64` 입력에서 `MyReLU`는 통과합니다. 같은 함수라도
# 입력에 0이 섞이면 통과하지 못합니다. 역전파에서 변화도를 막는 줄을 빼먹은 잘못된 함수는 `gradcheck`가
# 잡아냅니다. 이 잘못된 함수 `BrokenReLU`는 `MyReLU`를 상속해서 순전파는 그대로 물려받고 `backward`만 다시
# 정의하므로, 두 함수의 차이는 역전파 한 곳뿐입니다. 마지막으로 `requires_grad=True`가 없는 입력을 주면
# 검사가 시작되지도 않습니다. 실패를 예외 대신 `False`로 받으려고 `raise_exception=False`를 주었습니다.

# %%
class BrokenReLU(MyReLU):
    """일부러 틀린 ReLU: 순전파는 MyReLU에서 물려받고, 역전파에서 음수 자리를 막는 것을 잊었습니다."""

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.clone()  # 잘못된 역전파: 모든 자리를 통과시킵니다.


# 0에서 충분히 떨어진 float64 입력
x_check = torch.tensor([-1.5, -0.7, 0.4, 1.2, 2.5], dtype=torch.float64, requires_grad=True)
# 꺾이는 점(0)이 섞인 float64 입력
x_kink = torch.tensor([-1.5, 0.0, 1.2], dtype=torch.float64, requires_grad=True)

print("MyReLU, 0에서 떨어진 입력:", torch.autograd.gradcheck(MyReLU.apply, (x_check,)))
print(
    "MyReLU, 0이 섞인 입력:",
    torch.autograd.gradcheck(MyReLU.apply, (x_kink,), raise_exception=False),
)
print(
    "BrokenReLU, 0에서 떨어진 입력:",
    torch.autograd.gradcheck(BrokenReLU.apply, (x_check,), raise_exception=False),
)
try:
    # detach()로 requires_grad가 없는 같은 값을 만들어 넘깁니다.
    torch.autograd.gradcheck(MyReLU.apply, (x_check.detach(),), raise_exception=False)
except ValueError as err:
    print("MyReLU, requires_grad가 없는 입력: ValueError:", err)

# %% [markdown]
# ## 신경망에 끼워 넣기
#
# 이제 `MyReLU`를 지금까지의 신경망에 넣어 학습합니다. 장치(device), 데이터, 가중치(weight),
# 학습률(learning rate)은 앞 단계와 모두 같습니다.

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

# 학습할 가중치만 requires_grad=True로 만듭니다.
w1 = torch.randn(D_in, H, device=device, dtype=dtype, requires_grad=True)
w2 = torch.randn(H, D_out, device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-6

# %% [markdown]
# 학습 루프의 순전파에서 `relu`는 `MyReLU.apply`입니다. `loss.backward()`가 연산 그래프를 거꾸로 따라가다가
# `MyReLUBackward` 노드에 도착하면, 우리가 쓴 `backward`가 호출되어 은닉층(hidden layer) 쪽으로 변화도를
# 넘겨줍니다.

# %%
relu = MyReLU.apply  # 인스턴스를 만들지 않고 apply에 짧은 이름만 붙입니다.

losses = []
for t in range(500):
    # 순전파: ReLU 자리에 직접 정의한 함수를 씁니다.
    y_pred = relu(x.mm(w1)).mm(w2)
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    # 역전파: 도중에 MyReLU.backward가 호출됩니다.
    loss.backward()

    # 가중치 갱신은 그래프에 기록하지 않고, 갱신 뒤에는 변화도를 0으로 되돌립니다.
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()

# %% [markdown]
# 출력된 다섯 줄은 앞의 두 단계(PyTorch 텐서, autograd)와 마지막 자리까지 같습니다. `MyReLU`의 순전파는
# `clamp(min=0)` 그대로이고, 역전파도 `clamp(min=0)`의 역전파, 그리고 손으로 쓴 역전파와 같은 규칙(음수 자리만
# 막기)을 따르기 때문입니다. 직접 정의한 함수가 기본 연산과 똑같은 자격으로 그래프에 참여한다는 뜻입니다.

# %% [markdown]
# ## 앞 단계에서 무엇이 바뀌었나
#
# 3단계 코드에 새로 더해진 것은 `MyReLU` 클래스와, 그 클래스를 시험해 보는 시연 코드(`gradcheck`, `BrokenReLU`
# 등)입니다. 학습 부분에서 바뀐 것은 순전파의 `clamp(min=0)`가 `relu(...)`, 곧 `MyReLU.apply`로 바뀐 한 줄뿐입니다.
# 그래서 손실이 3단계와 똑같이 나온다는 사실이 `gradcheck`와 더불어 `MyReLU`의 역전파가 맞다는 증거가 됩니다.

# %% [markdown]
# ## 언제 직접 `Function`을 만들까
#
# 대부분의 경우에는 새 autograd 함수를 만들 필요가 없습니다. PyTorch의 연산들을 조합해서 순전파를 쓰면
# autograd가 알아서 역전파를 해 주기 때문입니다. ReLU도 실제로는 `torch.relu`를 쓰면 됩니다. 이 페이지의
# `MyReLU`는 구조를 배우기 위한 예입니다. 직접 만들 만한 경우는 대략 다음과 같습니다.
#
# - **autograd가 들여다볼 수 없는 계산.** NumPy나 SciPy, 외부 C/C++ 라이브러리, 시뮬레이터처럼 PyTorch
#   텐서 연산 바깥에서 일어나는 계산은 그래프에 기록되지 않습니다. 이런 계산을 `Function`으로 감싸고
#   역전파를 직접 제공하면 신경망의 일부로 쓸 수 있습니다.
# - **수치적 안정성.** 식을 그대로 자동 미분(automatic differentiation)하면 중간에 아주 큰 수나 0으로
#   나누기가 생겨 `inf`나 `nan`이 나오는 경우가 있습니다. 손으로 정리한 도함수가 훨씬 안정적이라면
#   그것을 `backward`에 직접 적을 수 있습니다.
# - **메모리 절약.** autograd는 기본 연산마다 역전파에 필요한 중간 결과를 저장합니다. 여러 연산을
#   하나의 `Function`으로 묶으면 꼭 필요한 것만 저장하거나, 저장 대신 역전파에서 다시 계산할 수
#   있습니다. 예를 들어 `MyReLU`의 역전파에는 자리마다 변화도를 통과시킬지(입력이 음수가 아니었는지)만
#   필요하므로, `float32` 입력 전체 대신 원소당 1바이트인 불리언 마스크(`input >= 0`)만 저장해도 됩니다.
# - **일부러 다른 변화도를 쓰고 싶을 때.** 순전파에서는 반올림처럼 변화도가 거의 모든 곳에서 0인 연산을
#   하고, 역전파에서는 변화도를 그대로 통과시키는 기법(straight-through estimator) 등이 여기에 해당합니다.

# %% [markdown]
# ## 자주 하는 실수
#
# - **`apply`를 거치지 않는 경우.** 인스턴스를 만들어 `MyReLU()(x)`처럼 부르면 위에서 본 대로 오류가 납니다.
#   `MyReLU.forward(ctx, x)`처럼 `forward`를 직접 불러도 안 됩니다. `apply`가 하는 일(`ctx`를 만들고 출력에
#   `MyReLUBackward` 노드를 붙이는 일)이 일어나지 않아서, 출력에는 `forward` 안의 연산(여기서는 `clamp`)의
#   노드가 붙고 우리가 쓴 `backward`는 끝내 불리지 않습니다. 항상 `MyReLU.apply(x)`로 부르세요.
# - **변화도 개수가 맞지 않는 경우.** `backward`는 `forward`가 받은 입력(`ctx` 제외) **하나마다
#   변화도 하나**를 순서대로 돌려줘야 합니다. 변화도가 필요 없는 입력(정수나 실수 같은 설정값, 변화도가
#   필요 없는 텐서)에는 그 자리에 `None`을 돌려줍니다. 개수가 모자라면 역전파 도중에
#   `returned an incorrect number of gradients (expected 2, got 1)` 같은 오류가 납니다. 아래 셀의
#   `ScaledReLU`가 `None`을 돌려주는 예입니다.
# - **입력이나 `grad_output`을 제자리에서 고치는 경우.** `forward` 안에서 입력 텐서를 제자리 연산으로 바꾸면
#   다른 곳에서 그 텐서를 쓰는 계산이 틀어집니다. 새 텐서를 만들어 돌려주세요. 정말 제자리에서 바꿔야 한다면
#   `ctx.mark_dirty`로 autograd에 알려야 합니다. `backward`에서 `grad_output`을 고칠 때도 `MyReLU`처럼 먼저
#   `clone()`합니다.
# - **텐서를 `ctx`의 속성으로 저장하는 경우.** `ctx.input = input`처럼 저장해도 당장은 동작하는 것처럼
#   보이지만, 메모리가 제때 풀리지 않을 수 있고 아래에서 볼 안전장치도 작동하지 않습니다. 텐서는
#   `ctx.save_for_backward`로 저장하세요. 반면 정수, 실수, shape 같은 텐서가 아닌 값은 `ctx.scale = scale`처럼
#   속성으로 저장하는 것이 맞습니다.
#
# 아래 셀은 두 가지를 보여 줍니다. 첫째, 텐서가 아닌 설정값 `scale`을 받는 함수는 그 자리에 `None`을
# 돌려줍니다. 둘째, `save_for_backward`로 저장한 텐서를 역전파 전에 제자리에서 바꾸면 autograd가 그것을
# 알아차리고 오류를 냅니다. 저장한 값이 바뀐 채로 변화도를 계산하면 틀린 결과가 나오기 때문입니다.

# %%
class ScaledReLU(torch.autograd.Function):
    """scale * max(x, 0). scale은 텐서가 아닌 설정값입니다."""

    @staticmethod
    def forward(ctx, input, scale):
        ctx.save_for_backward(input)  # 텐서는 save_for_backward로
        ctx.scale = scale  # 텐서가 아닌 값은 속성으로 저장합니다.
        return scale * input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        grad_input = ctx.scale * grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input, None  # forward의 입력 두 개(input, scale)에 하나씩: scale에는 None


print("ScaledReLU gradcheck:", torch.autograd.gradcheck(lambda t: ScaledReLU.apply(t, 3.0), (x_check,)))

# 저장된 텐서를 역전파 전에 제자리에서 바꾸면 autograd가 알아차립니다.
a = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
hidden = a * 1.0  # 잎이 아닌 중간 결과
out = MyReLU.apply(hidden)  # hidden이 save_for_backward로 저장됩니다.
hidden.mul_(-1)  # 저장된 텐서를 제자리에서 바꿉니다.
try:
    out.sum().backward()
except RuntimeError as err:
    print("RuntimeError:", str(err).split(". Hint")[0])

# %% [markdown]
# ## 손실 곡선
#
# 기록된 손실이 앞 단계와 같으므로 곡선도 앞 단계와 똑같습니다. 처음
# 스무 단계 남짓 동안 가파르게 떨어진 뒤 로그 눈금에서 거의 직선으로 내려가다가, 끝으로 갈수록 완만해집니다.

# %%
fig = plot_losses(losses, "사용자 정의 ReLU로 학습한 신경망의 손실")


# %% [markdown]
# ## 정리
#
# - autograd의 연산은 모두 순전파와 역전파의 짝입니다. 역전파는 출력에 대한 변화도를 받아 입력에 대한
#   변화도를 돌려줍니다.
# - `torch.autograd.Function`의 하위 클래스에 정적 메서드 `forward(ctx, ...)`와 `backward(ctx, grad_output)`을
#   정의하면 새 연산을 만들 수 있습니다. 역전파에 필요한 텐서는 `ctx.save_for_backward`로 저장하고
#   `ctx.saved_tensors`로 꺼냅니다.
# - 새 함수는 `MyReLU.apply`로 호출합니다. 인스턴스를 만들어 호출하면 오류가 납니다.
# - 직접 쓴 역전파는 `gradcheck`로 검증합니다. 입력은 `requires_grad=True`인 `float64` 텐서로, 꺾이는 점에서
#   떨어진 값으로 만듭니다.
#
# 다음 단계에서는 순전파를 실행할 때마다 연산 그래프를 새로 만드는 지금까지의 방식과 반대로, 그래프를
# **한 번 정의해 두고 여러 번 실행하는** 정적 그래프(static graph)를 살펴봅니다.


# %% [markdown]
# ## 연습 문제
#
# 답을 먼저 예측해 본 뒤 펼쳐 보세요. 답의 코드와 출력은 본문처럼 사이트를 빌드할 때 실제로 실행한 결과입니다.
#
# ### 문제 1. `input < 0`을 `input <= 0`으로 바꾸면
#
# `MyReLU.backward`의 `grad_input[input < 0] = 0`을 `grad_input[input <= 0] = 0`으로 바꾸었습니다. 본문의 작은 텐서
# 예(음수 둘, 0 하나, 양수 둘)에서 입력 변화도는 어떻게 달라질까요? `gradcheck`의 결과와, 이 신경망의 학습
# 결과는 달라질까요?

# %% [markdown] tags=["answer"]
# 달라지는 곳은 입력이 정확히 0인 자리 하나뿐입니다. 그 자리의 변화도도 막히므로, 바꾼 함수는 `torch.relu`와 같은
# 변화도를 냅니다. 0에서의 도함수는 0과 1 사이의 어느 값을 골라도 된다고 했으니, 이것도 올바른 선택입니다.
# `gradcheck`의 결과도 그대로입니다. 0에서 떨어진 입력에서는 두 함수의 역전파가 같으므로 통과하고, 0이 섞인
# 입력에서는 수치적 방법이 0.5를 내므로 여전히 통과하지 못합니다.
#
# 학습 결과는 뜻밖에도 조금 달라집니다. 역전파가 달라지려면 은닉층의 입력 `x.mm(w1)`에 정확히 0인 원소가 있어야
# 합니다. 학습 전에는 0 근처의 원소가 거의 없지만, 학습이 진행되면 일부 원소가 ReLU가 꺾이는 0 바로 근처에
# 머물게 됩니다. 그리고 참값이 0에 아주 가까운 합을 `float32`로 계산하면, 반올림 때문에 결과가 정확히 0이 되기도
# 합니다. 아래 코드는 같은 시드에서 바꾼 함수로 500단계를 다시 학습하면서, 정확히 0인 원소가 나온 단계와 0 바로
# 근처(절댓값이 $10^{-5}$ 미만)의 원소 수를 세고, 손실을 본문의 `losses`와 비교합니다.
#
# 이 페이지의 출력을 만든 실행에서는 정확히 0인 원소가 학습 도중 여러 단계에서 나왔고, 그런 단계가 처음
# 나온 바로 다음 단계부터 손실이 본문과 달라졌습니다. 처음에는 아주 작은 차이지만, 가중치가 한 번 달라지면 그
# 뒤의 모든 계산이 달라지므로 차이는 단계를 거치며 조금씩 커집니다. "드물다"는 "일어나지 않는다"와 다르다는
# 것, 그리고 0에서 고른 값이 실제 학습 결과를 바꿀 수 있다는 것을 보여 주는 예입니다.

# %% tags=["answer"]
class MyReLUAtZero(MyReLU):
    """MyReLU와 같지만, 입력이 0인 자리의 변화도도 막습니다."""

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input <= 0] = 0  # 바꾼 줄: < 대신 <=
        return grad_input


x_try = x_small.detach().clone().requires_grad_()
MyReLUAtZero.apply(x_try).backward(upstream)
print("바꾼 함수의 입력 변화도:", x_try.grad)
print("gradcheck, 0에서 떨어진 입력:", torch.autograd.gradcheck(MyReLUAtZero.apply, (x_check,)))
print("gradcheck, 0이 섞인 입력:", torch.autograd.gradcheck(MyReLUAtZero.apply, (x_kink,), raise_exception=False))


def train_with(relu_fn):
    """본문과 같은 시드, 데이터, 가중치에서 relu_fn으로 500단계를 학습합니다.
    단계별 손실, 은닉층 입력에 정확히 0인 원소가 있었던 단계, 단계별로 0 바로 근처인 원소의 수를 돌려줍니다."""
    torch.manual_seed(0)
    xs = torch.randn(N, D_in, device=device, dtype=dtype)
    ys = torch.randn(N, D_out, device=device, dtype=dtype)
    a = torch.randn(D_in, H, device=device, dtype=dtype, requires_grad=True)
    b = torch.randn(H, D_out, device=device, dtype=dtype, requires_grad=True)
    history, zero_steps, near_zero = [], [], []
    for step in range(500):
        hidden = xs.mm(a)
        if (hidden == 0).any():
            zero_steps.append(step)
        near_zero.append((hidden.abs() < 1e-5).sum().item())
        step_loss = (relu_fn(hidden).mm(b) - ys).pow(2).sum()
        history.append(step_loss.item())
        step_loss.backward()
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            a.grad.zero_()
            b.grad.zero_()
    return history, zero_steps, near_zero


changed_losses, zero_steps, near_zero = train_with(MyReLUAtZero.apply)
differ = [step for step, (p, q) in enumerate(zip(changed_losses, losses)) if p != q]
print(f"|x.mm(w1)| < 1e-5인 원소의 수: 첫 단계 {near_zero[0]}개, 마지막 단계 {near_zero[-1]}개")
first_zero = f"{zero_steps[0]}단계" if zero_steps else "없음"
print(f"정확히 0인 원소가 있었던 단계: 500단계 중 {len(zero_steps)}개, 처음은 {first_zero}")
print("손실이 본문과 처음 달라진 단계:", differ[0] if differ else "없음")
print(f"마지막 단계 손실의 상대 차이: {abs(changed_losses[-1] - losses[-1]) / losses[-1]:.1e}")

# %% [markdown]
# ### 문제 2. 지수 함수의 역전파에는 무엇을 저장할까?
#
# $y = e^x$를 계산하는 새 autograd 함수 `MyExp`를 만들어 보세요. 역전파에 필요한 값을 `ctx`에 저장해야 하는데,
# 입력 $x$와 출력 $y$ 중 무엇을 저장하는 것이 좋을까요? 만든 함수는 `gradcheck`로 검증하세요.

# %% [markdown] tags=["answer"]
# $e^x$의 도함수는 자기 자신 $e^x$이므로 역전파는 $\frac{\partial L}{\partial x} = \frac{\partial L}{\partial y} \odot y$입니다.
# 입력을 저장하면 역전파에서 $e^x$를 한 번 더 계산해야 하지만, **출력**을 저장하면 곱셈 한 번으로 끝납니다.
# 그래서 순전파에서 계산한 결과를 `save_for_backward`로 저장합니다. 입력만 저장할 수 있는 것이 아니라, 역전파에
# 쓸모 있는 텐서라면 무엇이든 저장할 수 있습니다.

# %% tags=["answer"]
class MyExp(torch.autograd.Function):
    """y = exp(x). 역전파에는 입력 대신 출력을 저장해 씁니다."""

    @staticmethod
    def forward(ctx, input):
        result = input.exp()
        ctx.save_for_backward(result)  # 도함수가 출력 자신이므로 출력을 저장합니다.
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


print("MyExp gradcheck:", torch.autograd.gradcheck(MyExp.apply, (x_check,)))

# %% [markdown]
# ### 문제 3. 입력 대신 마스크만 저장하는 ReLU
#
# 본문의 "언제 직접 `Function`을 만들까"에서, `MyReLU`의 역전파에는 입력 전체 대신 불리언 마스크만 저장해도
# 된다고 했습니다. 입력 대신 마스크만 `ctx.save_for_backward`로 저장하는 `MaskReLU`를 만들어 보세요. 원소 하나를
# 저장하는 데 몇 바이트가 드나요? 입력이 정확히 0인 자리에서도 `MyReLU`와 같은 변화도를 내려면 마스크를 어떻게
# 만들어야 할까요?

# %% [markdown] tags=["answer"]
# `float32` 원소는 4바이트이고 불리언 원소는 1바이트이므로, 저장하는 메모리가 4분의 1이 됩니다. 역전파는
# `grad_output`에 마스크를 곱하기만 하면 됩니다. 불리언 텐서를 곱하면 `True`는 1, `False`는 0으로 계산됩니다.
#
# `MyReLU`는 입력이 음수인 자리만 막으므로(`input < 0`), 마스크는 그 반대인 `input >= 0`으로 만듭니다. 그러면
# 0인 자리가 `True`가 되어 변화도가 통과합니다. `input > 0`으로 만들면 0인 자리가 `False`가 되어, `MyReLU`가 아니라
# `torch.relu`와 같은 선택이 됩니다. 아래 코드는 본문의 작은 텐서 예에서 `MaskReLU`의 입력 변화도가 `MyReLU`의 것과
# 같은지 비교합니다. 0에서 떨어진 입력에서는 두 마스크 모두 `gradcheck`를 통과합니다.

# %% tags=["answer"]
class MaskReLU(torch.autograd.Function):
    """입력 대신 '음수가 아니었는지'를 담은 불리언 마스크만 저장하는 ReLU입니다. 0에서는 MyReLU처럼 통과시킵니다."""

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input >= 0)  # 원소당 1바이트인 불리언 텐서, MyReLU처럼 0인 자리도 True
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (keep,) = ctx.saved_tensors
        return grad_output * keep


print("원소 하나의 바이트 수: float32", x_small.element_size(), "/ 불리언", (x_small >= 0).element_size())
print("MaskReLU gradcheck:", torch.autograd.gradcheck(MaskReLU.apply, (x_check,)))
x_try = x_small.detach().clone().requires_grad_()
MaskReLU.apply(x_try).backward(upstream)
print("MaskReLU의 입력 변화도:", x_try.grad)
print("MyReLU의 입력 변화도와 같은가:", torch.equal(x_try.grad, x_small.grad))
