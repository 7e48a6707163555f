"""Slims notebook pages: CSS to one cached stylesheet, plots to image files, no markup that draws nothing."""

import hashlib
import re

from .tree import VERBATIM_TAGS, Element, Markup, Text, adjoin

# The scripts its template puts into every page: the copy widget's library and listener, a MathJax 2
# loader with an empty src and its configuration (this site serves MathJax 3 itself), and a Mermaid
# loader (no example draws Mermaid diagrams).
TEMPLATE_SCRIPTS = re.compile(
    r"\s*(?:\(function \(global, factory\)|document\.addEventListener\('clipboard-copy'"
    r"|document\.addEventListener\(\"DOMContentLoaded\", async \(\) => \{\s*const diagrams|init_mathjax = )"
)
# mkdocs-jupyter's own copy widget (an inline SVG per code cell), replaced by Material's copy button,
# which appears on every `pre > code`, and the hidden plain-text copy of each cell.
COPY_WIDGETS = {"zeroclipboard-container", "clipboard-copy-txt"}
PNG = "data:image/png;base64,"
LINE_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")  # ASCII whitespace only: a no-break space shows
SPAN_CLASS = re.compile(r"[\w-]+")
# Labels that no style or script reads: mime types (the notebook CSS styles only stderr's), and the
# editor type of each code cell.
UNREAD_ATTRIBUTES = {("data-mime-type", "text/markdown"), ("data-mime-type", "text/plain"), ("data-type", "inline")}

# Classes mkdocs-jupyter writes that no stylesheet or script of the site reads (tests/test_page_weight.py
# checks that they stay unread): 2.4 KB of the longest page.
UNREAD_CLASSES = ("jp-Notebook-cell", "jp-RenderedMarkdown", "jp-InputArea-prompt", "jp-Editor", "hl-python")

# Pygments token classes whose <span>s go from code cells, their text staying. Names are drawn in the
# code's own color anyway and whitespace shows no glyph; punctuation loses JupyterLab's blue and takes
# the code's color, the one visible change, which kept the longest step's page under its old 120 KB (raw) budget
# (its <span>s are a tenth of that page). Plain code text against a cell's background measured 9.0:1
# (light) and 7.3:1 (dark) contrast in Chromium.
PLAIN_IN_CELLS = ("n", "w", "p")
PLAIN_EVERYWHERE = ("n", "w")  # in prose code blocks and diffs too: Material draws names in the code's color

STYLESHEET = "assets/stylesheets/notebook.css"


def take_styles(doc) -> list:
    """Take the <style> blocks out of the page; return the CSS they held (a block of Python list syntax,
    which mkdocs-jupyter's template prints by mistake and browsers ignore, is dropped)."""
    css = []
    for style in (e for e in doc.elements() if e.tag == "style"):
        block = "".join(n.raw for n in style.children).strip()
        if not block.startswith("["):
            css.append(block)
        style.replace()
    return css


def drop_template_widgets(doc):
    """Drop the notebook copy widgets, their hidden text and the template's scripts."""
    for element in doc.elements():
        if element.tag == "div" and len(element.attrs) <= 2 and set(element.classes) & COPY_WIDGETS:
            element.replace()
        elif element.tag == "script" and _template_script(element):
            element.replace()


def _template_script(script):
    code = "".join(n.raw for n in script.children)
    return bool(TEMPLATE_SCRIPTS.match(code)) or (script.attrs == {"src": ""} and not code.strip())


def use_material_code_blocks(doc):
    """Wrap cell code in <code> for Material's copy button; give cells ids that are valid selectors."""
    for element in doc.elements():
        if element.tag == "div" and len(element.attrs) == 1 and element.get("class", "").startswith("highlight-ipynb"):
            pre = element.children[0] if element.children else None
            if getattr(pre, "start", None) == "<pre>":
                element.set("class", element.get("class") + " highlight")
                pre.wrap_inside("code")
        # Material names the copy target after the nearest id; "cell-id=cell-3" would not be a valid selector.
        if (element.get("id") or "").startswith("cell-id="):
            element.set("id", element.get("id").removeprefix("cell-id="))


def take_images(doc, decode) -> dict:
    """Replace each inline PNG by a file name; return {file name: PNG bytes}."""
    images = {}
    for img in doc.elements():
        src = img.get("src") or ""
        if img.tag == "img" and src.startswith(PNG):
            data = decode(src[len(PNG):])
            name = f"figure-{hashlib.sha256(data).hexdigest()[:12]}.png"
            images[name] = data
            img.set("src", name)
    return images


