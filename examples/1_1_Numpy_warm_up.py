# %% [markdown]
# # NumPy로 시작하기
#
# > 순전파(forward pass)와 역전파(backward pass)를 NumPy로 직접 써서, 프레임워크 없이 신경망이 학습되는 과정을 봅니다.
#
# PyTorch가 딥러닝에 주는 것은 크게 두 가지입니다.
#
# - NumPy 배열과 거의 똑같이 다룰 수 있으면서 GPU에서도 계산할 수 있는 n차원 **텐서(tensor)**
# - 신경망을 만들고 학습(training)할 때 필요한 변화도(gradient)를 알아서 계산해 주는 **자동 미분(automatic differentiation)**
#
# 이 두 가지가 얼마나 고마운지 실감하려면, 먼저 둘 다 없이 신경망을 학습시켜 보는 것이 가장 좋습니다.
# 그래서 첫 예제에서는 PyTorch를 쓰지 않고 NumPy만으로 작은 신경망을 만들고,
# 순전파와 역전파를 모두 손으로 적습니다.
# 다음 페이지들에서는 이 코드를 한 조각씩 PyTorch의 기능으로 바꿔 가면서, 무엇이 편해지는지 확인합니다.
#
# 이 페이지에서 다루는 내용은 다음과 같습니다.
#
# - 예제 신경망의 구조와 각 배열의 shape
# - 순전파 수식과, 연쇄 법칙(chain rule)으로 유도한 역전파 수식
# - 손실(loss)이 왜 수천만에서 시작하는지, 학습률(learning rate)이 왜 $10^{-6}$처럼 작은지
# - 출력과 손실 곡선을 읽는 법, 그리고 손으로 구현할 때 자주 하는 실수
#
# ## 예제 신경망
#
# 이 사이트의 예제들은 모두 같은 문제를 풉니다.
# 무작위로 만든 입력 $x$를 넣었을 때, 역시 무작위로 만든 정답 $y$가 나오도록 신경망의 가중치(weight)를 조정하는 문제입니다.
# 데이터에 아무 의미가 없으니 실용적인 문제는 아니지만, 덕분에 데이터 준비에 신경 쓰지 않고 학습 과정 자체에 집중할 수 있습니다.
#
# 신경망은 다음과 같이 생겼습니다.
#
# - 완전 연결(fully-connected) 계층(layer) 두 개와 그 사이의 은닉층(hidden layer) 하나로 이루어져 있습니다.
#   가중치 행렬이 `w1`, `w2` 두 개이므로 흔히 "2계층 신경망"이라고 부릅니다.
# - 은닉층에는 ReLU 활성화 함수(activation function)를 씁니다.
# - 계산을 단순하게 하려고 편향(bias)은 넣지 않았습니다.
# - 손실 함수(loss function)는 예측과 정답의 차이를 제곱해서 모두 더한 오차 제곱합(sum of squared errors)입니다.
# - 손실을 줄이는 방법으로는 가장 기본적인 경사하강법(gradient descent)을 씁니다.

# %%
import numpy as np

from loss_plot import plot_losses

# %% [markdown]
# ## 데이터와 가중치 준비
#
# 한 번에 $N = 64$개의 샘플을 묶어서 계산합니다. 이런 묶음을 배치(batch)라고 합니다.
# 샘플 하나는 길이 $D_{in} = 1000$인 벡터이고, 정답은 길이 $D_{out} = 10$인 벡터이며, 은닉층의 크기는 $H = 100$입니다.
# 샘플을 행으로 쌓으면 입력 전체가 행렬 하나가 되고, 신경망의 계산이 모두 행렬 곱(matrix multiplication)으로 바뀝니다.
#
# 배열의 shape는 각 차원의 크기를 차례로 늘어놓은 것입니다.
# 예를 들어 샘플 64개를 행으로 쌓은 `x`는 64행 1000열인 2차원 배열이므로 shape가 `(64, 1000)`이고, 수식으로는 $N \times D_{in}$이라고 적습니다.
# NumPy 배열과 PyTorch 텐서는 모두 이 값을 `.shape` 속성으로 알려 주므로, 우리말로 옮기지 않고 그대로 shape라고 부릅니다.
# 각 배열의 shape를 표로 정리하면 다음과 같습니다.
#
# | 코드 이름 | 수식 | 뜻 | shape | 이 예제에서 |
# |---|---|---|---|---|
# | `x` | $x$ | 입력 배치 | $N \times D_{in}$ | 64 × 1000 |
# | `w1` | $w_1$ | 첫 번째 계층의 가중치 | $D_{in} \times H$ | 1000 × 100 |
# | `h`, `h_relu` | $h$, $h_{\mathrm{relu}}$ | 은닉층 값 (ReLU 적용 전, 후) | $N \times H$ | 64 × 100 |
# | `w2` | $w_2$ | 두 번째 계층의 가중치 | $H \times D_{out}$ | 100 × 10 |
# | `y_pred` | $\hat y$ | 예측 | $N \times D_{out}$ | 64 × 10 |
# | `y` | $y$ | 정답 | $N \times D_{out}$ | 64 × 10 |
#
# 입력, 정답, 가중치는 모두 표준정규분포에서 뽑습니다.
# 난수 생성기를 `np.random.default_rng(0)`처럼 시드 0으로 만들었기 때문에, 몇 번을 실행해도 같은 숫자가 나오고 같은 결과가 출력됩니다.
# 학습률은 $10^{-6}$으로 정했습니다. 왜 이렇게 작은 값이어야 하는지는 아래에서 직접 확인합니다.

