"""Puts the home page, every step and the summary on one page in reading order, for print and PDF."""

import html
import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.structure.toc import get_toc

from ..page import tree
from ..page.tree import VOID_TAGS

MARKER = "<!-- sitebuild:book -->"
# Attributes that hold one id, or several separated by spaces: renamed with their chapter's prefix, so
# that the ids of eleven pages stay unique on one page (every example has a cell-3, every page a term-…).
ID_ATTRIBUTES = {"id", "for", "name"}
ID_LIST_ATTRIBUTES = {"aria-labelledby", "aria-describedby", "aria-controls"}
URL_ATTRIBUTES = {"href", "src"}
HOME_TITLE = "들어가며"  # the home page's chapter ("홈" in the site's menu)
ANSWER = "답"  # on paper an answer is not hidden behind "답 보기"


@dataclass(frozen=True)
class Chapter:
    url: str  # the page's URL in the site ("" for the home page, "examples/1_1_Numpy_warm_up/", …)
    title: str
    content: str  # the page's HTML as the site shows it (after every other step of the build)

    @property
    def key(self) -> str:
        """The chapter's id on the book page, and the prefix of every id inside it."""
        return "chapter-" + (self.url.strip("/").replace("/", "-") or "home")


def front_matter(chapters, pdf: str = "") -> str:
    """The PDF's download link (when one is printed) and the list of chapters, each linking its place."""
    link = (
        f'<p class="book-pdf"><a href="{html.escape(pdf)}" download>PDF로 내려받기 ({html.escape(pdf)})</a> '
        "· 이 페이지를 빌드할 때 인쇄해 둔 파일입니다.</p>"
        if pdf
        else ""
    )
    items = "".join(f'<li><a href="#{c.key}">{html.escape(c.title)}</a></li>' for c in chapters)
    return f'{link}<nav class="book-contents" aria-labelledby="book-contents"><h2 id="book-contents">차례</h2><ul>{items}</ul></nav>'


def toc(page_toc, chapters):
    """The book page's table of contents: its own title with one entry per chapter under it (Material's
    sidebar lists what is under a page's h1)."""
    title = next(iter(page_toc), None)
    entries = [{"level": 2, "id": c.key, "name": html.escape(c.title), "children": []} for c in chapters]
    if title is None:
        return get_toc(entries)
    return get_toc([{"level": 1, "id": title.id, "name": title.title, "children": entries}])


def assemble(chapters, book_url: str) -> tuple:
    """Every chapter's content in a <section>, its ids prefixed, its links to other chapters turned into
    links within the book, other relative links and images rebased onto the book page's URL, the step
    diffs left out (each step's own code is in the book) and every fold open, the answers' titled 답.
    Returns (each chapter's section, every class they name): the notebook stylesheet keeps their rules on the book page."""
    by_url = {c.url: c for c in chapters}
    return _gathered([_section(c, by_url, book_url) for c in chapters])


def assemble_kept(store, chapters, book_url: str) -> tuple:
    """`assemble`, each chapter's section kept in `store` by the chapter, the URLs of all chapters (its links
    to them become links within the book), the book's URL and this code: an edited page remakes one section."""
    by_url = {c.url: c for c in chapters}
    urls = "\n".join(sorted(by_url))

    def section(c):
        parts = ["book-section", c.url, c.content, urls, book_url, Path(__file__), Path(tree.__file__)]
        return store.json(parts, lambda: _section(c, by_url, book_url))

    return _gathered([section(c) for c in chapters])


def _gathered(sections) -> tuple:
    return [s["html"] for s in sections], {name for s in sections for name in s["classes"]}


def _section(chapter, by_url, book_url) -> dict:
    rewriter = _Rewriter(chapter, by_url, book_url)
    html = f'<section class="book-chapter" id="{chapter.key}">{rewriter.result}</section>'
    return {"html": html, "classes": sorted(rewriter.classes | {"book-chapter"})}


class _Rewriter(HTMLParser):
    """One pass over a chapter's HTML that copies it as it is, except for the attributes and elements above."""

    def __init__(self, chapter, chapters, book_url):
        super().__init__(convert_charrefs=False)
        self.chapter, self.chapters, self.book_url = chapter, chapters, book_url
        self.out = []
        self.skipping = 0  # depth inside a left-out element
        self.answer_summary = False  # the next text is an answer's "답 보기"
        self.classes = set()  # every class on the elements written
        self.feed(chapter.content)
        self.close()
        self.result = "".join(self.out)

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if self.skipping or (tag == "details" and "sitebuild-diff" in classes):
            self.skipping += tag not in VOID_TAGS
            return
        added = []
        if tag == "details":  # paper cannot unfold: every fold is printed open
            added = [] if any(name == "open" for name, _ in attrs) else [("open", None)]
            self.answer_summary = "answer" in classes
        self.classes |= classes
        self.out.append(self._tag(tag, attrs, self.get_starttag_text(), added))

    def handle_startendtag(self, tag, attrs):
        if not self.skipping:
            self.classes.update((dict(attrs).get("class") or "").split())
            self.out.append(self._tag(tag, attrs, self.get_starttag_text()))

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= 1
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.skipping:
            return
        if self.answer_summary and data.strip():
            self.answer_summary = False
            data = ANSWER
        self.out.append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")

    def handle_comment(self, data):
        pass  # comments draw nothing

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def _tag(self, tag, attrs, raw, added=()):
        changed = [(name, self._value(tag, name, value)) for name, value in attrs] + list(added)
        if changed == attrs:
            return raw
        parts = [tag] + [name if value is None else f'{name}="{html.escape(value)}"' for name, value in changed]
        return "<" + " ".join(parts) + (" />" if raw.endswith("/>") else ">")

    def _value(self, tag, name, value):
        if value is None:
            return value
        key = self.chapter.key
        if name in ID_ATTRIBUTES and not (name == "name" and tag == "meta"):
            return f"{key}--{value}"
        if name in ID_LIST_ATTRIBUTES:
            return " ".join(f"{key}--{v}" for v in value.split())
        if name in URL_ATTRIBUTES:
            return self._url(value)
        return value

    def _url(self, url):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("/"):
            return url  # another site, or a root-relative path that means the same on every page
        if not parts.path:  # a link within the page
            return f"#{self.chapter.key}--{parts.fragment}" if parts.fragment else f"#{self.chapter.key}"
        target = posixpath.normpath(posixpath.join(self.chapter.url or ".", parts.path))
        target = "" if target == "." else target
        page = target + "/" if not posixpath.splitext(target)[1] and target else target
        if page in self.chapters:
            chapter = self.chapters[page]
            return f"#{chapter.key}--{parts.fragment}" if parts.fragment else f"#{chapter.key}"
        rebased = posixpath.relpath(target or ".", self.book_url.rstrip("/") or ".")
        if parts.path.endswith("/") and not rebased.endswith("/"):
            rebased += "/"
        return rebased + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
