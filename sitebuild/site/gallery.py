"""Builds the home page's gallery: each step's loss-curve thumbnail, title and one-line lead."""

import hashlib
import html
import io
import json
import re
from importlib import metadata
from pathlib import Path

from mkdocs.utils import get_relative_url

from .summary import load_plotting
from ..store import Store

MARKER = "<!-- sitebuild:gallery -->"
IMAGE_DIR = "assets/gallery"
CODE = re.compile(r"`([^`]+)`")
# A lead gives its terms' English on its own page, 순전파(forward pass); on the home page the cards would
# repeat what the home page's prose already glossed, so the English after a Korean word is left out there.
GLOSS = re.compile(r"(?<=[가-힣])\([A-Za-z][A-Za-z ,.'-]*\)")


def thumbnails(root: Path, store: Store, steps) -> dict:
    """Site path -> PNG file (an entry of `store`) of each step's thumbnail; a PNG is redrawn only when its
    losses, the plotting helper, this module or matplotlib change."""
    helper = root / "examples" / "loss_plot.py"
    made, plotting = {}, None
    matplotlib_version = metadata.version("matplotlib")  # a few milliseconds each time it is asked

    def draw(losses):
        nonlocal plotting
        if plotting is None:
            import matplotlib

            matplotlib.use("Agg")
            plotting = load_plotting(root)
        fig = plotting.plot_thumbnail(losses)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=200)  # 640×400 px shown at 320×200: sharp on dense screens
        plotting.plt.close(fig)
        return buffer.getvalue()

    for step in steps:
        losses = json.dumps(step["losses"])
        # Its name in the site changes with the losses: a browser never shows a thumbnail of old ones.
        tag = hashlib.sha256(losses.encode() + helper.read_bytes()).hexdigest()[:12]
        site_path = f"{IMAGE_DIR}/{Path(step['link']).stem}-{tag}.png"
        parts = [losses, helper, Path(__file__), matplotlib_version]
        made[site_path] = store.get_or_make(parts, lambda: draw(step["losses"]), ".png")
        step["thumbnail"] = site_path
    return made


def cards(steps, page_url: str, urls: dict) -> str:
    """HTML of Material's grid cards, one per step: thumbnail, numbered title and lead, linking the page."""
    items = []
    for step in steps:
        href = html.escape(get_relative_url(urls[step["link"]], page_url))
        src = html.escape(get_relative_url(step["thumbnail"], page_url))
        lead = CODE.sub(r"<code>\1</code>", html.escape(GLOSS.sub("", step.get("lead", "")), quote=False))
        items.append(
            f'<li><a href="{href}"><img src="{src}" width="320" height="200" loading="lazy" '
            f'alt="{html.escape(step["title"])} 단계의 손실 곡선 미리보기"></a>'
            f'<p><a href="{href}"><strong>{html.escape(step["title"])}</strong></a></p><p>{lead}</p></li>'
        )
    return '<div class="grid cards sitebuild-gallery" markdown="0"><ul>' + "".join(items) + "</ul></div>"
