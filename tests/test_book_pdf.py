"""The book's PDF, printed at build: offered by the book page, every step's title and picture in it, and its
Korean text extractable (pdftotext, pdfimages: poppler-utils)."""

import hashlib
import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import EXAMPLE_PAGES, SITE_URL
from sitebuild.site import book_pdf

HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def pdf(site):
    path = site / "book" / book_pdf.FILE
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def text(pdf):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def h1(site, path):
    soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article h1").get_text(strip=True).rstrip("¶")


def test_the_book_page_offers_the_pdf(site, pdf):
    soup = BeautifulSoup((site / "book" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one(".book-pdf a")
    assert link["href"] == book_pdf.FILE and link.has_attr("download")
    assert pdf.stat().st_size > 100_000


def test_every_chapter_title_is_in_the_pdf(site, text):
    flat = " ".join(text.split())
    for path in ["", *(f"examples/{n}/" for n in EXAMPLE_PAGES), "summary/"]:
        assert " ".join(h1(site, path).split()) in flat, path


def test_korean_text_is_extracted_as_text(site, text):
    """Hangul comes out as characters (not boxes or images of text), in reading order."""
    assert len(HANGUL.findall(text)) > 50_000
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    first = soup.select_one("article p").get_text()
    assert " ".join(first.split()) in " ".join(text.split())


def test_every_picture_of_every_step_is_in_the_pdf_at_full_resolution(site, pdf, tmp_path):
    """The PDF holds each plot's own pixels, not a rescaled copy: compare the decoded images."""
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "img")], check=True)

    def pixels(path):
        image = Image.open(path).convert("RGB")
        return image.size, hashlib.sha256(image.tobytes()).hexdigest()

    in_pdf = {pixels(p) for p in tmp_path.glob("img-*.png")}
    figures = [p for name in EXAMPLE_PAGES for p in sorted((site / "examples" / name).glob("figure-*.png"))]
    assert len(figures) >= len(EXAMPLE_PAGES)
    assert [f.parent.name + "/" + f.name for f in figures if pixels(f) not in in_pdf] == []


def test_links_to_other_pages_lead_to_the_published_site(pdf):
    """The PDF was printed from the site's own address, so a link in it opens the page online."""
    links = set(re.findall(rb"/URI \(([^)]*)\)", pdf.read_bytes()))
    name = EXAMPLE_PAGES[0]
    assert f"{SITE_URL}examples/{name}/{name}.py".encode() in links
    assert [link for link in links if not link.startswith((SITE_URL.encode(), b"https://colab.research.google.com/"))] == []