# %%
# N: 배치 크기, D_in: 입력 차원, H: 은닉층 차원, D_out: 출력 차원
N, D_in, H, D_out = 64, 1000, 100, 10

# 시드를 고정한 난수 생성기: 실행할 때마다 같은 데이터와 같은 초기 가중치가 나옵니다.
rng = np.random.default_rng(0)
x = rng.standard_normal((N, D_in))
y = rng.standard_normal((N, D_out))

# 가중치도 표준정규분포에서 뽑습니다. 크기를 줄이는 조정은 일부러 하지 않았습니다.
w1 = rng.standard_normal((D_in, H))
w2 = rng.standard_normal((H, D_out))

learning_rate = 1e-6

# %% [markdown]
# 표의 shape가 맞는지 코드로 확인해 봅니다.

# %%
# 데이터와 가중치 배열의 shape와 자료형을 출력합니다.
for name, array in [("x", x), ("y", y), ("w1", w1), ("w2", w2)]:
    print(f"{name:>2}: shape {array.shape}, dtype {array.dtype}")

# %% [markdown]
# NumPy의 표준정규분포 난수는 기본적으로 64비트 부동소수점(`float64`)입니다.
# 다음 페이지에서 PyTorch로 옮기면 기본 자료형이 `float32`로 바뀌는데, 이 차이가 출력되는 숫자에 어떤 영향을 주는지도 그때 살펴봅니다.
#
# ## 순전파: 입력에서 손실까지
#
# 순전파는 입력으로부터 예측과 손실을 계산하는 단계입니다. 수식으로는 네 줄이면 됩니다.
#
# $$
# h = x w_1
# $$
#
# $$
# h_{\mathrm{relu}} = \max(h, 0)
# $$
#
# $$
# \hat y = h_{\mathrm{relu}} w_2
# $$
#
# $$
# L = \sum_{i=1}^{N} \sum_{j=1}^{D_{out}} \left(\hat y_{ij} - y_{ij}\right)^2
# $$
#
# 첫 줄과 셋째 줄은 행렬 곱입니다. $x$의 각 행(샘플 하나)에 $w_1$을 곱하는 계산 64개를 행렬 곱 한 번으로 끝냅니다.
# 둘째 줄의 $\max(h, 0)$은 원소마다 따로 적용되는 ReLU로, 음수는 0으로 바꾸고 양수는 그대로 둡니다.
# 신경망이 단순한 선형 변환 이상의 것을 표현할 수 있는 것은 이 비선형 함수 덕분입니다.
# ReLU가 없다면 $x w_1 w_2$는 결국 행렬 하나를 곱한 것과 같아집니다.
# 마지막 줄의 손실 $L$은 숫자 하나, 즉 스칼라입니다. 학습의 목표는 이 숫자를 작게 만드는 것입니다.
#
# ### 손실은 오차 제곱합입니다
#
# 이 손실을 예측과 정답 사이의 유클리드 거리(Euclidean distance)라고 부르는 글도 있지만, 엄밀히 말하면 그렇지 않습니다.
# 유클리드 거리는 차이를 제곱해서 더한 다음 **제곱근**을 씌운 값입니다.
# 코드가 실제로 계산하는 것은 제곱근을 씌우지 않은 합, 즉 오차 제곱합 $S$이고, 굳이 거리로 말하자면 "유클리드 거리의 제곱"입니다.
# 제곱근은 늘 증가하는 함수이므로 두 값은 같은 지점에서 최소가 됩니다.
# 변화도도 $\nabla \sqrt{S} = \nabla S / (2\sqrt{S})$이므로($S > 0$인 곳에서) 가리키는 방향은 같고 크기만 $2\sqrt{S}$배 차이 납니다.
# 또 이 손실은 평균이 아니라 **합**이라는 점도 기억해 두세요. 평균 제곱 오차(mean squared error)였다면 $N \times D_{out} = 640$으로 나눈 값이 되었을 것입니다.
# 합이냐 평균이냐는 아래에서 보듯 손실의 크기와 알맞은 학습률을 함께 바꿉니다.

