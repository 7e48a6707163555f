"""Builds the home page's gallery: each step's loss-curve thumbnail, title and one-line lead."""

import hashlib
import html
import io
import json
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

from .summary import load_plotting

MARKER = "<!-- sitebuild:gallery -->"
IMAGE_DIR = "assets/gallery"
CODE = re.compile(r"`([^`]+)`")
# A lead gives its terms' English on its own page, 순전파(forward pass); on the home page the cards would
# repeat what the home page's prose already glossed, so the English after a Korean word is left out there.
GLOSS = re.compile(r"(?<=[가-힣])\([A-Za-z][A-Za-z ,.'-]*\)")


def thumbnails(root: Path, cache_dir: Path, steps) -> dict:
    """Site path -> PNG file of each step's thumbnail; a PNG is redrawn only when its losses change."""
    helper = root / "examples" / "loss_plot.py"
    made, plotting = {}, None
    cache_dir.mkdir(parents=True, exist_ok=True)
    for step in steps:
        key = hashlib.sha256(json.dumps(step["losses"]).encode() + helper.read_bytes()).hexdigest()[:12]
        name = f"{Path(step['link']).stem}-{key}.png"
        path = cache_dir / name
        if not path.is_file():
            if plotting is None:
                import matplotlib

                matplotlib.use("Agg")
                plotting = load_plotting(root)
            fig = plotting.plot_thumbnail(step["losses"])
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=200)  # 640×400 px shown at 320×200: sharp on dense screens
            plotting.plt.close(fig)
            path.write_bytes(buffer.getvalue())
        made[f"{IMAGE_DIR}/{name}"] = path
        step["thumbnail"] = f"{IMAGE_DIR}/{name}"
    for old in set(cache_dir.glob("*.png")) - set(made.values()):
        old.unlink()
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
