# %% [markdown]
# # autograd로 역전파 자동화하기
#
# (prose to be written)

# %%
import torch

from loss_plot import plot_losses

# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
dtype = torch.float32
print("실행한 장치:", device)

N, D_in, H, D_out = 64, 1000, 100, 10

torch.manual_seed(0)
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)

# requires_grad=True: 이 텐서에 대한 변화도를 autograd가 계산하도록 표시합니다.
w1 = torch.randn(D_in, H, device=device, dtype=dtype, requires_grad=True)
w2 = torch.randn(H, D_out, device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-6

# %%
losses = []
for t in range(500):
    y_pred = x.mm(w1).clamp(min=0).mm(w2)
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    if t % 100 == 99:
        print(t, loss.item())

    loss.backward()

    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()

# %%
fig = plot_losses(losses, "autograd로 학습한 신경망의 손실")
