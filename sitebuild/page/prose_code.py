"""Wraps the code blocks of notebook prose in <code>, so that Material treats them as its own code blocks."""

import re

# nbconvert renders a fenced block in a Markdown cell as <div class="highlight"><pre>…</pre>, with no
# <code>: Material then gives it no copy button and, when it scrolls sideways, no tabindex, so a
# keyboard cannot scroll it (axe: scrollable-region-focusable). Cell code and diffs already have one.
PROSE_CODE = re.compile(r'(<div class="highlight"><pre>)(?!<code>)(.*?)(</pre>)', re.DOTALL)


def wrap_prose_code(content):
    """The content with each bare prose code block's text inside <code>."""
    return PROSE_CODE.sub(r"\1<code>\2</code>\3", content)
