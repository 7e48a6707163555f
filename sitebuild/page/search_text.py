"""What the search index reads of a notebook page: its cells as one flow of sections, no prompts, no step diff."""

from .tree import LEAVE_OUT, UNWRAP, Element, Markup


def search_text(doc) -> str:
    """The notebook page (parsed, as the HTML pass leaves it) as the search index should read it."""
    return doc.html(_indexed).strip()


def _indexed(node):
    if isinstance(node, Markup) and node.raw.startswith("<!--"):
        # The template's comments before the first cell: the whitespace around them would open an empty
        # first entry ahead of the page's title.
        return LEAVE_OUT
    if not isinstance(node, Element):
        return None
    if node.tag == "details" and "sitebuild-diff" in node.classes:
        return LEAVE_OUT  # the folded diff repeats the previous step's code; the page's own code is indexed anyway
    if node.tag == "div" and any(c in ("jp-InputPrompt", "jp-OutputPrompt") for c in node.classes):
        return LEAVE_OUT  # "In [3]:" beside each code cell; the output prompts are empty
    if node.tag == "span" and _in_pre(node):
        # Pygments' colours: most of a page's tags. Material's indexer keeps only the text inside a <pre>,
        # whitespace as it is, so without them it reads the same words and parses half as many tags.
        return UNWRAP
    if node.tag == "div":
        # Every cell sits in its own nest of <div>s. Material's indexer ends a heading's section where the
        # element around the heading ends, so the prose and code after a cell's heading fell into the page's
        # first entry. Without the <div>s a section runs to the next heading, as on a Markdown page.
        return UNWRAP
    return None


def _in_pre(node) -> bool:
    while node is not None:
        if node.tag == "pre":
            return True
        node = node.parent
    return False
