"""예제들이 함께 쓰는 손실 곡선 그리기 도우미입니다.

한글 제목과 축 이름이 어느 컴퓨터에서나 제대로 보이도록, 시스템에 설치된 글꼴에 기대지 않고
파이썬 패키지 koreanize-matplotlib에 들어 있는 나눔고딕 글꼴 파일을 matplotlib에 등록합니다.
그 패키지를 import하면 파이썬 3.12부터 없어진 distutils를 찾기 때문에, 패키지를 실행하지 않고
글꼴 파일의 위치만 찾아 씁니다.
"""

from importlib.util import find_spec
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager


def _use_korean_font():
    """koreanize-matplotlib가 담고 있는 나눔고딕을 matplotlib의 기본 글꼴로 정합니다."""
    spec = find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "한글 글꼴 패키지가 없습니다: pip install koreanize-matplotlib==0.1.1"
        )
    font_file = Path(spec.submodule_search_locations[0]) / "fonts" / "NanumGothic.ttf"
    font_manager.fontManager.addfont(str(font_file))
    name = font_manager.FontProperties(fname=font_file).get_name()
    # 로마자와 숫자, 로그 눈금의 수식(10⁻⁶의 마이너스 기호 등)은 matplotlib에 딸린 DejaVu Sans로,
    # DejaVu Sans에 없는 한글은 나눔고딕으로 그립니다.
    plt.rcParams["font.family"] = ["DejaVu Sans", name]


_use_korean_font()


def plot_losses(losses, title):
    """학습 단계마다 기록한 손실을 로그 눈금의 y축으로 그립니다."""
    return plot_loss_curves({None: losses}, title)


def plot_loss_curves(curves, title):
    """여러 손실 곡선({이름: 손실 목록})을 한 그래프에 그립니다. 이름이 None이면 범례를 달지 않습니다."""
    fig, ax = plt.subplots(figsize=(7, 4) if len(curves) == 1 else (9, 5.5))
    for label, losses in curves.items():
        ax.semilogy(range(len(losses)), losses, linewidth=2 if len(curves) == 1 else 1.5, label=label)
    ax.set_title(title)
    ax.set_xlabel("학습 단계")
    ax.set_ylabel("손실 (오차 제곱합, 로그 눈금)")
    ax.grid(True, which="major", alpha=0.4)
    if any(label is not None for label in curves):
        ax.legend(fontsize="small", loc="lower left")
    fig.tight_layout()
    return fig


def plot_thumbnail(losses):
    """갤러리에 쓸 작은 손실 곡선입니다. 글자 없이 곡선과 로그 눈금의 격자만 그립니다."""
    fig, ax = plt.subplots(figsize=(3.2, 2.0))
    ax.semilogy(range(len(losses)), losses, linewidth=2, color="#e8710a")
    ax.grid(True, which="major", alpha=0.4)
    ax.tick_params(labelbottom=False, labelleft=False, length=0)
    fig.tight_layout(pad=0.3)
    return fig
