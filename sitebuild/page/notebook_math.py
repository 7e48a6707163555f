"""Marks $…$ and $$…$$ math in notebook prose the way pymdownx.arithmatex marks it on Markdown pages."""

import re

# Parts of the page where a dollar sign is not math: code, outputs, styles, scripts, copy buffers.
VERBATIM = re.compile(
    r'(<(pre|code|style|script|textarea)\b.*?</\2>|<div class="clipboard-copy-txt".*?</div>)',
    re.DOTALL,
)
DISPLAY_PARAGRAPH = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>", re.DOTALL)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
# Inline: no space just inside the dollars, no digit right after the closing one ("$5" is money).
INLINE = re.compile(r"(?<![\\$])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?!\d)")


def mark_math(content):
    """Wrap notebook math in arithmatex markup (\\(…\\), \\[…\\]) so MathJax typesets it."""
    parts = VERBATIM.split(content)
    # split() with two groups yields [text, whole, tag, text, whole, tag, ...]
    out = []
    for i in range(0, len(parts), 3):
        out.append(_mark(parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def _mark(text):
    text = DISPLAY_PARAGRAPH.sub(lambda m: f'<div class="arithmatex">\\[{m.group(1)}\\]</div>', text)
    text = DISPLAY.sub(lambda m: f'<span class="arithmatex">\\[{m.group(1)}\\]</span>', text)
    return INLINE.sub(lambda m: f'<span class="arithmatex">\\({m.group(1)}\\)</span>', text)
