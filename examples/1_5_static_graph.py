# %% [markdown]
# # 정적 그래프와 동적 그래프
#
# > 한 번 정의해 두고 데이터만 바꿔 실행하는 정적 그래프를 동적 그래프와 비교하고, `torch.fx`로 포착한 그래프로 학습합니다.
#
# 3단계와 4단계에서 autograd는 순전파(forward pass)를 실행할 때마다 연산 그래프(computational
# graph)를 새로 기록했고, 역전파(backward pass)가 끝나면 그 그래프를 다시 쓰지 않았습니다. 이번
# 단계에서는 그 반대편에 있는 방식, 곧 그래프를 **먼저 한 번 정의해 두고 데이터만 바꿔 가며 여러 번
# 실행하는** 정적 그래프(static graph)를 살펴봅니다.
#
# 정적 그래프의 대표적인 예는 TensorFlow 1.x입니다. 같은 신경망을 TensorFlow 1.x로 쓴 코드를 보여 드리지만,
# 이 사이트는 TensorFlow를 설치하지 않으므로 그 코드는 읽기만 하는 참고용입니다. 실제로 실행하는 부분에서는
# PyTorch 안에서 정적 그래프를 얻는 도구인 `torch.fx`와 `torch.export`를 씁니다.
#
# 이 페이지에서 배울 내용은 다음과 같습니다.
#
# - "먼저 정의하고 실행하기(define-then-run)"와 "실행하며 정의하기(define-by-run)"의 차이, 그리고 각
#   방식으로 얻는 것과 잃는 것
# - TensorFlow 1.x가 플레이스홀더(placeholder), 변수, 세션(session)으로 그래프를 정의하고 실행하던 방식
# - `torch.fx.symbolic_trace`로 PyTorch 함수를 추적(tracing)해 정적 그래프로 포착하고, 그 그래프의
#   노드를 읽는 방법
# - 포착한 그래프로 학습(training)해도 autograd 단계와 똑같은 결과가 나온다는 것
# - `torch.export`가 shape까지 기록한 그래프를 만들고, 그 shape에 그래프를 고정한다는 것
# - 추적으로는 값에 따라 갈라지는 제어 흐름(control flow)을 포착할 수 없다는 한계

# %% [markdown]
# ## 그래프를 언제 만드는가
#
# 신경망을 학습하려면 프레임워크가 순전파의 연산 그래프를 알아야 합니다. 그래야 그 그래프를 거꾸로
# 따라가며 가중치(weight)에 대한 손실(loss)의 변화도(gradient)를 구할 수 있습니다. 프레임워크마다 다른 점은
# 이 그래프를 **언제** 만드느냐입니다.
#
# ### 정적 그래프: 먼저 정의하고 실행하기
#
# 정적 그래프 방식에서는 프로그램이 두 단계로 나뉩니다.
#
# 1. **정의 단계.** 입력이 들어올 자리, 가중치, 그 사이의 연산을 코드로 적어 그래프를 만듭니다. 이때는
#    아무 계산도 일어나지 않습니다. `h = matmul(x, w1)`이라고 적어도 `h`에는 값이 없고, 그래프에
#    "행렬 곱(matrix multiplication)을 하는 노드"가 하나 늘어날 뿐입니다.
# 2. **실행 단계.** 완성된 그래프에 실제 데이터를 넣어 실행합니다. 학습의 매 단계가 **같은 그래프**를
#    다시 실행하는 일입니다.
#
# 그래프가 실행 전에 완성되어 있으면 얻는 것이 많습니다.
#
# - **그래프 전체를 보고 최적화할 수 있습니다.** 모든 연산을 미리 알기 때문에 여러 연산을 하나로
#   합치거나, 중간 결과가 쓸 메모리를 미리 계획하거나, 결과에 쓰이지 않는 계산을 빼 버릴 수 있습니다.
# - **직렬화할 수 있습니다.** 그래프는 코드가 아니라 데이터이므로 파일로 저장했다가 다른 프로그램,
#   다른 장비에서 불러올 수 있습니다.
# - **파이썬 없이 실행할 수 있습니다.** 저장한 그래프는 C++ 서버나 모바일 기기처럼 파이썬 인터프리터를
#   두기 어려운 곳에서도 실행할 수 있습니다.
#
# 대신 잃는 것도 있습니다.
#
# - 정의 단계의 코드는 계산을 하지 않으므로, 중간 값을 파이썬의 `print`로 찍어 보거나 디버거로 멈춰서
#   들여다볼 수 없습니다. 찍히는 것은 값이 아니라 그래프의 노드입니다.
# - 파이썬의 `if`와 `for`는 그래프를 정의할 때 **한 번만** 실행됩니다. 데이터에 따라 달라지는 분기나
#   반복은 TensorFlow 1.x의 `tf.cond`, `tf.while_loop`처럼 그래프 안에서 동작하는 전용 연산으로 따로
#   표현해야 합니다.
# - 정의와 실행이 떨어져 있어 코드를 읽고 오류를 찾기가 번거롭습니다. 오류는 그 연산을 적은 줄이 아니라
#   그래프를 실행하는 줄에서 드러나는 일이 많습니다.
#
# ### 동적 그래프: 실행하며 정의하기
#
# PyTorch는 기본적으로 동적 그래프(dynamic graph)를 씁니다. 3단계에서 본 것처럼 순전파의 연산을 실제로
# 계산하면서 **동시에** 그래프를 기록하고, 순전파를 할 때마다 그래프를 새로 만듭니다.
#
# - 순전파가 평범한 파이썬 코드이므로 `if`, `for`, 함수 호출, `print`, 디버거가 모두 그대로 동작합니다.
# - 단계마다 그래프의 구조가 달라져도 됩니다. 입력의 값에 따라서든, 9단계의 신경망처럼 무작위로든 상관없습니다.
# - 순전파에서 오류가 나면 오류 메시지가 문제의 연산을 적은 줄을 가리킵니다. (역전파에서 나는 오류는
#   `backward()`를 부른 줄을 가리킵니다.)
#
# 반면 프레임워크는 연산을 한 번에 하나씩만 보게 됩니다. 여러 연산을 묶어 최적화하기 어렵고, 매 단계
# 연산마다 파이썬 인터프리터를 거치는 부담이 있으며, 파이썬 없이 배포하려면 그래프를 따로 얻어 내야
# 합니다.
#
# ### 두 방식은 서로 가까워졌습니다
#
# TensorFlow 2는 PyTorch처럼 코드를 바로 실행하는 즉시 실행(eager execution)이 기본이고, 그래프가 필요할
# 때는 파이썬 함수에 `tf.function`을 붙여 그래프로 바꿉니다. `tf.placeholder`와 `tf.Session`은 호환용
# `tf.compat.v1` 아래에만 남아 있고, 즉시 실행을 끄지 않으면 플레이스홀더를 만들 수도 없습니다. 그래서
# 아래의 TensorFlow 1.x 코드는 TensorFlow 2에서 그대로는 돌아가지 않습니다.
#
# PyTorch는 반대 방향에서 출발했습니다. 동적 그래프가 기본이고, 정적 그래프가 필요할 때 쓰는 도구를
# 따로 둡니다.
#
# - `torch.fx`: 파이썬 함수를 추적해 파이썬 수준의 그래프로 포착합니다. 그래프를 읽고 고치는 도구를
#   만들 때 씁니다.
# - `torch.export`: 프로그램 전체를 PyTorch의 기본 연산 수준까지 내려가 하나의 그래프로 포착합니다.
#   저장하고 파이썬 없이 배포하기 위한 도구입니다.
# - `torch.compile`: 그래프를 포착한 다음 컴파일해서 실행 속도를 높이려는 도구입니다.
#
# 이 페이지에서는 앞의 두 도구를 실제로 실행해 보고, `torch.compile`은 글로만 소개합니다.

