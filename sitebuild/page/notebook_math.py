"""Marks $…$ and $$…$$ math in notebook prose the way pymdownx.arithmatex marks it on Markdown pages."""

import re

from .tree import VERBATIM_TAGS, Element, Text

DISPLAY_PARAGRAPH = re.compile(r"\s*\$\$(.+?)\$\$\s*", re.DOTALL)  # a paragraph that is one formula
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
# Inline: no space just inside the dollars, no digit right after the closing one ("$5" is money).
INLINE = re.compile(r"(?<![\\$])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?!\d)")


def mark_math(doc):
    """Wrap the prose's math in arithmatex markup (\\(…\\), \\[…\\]) so MathJax typesets it."""
    for text in doc.texts():
        if _verbatim(text):
            continue
        paragraph = text.parent
        whole = DISPLAY_PARAGRAPH.fullmatch(text.raw)
        if whole and paragraph.tag == "p" and paragraph.start == "<p>" and paragraph.children == [text]:
            paragraph.replace(_formula("div", f"\\[{whole.group(1)}\\]"))
            continue
        nodes = []
        for i, part in enumerate(DISPLAY.split(text.raw)):
            if i % 2:
                nodes.append(_formula("span", f"\\[{part}\\]"))
            else:
                nodes += _inline(part)
        if len(nodes) > 1:
            text.replace(*nodes)


def _inline(raw):
    nodes, at = [], 0
    for match in INLINE.finditer(raw):
        nodes += [Text(raw[at:match.start()]), _formula("span", f"\\({match.group(1)}\\)")]
        at = match.end()
    return [*nodes, Text(raw[at:])]


def _formula(tag, tex):
    return Element(tag, {"class": "arithmatex"}, [Text(tex)])


def _verbatim(node):
    return any(element.tag in VERBATIM_TAGS for element in node.ancestors())
