"""Gives notebook headings the ids and permalinks Markdown pages get, and rebuilds the page's TOC from them."""

import html

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.structure.toc import get_toc

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def fix_headings(doc, slugify=default_slugify, separator="-", toc_depth=6, permalink_title="Permanent link"):
    """Give nbconvert's headings (<hN id="…">text<a class="anchor-link" href="#…">¶</a></hN>) unique,
    non-empty ids and Material's permalinks; return the TOC's entries, flat ({level, id, name}: see `toc`)."""
    used = set()
    flat = []
    for heading in doc.elements():
        link = heading.children[-1] if heading.tag in HEADINGS and heading.children else None
        if link is None or list(heading.attrs) != ["id"] or getattr(link, "tag", None) != "a":
            continue
        if list(link.attrs) != ["class", "href"] or link.get("class") != "anchor-link":
            continue
        level = HEADINGS[heading.tag]
        text = "".join(n.text() for n in heading.children[:-1]).strip()
        anchor = _unique(slugify(text, separator) or "section", used)
        if level <= toc_depth:
            flat.append({"level": level, "id": anchor, "name": html.escape(text)})
        heading.set("id", anchor)
        link.set("class", "headerlink")
        link.set("href", f"#{anchor}")
        link.set("title", permalink_title)
    return flat


def toc(flat):
    """The page's TableOfContents from the flat entries fix_headings returns."""
    return get_toc(_nest([{**entry, "children": []} for entry in flat]))


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
