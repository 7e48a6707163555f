# %% [markdown]
# # 새 autograd 함수 정의하기
#
# (prose to be written)

# %%
import torch

from loss_plot import plot_losses


# %%
class MyReLU(torch.autograd.Function):
    """ReLU를 순전파와 역전파를 직접 적어서 정의한 autograd 함수입니다."""

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input


# %%
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
dtype = torch.float32
print("실행한 장치:", device)

N, D_in, H, D_out = 64, 1000, 100, 10

torch.manual_seed(0)
x = torch.randn(N, D_in, device=device, dtype=dtype)
y = torch.randn(N, D_out, device=device, dtype=dtype)
w1 = torch.randn(D_in, H, device=device, dtype=dtype, requires_grad=True)
w2 = torch.randn(H, D_out, device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-6

# %%
relu = MyReLU.apply

losses = []
for t in range(500):
    y_pred = relu(x.mm(w1)).mm(w2)
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
fig = plot_losses(losses, "사용자 정의 ReLU로 학습한 신경망의 손실")