# %% [markdown]
# ## 역전파: 연쇄 법칙으로 변화도 구하기
#
# 경사하강법으로 가중치를 고치려면 손실을 각 가중치로 미분한 값, 즉 변화도 $\partial L / \partial w_1$과 $\partial L / \partial w_2$가 필요합니다.
# 변화도는 가중치와 shape가 같은 행렬입니다. 원소 하나하나가 "이 가중치를 아주 조금 늘리면 손실이 어느 방향으로, 얼마나 빠르게 변하는가"를 나타냅니다.
#
# 순전파가 여러 단계를 거쳐 손실을 만들었으므로, 변화도는 연쇄 법칙으로 구합니다.
# 계산 순서는 순전파와 정반대입니다. 손실에서 출발해 $\hat y$, $h_{\mathrm{relu}}$, $h$의 차례로 입력 쪽을 향해 거슬러 올라가고,
# 어느 값의 변화도든 그 값으로 계산한 다음 값, 즉 손실에 한 단계 더 가까운 값의 변화도로부터 구합니다.
# 예를 들어 $\partial L / \partial h_{\mathrm{relu}}$는 $\partial L / \partial \hat y$로 구하고, $\partial L / \partial h$는 $\partial L / \partial h_{\mathrm{relu}}$로 구합니다.
# 변화도가 출력 쪽에서 입력 쪽으로 거꾸로 전해지므로 이 과정을 역전파라고 부릅니다.
#
# ### 행렬 곱의 변화도 규칙
#
# 역전파에서 가장 많이 쓰는 규칙은 행렬 곱에 대한 것입니다. $Y = AB$이고 $G = \partial L / \partial Y$를 이미 안다고 하면
#
# $$
# \frac{\partial L}{\partial A} = G B^\top, \qquad \frac{\partial L}{\partial B} = A^\top G
# $$
#
# 입니다. 원소로 풀어 보면 이유를 알 수 있습니다.
# $Y_{ij} = \sum_k A_{ik} B_{kj}$이므로 $B_{kj}$는 $j$열의 원소 $Y_{1j}, \dots, Y_{Nj}$에만 영향을 주고, 그 영향의 크기는 $\partial Y_{ij} / \partial B_{kj} = A_{ik}$입니다.
# 연쇄 법칙으로 이 영향을 모두 더하면 $\partial L / \partial B_{kj} = \sum_i A_{ik} G_{ij} = (A^\top G)_{kj}$가 됩니다.
# $\partial L / \partial A$도 같은 방식으로 구할 수 있습니다.
#
# shape를 맞춰 보면 이 규칙을 되살리는 데 도움이 됩니다. $A$가 $N \times K$, $B$가 $K \times P$이면 $G$는 $N \times P$이고,
# $\partial L / \partial B$는 $B$와 같은 $K \times P$이어야 합니다. $N$, $K$, $P$가 모두 다르면 $A$, $G$로 이 shape를 만드는 행렬 곱은 $A^\top G$뿐입니다.
# 하지만 크기가 같은 차원이 있으면 shape만으로는 답이 하나로 정해지지 않습니다. 예를 들어 $N = K$이면 $A G$도 $K \times P$가 됩니다.
# 그럴 때는 크기 대신 차원의 뜻을 따라가면 틀리지 않습니다. $\partial L / \partial B$에는 $A$와 $G$에만 있는 $N$ 차원(샘플)이 없으므로,
# 행렬 곱이 더해서 없애는 차원은 $A$의 $N$ 차원과 $G$의 $N$ 차원이어야 하고, 그렇게 짝짓는 곱이 $A^\top G$입니다.
# $A G$는 $A$의 $K$ 차원을 $G$의 $N$ 차원과 짝지어 더하므로, 크기가 같더라도 뜻이 다른 차원끼리 곱한 틀린 식입니다.
#
# ### 한 단계씩 거꾸로
#
# 이제 순전파의 네 줄을 아래에서부터 거슬러 올라갑니다.
#
# **1단계.** 손실을 예측으로 미분합니다. $u^2$의 도함수(derivative)는 $2u$이고, 합은 원소마다 따로 미분하면 됩니다.
#
# $$
# \frac{\partial L}{\partial \hat y} = 2\left(\hat y - y\right)
# $$
#
# **2단계.** $\hat y = h_{\mathrm{relu}} w_2$에 행렬 곱 규칙을 적용하면 $w_2$의 변화도와, 입력 쪽으로 한 단계 더 넘길 $h_{\mathrm{relu}}$의 변화도가 나옵니다.
#
# $$
# \begin{aligned}
# \frac{\partial L}{\partial w_2} &= h_{\mathrm{relu}}^\top \frac{\partial L}{\partial \hat y} \\
# \frac{\partial L}{\partial h_{\mathrm{relu}}} &= \frac{\partial L}{\partial \hat y} w_2^\top
# \end{aligned}
# $$
#
# **3단계.** ReLU를 거슬러 올라갑니다. ReLU의 도함수는 입력이 양수인 자리에서 1, 음수인 자리에서 0입니다.
# 따라서 $h$가 음수였던 자리의 변화도는 0으로 지우고, 나머지 자리는 그대로 통과시킵니다.
# $h$의 원소가 음수인 자리는 0, 나머지 자리는 1인 행렬을 $M$이라 하고 원소별 곱을 $\odot$로 쓰면 다음과 같습니다.
#
# $$
# \frac{\partial L}{\partial h} = \frac{\partial L}{\partial h_{\mathrm{relu}}} \odot M
# $$
#
# **4단계.** 마지막으로 $h = x w_1$에 행렬 곱 규칙을 한 번 더 적용합니다. $x$는 데이터라서 변화도가 필요 없으니 $w_1$ 쪽만 계산합니다.
#
# $$
# \frac{\partial L}{\partial w_1} = x^\top \frac{\partial L}{\partial h}
# $$
#
# 수식과 코드의 변수, 그리고 shape를 나란히 놓으면 다음과 같습니다. 모든 변화도가 자기 짝의 shape와 같다는 점을 확인해 보세요.
#
# | 수식 | 코드 | shape |
# |---|---|---|
# | $\partial L / \partial \hat y$ | `grad_y_pred` | $N \times D_{out}$ |
# | $\partial L / \partial w_2$ | `grad_w2` | $H \times D_{out}$ |
# | $\partial L / \partial h_{\mathrm{relu}}$ | `grad_h_relu` | $N \times H$ |
# | $\partial L / \partial h$ | `grad_h` | $N \times H$ |
# | $\partial L / \partial w_1$ | `grad_w1` | $D_{in} \times H$ |
#
# 아래 함수 `loss_and_grads`는 순전파와 역전파를 한 번씩 실행해서 손실과 두 변화도를 돌려줍니다.
# 가중치를 바꾸지는 않으므로 몇 번을 불러도 안전합니다.


