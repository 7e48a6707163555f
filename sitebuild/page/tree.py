"""Parses HTML into a tree of elements and text that writes back the text it was parsed from."""

import html
from html.parser import HTMLParser

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose text is code or shows as written: no math is marked and no whitespace squeezed inside them
# (<code> keeps its line breaks under Material's `white-space: pre-wrap`).
VERBATIM_TAGS = {"pre", "code", "style", "script", "textarea"}


class Node:
    __slots__ = ("parent",)

    def ancestors(self):
        """The elements around this node, nearest first (the root last)."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def replace(self, *nodes):
        """Put `nodes` where this node stands (empty text left out)."""
        nodes = [n for n in nodes if not (type(n) is Text and not n.raw)]
        siblings = self.parent.children
        at = siblings.index(self)
        for node in nodes:
            node.parent = self.parent
        siblings[at:at + 1] = nodes


class Text(Node):
    """A run of text as written in the HTML (entities not decoded)."""

    __slots__ = ("raw",)

    def __init__(self, raw, parent=None):
        self.raw, self.parent = raw, parent

    def text(self) -> str:
        return html.unescape(self.raw)


class Markup(Text):
    """A comment, a declaration, or an end tag that closes nothing: kept as written, not text."""

    __slots__ = ()

    def text(self) -> str:
        return ""


class Element(Node):
    """An element: its tag, attributes and children. `start` and `end` hold its tags as written;
    `set` makes `start` None, and the start tag is then written anew from `attrs`."""

    __slots__ = ("tag", "attrs", "children", "start", "end", "closed")

    def __init__(self, tag, attrs=(), children=(), start=None, end=None, parent=None, closed=False):
        self.tag, self.attrs, self.start, self.parent = tag, dict(attrs), start, parent  # attrs keep their order
        self.closed = closed  # written <tag/>
        self.end = end if end is not None else ("" if tag is None or tag in VOID_TAGS else f"</{tag}>")
        self.children = []
        self.append(*children)

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    def set(self, name, value):
        """Set an attribute (None: remove it); the start tag is then written anew."""
        if value is None:
            self.attrs.pop(name, None)
        else:
            self.attrs[name] = value
        self.start = None

    @property
    def classes(self) -> list:
        return (self.get("class") or "").split()

    def append(self, *nodes):
        for node in nodes:
            node.parent = self
            self.children.append(node)

    def unwrap(self):
        """Put the element's children where it stands."""
        self.replace(*self.children)

    def wrap_inside(self, tag):
        """Move the element's children into a new <tag> inside it."""
        inner = Element(tag)
        inner.append(*self.children)
        self.children = []
        self.append(inner)

    def text(self) -> str:
        """The text inside, entities decoded."""
        return "".join(n.text() for n in self.children)

    def elements(self) -> list:
        """Every element inside, in document order (a list: the tree may change while it is gone through)."""
        found = []
        _gather(self, Element, found)
        return found

    def texts(self) -> list:
        """Every text node inside, in document order (a list, as for elements)."""
        found = []
        _gather(self, Text, found)
        return found

    def html(self, view=None) -> str:
        """The element as HTML. `view(node)` may say LEAVE_OUT (the node and all inside it) or UNWRAP
        (only its tags) for a node; the tree itself stays as it is."""
        out = []
        _write(self, out, view or _whole)
        return "".join(out)


def start_tag(tag, attrs, closed=False) -> str:
    parts = [tag, *(name if value is None else f'{name}="{html.escape(value)}"' for name, value in attrs.items())]
    return "<" + " ".join(parts) + ("/>" if closed else ">")


def _gather(element, kind, found):
    for node in element.children:
        if type(node) is kind:
            found.append(node)
        if type(node) is Element:
            _gather(node, kind, found)


LEAVE_OUT, UNWRAP = "leave out", "unwrap"


def _whole(node):
    return None


def _write(node, out, view):
    seen = view(node)
    if seen == LEAVE_OUT:
        return
    if isinstance(node, Text):
        out.append(node.raw)
        return
    tags = node.tag is not None and seen != UNWRAP
    if tags:
        out.append(node.start if node.start is not None else start_tag(node.tag, node.attrs, node.closed))
    for child in node.children:
        _write(child, out, view)
    if tags and node.end:
        out.append(node.end)


def parse(content: str) -> Element:
    """The document as a tree under a root element (tag None), which `html()` writes back byte for byte
    as nbconvert, Pygments and Markdown write HTML: end tags in lowercase, entities with their semicolon.
    An end tag closes the nearest open element of its name; one that closes none stays as it is."""
    builder = _Builder()
    builder.feed(content)
    builder.close()
    return builder.root


def adjoin(nodes):
    """`nodes` with neighbouring text nodes joined into one."""
    out = []
    for node in nodes:
        if type(node) is Text and out and type(out[-1]) is Text:
            out[-1] = Text(out[-1].raw + node.raw, out[-1].parent)
        else:
            out.append(node)
    return out


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.root = Element(None)
        self.open = [self.root]

    def _text(self, raw):
        children = self.open[-1].children
        if children and type(children[-1]) is Text:
            children[-1].raw += raw
        else:
            self.open[-1].append(Text(raw))

    def handle_starttag(self, tag, attrs):
        # No end tag until it is seen: an element left open has none.
        element = Element(tag, attrs, start=self.get_starttag_text(), end="")
        self.open[-1].append(element)
        if tag not in VOID_TAGS:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].append(Element(tag, attrs, start=self.get_starttag_text(), end="", closed=True))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, 0, -1):
            if self.open[i].tag == tag:
                self.open[i].end = f"</{tag}>"
                del self.open[i:]
                return
        self.open[-1].append(Markup(f"</{tag}>"))

    def handle_data(self, data):
        self._text(data)

    def handle_entityref(self, name):
        self._text(f"&{name};")

    def handle_charref(self, name):
        self._text(f"&#{name};")

    def handle_comment(self, data):
        self.open[-1].append(Markup(f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.open[-1].append(Markup(f"<!{decl}>"))

    def handle_pi(self, data):
        self.open[-1].append(Markup(f"<?{data}>"))

    def unknown_decl(self, data):
        self.open[-1].append(Markup(f"<![{data}]>"))
