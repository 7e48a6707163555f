"""The glossary: reads glossary.yml, marks each term's first use on a page with its English original, and lists the terms."""

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..page import tree

MARKER = "<!-- sitebuild:glossary -->"
# Text inside these is not running prose: code and output, math, links, headings and fold titles,
# controls, and anything that already has a hover text.
SKIP_TAGS = {
    "a", "abbr", "button", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "label", "math",
    "option", "pre", "samp", "script", "select", "style", "summary", "svg", "textarea", "title",
}
SKIP_CLASSES = {"arithmatex", "MathJax", "admonition-title"}
ENTITY = re.compile(r"&#?\w+;")
HANGUL = re.compile(r"[가-힣]")
KEYS = {"term", "english", "explanation", "rejected", "kept", "page", "parts"}
# A glossary entry in the search index outweighs the headings of other pages that hold a rarer form of
# the term (변화도는 outranks 변화도 in Material's search), so the page that teaches the term comes first.
SEARCH_BOOST = 50


@dataclass(frozen=True)
class Term:
    term: str
    english: str
    explanation: str
    rejected: tuple = ()
    kept: tuple = ()
    page: str = ""  # the page that teaches the term (src path): search puts it first for the term
    parts: tuple = ()  # tails of a one-word compound (경사하강법: 하강법) that search should find it by too

    @property
    def anchor(self) -> str:
        """The id of the term's first use on a page."""
        return "term-" + "-".join(self.term.split())

    @property
    def hover(self) -> bool:
        """Only a Korean term gets a hover text: an English one (NumPy, shape) is its own original."""
        return bool(HANGUL.search(self.term))


def load(path) -> list:
    """The terms of the data file, in its order; a malformed entry raises ValueError naming it."""
    # LibYAML's loader where PyYAML has it: a tenth of the pure-Python one's time, on every build.
    entries = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: expected a list of terms")
    terms, seen = [], set()
    for n, entry in enumerate(entries, 1):
        where = f"{path}: entry {n} ({entry.get('term') if isinstance(entry, dict) else entry!r})"
        if not isinstance(entry, dict) or not KEYS >= set(entry) or not {"term", "english", "explanation"} <= set(entry):
            raise ValueError(f"{where}: needs term, english and explanation (and may have rejected, kept, page, parts)")
        if not all(isinstance(entry[k], str) and entry[k].strip() for k in ("term", "english", "explanation")):
            raise ValueError(f"{where}: term, english and explanation must be non-empty text")
        lists = {k: entry.get(k) or [] for k in ("rejected", "kept", "parts")}
        if not all(isinstance(v, list) and all(isinstance(s, str) and s for s in v) for v in lists.values()):
            raise ValueError(f"{where}: rejected, kept and parts must be lists of text")
        if any(part not in entry["term"] for part in lists["parts"]) or (lists["parts"] and not entry.get("page")):
            raise ValueError(f"{where}: each of parts must be a piece of the term, and parts need the term's page")
        if not isinstance(entry.get("page", ""), str):
            raise ValueError(f"{where}: page must be the source path of one page")
        if entry["term"] in seen:
            raise ValueError(f"{where}: the term is listed twice")
        seen.add(entry["term"])
        rejected, kept, parts = (tuple(lists[k]) for k in ("rejected", "kept", "parts"))
        terms.append(Term(entry["term"], entry["english"], entry["explanation"], rejected, kept, entry.get("page", ""), parts))
    accepted = {t.term for t in terms}
    for t in terms:
        if accepted & set(t.rejected):
            raise ValueError(f"{path}: {t.term} rejects {sorted(accepted & set(t.rejected))}, which is a term itself")
    return terms


def term_pattern(terms):
    """A regex finding the terms in text, each at the start of a word (Korean particles may follow a
    Korean term; an English one must end there); where several match, the longest wins."""
    alternatives = []
    for t in sorted(terms, key=lambda t: len(t.term), reverse=True):
        words = r"\s+".join(re.escape(w) for w in t.term.split())
        alternatives.append(words if t.hover else words + r"(?![A-Za-z])")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


def rejected_in(text, terms) -> dict:
    """{rejected variant: term to write} for each variant found in `text`, not counting the variant
    inside an accepted term or a kept phrase that contains it (층 in 은닉층, 파이토치 in the site name)."""
    found = {}
    for t in terms:
        for bad in t.rejected:
            hiding = [s for s in (*(u.term for u in terms), *t.kept) if bad in s and s != bad]
            masked = text
            for phrase in sorted(hiding, key=len, reverse=True):
                masked = masked.replace(phrase, " ")
            if bad in masked:
                found[bad] = t.term
    return found


def _prose(doc):
    """The text nodes of the page's running prose: not inside SKIP_TAGS, SKIP_CLASSES or an element
    with a title."""
    for text in doc.texts():
        if not any(_skips(element) for element in text.ancestors()):
            yield text


def _skips(element):
    return element.tag in SKIP_TAGS or bool(SKIP_CLASSES & set(element.classes)) or element.get("title") is not None