# %%
def loss_and_grads(x, y, w1, w2):
    """순전파로 손실을 구하고, 역전파로 w1과 w2의 변화도를 구합니다."""
    # 순전파
    h = x @ w1  # (N, H)
    h_relu = np.maximum(h, 0)  # ReLU: 음수를 0으로
    y_pred = h_relu @ w2  # (N, D_out)
    loss = np.square(y_pred - y).sum()  # 오차 제곱합 (평균이 아니라 합)

    # 역전파: 연쇄 법칙을 출력 쪽에서부터 거꾸로 적용합니다.
    grad_y_pred = 2.0 * (y_pred - y)  # dL/dy_pred, (N, D_out)
    grad_w2 = h_relu.T @ grad_y_pred  # dL/dw2, (H, D_out)
    grad_h_relu = grad_y_pred @ w2.T  # dL/dh_relu, (N, H)
    grad_h = grad_h_relu.copy()  # 복사본을 만든 뒤에 지웁니다.
    grad_h[h < 0] = 0  # ReLU 입력 h가 음수였던 자리는 변화도가 0
    grad_w1 = x.T @ grad_h  # dL/dw1, (D_in, H)
    return loss, grad_w1, grad_w2


# %% [markdown]
# ## 학습 전의 손실은 얼마일까
#
# 학습을 시작하기 전에, 처음 손실이 어느 정도 크기일지 어림해 봅시다.
# 어림값이 맞으면 코드가 의도대로 동작한다는 좋은 신호이고, 다음에 볼 학습률 이야기도 여기서 시작합니다.
#
# - $h$의 원소 하나는 표준정규분포를 따르는 수끼리의 곱 1000개를 더한 값입니다. 곱 하나의 분산이 1이므로 합의 분산은 약 1000, 표준편차는 약 32입니다.
# - ReLU는 절반 정도를 0으로 만듭니다. 0을 중심으로 대칭인 분포에서는 $\max(h, 0)^2$의 평균이 $h^2$ 평균의 절반이므로 약 500입니다.
# - $\hat y$의 원소 하나는 $h_{\mathrm{relu}}$와 $w_2$의 원소를 곱한 값 100개의 합이므로, 분산이 약 $100 \times 500 = 50000$, 표준편차는 약 224입니다.
# - 정답 $y$의 원소는 분산이 1인 작은 수입니다. 따라서 오차 하나의 제곱은 평균 약 $50001$이고, 이런 수 $64 \times 10 = 640$개를 **더하면**
#
# $$
# L_0 \approx 640 \times 50001 \approx 3.2 \times 10^{7}
# $$
#
# 이 됩니다. 처음 손실은 수천만 단위라는 뜻입니다.
# 가중치를 작게 조정하지 않고 표준정규분포 그대로 써서 출력이 정답보다 수백 배 크고, 그 오차를 평균 내지 않고 640개 모두 더했기 때문입니다.
# 실제로 계산해서 비교해 봅니다.

# %%
# 학습 전의 손실과 변화도를 한 번 계산해 봅니다. 가중치는 바뀌지 않습니다.
loss0, grad_w1_0, grad_w2_0 = loss_and_grads(x, y, w1, w2)
estimate = N * D_out * (H * D_in / 2 + 1)
print(f"어림한 처음 손실: {estimate:.3e}")
print(f"실제 처음 손실:   {loss0:.3e}")

# %% [markdown]
# 어림값과 실제 값이 같은 자릿수로 잘 맞습니다.
#
# ## 경사하강법과 학습률
#
# 경사하강법은 변화도의 반대 방향으로 가중치를 조금 옮기는 일을 되풀이합니다.
# 변화도는 손실이 가장 빠르게 늘어나는 방향이므로, 그 반대로 가면 손실이 줄어듭니다.
# 학습률을 $\eta$라 하면 한 단계의 갱신은 다음과 같습니다.
#
# $$
# \begin{aligned}
# w_1 &\leftarrow w_1 - \eta \frac{\partial L}{\partial w_1} \\
# w_2 &\leftarrow w_2 - \eta \frac{\partial L}{\partial w_2}
# \end{aligned}
# $$
#
# 이 예제의 학습률 $\eta = 10^{-6}$은 아주 작아 보이지만, 변화도의 크기와 함께 봐야 합니다.
# 손실이 수천만이고 640개 오차의 합이니, 변화도 역시 엄청나게 큽니다.
# `w1`과 `w2` 각각에 대해 가중치의 크기, 변화도의 크기, 그리고 학습률을 곱한 실제 갱신량을 비교해 봅니다.

