"""Every page links its source file, edited on GitHub, and a new issue prefilled with its title and address;
a build that does not know the repository shows neither (nor a Colab link), and a malformed one fails."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import nav_pages
from conftest import REPO, REPOSITORY, SITE_URL
from sitecopy import build

GITHUB = f"https://github.com/{REPOSITORY['GITHUB_REPOSITORY']}"


def soup_of(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def source_of(path):
    """The repository file a page is made from."""
    if path.startswith("examples/"):
        return path.rstrip("/") + ".py"
    return "docs/" + ("index" if path == "" else path.rstrip("/")) + ".md"


@pytest.mark.parametrize("path", nav_pages())
def test_page_links_its_source_and_a_prefilled_issue(site, path):
    soup = soup_of(site, path)
    talk = soup.select_one("aside.sitebuild-talk")
    assert talk is not None
    edit, feedback = talk.select("a")
    assert edit.get_text() == "이 페이지 고치기" and feedback.get_text() == "의견 보내기"
    source = source_of(path)
    assert (REPO / source).is_file()
    assert edit["href"] == f"{GITHUB}/edit/main/{source}"
    url = urlsplit(feedback["href"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{GITHUB}/issues/new"
    query = parse_qs(url.query)
    title = soup.title.get_text().split(" - ")[0]
    assert query["title"] == [f"[의견] {title}"]
    assert query["body"][0].startswith(f"페이지: {SITE_URL}{path}\n")


def test_header_links_the_repository_without_asking_githubs_api(site):
    """Material's own repository widget makes every reader's browser fetch star counts from GitHub's API."""
    source = soup_of(site, "").select_one(".md-header__source a.md-source")
    assert source["href"] == GITHUB + "/"
    assert not source.has_attr("data-md-component")
    assert source.get_text(strip=True) == REPOSITORY["GITHUB_REPOSITORY"]


@pytest.fixture(scope="module")
def anonymous_site(tmp_path_factory):
    """The site built as `mkdocs serve` builds it on a writer's machine: no repository known."""
    site_dir = tmp_path_factory.mktemp("anonymous")
    proc = build(REPO, site_dir, GITHUB_REPOSITORY="", BOOK_PDF="false")
    assert proc.returncode == 0, proc.stdout[-3000:]
    return site_dir


@pytest.mark.parametrize("path", ["", "examples/1_1_Numpy_warm_up/", "summary/"])
def test_a_build_without_the_repository_shows_no_broken_links(anonymous_site, path):
    html = (anonymous_site / path / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select(".sitebuild-talk, .sitebuild-colab, .md-source") == []
    assert "github.com" not in html
    if path.startswith("examples/"):
        assert [a["href"] for a in soup.select(".sitebuild-downloads a")] == ["1_1_Numpy_warm_up.py", "1_1_Numpy_warm_up.ipynb"]


def test_a_build_without_the_repository_prints_no_pdf_and_links_none(anonymous_site):
    assert not list((anonymous_site / "book").glob("*.pdf"))
    assert soup_of(anonymous_site, "book/").select(".book-pdf") == []


def test_a_repository_name_that_is_not_owner_slash_repo_fails_the_build(tmp_path):
    proc = build(REPO, tmp_path / "site", GITHUB_REPOSITORY="just-a-name")
    assert proc.returncode != 0
    assert "github.repository must be OWNER/REPO" in proc.stdout
