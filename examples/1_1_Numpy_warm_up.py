# %% [markdown]
# # NumPy로 시작하기
#
# (prose to be written)

# %%
import numpy as np

from loss_plot import plot_losses

# %%
# N: 배치 크기, D_in: 입력 차원, H: 은닉층 차원, D_out: 출력 차원
N, D_in, H, D_out = 64, 1000, 100, 10

rng = np.random.default_rng(0)
x = rng.standard_normal((N, D_in))
y = rng.standard_normal((N, D_out))

w1 = rng.standard_normal((D_in, H))
w2 = rng.standard_normal((H, D_out))

learning_rate = 1e-6


# %%
def loss_and_grads(x, y, w1, w2):
    """순전파로 손실을 구하고, 역전파로 w1과 w2의 변화도를 구합니다."""
    # 순전파
    h = x @ w1
    h_relu = np.maximum(h, 0)
    y_pred = h_relu @ w2
    loss = np.square(y_pred - y).sum()

    # 역전파: 연쇄 법칙을 출력 쪽에서부터 거꾸로 적용합니다.
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.T @ grad_y_pred
    grad_h_relu = grad_y_pred @ w2.T
    grad_h = grad_h_relu.copy()
    grad_h[h < 0] = 0
    grad_w1 = x.T @ grad_h
    return loss, grad_w1, grad_w2


# %%
losses = []
for t in range(500):
    loss, grad_w1, grad_w2 = loss_and_grads(x, y, w1, w2)
    losses.append(loss)
    if t % 100 == 99:
        print(t, loss)

    # 경사하강법: 변화도의 반대 방향으로 조금씩 움직입니다.
    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2

# %%
fig = plot_losses(losses, "NumPy로 직접 구현한 신경망의 손실")
