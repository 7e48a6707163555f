"""The book page: the home page, the nine steps and the summary on one page, as they are on their own
pages, with ids that stay unique, links that stay inside the book, every fold open and all math typeset."""

import json
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from conftest import EXAMPLE_PAGES

CHAPTERS = ["", *(f"examples/{name}/" for name in EXAMPLE_PAGES), "summary/"]


def soup_of(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def book(site):
    return soup_of(site, "book/")


def chapter(book, path):
    return book.select_one(f"section#chapter-{path.strip('/').replace('/', '-') or 'home'}")


def test_chapters_come_in_reading_order(book):
    sections = book.select("section.book-chapter")
    assert [s["id"] for s in sections] == [f"chapter-{p.strip('/').replace('/', '-') or 'home'}" for p in CHAPTERS]
    contents = [a["href"] for a in book.select("nav.book-contents a")]
    assert contents == [f"#{s['id']}" for s in sections]


@pytest.mark.parametrize("path", CHAPTERS)
def test_each_chapter_shows_what_its_page_shows(site, book, path):
    """Same title, same prose and code, same outputs, same pictures (the step diff aside)."""
    page = soup_of(site, path).select_one("article")
    here = chapter(book, path)
    assert here.h1.get_text(strip=True) == page.h1.get_text(strip=True)
    for diff in page.select("details.sitebuild-diff"):
        diff.decompose()
    assert [o.get_text() for o in here.select(".jp-OutputArea-output")] == [o.get_text() for o in page.select(".jp-OutputArea-output")]
    assert [c.get_text() for c in here.select(".jp-InputArea pre")] == [c.get_text() for c in page.select(".jp-InputArea pre")]
    shown = [img["src"].rsplit("/", 1)[-1] for img in here.select("img")]
    assert shown == [img["src"].rsplit("/", 1)[-1] for img in page.select("article img")]
    assert len(here.get_text(" ", strip=True)) > 0.9 * len(page.get_text(" ", strip=True)) - 3000


def test_ids_are_unique_and_every_link_within_the_book_has_its_target(book):
    ids = Counter(el["id"] for el in book.select("[id]"))
    assert [i for i, n in ids.items() if n > 1] == []
    targets = {a["href"][1:] for a in book.select('a[href^="#"]') if len(a["href"]) > 1}
    assert targets - set(ids) == set()
    # Links between chapters stay in the book (the gallery's cards, the summary's table).
    assert book.select(f'a[href="#chapter-examples-{EXAMPLE_PAGES[0]}"]')
    labels = {label["for"] for label in book.select("label[for]")}
    assert labels - set(ids) == set()


def test_every_picture_is_a_file_of_the_site(site, book):
    images = book.select("img")
    assert len(images) >= 2 * len(EXAMPLE_PAGES)  # gallery thumbnails and loss plots at least
    for img in images:
        assert (site / "book" / img["src"]).resolve().is_file(), img["src"]


def test_folds_are_open_and_answers_say_so_the_step_diffs_are_left_out(book):
    assert book.select("details.sitebuild-diff") == []
    folds = book.select("details")
    assert folds and all(d.has_attr("open") for d in folds)
    answers = book.select("details.answer")
    assert len(answers) >= 2 * len(EXAMPLE_PAGES)
    assert {a.summary.get_text(strip=True) for a in answers} == {"답"}


def test_math_is_typeset_at_build(book):
    """A printout cannot wait for MathJax to load: every formula is already CHTML markup."""
    formulas = book.select(".arithmatex")
    assert len(formulas) > 100
    assert [f for f in formulas if f.select_one("mjx-container") is None] == []


def test_book_is_not_searched_or_indexed(site, book):
    """It repeats every page: search results must lead to the page that teaches, and engines too."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("book/")]
    assert book.select_one('meta[name="robots"]')["content"] == "noindex"
