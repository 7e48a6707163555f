"""What the search index reads of a notebook page: its cells as one flow of sections, no prompts, no step diff."""

import re

# "In [3]:" beside each code cell; the output prompts are empty.
PROMPT = re.compile(r'<div class="jp-(?:In|Out)putPrompt[^"]*">[^<]*</div>')
# The folded diff from the previous step repeats that step's code; the page's own code is indexed anyway.
DIFF = re.compile(r'<details class="sitebuild-diff">.*?</details>', re.DOTALL)
# Every cell sits in its own nest of <div>s. Material's indexer ends a heading's section where the
# element around the heading ends, so the prose and code after a cell's heading fell into the page's
# first entry. Without the <div>s a section runs to the next heading, as on a Markdown page.
DIV = re.compile(r"</?div\b[^>]*>")
# The template's comments before the first cell: the whitespace around them would open an empty first
# entry ahead of the page's title.
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def search_text(content: str) -> str:
    """The notebook page's HTML as the search index should read it (the page itself stays as it is)."""
    content = DIFF.sub("", PROMPT.sub("", COMMENT.sub("", content)))
    return DIV.sub("", content).strip()