# %% [markdown]
# ## TensorFlow 1.x로 쓴 같은 신경망
#
# 아래 코드는 두 방식을 비교하려고 보여 드리는 TensorFlow 1.x 코드이며, 이 사이트에서는 실행하지
# 않습니다. 실행하려면 TensorFlow 1.x가 필요합니다. 신경망의 구조, 크기, 학습률(learning rate),
# 반복 횟수는 지금까지의 단계와 같습니다.
#
# ```python
# import numpy as np
# import tensorflow as tf  # TensorFlow 1.x에서만 동작합니다.
#
# N, D_in, H, D_out = 64, 1000, 100, 10
# learning_rate = 1e-6
#
# # ---- 정의 단계: 그래프를 만듭니다 (여기서는 아무 계산도 일어나지 않습니다) ----
# # 플레이스홀더: 실행할 때 feed_dict로 채울 입력 자리. None은 배치 크기를 정하지 않는다는 뜻입니다.
# x = tf.placeholder(tf.float32, shape=(None, D_in), name="x")
# y = tf.placeholder(tf.float32, shape=(None, D_out), name="y")
#
# # 가중치: 그래프의 노드이고, 그 값은 세션이 실행과 실행 사이에 간직합니다.
# w1 = tf.Variable(tf.random_normal([D_in, H]), name="w1")
# w2 = tf.Variable(tf.random_normal([H, D_out]), name="w2")
#
# # 순전파: 연산 노드를 그래프에 덧붙일 뿐입니다. h, y_pred, loss에는 아직 값이 없습니다.
# h = tf.matmul(x, w1)
# h_relu = tf.nn.relu(h)
# y_pred = tf.matmul(h_relu, w2)
# loss = tf.reduce_sum(tf.square(y_pred - y))
#
# # 역전파: 변화도를 구하는 연산도 미리 그래프에 덧붙입니다.
# grad_w1, grad_w2 = tf.gradients(loss, [w1, w2])
#
# # 가중치 갱신도 그래프의 노드입니다. 두 assign을 노드 하나로 묶어 둡니다.
# train_step = tf.group(
#     w1.assign(w1 - learning_rate * grad_w1),
#     w2.assign(w2 - learning_rate * grad_w2),
# )
#
# # ---- 실행 단계: 세션에서 같은 그래프를 500번 실행합니다 ----
# x_data = np.random.randn(N, D_in).astype(np.float32)
# y_data = np.random.randn(N, D_out).astype(np.float32)
#
# with tf.Session() as sess:
#     sess.run(tf.global_variables_initializer())  # 변수에 초깃값을 넣습니다.
#     for t in range(500):
#         # 플레이스홀더를 feed_dict로 채우고, 손실과 갱신 노드를 함께 실행합니다.
#         loss_value, _ = sess.run([loss, train_step], feed_dict={x: x_data, y: y_data})
#         if t % 100 == 99:
#             print(t, loss_value)
# ```
#
# 코드를 정의 단계와 실행 단계로 나누어 읽어 봅시다.
#
# - **플레이스홀더** `x`, `y`는 값이 없는 입력 자리입니다. 그래프를 실행할 때마다 `feed_dict`로 실제
#   데이터를 채워 넣습니다. `shape`의 `None`은 배치(batch) 크기를 비워 두어, 같은 그래프에 몇 개의 샘플이든
#   넣을 수 있게 합니다.
# - **변수** `w1`, `w2`도 그래프의 노드이고, 그 값은 세션이 `sess.run` 호출 사이에 간직합니다. 그래서
#   갱신한 값이 다음 실행으로 이어집니다. PyTorch에서는 가중치가 그냥 텐서(tensor)였던 것과 다릅니다.
# - `tf.matmul`, `tf.nn.relu`, `tf.reduce_sum`은 계산을 하지 않고 그래프에 노드를 덧붙이기만 합니다.
# - `tf.gradients`는 **역전파 계산까지 미리 그래프에 넣습니다.** autograd가 순전파 중에 기록한 그래프를
#   실행 중에 거꾸로 따라가는 것과 대조적입니다.
# - 가중치 갱신 `assign`도 노드입니다. 그래서 "갱신하라"는 노드 `train_step`을 실행해야 갱신이 일어납니다.
# - `tf.Session`을 열고 `sess.run`을 부르면 비로소 계산이 일어납니다. `sess.run`은 요청받은 노드
#   (`loss`, `train_step`)를 계산하는 데 필요한 부분만 그래프에서 골라 실행합니다. 학습 루프는 이 같은
#   그래프를 500번 실행하는 일입니다.
#
# 이 코드는 데이터와 초기 가중치를 NumPy와 TensorFlow의 난수 생성기로 만들기 때문에, TensorFlow 1.x에서
# 실행하더라도 아래 PyTorch 코드와 같은 숫자가 출력되지는 않습니다.