# %%
# 원소의 절댓값 평균으로 크기를 비교합니다.
for name, w, grad in [("w1", w1, grad_w1_0), ("w2", w2, grad_w2_0)]:
    weight_size = np.abs(w).mean()
    step_size = learning_rate * np.abs(grad).mean()  # 첫 갱신량: 학습률 × 변화도
    print(
        f"{name}: 가중치 {weight_size:.3g}, 변화도 {np.abs(grad).mean():.3g}, "
        f"첫 갱신량 {step_size:.3g} (가중치 크기의 {step_size / weight_size:.1%})"
    )

# %% [markdown]
# 두 가중치의 원소는 평균 크기가 0.8쯤으로 비슷하지만, 변화도는 크게 다릅니다.
# `w2`의 변화도는 원소가 평균 10만이 넘는 크기라서, $10^{-6}$을 곱해도 첫 갱신량이 가중치 크기의 5분의 1쯤이나 됩니다. 이미 꽤 큰 걸음입니다.
# `w1`의 변화도는 그 25분의 1쯤이라, 첫 갱신량도 가중치 크기의 1%에 못 미칩니다. 첫 걸음이 큰 쪽은 출력에 가까운 `w2`입니다.
# 학습률을 10배만 키워도 어떻게 되는지, 학습에 쓸 `w1`, `w2`는 건드리지 않고 복사본으로 몇 단계만 돌려 보겠습니다.


# %%
def first_losses(lr, steps=5):
    """w1, w2의 복사본으로 경사하강법을 몇 단계 돌리고 단계별 손실을 돌려줍니다."""
    a, b = w1.copy(), w2.copy()  # 본 학습에 쓸 가중치는 그대로 둡니다.
    history = []
    for _ in range(steps):
        loss, grad_a, grad_b = loss_and_grads(x, y, a, b)
        history.append(loss)
        a -= lr * grad_a
        b -= lr * grad_b
    return history


# 학습률 1e-5는 몇 단계만 더 가도 float64로 나타낼 수 있는 범위를 넘으므로 다섯 단계에서 멈춥니다.
for lr, steps in [(1e-6, 10), (1e-5, 5)]:
    print(f"학습률 {lr:g}:", " → ".join(f"{value:.1e}" for value in first_losses(lr, steps)))

# %% [markdown]
# 학습률 $10^{-6}$에서도 처음 네댓 단계는 `w2`의 걸음이 커서 손실이 3천만 근처에서 오르내릴 뿐이지만, 그 뒤로는 눈에 띄게 줄어들기 시작합니다.
# 반면 $10^{-5}$에서는 `w2`의 첫 걸음부터 가중치 크기의 두 배쯤이 됩니다. 한 걸음마다 가중치가 너무 멀리 가서, 손실이 단계마다 점점 더 많은 자릿수씩 불어납니다.
# 몇 단계만 더 돌리면 `float64`로 나타낼 수 있는 가장 큰 수(약 $1.8 \times 10^{308}$)를 넘어 `inf`가 되고, 곧 `nan`이 됩니다.
# 이렇게 손실이 줄지 않고 폭발하는 것을 "발산한다"고 합니다.
#
# 학습률이 이렇게 작아야 하는 것은 손실을 **합**으로 정의한 데다, 크기를 조정하지 않은 가중치 때문에 출력과 오차가 크기 때문입니다.
# 손실을 640으로 나눈 평균 제곱 오차로 바꾸면 변화도도 정확히 640분의 1이 되므로, 학습률을 640배 키워야 지금과 똑같은 갱신이 됩니다.
# 학습률의 "알맞은 크기"는 손실을 어떻게 정의했는지, 가중치와 데이터의 크기가 어떤지에 따라 달라지는 값이지 정해진 상수가 아닙니다.
#
# ## 학습하기
#
# 이제 500단계를 학습합니다. 각 단계에서 손실과 변화도를 구하고, 손실을 `losses`에 기록한 뒤, 경사하강법으로 가중치를 갱신합니다.
# 100단계마다 한 번씩 단계 번호와 그때의 손실을 출력합니다.

# %%
losses = []
for t in range(500):
    loss, grad_w1, grad_w2 = loss_and_grads(x, y, w1, w2)
    losses.append(loss)
    if t % 100 == 99:
        print(t, loss)

    # 경사하강법: 변화도의 반대 방향으로 조금씩 움직입니다.
    # -=는 새 배열을 만들지 않고 w1, w2의 내용을 직접 고칩니다.
    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2

