"""The home page's gallery: one card per step, in reading order, with the step's own loss thumbnail and lead."""

import hashlib
import json
import re
import struct

import nbformat
from bs4 import BeautifulSoup

from conftest import EXAMPLE_PAGES, EXAMPLES
from sitebuild.site.summary import lead_of, title_of
from sitebuild.run.notebook import read_example


def cards(site):
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select(".sitebuild-gallery li")


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_one_card_per_step_in_reading_order_with_title_and_lead(site):
    found = cards(site)
    assert len(found) == len(EXAMPLE_PAGES)
    for n, (card, name) in enumerate(zip(found, EXAMPLE_PAGES), 1):
        nb, _ = read_example(EXAMPLES / f"{name}.py")
        assert card.select_one("strong").get_text() == f"{n}. {title_of(nb)}"
        lead = lead_of(nb)
        assert lead, f"{name}.py has no one-line lead (a `> ` line under its title)"
        # The lead as written, but without the English its page gives after a Korean term (the home page
        # glosses those terms in its own prose: each English original once per page).
        shown = re.sub(r"(?<=[가-힣])\([A-Za-z][^)]*\)", "", lead).replace("`", "")
        assert card.select("p")[-1].get_text() == shown
        assert not re.search(r"[가-힣]\([A-Za-z]", card.get_text())
        assert {a["href"] for a in card.select("a")} == {f"examples/{name}/"}


def test_each_thumbnail_is_drawn_from_that_steps_recorded_losses(site):
    helper = (EXAMPLES / "loss_plot.py").read_bytes()
    for card, name in zip(cards(site), EXAMPLE_PAGES):
        img = card.select_one("img")
        assert re.search(r"[가-힣]", img["alt"])
        path = site / img["src"]
        assert png_size(path) == (640, 400)  # drawn at twice the 320×200 it is shown at
        # The file is named after the losses it drew: these must be the ones of the executed notebook.
        nb = nbformat.read(site / "examples" / name / f"{name}.ipynb", as_version=4)
        losses = nb.metadata["sitebuild_run"]["losses"]
        key = hashlib.sha256(json.dumps(losses).encode() + helper).hexdigest()[:12]
        assert path.name == f"{name}-{key}.png"


def test_lead_is_the_first_quote_line_of_the_first_prose_cell():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 제목\n\n> 한 줄 요약\n\n> 두 번째는 아님"), nbformat.v4.new_code_cell("x = 1")]
    assert lead_of(nb) == "한 줄 요약"
    nb.cells[0].source = "# 제목\n\n본문"
    assert lead_of(nb) == ""