# %% [markdown]
# ## PyTorch로 같은 신경망 준비하기
#
# 이제 PyTorch로 돌아옵니다. 장치(device), 데이터, 가중치를 만드는 코드는 3단계와 같습니다. 시드를 정한 뒤
# `x`, `y`, `w1`, `w2`를 같은 순서로 뽑으므로 값도 3단계와 똑같습니다.

# %%
import random

import torch
import torch.fx

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

# 학습할 가중치만 requires_grad=True로 만듭니다.
w1 = torch.randn(D_in, H, device=device, dtype=dtype, requires_grad=True)
w2 = torch.randn(H, D_out, device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-6

# %% [markdown]
# 순전파는 평범한 파이썬 함수 `forward(x, w1, w2)`로 적습니다. 3단계의 `compute_loss`에서 손실 계산만
# 뺀 것으로, 예측값 `y_pred`를 돌려줍니다. 입력과 가중치를 모두 인자로 받는다는 점을 기억해 두세요.

# %%
def forward(x, w1, w2):
    """은닉층이 하나인 신경망의 순전파입니다. 편향은 없습니다."""
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)
    return y_pred


# %% [markdown]
# ## `torch.fx`로 순전파를 정적 그래프로 포착하기
#
# `torch.fx.symbolic_trace`는 함수를 **한 번** 호출해서 그 안에서 일어나는 연산을 기록합니다. 이것을
# 기호 추적(symbolic tracing)이라고 합니다. 이름에 "기호"가 붙은 까닭은 함수에 진짜 텐서 대신
# `Proxy`라는 대리 객체를 넣기 때문입니다. `Proxy`에 연산을 하면 계산은 일어나지 않고, 그 연산이
# 그래프의 노드로 기록된 뒤 새 `Proxy`가 결과로 돌아옵니다. TensorFlow 1.x의 정의 단계에서 `h`에 값이
# 없던 것과 같은 상황입니다.
#
# 아래 셀에서 직접 확인해 봅시다. 추적하는 동안 함수 안에서 찍어 본 `x`와 `x.mm(w1)`은 텐서가 아니라
# `Proxy`입니다. `print`는 추적할 때 한 번 실행될 뿐 그래프에는 남지 않습니다. 그래프에 남는 것은
# `Proxy`에 한 연산뿐이기 때문입니다. 그래서 `print` 안에서 계산한 `x.mm(w1)`은 노드로 남습니다. 마지막
# 줄의 출력에서 사용처가 0개인 `mm` 노드가 그것입니다.

