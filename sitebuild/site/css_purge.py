"""Trims a stylesheet to the rules whose selectors can match the classes the pages use (sitebuild/page/page_html.py
gathers them), less the rules for text selection."""

import re

import tinycss2

CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
STRING = re.compile(r"\"[^\"]*\"|'[^']*'")  # [href$=".py"] names no class
# Functional pseudo-classes (:not(.x), :is(.a, .b), :has(...)): what is inside them need not be on the
# page for the selector to match, so their classes are not required.
PSEUDO_ARGUMENTS = re.compile(r":[\w-]+\([^()]*\)")
VAR = re.compile(r"var\(\s*(--[\w-]+)")
# Classes that scripts add in the browser, so no built page shows them: MathJax's output, Material's.
ADDED_BY_SCRIPTS = ("MathJax", "mjx-", "md-")
# Pseudo-elements whose rules go too. JupyterLab colors selected text inside a notebook with
# `.jupyter-wrapper ::selection`; with that rule Chromium resolves a second style for every element in
# the notebook each time it recalculates the page's style, and Material's script does that over the
# whole page five times as it starts. On the longest step that rule was 5.5 of 18.6 ms per
# recalculation (scripts/style_recalc.py). Readers get the browser's selection color, as on the
# Markdown pages.
DROPPED_PSEUDO_ELEMENTS = ("::selection", "::-moz-selection")
UNTRIMMED = "notebook-untrimmed.css"  # its name in the example cache folder
PARSE = {"skip_comments": True, "skip_whitespace": True}


def purge(css: str, used: set) -> str:
    """`css` without the selectors that need a class absent from `used` or style a dropped
    pseudo-element, without the rules (and @media/@supports blocks) left with none, and without
    custom properties that nothing reads; other at-rules (@font-face, @keyframes, …) are kept as they are."""
    tree = list(_matching(tinycss2.parse_stylesheet(css, **PARSE), used))
    declarations = list(_declarations(tree))
    read = {name for d in declarations if not d.name.startswith("--") for name in VAR.findall(_value(d))}
    while True:  # a variable may be read only by other variables
        more = {name for d in declarations if d.name in read for name in VAR.findall(_value(d))} - read
        if not more:
            break
        read |= more
    return "\n".join(_serialize(tree, read))


def _matching(rules, used):
    """The rules as a tree of ("rule", selectors, declarations), ("block", at-rule head, children) and
    ("raw", text), keeping only selectors that can match."""
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _selectors(rule.prelude) if _can_match(s, used)]
            if selectors:
                declarations = [d for d in tinycss2.parse_declaration_list(rule.content, **PARSE) if d.type == "declaration"]
                yield ("rule", ",".join(selectors), declarations)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            children = list(_matching(tinycss2.parse_rule_list(rule.content, **PARSE), used))
            if children:
                yield ("block", "@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip(), children)
        elif rule.type == "at-rule":
            yield ("raw", rule.serialize(), None)


def _declarations(tree):
    for kind, _, body in tree:
        if kind == "rule":
            yield from body
        elif kind == "block":
            yield from _declarations(body)


def _value(declaration):
    return tinycss2.serialize(declaration.value)


def _serialize(tree, read):
    for kind, head, body in tree:
        if kind == "raw":
            yield head
        elif kind == "block":
            inner = list(_serialize(body, read))
            if inner:
                yield head + "{" + "\n".join(inner) + "}"
        else:
            kept = [
                f"{d.name}:{_value(d).strip()}{' !important' if d.important else ''}"
                for d in body
                if not d.name.startswith("--") or d.name in read
            ]
            if kept:
                yield head + "{" + ";".join(kept) + "}"


def _selectors(prelude):
    """The comma-separated selectors of a rule's prelude, as text (commas inside parentheses stay)."""
    parts, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return [text for text in (tinycss2.serialize(part).strip() for part in parts) if text]


def _can_match(selector: str, used: set) -> bool:
    if selector.endswith(DROPPED_PSEUDO_ELEMENTS):
        return False
    required = CLASS.findall(PSEUDO_ARGUMENTS.sub("", STRING.sub("", selector)))
    return all(name in used or name.startswith(ADDED_BY_SCRIPTS) for name in required)
