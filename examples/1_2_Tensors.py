# %% [markdown]
# # PyTorch 텐서
#
# (prose to be written)

# %%
import torch

from loss_plot import plot_losses

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
dtype = torch.float32
print("실행한 장치:", device)

# %%
N, D_in, H, D_out = 64, 1000, 100, 10

torch.manual_seed(0)
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)

w1 = torch.randn(D_in, H, device=device, dtype=dtype)
w2 = torch.randn(H, D_out, device=device, dtype=dtype)

learning_rate = 1e-6


# %%
def loss_and_grads(x, y, w1, w2):
    """순전파로 손실을 구하고, 역전파로 w1과 w2의 변화도를 구합니다."""
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)
    loss = (y_pred - y).pow(2).sum()

    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.t().mm(grad_y_pred)
    grad_h_relu = grad_y_pred.mm(w2.t())
    grad_h = grad_h_relu.clone()
    grad_h[h < 0] = 0
    grad_w1 = x.t().mm(grad_h)
    return loss, grad_w1, grad_w2


# %%
losses = []
for t in range(500):
    loss, grad_w1, grad_w2 = loss_and_grads(x, y, w1, w2)
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2

# %%
fig = plot_losses(losses, "PyTorch 텐서로 구현한 신경망의 손실")