# %%
def peek(x, w1, w2):
    # 추적하는 동안에는 진짜 텐서 대신 Proxy 객체가 들어옵니다.
    print("추적 중 x의 타입:", type(x).__name__)
    print("추적 중 x.mm(w1)의 타입:", type(x.mm(w1)).__name__)
    return forward(x, w1, w2)


traced_peek = torch.fx.symbolic_trace(peek)
print("평소 호출에서 x의 타입:", type(x).__name__)
print("peek 그래프의 연산 노드(이름, 사용처 수):",
      [(node.name, len(node.users)) for node in traced_peek.graph.nodes if node.op == "call_method"])

# %% [markdown]
# 이제 `forward`를 추적합니다. 결과 `gm`은 `GraphModule`이라는 객체로, 포착한 그래프(`gm.graph`)와 그
# 그래프에서 새로 만들어 낸 파이썬 코드(`gm.code`)를 담고 있습니다.

# %%
gm = torch.fx.symbolic_trace(forward)
print("gm은 GraphModule인가:", isinstance(gm, torch.fx.GraphModule))
print(gm.graph)

# %% [markdown]
# ### 그래프의 노드 읽기
#
# 그래프의 한 줄이 노드 하나이고, 형식은 `%이름 : [num_users=사용처 수] = 종류[target=대상](args, kwargs)`
# 입니다. `num_users`는 이 노드의 결과를 가져다 쓰는 노드가 몇 개인지를 뜻합니다. 이 그래프에 나오는 노드의
# 종류는 다음과 같습니다.
#
# - **`placeholder`**: 함수의 입력입니다. `x`, `w1`, `w2` 세 개가 있습니다. 값은 그래프를 실행할 때
#   들어오므로, TensorFlow의 `tf.placeholder`에 해당합니다. 다만 TensorFlow에서는 가중치가 그래프 안의
#   변수였던 반면, 여기서는 가중치도 `x`와 똑같은 입력입니다. 이 그래프는 아무 상태도 갖지 않습니다.
#   그래서 학습 루프에서 `w1`, `w2`를 갱신하면 같은 그래프가 다음 호출부터 새 값을 씁니다.
# - **`call_method`**: 텐서의 메서드 호출입니다. `x.mm(w1)`은 `target=mm`, 인자 `(%x, %w1)`인 노드가
#   됩니다. `clamp(min=0)`의 `min=0`처럼 키워드 인자는 `kwargs`에 기록됩니다.
# - **`output`**: 함수가 돌려주는 값입니다. 출력된 그래프에서는 마지막 줄 `return mm_1`로 보입니다.
#
# 다른 종류도 있습니다. `torch.relu(h)`나 `a @ b`처럼 메서드가 아닌 함수 호출은 `call_function`이 되고(아래에서
# 확인합니다), 다음 단계부터 쓸 모듈(module)을 추적하면 하위 모듈을 부르는 `call_module`과 모듈의
# 매개변수(parameter)를 읽는 `get_attr`도 나타납니다. 노드를 하나씩 꺼내 종류, 이름, 대상, 인자를 출력해 보면
# 다음과 같습니다.

# %%
for node in gm.graph.nodes:
    print(f"{node.op:<13} 이름={node.name:<6} target={node.target!s:<7} args={node.args} kwargs={node.kwargs}")

# %% [markdown]
# 같은 신경망을 메서드 대신 함수와 연산자로 적으면 노드의 종류가 `call_function`으로 바뀝니다. `@`는
# 파이썬의 `operator.matmul`로, `torch.relu`는 그대로 대상이 됩니다.

# %%
def forward_with_functions(x, w1, w2):
    return torch.relu(x @ w1) @ w2


print(torch.fx.symbolic_trace(forward_with_functions).graph)

# %% [markdown]
# `GraphModule`은 그래프를 실행하려고 그래프에서 파이썬 코드를 다시 만들어 냅니다. `gm(x, w1, w2)`라고
# 부르면 실행되는 것이 바로 이 코드입니다. 원래 `forward`와 연산은 같지만, 변수 이름이 노드 이름으로
# 바뀌었고 `x = w1 = None`처럼 값을 마지막으로 쓴 뒤 바로 그 이름을 지우는 줄이 들어가 있습니다. 다른 곳에서
# 붙잡고 있지 않은 중간 결과가 그만큼 일찍 메모리에서 풀리게 하려는 것입니다.

# %%
print(gm.code.strip())

# %% [markdown]
# ### 포착한 그래프는 원래 함수와 같은 값을 냅니다
#
# 포착한 그래프가 원래 함수를 충실히 옮겼는지 확인해 봅시다. 학습 데이터와, 학습에 쓰지 않는 새 입력
# 두 가지로 `gm`과 `forward`의 출력을 비교합니다. `torch.equal`은 shape와 모든 원소가 정확히 같을 때만
# `True`입니다. 새 입력은 전역 난수 상태와 상관없이 늘 같은 값이 나오도록 따로 만든 생성기(`torch.Generator`)로
# 뽑습니다.

