"""Draws every step's loss curve on one chart and tabulates final losses and running times, from the runs."""

import importlib.util
import io
import json
from importlib import metadata
from pathlib import Path

from ..run.cache import RESULTS
from ..store import Store

MARKER = "<!-- sitebuild:loss-summary -->"
IMAGE = "assets/loss-summary.png"


def steps(notebooks):
    """Title, page link, losses and running time of every executed example that kept `losses`."""
    found = []
    for example, nb in sorted(notebooks.items()):
        results = nb.metadata.get(RESULTS, {})
        if not results.get("losses"):
            continue
        title = title_of(nb)
        number = example.stem.split("_")[1] if example.stem.count("_") else example.stem
        found.append({"title": f"{number}. {title}", "link": str(example), "lead": lead_of(nb), **results})
    return found


def title_of(nb) -> str:
    """The example's title: the first level-1 heading of its prose."""
    return next(
        line[2:].strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("# ")
    )


def lead_of(nb) -> str:
    """The example's one-line lead: the first `> ` line of its first prose cell."""
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    for line in (first.source.splitlines() if first else []):
        if line.startswith("> "):
            return line[2:].strip()
    return ""


def load_plotting(root: Path):
    """The examples' own plotting helper (examples/loss_plot.py), so the chart looks like theirs."""
    spec = importlib.util.spec_from_file_location("loss_plot", root / "examples" / "loss_plot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def chart(root: Path, store: Store, steps) -> Path:
    """PNG of all loss curves (an entry of `store`); redrawn only when the losses, the titles, the plotting
    helper, this module or matplotlib change."""
    helper = root / "examples" / "loss_plot.py"
    data = json.dumps([(s["title"], s["losses"]) for s in steps], ensure_ascii=False)

    def draw():
        import matplotlib

        matplotlib.use("Agg")
        plotting = load_plotting(root)
        fig = plotting.plot_loss_curves({s["title"]: s["losses"] for s in steps}, "단계별 손실 곡선")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
        return buffer.getvalue()

    return store.get_or_make([data, helper, Path(__file__), metadata.version("matplotlib")], draw, ".png")


def table(steps, page_url) -> str:
    """Markdown: the chart and one row per step with its final loss and running time."""
    rows = [
        f"| [{s['title']}]({s['link']}) | {s['losses'][-1]:.3e} | {s['seconds']:.1f} |"
        for s in steps
    ]
    return "\n".join(
        [
            f"![아홉 단계의 손실 곡선을 로그 눈금으로 겹쳐 그린 그래프]({page_url})",
            "",
            "| 단계 | 마지막 손실 | 실행 시간(초) |",
            "|---|---:|---:|",
            *rows,
        ]
    )
