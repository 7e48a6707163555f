"""Wraps the code blocks of notebook prose in <code>, so that Material treats them as its own code blocks."""

# nbconvert renders a fenced block in a Markdown cell as <div class="highlight"><pre>…</pre>, with no
# <code>: Material then gives it no copy button and, when it scrolls sideways, no tabindex, so a
# keyboard cannot scroll it (axe: scrollable-region-focusable). Cell code and diffs already have one.


def wrap_prose_code(doc):
    """Put each bare prose code block's text inside <code>."""
    for div in doc.elements():
        if div.tag == "div" and div.start == '<div class="highlight">':
            pre = div.children[0] if div.children else None
            if getattr(pre, "start", None) == "<pre>" and not _starts_with_code(pre):
                pre.wrap_inside("code")


def _starts_with_code(pre):
    return bool(pre.children) and getattr(pre.children[0], "tag", None) == "code"