# %%
print("학습 데이터에서 출력이 같은가:", torch.equal(gm(x, w1, w2), forward(x, w1, w2)))

gen = torch.Generator().manual_seed(1)  # 전역 난수 상태와 무관한 생성기
x_new = torch.randn(8, D_in, generator=gen).to(device)
w1_new = torch.randn(D_in, H, generator=gen).to(device)
w2_new = torch.randn(H, D_out, generator=gen).to(device)
print("새 입력에서 출력이 같은가:", torch.equal(gm(x_new, w1_new, w2_new), forward(x_new, w1_new, w2_new)))

# %% [markdown]
# 두 번째 비교의 배치 크기는 64가 아니라 8입니다. 기호 추적은 shape를 기록하지 않기 때문에, 이 그래프는
# TensorFlow 예제의 `shape=(None, D_in)`처럼 배치 크기와 상관없이 동작합니다.

# %% [markdown]
# ## 포착한 그래프로 학습하기
#
# 이제 학습 루프에서 `forward` 대신 포착한 그래프 `gm`을 실행합니다. 나머지는 3단계와 같습니다.
# 손실은 오차 제곱합(sum of squared errors)이고, `loss.backward()`로 변화도를 구한 뒤 `torch.no_grad()`
# 안에서 경사하강법(gradient descent)으로 가중치를 갱신하고 변화도를 0으로 되돌립니다.
#
# TensorFlow 1.x의 학습 루프와 나란히 놓으면 구조가 비슷합니다. 그래프를 한 번 만들어 두고(`gm`), 단계마다
# 그 그래프에 데이터와 가중치를 넣어 실행합니다. `feed_dict`로 플레이스홀더를 채우던 일이, 여기서는
# `gm(x, w1, w2)`에 인자를 넘기는 일이 됩니다.

# %%
losses = []
for t in range(500):
    # 순전파: 한 번 포착해 둔 그래프를 실행합니다.
    y_pred = gm(x, w1, w2)
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    # 역전파: 변화도는 여전히 autograd가 계산합니다.
    loss.backward()

    # 가중치 갱신은 그래프에 기록하지 않고, 갱신 뒤에는 변화도를 0으로 되돌립니다.
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()

# %% [markdown]
# 출력된 다섯 줄은 3단계(autograd)의 출력과 같습니다. 데이터와 초기 가중치가 같고, `gm`의 코드가 원래
# `forward`와 같은 연산을 같은 순서로 실행하기 때문입니다.
#
# 여기서 한 가지를 분명히 해 둡시다. `torch.fx`가 포착한 것은 **순전파뿐**입니다. `gm`을 실행하면 그
# 안의 연산은 평소처럼 PyTorch 연산으로 실행되고, autograd는 여전히 단계마다 역전파용 그래프를 새로
# 기록합니다. TensorFlow 1.x의 `tf.gradients`가 역전파까지 미리 그래프에 넣어 둔 것과 다른 점입니다.
# 그래서 `symbolic_trace`만으로 학습이 빨라지지는 않습니다. `torch.fx`의 그래프는 그 자체로 실행을 빠르게
# 하는 장치가 아니라, 연산을 합치거나 바꿔 끼우는 도구들이 읽고 고칠 수 있는 **표현**입니다.

# %% [markdown]
# ## `torch.export`: 배포를 위한 그래프
#
# `torch.export.export`는 프로그램 전체를 더 낮은 수준까지 포착합니다. `torch.fx`의 기호 추적이 파이썬
# 코드에 적힌 메서드와 함수 호출을 그대로 기록한다면, `torch.export`는 그것을 PyTorch의 기본 연산
# 집합(ATen 연산)으로 풀어서 기록하고, 각 텐서의 shape와 dtype까지 적어 둡니다. 이렇게 만든
# `ExportedProgram`은 `torch.export.save`로 파일에 저장할 수 있고, 파이썬 없이 실행하는 환경으로 옮기는
# 출발점이 됩니다.
#
# `torch.export.export`는 함수가 아니라 `torch.nn.Module`만 받으므로(함수를 넘기면 `ValueError`가 납니다),
# `forward`를 얇은 모듈로 감쌉니다. 모듈은 다음 단계에서 자세히 다루니, 지금은 "`forward` 메서드를 가진
# 클래스"라고만 생각하면 충분합니다. 예시 입력으로는 학습 데이터와 가중치를 그대로 넘깁니다.

# %%
class ForwardModule(torch.nn.Module):
    """torch.export에 넘기려고 forward 함수를 감싼 모듈입니다."""

    def forward(self, x, w1, w2):
        return forward(x, w1, w2)


exported = torch.export.export(ForwardModule(), (x, w1, w2))
print(exported.graph)

# %% [markdown]
# 출력 형식은 `torch.fx`의 그래프와 같지만 두 가지가 다릅니다. 모든 연산이 `call_function`이고, 대상이
# `torch.ops.aten.mm.default` 같은 ATen 연산입니다. 그리고 노드마다 예시 입력으로 알아낸 shape가
# 기록되어 있습니다. 노드의 `meta["val"]`에서 꺼내 보면 다음과 같습니다.