# %% [markdown]
# ### 출력 읽기
#
# 각 줄의 첫 숫자는 단계 번호 `t`, 둘째 숫자는 그 단계의 손실입니다.
# `t`는 0부터 세므로 `99`는 100번째 단계이고, 출력된 손실은 그 단계에서 가중치를 갱신하기 **전**에 계산한 값입니다.
# `1.5e-07`처럼 `e`가 붙은 숫자는 $1.5 \times 10^{-7}$을 뜻합니다.
#
# 수천만에서 시작한 손실이 100번째 단계에서는 수백으로, 500번째 단계에서는 1보다 훨씬 작은 값으로 줄었습니다.
# 무작위 데이터인데 어떻게 이렇게 잘 맞출 수 있을까요?
# 맞춰야 할 숫자는 $64 \times 10 = 640$개뿐인데, 조정할 수 있는 가중치는 $1000 \times 100 + 100 \times 10 = 101000$개나 됩니다.
# 이 정도로 자유도가 크면 신경망은 의미 없는 데이터도 통째로 외울 수 있습니다.
# 손실이 0에 가까워진 것은 학습 코드가 제대로 동작한다는 증거일 뿐, 신경망이 새로운 데이터에 쓸모 있는 무언가를 배웠다는 뜻은 아닙니다.
#
# ## 자주 하는 실수
#
# **제자리(in-place) 갱신과 새 배열 만들기.**
# `w1 -= learning_rate * grad_w1`은 `w1`이 가리키는 배열의 내용을 제자리에서 고칩니다.
# 반면 `w1 = w1 - learning_rate * grad_w1`은 새 배열을 만들어 `w1`이라는 이름을 그쪽으로 옮깁니다.
# 이 예제에서는 어느 쪽이든 결과가 같지만, 같은 배열을 가리키는 다른 이름이 있으면 차이가 드러납니다.
# 예를 들어 처음 가중치를 보관하려고 `w1_init = w1`이라고만 적어 두면, 제자리 갱신 때문에 `w1_init`도 함께 바뀝니다. 보관하려면 `w1.copy()`를 써야 합니다.
# 다음 페이지의 PyTorch 텐서에서도 같은 구분이 그대로 중요합니다.
#
# **ReLU 마스크는 $h$로 만듭니다.**
# 변화도를 지울 자리는 순전파 때 ReLU의 입력 $h$가 음수였던 자리입니다. `grad_h[h < 0] = 0`처럼 `h`로 조건을 걸어야 하고,
# 변화도 자신의 부호로 조건을 걸면(`grad_h[grad_h < 0] = 0`) 틀린 결과가 나옵니다.
# $h$가 정확히 0인 자리에서는 ReLU의 도함수가 정의되지 않는데, 이 코드는 그 자리의 변화도를 통과시킵니다.
# 연속적인 난수로 만든 값이 정확히 0이 되는 일은 사실상 없으므로 이 예제에서는 문제가 되지 않습니다.
#
# **전치를 빠뜨리기.**
# `h_relu.T @ grad_y_pred`에서 `.T`를 빼면 대부분 shape가 맞지 않아 곧바로 `ValueError`가 납니다. 이런 경우는 오히려 다행입니다.
# 위험한 것은 앞의 '행렬 곱의 변화도 규칙'에서 본 것처럼 shape가 우연히 맞는 경우입니다. 예를 들어 배치 크기 $N$과 은닉층 크기 $H$가 같으면 `h_relu`가 정사각 행렬이 되어
# `.T` 없이도 곱이 계산되고, 결과의 shape까지 `w2`와 같아서 오류 하나 없이 틀린 변화도로 학습하게 됩니다.
# 변화도를 구한 뒤 `grad_w1.shape == w1.shape`처럼 짝과 shape가 같은지 확인하는 습관은 많은 실수를 잡아 주지만, 이런 경우까지 잡지는 못합니다.
# 확실한 방법은 작은 입력에서 다른 방법으로 구한 변화도와 비교하는 것입니다. 연습 문제 2에서 그 방법을 직접 해 봅니다.
#
# **마스크를 씌우기 전에 복사하기.**
# `grad_h = grad_h_relu`라고만 쓰면 두 이름이 같은 배열을 가리키므로, `grad_h`의 원소를 0으로 바꿀 때 `grad_h_relu`도 함께 바뀝니다.
# 이 함수에서는 그 뒤에 `grad_h_relu`를 다시 쓰지 않으니 결과는 같지만,
# 나중에 디버깅하려고 `grad_h_relu`를 출력하거나 다른 계산에 쓰면 이미 지워진 값을 보게 됩니다.
# 값을 고치기 전에 `copy()`로 복사본을 만드는 습관이 이런 실수를 막아 줍니다.
#
# **학습률만 보고 판단하기.**
# 앞에서 보았듯이 손실을 합으로 정의하느냐 평균으로 정의하느냐에 따라 알맞은 학습률이 수백 배 달라집니다.
# 다른 예제의 학습률을 가져다 쓸 때는 손실의 정의가 같은지 먼저 확인하세요.
#
# ## NumPy로는 할 수 없는 것
#
# NumPy는 n차원 배열을 다루는 훌륭한 도구이고, 위에서 보았듯이 신경망 하나를 처음부터 끝까지 학습시킬 수도 있습니다.
# 하지만 NumPy는 연산 그래프(computational graph)나 딥러닝, 변화도에 대해서는 아무것도 알지 못합니다. 그래서 두 가지가 아쉽습니다.
#
# - **GPU를 쓸 수 없습니다.** NumPy는 CPU에서만 계산합니다. 신경망 계산의 대부분을 차지하는 큰 행렬 곱은 GPU에서 훨씬 빨라질 수 있습니다.
#   실제로 얼마나 빨라지는지는 이 사이트의 뒤쪽 페이지에서 직접 재어 봅니다.
# - **역전파를 손으로 적어야 합니다.** 계층이 두 개뿐인데도 수식을 유도하고, 전치와 마스크를 하나하나 맞춰야 했습니다.
#   계층이 수십 개인 신경망에서 이 일을 손으로 하기는 어렵고, 순전파를 조금만 바꿔도 역전파를 처음부터 다시 유도해야 합니다.
#
# 다음 페이지에서는 먼저 첫 번째 아쉬움을 해결합니다. 이 코드를 거의 그대로 PyTorch 텐서로 옮기면, 같은 코드가 GPU에서도 돌아갑니다.
# 두 번째 아쉬움은 그다음 페이지에서 autograd로 해결합니다.
#
# ## 손실 곡선
#
# 마지막으로 단계마다 기록한 손실을 그래프로 그립니다. 그래프는 맨 처음 코드 셀에서 불러온 `plot_losses`가 그립니다.
# 이 함수는 예제와 같은 폴더의 `loss_plot.py`에 있는 그림 도우미입니다.
# 손실이 3천만 근처에서 $10^{-6}$보다 작은 값까지 14자릿수 가까이 변하기 때문에, y축은 로그 눈금을 씁니다.
# 보통 눈금이었다면 처음 몇 단계 뒤로는 곡선이 전부 0에 붙어 보였을 것입니다.
#
# 그래프를 읽는 요령은 다음과 같습니다.
#
# - 처음 네댓 단계는 앞의 학습률 실험에서 본 대로 손실이 3천만 근처에서 오르내립니다.
# - 그 뒤 열 단계 남짓 사이에 손실이 두 자릿수 가까이 가파르게 떨어집니다.
# - 이후로는 곡선이 거의 직선으로 내려갑니다. 로그 눈금에서 직선이라는 것은 한 단계마다 손실이 거의 일정한 비율로 줄어든다는 뜻입니다.

