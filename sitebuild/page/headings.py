"""Gives notebook headings the ids and permalinks Markdown pages get, and rebuilds the page's TOC from them."""

import html
import re

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.structure.toc import get_toc

# nbconvert writes headings as <hN id="...">text<a class="anchor-link" href="#...">¶</a></hN>.
HEADING = re.compile(
    r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">(.*?)</a></h\1>', re.DOTALL
)
TAG = re.compile(r"<[^>]+>")


def fix_headings(content, slugify=default_slugify, separator="-", toc_depth=6, permalink_title="Permanent link"):
    """Return the content with unique, non-empty heading ids and the matching TableOfContents."""
    used = set()
    flat = []

    def replace(match):
        level, inner, mark = int(match.group(1)), match.group(2), match.group(3)
        text = html.unescape(TAG.sub("", inner)).strip()
        anchor = _unique(slugify(text, separator) or "section", used)
        if level <= toc_depth:
            flat.append({"level": level, "id": anchor, "name": html.escape(text), "children": []})
        return (
            f'<h{level} id="{anchor}">{inner}'
            f'<a class="headerlink" href="#{anchor}" title="{html.escape(permalink_title)}">{mark}</a></h{level}>'
        )

    content = HEADING.sub(replace, content)
    return content, get_toc(_nest(flat))


def _unique(anchor, used):
    candidate, n = anchor, 0
    while candidate in used:
        n += 1
        candidate = f"{anchor}_{n}"
    used.add(candidate)
    return candidate


def _nest(flat):
    """Turn a flat list of heading tokens into the nested form MkDocs' get_toc expects."""
    root = {"level": 0, "children": []}
    stack = [root]
    for token in flat:
        while stack[-1]["level"] >= token["level"]:
            stack.pop()
        stack[-1]["children"].append(token)
        stack.append(token)
    return root["children"]