# %%
for node in exported.graph.nodes:
    val = node.meta.get("val")
    if isinstance(val, torch.Tensor):
        print(f"{node.op:<13} {node.name:<6} shape={tuple(val.shape)} dtype={val.dtype}")

# %% [markdown]
# shape를 기록한다는 것은 그 shape에 맞춰 그래프를 **고정**한다는 뜻이기도 합니다. 따로 알려 주지 않으면
# `torch.export`는 배치 크기도 예시 입력의 64로 정해 버립니다. 그래서 다른 배치 크기를 넣으면 실행 전에
# 검사에서 걸립니다. TensorFlow 예제의 `None`처럼 배치 크기를 비워 두려면 `torch.export.Dim`으로 그 차원이
# 변한다고 알려 주어야 합니다(연습 문제 2).

# %%
try:
    exported.module()(x[:32], w1, w2)  # 배치 크기 32로 실행해 봅니다.
except Exception as err:
    print(f"{type(err).__name__}: {err}")

# %% [markdown]
# ## `torch.compile`: 속도를 위한 그래프
#
# 그래프 수준의 최적화로 실행 속도를 얻으려면 `torch.compile`을 씁니다. `torch.compile(forward)`처럼 함수나
# 모듈을 감싸면, 처음 호출될 때 파이썬 바이트코드를 분석해 그래프를 포착하고, 기본 백엔드(Inductor)가 그
# 그래프에서 합칠 수 있는 연산들을 묶은 커널을 만들어 둡니다. 입력 가운데 `requires_grad=True`인 텐서가 있으면
# 역전파 쪽 그래프도 함께 포착해 컴파일합니다. 값에 따라 갈라지는 `if`처럼 그래프에 담을 수 없는 파이썬 코드를
# 만나면 `torch.fx`처럼 실패하지 않고, 그 자리에서 그래프를 끊어(graph break) 그 부분은 파이썬으로 실행한 뒤
# 다음 그래프로 이어 갑니다.
#
# 이 페이지에서는 `torch.compile`을 실행하지 않습니다. 첫 호출에서 컴파일하는 일(커널 코드를 만들고 빌드하는 일)에
# 시간이 꽤 걸리는데, 이 사이트를 빌드하는 작은 CPU 기계에서는 그 부담이 크기 때문입니다. 또 컴파일로 얼마나
# 빨라지는지는 모델, 장치, 입력 크기에 따라 달라지므로 직접 재 보고 판단해야 합니다.

# %% [markdown]
# ## 추적의 한계: 값에 따라 갈라지는 제어 흐름
#
# 기호 추적에는 분명한 한계가 있습니다. 추적하는 동안 텐서 자리에는 값이 없는 `Proxy`가 들어 있으므로,
# **텐서의 값에 따라 갈라지는 파이썬 제어 흐름**은 추적할 수 없습니다. 3단계에서 본 함수를 다시
# 가져와 봅시다. 입력의 합이 양수인지에 따라 다른 연산을 합니다.
#
# `t.sum() > 0`의 결과는 참이나 거짓이 아니라 또 하나의 `Proxy`입니다. 그런데 `if`는 참인지 거짓인지를
# 당장 알아야 하므로 `Proxy`에게 값을 묻고, 값이 없는 `Proxy`는 오류를 냅니다. 3단계에서는 이 함수가
# 아무 문제 없이 동작했습니다. 동적 그래프에서는 `if`를 만날 때 이미 값이 계산되어 있기 때문입니다.

# %%
def branchy(t):
    """입력의 합에 따라 다른 연산을 하는 순전파입니다."""
    if t.sum() > 0:
        return (t * 2).sum()
    return (t**3).sum()


try:
    torch.fx.symbolic_trace(branchy)
except Exception as err:
    print(f"{type(err).__name__}: {err}")

# %% [markdown]
# `torch.export`도 이 함수를 그대로는 내보내지 못합니다. 값에 따라 정해지는 조건은 판단할 수 없다는
# 오류(`GuardOnDataDependentSymNode`)를 냅니다. TensorFlow 1.x라면 이런 분기를 `tf.cond`로 그래프 안에
# 넣어야 했듯이, PyTorch에는 두 갈래를 모두 그래프에 담는 `torch.cond`가 있어서 `torch.export`로 내보낼 수
# 있습니다.
#
# 오류가 나는 경우는 차라리 낫습니다. 더 조심해야 할 것은 **오류 없이 한 가지 경우만 굳어 버리는**
# 경우입니다. 파이썬의 정수나 난수처럼 텐서가 아닌 값으로 정해지는 반복은 추적할 때 실제로 실행되고,
# 그때 돈 횟수만큼 펼쳐진 연산이 그래프에 기록됩니다. 아래 함수는 호출할 때마다 반복 횟수를 0에서 3
# 사이에서 새로 뽑지만, 추적한 그래프에는 추적할 때 뽑힌 횟수 하나만 남습니다. 그래프를 몇 번 실행하든
# 그 횟수는 바뀌지 않습니다. `torch.export`로 내보내도 마찬가지입니다. (`torch.compile`은 이 `random` 호출을
# 알아보고 호출할 때마다 새로 뽑으므로 이렇게 굳지 않습니다.)