# %%
fig = plot_losses(losses, "NumPy로 직접 구현한 신경망의 손실")


# %% [markdown]
# ## 연습 문제
#
# 답을 먼저 예측해 본 뒤 펼쳐 보세요. 답의 코드와 출력은 본문처럼 사이트를 빌드할 때 실제로 실행한 결과입니다.
#
# ### 문제 1. 은닉층을 줄이거나 늘리면 처음 손실은?
#
# 은닉층의 크기 `H`를 100에서 10으로 줄이면 학습 전의 손실은 어떻게 달라질까요? 400으로 늘리면요?
# 본문의 어림 과정을 다시 따라가 예측해 보세요. 데이터와 가중치를 뽑는 방법은 그대로 둡니다.

# %% [markdown] tags=["answer"]
# 어림 과정에서 `H`가 들어가는 곳은 한 군데입니다. $\hat y$의 원소 하나는 $h_{\mathrm{relu}}$와 $w_2$의 원소를
# 곱한 값 `H`개의 합이므로, 그 분산이 `H`에 비례합니다. 정답 `y`의 몫인 1은 이에 비하면 아주 작으므로,
# 처음 손실도 거의 `H`에 비례합니다. `H`를 10분의 1로 줄이면 처음 손실도 약 10분의 1이 되고, 4배로 늘리면
# 약 4배가 됩니다.
#
# $$
# L_0 \approx N \cdot D_{out} \cdot \left(\frac{H \cdot D_{in}}{2} + 1\right)
# $$
#
# 본문과 같은 방법으로 데이터와 가중치를 새로 만들어 확인합니다. 본문에서 학습한 `w1`, `w2`는 건드리지 않습니다.
# 어림은 무작위로 뽑은 값들의 평균적인 크기를 본 것이라, 시드 하나로 뽑은 값은 어림에서 꽤 벗어나기도 합니다.
# 그래서 시드 0의 값과 함께, 시드를 열 번 바꿔 가며 구한 처음 손실의 평균도 출력합니다. 평균은 세 경우 모두
# 어림과 10% 안쪽으로 맞습니다.

# %% tags=["answer"]
def initial_loss(hidden, seed):
    """은닉층 크기만 바꾸고, 본문과 같은 순서로 데이터와 가중치를 뽑아 학습 전 손실을 구합니다."""
    gen = np.random.default_rng(seed)
    xs = gen.standard_normal((N, D_in))
    ys = gen.standard_normal((N, D_out))
    first = gen.standard_normal((D_in, hidden))
    second = gen.standard_normal((hidden, D_out))
    return loss_and_grads(xs, ys, first, second)[0]


for hidden in (10, 100, 400):
    guess = N * D_out * (hidden * D_in / 2 + 1)
    seed0 = initial_loss(hidden, seed=0)
    average = np.mean([initial_loss(hidden, seed) for seed in range(10)])
    print(f"H = {hidden:>3}: 어림 {guess:.2e}, 시드 0 {seed0:.2e}, 시드 10개의 평균 {average:.2e}")

