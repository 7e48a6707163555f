"""sitebuild.page.images: the page's plots get, in order, the alt texts their notebook's outputs carry."""

import pytest
from bs4 import BeautifulSoup
from nbformat import v4

from notebooks import mended, notebook, render
from sitebuild.page import images
from test_page_weight import PIXEL


def with_images(*alts):
    """A notebook whose code cells show one PNG each, with `alt` in its output metadata unless it is None,
    after a Markdown image that has its own alt text."""
    nb = notebook(("md", "# 제목\n\n![손으로 쓴 설명](data:image/png;base64," + PIXEL + ")"), *[("code", "plot()")] * len(alts))
    for cell, alt in zip(nb.cells[1:], alts):
        metadata = {"image/png": {"alt": alt}} if alt is not None else {}
        cell.outputs.append(v4.new_output("display_data", data={"image/png": PIXEL}, metadata=metadata))
    return nb


def test_outputs_get_their_own_alt_text_in_order_and_a_stand_in_without_one(tmp_path):
    nb = with_images("«손실» 그래프.", None, "«연산 그래프» 그림.")
    assert images.image_alts(nb) == ["«손실» 그래프.", "", "«연산 그래프» 그림."]
    html, _ = mended(images.describe_images, render(nb, tmp_path), images.image_alts(nb), "제목")
    soup = BeautifulSoup(html, "html.parser")
    assert [img["alt"] for img in soup.select(".jp-RenderedImage img")] == ["«손실» 그래프.", "제목 예제를 실행해 그린 그림 2", "«연산 그래프» 그림."]
    assert [img["alt"] for img in soup.select(".jp-RenderedMarkdown img")] == ["손으로 쓴 설명"]


def test_counts_that_differ_fail_instead_of_pairing_wrongly(tmp_path):
    nb = with_images("하나.", "둘.")
    with pytest.raises(ValueError, match="the page shows 2 output images but its notebook has 1 image outputs"):
        mended(images.describe_images, render(nb, tmp_path), ["하나."], "제목")