# %%
def random_depth(h, w):
    """같은 가중치 w를 무작위 횟수만큼 거듭 적용합니다."""
    for _ in range(random.randint(0, 3)):
        h = h.mm(w).clamp(min=0)
    return h


random.seed(0)
traced_depth = torch.fx.symbolic_trace(random_depth)
mm_nodes = [node for node in traced_depth.graph.nodes if node.target == "mm"]
print("추적한 그래프에 기록된 mm 노드 수:", len(mm_nodes))
print(traced_depth.code.strip())

# %% [markdown]
# 이것은 9단계의 예제와 바로 이어집니다. 9단계의 신경망은 순전파를 할 때마다 가운데 계층(layer)을 몇 번
# 거듭 쓸지를 무작위로 정합니다. 동적 그래프에서는 단계마다 새 그래프가 기록되니 그런 신경망도 평범한
# 파이썬 `for`문으로 쓰면 되지만, 한 번 추적한 정적 그래프로는 그 성질을 담을 수 없습니다.

# %% [markdown]
# ## 앞 단계에서 무엇이 바뀌었나
#
# 아래에 펼쳐 볼 수 있는 코드 변화는 4단계(새 autograd 함수)의 스크립트와 비교한 것입니다. 4단계에서 ReLU
# 자리에 쓴 `MyReLU`와 그 검사 코드는 빠지고, 순전파는 3단계처럼 `clamp(min=0)`로 돌아갑니다. 새로 생긴 것은
# 그 순전파를 함수 `forward`로 적어 `torch.fx`로 한 번 포착하고, 학습 루프에서 포착한 그래프 `gm`을 실행하는
# 부분입니다. 출력되는 손실은 3단계, 4단계와 같습니다.
#
# | 항목 | 3단계와 4단계 | 이 단계 |
# |---|---|---|
# | 순전파 | 단계마다 파이썬 코드로 실행 | 한 번 추적한 `gm`을 단계마다 실행 |
# | 순전파의 구조 | 실행할 때마다 그 자리에서 정해짐 | `gm.graph`에 고정 |
# | 역전파 | autograd가 순전파마다 기록한 그래프로 | 같음 (`gm`의 연산도 autograd가 기록) |
# | 가중치 | 잎 텐서, `no_grad` 안에서 갱신 | 같음. 그래프에는 입력(`placeholder`)으로 들어감 |
# | 값에 따른 `if` | 그대로 동작 | 추적할 때 오류 |

# %% [markdown]
# ## 손실 곡선
#
# 마지막으로 단계마다 기록한 손실을 그립니다. y축은 로그 눈금입니다. 기록된 손실이 3단계와 같으므로
# 곡선도 3단계와 똑같습니다. 처음 스무 단계 남짓 동안 가파르게 떨어진 뒤, 로그 눈금에서 거의 직선으로
# 내려가다가 끝으로 갈수록 완만해집니다.

# %%
fig = plot_losses(losses, "포착한 그래프로 학습한 신경망의 손실")


# %% [markdown]
# ## 정리
#
# - 정적 그래프는 "먼저 정의하고 나중에 실행"합니다. 그래프 전체를 보고 최적화하고, 저장하고, 파이썬
#   없이 실행할 수 있지만, 파이썬 제어 흐름과 디버깅의 편리함을 내줍니다. 동적 그래프는 "실행하며 정의"하며,
#   PyTorch의 기본 동작입니다.
# - PyTorch에서도 필요할 때 정적 그래프를 얻을 수 있습니다. `torch.fx`는 읽고 고칠 수 있는 파이썬 수준의
#   그래프를, `torch.export`는 shape까지 고정한 배포용 그래프를, `torch.compile`은 속도를 위한 컴파일된
#   그래프를 만듭니다.
# - 추적은 값에 따라 갈라지는 제어 흐름을 담지 못합니다. 오류가 나기도 하고, 오류 없이 한 경우만 굳기도 합니다.
#
# 다음 단계에서는 가중치를 품은 계층을 모듈로 제공하는 `nn` 패키지로 신경망을 조립합니다. 이 페이지의
# `ForwardModule`과 `GraphModule`도 그 모듈의 바탕인 `nn.Module`의 하위 클래스(subclass)입니다.

# %% [markdown]
# ## 연습 문제
#
# 답을 먼저 예측해 본 뒤 펼쳐 보세요. 답의 코드와 출력은 본문처럼 사이트를 빌드할 때 실제로 실행한 결과입니다.
#
# ### 문제 1. 포착한 그래프 고치기
#
# 본문은 `torch.fx`의 그래프가 "도구들이 읽고 고칠 수 있는 표현"이라고 했습니다. `forward`를 추적한 그래프에서
# `clamp(min=0)`을 부르는 노드를 `torch.relu`를 부르는 노드로 바꿔 보세요. 바꾼 뒤에도 출력은 원래 `forward`와
# 같을까요?