def squeeze(element):
    """Collapse every run of whitespace that holds a line break to one line break, and drop comments,
    outside <pre>, <code>, <script>, <style> and <textarea> (the browser shows it the same)."""
    kept = [n for n in element.children if not (type(n) is Markup and n.raw.startswith("<!--"))]
    element.children = adjoin(kept)  # the text on both sides of a dropped comment is one run
    for node in element.children:
        if type(node) is Text:
            node.raw = LINE_BREAK.sub("\n", node.raw)
        elif type(node) is Element and node.tag not in VERBATIM_TAGS:
            squeeze(node)


def lighten_code(doc):
    """Code blocks without the <span>s of PLAIN_IN_CELLS (cells) and PLAIN_EVERYWHERE (every <pre>),
    and with neighbouring <span>s of one class joined (runs of diff lines, mostly)."""
    for pre in (e for e in doc.elements() if e.tag == "pre"):
        box = pre.parent
        cell = box.tag == "div" and (box.get("class") or "").startswith("highlight-ipynb") and box.children[0] is pre
        _unwrap(pre, PLAIN_IN_CELLS if cell else PLAIN_EVERYWHERE)
        _merge(pre)


def _unwrap(pre, classes):
    """Take the <span>s of `classes` that hold only text off their text; drop empty bare <span>s."""
    for span in pre.elements():
        if span.tag != "span" or not all(type(n) is Text for n in span.children):
            continue
        if len(span.attrs) == 1 and span.get("class") in classes:
            span.unwrap()
        elif span.start == "<span>" and not span.children:
            span.replace()
    for element in [pre, *pre.elements()]:
        element.children = adjoin(element.children)


def _joins(first, node):
    """Whether `node` can join `first`: <span>s of one class (and nothing else), `first` holding only text."""
    spans = [n for n in (first, node) if getattr(n, "tag", None) == "span" and list(n.attrs) == ["class"]]
    return (
        len(spans) == 2 and first.attrs == node.attrs and bool(SPAN_CLASS.fullmatch(first.attrs["class"]))
        and all(type(n) is Text for n in first.children)
    )


def _merge(pre):
    """Join neighbouring <span>s of one class, with the whitespace between them, into one <span>."""
    for element in [pre, *pre.elements()]:
        out = []
        for node in element.children:
            gap = out[-1] if out and type(out[-1]) is Text and not out[-1].raw.strip() else None
            first = (out[-2] if len(out) > 1 else None) if gap else (out[-1] if out else None)
            if _joins(first, node):
                if gap:
                    out.pop()
                first.append(*([gap] if gap else []), *node.children)
                first.children = adjoin(first.children)
            else:
                out.append(node)
        element.children = out


def drop_hidden(doc):
    """Drop the empty elements the notebook CSS hides (`display: none`): the cell collapsers, and the
    prompt column of prose cells (only code cells show theirs); drop the labels nothing reads."""
    for div in doc.elements():
        if div.tag == "div" and _empty(div) and len(div.attrs) == 1 and (
            div.get("class", "").startswith("jp-Collapser ")
            or (div.get("class") == "jp-InputPrompt jp-InputArea-prompt" and _before_prose(div))
        ):
            div.replace()
    for element in doc.elements():
        for name, value in list(element.attrs.items()):
            if (name, value) in UNREAD_ATTRIBUTES:
                element.set(name, None)


def _empty(element):
    return all(type(n) is Text and not n.raw.strip() for n in element.children)


def _before_prose(div):
    siblings = div.parent.children
    after = [n for n in siblings[siblings.index(div) + 1:] if not (type(n) is Text and not n.raw.strip())]
    return bool(after) and (getattr(after[0], "start", None) or "").startswith(
        '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown'
    )


def drop_unread(doc):
    """Take UNREAD_CLASSES off the <div>s."""
    for div in doc.elements():
        if div.tag == "div" and next(iter(div.attrs), None) == "class" and set(div.classes) & set(UNREAD_CLASSES):
            div.set("class", " ".join(c for c in div.classes if c not in UNREAD_CLASSES))


# A run of diff lines is now one <span>; each line keeps its own rounded background, as before.
MERGED_LINES_CSS = ".highlight .gd,.highlight .gi{-webkit-box-decoration-break:clone;box-decoration-break:clone}"