# %% [markdown]
# ### 문제 2. 역전파 없이 변화도 확인하기
#
# `loss_and_grads`가 돌려주는 변화도가 맞는지, 역전파 식을 전혀 쓰지 않고 확인할 방법이 있을까요?
# 변화도 원소 하나의 뜻, 즉 "이 가중치를 아주 조금 늘리면 손실이 얼마나 빠르게 변하는가"에서 출발해 보세요.

# %% [markdown] tags=["answer"]
# 뜻 그대로 계산하면 됩니다. 가중치 원소 하나만 아주 작은 수 $\varepsilon$만큼 늘렸을 때와 줄였을 때의 손실을
# 각각 구하고, 그 차이를 $2\varepsilon$으로 나눕니다. 이것을 중앙 차분(central difference)이라고 합니다.
#
# $$
# \frac{\partial L}{\partial w_{ij}} \approx \frac{L(w_{ij} + \varepsilon) - L(w_{ij} - \varepsilon)}{2\varepsilon}
# $$
#
# 순전파만 있으면 되므로 역전파 코드의 실수와 무관하게 답을 얻을 수 있습니다. 대신 원소 하나마다 순전파를
# 두 번씩 해야 해서 느리므로, 아래처럼 작은 신경망으로 검사합니다. 반올림 오차를 줄이려고 `float64`를 씁니다.
# 두 값의 차이를 값의 크기로 나눈 상대 오차가 아주 작게 나오면, 손으로 유도한 역전파가 맞다는 뜻입니다.

# %% tags=["answer"]
def numeric_grad(loss_of, w, eps=1e-6):
    """w의 원소를 하나씩 ±eps만큼 움직여 중앙 차분으로 변화도를 어림합니다. w는 원래 값으로 되돌려 둡니다."""
    grad = np.zeros_like(w)
    for index in np.ndindex(w.shape):
        saved = w[index]
        w[index] = saved + eps
        loss_plus = loss_of()
        w[index] = saved - eps
        loss_minus = loss_of()
        w[index] = saved
        grad[index] = (loss_plus - loss_minus) / (2 * eps)
    return grad


def relative_error(a, b):
    return np.abs(a - b).max() / np.abs(b).max()


# 작은 신경망: 배치 8, 입력 7, 은닉 5, 출력 3
check_rng = np.random.default_rng(1)
xs, ys = check_rng.standard_normal((8, 7)), check_rng.standard_normal((8, 3))
small_w1, small_w2 = check_rng.standard_normal((7, 5)), check_rng.standard_normal((5, 3))

_, analytic_w1, analytic_w2 = loss_and_grads(xs, ys, small_w1, small_w2)
numeric_w1 = numeric_grad(lambda: loss_and_grads(xs, ys, small_w1, small_w2)[0], small_w1)
numeric_w2 = numeric_grad(lambda: loss_and_grads(xs, ys, small_w1, small_w2)[0], small_w2)
print(f"w1 변화도의 상대 오차: {relative_error(analytic_w1, numeric_w1):.1e}")
print(f"w2 변화도의 상대 오차: {relative_error(analytic_w2, numeric_w2):.1e}")

# %% [markdown]
# ### 문제 3. 마스크를 잘못 만들면 검사에 걸릴까?
#
# 본문의 '자주 하는 실수'에서 ReLU 마스크를 `grad_h[h < 0] = 0` 대신 `grad_h[grad_h < 0] = 0`으로 쓰면 틀린다고
# 했습니다. 이렇게 잘못 쓴 함수를 문제 2의 방법으로 검사하면 `w1`과 `w2`의 변화도 중 어느 쪽이 틀렸다고
# 나올까요?

# %% [markdown] tags=["answer"]
# `w1`의 변화도만 틀리고 `w2`의 변화도는 그대로 맞습니다. 역전파는 출력 쪽에서부터 거슬러 올라가므로,
# `grad_w2`는 ReLU 마스크를 씌우기 **전에** 이미 계산이 끝납니다. 마스크는 그보다 앞쪽인 `grad_h`와
# `grad_w1`에만 영향을 줍니다. 그래서 변화도 검사는 가중치마다 따로 해야 합니다. 한 가중치만 검사해서 맞았다고
# 역전파 전체가 맞는 것은 아닙니다.

# %% tags=["answer"]
def loss_and_grads_wrong_mask(x, y, w1, w2):
    """loss_and_grads와 같지만, ReLU 마스크를 변화도의 부호로 만드는 실수를 했습니다."""
    h = x @ w1
    h_relu = np.maximum(h, 0)
    y_pred = h_relu @ w2
    loss = np.square(y_pred - y).sum()
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.T @ grad_y_pred
    grad_h = (grad_y_pred @ w2.T).copy()
    grad_h[grad_h < 0] = 0  # 잘못: h가 아니라 변화도의 부호로 자리를 고릅니다.
    grad_w1 = x.T @ grad_h
    return loss, grad_w1, grad_w2


_, wrong_w1, wrong_w2 = loss_and_grads_wrong_mask(xs, ys, small_w1, small_w2)
print(f"잘못된 마스크, w1 변화도의 상대 오차: {relative_error(wrong_w1, numeric_w1):.1e}")
print(f"잘못된 마스크, w2 변화도의 상대 오차: {relative_error(wrong_w2, numeric_w2):.1e}")