# %% [markdown] tags=["answer"]
# 그래프의 노드를 돌면서 `op`가 `call_method`이고 `target`이 `clamp`인 노드를 찾습니다. 그 바로 뒤에
# `torch.relu`를 부르는 `call_function` 노드를 새로 넣고, 옛 노드의 결과를 쓰던 곳들이 새 노드를 쓰게 한 다음
# 옛 노드를 지웁니다. 마지막으로 `recompile()`을 불러야 바뀐 그래프에서 파이썬 코드를 다시 만들어 냅니다.
#
# `torch.relu`와 `clamp(min=0)`은 순전파에서 같은 값을 내므로 출력은 원래와 똑같습니다. 본문의 `gm`은 그대로
# 두고, 같은 함수를 새로 추적해서 고칩니다.

# %% tags=["answer"]
relu_gm = torch.fx.symbolic_trace(forward)
for node in list(relu_gm.graph.nodes):
    if node.op == "call_method" and node.target == "clamp":
        with relu_gm.graph.inserting_after(node):
            relu_node = relu_gm.graph.call_function(torch.relu, (node.args[0],))
        node.replace_all_uses_with(relu_node)  # clamp의 결과를 쓰던 노드들이 relu의 결과를 쓰게 합니다.
        relu_gm.graph.erase_node(node)
relu_gm.recompile()  # 바뀐 그래프에서 코드를 다시 만듭니다.

print(relu_gm.code.strip())
print("출력이 원래 forward와 같은가:", torch.equal(relu_gm(x, w1, w2), forward(x, w1, w2)))

# %% [markdown]
# ### 문제 2. `torch.export`에서 배치 크기 비워 두기
#
# 본문에서 내보낸 `exported`는 배치 크기가 64로 굳어서 배치 크기 32를 넣으면 실패했습니다. 배치 크기가 변할 수
# 있다고 알려 주고 다시 내보내면, 노드마다 기록되는 shape는 어떻게 달라질까요?

# %% [markdown] tags=["answer"]
# `torch.export.Dim`으로 이름 붙인 차원을 만들고, `dynamic_shapes` 인자로 "입력 `x`의 0번 차원이 이 차원"이라고
# 알려 줍니다. 가중치의 shape는 그대로 고정해 두므로 `None`을 줍니다. 이렇게 내보내면 배치 크기 자리에 숫자 64
# 대신 기호가 기록되고, 그 기호는 `x`에서 출발한 노드들의 shape에 그대로 이어집니다. 그래서 배치 크기가 다른
# 입력도 실행 전 검사를 통과합니다. TensorFlow 예제의 `shape=(None, D_in)`과 같은 역할입니다.

# %% tags=["answer"]
batch = torch.export.Dim("batch")
flexible = torch.export.export(
    ForwardModule(), (x, w1, w2), dynamic_shapes={"x": {0: batch}, "w1": None, "w2": None}
)
for node in flexible.graph.nodes:
    val = node.meta.get("val")
    if isinstance(val, torch.Tensor):
        print(f"{node.name:<6} shape={tuple(val.shape)}")
print("배치 크기 32로 실행한 결과의 shape:", tuple(flexible.module()(x[:32], w1, w2).shape))

# %% [markdown]
# ### 문제 3. shape에 따라 갈라지는 `if`
#
# 본문에서 값에 따라 갈라지는 `if`는 기호 추적이 실패했습니다. 그렇다면 값이 아니라 **shape**에 따라 갈라지는
# 함수, 예를 들어 `if t.shape[0] > 32:`로 배치 크기를 보고 다른 연산을 하는 함수는 `torch.fx.symbolic_trace`로
# 추적할 수 있을까요?

# %% [markdown] tags=["answer"]
# 이것도 실패합니다. 본문에서 말했듯이 기호 추적은 shape를 기록하지 않습니다. 추적하는 동안 `t`는 진짜 텐서가
# 아닌 `Proxy`라서 `t.shape[0]`도 값을 모르는 `Proxy`이고, 값을 모르는 것을 `if`가 참인지 거짓인지 물으니 값에
# 따른 `if`와 같은 오류가 납니다. 반면 동적 그래프에서는 `if`를 만날 때 이미 진짜 shape가 있으므로 아무 문제 없이
# 실행됩니다. `torch.export`는 예시 입력의 shape를 알고 추적하므로 이 함수를 내보낼 수는 있습니다. 다만 예시 입력의
# 배치 크기에 맞는 갈래 하나만 그래프에 남고, 그 배치 크기일 때만 통과하는 검사가 붙습니다.

# %% tags=["answer"]
def by_batch_size(t):
    """배치 크기에 따라 다른 연산을 합니다."""
    if t.shape[0] > 32:
        return t * 2
    return t * 3


print("동적 그래프에서 실행:", by_batch_size(torch.ones(64, 1)).sum().item(), by_batch_size(torch.ones(8, 1)).sum().item())
try:
    torch.fx.symbolic_trace(by_batch_size)
except Exception as err:
    print(f"{type(err).__name__}: {err}")
