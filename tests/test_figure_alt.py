"""sitebuild.run.figure_alt: a plot's Korean alt text, read off the figure the examples' own helpers draw."""

import sys

import matplotlib
import pytest

from conftest import EXAMPLES
from sitebuild.run import figure_alt

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def helpers():
    """The examples' plotting helpers, imported as the examples import them."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        import graph_plot
        import loss_plot

        yield loss_plot, graph_plot
    finally:
        sys.path.remove(str(EXAMPLES))


def test_a_loss_curve_names_its_title_axes_and_where_it_starts_and_ends(helpers):
    loss_plot, _ = helpers
    figure = loss_plot.plot_losses([30512.3, 812.5, 0.5, 0.0001332], "NumPy로 구현한 신경망의 손실")
    assert figure_alt.describe(figure) == (
        "«NumPy로 구현한 신경망의 손실» 그래프. 가로축은 학습 단계, 세로축은 손실 (오차 제곱합, 로그 눈금). "
        "점 4개를 잇는 선이 (0, 30510)에서 시작해 (3, 0.0001332)에서 끝납니다."
    )


def test_several_curves_are_named_by_their_legend(helpers):
    loss_plot, _ = helpers
    figure = loss_plot.plot_loss_curves({"SGD": [4.0, 2.0], "Adam": [4.0, 1.0, 0.25]}, "옵티마이저 비교")
    assert figure_alt.describe(figure).endswith(
        "«SGD»: 점 2개를 잇는 선이 (0, 4)에서 시작해 (1, 2)에서 끝납니다. "
        "«Adam»: 점 3개를 잇는 선이 (0, 4)에서 시작해 (2, 0.25)에서 끝납니다."
    )


def test_a_drawing_without_axes_gives_its_title_and_the_text_in_it(helpers):
    _, graph_plot = helpers
    import torch

    w = torch.ones(2, requires_grad=True)
    loss = (w * 3).sum()
    text = figure_alt.describe(graph_plot.draw_autograd_graph(loss, {"w": w}, "연산 그래프"))
    assert text == (
        "«연산 그래프» 그림. 그림 안의 글: «SumBackward0 합», «MulBackward0», «AccumulateGrad w.grad에 쌓음», "
        "«주황 상자: 연산의 역전파 노드 · 파란 상자: 잎 텐서(가중치)의 변화도를 모으는 노드»."
    )


def test_horizontal_reference_lines_give_their_level_and_label():
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots()
    ax.plot([0.01, 1], [2, 150], label="torch")
    ax.plot([0.01, 1], [1, 80], label="NumPy")
    ax.axhline(1, color="black")
    ax.axhline(50, linestyle=":", label="50배")
    ax.set(xscale="log", yscale="log", title="몇 배 빠른가", xlabel="계산량", ylabel="배율")
    assert figure_alt.describe(figure) == (
        "«몇 배 빠른가» 그래프. 가로축은 계산량, 세로축은 배율. «torch»: 점 2개를 잇는 선이 (0.01, 2)에서 시작해 (1, 150)에서 끝납니다. "
        "«NumPy»: 점 2개를 잇는 선이 (0.01, 1)에서 시작해 (1, 80)에서 끝납니다. 가로로 그은 선: 1, 50(50배)."
    )


@pytest.mark.parametrize(
    "value, shown",
    [(0, "0"), (499, "499"), (0.5, "0.5"), (-2.5, "-2.5"), (9999.5, "10000"), (30512.3, "30510"), (1234567.8, "1235000"), (0.0001332, "0.0001332"),
     (4.851445648512189e-07, "4.851×10⁻⁷"), (3.152e7, "3.152×10⁷"), (2.5e-12, "2.5×10⁻¹²")],
)
def test_numbers_keep_four_significant_digits(value, shown):
    assert figure_alt._number(value) == shown
