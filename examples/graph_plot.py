"""autograd가 기록한 연산 그래프를 그림으로 그리는 도우미입니다.

손실 텐서의 `grad_fn`에서 출발해 `next_functions`를 따라가며 역전파가 지나갈 노드를 모두 찾고,
손실에서 멀어지는 순서대로 층을 나누어 상자와 화살표로 그립니다. 외부 프로그램(graphviz 등)이나
인터넷 서비스 없이 matplotlib만 씁니다.
"""

import matplotlib.pyplot as plt

import loss_plot  # noqa: F401  (한글 글꼴을 등록합니다)

# 자주 나오는 역전파 노드가 어떤 순전파 연산에서 왔는지 한국어로 적어 둡니다.
KOREAN = {
    "SumBackward0": "합",
    "PowBackward0": "제곱",
    "SubBackward0": "빼기",
    "MmBackward0": "행렬 곱",
    "ClampBackward1": "clamp(min=0), 곧 ReLU",
    "ReluBackward0": "ReLU",
    "AccumulateGrad": "변화도를 .grad에 쌓음",
}


def autograd_graph(tensor, leaves):
    """그래프의 노드와 엣지를 돌려줍니다.

    노드는 (이름, 설명, 깊이)이고 엣지는 (위쪽 노드 번호, 아래쪽 노드 번호)입니다. `leaves`는
    {이름: 잎 텐서}이며, AccumulateGrad 노드에 어느 텐서의 것인지 이름을 붙이는 데 씁니다.
    """
    names = {id(t): name for name, t in leaves.items()}
    index, nodes, edges = {}, [], []

    def visit(fn, depth):
        if fn in index:
            i = index[fn]
            nodes[i] = (*nodes[i][:2], max(nodes[i][2], depth))
            return i
        name = type(fn).__name__
        note = KOREAN.get(name, "")
        if hasattr(fn, "variable"):
            note = f"{names.get(id(fn.variable), '?')}.grad에 쌓음"
        index[fn] = len(nodes)
        nodes.append((name, note, depth))
        me = index[fn]
        for child, _ in fn.next_functions:
            if child is not None:  # 변화도가 필요 없는 입력(x, y)은 None입니다.
                edges.append((me, visit(child, depth + 1)))
        return me

    visit(tensor.grad_fn, 0)
    return nodes, edges


def draw_autograd_graph(tensor, leaves, title):
    """`tensor`의 연산 그래프를 위(손실)에서 아래(잎 텐서)로 그린 Figure를 돌려줍니다."""
    nodes, edges = autograd_graph(tensor, leaves)
    depth = max(d for _, _, d in nodes)
    rows = {}
    for i, (_, _, d) in enumerate(nodes):
        rows.setdefault(d, []).append(i)
    where = {}
    for d, members in rows.items():
        for k, i in enumerate(members):
            where[i] = ((k + 1) / (len(members) + 1), 1 - (d + 0.5) / (depth + 1))

    fig, ax = plt.subplots(figsize=(7, 0.8 * (depth + 1) + 0.8))
    ax.set_axis_off()
    for a, b in edges:
        ax.annotate(
            "", xy=where[b], xytext=where[a],
            arrowprops={"arrowstyle": "-|>", "color": "#555555", "shrinkA": 16, "shrinkB": 20},
        )
    for i, (name, note, _) in enumerate(nodes):
        leaf = name == "AccumulateGrad"
        ax.text(
            *where[i], f"{name}\n{note}" if note else name, ha="center", va="center", fontsize=9,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#e3f2fd" if leaf else "#fff3e0", "edgecolor": "#777777"},
        )
    ax.set_title(title)
    ax.text(0.0, -0.02, "주황 상자: 연산의 역전파 노드 · 파란 상자: 잎 텐서(가중치)의 변화도를 모으는 노드",
            transform=ax.transAxes, fontsize=8, color="#444444")
    fig.tight_layout()
    return fig