class Glossary:
    """The terms, and on which pages each one is used (filled in as pages are rendered)."""

    def __init__(self, path, page):
        self.path = Path(path)
        self.terms = load(path)
        self.pattern = term_pattern(self.terms)
        self.page = page  # the glossary page's own src_uri: its table is not marked
        self.used = {}  # term -> {src_uri: page title}

    def mark(self, doc, src_uri) -> list:
        """Wrap the first use of each term in the prose of the page `src_uri` (parsed: sitebuild.page.tree)
        in <abbr title="English">; return the terms it uses (for `record`)."""
        return [] if src_uri == self.page else mark_tree(doc, self.terms, self.pattern, src_uri)

    def record(self, page, terms):
        """Note that `page` uses `terms` (its glossary entries link to it)."""
        for term in terms:
            self.used.setdefault(term, {})[page.file.src_uri] = page.title or page.file.name

    def search_entries(self, urls) -> list:
        """Entries for Material's search index, one per term that names the page teaching it: the term
        as title, pointing at its first use on that page. `urls` maps each page's src path to its URL;
        a term whose page does not use it in its prose raises ValueError."""
        entries = []
        for t in self.terms:
            if not t.page:
                continue
            if t.page not in self.used.get(t.term, {}):
                raise ValueError(f"{t.term}: its page {t.page} does not use the term in its prose (glossary.yml)")
            # Always an anchor: an entry at the page's own address would replace the page in Material's index.
            location = f"{urls[t.page]}#{t.anchor}"
            text = f"<p>{html.escape(t.english)}: {html.escape(t.explanation)}</p>"
            # A term outranks the longer terms that hold it (가중치 before 가중치 공유 for the query 가중치).
            boost = SEARCH_BOOST / len(t.term.split())
            entry = {"location": location, "title": t.term, "text": text, "boost": boost}
            if t.parts:  # Material matches the start of a word only: a compound's tail needs a word of its own
                entry["tags"] = list(t.parts)
            entries.append(entry)
        return entries

    def table(self, page) -> str:
        """Markdown: a table in <div class="glossary">, one row per term (가나다 order, English-only terms
        last) with its English original, explanation, rejected variants and links to the pages using it."""
        order = _nav_order(page)
        here = posixpath.dirname(page.file.src_uri)
        rows = ['<div class="glossary" markdown>', "", "| 용어 | 영어 원어 | 뜻 | 쓰인 곳 |", "|---|---|---|---|"]
        for t in sorted(self.terms, key=lambda t: (not t.hover, t.term.lower())):
            pages = sorted(self.used.get(t.term, {}).items(), key=lambda item: order.get(item[0], len(order)))
            links = ", ".join(f"[{_cell(title)}]({posixpath.relpath(src, here or '.')})" for src, title in pages)
            meaning = _cell(t.explanation)
            if t.rejected:
                meaning += "<br>쓰지 않는 표기: " + ", ".join(t.rejected)
            rows.append(f"| {_cell(t.term)} | {_cell(t.english)} | {meaning} | {links or '–'} |")
        return "\n".join([*rows, "", "</div>"])


def mark_first_uses(content, terms, pattern=None, page=None):
    """(content with each term's first use in prose wrapped in <abbr title>, the terms used); on the
    page that teaches a term (`page` is its src path), the <abbr> gets the id search results point at."""
    doc = tree.parse(content)
    used = mark_tree(doc, terms, pattern, page)
    return doc.html(), used


def mark_tree(doc, terms, pattern=None, page=None) -> list:
    """mark_first_uses on a parsed page (sitebuild.page.tree): marks it in place, returns the terms used."""
    pattern = pattern or term_pattern(terms)
    by_term = {t.term: t for t in terms}
    used = []
    for text in list(_prose(doc)):
        wraps = []
        # A term never runs across an entity (&amp;): match between them, as in the text the reader sees.
        bounds = [0, *(i for m in ENTITY.finditer(text.raw) for i in m.span()), len(text.raw)]
        for start, end in zip(bounds[::2], bounds[1::2]):
            for match in pattern.finditer(text.raw, start, end):
                term = by_term[" ".join(match.group().split())]
                if term.term in used:
                    continue  # a later use; a longer term's match still keeps a shorter one from matching inside it
                used.append(term.term)
                teaching = page is not None and term.page == page
                if term.hover or teaching:
                    wraps.append((match.start(), match.end(), term, teaching))
        if wraps:
            _wrap(text, wraps)
    return used


def _wrap(text, wraps):
    """Put each (start, end, term, teaching) of the text node in its <abbr> (or <span>, for an English term)."""
    raw, nodes, at = text.raw, [], 0
    for start, end, term, teaching in wraps:
        # An English term (NumPy, shape) is its own original: no hover text, only the id search points at.
        tag, attrs = ("abbr", {"title": term.english}) if term.hover else ("span", {})
        if teaching:
            attrs["id"] = term.anchor
        nodes += [tree.Text(raw[at:start]), tree.Element(tag, attrs, [tree.Text(raw[start:end])])]
        at = end
    text.replace(*nodes, tree.Text(raw[at:]))


def _cell(text):
    return text.replace("|", r"\|")


def _nav_order(page):
    """{src_uri: position} of the site's pages in nav order, walked through the previous/next links."""
    first = page
    while first.previous_page is not None:
        first = first.previous_page
    order, at = {}, first
    while at is not None:
        order[at.file.src_uri] = len(order)
        at = at.next_page
    return order
